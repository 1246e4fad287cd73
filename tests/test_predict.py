"""Predict: reports, CSVs and stdin in; labelled rows, files and an HTML page out; safe loading
and one-line errors for bad folders and bad input."""

from __future__ import annotations

import csv
import html.parser
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import govtext
import govtext.prediction as predict_module
from conftest import REPORT_A, REPORT_B
from exported import FIXTURE, Exported, exported_default_model
from govtext.dataset import report_rows
from govtext.errors import GovtextError
from govtext.prediction import load_model, predict, write_predictions
from govtext.text import normalize

BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Exported:
    return exported_default_model(tmp_path_factory)


@pytest.fixture(scope="module")
def model(exported):
    return load_model(exported.model_dir)


@pytest.fixture
def reports(tmp_path) -> list[Path]:
    a, b = tmp_path / "report-a.txt", tmp_path / "report-b.txt"
    a.write_text(REPORT_A, encoding="utf-8")
    b.write_text(REPORT_B, encoding="utf-8")
    return [a, b]


def test_a_report_is_split_exactly_as_the_dataset_builder_does(model, reports):
    frame = predict([reports[0]], model)
    expected = report_rows("report-a", normalize(REPORT_A), with_words=False)
    assert frame["text"].tolist() == [r["text"] for r in expected]
    assert frame["sent_id"].tolist() == [r["sent_id"] for r in expected]
    assert frame["position"].tolist() == list(range(1, len(expected) + 1))
    assert set(frame["doc_id"]) == {"report-a"}
    assert list(frame.columns[:6]) == [
        "source",
        "doc_id",
        "sent_id",
        "paragraph",
        "position",
        "text",
    ]


def test_rows_carry_a_label_and_a_score_per_label(model, reports):
    frame = predict(reports, model)
    score_columns = [f"score_{label}" for label in model.labels]
    assert list(frame.columns[-len(score_columns) - 1 :]) == ["label", *score_columns]
    scores = frame[score_columns].to_numpy()
    np.testing.assert_allclose(scores.sum(axis=1), 1.0)  # logistic regression: probabilities
    best = np.array(model.labels)[scores.argmax(axis=1)]
    assert frame["label"].tolist() == best.tolist()
    n_a = len(report_rows("a", normalize(REPORT_A), with_words=False))
    assert frame["doc_id"].tolist() == ["report-a"] * n_a + ["report-b"] * 2  # input order kept


def test_a_csv_is_not_resplit_and_a_gold_label_sits_beside_the_prediction(model):
    frame = predict(FIXTURE, model)
    source = pd.read_csv(FIXTURE, dtype=str, keep_default_na=False)
    assert frame["text"].tolist() == source["text"].tolist()
    assert frame["input_label"].tolist() == source["label"].tolist()
    assert list(frame.columns[:5]) == ["source", "doc_id", "text", "input_label", "label"]
    assert frame["doc_id"].tolist() == source["doc_id"].tolist()  # passed through


def test_mixed_inputs_share_one_header_in_order(model, reports, tmp_path):
    out = tmp_path / "out.csv"
    run = write_predictions([reports[1], FIXTURE], model, out)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert run.rows == len(rows) == 2 + 25
    assert rows[0]["doc_id"] == "report-b" and rows[0]["input_label"] == ""
    assert rows[2]["input_label"] == "achievement" and rows[2]["paragraph"] == ""
    assert list(run.counts.index) == ["report-b", "a", "b", "c"]
    assert int(run.counts.to_numpy().sum()) == 27


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


def test_ten_thousand_sentences_load_the_model_once_and_tokenise_once(
    exported, tmp_path, monkeypatch
):
    from govtext.rules import CueFeatures
    from govtext.text import Segmenter

    base = pd.read_csv(FIXTURE, dtype=str, keep_default_na=False)
    big = pd.DataFrame({"text": [f"{t} ({i})" for i, t in enumerate(base["text"].tolist() * 400)]})
    path = tmp_path / "big.csv"
    big.to_csv(path, index=False)
    calls = {"load": 0, "segmented": 0, "cues": 0}
    real_load, real_segment, real_cues = (
        predict_module.load_pipeline, Segmenter.transform, CueFeatures.transform,
    )  # fmt: skip

    def load(*args, **kwargs):
        calls["load"] += 1
        return real_load(*args, **kwargs)

    def segment(self, X):
        calls["segmented"] += len(X)
        return real_segment(self, X)

    def cues(self, X):
        calls["cues"] += len(X)
        return real_cues(self, X)

    monkeypatch.setattr(predict_module, "load_pipeline", load)
    monkeypatch.setattr(Segmenter, "transform", segment)
    monkeypatch.setattr(CueFeatures, "transform", cues)
    run = write_predictions([path], exported.model_dir, tmp_path / "big-out.csv", chunk_size=4000)
    assert run.rows == 10_000
    # Loading runs one probe sentence through the pipeline to catch an incompatible model early.
    assert calls == {"load": 1, "segmented": 10_000 + 1, "cues": 10_000 + 1}


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


# ---- bad folders


def _copy(exported: Exported, tmp_path: Path) -> Path:
    folder = tmp_path / "model-copy"
    shutil.copytree(exported.model_dir, folder)
    return folder


def _edit_metadata(folder: Path, **changes) -> None:
    path = folder / "govtext.json"
    meta = json.loads(path.read_text(encoding="utf-8"))
    meta.update(changes)
    path.write_text(json.dumps(meta), encoding="utf-8")


def test_a_tampered_skops_file_with_an_unexpected_type_is_refused(exported, tmp_path):
    import skops.io as sio
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import FunctionTransformer

    folder = _copy(exported, tmp_path)
    sio.dump(Pipeline([("evil", FunctionTransformer(os.system))]), folder / "model.skops")
    with pytest.raises(GovtextError) as caught:
        load_model(folder)
    message = str(caught.value)
    assert "model.skops: refused to load" in message and "system" in message
    assert "\n" not in message


@pytest.mark.parametrize(
    "damage, message",
    [
        (lambda f: shutil.rmtree(f), "no such model folder"),
        (lambda f: (f / "govtext.json").unlink(), "is not a govtext model folder"),
        (lambda f: (f / "govtext.json").write_text("{not json", "utf-8"), "is not valid JSON"),
        (lambda f: _edit_metadata(f, format_version=99, govtext_version="9.0"),
         r"model folder format 99 \(exported by govtext 9.0\).*export the model again"),
        (lambda f: (f / "model.skops").write_bytes(b"not a zip"), "is not a readable skops file"),
        (lambda f: (f / "model.skops").unlink(), "no such model file"),
        (lambda f: _edit_metadata(f, cue_features=["lf_gone"]),
         "rule cues.*train and export it again"),
    ],
    ids=["missing", "no-metadata", "corrupt-metadata", "format-version", "corrupt-skops",
         "no-skops", "other-cue-lexicon"],
)  # fmt: skip
def test_a_bad_model_folder_is_a_one_line_error_naming_it(exported, tmp_path, damage, message):
    folder = _copy(exported, tmp_path)
    damage(folder)
    with pytest.raises(GovtextError, match=message) as caught:
        load_model(folder)
    assert str(folder) in str(caught.value) and "\n" not in str(caught.value)


# ---- bad input


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("no-text.csv", "sentence,label\nHuyện đạt.,achievement\n", "has no 'text' column"),
        ("empty.csv", "", "is empty"),
        ("header-only.csv", "text,label\n", "has a header but no sentence rows"),
        ("empty.txt", "  \n\n", "the file is empty"),
        ("report.docx", "Huyện đạt.", "unknown input type '.docx'"),
    ],
)
def test_bad_input_is_a_one_line_error_naming_the_file(model, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GovtextError, match=message) as caught:
        predict([path], model)
    assert str(path) in str(caught.value)


def test_a_missing_input_fails_before_the_model_is_loaded(tmp_path):
    with pytest.raises(GovtextError, match="nothing.txt: no such file"):
        predict([tmp_path / "nothing.txt"], tmp_path / "no-model-either")


def test_a_failed_run_leaves_no_output_file(model, reports, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    out = tmp_path / "out.csv"
    with pytest.raises(GovtextError, match="empty"):
        write_predictions([reports[0], empty], model, out)
    assert not out.exists() and not list(tmp_path.glob(".out.csv.*"))


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


# ---- the HTML page


class _Marks(html.parser.HTMLParser):
    """The text and classes of every highlighted sentence (``mark.s``) in a page."""

    def __init__(self):
        super().__init__()
        self.marks: list[tuple[str, str]] = []
        self._open: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        classes = dict(attrs).get("class") or ""
        if tag == "mark" and "s" in classes.split():
            self._open = [classes, ""]

    def handle_data(self, data):
        if self._open is not None:
            self._open[1] += data

    def handle_endtag(self, tag):
        if tag == "mark" and self._open is not None:
            self.marks.append((self._open[0], self._open[1]))
            self._open = None


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    pytest.skip("no chromium binary (scripts/install-system-deps.sh installs Debian's)")


def test_the_html_page_renders_every_sentence_in_its_label_colour(model, reports, tmp_path):
    browser = _chromium()
    page = tmp_path / "labelled.html"
    frame = predict([*reports, FIXTURE], model)
    write_predictions([*reports, FIXTURE], model, page)
    done = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom",
         page.as_uri()],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    parser = _Marks()
    parser.feed(done.stdout)
    assert [text for _, text in parser.marks] == frame["text"].tolist()
    for (classes, _), label in zip(parser.marks, frame["label"], strict=True):
        assert f"l-{label}" in classes.split()
    runs = (frame["doc_id"] != frame["doc_id"].shift()).sum()  # a section per run of a report
    assert done.stdout.count('class="report"') == runs
    assert 'data-label="request"' in done.stdout  # the legend


# ---- worker processes (--jobs)


def test_workers_give_the_same_rows_in_the_same_order(model, reports, tmp_path):
    inputs = [reports[0], FIXTURE, reports[1]]
    alone = predict(inputs, model, chunk_size=4)
    shared = predict(inputs, model, chunk_size=4, n_jobs=2)  # many chunks in flight
    pd.testing.assert_frame_equal(shared, alone)
    out = tmp_path / "p.csv"
    run = write_predictions(inputs, model, out, chunk_size=3, n_jobs=-1)
    assert run.rows == len(alone)
    assert pd.read_csv(out, keep_default_na=False)["label"].tolist() == alone["label"].tolist()


def test_spawned_workers_load_the_folder_themselves(exported, model):
    # ONNX Runtime sessions are not safe to fork: the onnx engine's workers start afresh.
    expected = predict(FIXTURE, model)
    frame = predict(FIXTURE, exported.model_dir, engine="onnx", n_jobs=2)
    assert frame["label"].tolist() == expected["label"].tolist()


@pytest.mark.parametrize("n_jobs, expected", [(1, 1), (3, 3), (-1, None)])
def test_jobs_count_like_joblib(n_jobs, expected):
    cores = predict_module.available_cores()
    assert predict_module.resolve_jobs(n_jobs) == (expected or cores)
    assert predict_module.resolve_jobs(-cores - 5) == 1


def test_zero_jobs_is_a_one_line_error(model):
    with pytest.raises(GovtextError, match="--jobs 0: use 1"):
        predict(FIXTURE, model, n_jobs=0)


def test_the_installed_command_takes_jobs(exported, model):
    done = _govtext("predict", "--model", str(exported.model_dir), str(FIXTURE), "--jobs", "2",
                    "--engine", "fast", "--format", "jsonl", "--quiet")  # fmt: skip
    assert done.returncode == 0, done.stderr
    labels = [json.loads(line)["label"] for line in done.stdout.splitlines()]
    assert labels == predict(FIXTURE, model)["label"].tolist()
