"""LG-2: a batch closes once."""
import os

import pytest


class Batch:
    def __init__(self):
        self.closed = False

    def close(self):
        # LEDGER_BREAK=1 forgets the check: junit/pytest-broken.xml records the failure.
        if self.closed and os.environ.get("LEDGER_BREAK") != "1":
            raise ValueError("batch already closed")
        self.closed = True


def test_batch_closes_once():
    b = Batch()
    b.close()
    with pytest.raises(ValueError):
        b.close()


@pytest.mark.writes
def test_batch_reopen_refused():
    b = Batch()
    b.close()
    assert b.closed
