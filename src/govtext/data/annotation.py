"""The annotation round-trip: sentences out to Label Studio or a spreadsheet, labels back into
``data/labels.csv`` by sentence id, and the sentences most worth labelling next.

No gold label is ever lost: an import adds new labels, keeps the ones that agree, and reports
(never silently overwrites) the ones that disagree.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from govtext.data.gold import LABEL_COLUMNS, read_labels
from govtext.data.sentences import load_sentences
from govtext.errors import GovtextError
from govtext.files import write_atomic
from govtext.labels import ALL_LABELS

LABEL_STUDIO_CONFIG = (
    """<View>
  <Text name="text" value="$text"/>
  <Choices name="label" toName="text" choice="single" showInline="true">
"""
    + "".join(f'    <Choice value="{label}"/>\n' for label in ALL_LABELS)
    + """  </Choices>
</View>
"""
)


def export_tasks(
    sentences: pd.DataFrame, predictions: pd.DataFrame | None = None
) -> tuple[list[dict], str]:
    """Label Studio JSON tasks and a spreadsheet CSV for these sentence rows.

    ``predictions`` (same order; ``label`` and ``score_<label>`` columns) become Label Studio
    pre-annotations and extra CSV columns, so an annotator corrects rather than starts blank.
    """
    if "sent_id" not in sentences.columns:
        raise GovtextError("sentences to annotate need a sent_id column; use data/sentences.csv.")
    tasks = []
    rows = []
    for i, row in enumerate(sentences.itertuples(index=False)):
        data = {"sent_id": row.sent_id, "text": row.text, "doc_id": getattr(row, "doc_id", "")}
        task: dict = {"data": data}
        out = {**data, "label": getattr(row, "label", "") or ""}
        if predictions is not None:
            predicted = predictions.iloc[i]
            score = max(
                (float(predicted[c]) for c in predictions.columns if c.startswith("score_")),
                default=None,
            )
            task["predictions"] = [
                {
                    "model_version": "govtext",
                    "score": score,
                    "result": [_choice(predicted["label"])],
                }
            ]
            out["suggested"] = predicted["label"]
            out["score"] = "" if score is None else f"{score:.3f}"
        tasks.append(task)
        rows.append(out)
    return tasks, pd.DataFrame(rows).to_csv(index=False, lineterminator="\n")


def _choice(label: str) -> dict:
    return {
        "from_name": "label",
        "to_name": "text",
        "type": "choices",
        "value": {"choices": [label]},
    }


def read_annotations(path: str | Path) -> dict[str, str]:
    """``sent_id -> label`` from a Label Studio JSON export or a CSV with sent_id and label.

    Rows without a label are skipped (not yet annotated); an unknown label is an error.
    """
    path = Path(path)
    if not path.exists():
        raise GovtextError(f"{path}: no such annotation file.")
    text = path.read_text(encoding="utf-8-sig")
    pairs: list[tuple[str, str, str]] = []
    if path.suffix == ".json":
        try:
            tasks = json.loads(text)
        except json.JSONDecodeError as err:
            raise GovtextError(
                f"{path}: is not JSON ({err.msg}); export JSON from Label Studio."
            ) from err
        for index, task in enumerate(tasks if isinstance(tasks, list) else []):
            sid = (task.get("data") or {}).get("sent_id", "")
            label = _annotated_label(task)
            pairs.append((f"{path}: task {index + 1}", sid, label))
    else:
        reader = csv.DictReader(io.StringIO(text))
        if not {"sent_id", "label"} <= set(reader.fieldnames or []):
            raise GovtextError(f"{path}: needs sent_id and label columns.")
        for line, row in enumerate(reader, start=2):
            pairs.append((f"{path}:{line}", row["sent_id"].strip(), (row["label"] or "").strip()))
    labels: dict[str, str] = {}
    for where, sid, label in pairs:
        if not label:
            continue
        if label not in ALL_LABELS:
            raise GovtextError(
                f"{where}: unknown label {label!r}; use one of {', '.join(ALL_LABELS)}."
            )
        if not sid:
            raise GovtextError(f"{where}: has a label but no sent_id.")
        if labels.get(sid, label) != label:
            raise GovtextError(f"{where}: {sid} is annotated both {labels[sid]!r} and {label!r}.")
        labels[sid] = label
    return labels


def _annotated_label(task: dict) -> str:
    """The last completed, not cancelled, annotation's choice."""
    for annotation in reversed(task.get("annotations") or []):
        if annotation.get("was_cancelled"):
            continue
        for result in annotation.get("result") or []:
            choices = (result.get("value") or {}).get("choices") or []
            if choices:
                return choices[0]
    return ""


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[tuple[str, str, str]] = field(default_factory=list)  # id, kept, offered
    replaced: list[tuple[str, str, str]] = field(default_factory=list)  # id, old, new
    unknown_ids: list[str] = field(default_factory=list)


def import_annotations(
    annotations: str | Path,
    labels_path: str | Path,
    sentences: pd.DataFrame | str | Path,
    *,
    replace_conflicts: bool = False,
) -> ImportReport:
    """Merge annotations into the gold labels file (atomically), keyed by sentence id.

    An id the dataset does not know is refused (it would be an orphan from the start); a
    different label for an already labelled sentence is a conflict: reported and kept as it
    was unless ``replace_conflicts``. Nothing is ever deleted. ``sentences``: the built
    dataset, as a frame or the path of its CSV.
    """
    if not isinstance(sentences, pd.DataFrame):
        sentences = load_sentences(sentences)
    offered = read_annotations(annotations)
    gold = read_labels(labels_path)
    texts = dict(zip(sentences["sent_id"], sentences["text"], strict=True))
    report = ImportReport(unknown_ids=sorted(set(offered) - set(texts)))
    if report.unknown_ids:
        raise GovtextError(
            f"{annotations}: {len(report.unknown_ids)} sentence id(s) are not in the dataset "
            f"({', '.join(report.unknown_ids[:5])}); rebuild the dataset or fix the file."
        )
    rows = _existing_rows(labels_path)
    by_id = {row["sent_id"]: row for row in rows}
    for sid, label in offered.items():
        old = gold.labels.get(sid)
        if old is None:
            row = {"sent_id": sid, "label": label, "text": texts[sid], "note": "imported"}
            rows.append(row)
            by_id[sid] = row
            report.added.append(sid)
        elif old == label:
            report.unchanged.append(sid)
        elif replace_conflicts:
            by_id[sid]["label"] = label
            by_id[sid]["note"] = f"{by_id[sid].get('note') or ''} (was {old})".strip()
            report.replaced.append((sid, old, label))
        else:
            report.conflicts.append((sid, old, label))
    if report.added or report.replaced:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, LABEL_COLUMNS, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
        write_atomic(labels_path, buffer.getvalue())
    return report


def _existing_rows(path: str | Path) -> list[dict]:
    path = Path(path)
    if not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [dict(row) for row in csv.DictReader(handle) if row.get("sent_id")]


def suggest(
    candidates: pd.DataFrame, scores: np.ndarray, n: int, *, per_document: int = 2
) -> pd.DataFrame:
    """The ``n`` sentences the model is least sure of (smallest margin between its two best
    labels), at most ``per_document`` from any one report, so the batch spans reports.

    ``scores`` has one row per candidate and one column per label (probabilities or decision
    values); candidates need ``doc_id`` and ``text``.
    """
    if n < 1:
        raise GovtextError("-n must be at least 1.")
    if len(candidates) != len(scores):
        raise GovtextError("suggest: one score row per candidate sentence is needed.")
    ordered = np.sort(np.asarray(scores, dtype=float), axis=1)
    margin = ordered[:, -1] - ordered[:, -2] if ordered.shape[1] > 1 else -ordered[:, -1]
    picked: list[int] = []
    taken: dict[str, int] = {}
    for index in np.argsort(margin, kind="stable"):
        doc = str(candidates.iloc[index]["doc_id"])
        if taken.get(doc, 0) >= per_document:
            continue
        taken[doc] = taken.get(doc, 0) + 1
        picked.append(int(index))
        if len(picked) == n:
            break
    chosen = candidates.iloc[picked].copy()
    chosen["margin"] = margin[picked]
    return chosen.reset_index(drop=True)
