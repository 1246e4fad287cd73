"""The package layout is the architecture, and these tests keep it so: imports run one way down
the stages, no module grows past ~500 lines, CLI commands stay thin, and loading a model for
prediction never pulls in MLflow, matplotlib or the training code."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "govtext"

# The stages, in the order data flows; a module may import its own stage and those above it.
STAGES: list[tuple[str, tuple[str, ...]]] = [
    (
        "base",
        (
            "govtext",
            "govtext.labels",
            "govtext.errors",
            "govtext.files",
            "govtext.lazy",
            "govtext.versions",
        ),
    ),
    ("text", ("govtext.text",)),
    ("data", ("govtext.data",)),
    ("rules", ("govtext.rules",)),
    ("learning", ("govtext.learning",)),
    ("tracking", ("govtext.stores", "govtext.tracking", "govtext.leaderboard", "govtext.training")),
    ("inference", ("govtext.inference",)),
    ("analysis", ("govtext.analysis",)),
    ("cli", ("govtext.cli_output", "govtext.cli")),
]
MAX_LINES = 500
# Modules loaded to label with an exported model must not import these.
NOT_FOR_PREDICTING = ("mlflow", "matplotlib", "govtext.learning", "govtext.tracking",
                      "govtext.training", "govtext.analysis")  # fmt: skip


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(SRC.rglob("*.py"))}


def stage(module: str) -> int:
    best = None
    for index, (_, prefixes) in enumerate(STAGES):
        for prefix in prefixes:
            matches = module == prefix or (prefix != "govtext" and module.startswith(prefix + "."))
            if matches and (best is None or len(prefix) > best[1]):
                best = (index, len(prefix))
    assert best is not None, f"{module} belongs to no stage: add it to STAGES"
    return best[0]


def govtext_imports(module: str) -> list[tuple[str, bool]]:
    """``(imported govtext module, at module level)`` for every import in ``module``."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    # A module-level ``try: import ... except ImportError`` (an optional compiled extension)
    # imports at module level too.
    top_level = {id(node) for node in tree.body}
    top_level |= {
        id(inner)
        for node in tree.body
        if isinstance(node, ast.Try)
        for inner in [*node.body, *(n for handler in node.handlers for n in handler.body)]
    }
    package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            # `from govtext import tracking` imports the module govtext.tracking
            names = [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base
                     for a in node.names]  # fmt: skip
        else:
            continue
        for name in names:
            if name == "govtext" or name.startswith("govtext."):
                found.append((name, id(node) in top_level))
    return found


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_run_one_way_down_the_stages(module):
    upward = [
        (target, STAGES[stage(target)][0])
        for target, _ in govtext_imports(module)
        if target in MODULES and stage(target) > stage(module)
    ]
    assert not upward, f"{module} ({STAGES[stage(module)][0]}) imports a later stage: {upward}"


def test_no_import_cycle_and_no_import_inside_a_function_to_dodge_one():
    # A package's __init__ re-exporting its own modules is not a cycle; everything else is an
    # edge, including imports of another package's __init__.
    graph = {
        m: {
            t for t, top in govtext_imports(m) if top and t in MODULES and not t.startswith(m + ".")
        }
        for m in MODULES
    }
    state: dict[str, int] = {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                raise AssertionError(f"import cycle: {' -> '.join([*path, module, target])}")
            if target not in state:
                visit(target, [*path, module])
        state[module] = 2

    for module in sorted(MODULES):
        if module not in state:
            visit(module, [])
    # Imports inside functions are only the CLI's (each command loads only its own stage).
    inside = {
        (module, target)
        for module in MODULES
        for target, top in govtext_imports(module)
        if not top and module != "govtext.cli"
    }
    assert not inside, f"govtext imports inside functions: {sorted(inside)}"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_is_over_500_lines(module):
    path = MODULES[module]
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(SRC.parent)}: {lines} lines"


def test_mlflow_is_imported_by_tracking_only():
    importers = [
        module
        for module, path in MODULES.items()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Import | ast.ImportFrom)
        and any(
            (name or "").split(".")[0] == "mlflow"
            for name in (
                [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module]
            )  # fmt: skip
        )
    ]
    assert set(importers) == {"govtext.tracking"}


def test_every_cli_command_body_is_short():
    tree = ast.parse(MODULES["govtext.cli"].read_text(encoding="utf-8"))
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef) or not any(
            "command" in ast.unparse(d) for d in node.decorator_list
        ):
            continue
        body = node.body[1:] if isinstance(node.body[0], ast.Expr) else node.body  # docstring
        lines = body[-1].end_lineno - body[0].lineno + 1
        assert lines <= 15, f"govtext {node.name}: {lines} lines; move the logic to the library"
        assert node.body[0] is not body[0], f"govtext {node.name}: no --help text (docstring)"


def modules_after(code: str) -> set[str]:
    shown = "import sys; print(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", f"{code}\n{shown}"],
                         capture_output=True, text=True, check=True)  # fmt: skip
    return set(out.stdout.split())


def loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == n or m.startswith(n + ".") for n in names))


def test_importing_govtext_inference_loads_no_training_mlflow_or_model_selection():
    modules = modules_after("import govtext.inference")
    heavy = ("sklearn", "skops", "scipy", "pandas")  # loaded when a model or input needs them
    assert loaded(modules, (*NOT_FOR_PREDICTING, *heavy)) == []


@pytest.mark.parametrize("engine", ["sklearn", "onnx", "fast"])
def test_loading_and_predicting_loads_no_training_mlflow_or_matplotlib(exported, engine):
    modules = modules_after(
        "from govtext.inference import load_model\n"
        f"model = load_model({str(exported.model_dir)!r}, {engine!r})\n"
        "assert len(model.predict(['Huyện đề nghị tỉnh hỗ trợ vốn.'])) == 1"
    )
    # skops.io itself imports all of scikit-learn (model selection included) to build its own
    # list of trusted types; govtext's inference code imports none of it.
    assert loaded(modules, NOT_FOR_PREDICTING) == []


def test_labelling_a_report_with_an_exported_model_imports_no_scikit_learn_or_pandas(
    exported, tmp_path
):
    """The sklearn engine reads model.linear.npz (written by export) and a report's rows go out
    as plain records: `govtext predict` of a short report starts without scikit-learn, skops,
    SciPy, pandas, the whole of underthesea, MLflow or matplotlib (issue 12: start-up)."""
    report = tmp_path / "report.txt"
    report.write_text("Huyện đề nghị tỉnh hỗ trợ vốn. Huyện đạt 100% kế hoạch.", encoding="utf-8")
    modules = modules_after(
        "from govtext.inference import write_predictions\n"
        f"run = write_predictions([{str(report)!r}], {str(exported.model_dir)!r}, "
        f"{str(tmp_path / 'out.csv')!r})\n"
        "assert run.rows == 2"
    )
    heavy = ("sklearn", "skops", "scipy", "pandas", "underthesea", "onnxruntime")
    assert loaded(modules, (*NOT_FOR_PREDICTING, *heavy)) == []


@pytest.mark.parametrize("jobs", [1, 2])
def test_labelling_a_csv_imports_no_pandas_or_pyarrow(exported, tmp_path, jobs):
    """A sentence CSV is read with the csv module and its rows go to the model (or the worker
    processes) as plain lists: `govtext predict big.csv` does not spend its first second importing
    pandas and pyarrow (issue 12)."""
    sentences = Path(__file__).parent / "fixtures" / "tiny_sentences.csv"
    modules = modules_after(
        "from govtext.inference import write_predictions\n"
        f"run = write_predictions([{str(sentences)!r}], {str(exported.model_dir)!r}, "
        f"{str(tmp_path / 'out.jsonl')!r}, n_jobs={jobs})\n"
        "assert run.rows == 25"
    )
    assert loaded(modules, (*NOT_FOR_PREDICTING, "pandas", "pyarrow")) == []
