"""PB-S2: orphaned runs are recovered."""
import pytest

from tests.helpers.infra import requires_infra


@requires_infra("PostgreSQL")
def test_dead_worker_orphans_its_runs(db, worker):
    worker.kill()
    assert db.fetch("SELECT state FROM pb_s2.orphaned_runs") == [("orphaned",)]


@requires_infra("PostgreSQL")
def test_recoverable_view_lists_orphaned_runs_only(db):
    db.orphan(state="recovered")
    assert db.fetch("SELECT * FROM pb_s2.recoverable_runs") == []


@requires_infra("PostgreSQL")
def test_unknown_state_is_rejected(db):
    with pytest.raises(Exception):
        db.orphan(state="lost")
