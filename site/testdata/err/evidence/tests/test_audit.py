import pytest

from tests.helpers.infra import requires_infra


@requires_infra("PostgreSQL")
def test_insert_is_allowed(db):
    pass


@requires_infra("PostgreSQL")
@pytest.mark.skip(reason="flaky")
def test_update_is_rejected(db):
    pass


@requires_infra("Vault")
def test_secrets_are_encrypted(db):
    pass


@requires_infra("PostgreSQL")
def test_delete_is_rejected(db):
    pass
