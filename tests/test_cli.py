"""The installed ``govtext`` console script, run as a user runs it."""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from exported import exported_default_model
from govtext.labels import ALL_LABELS
from helpers import LABELS, SEEDS
from page_fixtures import ARTICLE, LEGACY, PORTAL

PROJECT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "tiny_sentences.csv"
GOVTEXT = shutil.which("govtext", path=str(Path(sys.executable).parent)) or "govtext"


def run(*args: str, cwd: Path, columns: str | None = "120") -> subprocess.CompletedProcess:
    """The installed command with its output piped; ``columns``: the COLUMNS a terminal of that
    width sets (None: a plain pipe, as in a log or ``| less``)."""
    # The store is the working folder's mlflow.db, whatever another test left in the environment.
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "MLFLOW_TRACKING_URI")}
    if columns is not None:
        env["COLUMNS"] = columns
    return subprocess.run(
        [GOVTEXT, *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=600
    )


def test_data_build_prints_label_counts_and_writes_the_dataset(tmp_path):
    result = run(
        "data", "build", "--seeds", str(SEEDS), "--labels", str(LABELS), "--out", "built",
        cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "instruction" in result.stdout and "12" in result.stdout
    assert "26 sentences from 1 report(s)" in result.stdout  # the title on one line
    assert (tmp_path / "built" / "sentences.csv").exists()
    assert (tmp_path / "built" / "README.md").exists()


def test_bad_report_is_one_line_without_traceback(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "empty.txt").write_bytes(b"")
    result = run("data", "build", "--seeds", str(seeds), "--out", "built", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "empty.txt: the file is empty" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "built").exists()


def test_predict_labels_the_sentences_of_a_saved_page(tmp_path, tmp_path_factory):
    model = exported_default_model(tmp_path_factory).model_dir
    shutil.copy(LEGACY, tmp_path / "dong-xuan.htm")
    result = run("predict", "--model", str(model), "dong-xuan.htm", "--format", "jsonl",
                 "--quiet", cwd=tmp_path)  # fmt: skip
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert set(ARTICLE[LEGACY]) <= {r["text"] for r in records}
    assert {r["label"] for r in records} <= set(ALL_LABELS)
    assert {r["doc_id"] for r in records} == {"dong-xuan"}


def test_data_build_reads_a_saved_page_in_seeds(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(PORTAL, seeds / "ea-rong.html")
    result = run("data", "build", "--seeds", "seeds", "--out", "built", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    built = (tmp_path / "built" / "sentences.csv").read_text(encoding="utf-8")
    assert all(sentence in built for sentence in ARTICLE[PORTAL])


def invoke(*args: str):
    """Run a command in-process, as typer's CliRunner does (faster than a subprocess)."""
    from typer.testing import CliRunner

    from govtext.cli import app

    return CliRunner().invoke(app, list(args), catch_exceptions=False, env={"COLUMNS": "200"})


def test_rules_report_and_weak_label_on_a_fixture_corpus(tiny_seeds, tmp_path):
    report = invoke("rules", "report", "--corpus", str(tiny_seeds))
    assert report.exit_code == 0 and "lf_request_upward" in report.stdout
    assert "conflicting votes" in report.stdout
    out = tmp_path / "weak.csv"
    weak = invoke("weak-label", "--corpus", str(tiny_seeds), "--out", str(out))
    assert weak.exit_code == 0
    assert {"text", "label", "votes", "agreement"} <= set(
        out.read_text().splitlines()[0].split(",")
    )


def test_rules_report_scores_functions_against_gold(tmp_path):
    fixture = Path(__file__).parent / "fixtures" / "tiny_sentences.csv"
    result = invoke("rules", "report", "--corpus", str(fixture), "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].endswith("accuracy")


def test_annotate_round_trip_from_the_cli(tmp_path, monkeypatch):
    import csv
    import json

    monkeypatch.chdir(tmp_path)
    shutil.copytree(SEEDS, "seeds")
    shutil.copytree(Path(__file__).resolve().parent.parent / "experiments", "experiments")
    assert invoke("data", "build").exit_code == 0  # data/labels.csv absent: a new project
    # No gold yet: label one sentence through a spreadsheet, as an annotator would.
    exported = invoke("annotate", "export", "--out-dir", "ann", "--no-pre-annotate")
    assert exported.exit_code == 0
    tasks = json.loads(Path("ann/tasks.json").read_text(encoding="utf-8"))
    assert len(tasks) == 26
    with open("sheet.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["sent_id", "label"])
        writer.writerow([tasks[-1]["data"]["sent_id"], "other"])
    imported = invoke("annotate", "import", "sheet.csv")
    assert imported.exit_code == 0 and "1 added" in imported.stdout
    rebuilt = invoke("data", "build")
    assert rebuilt.exit_code == 0
    assert re.search(r"│ other +│ +1 │", rebuilt.stdout), rebuilt.stdout


def test_annotate_suggest_on_a_fixture_corpus(tmp_path, monkeypatch, tiny_seeds):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(Path(__file__).resolve().parent.parent / "experiments", "experiments")
    Path("data").mkdir()
    shutil.copy(Path(__file__).parent / "fixtures" / "tiny_sentences.csv", "data/sentences.csv")
    result = invoke("annotate", "suggest", "--corpus", str(tiny_seeds), "-n", "3", "--out", "s.csv")
    assert result.exit_code == 0
    assert len(Path("s.csv").read_text(encoding="utf-8").strip().splitlines()) == 4


def test_train_runs_and_compare_from_the_cli(tmp_path, monkeypatch):
    import json

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    shutil.copytree(Path(__file__).resolve().parent.parent / "experiments", "experiments")
    Path("data").mkdir()
    shutil.copy(Path(__file__).parent / "fixtures" / "tiny_sentences.csv", "data/sentences.csv")
    trained = invoke(
        "train", "experiments/rules.toml", "experiments/majority.toml",
        "--set", "evaluation.bootstrap=200",
    )  # fmt: skip
    assert trained.exit_code == 0, trained.stdout
    assert "rules" in trained.stdout and "95% bootstrap interval" in trained.stdout
    as_json = json.loads(invoke("runs", "--format", "json").stdout)
    assert [row["experiment"] for row in as_json] == ["rules", "majority"]  # best first
    as_csv = invoke("runs", "--format", "csv", "--sort", "accuracy").stdout.splitlines()
    assert {"run_id", "macro_f1", "accuracy"} <= set(as_csv[0].split(","))
    table = invoke("runs")
    assert table.exit_code == 0 and as_json[0]["run_id"] in table.stdout
    compared = invoke("compare", as_json[0]["run_id"], as_json[1]["run_id"])
    assert compared.exit_code == 0 and "interval of the difference" in compared.stdout


def test_explicit_protocol_the_data_cannot_meet_is_an_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(Path(__file__).resolve().parent.parent / "experiments", "experiments")
    Path("data").mkdir()
    Path("data/sentences.csv").write_text(
        "text,label\nHuyện đạt.,achievement\nXã đạt.,achievement\nHuyện đề nghị tỉnh.,request\n",
        encoding="utf-8",
    )
    result = run("train", "experiments/rules.toml", "--set", "evaluation.protocol=stratified-kfold",
                 cwd=tmp_path)  # fmt: skip
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "request" in result.stderr and "loo" in result.stderr


def test_version_short_help_and_a_top_level_help_that_describes_the_commands(tmp_path):
    version = run("--version", cwd=tmp_path)
    assert version.returncode == 0 and version.stdout.startswith("govtext 0.")
    short = run("-h", cwd=tmp_path, columns=None)
    assert short.returncode == 0
    assert "Label your own report" in short.stdout and "No logic lives here" not in short.stdout
    for command in ("train", "export", "promote", "predict", "runs"):
        assert f" {command} " in short.stdout
    # piped without COLUMNS: option names are not cut at 80 columns
    build = run("data", "build", "-h", cwd=tmp_path, columns=None)
    assert "--allow-orphan-labels" in build.stdout and "…" not in build.stdout


@pytest.fixture(scope="module")
def tracked(tmp_path_factory):
    """A store with the default experiment swept over C, scored in-sample on its own data."""
    work = tmp_path_factory.mktemp("cli-tracked")
    shutil.copytree(PROJECT / "experiments", work / "experiments")
    (work / "data").mkdir()
    shutil.copy(FIXTURE, work / "data" / "sentences.csv")
    result = run("train", "experiments/tfidf-syllable-linearsvc.toml", "--set",
                 "evaluation.repeats=1", "--set", "model.params.C=0.3,1", "--eval-data",
                 "data/sentences.csv", cwd=work, columns=None)  # fmt: skip
    assert result.returncode == 0, result.stderr
    return work, result.stdout


def test_train_rows_name_their_protocol_overrides_and_in_sample_scores(tracked):
    _, out = tracked
    assert "tfidf-syllable-linearsvc" in out and "…" not in out
    assert "model.params.C=0.3" in out and "model.params.C=1" in out
    assert out.count("IN-SAMPLE (") == 2 and "stratified cross-validation" in out
    assert "sweep " in out and "2 child runs" in out


@pytest.mark.parametrize("columns", [None, "60", "250"])
def test_runs_is_never_cut_piped_narrow_or_wide(tracked, columns):
    work, _ = tracked
    result = run("runs", cwd=work, columns=columns)
    assert result.returncode == 0, result.stderr
    assert "…" not in result.stdout  # narrow: cells fold onto more lines, never cut
    if columns != "60":
        assert "tfidf-syllable-linearsvc" in result.stdout and "IN-SAMPLE" in result.stdout
        assert "model.params.C=0.3" in result.stdout


def test_export_latest_prints_the_run_its_experiment_and_held_out_score(tracked):
    work, _ = tracked
    result = run("export", "latest", "--experiment", "tfidf-syllable-linearsvc", "--out",
                 "model", cwd=work, columns=None)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "experiment tfidf-syllable-linearsvc" in result.stdout
    assert "held-out score: macro-F1" in result.stdout and "IN-SAMPLE" in result.stdout
    missing = run("export", "latest", "--out", "model2", cwd=work)
    assert missing.returncode == 1 and "no finished run of experiment 'default'" in missing.stderr
    promoted = run("promote", result.stdout.split()[2], cwd=work)
    assert promoted.returncode == 0 and "models:/govtext@champion" in promoted.stdout
    champion = run("export", "champion", "--out", "model", cwd=work)
    assert champion.returncode == 0 and result.stdout.split()[2] in champion.stdout
