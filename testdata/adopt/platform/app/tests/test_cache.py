import pytest

redis = pytest.importorskip("redis")


@pytest.mark.parametrize("ttl", [1, 60])
def test_key_expires(ttl):
    pass


@pytest.mark.parametrize("prefix", ["session:", "rate:"])
def test_prefix_has_policy(prefix):
    pass
