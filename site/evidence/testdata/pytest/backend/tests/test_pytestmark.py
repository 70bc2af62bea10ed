import pytest

pytestmark = [
    pytest.mark.usefixtures("vault"),
]


def test_first():
    pass


def test_second():
    pass
