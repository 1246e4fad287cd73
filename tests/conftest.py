"""Shared fixtures: small hand-written Vietnamese reports, paths to the real project files, and
the default model exported once per session (see ``exported.py``)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import helpers
from exported import Exported, exported_default_model
from helpers import REPORT_A, REPORT_B, SEEDS


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A writable copy of the project's seeds folder."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


@pytest.fixture
def tiny_seeds(tmp_path: Path) -> Path:
    """A folder with two small hand-written reports."""
    folder = tmp_path / "tiny_seeds"
    folder.mkdir()
    (folder / "report-a.txt").write_text(REPORT_A, encoding="utf-8")
    (folder / "report-b.txt").write_text(REPORT_B, encoding="utf-8")
    return folder


@pytest.fixture
def corpus_dir() -> Path:
    """The shared real-news corpus; tests that need it skip cleanly when it is absent."""
    return helpers.shared_corpus()


@pytest.fixture
def empty_labels(tmp_path: Path) -> Path:
    """A gold labels file with a header and no label: every sentence unlabelled."""
    path = tmp_path / "empty-labels.csv"
    path.write_text("sent_id,label,text,note\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Exported:
    """The default model, trained and exported on the first use in a session (cached in the
    session's temporary folder), as a module's own ``Exported``."""
    return exported_default_model(tmp_path_factory)
