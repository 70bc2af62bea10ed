import pytest

CASES = [1, 2]


@pytest.mark.parametrize("n", [1, 2, 3])
def test_three_cases(n):
    pass


@pytest.mark.parametrize("a,b", [(1, "x,y"), (2, "z")])
@pytest.mark.parametrize("c", (True, False))
def test_stacked(a, b, c):
    pass


@pytest.mark.parametrize("n", CASES)
def test_not_a_literal(n):
    pass


@pytest.mark.parametrize("k", ["a", "b"])
class TestParamClass:
    @pytest.mark.parametrize(
        "m",
        [
            1,
            2,
            3,
        ],
    )
    def test_in_class(self, k, m):
        pass


def test_plain():
    pass
