"""Weak supervision from the rules: labelling-function statistics and weak labels for corpora.

Each labelling function in ``govtext.rules`` votes for one label or abstains. ``lf_summary``
gives the figures a researcher checks before trusting them (coverage, overlap, conflict, and
accuracy where gold labels exist); ``weak_labels`` turns the votes into one label a sentence.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from govtext.dataset import checked_sentences, corpus_documents
from govtext.errors import GovtextError
from govtext.labels import OTHER
from govtext.rules import LABELLING_FUNCTIONS, label_sentence, votes
from govtext.text import split_report

WEAK_METHODS = ("rules", "majority")


def vote_matrix(texts: Iterable[str]) -> pd.DataFrame:
    """One row per sentence, one column per labelling function: the label voted, or None."""
    names = [lf.name for lf in LABELLING_FUNCTIONS]
    return pd.DataFrame([votes(t) for t in texts], columns=names)


def lf_summary(matrix: pd.DataFrame, gold: Iterable[str] | None = None) -> pd.DataFrame:
    """Per labelling function: its label, coverage (share of sentences it votes on), overlap
    (votes where another function also votes), conflict (votes where another function votes a
    different label), and, given gold labels, its accuracy where it votes."""
    fired = matrix.notna().to_numpy()
    n = len(matrix)
    others_fire = fired.sum(axis=1, keepdims=True) - fired > 0
    # A function's vote conflicts when the sentence also gets a vote for another label.
    mixed = matrix.apply(lambda row: len(set(row.dropna())), axis=1).to_numpy() >= 2
    gold_array = None if gold is None else np.asarray(list(gold), dtype=object)
    rows = []
    for j, lf in enumerate(LABELLING_FUNCTIONS):
        mine = fired[:, j]
        row = {
            "function": lf.name,
            "label": lf.label,
            "votes": int(mine.sum()),
            "coverage": float(mine.mean()) if n else 0.0,
            "overlap": float((mine & others_fire[:, j]).mean()) if n else 0.0,
            "conflict": float((mine & mixed).mean()) if n else 0.0,
        }
        if gold_array is not None:
            row["accuracy"] = float((gold_array[mine] == lf.label).mean()) if mine.any() else None
        rows.append(row)
    return pd.DataFrame(rows)


def overall_summary(matrix: pd.DataFrame) -> dict[str, float]:
    """Corpus-level figures: share of sentences with any vote, with 2+ votes, with a conflict."""
    fired = matrix.notna()
    distinct = matrix.apply(lambda row: len(set(row.dropna())), axis=1)
    n = max(len(matrix), 1)
    return {
        "sentences": float(len(matrix)),
        "coverage": float(fired.any(axis=1).sum() / n),
        "overlap": float((fired.sum(axis=1) >= 2).sum() / n),
        "conflict": float((distinct >= 2).sum() / n),
    }


def weak_labels(texts: Iterable[str], method: str = "rules") -> pd.DataFrame:
    """A weak label a sentence, with the number of votes and the share that agree with it.

    ``rules``: the rule labeller's own resolution (the decision rules' precedence);
    ``majority``: the most voted label (ties and no votes fall back to ``rules``).
    """
    if method not in WEAK_METHODS:
        raise GovtextError(f"weak-label method {method!r}: use one of {', '.join(WEAK_METHODS)}.")
    rows = []
    for text in texts:
        cast = [label for label in votes(text).values() if label is not None]
        label = label_sentence(text)
        if method == "majority" and cast:
            ranked = Counter(cast).most_common()
            if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
                label = ranked[0][0]
        agreeing = sum(v == label for v in cast)
        rows.append(
            {
                "text": text,
                "label": label,
                "votes": len(cast),
                "agreement": agreeing / len(cast) if cast else 0.0,
            }
        )
    return pd.DataFrame(rows, columns=["text", "label", "votes", "agreement"])


def corpus_texts(path: str | Path, limit: int | None = None) -> list[str]:
    """Sentences of a corpus (see ``corpus_sentences``)."""
    return corpus_sentences(path, limit)[0]


def corpus_sentences(
    path: str | Path, limit: int | None = None
) -> tuple[list[str], list[str] | None]:
    """Sentences of a corpus and, for a sentence CSV with gold labels, those labels (else None).

    A CSV (``text`` column, optional ``label``) is read as is, once; a folder or JSONL of reports
    is segmented as the dataset builder does.
    """
    path = Path(path)
    if path.suffix == ".csv":
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        if "label" in frame.columns:
            frame = checked_sentences(frame, path)
        elif "text" not in frame.columns:
            raise GovtextError(f"{path}: has no text column.")
        frame = frame.iloc[:limit] if limit else frame
        labelled = "label" in frame.columns and (frame["label"] != "").any()
        return frame["text"].tolist(), frame["label"].tolist() if labelled else None
    texts: list[str] = []
    for document in corpus_documents(path):
        texts.extend(sentence for _, sentence in split_report(document.text))
        if limit and len(texts) >= limit:
            return texts[:limit], None
    return texts, None


def drop_uncovered(frame: pd.DataFrame, min_votes: int = 1) -> pd.DataFrame:
    """Keep weak labels backed by at least ``min_votes`` votes; ``other`` (what the rules say
    when no cue fires) is kept, so a student still sees sentences without any cue."""
    keep = (frame["votes"] >= min_votes) | (frame["label"] == OTHER)
    return frame[keep].reset_index(drop=True)
