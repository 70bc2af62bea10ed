import pytest

from tests.helpers.infra import requires_infra


@requires_infra("PostgreSQL")
def test_two_exists(db):
    pass


@requires_infra("PostgreSQL")
@pytest.mark.skip(reason="flaky")
def test_two_note(db):
    pass


@requires_infra("Vault")
def test_two_secret(db):
    pass
