"""What tests import by name: paths to the real project files, two small hand-written Vietnamese
reports, a gold labels file writer, ``missing`` for an absent system dependency and
``shared_corpus`` for the licensed corpus.

(Fixtures live in the ``conftest.py`` files; a test never imports a ``conftest`` module, since
each test folder has its own and only one of them can be ``conftest`` in ``sys.modules``.)
"""

from __future__ import annotations

import os
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


def labels_file(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    """A gold labels file at ``path`` with one line per (sent_id, label, text)."""
    lines = ["sent_id,label,text,note"] + [f"{sid},{label},{text}," for sid, label, text in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def shared_corpus() -> Path:
    """The shared real-news corpus, or a skip (everywhere, CI too) when it is absent."""
    if not (SHARED_CORPUS / "dev.csv").exists():
        pytest.skip(f"no corpus at {SHARED_CORPUS}")
    return SHARED_CORPUS
