"""Gold labels on the shared news corpus, kept as ids and labels only.

The corpus text may not be redistributed, so the repository keeps ``data/gold/pool-annotations.csv``
(sentence id, article id, position, the two annotation passes, the adjudicated label, the split)
and ``build_gold`` joins the text from a local copy of the corpus when a researcher has one:
the seed report's gold labels, ``dev.csv`` and the pool annotations become one sentence table
with a ``split`` column (train / validation / lockbox).

The split is fixed in the annotation file, by article: the lockbox and validation articles were
drawn at random from the pool (stratified by source and year) and nobody wrote rules or chose
features looking at them; dev.csv is train only, because the rules were written against it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from govtext.data.corpora import corpus_rows
from govtext.data.sentences import load_sentences, read_text_csv
from govtext.errors import GovtextError
from govtext.files import write_atomic
from govtext.labels import ALL_LABELS

SPLITS: tuple[str, ...] = ("train", "validation", "lockbox")
VALIDATION, LOCKBOX = "validation", "lockbox"
DEFAULT_SPLIT_COLUMN = "split"  # the column name `govtext data gold` writes
ANNOTATION_COLUMNS = [
    "sent_id",
    "doc_id",
    "position",
    "round",
    "sample",
    "split",
    "pass_a",
    "pass_b",
    "label",
    "unsure",
    "note",
]
GOLD_COLUMNS = ["doc_id", "sent_id", "position", "text", "label", "split", "source"]


def read_annotations(path: str | Path) -> pd.DataFrame:
    """Read and check the pool annotation file: every label from the scheme, every split known,
    one row per sentence id, and the final label equal to the passes wherever they agree.

    Errors name the file and the line; a row is never dropped.
    """
    path = Path(path)
    frame = read_text_csv(path, "annotation file", "pass data/gold/pool-annotations.csv")
    missing = [c for c in ANNOTATION_COLUMNS if c not in frame.columns]
    if missing:
        raise GovtextError(f"{path}: has no {', '.join(missing)} column(s).")

    def fail(mask: pd.Series, what: str) -> None:
        if mask.any():
            line = int(np.flatnonzero(mask.to_numpy())[0]) + 2
            raise GovtextError(f"{path}:{line}: {what} ({int(mask.sum())} row(s) in all).")

    for column in ("pass_a", "pass_b", "label"):
        fail(~frame[column].isin(ALL_LABELS), f"{column} is not one of {', '.join(ALL_LABELS)}")
    fail(~frame["split"].isin(SPLITS), f"split is not one of {', '.join(SPLITS)}")
    fail(frame["sent_id"].duplicated(), "a sentence id appears twice; keep one row per id")
    agreed = frame["pass_a"] == frame["pass_b"]
    fail(agreed & (frame["label"] != frame["pass_a"]), "both passes agree but label differs")
    splits_per_doc = frame.groupby("doc_id")["split"].nunique()
    fail(frame["doc_id"].isin(splits_per_doc[splits_per_doc > 1].index), "an article is split")
    frame["position"] = frame["position"].astype(int)
    return frame


@dataclass(frozen=True)
class Agreement:
    """How two independent annotation passes agreed, before adjudication."""

    sentences: int
    agreed: int
    kappa: float  # Cohen's kappa over the five labels
    per_label: dict[str, float]  # Cohen's kappa of "this label or not", per label

    @property
    def rate(self) -> float:
        return self.agreed / self.sentences if self.sentences else float("nan")


def agreement(annotations: pd.DataFrame) -> Agreement:
    """Raw agreement and Cohen's kappa between ``pass_a`` and ``pass_b`` (overall and per label,
    one label against the rest)."""
    a, b = annotations["pass_a"].to_numpy(), annotations["pass_b"].to_numpy()
    per_label = {label: _kappa(a == label, b == label) for label in ALL_LABELS}
    return Agreement(len(a), int((a == b).sum()), _kappa(a, b), per_label)


def _kappa(a: np.ndarray, b: np.ndarray) -> float:
    """Cohen's kappa: observed agreement corrected for the agreement the two passes' label
    frequencies would give by chance."""
    if len(a) == 0:
        return float("nan")
    labels = sorted(set(a.tolist()) | set(b.tolist()))
    observed = float(np.mean(a == b))
    chance = sum(float(np.mean(a == x)) * float(np.mean(b == x)) for x in labels)
    return 1.0 if chance == 1.0 else (observed - chance) / (1.0 - chance)


def build_gold(
    annotations: str | Path,
    corpus_dir: str | Path,
    seed_sentences: str | Path | None = "data/sentences.csv",
) -> pd.DataFrame:
    """One labelled sentence table (``GOLD_COLUMNS``): the seed's gold labels and dev.csv (both
    ``train``) and the pool annotations joined with their text from ``corpus_dir/pool.jsonl``.

    ``corpus_dir`` is the shared corpus folder (``pool.jsonl``, ``dev.csv``). A pool sentence
    id that the corpus no longer yields is an error listing it: a gold label is never dropped.
    """
    corpus_dir = Path(corpus_dir)
    pool, dev_csv = corpus_dir / "pool.jsonl", corpus_dir / "dev.csv"
    for needed in (pool, dev_csv):
        if not needed.exists():
            raise GovtextError(
                f"{needed}: not found; the gold set takes its text from the shared corpus "
                "(research use only, never copied here): pass --corpus FOLDER holding "
                "pool.jsonl and dev.csv."
            )
    pool_gold = read_annotations(annotations)
    texts = _texts_of(corpus_rows(pool, with_words=False), set(pool_gold["sent_id"]))
    orphans = sorted(set(pool_gold["sent_id"]) - set(texts))
    if orphans:
        raise GovtextError(
            f"{annotations}: {len(orphans)} annotated sentence(s) are not in {pool} as "
            f"segmented today (e.g. {', '.join(orphans[:3])}); the corpus or the segmenter "
            "changed. Fix the annotation ids; none is dropped."
        )
    parts = [_seed_part(seed_sentences), _dev_part(dev_csv)]
    pool_part = pool_gold.assign(
        text=pool_gold["sent_id"].map(texts), source="pool-" + pool_gold["sample"]
    )
    parts.append(pool_part[GOLD_COLUMNS])
    return pd.concat(parts, ignore_index=True)


def _texts_of(rows: Iterable[dict], wanted: set[str]) -> dict[str, str]:
    return {row["sent_id"]: row["text"] for row in rows if row["sent_id"] in wanted}


def _seed_part(path: str | Path | None) -> pd.DataFrame:
    if path is None or not Path(path).exists():
        return pd.DataFrame(columns=GOLD_COLUMNS)
    seed = load_sentences(path)
    seed = seed[seed["label"] != ""]
    return seed.assign(split="train", source="seed")[GOLD_COLUMNS]


def _dev_part(path: Path) -> pd.DataFrame:
    dev = load_sentences(path)
    missing = {"sid", "article", "position"} - set(dev.columns)
    if missing:
        raise GovtextError(f"{path}: has no {', '.join(sorted(missing))} column(s).")
    return pd.DataFrame(
        {
            "doc_id": "dev-" + dev["article"],
            "sent_id": dev["sid"],
            "position": dev["position"].astype(int),
            "text": dev["text"],
            "label": dev["label"],
            "split": "train",
            "source": "dev",
        }
    )


def write_gold(frame: pd.DataFrame, out: str | Path) -> Path:
    """Write the gold table (atomically). It holds corpus text: keep it out of the repository
    (``data/corpus/`` is git-ignored)."""
    write_atomic(out, frame[GOLD_COLUMNS].to_csv(index=False, lineterminator="\n"))
    return Path(out)


def split_summary(frame: pd.DataFrame) -> pd.DataFrame:
    """Sentences per split and label, with the number of articles per split."""
    table = pd.crosstab(frame["split"], frame["label"]).reindex(columns=list(ALL_LABELS))
    table = table.fillna(0).astype(int)
    table["sentences"] = table.sum(axis=1)
    table["articles"] = frame.groupby("split")["doc_id"].nunique()
    return table.reindex([s for s in SPLITS if s in table.index])
