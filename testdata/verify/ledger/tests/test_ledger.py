"""LG-1: ledger entries keep exact amounts."""
import os
from decimal import Decimal, ROUND_HALF_EVEN

import pytest


def post(amount):
    """What the service stores for an amount: two decimals, banker's rounding."""
    return Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)


@pytest.mark.parametrize("raw,stored", [("1.005", "1.00"), ("1.015", "1.02"), ("-2.5", "-2.50")])
def test_amount_is_exact(raw, stored):
    assert post(raw) == Decimal(stored)


def test_entries_balance():
    # LEDGER_BREAK=1 posts a mistyped reversal: junit/pytest-broken.xml records the failure.
    reversal = "-10.01" if os.environ.get("LEDGER_BREAK") == "1" else "-10.10"
    assert post("10.10") + post(reversal) == 0


def test_amount_never_float():
    assert isinstance(post("0.10"), Decimal)
