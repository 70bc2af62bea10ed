import sys

import pytest

if sys.platform == "win32":
    pytest.skip("POSIX only", allow_module_level=True)


def test_one():
    pass


def test_two():
    pass
