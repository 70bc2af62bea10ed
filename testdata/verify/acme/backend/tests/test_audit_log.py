import pytest

from tests.helpers.infra import requires_infra


@requires_infra("PostgreSQL")
def test_insert_is_allowed(db):
    db.execute("INSERT INTO audit.event_log (tenant_id, action) VALUES ('t1', 'login')")


@requires_infra("PostgreSQL")
def test_update_is_rejected(db):
    with pytest.raises(Exception):
        db.execute("UPDATE audit.event_log SET action = 'x'")


@requires_infra("PostgreSQL")
def test_delete_is_rejected(db):
    with pytest.raises(Exception):
        db.execute("DELETE FROM audit.event_log")
