"""PB-S3: feedback is recorded, never applied (partial: the review queue is missing)."""
from tests.helpers.infra import requires_infra


@requires_infra("PostgreSQL")
def test_feedback_is_recorded(db):
    db.record_feedback("retry storm")
    assert db.count("pb_s3.pattern_feedback") == 1


@requires_infra("PostgreSQL")
def test_feedback_waits_for_review(db):
    db.record_feedback("retry storm")
    assert db.count("pb_s3.feedback_review") == 1
