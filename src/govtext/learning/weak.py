"""Weak supervision from the rules: labelling-function statistics and weak labels for corpora.

Each labelling function in ``govtext.rules`` votes for one label or abstains. ``lf_summary``
gives the figures a researcher checks before trusting them (coverage, overlap, conflict, and
accuracy where gold labels exist); ``weak_labels`` turns the votes into one label a sentence.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from govtext.data.corpora import corpus_sentences, corpus_texts
from govtext.errors import GovtextError
from govtext.files import write_atomic
from govtext.labels import OTHER
from govtext.rules import LABELLING_FUNCTIONS, label_sentence, votes

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


def drop_uncovered(frame: pd.DataFrame, min_votes: int = 1) -> pd.DataFrame:
    """Keep weak labels backed by at least ``min_votes`` votes; ``other`` (what the rules say
    when no cue fires) is kept, so a student still sees sentences without any cue."""
    keep = (frame["votes"] >= min_votes) | (frame["label"] == OTHER)
    return frame[keep].reset_index(drop=True)


@dataclass(frozen=True)
class RulesReport:
    """``lf_summary`` and ``overall_summary`` of the labelling functions on one corpus."""

    corpus: Path
    sentences: int
    summary: pd.DataFrame
    overall: dict[str, float]


def rules_report(corpus: str | Path, limit: int | None = None) -> RulesReport:
    """Run every labelling function on a corpus (the first ``limit`` sentences) and summarise
    the votes; with gold labels (a labelled sentence CSV), each function's accuracy too."""
    texts, gold = corpus_sentences(corpus, limit)
    matrix = vote_matrix(texts)
    return RulesReport(Path(corpus), len(texts), lf_summary(matrix, gold), overall_summary(matrix))


def write_weak_labels(
    corpus: str | Path,
    out: str | Path,
    method: str = "rules",
    *,
    limit: int | None = None,
    min_votes: int = 1,
) -> pd.DataFrame:
    """Weak labels of a corpus's sentences (``weak_labels``, then ``drop_uncovered``), written
    atomically to the CSV ``out`` (text,label,votes,agreement); returns them."""
    frame = drop_uncovered(weak_labels(corpus_texts(corpus, limit), method), min_votes)
    write_atomic(out, frame.to_csv(index=False, lineterminator="\n"))
    return frame
