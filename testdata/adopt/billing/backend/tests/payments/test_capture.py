import pytest

from app.infra import requires_infra


@requires_infra("PostgreSQL")
@pytest.mark.parametrize("amount", [100, 250, 999])
def test_capture_writes_ledger_row(db, amount):
    pass


@requires_infra("Stripe")
def test_capture_calls_stripe(db, stripe_sandbox):
    pass


@requires_infra("Stripe")
def test_refund_calls_stripe(stripe_sandbox):
    pass
