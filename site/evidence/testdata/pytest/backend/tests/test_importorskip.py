import pytest

redis = pytest.importorskip("redis")


def test_ping():
    pass


def test_set():
    pass
