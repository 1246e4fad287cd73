"""Shared fixtures: small hand-written Vietnamese reports and paths to the real project files."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import NoReturn

import pytest

PROJECT = Path(__file__).resolve().parent.parent
SEEDS = PROJECT / "seeds"
LABELS = PROJECT / "data" / "labels.csv"
SHARED_CORPUS = Path(os.environ.get("GOVTEXT_CORPUS", PROJECT.parent / "shared" / "corpus"))

REPORT_A = """Năm 2020, huyện đã hoàn thành 15/17 chỉ tiêu, tổng thu ngân sách đạt 116,6 %.
Tuy nhiên, công tác phát triển đảng viên mới còn thấp.

Lãnh đạo huyện báo cáo tại buổi làm việc
Huyện đề nghị tỉnh quan tâm bố trí vốn cho dự án. Bí thư Tỉnh ủy yêu cầu huyện tập trung xử lý vi phạm đất đai.
T/h: Minh An
"""

REPORT_B = """Xã đã giữ vững ổn định an ninh trật tự. Thời gian tới, xã phấn đấu giảm tỷ lệ hộ nghèo.
"""


def ci() -> bool:
    """Running under CI (``CI=true``, as CI services set it)."""
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def missing(reason: str) -> NoReturn:
    """A system dependency the suite is meant to run with (Chromium, Java, pyspark) is absent:
    a skip with its reason on a person's machine, a failure under CI, where a skip would keep
    the build green without the test having run. (The licensed corpus being absent is no such
    case: ``corpus_dir`` skips everywhere.)"""
    if ci():
        pytest.fail(f"{reason}; under CI=true this test must run, not skip", pytrace=False)
    pytest.skip(reason)


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
    if not (SHARED_CORPUS / "dev.csv").exists():
        pytest.skip(f"no corpus at {SHARED_CORPUS}")
    return SHARED_CORPUS


@pytest.fixture
def empty_labels(tmp_path: Path) -> Path:
    """A gold labels file with a header and no label: every sentence unlabelled."""
    path = tmp_path / "empty-labels.csv"
    path.write_text("sent_id,label,text,note\n", encoding="utf-8")
    return path
