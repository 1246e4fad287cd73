"""govtext.data.annotation: the Label Studio / spreadsheet round-trip and picking sentences by margin."""

import json

import numpy as np
import pandas as pd
import pytest

from govtext.data import read_labels
from govtext.data.annotation import export_tasks, import_annotations, read_annotations, suggest
from govtext.errors import GovtextError

SENTENCES = pd.DataFrame(
    {
        "doc_id": ["a", "a", "b"],
        "sent_id": ["aaaaaaaaaaa1", "aaaaaaaaaaa2", "bbbbbbbbbbb1"],
        "text": ["Huyện đạt kế hoạch.", "Huyện đề nghị tỉnh hỗ trợ.", "Xã còn khó khăn."],
        "label": ["achievement", "", ""],
    }
)


def test_export_gives_label_studio_tasks_with_pre_annotations_and_a_csv():
    predictions = pd.DataFrame(
        {"label": ["achievement", "request", "limitation"], "score_request": [0.1, 0.8, 0.2]}
    )
    tasks, table = export_tasks(SENTENCES, predictions)
    assert tasks[1]["data"]["sent_id"] == "aaaaaaaaaaa2"
    result = tasks[1]["predictions"][0]["result"][0]
    assert result["value"]["choices"] == ["request"] and result["from_name"] == "label"
    frame = pd.read_csv(pd.io.common.StringIO(table), dtype=str, keep_default_na=False)
    assert list(frame["suggested"]) == ["achievement", "request", "limitation"]


def _label_studio_export(path, pairs):
    tasks = [
        {
            "data": {"sent_id": sid, "text": "..."},
            "annotations": [{"result": [{"value": {"choices": [label]}}]}],
        }
        for sid, label in pairs
    ]
    path.write_text(json.dumps(tasks), encoding="utf-8")
    return path


def test_import_adds_keeps_and_reports_conflicts_without_losing_a_label(tmp_path):
    labels = tmp_path / "labels.csv"
    labels.write_text(
        "sent_id,label,text,note\naaaaaaaaaaa1,achievement,Huyện đạt kế hoạch.,hand\n",
        encoding="utf-8",
    )
    done = _label_studio_export(
        tmp_path / "export.json",
        [("aaaaaaaaaaa1", "instruction"), ("aaaaaaaaaaa2", "request"), ("bbbbbbbbbbb1", "")],
    )
    report = import_annotations(done, labels, SENTENCES)
    assert report.added == ["aaaaaaaaaaa2"]
    assert report.conflicts == [("aaaaaaaaaaa1", "achievement", "instruction")]
    gold = read_labels(labels).labels
    assert gold == {"aaaaaaaaaaa1": "achievement", "aaaaaaaaaaa2": "request"}
    assert "hand" in labels.read_text(encoding="utf-8")
    again = import_annotations(done, labels, SENTENCES, replace_conflicts=True)
    assert again.replaced == [("aaaaaaaaaaa1", "achievement", "instruction")]
    assert read_labels(labels).labels["aaaaaaaaaaa1"] == "instruction"
    assert "(was achievement)" in labels.read_text(encoding="utf-8")


def test_import_from_a_spreadsheet_csv(tmp_path):
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("sent_id,text,label\nbbbbbbbbbbb1,Xã còn khó khăn.,limitation\n", "utf-8")
    report = import_annotations(sheet, tmp_path / "labels.csv", SENTENCES)
    assert report.added == ["bbbbbbbbbbb1"]


@pytest.mark.parametrize(
    "content, message",
    [
        ("sent_id,label\naaaaaaaaaaa1,praise\n", r"sheet.csv:2: unknown label 'praise'"),
        ("sent_id,label\nzzzzzzzzzzzz,request\n", "not in the dataset"),
        ("id,label\nx,request\n", "needs sent_id and label"),
    ],
)
def test_bad_annotation_files_are_refused_and_labels_untouched(tmp_path, content, message):
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(content, encoding="utf-8")
    labels = tmp_path / "labels.csv"
    with pytest.raises(GovtextError, match=message):
        import_annotations(sheet, labels, SENTENCES)
    assert not labels.exists()


def test_read_annotations_skips_cancelled_and_empty():
    tasks = [
        {"data": {"sent_id": "x"}, "annotations": [{"was_cancelled": True, "result": []}]},
    ]
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "e.json"
        path.write_text(json.dumps(tasks), encoding="utf-8")
        assert read_annotations(path) == {}


def test_suggest_picks_the_least_certain_spread_across_documents():
    candidates = pd.DataFrame({"doc_id": ["a", "a", "a", "b"], "text": ["1", "2", "3", "4"]})
    scores = np.array([[0.5, 0.5], [0.45, 0.55], [0.9, 0.1], [0.3, 0.7]])
    chosen = suggest(candidates, scores, 3, per_document=2)
    assert list(chosen["text"]) == ["1", "2", "4"]
    assert chosen["margin"].is_monotonic_increasing
