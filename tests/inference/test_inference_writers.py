"""govtext.inference.writers: CSV and JSON lines hold the frame's rows; a failed run leaves no file."""

from __future__ import annotations

import json
import os
import stat

import numpy as np
import pandas as pd
import pytest

from govtext.errors import GovtextError
from govtext.inference import predict, write_predictions


def test_jsonl_and_csv_files_hold_the_same_rows_as_the_frame(model, reports, tmp_path):
    frame = predict(reports, model)
    write_predictions(reports, model, tmp_path / "p.jsonl")
    write_predictions(reports, model, tmp_path / "p.csv")
    records = [json.loads(line) for line in (tmp_path / "p.jsonl").read_text("utf-8").splitlines()]
    assert [r["text"] for r in records] == frame["text"].tolist()
    assert [r["label"] for r in records] == frame["label"].tolist()
    from_csv = pd.read_csv(tmp_path / "p.csv", keep_default_na=False)
    assert from_csv["label"].tolist() == frame["label"].tolist()
    np.testing.assert_allclose(from_csv["score_request"], frame["score_request"], rtol=1e-9)


def test_a_failed_run_leaves_no_output_file(model, reports, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    out = tmp_path / "out.csv"
    with pytest.raises(GovtextError, match="empty"):
        write_predictions([reports[0], empty], model, out)
    assert not out.exists() and not list(tmp_path.glob(".out.csv.*"))


def test_an_output_extension_naming_no_format_is_refused_before_anything_is_written(
    model, reports, tmp_path
):
    target = tmp_path / "out.xlsx"
    with pytest.raises(GovtextError, match=r"--output .*out\.xlsx: unknown extension \.xlsx"):
        write_predictions(reports, model, target)
    assert list(tmp_path.glob("out*")) == [] and list(tmp_path.glob(".out*")) == []
    # An explicit --format is the user's choice of name.
    assert write_predictions(reports, model, target, "csv").format == "csv"
    assert target.read_text(encoding="utf-8").startswith("source,")


def test_an_output_file_is_readable_by_the_team(model, reports, tmp_path):
    before = os.umask(0o022)
    try:
        write_predictions(reports, model, tmp_path / "out.csv")
    finally:
        os.umask(before)
    assert stat.S_IMODE((tmp_path / "out.csv").stat().st_mode) == 0o644  # not mkstemp's 0600
