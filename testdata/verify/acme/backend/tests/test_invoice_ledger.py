from tests.helpers.infra import requires_infra


@requires_infra("PostgreSQL")
def test_ledger_is_append_only(db):
    db.execute('SELECT 1 FROM billing."InvoiceLedger"')
