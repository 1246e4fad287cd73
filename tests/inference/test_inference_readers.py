"""govtext.inference.readers: reports, CSVs and stdin in, checked before the model is loaded."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from exported import FIXTURE
from govtext.data import report_rows
from govtext.errors import GovtextError
from govtext.inference import predict, write_predictions
from govtext.text import normalize, read_report
from helpers import REPORT_A
from page_fixtures import ARTICLE, PORTAL


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


def test_a_saved_page_is_labelled_sentence_by_sentence_like_its_text(model, tmp_path):
    page = tmp_path / "ea-rong.html"
    page.write_bytes(PORTAL.read_bytes())
    frame = predict([page], model)
    expected = report_rows("ea-rong", read_report(PORTAL), with_words=False)
    assert frame["text"].tolist() == [r["text"] for r in expected]
    assert frame["sent_id"].tolist() == [r["sent_id"] for r in expected]
    assert set(ARTICLE[PORTAL]) <= set(frame["text"])
    assert set(frame["doc_id"]) == {"ea-rong"} and set(frame["source"]) == {str(page)}
    assert frame["label"].tolist() == model.predict(frame["text"].tolist())["label"].tolist()


# ---- bad input


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("no-text.csv", "sentence,label\nHuyện đạt.,achievement\n", "has no 'text' column"),
        ("empty.csv", "", "is empty"),
        ("header-only.csv", "text,label\n", "has a header but no sentence rows"),
        ("empty.txt", "  \n\n", "the file is empty"),
        ("report.docx", "Huyện đạt.", "unknown input type '.docx'"),
        ("page.htm", "<html><body><script>x()</script></body></html>", "no article text"),
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
