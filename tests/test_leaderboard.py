"""govtext.leaderboard and the train/runs/export choices it drives, on a real temporary SQLite
MLflow store: each row names its protocol and overrides, in-sample external scores never rank as
held out, sweeps are nested runs, ``latest`` skips reproductions and other configs."""

import shutil
from pathlib import Path

import pytest

from govtext import tracking
from govtext.errors import GovtextError
from govtext.leaderboard import latest_run_id, leaderboard, resolve_run
from govtext.learning.sweeps import split_overrides, variants
from govtext.stores import resolve_tracking_uri
from govtext.training import plan, promote, reproduce, train

FIXTURE = Path(__file__).parent / "fixtures" / "tiny_sentences.csv"
PROJECT = Path(__file__).resolve().parent.parent
QUICK = ["evaluation.repeats=1", "evaluation.bootstrap=100"]
# Held out from the fixture: two hand-written sentences it does not contain.
HELD_OUT = "text,label\nHuyện đề nghị tỉnh hỗ trợ vốn làm đường.,request\nXã đã hoàn thành 12 chỉ tiêu.,achievement\n"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """majority (no external), default swept over C (external = its own data: in-sample),
    rules scored on a held-out file, and a reproduction of the rules run."""
    work = tmp_path_factory.mktemp("board")
    (work / "data").mkdir()
    shutil.copy(FIXTURE, work / "data" / "sentences.csv")
    (work / "held-out.csv").write_text(HELD_OUT, encoding="utf-8")
    experiments = PROJECT / "experiments"
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(work)
        mp.delenv("MLFLOW_TRACKING_URI", raising=False)
        sweep = train([experiments / "default.toml"], [*QUICK, "model.params.C=0.1,1"],
                      eval_data="data/sentences.csv")  # fmt: skip
        rules = train([experiments / "rules.toml"], QUICK, eval_data="held-out.csv")
        reproduction = reproduce(rules[0].run_id)
        uri = resolve_tracking_uri()
    return {"uri": uri, "work": work, "sweep": sweep, "rules": rules[0].run_id,
            "reproduction": reproduction.new_run_id}  # fmt: skip


def test_a_comma_separated_set_value_is_a_sweep_and_a_toml_list_is_not():
    assert split_overrides(["model.params.C=0.1,0.3,1"]) == ([], {"model.params.C": [0.1, 0.3, 1]})
    assert split_overrides(["data.train_extra=['a.csv', 'b.csv']"])[1] == {}


def test_a_sweep_table_in_the_config_is_expanded_and_validated(tmp_path):
    config = tmp_path / "grid.toml"
    config.write_text('[model]\nkind = "logreg"\n[sweep]\n"model.params.C" = [0.1, 1.0]\n'
                      '"features.ngram_max" = [1, 2]\n', encoding="utf-8")  # fmt: skip
    found = variants(config)
    assert len(found) == 4
    assert {v.config.model.params["C"] for v in found} == {0.1, 1.0}
    assert found[0].swept == ("model.params.C=0.1", "features.ngram_max=1")
    config.write_text('[sweep]\n"model.params.C" = 3\n', encoding="utf-8")
    with pytest.raises(GovtextError, match="non-empty lists"):
        variants(config)


def test_sweep_children_are_nested_under_one_parent(store):
    children = store["sweep"]
    assert [run.overrides[-1] for run in children] == ["model.params.C=0.1", "model.params.C=1"]
    parent = children[0].parent_run_id
    assert parent and all(run.parent_run_id == parent for run in children)
    tags = tracking.run_details(store["uri"], children[0].run_id).tags
    assert tags["mlflow.parentRunId"] == parent
    assert tags["govtext.overrides"].endswith("model.params.C=0.1")
    runs = tracking.finished_runs(store["uri"]).set_index("run_id")
    assert runs.loc[parent, "tags.govtext.sweep"] == tracking.SWEEP_PARENT
    assert runs.loc[parent, "tags.govtext.best_run"] in {run.run_id for run in children}


def test_every_row_names_its_protocol_data_and_overrides(store):
    board = leaderboard(store["uri"])
    assert len(board) == 4  # two children, rules, its reproduction; no sweep parent
    children = board[board["experiment"] == "default"]
    assert set(children["overrides"].str.split().str[-1]) == {
        "model.params.C=0.1",
        "model.params.C=1",
    }
    assert (board["protocol"].str.contains("cross-validation")).all()
    assert (board["data"] == "sentences.csv").all()


def test_in_sample_external_scores_are_flagged_and_never_ranked_as_held_out(store):
    board = leaderboard(store["uri"], sort_by="ext_macro_f1")
    swept = board[board["experiment"] == "default"]
    assert not swept["ext_held_out"].any() and (swept["ext_overlap_with_training"] > 0).all()
    assert board.iloc[0]["experiment"] == "rules" and board.iloc[0]["ext_held_out"]
    assert list(board["experiment"][-2:]) == ["default", "default"]  # 1.000 in-sample: last


def test_best_keeps_one_row_per_experiment(store):
    best = leaderboard(store["uri"], best=True)
    assert sorted(best["experiment"]) == ["default", "rules"]


def test_latest_skips_reproductions_and_other_configs(store):
    assert latest_run_id(store["uri"], name="rules") == store["rules"]
    newest_default = store["sweep"][-1].run_id
    assert resolve_run(store["uri"], "latest") == newest_default
    with pytest.raises(GovtextError, match="experiment 'majority'.*govtext train"):
        latest_run_id(store["uri"], name="majority")


def test_champion_is_the_promoted_run(store):
    with pytest.raises(GovtextError, match="govtext promote"):
        resolve_run(store["uri"], "champion")
    registered = promote(store["rules"], store["uri"])
    assert registered.uri == "models:/govtext@champion"
    assert resolve_run(store["uri"], "champion") == store["rules"]


def test_a_missing_prerequisite_names_the_command_that_makes_it(tmp_path, monkeypatch, caplog):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "dev.csv").write_text(HELD_OUT, encoding="utf-8")
    config = tmp_path / "needs-weak.toml"
    config.write_text('[data]\npath = "dev.csv"\nrequired = false\n'
                      'train_extra = ["data/corpus/pool-weak.csv"]\n', encoding="utf-8")  # fmt: skip
    assert plan([config]) == []
    assert "govtext weak-label --corpus" in caplog.text
