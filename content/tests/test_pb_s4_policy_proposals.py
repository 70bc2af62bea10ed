"""PB-S4: policy changes are proposals (unfulfilled: the tests skip until the schema exists)."""
from tests.helpers.infra import requires_infra


@requires_infra("PostgreSQL")
def test_proposal_is_stored_with_evidence(db):
    db.propose_policy("max_retries", 5, evidence="retry storm")
    assert db.count("pb_s4.policy_proposals") == 1


@requires_infra("PostgreSQL")
def test_proposal_is_not_enacted_without_approval(db):
    db.propose_policy("max_retries", 5, evidence="retry storm")
    assert db.policy("max_retries") == 3
