"""govtext.analysis.experiment_views: the leaderboard views, on a real temporary SQLite MLflow store."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from figure_checks import assert_titled_and_labelled
from govtext import analysis, tracking
from govtext.errors import GovtextError
from govtext.labels import ALL_LABELS

# --------------------------------------------------------------------------- experiments


def board(**extra) -> pd.DataFrame:
    rows = pd.DataFrame(
        {
            "experiment": ["default", "rules", "majority"],
            "macro_f1": [0.6, 0.5, 0.2],
            "macro_f1_low": [0.4, 0.3, 0.1],
            "macro_f1_high": [0.8, 0.7, 0.3],
            "ext_macro_f1": [0.55, np.nan, np.nan],
            "ext_macro_f1_low": [0.4, np.nan, np.nan],
            "ext_macro_f1_high": [0.7, np.nan, np.nan],
            **{f"f1_{k}": [0.5, 0.4, 0.0] for k in ALL_LABELS},
            **{f"ext_f1_{k}": [0.5, np.nan, np.nan] for k in ALL_LABELS},
        }
    )
    return rows.assign(**extra)


def test_seed_vs_external_keeps_runs_with_an_external_score():
    table = analysis.seed_vs_external(board())
    assert list(table["experiment"]) == ["default"]
    assert table.loc[0, "gap"] == pytest.approx(-0.05)
    assert analysis.seed_vs_external(board().iloc[1:]).empty


@pytest.mark.parametrize(
    "draw",
    [
        analysis.forest_figure,
        lambda t: analysis.forest_figure(t, prefix="ext_"),
        analysis.per_class_f1_figure,
        lambda t: analysis.per_class_f1_figure(t, prefix="ext_"),
        analysis.seed_vs_external_figure,
    ],
    ids=["forest", "forest-ext", "per-class", "per-class-ext", "seed-vs-external"],
)
@pytest.mark.parametrize("rows", ["all", "none"])
def test_experiment_figures_are_labelled_and_empty_tables_give_a_message(draw, rows):
    table = board() if rows == "all" else board().iloc[0:0]
    fig = draw(table)
    assert_titled_and_labelled(fig)
    texts = [t.get_text() for ax in fig.axes for t in ax.texts]
    if rows == "none":
        assert any("no " in t for t in texts)


def test_forest_plot_shows_one_interval_per_experiment_best_on_top():
    fig = analysis.forest_figure(board())
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    ticks = list(ax.get_yticks())
    assert labels[int(np.argmax(ticks))] == "default"
    assert len(labels) == 3


SEED_CV = (
    "2-fold stratified cross-validation repeated 3 times (seeds 0..2), 26 sentences; k = 2 "
    "because the smallest class (limitation) has 2 sentences"
)
DEV_CV = (
    "5-fold stratified group cross-validation over 50 groups (seed 0), 1200 sentences; no group "
    "is on both sides of a split"
)
HOLDOUT = (
    "trained on the train split (7572 sentences), scored once on the validation split (1107 "
    "sentences, 50 articles); lockbox not used"
)


def mixed_board() -> pd.DataFrame:
    """Rows scored by three protocols, as after training on the seed, dev.csv and gold.csv."""
    table = pd.concat([board(), board().iloc[:1]], ignore_index=True)
    table["experiment"] = ["default", "rules", "best", "default"]
    table["label"] = ["default", "rules", "best", "default data.path=dev.csv"]
    table["protocol"] = [SEED_CV, SEED_CV, HOLDOUT, DEV_CV]
    table["data"] = ["sentences.csv", "sentences.csv", "gold.csv", "dev.csv"]
    return table


@pytest.mark.parametrize(
    "protocol, data, name",
    [
        (SEED_CV, "sentences.csv",
         "2-fold stratified cross-validation repeated 3 times on sentences.csv, 26 sentences"),
        (DEV_CV, "dev.csv",
         "5-fold stratified group cross-validation over 50 groups on dev.csv, 1200 sentences"),
        (HOLDOUT, "gold.csv", "validation split of gold.csv (holdout), 1107 sentences"),
        ("leave-one-out cross-validation, 4 sentences (4 fits)", "x.csv",
         "leave-one-out cross-validation on x.csv, 4 sentences"),
        ("", "", "unknown protocol"),
    ],
)  # fmt: skip
def test_protocol_name_says_how_and_on_what_a_run_was_scored(protocol, data, name):
    assert analysis.protocol_name(protocol, data) == name


def legend_texts(fig: Figure) -> list[str]:
    return [t.get_text().replace("\n", " ") for legend in fig.legends for t in legend.get_texts()]


def test_forest_plot_names_the_protocol_of_every_row():
    fig = analysis.forest_figure(mixed_board())
    assert "each run on its own protocol" in fig._suptitle.get_text()
    assert "seed" not in fig._suptitle.get_text()  # the rows are not all seed cross-validation
    assert legend_texts(fig) == [
        analysis.protocol_name(SEED_CV, "sentences.csv"),
        analysis.protocol_name(HOLDOUT, "gold.csv"),
        analysis.protocol_name(DEV_CV, "dev.csv"),
    ]
    # Each row's marker is drawn in the colour of its protocol's legend entry.
    ax = fig.axes[0]
    colours = {c.lines[0].get_color(): len(c.lines[0].get_ydata()) for c in ax.containers}
    assert sorted(colours.values()) == [1, 1, 2]


def test_per_class_f1_names_rows_with_their_overrides_and_no_single_protocol():
    fig = analysis.per_class_f1_figure(mixed_board())
    assert "each run on its own protocol" in fig._suptitle.get_text()
    names = [t.get_text().replace("\n", " ") for t in fig.axes[0].get_yticklabels()]
    assert names == ["default", "rules", "best", "default data.path=dev.csv"]


@pytest.mark.parametrize("draw", [analysis.forest_figure, analysis.seed_vs_external_figure])
def test_figure_legends_lie_inside_the_figure_next_to_the_axes(draw):
    fig = draw(mixed_board())
    canvas = FigureCanvasAgg(fig)
    canvas.draw()  # lays the figure out as savefig does
    renderer = canvas.get_renderer()
    figure_box = fig.bbox
    (legend,) = fig.legends
    box = legend.get_window_extent(renderer)
    assert figure_box.x0 <= box.x0 and box.x1 <= figure_box.x1 + 1
    assert figure_box.y0 <= box.y0 and box.y1 <= figure_box.y1 + 1
    # No empty band: the legend sits just below the axes and their tick labels.
    axes_box = fig.axes[0].get_tightbbox(renderer)
    assert box.y1 <= axes_box.y0 + 1
    assert axes_box.y0 - box.y1 < 0.05 * figure_box.height


def test_forest_plot_of_external_scores_flags_in_sample_ones():
    table = mixed_board().assign(eval_data="dev.csv", ext_held_out=[True, True, False, True])
    table.loc[2, ["ext_macro_f1", "ext_macro_f1_low", "ext_macro_f1_high"]] = [0.9, 0.8, 1.0]
    texts = legend_texts(analysis.forest_figure(table, prefix="ext_"))
    assert texts == [
        "fitted on all its data, scored once on dev.csv",
        "fitted on all its data, scored once on dev.csv (IN-SAMPLE: shares sentences with the "
        "training data)",
    ]


# --------------------------------------------------------------------------- the store


def test_run_metrics_has_every_metric_per_run(store):
    metrics = tracking.run_metrics(store["uri"])
    assert set(metrics.index) == {store["old_rules"], store["logreg"], store["rules"]}
    assert {"start_time", "f1_request", "ext_f1_request", "macro_f1"} <= set(metrics.columns)
    assert tracking.run_metrics(store["uri"], "no-such-experiment").empty
    empty = analysis.experiment_table(store["uri"], "no-such-experiment")
    assert empty.empty and "f1_request" in empty.columns
    assert_titled_and_labelled(analysis.forest_figure(empty))


def test_experiment_table_keeps_the_newest_run_per_config(store):
    table = analysis.experiment_table(store["uri"])
    assert sorted(table["run_id"]) == sorted([store["rules"], store["logreg"]])
    assert table["macro_f1"].is_monotonic_decreasing
    assert table[[f"f1_{k}" for k in ALL_LABELS]].notna().all().all()
    every = analysis.experiment_table(store["uri"], latest=False)
    assert len(every) == 3
    external = analysis.seed_vs_external(table)
    assert list(external["experiment"]) == ["tfidf-syllable-logreg"]  # the newer rules run has none
    assert_titled_and_labelled(analysis.forest_figure(table))


def test_store_uri_never_creates_an_empty_store(store, tmp_path, monkeypatch):
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    with pytest.raises(GovtextError, match="no MLflow store there"):
        analysis.store_uri("", default=tmp_path / "mlflow.db")
    assert not (tmp_path / "mlflow.db").exists()
    assert analysis.store_uri("", default=store["work"] / "mlflow.db") == store["uri"]
    assert analysis.store_uri(store["uri"], default=tmp_path / "x.db") == store["uri"]
    monkeypatch.setenv("MLFLOW_TRACKING_URI", store["uri"])
    assert analysis.store_uri("", default=tmp_path / "x.db") == store["uri"]
