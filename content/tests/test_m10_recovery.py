"""M10: failed work lands in the dead-letter queue and is recovered exactly once."""
import pytest

from tests.helpers.infra import requires_infra


@requires_infra("M10 Recovery")
def test_failed_work_lands_in_dead_letters(db, worker):
    worker.fail("job-1")
    assert db.count("m10_dlq.dead_letters") == 1


@requires_infra("M10 Recovery")
def test_dead_letter_needs_a_positive_attempt_count(db):
    with pytest.raises(Exception):
        db.execute("INSERT INTO m10_dlq.dead_letters (payload, attempts) VALUES ('{}', 0)")


@requires_infra("M10 Recovery")
def test_suggestion_has_a_confidence(db):
    assert db.column_exists("m10_recovery.suggestions", "confidence")


@requires_infra("M10 Recovery")
def test_suggestion_is_claimed_once(db):
    db.suggest("retry")
    first = db.scalar("SELECT m10_recovery.claim_suggestion('w1')")
    second = db.scalar("SELECT m10_recovery.claim_suggestion('w2')")
    assert first is not None and second is None


@requires_infra("PostgreSQL")
@requires_infra("Redis")
def test_recovery_worker_drains_the_queue(db, cache, worker):
    worker.fail("job-1")
    worker.recover()
    assert db.count("m10_dlq.dead_letters") == 0
