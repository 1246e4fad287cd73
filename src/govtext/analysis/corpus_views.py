"""Views of the dataset: label counts, sentence lengths, distinctive tokens, the rule cues and how
often they fire, example sentences. Each accepts one sentence table or ``{name: table}``; with
two corpora (the seed and an external labelled set) the view is drawn side by side.

>>> frame = pd.DataFrame({"text": ["Huyện đề nghị tỉnh hỗ trợ vốn."], "label": ["request"]})
>>> int(label_count_table(frame).loc["request", "data"])
1
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from sklearn.feature_extraction.text import CountVectorizer

from govtext import rules, text
from govtext.analysis.common import (
    LABEL_COLOURS,
    Corpora,
    annotate,
    as_corpora,
    panels,
)
from govtext.data import label_counts, load_sentences
from govtext.errors import GovtextError
from govtext.labels import ALL_LABELS

log = logging.getLogger(__name__)


def with_tokens(frame: pd.DataFrame, *, words: bool = True) -> pd.DataFrame:
    """The sentence table with ``syllables`` (and ``words``) columns, computed where missing.

    The built ``sentences.csv`` already has both; an external CSV usually has only ``text``.
    Word segmentation runs underthesea (about 200 sentences a second), so pass ``words=False``
    when word views are not needed.
    """
    frame = frame.copy()
    if "syllables" not in frame.columns:
        frame["syllables"] = [" ".join(text.syllables(t)) for t in frame["text"]]
    if words and "words" not in frame.columns:
        frame["words"] = [" ".join(w) for w in text.words_batch(frame["text"])]
    return frame


def load_corpora(
    data: str | Path, external: str | Path = "", *, words: bool = True
) -> dict[str, pd.DataFrame]:
    """The seed sentence file and, when ``external`` names an existing file, a second corpus.

    Keys name the corpus and its file (``"seed: sentences.csv"``); each table gets token
    columns (see ``with_tokens``). A missing external file is skipped with a log message: the
    licensed corpus is not part of the repository, so a clone without it still runs.
    """
    corpora = {f"seed: {Path(data).name}": with_tokens(load_sentences(data), words=words)}
    if external and Path(external).is_file():
        corpora[f"external: {Path(external).name}"] = with_tokens(
            load_sentences(external), words=words
        )
    elif external:
        log.info("%s: no such file; showing the seed dataset only", external)
    return corpora


def label_count_table(corpora: Corpora) -> pd.DataFrame:
    """Sentences per label (rows, scheme order, plus ``unlabelled``), one column per corpus."""
    return pd.DataFrame({name: label_counts(frame) for name, frame in as_corpora(corpora).items()})


def label_count_figure(corpora: Corpora) -> Figure:
    """Bar chart of sentences per label, one panel per corpus, each bar annotated with its share."""
    corpora = as_corpora(corpora)
    fig, axes = panels(len(corpora), width=5.0, height=3.6)
    for ax, (name, frame) in zip(axes, corpora.items(), strict=True):
        counts = pd.Series(label_counts(frame)).reindex(ALL_LABELS)
        total = max(int(counts.sum()), 1)
        bars = ax.bar(counts.index, counts.values, color=[LABEL_COLOURS[k] for k in counts.index])
        ax.bar_label(bars, labels=[f"{n} ({n / total:.0%})" for n in counts.values], fontsize=8)
        ax.set_title(name, fontsize=10)
        ax.set_xlabel("gold label")
        ax.set_ylabel("sentences")
        ax.tick_params(axis="x", labelrotation=30)
        ax.margins(y=0.15)
    fig.suptitle("Sentences per label")
    return fig


def sentence_lengths(frame: pd.DataFrame) -> pd.Series:
    """Syllables per sentence, not counting punctuation tokens."""
    tokens = with_tokens(frame, words=False)["syllables"]
    return tokens.map(lambda s: sum(any(c.isalnum() for c in t) for t in s.split())).rename(
        "syllables"
    )


def length_table(corpora: Corpora) -> pd.DataFrame:
    """Sentence length in syllables per corpus and label: count, median, mean, min, max."""
    rows = []
    for name, frame in as_corpora(corpora).items():
        lengths = sentence_lengths(frame)
        for label in ALL_LABELS:
            values = lengths[frame["label"].to_numpy() == label]
            if len(values):
                rows.append(
                    {
                        "corpus": name,
                        "label": label,
                        "sentences": len(values),
                        "median": float(values.median()),
                        "mean": round(float(values.mean()), 1),
                        "min": int(values.min()),
                        "max": int(values.max()),
                    }
                )
    return pd.DataFrame(
        rows, columns=["corpus", "label", "sentences", "median", "mean", "min", "max"]
    )


def length_figure(corpora: Corpora) -> Figure:
    """Box plots of sentence length (syllables) per gold label, one panel per corpus."""
    corpora = as_corpora(corpora)
    fig, axes = panels(len(corpora), width=5.0, height=3.6)
    for ax, (name, frame) in zip(axes, corpora.items(), strict=True):
        lengths = sentence_lengths(frame)
        labels = [k for k in ALL_LABELS if (frame["label"] == k).any()]
        data = [lengths[frame["label"].to_numpy() == k].to_numpy() for k in labels]
        if data:
            boxes = ax.boxplot(data, tick_labels=labels, patch_artist=True)
            for patch, label in zip(boxes["boxes"], labels, strict=True):
                patch.set_facecolor(LABEL_COLOURS[label])
                patch.set_alpha(0.6)
        ax.set_title(name, fontsize=10)
        ax.set_xlabel("gold label")
        ax.set_ylabel("sentence length (syllables)")
        ax.tick_params(axis="x", labelrotation=30)
    fig.suptitle("Sentence length per label")
    return fig


def distinctive_ngrams(
    frame: pd.DataFrame,
    column: str = "syllables",
    *,
    n: int = 8,
    ngram_range: tuple[int, int] = (1, 1),
    min_count: int = 1,
) -> pd.DataFrame:
    """The tokens most typical of each label against all other labels.

    Scored by the log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn
    2008, "Fightin' Words"), the prior being the corpus's own counts: a z-score that stays sane
    for the two-sentence classes of a tiny dataset, where plain frequency ratios are dominated by
    words seen once. Only n-grams whose every token has a letter are kept (punctuation and bare
    numbers are no cue). Columns: label, rank, token, count (in the label), z; highest z first,
    positive z only.
    """
    frame = with_tokens(frame, words=column == "words")
    frame = frame[frame["label"].isin(ALL_LABELS)]
    columns = ["label", "rank", "token", "count", "z"]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    vectorizer = CountVectorizer(
        token_pattern=r"\S+", lowercase=False, ngram_range=ngram_range, min_df=1
    )
    counts = vectorizer.fit_transform(frame[column])
    vocabulary = vectorizer.get_feature_names_out()
    keep = np.array([all(any(c.isalpha() for c in t) for t in g.split()) for g in vocabulary])
    vocabulary = vocabulary[keep]
    counts = counts[:, keep]
    labels = frame["label"].to_numpy()
    prior = np.asarray(counts.sum(axis=0)).ravel().astype(float)  # alpha_w
    prior_total = prior.sum()
    rows = []
    for label in [k for k in ALL_LABELS if (labels == k).any()]:
        inside = np.asarray(counts[labels == label].sum(axis=0)).ravel().astype(float)
        outside = prior - inside
        n_in, n_out = inside.sum(), outside.sum()
        log_odds_in = np.log((inside + prior) / (n_in + prior_total - inside - prior))
        log_odds_out = np.log((outside + prior) / (n_out + prior_total - outside - prior))
        z = (log_odds_in - log_odds_out) / np.sqrt(1.0 / (inside + prior) + 1.0 / (outside + prior))
        candidates = np.flatnonzero((inside >= min_count) & (z > 0))
        best = sorted(candidates, key=lambda i: (-z[i], vocabulary[i]))[:n]
        for rank, i in enumerate(best, start=1):
            rows.append(
                {
                    "label": label,
                    "rank": rank,
                    "token": vocabulary[i],
                    "count": int(inside[i]),
                    "z": round(float(z[i]), 3),
                }
            )
    return pd.DataFrame(rows, columns=columns)


def distinctive_table(corpora: Corpora, column: str = "words", *, n: int = 8) -> pd.DataFrame:
    """``distinctive_ngrams`` side by side: one row per rank, columns (corpus, label), tokens."""
    tables = {}
    for name, frame in as_corpora(corpora).items():
        long = distinctive_ngrams(frame, column, n=n)
        tables[name] = long.pivot(index="rank", columns="label", values="token").reindex(
            columns=[k for k in ALL_LABELS if k in set(long["label"])]
        )
    if not tables:
        return pd.DataFrame()
    return pd.concat(tables, axis=1).fillna("")


def distinctive_figure(corpora: Corpora, column: str = "syllables", *, n: int = 8) -> Figure:
    """Horizontal bars of the most distinctive tokens' z-scores: a row of panels per corpus,
    one panel per label."""
    corpora = as_corpora(corpora)
    tables = {name: distinctive_ngrams(frame, column, n=n) for name, frame in corpora.items()}
    fig = Figure(
        figsize=(3.0 * len(ALL_LABELS), 0.35 * n * len(corpora) + 1.6), layout="constrained"
    )
    axes = fig.subplots(len(corpora), len(ALL_LABELS), squeeze=False)
    for row, (name, table) in enumerate(tables.items()):
        for col, label in enumerate(ALL_LABELS):
            ax = axes[row, col]
            part = table[table["label"] == label]
            ax.barh(part["token"][::-1], part["z"][::-1], color=LABEL_COLOURS[label])
            ax.set_title(f"{label}\n({name})", fontsize=9)
            ax.set_xlabel("log-odds z-score")
            if col == 0:
                ax.set_ylabel(f"{column} (most distinctive on top)")
            if part.empty:
                ax.text(0.5, 0.5, "no sentences", ha="center", va="center", transform=ax.transAxes)
    fig.suptitle(f"Most distinctive {column} per label (log-odds vs the other labels)")
    return fig


def cue_lexicon() -> pd.DataFrame:
    """The rule baseline's labelling functions: name, the label each votes for, its cue words.

    The cues come from each function's docstring, so this table is the rules' own description.
    """
    return pd.DataFrame(
        [
            {
                "function": lf.name,
                "votes_for": lf.label,
                "cues": next(iter((lf.func.__doc__ or "").strip().splitlines()), ""),
            }
            for lf in rules.LABELLING_FUNCTIONS
        ]
    )


def cue_votes(frame: pd.DataFrame) -> pd.DataFrame:
    """Which labelling functions fire on each sentence: one boolean column per function."""
    fired = [
        {name: vote is not None for name, vote in rules.votes(t).items()} for t in frame["text"]
    ]
    names = [lf.name for lf in rules.LABELLING_FUNCTIONS]
    return pd.DataFrame(fired, columns=names, index=frame.index).astype(bool)


def cue_firing(corpora: Corpora, *, by: str = "label") -> pd.DataFrame:
    """Share of each gold label's sentences on which the cues fire.

    ``by="label"``: one row per cue family (any function voting for that label fires);
    ``by="function"``: one row per (label it votes for, labelling function). Columns are
    (corpus, gold label). A well-aimed family fires often on its own label and rarely elsewhere.
    """
    if by not in ("label", "function"):
        raise GovtextError(f"cue_firing(by={by!r}): use 'label' or 'function'.")
    tables = {}
    for name, frame in as_corpora(corpora).items():
        frame = frame[frame["label"].isin(ALL_LABELS)]
        fired = cue_votes(frame)
        if by == "label":
            fired = pd.DataFrame(
                {
                    family: fired[
                        [lf.name for lf in rules.LABELLING_FUNCTIONS if lf.label == family]
                    ].any(axis=1)
                    for family in ALL_LABELS
                },
                index=frame.index,
            )
        share = fired.groupby(frame["label"]).mean().T
        tables[name] = share.reindex(columns=[k for k in ALL_LABELS if k in share.columns])
    table = pd.concat(tables, axis=1)
    table.columns.names = ["corpus", "gold label"]
    if by == "label":
        table.index.name = "cues of"
    else:
        table.index = pd.MultiIndex.from_arrays(
            [[lf.label for lf in rules.LABELLING_FUNCTIONS], table.index],
            names=["votes for", "function"],
        )
    return table


def cue_firing_figure(corpora: Corpora) -> Figure:
    """Heatmap of ``cue_firing(by="label")``: cue family by gold label, one panel per corpus."""
    corpora = as_corpora(corpora)
    table = cue_firing(corpora, by="label")
    fig, axes = panels(len(corpora), width=5.2, height=4.2)
    for ax, name in zip(axes, corpora, strict=True):
        part = table[name]
        image = ax.imshow(part.to_numpy(dtype=float), cmap="Blues", vmin=0.0, vmax=1.0)
        annotate(ax, part.to_numpy(dtype=float), "{:.0%}")
        ax.set_xticks(range(part.shape[1]), part.columns, rotation=30, ha="right")
        ax.set_yticks(range(part.shape[0]), part.index)
        ax.set_xlabel("gold label")
        ax.set_ylabel("cues of (the label they vote for)")
        ax.set_title(name, fontsize=10)
    fig.colorbar(image, ax=list(axes), label="share of the gold label's sentences", shrink=0.8)
    fig.suptitle("How often each label's cues fire")
    return fig


def examples_per_label(corpora: Corpora, *, n: int = 3, seed: int = 0) -> pd.DataFrame:
    """Up to ``n`` sentences per gold label and corpus, drawn with a fixed seed."""
    rows = []
    for name, frame in as_corpora(corpora).items():
        for label in ALL_LABELS:
            part = frame[frame["label"] == label]
            sample = part.sample(min(n, len(part)), random_state=seed)
            rows += [{"corpus": name, "label": label, "text": t} for t in sample["text"]]
    return pd.DataFrame(rows, columns=["corpus", "label", "text"])
