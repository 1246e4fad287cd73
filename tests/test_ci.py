"""Under CI (``CI=true``) a test the suite is meant to run cannot pass by skipping: a missing
Chromium, Java or pyspark fails it, and scripts/install-system-deps.sh fails loudly when it
cannot install them. On a person's machine both stay a skip and a warning."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

import helpers
from helpers import PROJECT, missing

SCRIPT = PROJECT / "scripts" / "install-system-deps.sh"


@pytest.mark.parametrize("value", ["true", "1"])
def test_a_missing_dependency_fails_under_ci(monkeypatch, value):
    monkeypatch.setenv("CI", value)
    with pytest.raises(pytest.fail.Exception, match="no chromium binary; under CI=true"):
        missing("no chromium binary")


def test_a_missing_dependency_skips_on_a_persons_machine(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no chromium binary"):
        missing("no chromium binary")


def test_the_absent_licensed_corpus_skips_even_under_ci(monkeypatch, tmp_path):
    monkeypatch.setenv("CI", "true")
    monkeypatch.setattr(helpers, "SHARED_CORPUS", tmp_path / "absent")
    with pytest.raises(pytest.skip.Exception, match="no corpus at"):
        helpers.shared_corpus()  # what the corpus_dir fixture returns


def _bare_machine(tmp_path: Path) -> dict[str, str]:
    """A PATH with the shell tools the script uses but no Chromium, Java, apt-get or sudo,
    and a dpkg that knows no package: a fresh machine the script cannot install on."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("bash", "grep", "sed", "head", "id"):
        (bin_dir / tool).symlink_to(shutil.which(tool))
    dpkg = bin_dir / "dpkg-query"
    dpkg.write_text("#!/bin/sh\nexit 1\n", encoding="utf-8")
    dpkg.chmod(0o755)
    return {"PATH": str(bin_dir), "HOME": str(tmp_path)}


@pytest.mark.parametrize("ci, code", [("true", 1), ("", 0)], ids=["ci", "person"])
def test_install_system_deps_fails_under_ci_when_it_cannot_install(tmp_path, ci, code):
    env = {**_bare_machine(tmp_path), "CI": ci}
    done = subprocess.run(["bash", str(SCRIPT)], capture_output=True, text=True, env=env,
                          timeout=60)  # fmt: skip
    assert done.returncode == code, done.stderr
    assert "WARNING: apt-get not found" in done.stderr
    assert ("ERROR: CI=true" in done.stderr) == (code == 1)
