"""Tables and figures for the notebooks: the dataset, the tracked experiments, one run's errors.

The notebooks in ``notebooks/`` only call these functions, so every view they show is tested
here. Functions return a pandas DataFrame or a matplotlib ``Figure`` with a title and labelled
axes; figures are built without pyplot (no global state), and an empty input gives a figure that
says what is missing instead of an error.

Views of a corpus accept one sentence table or a mapping ``{name: table}``; with two corpora
(the seed dataset and an external labelled set) the same view is drawn side by side.

>>> frame = pd.DataFrame({"text": ["Huyện đề nghị tỉnh hỗ trợ vốn."], "label": ["request"]})
>>> int(label_count_table(frame).loc["request", "data"])
1
"""

from __future__ import annotations

import dataclasses
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from sklearn.base import clone
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.pipeline import FeatureUnion, Pipeline

from govtext import dataset, rules, text
from govtext.config import parse_config
from govtext.errors import GovtextError
from govtext.evaluate import choose_protocol
from govtext.experiment import ExperimentResult, load_labelled, run_experiment
from govtext.labels import ALL_LABELS, TASK_LABELS

log = logging.getLogger(__name__)

Corpora = Mapping[str, pd.DataFrame] | pd.DataFrame

# One colour per label, the same in every figure.
LABEL_COLOURS = {
    "achievement": "#2a9d8f",
    "limitation": "#e76f51",
    "request": "#8e6bbf",
    "instruction": "#264f8c",
    "other": "#9a9a9a",
}


# --------------------------------------------------------------------------- the dataset


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
    corpora = {f"seed: {Path(data).name}": with_tokens(dataset.load_sentences(data), words=words)}
    if external and Path(external).is_file():
        corpora[f"external: {Path(external).name}"] = with_tokens(
            dataset.load_sentences(external), words=words
        )
    elif external:
        log.info("%s: no such file; showing the seed dataset only", external)
    return corpora


def label_count_table(corpora: Corpora) -> pd.DataFrame:
    """Sentences per label (rows, scheme order, plus ``unlabelled``), one column per corpus."""
    return pd.DataFrame(
        {name: dataset.label_counts(frame) for name, frame in _as_corpora(corpora).items()}
    )


def label_count_figure(corpora: Corpora) -> Figure:
    """Bar chart of sentences per label, one panel per corpus, each bar annotated with its share."""
    corpora = _as_corpora(corpora)
    fig, axes = _panels(len(corpora), width=5.0, height=3.6)
    for ax, (name, frame) in zip(axes, corpora.items(), strict=True):
        counts = pd.Series(dataset.label_counts(frame)).reindex(ALL_LABELS)
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
    for name, frame in _as_corpora(corpora).items():
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
    corpora = _as_corpora(corpora)
    fig, axes = _panels(len(corpora), width=5.0, height=3.6)
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
    for name, frame in _as_corpora(corpora).items():
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
    corpora = _as_corpora(corpora)
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
    for name, frame in _as_corpora(corpora).items():
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
    corpora = _as_corpora(corpora)
    table = cue_firing(corpora, by="label")
    fig, axes = _panels(len(corpora), width=5.2, height=4.2)
    for ax, name in zip(axes, corpora, strict=True):
        part = table[name]
        image = ax.imshow(part.to_numpy(dtype=float), cmap="Blues", vmin=0.0, vmax=1.0)
        _annotate(ax, part.to_numpy(dtype=float), "{:.0%}")
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
    for name, frame in _as_corpora(corpora).items():
        for label in ALL_LABELS:
            part = frame[frame["label"] == label]
            sample = part.sample(min(n, len(part)), random_state=seed)
            rows += [{"corpus": name, "label": label, "text": t} for t in sample["text"]]
    return pd.DataFrame(rows, columns=["corpus", "label", "text"])


# --------------------------------------------------------------------------- experiments


def store_uri(configured: str = "", default: str | Path = "mlflow.db") -> str:
    """The tracking store to read: ``configured``, else ``MLFLOW_TRACKING_URI``, else the SQLite
    file ``default`` (the notebooks pass ``../mlflow.db``, the store ``make run`` writes).

    A SQLite file that does not exist is an error: reading it would create an empty store and
    show an empty leaderboard.
    """
    from govtext import tracking

    if configured or os.environ.get("MLFLOW_TRACKING_URI"):
        uri = tracking.resolve_tracking_uri(configured)
    else:
        uri = f"sqlite:///{Path(default).resolve()}"
    if uri.startswith("sqlite:///") and not Path(uri.removeprefix("sqlite:///")).is_file():
        raise GovtextError(
            f"{uri}: no MLflow store there; run `make run` (or `govtext train`) in the project "
            "folder first, or set TRACKING_URI / MLFLOW_TRACKING_URI to your store."
        )
    return uri


def experiment_table(uri: str, experiment: str = "govtext", *, latest: bool = True) -> pd.DataFrame:
    """The leaderboard with per-class F1 columns (``f1_<label>``, ``ext_f1_<label>``).

    ``latest``: keep only the newest run of each experiment config, so a config trained twice
    is one row. Best macro-F1 first.
    """
    from govtext import tracking

    board = tracking.leaderboard(uri, experiment)
    metrics = tracking.run_metrics(uri, experiment)
    extra = ["start_time", *(f"{p}f1_{k}" for p in ("", "ext_") for k in ALL_LABELS)]
    table = board.merge(
        metrics.reindex(columns=extra), left_on="run_id", right_index=True, how="left"
    )
    if latest:
        table = table.sort_values("start_time", ascending=False, kind="stable")
        table = table.drop_duplicates("experiment", keep="first")
    table = table.sort_values("macro_f1", ascending=False, na_position="last", kind="stable")
    return table.reset_index(drop=True)


def forest_figure(table: pd.DataFrame, *, prefix: str = "") -> Figure:
    """Macro-F1 per experiment with its 95% bootstrap interval (a forest plot), best on top.

    ``prefix="ext_"`` plots the scores on the external held-out set instead.
    """
    where = "external held-out set" if prefix else "cross-validation on the seed"
    title = f"Macro-F1 with 95% bootstrap interval ({where})"
    rows = _rows_with(table, f"{prefix}macro_f1")
    if rows.empty:
        return _message_figure(
            title, "no tracked run has these metrics yet", "macro-F1", "experiment"
        )
    fig = Figure(figsize=(7.5, 0.45 * len(rows) + 1.5), layout="constrained")
    ax = fig.subplots()
    y = np.arange(len(rows))[::-1]
    value = rows[f"{prefix}macro_f1"].to_numpy(float)
    low = rows[f"{prefix}macro_f1_low"].to_numpy(float)
    high = rows[f"{prefix}macro_f1_high"].to_numpy(float)
    ax.errorbar(value, y, xerr=[value - low, high - value], fmt="o", color="#264f8c", capsize=4)
    for yi, v, h in zip(y, value, high, strict=True):
        ax.annotate(
            f"{v:.2f}", (h, yi), xytext=(4, 0), textcoords="offset points", va="center", fontsize=8
        )
    ax.set_yticks(y, rows["experiment"])
    ax.set_xlim(0.0, 1.1)
    ax.set_xlabel("macro-F1 over the four task labels")
    ax.set_ylabel("experiment")
    ax.grid(axis="x", alpha=0.3)
    ax.set_title(title, fontsize=10)
    return fig


def per_class_f1_figure(table: pd.DataFrame, *, prefix: str = "") -> Figure:
    """Heatmap of F1 per label (columns) and experiment (rows, leaderboard order)."""
    where = "external held-out set" if prefix else "cross-validation on the seed"
    title = f"F1 per class and experiment ({where})"
    columns = [f"{prefix}f1_{k}" for k in ALL_LABELS]
    rows = _rows_with(table, f"{prefix}macro_f1")
    if rows.empty or not set(columns) <= set(rows.columns):
        return _message_figure(title, "no tracked run has per-class F1 yet", "label", "experiment")
    values = rows[columns].to_numpy(dtype=float)
    fig = Figure(figsize=(7.5, 0.45 * len(rows) + 1.8), layout="constrained")
    ax = fig.subplots()
    image = ax.imshow(values, cmap="viridis", vmin=0.0, vmax=1.0, aspect="auto")
    _annotate(ax, values, "{:.2f}", light_below=0.6)
    ax.set_xticks(range(len(ALL_LABELS)), [*TASK_LABELS, "other (not in macro-F1)"], rotation=20)
    ax.set_yticks(range(len(rows)), rows["experiment"])
    ax.set_xlabel("label")
    ax.set_ylabel("experiment")
    ax.set_title(title, fontsize=10)
    fig.colorbar(image, ax=ax, label="F1")
    return fig


def seed_vs_external(table: pd.DataFrame) -> pd.DataFrame:
    """For runs also scored on an external set: both macro-F1s, their intervals and the gap."""
    rows = _rows_with(table, "ext_macro_f1")
    out = rows[
        [
            "experiment",
            "macro_f1",
            "macro_f1_low",
            "macro_f1_high",
            "ext_macro_f1",
            "ext_macro_f1_low",
            "ext_macro_f1_high",
        ]
    ].copy()
    out["gap"] = out["ext_macro_f1"] - out["macro_f1"]
    return out.reset_index(drop=True)


def seed_vs_external_figure(table: pd.DataFrame) -> Figure:
    """Each experiment's seed cross-validation and external macro-F1, with intervals, paired."""
    title = "Seed cross-validation vs external held-out set (macro-F1, 95% interval)"
    rows = seed_vs_external(table)
    if rows.empty:
        return _message_figure(
            title,
            "no run was scored on an external set\n(train with --eval-data FILE)",
            "macro-F1",
            "experiment",
        )
    fig = Figure(figsize=(7.5, 0.55 * len(rows) + 1.8), layout="constrained")
    ax = fig.subplots()
    y = np.arange(len(rows))[::-1].astype(float)
    for offset, prefix, name, colour in (
        (0.15, "", "cross-validation on the seed", "#264f8c"),
        (-0.15, "ext_", "external held-out set", "#e76f51"),
    ):
        value = rows[f"{prefix}macro_f1"].to_numpy(float)
        low = rows[f"{prefix}macro_f1_low"].to_numpy(float)
        high = rows[f"{prefix}macro_f1_high"].to_numpy(float)
        ax.errorbar(
            value, y + offset, xerr=[value - low, high - value], fmt="o", capsize=3,
            color=colour, label=name,
        )  # fmt: skip
    ax.set_yticks(y, rows["experiment"])
    ax.set_xlim(0.0, 1.1)
    ax.set_xlabel("macro-F1 over the four task labels")
    ax.set_ylabel("experiment")
    ax.grid(axis="x", alpha=0.3)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, fontsize=8, frameon=False)
    ax.set_title(title, fontsize=10)
    return fig


# --------------------------------------------------------------------------- one run's errors


def choose_run(
    uri: str, run_id: str = "", experiment: str = "govtext", prefer: str = "default"
) -> str:
    """``run_id`` if given, else the newest run of the ``prefer`` config, else the newest run."""
    from govtext import tracking

    if run_id:
        return run_id
    try:
        return tracking.latest_run_id(uri, experiment, name=prefer)
    except GovtextError:
        log.info("no run of %r in %s; taking the newest run", prefer, uri)
        return tracking.latest_run_id(uri, experiment)


@dataclass(frozen=True)
class Rerun:
    """A tracked run re-computed from its logged config: its fitted pipeline and predictions."""

    run_id: str
    logged_metrics: dict[str, float]
    result: ExperimentResult

    def comparison(self) -> pd.DataFrame:
        """Every cross-validation metric as logged and as re-computed; ``same`` is exact equality."""
        fresh = self.result.cross_validation.metrics
        rows = [
            {"metric": k, "logged": v, "rerun": fresh.get(k, np.nan), "same": fresh.get(k) == v}
            for k, v in sorted(self.logged_metrics.items())
            if not k.startswith("ext_")
        ]
        return pd.DataFrame(rows, columns=["metric", "logged", "rerun", "same"])

    @property
    def matches(self) -> bool:
        return bool(self.comparison()["same"].all())


def rerun(uri: str, run_id: str, data: str | Path | None = None) -> Rerun:
    """Re-run a tracked run's logged config (cross-validation and the final fit) without logging.

    Training is deterministic, so this gives the run's own predictions and fitted model. ``data``
    replaces the config's data path (which is relative to where training ran); its content must
    hash to what the run logged, or the comparison would be meaningless and it is an error.
    """
    from govtext import tracking

    logged = tracking.fetch_run(uri, run_id)
    config = parse_config(logged.config, f"run {run_id} config.json")
    if data is not None:
        config = dataclasses.replace(config, data=dataclasses.replace(config.data, path=str(data)))
    if getattr(config.features, "token_cache", ""):
        # The cache only saves time (it never changes a token), and its path is relative to
        # where training ran: without it a re-run writes no file beside the notebook.
        features = dataclasses.replace(config.features, token_cache="")
        config = dataclasses.replace(config, features=features)
    found = load_labelled(config.data.path).content_hash
    if found != logged.data_hash:
        raise GovtextError(
            f"{config.data.path}: its content hash {found[:12]} differs from the "
            f"{logged.data_hash[:12]} run {run_id} was trained on; pass the data it was trained on."
        )
    return Rerun(run_id, dict(logged.metrics), run_experiment(config))


def score_kind(pipeline: Pipeline) -> str | None:
    """How a pipeline scores the labels: ``"probability"``, ``"decision function"`` or None."""
    if hasattr(pipeline, "predict_proba"):
        return "probability"
    if hasattr(pipeline, "decision_function"):
        return "decision function"
    return None


def out_of_fold_scores(result: ExperimentResult) -> pd.DataFrame:
    """Every sentence's out-of-fold prediction and per-label scores, first repeat of the run's
    cross-validation: the same folds and seeds, so ``predicted`` equals the run's predictions.

    Columns: row, text, label, predicted, and ``score_<label>`` for every label when the model
    scores (probabilities, else decision-function values; ``attrs["score_kind"]`` says which).
    A label missing from a fold's training part gets NaN.
    """
    config, data = result.config, result.data
    groups = (
        data.frame[config.data.group_column].to_numpy(dtype=object)
        if config.data.group_column
        else None
    )
    protocol = choose_protocol(
        data.labels,
        folds=config.evaluation.folds,
        repeats=1,  # repeat 0 of the run: same seed, same folds
        random_state=config.seed,
        protocol=config.evaluation.protocol,
        groups=groups,
    )
    kind = score_kind(result.pipeline)
    n = len(data.labels)
    predicted = np.empty(n, dtype=object)
    scores = np.full((n, len(ALL_LABELS)), np.nan)
    for train, test in protocol.splits(data.labels, groups):
        model = clone(result.pipeline)
        # As in evaluate.cross_val_predictions: every random_state gets the repeat's seed.
        seeds = [
            k
            for k in model.get_params(deep=True)
            if k == "random_state" or k.endswith("__random_state")
        ]
        if seeds:
            model.set_params(**dict.fromkeys(seeds, protocol.random_state))
        model.fit(data.texts[train], data.labels[train])
        predicted[test] = np.asarray(model.predict(data.texts[test]), dtype=object)
        if kind is not None:
            scores[np.ix_(test, _label_columns(model.classes_))] = _scores(
                model, data.texts[test], kind
            )
    expected = result.cross_validation.predictions["predicted"].to_numpy(dtype=object)
    if not np.array_equal(predicted, expected):
        # The refit must be the run's own cross-validation; anything else is a bug here.
        raise RuntimeError("out-of-fold refit disagrees with the experiment's predictions")
    frame = pd.DataFrame(
        {"row": np.arange(n), "text": data.texts, "label": data.labels, "predicted": predicted}
    )
    if kind is not None:
        for j, label in enumerate(ALL_LABELS):
            frame[f"score_{label}"] = scores[:, j]
    frame.attrs["score_kind"] = kind or "none (the model gives no scores)"
    return frame


def errors_table(result: ExperimentResult) -> pd.DataFrame:
    """The run's misclassified sentences (out-of-fold, first repeat) with their per-label scores,
    what the rule baseline says on each (``rules``, ``rules_right``) and which cues fired."""
    frame = out_of_fold_scores(result)
    wrong = frame[frame["label"] != frame["predicted"]].copy()
    wrong["rules"] = [rules.label_sentence(t) for t in wrong["text"]]
    wrong["rules_right"] = wrong["rules"] == wrong["label"]
    wrong["cues"] = [
        ", ".join(name for name, vote in rules.votes(t).items() if vote is not None)
        for t in wrong["text"]
    ]
    wrong.attrs = frame.attrs
    return wrong.reset_index(drop=True)


def rules_on_errors(errors: pd.DataFrame) -> pd.DataFrame:
    """Per gold label: how many of the model's errors the rule baseline gets right."""
    table = errors.groupby("label")["rules_right"].agg(model_errors="size", rules_right="sum")
    return table.reindex([k for k in ALL_LABELS if k in table.index]).astype(int)


def top_features(pipeline: Pipeline, n: int = 10) -> pd.DataFrame:
    """The ``n`` highest-weighted features per class of a fitted linear pipeline.

    Handles ``segment -> tfidf -> classify`` and ``features(ngrams(segment, tfidf), cues) ->
    classify``; ``block`` says which part a feature comes from. Weights are ``coef_`` (logistic
    regression, linear SVM, SGD, ridge) or, for ComplementNB, ``feature_log_prob_`` centred
    across classes per feature (the centring leaves its predictions unchanged and removes what
    every class shares). A model without weights (majority, rules) gives an empty table whose
    ``attrs["note"]`` says so. Columns: label, rank, feature, block, weight.
    """
    columns = ["label", "rank", "feature", "block", "weight"]
    classifier = pipeline.steps[-1][1]
    if hasattr(classifier, "coef_"):
        weights = np.atleast_2d(np.asarray(classifier.coef_, dtype=float))
        if weights.shape[0] == 1 and len(classifier.classes_) == 2:
            weights = np.vstack([-weights[0], weights[0]])  # binary: row 0 is the negative class
    elif hasattr(classifier, "feature_log_prob_"):
        weights = np.asarray(classifier.feature_log_prob_, dtype=float)
        weights = weights - weights.mean(axis=0, keepdims=True)
    else:
        empty = pd.DataFrame(columns=columns)
        empty.attrs["note"] = f"{type(classifier).__name__} has no feature weights to show."
        return empty
    names, blocks = _feature_names(pipeline)
    if weights.shape[1] != len(names):
        raise RuntimeError(f"{len(names)} feature names for {weights.shape[1]} weights")
    rows = []
    for label, row in zip(classifier.classes_, weights, strict=True):
        order = sorted(range(len(row)), key=lambda i: (-row[i], names[i]))[:n]
        rows += [
            {
                "label": label,
                "rank": r,
                "feature": names[i],
                "block": blocks[i],
                "weight": float(row[i]),
            }
            for r, i in enumerate(order, start=1)
        ]
    table = pd.DataFrame(rows, columns=columns)
    table.attrs["note"] = f"{type(classifier).__name__}: highest weights per class"
    return table


def top_features_figure(table: pd.DataFrame) -> Figure:
    """Horizontal bars of ``top_features``: one panel per class."""
    title = "Top-weighted features per class"
    if table.empty:
        return _message_figure(title, table.attrs.get("note", "no features"), "weight", "feature")
    labels = [k for k in ALL_LABELS if k in set(table["label"])]
    n = int(table["rank"].max())
    fig = Figure(figsize=(3.2 * len(labels), 0.32 * n + 1.6), layout="constrained")
    axes = fig.subplots(1, len(labels), squeeze=False)[0]
    for ax, label in zip(axes, labels, strict=True):
        part = table[table["label"] == label]
        ax.barh(part["feature"][::-1], part["weight"][::-1], color=LABEL_COLOURS[label])
        ax.set_title(label, fontsize=10)
        ax.set_xlabel("weight")
    axes[0].set_ylabel("feature (highest weight on top)")
    fig.suptitle(f"{title} ({table.attrs.get('note', '')})")
    return fig


# --------------------------------------------------------------------------- helpers


def _as_corpora(corpora: Corpora) -> dict[str, pd.DataFrame]:
    if isinstance(corpora, pd.DataFrame):
        return {"data": corpora}
    if not corpora:
        raise GovtextError("no corpus to show; pass a sentence table or {name: table}.")
    return dict(corpora)


def _panels(n: int, *, width: float, height: float) -> tuple[Figure, list[Any]]:
    fig = Figure(figsize=(width * n, height), layout="constrained")
    return fig, list(fig.subplots(1, n, squeeze=False)[0])


def _annotate(ax, values: np.ndarray, fmt: str, *, light_below: float = 0.0) -> None:
    """Write each cell's value on a heatmap, white on dark cells."""
    for (i, j), value in np.ndenumerate(values):
        if np.isnan(value):
            continue
        dark = value < light_below if light_below else value > 0.6
        ax.text(j, i, fmt.format(value), ha="center", va="center", fontsize=8,
                color="white" if dark else "black")  # fmt: skip


def _message_figure(title: str, message: str, xlabel: str, ylabel: str) -> Figure:
    fig = Figure(figsize=(6.0, 2.2), layout="constrained")
    ax = fig.subplots()
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title, fontsize=10)
    return fig


def _rows_with(table: pd.DataFrame, column: str) -> pd.DataFrame:
    if column not in table.columns:
        return table.iloc[0:0]
    return table[table[column].notna()].reset_index(drop=True)


def _label_columns(classes: np.ndarray) -> list[int]:
    return [ALL_LABELS.index(c) for c in classes]


def _scores(model: Pipeline, texts: np.ndarray, kind: str) -> np.ndarray:
    if kind == "probability":
        return np.asarray(model.predict_proba(texts), dtype=float)
    values = np.asarray(model.decision_function(texts), dtype=float)
    if values.ndim == 1:  # binary: positive means classes_[1]
        values = np.column_stack([-values, values])
    return values


def _feature_names(pipeline: Pipeline) -> tuple[np.ndarray, np.ndarray]:
    """Feature names and the block each comes from, in the classifier's column order."""
    name, features = pipeline.steps[-2] if len(pipeline.steps) > 1 else (None, None)
    if isinstance(features, FeatureUnion):
        parts = [
            (part, (t.steps[-1][1] if isinstance(t, Pipeline) else t).get_feature_names_out())
            for part, t in features.transformer_list
            if t is not None and not isinstance(t, str)  # "drop" / "passthrough"
        ]
    elif features is not None and hasattr(features, "get_feature_names_out"):
        parts = [(name, features.get_feature_names_out())]
    else:
        raise GovtextError(f"cannot name the features of {pipeline!r}; expected a vectoriser step.")
    names = np.concatenate([np.asarray(p, dtype=object) for _, p in parts])
    blocks = np.concatenate([np.full(len(p), part, dtype=object) for part, p in parts])
    return names, blocks
