import os

import pytest


@pytest.fixture
def db():
    return object()


@pytest.fixture
def stripe_sandbox():
    # The sandbox key lives in CI only: every test that uses this fixture
    # skips on a laptop, and in CI when the secret is missing.
    if not os.environ.get("STRIPE_SANDBOX_KEY"):
        pytest.skip("no Stripe sandbox key")
    return object()
