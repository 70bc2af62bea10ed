"""PB-S1: retry state is append-only."""
import pytest

from tests.helpers.infra import requires_infra


@requires_infra("PostgreSQL")
def test_retry_is_a_new_row(db):
    first = db.insert_run(attempt=1)
    retry = db.retry(first)
    assert retry.id != first.id and retry.retry_of == first.id


@requires_infra("PostgreSQL")
def test_finished_run_cannot_be_updated(db):
    run = db.finish(db.insert_run(attempt=1), outcome="failed")
    with pytest.raises(Exception):
        db.execute("UPDATE pb_s1.retry_state SET outcome = 'ok' WHERE id = %s", run.id)


@requires_infra("PostgreSQL")
def test_running_run_can_be_finished(db):
    run = db.insert_run(attempt=1)
    assert db.finish(run, outcome="ok").finished_at is not None


@requires_infra("PostgreSQL")
def test_attempts_are_numbered_from_one(db):
    with pytest.raises(Exception):
        db.insert_run(attempt=0)
