import os

import pytest


@pytest.fixture(autouse=True)
def slow_only():
    if not os.environ.get("RUN_SLOW"):
        pytest.skip("slow tests are opt-in")
