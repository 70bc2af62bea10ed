def test_h():
    pass
