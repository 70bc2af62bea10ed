# A module-level skip reaches every test of the file: R4-skip-state-c
# reports it once, where it is written, naming the tests.
import pytest

from tests.helpers.infra import requires_infra

pytestmark = pytest.mark.skip(reason="database not wired in CI yet")


@requires_infra("PostgreSQL")
def test_rows_are_kept(db):
    pass


@requires_infra("PostgreSQL")
def test_rows_are_ordered(db):
    pass


@requires_infra("PostgreSQL")
def test_rows_are_unique(db):
    pass
