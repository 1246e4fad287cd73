"""Mistakes a user makes with the installed ``govtext`` command: each is one line on stderr
naming the file or option and the fix, exit code 1, and nothing is written or created; never a
traceback, never exit 0 with a silently wrong result."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from exported import FIXTURE, exported_default_model
from helpers import LABELS, REPORT_A, SEEDS
from test_cli_faults import SETS, one_line_error, run


@pytest.fixture(scope="module")
def trained(tmp_path_factory) -> tuple[Path, str, str]:
    """A project whose store holds two runs: one scored on --eval-data, one not."""
    from exported import FIXTURE, PROJECT

    project = tmp_path_factory.mktemp("errors")
    (project / "data").mkdir()
    shutil.copy(FIXTURE, project / "data" / "sentences.csv")
    shutil.copytree(PROJECT / "experiments", project / "experiments")
    ids = []
    for extra in ([], ["--eval-data", str(FIXTURE)]):
        done = run("train", "experiments/default.toml", *SETS, *extra, cwd=project)
        assert done.returncode == 0, done.stderr
        ids += re.findall(r"\b[0-9a-f]{32}\b", done.stdout)
    return project, *ids


@pytest.mark.parametrize("sort", ["macro_f1", "accuracy", "ext_macro_f1"])
def test_runs_lists_runs_with_and_without_external_scores(trained, sort):
    project, plain, external = trained
    done = run("runs", "--sort", sort, cwd=project)
    assert done.returncode == 0, done.stderr
    assert "2 run(s)" in done.stdout and "nan" not in done.stdout
    listed = run("runs", "--format", "csv", cwd=project).stdout
    assert plain in listed and external in listed


def test_a_store_that_does_not_exist_is_named_and_not_created(tmp_path):
    done = run("runs", "--tracking-uri", "sqlite:///nosuch.db", cwd=tmp_path)
    one_line_error(done, "no MLflow store at nosuch.db")
    assert list(tmp_path.iterdir()) == []
    one_line_error(run("export", "latest", cwd=tmp_path), "no MLflow store at")
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_experiment_is_named(trained):
    project, _, _ = trained
    one_line_error(run("runs", "--experiment", "nosuch", cwd=project), "experiment 'nosuch'")


def test_comparing_with_a_run_that_does_not_exist_says_so(trained):
    project, plain, _ = trained
    one_line_error(run("compare", plain, "deadbeef", cwd=project), "run deadbeef: not found")


@pytest.mark.parametrize(
    "override, says",
    [
        ("model.params.C=-1", "--set model.params.C=-1: model.params for logreg: The 'C'"),
        ('model.params.C="big"', '--set model.params.C="big": model.params for logreg'),
        ("model.kind=forest", "--set model.kind=forest: model.kind = 'forest' is unknown"),
        ("evaluation.folds=x", "--set evaluation.folds=x: evaluation.folds = 'x' has the wrong"),
    ],
)
def test_a_bad_override_is_named_by_its_set_option(tmp_path, override, says):
    shutil.copytree(SEEDS.parent / "experiments", tmp_path / "experiments")
    done = run("train", "experiments/default.toml", "--set", override, cwd=tmp_path)
    one_line_error(done, says)
    assert not (tmp_path / "mlflow.db").exists()  # refused before any training


def test_a_bad_model_parameter_in_a_config_names_the_file(tmp_path):
    config = tmp_path / "big.toml"
    config.write_text('[model]\nkind = "logreg"\nparams = {C = "big"}\n', encoding="utf-8")
    one_line_error(run("train", str(config), cwd=tmp_path), "big.toml: model.params for logreg")


def test_eval_data_naming_a_folder_is_one_line(tmp_path):
    config = tmp_path / "majority.toml"
    config.write_text(f'[data]\npath = "{FIXTURE}"\n[model]\nkind = "majority"\n', encoding="utf-8")
    (tmp_path / "corpus").mkdir()
    done = run("train", str(config), "--eval-data", "corpus", cwd=tmp_path)
    one_line_error(done, "corpus: is a folder, not a CSV file")


def test_weak_labels_of_an_empty_csv_and_rules_of_a_non_utf8_csv(tmp_path):
    (tmp_path / "empty.csv").write_bytes(b"")
    done = run("weak-label", "--corpus", "empty.csv", "--out", "weak.csv", cwd=tmp_path)
    one_line_error(done, "empty.csv: is empty")
    # "Huyện đã đạt" in Windows-1258: Vietnamese in a legacy code page, not UTF-8.
    (tmp_path / "legacy.csv").write_bytes(b"text\nHuy\xea\xd2n \xf0\xe3 \xf0\xe3t\n")
    one_line_error(run("rules", "report", "--corpus", "legacy.csv", cwd=tmp_path),
                   "legacy.csv: is not UTF-8")  # fmt: skip
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.csv", "legacy.csv"]


def test_a_labels_file_named_but_missing_fails_and_keeps_the_dataset(tmp_path):
    built = run("data", "build", "--seeds", str(SEEDS), "--labels", str(LABELS), "--out", "data",
                cwd=tmp_path)  # fmt: skip
    assert built.returncode == 0, built.stderr
    before = (tmp_path / "data" / "sentences.csv").read_bytes()
    done = run("data", "build", "--seeds", str(SEEDS), "--labels", "nosuch.csv", "--out", "data",
               cwd=tmp_path)  # fmt: skip
    one_line_error(done, "nosuch.csv: no such gold labels file")
    assert (tmp_path / "data" / "sentences.csv").read_bytes() == before


def test_a_file_in_seeds_that_is_not_a_report_is_named(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "report-a.txt").write_text(REPORT_A, encoding="utf-8")
    (seeds / "bai-bao.pdf").write_bytes(b"%PDF-1.4 a PDF file")
    done = run("data", "build", "--seeds", "seeds", "--out", "data", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "bai-bao.pdf: ignored, not a .txt or .html report" in " ".join(done.stderr.split())


@pytest.mark.parametrize(
    "page, fragment",
    [
        (b"<html><head><script>go()</script></head><body><img src='a.png'></body></html>",
         "no article text could be found in the page"),
        (b"<html><body><p>Huy\xea\xf2n \xf0a\xf2t k\xea\xec ho\xf2ach.</p></body></html>",
         "cannot be read as utf-8 (it declares no charset"),
    ],
    ids=["no-article", "undeclared-windows-1258"],
)  # fmt: skip
def test_predict_on_a_page_it_cannot_use_is_one_line(tmp_path, tmp_path_factory, page, fragment):
    model = exported_default_model(tmp_path_factory).model_dir
    (tmp_path / "trang.html").write_bytes(page)
    done = run("predict", "--model", str(model), "trang.html", cwd=tmp_path)
    one_line_error(done, f"trang.html: {fragment}", "save")
    assert done.stderr.strip().count("\n") == 0, done.stderr


def test_predict_refuses_an_output_extension_it_cannot_write(tmp_path, tmp_path_factory):
    model = exported_default_model(tmp_path_factory).model_dir
    (tmp_path / "bao-cao.txt").write_text(REPORT_A, encoding="utf-8")
    done = run("predict", "--model", str(model), "bao-cao.txt", "-o", "out.xlsx", cwd=tmp_path)
    one_line_error(done, "--output out.xlsx: unknown extension .xlsx")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bao-cao.txt"]
