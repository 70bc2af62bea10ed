import pytest


@pytest.fixture
def local_skip():
    pytest.skip("local fixture skips")


def test_uses_db(db):
    pass


def test_uses_vault(db, vault):
    pass


def test_uses_vault_client(vault_client):
    pass


def test_uses_local(local_skip):
    pass


def test_uses_renamed(billing):
    pass


@pytest.mark.usefixtures("vault")
class TestMarked:
    def test_in_marked_class(self):
        pass


def test_direct_skip_wins(vault):
    pytest.skip("own skip first")
