"""govtext.inference.predicting: predict, the lazy package API and the installed command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import govtext
from govtext.data import report_rows
from govtext.text import normalize
from helpers import REPORT_A

BIN = Path(sys.executable).parent


def test_the_package_exposes_predict_lazily(exported, reports):
    frame = govtext.predict([reports[1]], exported.model_dir)  # whatever was imported before
    assert isinstance(frame, pd.DataFrame) and len(frame) == 2
    assert callable(govtext.export) and callable(govtext.build_dataset)
    assert callable(govtext.train)
    fresh = subprocess.run(
        [sys.executable, "-c", "import govtext, sys; print(sorted({'sklearn', 'mlflow', "
         "'pandas'} & set(sys.modules)))"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert fresh.stdout.strip() == "[]"


# ---- the installed command


def _govtext(*args: str, stdin: str = "", cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "govtext"), *args], input=stdin, capture_output=True, text=True, cwd=cwd,
        env={**os.environ, "COLUMNS": "200"}, timeout=120,
    )  # fmt: skip


def test_the_installed_command_reads_standard_input(exported, model):
    done = _govtext("predict", "--model", str(exported.model_dir), "-", "--format", "jsonl",
                    stdin=REPORT_A)  # fmt: skip
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    expected = model.predict(
        [r["text"] for r in report_rows("x", normalize(REPORT_A), with_words=False)]
    )
    assert [r["label"] for r in records] == expected["label"].tolist()
    assert {r["doc_id"] for r in records} == {"stdin"} and records[0]["source"] == "-"
    assert "stdin" in done.stderr  # the per-report summary table


def test_the_installed_command_fails_in_one_line(tmp_path):
    csv_path = tmp_path / "s.csv"
    csv_path.write_text("sentence\nHuyện đạt.\n", encoding="utf-8")
    done = _govtext("predict", "--model", str(tmp_path / "absent"), str(csv_path))
    assert done.returncode == 1
    assert done.stderr.strip().count("\n") == 0 and "s.csv: has no 'text' column" in done.stderr


SENTENCES = ["Huyện đề nghị tỉnh hỗ trợ vốn làm đường.", "Năm 2020, huyện đạt 15/17 chỉ tiêu."]


def test_predict_texts_labels_a_list_of_sentences_in_memory(exported, model):
    frame = govtext.predict_texts(SENTENCES, exported.model_dir)
    assert list(frame["text"]) == SENTENCES
    assert list(frame["label"]) == list(model.predict_texts(SENTENCES)[0])
    assert {c for c in frame.columns if c.startswith("score_")}
    with pytest.raises(govtext.errors.GovtextError, match="wrap it in"):
        govtext.predict_texts(SENTENCES[0], model)


def test_mlflow_pyfunc_predicts_on_a_plain_list_of_strings(exported, model):
    import mlflow

    pyfunc = mlflow.pyfunc.load_model(str(exported.model_dir))
    expected = list(model.predict_texts(SENTENCES)[0])
    assert list(pyfunc.predict(SENTENCES)) == expected
    assert list(pyfunc.predict(pd.DataFrame({"text": SENTENCES}))) == expected


def test_a_csv_whose_sentence_column_has_another_name(exported, model, tmp_path):
    path = tmp_path / "cau.csv"
    pd.DataFrame({"id": [1, 2], "cau": SENTENCES, "text": ["x", "y"]}).to_csv(path, index=False)
    frame = govtext.predict([path], exported.model_dir, text_column="cau")
    assert list(frame["text"]) == SENTENCES and list(frame["input_text"]) == ["x", "y"]
    assert list(frame["label"]) == list(model.predict_texts(SENTENCES)[0])
    with pytest.raises(govtext.errors.GovtextError, match="no 'câu' column.*--text-column"):
        govtext.predict([path], exported.model_dir, text_column="câu")
