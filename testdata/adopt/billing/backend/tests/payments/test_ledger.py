from app.infra import requires_infra


@requires_infra("PostgreSQL")
def test_ledger_is_append_only(db):
    pass


@requires_infra("Kafka")
def test_ledger_events_are_published(db):
    pass
