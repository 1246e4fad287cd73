"""The notebooks in notebooks/ run top to bottom against a real, freshly trained MLflow store.

Each notebook is executed with nbclient in the venv's own kernel, from notebooks/ (so its
relative default paths resolve), with ``MLFLOW_TRACKING_URI`` pointing at a temporary SQLite
store that a small real training run filled. Parameters are overridden papermill-style: a cell
tagged ``injected-parameters`` is inserted after the cell tagged ``parameters``. The external
corpus is the tiny hand-written fixture, so the side-by-side views always run and no licensed
text is involved.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from gold_fixtures import ARTICLES, write_annotations, write_corpus
from govtext.data.corpus_gold import build_gold, write_gold
from govtext.training import train

PROJECT = Path(__file__).resolve().parent.parent
NOTEBOOKS = PROJECT / "notebooks"
NAMES = ["01-dataset", "02-experiments", "03-errors"]
FIXTURE = Path(__file__).parent / "fixtures" / "tiny_sentences.csv"
OVERRIDES = ["evaluation.repeats=1", "evaluation.bootstrap=200"]
# A holdout run on a gold table with train / validation / lockbox articles (tests/gold_fixtures):
# n-grams of ten sentences, so it gets some validation sentences wrong.
HOLDOUT = ["data.path=data/corpus/gold.csv", "data.split_column=split", "data.group_column=doc_id",
           "evaluation.protocol=holdout", "evaluation.bootstrap=200"]  # fmt: skip


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> dict[str, str]:
    """A temporary SQLite store with runs of four configs trained on a copy of the real data:
    three also scored on the fixture as external data, majority without (the "where present"
    path); and a holdout run on a small gold table. Returns the URI and the run id of each
    config (the holdout run as "holdout"), and the gold table's path."""
    work = tmp_path_factory.mktemp("store")
    (work / "data").mkdir()
    shutil.copy(PROJECT / "data" / "sentences.csv", work / "data" / "sentences.csv")
    shutil.copytree(PROJECT / "experiments", work / "experiments")
    uri = f"sqlite:///{work / 'mlflow.db'}"
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(work)
        mp.setenv("MLFLOW_TRACKING_URI", uri)
        configs = [
            f"experiments/{n}.toml" for n in ("default", "rules", "tfidf-syllable-linearsvc")
        ]
        runs = train(configs, OVERRIDES, eval_data=FIXTURE)
        runs += train(["experiments/majority.toml"], OVERRIDES)
        corpus = write_corpus(work / "corpus")
        annotations = write_annotations(corpus, work / "pool-annotations.csv")
        gold = write_gold(
            build_gold(annotations, corpus, seed_sentences=None),
            work / "data" / "corpus" / "gold.csv",
        )
        (holdout,) = train(["experiments/tfidf-syllable-linearsvc.toml"], HOLDOUT)
    return {"uri": uri, **{run.result.config.name: run.run_id for run in runs},
            "holdout": holdout.run_id, "gold": str(gold)}  # fmt: skip


def execute(name: str, uri: str, **parameters) -> nbformat.NotebookNode:
    """Run one notebook from notebooks/ with ``parameters`` injected; raises on any cell error."""
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    if parameters:
        at = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))
        injected = "\n".join(f"{key} = {value!r}" for key, value in parameters.items())
        nb.cells.insert(
            at + 1, nbformat.v4.new_code_cell(injected, metadata={"tags": ["injected-parameters"]})
        )
    # Which Python the kernel runs: must be this venv's, not some other python3 on the machine.
    nb.cells.append(nbformat.v4.new_code_cell("import sys\nprint(sys.executable)"))
    env = {**os.environ, "MLFLOW_TRACKING_URI": uri, "MLFLOW_DISABLE_TELEMETRY": "true"}
    env.pop("MPLBACKEND", None)  # the kernel's inline backend renders the figures
    client = NotebookClient(nb, timeout=300, kernel_name="python3")
    client.execute(cwd=str(NOTEBOOKS), env=env)
    return nb


def outputs(nb: nbformat.NotebookNode) -> list[dict]:
    return [output for cell in nb.cells if cell.cell_type == "code" for output in cell.outputs]


def check_ran_cleanly(nb: nbformat.NotebookNode) -> None:
    """The venv's kernel ran it; figures were rendered; no glyph was missing from the font."""
    assert outputs(nb)[-1]["text"].strip() == sys.executable
    images = [o for o in outputs(nb) if "image/png" in o.get("data", {})]
    assert images, "no figure was rendered"
    text = json.dumps([o for o in outputs(nb) if o.get("name") == "stderr"])
    assert "missing from" not in text, text  # matplotlib: "Glyph ... missing from font(s)"


@pytest.fixture
def notebooks_dir_unchanged():
    """Executing a notebook must not leave files (an empty mlflow.db, mlruns/) in notebooks/."""
    before = sorted(p.name for p in NOTEBOOKS.iterdir())
    yield
    assert sorted(p.name for p in NOTEBOOKS.iterdir()) == before


def test_dataset_notebook_runs_with_an_external_corpus(store, notebooks_dir_unchanged):
    nb = execute("01-dataset", store["uri"], EXTERNAL=str(FIXTURE))  # DATA: the default path
    check_ran_cleanly(nb)
    shown = json.dumps(outputs(nb), ensure_ascii=False)
    assert "external: tiny_sentences.csv" in shown  # the side-by-side views ran


def test_experiments_notebook_runs_on_the_tracked_runs(store, notebooks_dir_unchanged):
    nb = execute("02-experiments", store["uri"])  # TRACKING_URI="" falls back to the env var
    check_ran_cleanly(nb)
    shown = json.dumps(outputs(nb), ensure_ascii=False)
    assert store["majority"] in shown and "tfidf-syllable-linearsvc" in shown


@pytest.mark.parametrize("config", ["default", "rules", "holdout"])
def test_errors_notebook_runs_for_a_linear_model_the_rules_and_a_holdout_run(
    store, config, notebooks_dir_unchanged
):
    parameters = {"RUN_ID": "" if config == "default" else store[config]}  # "": newest default
    if config == "holdout":
        parameters["DATA"] = store["gold"]
    nb = execute("03-errors", store["uri"], **parameters)
    check_ran_cleanly(nb)
    shown = json.dumps(outputs(nb), ensure_ascii=False)
    name = "tfidf-syllable-linearsvc" if config == "holdout" else config
    assert f"run {store[config]}: {name}" in shown
    assert "re-computed metrics equal the logged ones: True" in shown
    if config == "default":  # the seed is fitted perfectly: a sentence, not an empty table
        assert "no held-out errors: every one of the out-of-fold predictions" in shown
        assert "nothing to set beside the rules" in shown
    if config == "holdout":  # its validation errors, never a lockbox sentence
        assert "predictions on the 5 sentences of the validation split of gold.csv" in shown
        validation = [text for text, _ in ARTICLES["validation"]]
        assert any(text in shown for text in validation)
        assert not any(text in shown for text, _ in ARTICLES["lockbox"])
    empty_tables = [o for o in outputs(nb) if "Empty DataFrame" in o.get("data", {}).get(
        "text/plain", "")]  # fmt: skip
    assert not empty_tables


@pytest.mark.parametrize("name", NAMES)
def test_committed_notebooks_are_stripped_and_parametrised(name):
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert nb.cells[0].cell_type == "code" and "parameters" in nb.cells[0].metadata.get("tags", [])
    for cell in code:
        assert cell.outputs == [] and cell.execution_count is None, (
            f"{name}: clear the outputs before committing (Jupyter: Edit > Clear Outputs of All "
            "Cells, or `jupyter nbconvert --clear-output --inplace notebooks/*.ipynb`)"
        )
    assert nb.metadata.kernelspec.name == "python3"


@pytest.mark.parametrize("name", NAMES)
def test_notebooks_define_no_logic_of_their_own(name):
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    source = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "from govtext import" in source
    for line in source.splitlines():
        stripped = line.strip()
        # Functions, loops and direct store access belong in govtext (tested there).
        assert not stripped.startswith(("def ", "class ", "for ", "while ")), line
        assert not any(w in stripped for w in ("lambda", "import mlflow", "sqlite3")), line
