"""Where the lexicon's phrases occur: on labelled data (where the rules were written) and on an
unlabelled pool (what new reports look like).

A phrase that occurs on the labelled data but almost never on the pool was probably written for
those very sentences: it raises the labelled score without generalising. ``phrase_usage``
counts every phrase on both, ``tuned_to_labelled`` lists the suspects for review.

Counts are of sentences containing the phrase on whole tokens, before the exclusions and windows
of the labelling functions: what the phrase could fire on, which is what the question asks.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from govtext.data.corpora import corpus_texts
from govtext.data.corpus_gold import LOCKBOX
from govtext.data.sentences import load_sentences
from govtext.rules.lexicon import Lexicon, load_lexicon
from govtext.text import syllables

USAGE_COLUMNS = [
    "phrase",
    "cue_set",
    "families",
    "source",
    "labelled",
    "pool",
    "labelled_per_1000",
    "pool_per_1000",
]


def phrase_usage(
    labelled: Iterable[str], pool: Iterable[str], lexicon: Lexicon | None = None
) -> pd.DataFrame:
    """One row per (phrase, cue set): sentences of ``labelled`` and ``pool`` containing it,
    and the same per 1,000 sentences."""
    lexicon = lexicon or load_lexicon()
    phrases = {p for cue_set in lexicon.sets.values() for p in cue_set.phrases}
    longest = max((len(p.split()) for p in phrases), default=1)
    counts, sizes = [], []
    for texts in (labelled, pool):
        counter, n = Counter(), 0
        for text in texts:
            counter.update(_phrases_in(syllables(text), phrases, longest))
            n += 1
        counts.append(counter)
        sizes.append(n)
    rows = [
        {
            "phrase": phrase,
            "cue_set": cue_set.name,
            "families": " ".join(cue_set.families),
            "source": lexicon.sources.get(source, source),
            "labelled": counts[0][phrase],
            "pool": counts[1][phrase],
            "labelled_per_1000": 1000 * counts[0][phrase] / max(sizes[0], 1),
            "pool_per_1000": 1000 * counts[1][phrase] / max(sizes[1], 1),
        }
        for cue_set in lexicon.sets.values()
        for phrase, source in zip(cue_set.phrases, cue_set.sources, strict=True)
    ]
    return pd.DataFrame(rows, columns=USAGE_COLUMNS)


def _phrases_in(tokens: list[str], phrases: set[str], longest: int) -> set[str]:
    """The lexicon phrases that occur in a sentence's tokens (each counted once a sentence)."""
    found = set()
    for start in range(len(tokens)):
        for end in range(start + 1, min(start + longest, len(tokens)) + 1):
            candidate = " ".join(tokens[start:end])
            if candidate in phrases:
                found.add(candidate)
    return found


def tuned_to_labelled(
    usage: pd.DataFrame, *, min_labelled: int = 2, max_ratio: float = 0.1
) -> pd.DataFrame:
    """Phrases seen in at least ``min_labelled`` labelled sentences whose pool rate is below
    ``max_ratio`` times their labelled rate: candidates to remove, or to justify."""
    suspect = (usage["labelled"] >= min_labelled) & (
        usage["pool_per_1000"] < max_ratio * usage["labelled_per_1000"]
    )
    return usage[suspect].sort_values(["labelled", "phrase"], ascending=[False, True])


def lexicon_report(
    labelled: str | Path, pool: str | Path, *, pool_limit: int | None = None
) -> pd.DataFrame:
    """``tuned_to_labelled`` for the installed lexicon: the sentences of the labelled CSV (its
    lockbox rows, if it has a ``split`` column, are never read) against a pool corpus."""
    frame = load_sentences(labelled)
    if "split" in frame.columns:
        frame = frame[frame["split"] != LOCKBOX]
    return tuned_to_labelled(phrase_usage(frame["text"], corpus_texts(pool, pool_limit)))
