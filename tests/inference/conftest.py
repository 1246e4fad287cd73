"""Fixtures of the inference tests: the exported default model loaded once per module or copied
to be damaged, the two hand-written reports as files, and texts that have tripped engines up
(``exported`` itself is in ``tests/conftest.py``)."""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import pytest

from exported import Exported
from govtext.inference import GovtextModel, load_model
from govtext.inference.engines import FAST_PROBES
from helpers import REPORT_A, REPORT_B


@pytest.fixture(scope="module")
def model(exported: Exported) -> GovtextModel:
    """The exported model, loaded once per test module."""
    return load_model(exported.model_dir)


@pytest.fixture
def reports(tmp_path) -> list[Path]:
    """The two hand-written reports as text files."""
    a, b = tmp_path / "report-a.txt", tmp_path / "report-b.txt"
    a.write_text(REPORT_A, encoding="utf-8")
    b.write_text(REPORT_B, encoding="utf-8")
    return [a, b]


@pytest.fixture
def model_copy(exported: Exported, tmp_path) -> Path:
    """A copy of the exported model folder that a test may damage."""
    folder = tmp_path / "model-copy"
    shutil.copytree(exported.model_dir, folder)
    return folder


@pytest.fixture
def tricky_texts() -> list[str]:
    """The fast engine's own probes and texts that break naive tokenising or lower-casing."""
    return [
        *FAST_PROBES,
        "Tổng thu ngân sách đạt 142,6 tỷ đồng, đạt 116,6 % so với dự toán.",
        "TP. Hồ Chí Minh, PGS.TS. Trần B: “Phải làm tốt!”... (Ảnh: T/h)",
        "a.b.c ,, .5 5. -x- x_y __ — … 1.234.567 08/7/2020 839-KL/TU",
        "Huyện \x00 có ký tự lạ",  # the fast path's own separator, inside a text
        "   ",
        "ở ý à",
        "Ⅻ ² ½ ǅ İstanbul ΣΑΣ",  # numerals, title case, a final sigma, a two-character lower case
        "emoji 😀 ở cuối 𝒜",
        # Photo credits the rule cues cut off: the n-grams still count the whole sentence.
        "Ảnh: Văn An/TTXVN Về công tác chỉ đạo, huyện đã hoàn thành kế hoạch năm.",
        unicodedata.normalize("NFD", "(Ảnh minh họa) Huyện đề nghị tỉnh hỗ trợ vốn làm đường."),
        "Ảnh: TTXVN",
    ]
