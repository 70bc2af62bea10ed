from tests.helpers.infra import requires_infra


@requires_infra("PostgreSQL")
def test_expiry_after_start(db):
    db.execute("SELECT 1 FROM sessions.session WHERE expires_at > started_at")


@requires_infra("PostgreSQL")
def test_expired_sessions_are_found(db):
    db.execute("SELECT id FROM sessions.session WHERE expires_at < now()")
