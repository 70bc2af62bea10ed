import os

import pytest

pytestmark = pytest.mark.skipif(not os.environ.get("ENVOY_URL"), reason="no envoy")


def test_route_is_served():
    pass


def test_unknown_host_is_rejected():
    pass


def test_route_table_matches_config():
    pass
