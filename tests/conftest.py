"""Fixtures shared by the test modules."""

from pathlib import Path

import pytest

from kg.pipeline import build

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory) -> Path:
    """The store built from the sample documents in data/, once per test session.

    Read it, do not write to it: tests that change a store build their own in tmp_path.
    """
    path = tmp_path_factory.mktemp("sample-store") / "store"
    build([DATA], path, progress=False)
    return path
