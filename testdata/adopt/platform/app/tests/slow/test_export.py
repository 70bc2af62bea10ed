def test_export_finishes():
    pass
