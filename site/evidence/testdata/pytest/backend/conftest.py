import os

import pytest


@pytest.fixture
def db():
    return object()


@pytest.fixture
def vault():
    if not os.environ.get("VAULT_ADDR"):
        pytest.skip("Vault is not wired locally")
    return object()


@pytest.fixture
def vault_client(vault):
    return vault


@pytest.fixture(name="billing")
def _billing_fixture(db):
    return db
