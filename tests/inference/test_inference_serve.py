"""Serving: ``mlflow models serve`` on an exported folder answers ``POST /invocations`` with the
same labels as ``govtext predict``. Loopback only; the server is stopped whatever happens."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from exported import SEED_SENTENCES, exported_default_model
from govtext.data import load_sentences
from govtext.inference import load_model
from helpers import missing

BIN = Path(sys.executable).parent
STARTUP_SECONDS = 90


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> int:
    with urllib.request.urlopen(url, timeout=5) as answer:
        return answer.status


def test_mlflow_serves_the_exported_folder(tmp_path_factory, tmp_path):
    mlflow_cli = BIN / "mlflow"
    if not mlflow_cli.exists():
        missing(f"no mlflow executable next to {sys.executable}")
    exported = exported_default_model(tmp_path_factory)
    port = _free_port()
    log = (tmp_path / "serve.log").open("w", encoding="utf-8")
    server = subprocess.Popen(
        [str(mlflow_cli), "models", "serve", "-m", str(exported.model_dir),
         "--env-manager", "local", "-h", "127.0.0.1", "-p", str(port)],
        # The scoring server is started as `uvicorn ...` through a shell: the venv's bin must
        # be on PATH. Its own process group lets the test stop the whole tree.
        env={**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
             "MLFLOW_DISABLE_TELEMETRY": "true"},
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True, cwd=tmp_path,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            if server.poll() is not None:
                pytest.fail(f"the server exited: {(tmp_path / 'serve.log').read_text()[-3000:]}")
            try:
                if _get(f"http://127.0.0.1:{port}/ping") == 200:
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"no answer on /ping within {STARTUP_SECONDS} s")
            time.sleep(0.5)
        texts = load_sentences(SEED_SENTENCES)["text"].tolist()
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/invocations",
            data=json.dumps({"inputs": texts}, ensure_ascii=False).encode("utf-8"),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=60) as answer:
            served = json.loads(answer.read())["predictions"]
        expected, _ = load_model(exported.model_dir).predict_texts(texts)
        assert served == list(expected)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)
        log.close()
