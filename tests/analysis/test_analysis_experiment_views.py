"""govtext.analysis.experiment_views: the leaderboard views, on a real temporary SQLite MLflow store."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

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
