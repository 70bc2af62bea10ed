import os

import pytest


@pytest.fixture(autouse=True)
def only_when_slow():
    if not os.environ.get("RUN_SLOW"):
        pytest.skip("slow tests are opt-in")
