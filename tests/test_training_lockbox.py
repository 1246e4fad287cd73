"""The train / validation / lockbox protocol end to end, in a real temporary MLflow store: the
lockbox is never trained on nor scored by `train`, and every look at it is counted."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import mlflow
import pandas as pd
import pytest

from gold_fixtures import ARTICLES, write_annotations, write_corpus
from govtext.data.corpus_gold import build_gold, write_gold
from govtext.errors import GovtextError
from govtext.learning.config import load_config
from govtext.learning.experiment import fit_config, holdout_fit
from govtext.stores import resolve_tracking_uri
from govtext.tracking import LOCKBOX_EXPERIMENT
from govtext.training import compare, score_lockbox, train

HOLDOUT = """
[data]
path = "data/corpus/gold.csv"
group_column = "doc_id"
split_column = "split"
[features]
cues = true
[model]
kind = "linearsvc"
[evaluation]
protocol = "holdout"
bootstrap = 200
"""
LOCKBOX_TEXTS = {text for text, _ in ARTICLES["lockbox"]}
VALIDATION_TEXTS = {text for text, _ in ARTICLES["validation"]}


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    """A project with a gold table (seed-free), a holdout config and a fresh store."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    corpus = write_corpus(tmp_path / "corpus")
    annotations = write_annotations(corpus, tmp_path / "pool-annotations.csv")
    write_gold(build_gold(annotations, corpus, seed_sentences=None), "data/corpus/gold.csv")
    (tmp_path / "experiments").mkdir()
    (tmp_path / "experiments" / "holdout.toml").write_text(HOLDOUT, encoding="utf-8")
    return tmp_path


def test_holdout_scores_the_validation_split_only_and_never_trains_on_the_lockbox(workdir):
    (run,) = train(["experiments/holdout.toml"])
    scored = run.result.cross_validation
    assert set(scored.predictions["text"]) == VALIDATION_TEXTS
    assert "validation split (5 sentences, 1 articles); lockbox not used" in scored.protocol
    assert not LOCKBOX_TEXTS & set(run.result.data.texts)
    trained_on, _ = fit_config(load_config("experiments/holdout.toml"))
    assert trained_on >= VALIDATION_TEXTS  # the logged model learns from validation too
    assert not LOCKBOX_TEXTS & trained_on


def test_holdout_fit_is_the_runs_own_train_split_model(workdir):
    (run,) = train(["experiments/holdout.toml"])
    model, validation = holdout_fit(run.result.config, run.result.data)
    assert set(validation.texts) == VALIDATION_TEXTS  # never the lockbox
    predicted = list(model.predict(validation.texts))
    assert predicted == list(run.result.cross_validation.predictions["predicted"])


def test_a_train_row_repeating_a_lockbox_sentence_is_left_out(workdir):
    gold = pd.read_csv("data/corpus/gold.csv", dtype=str, keep_default_na=False)
    copy = gold[gold["split"] == "lockbox"].iloc[:1].assign(split="train", doc_id="again")
    pd.concat([gold, copy]).to_csv("data/corpus/gold.csv", index=False)
    trained_on, _ = fit_config(load_config("experiments/holdout.toml"))
    assert not LOCKBOX_TEXTS & trained_on


def test_extra_training_rows_that_repeat_held_out_sentences_are_dropped(workdir):
    extra = pd.DataFrame(
        {"text": [*sorted(LOCKBOX_TEXTS), "Tỉnh đề nghị Trung ương bổ sung vốn."],
         "label": ["other"] * 5 + ["request"]}
    )  # fmt: skip
    extra.to_csv("data/extra.csv", index=False)
    config = load_config("experiments/holdout.toml", ['data.train_extra=["data/extra.csv"]'])
    trained_on, _ = fit_config(config)
    assert "Tỉnh đề nghị Trung ương bổ sung vốn." in trained_on
    assert not LOCKBOX_TEXTS & trained_on


def test_every_look_at_the_lockbox_is_recorded_and_counted(workdir):
    (run,) = train(["experiments/holdout.toml"])
    first = score_lockbox(run.run_id)
    second = score_lockbox(run.run_id)
    assert (first.look, second.look) == (1, 2)
    assert set(first.evaluation.predictions["text"]) == LOCKBOX_TEXTS
    assert first.evaluation.metrics["n_sentences"] == 5 and first.articles == 1
    assert first.evaluation.metrics == second.evaluation.metrics  # a deterministic re-fit
    mlflow.set_tracking_uri(resolve_tracking_uri())
    looks = mlflow.search_runs(experiment_names=[LOCKBOX_EXPERIMENT])
    assert sorted(looks["tags.govtext.look"]) == ["1", "2"]
    assert set(looks["tags.govtext.scored_run"]) == {run.run_id}
    assert mlflow.get_run(run.run_id).data.tags["govtext.lockbox_looks"] == "2"
    board = mlflow.search_runs(experiment_names=["govtext"])
    assert len(board) == 1  # looks are not runs of the experiment


def test_a_model_trained_elsewhere_is_scored_on_a_named_files_lockbox(workdir):
    seed = pd.DataFrame({"text": ["Huyện đạt chỉ tiêu.", "Huyện đề nghị tỉnh hỗ trợ.",
                                  "Tỉnh yêu cầu huyện khẩn trương.", "Còn nhiều hạn chế.",
                                  "T/h: An"],
                         "label": ["achievement", "request", "instruction", "limitation",
                                   "other"]})  # fmt: skip
    seed.to_csv("data/seed.csv", index=False)
    (workdir / "experiments" / "rules.toml").write_text(
        '[data]\npath = "data/seed.csv"\n[model]\nkind = "rules"\n[evaluation]\nbootstrap = 200\n',
        encoding="utf-8",
    )
    (run,) = train(["experiments/rules.toml"])
    look = score_lockbox(run.run_id, data="data/corpus/gold.csv")
    assert look.look == 1 and look.experiment == "rules"
    assert set(look.evaluation.predictions["text"]) == LOCKBOX_TEXTS
    (learned,) = train(["experiments/holdout.toml"])
    other = score_lockbox(learned.run_id)
    paired = compare(look.look_run_id, other.look_run_id)
    assert set(paired) == {"lockbox"}
    assert paired["lockbox"]["macro_f1_a"] == look.evaluation.metrics["macro_f1"]


def test_changed_data_is_refused_rather_than_scored(workdir):
    (run,) = train(["experiments/holdout.toml"])
    gold = pd.read_csv("data/corpus/gold.csv", dtype=str, keep_default_na=False)
    gold.loc[gold["split"] == "train", "label"] = "other"
    gold.to_csv("data/corpus/gold.csv", index=False)
    with pytest.raises(GovtextError, match="content hash .* differs"):
        score_lockbox(run.run_id)


def test_holdout_needs_a_split_column(workdir):
    path = workdir / "experiments" / "holdout.toml"
    path.write_text(HOLDOUT.replace('split_column = "split"\n', ""), encoding="utf-8")
    with pytest.raises(GovtextError, match="'holdout' needs data.split_column"):
        load_config(path)


def test_the_installed_command_prints_the_look_and_the_looks_before(workdir):
    (run,) = train(["experiments/holdout.toml"])
    govtext = shutil.which("govtext", path=os.path.dirname(sys.executable))
    env = {**os.environ, "MLFLOW_TRACKING_URI": resolve_tracking_uri()}
    done = [
        subprocess.run(
            [govtext, "lockbox", run.run_id],
            capture_output=True,
            text=True,
            env=env,
            cwd=workdir,
            timeout=300,
        )  # fmt: skip
        for _ in range(2)
    ]
    assert [d.returncode for d in done] == [0, 0], done[-1].stderr
    assert "lockbox look 1 (0 before it in this store)" in done[0].stdout
    assert "lockbox look 2 (1 before it in this store)" in done[1].stdout
    assert "5 sentences from 1 articles" in done[1].stdout.replace("\n", " ")
    missing = subprocess.run([govtext, "lockbox", "deadbeef"], capture_output=True, text=True,
                             env=env, cwd=workdir, timeout=300)  # fmt: skip
    assert missing.returncode == 1 and "Traceback" not in missing.stderr


def test_a_gold_table_given_as_eval_data_or_to_the_rules_report_hides_its_lockbox(workdir):
    from govtext.data.corpora import corpus_sentences

    (run,) = train(["experiments/holdout.toml"], eval_data="data/corpus/gold.csv")
    assert run.result.external.metrics["n_sentences"] == 15  # train 10 + validation 5
    assert not LOCKBOX_TEXTS & set(run.result.external.predictions["text"])
    texts, _ = corpus_sentences("data/corpus/gold.csv")
    assert len(texts) == 15 and not LOCKBOX_TEXTS & set(texts)
