"""PB-S5: predictions never change what runs."""
from tests.helpers.infra import requires_infra


@requires_infra("PostgreSQL")
def test_prediction_does_not_change_the_plan(db, planner):
    before = planner.plan("job-1")
    db.predict("job-1", outcome="fail")
    assert planner.plan("job-1") == before
