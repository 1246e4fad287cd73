"""Fixtures of the data tests: the dataset built from the project's seeds and gold labels."""

from __future__ import annotations

import pytest

from govtext.data import build_dataset
from govtext.data.sentences import Dataset
from helpers import LABELS, SEEDS


@pytest.fixture(scope="module")
def seed_dataset() -> Dataset:
    return build_dataset(SEEDS, LABELS)
