"""Tests marked `writes` do not run against a read-only replica (LEDGER_REPLICA=1)."""
import os

import pytest


def pytest_configure(config):
    config.addinivalue_line("markers", "writes: the test writes to the database")


def pytest_collection_modifyitems(config, items):
    if os.environ.get("LEDGER_REPLICA") != "1":
        return
    read_only = pytest.mark.skip(reason="the replica is read-only")
    for item in items:
        if "writes" in item.keywords:
            item.add_marker(read_only)
