def test_internal_name_resolves():
    pass
