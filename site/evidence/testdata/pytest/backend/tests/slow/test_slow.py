def test_slow_one():
    pass


def test_slow_two(db):
    pass
