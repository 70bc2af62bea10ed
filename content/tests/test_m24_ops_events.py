"""M24: the ops console's event stream (partial: the last-day view is missing)."""
from tests.helpers.infra import requires_infra


@requires_infra("PostgreSQL")
def test_events_are_appended(db):
    db.emit("deploy")
    assert db.count("m24_ops.ops_events") == 1


@requires_infra("PostgreSQL")
def test_last_day_view_hides_old_events(db):
    db.emit("deploy", days_ago=2)
    assert db.fetch("SELECT * FROM m24_ops.ops_events_last_day") == []
