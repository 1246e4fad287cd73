# The README's two set-up commands live here: `make run` (the main job) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export MLFLOW_DISABLE_TELEMETRY := true

.PHONY: run test install lint clean

$(BIN)/govtext: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e ".[test]"
	touch $@

install: $(BIN)/govtext

## The main job: build the dataset from seeds/ and run the default experiment (local SQLite MLflow).
run: install
	$(BIN)/govtext data build
	$(BIN)/govtext train

## The whole test suite, in the same environment (with the system packages some tests need:
## Chromium for the HTML report; the script skips what is installed and never fails the run).
test: install
	bash scripts/install-system-deps.sh
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

clean:
	rm -rf $(VENV) mlruns mlflow.db .pytest_cache
