import pytest


@pytest.fixture
def vault():
    return "a local vault that never skips"


def test_local_vault(vault):
    pass
