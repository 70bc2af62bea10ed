from tests.helpers.infra import requires_infra


@requires_infra("PostgreSQL")
def test_events_are_appended(db):
    assert db.count("audit.event_log") == 0


@requires_infra("Redis")
def test_events_are_ordered(db):
    assert True
