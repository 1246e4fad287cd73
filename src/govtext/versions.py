"""Installed package versions, for run logs, model cards and compatibility messages."""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from importlib import metadata


def package_version(name: str) -> str:
    """The installed version of ``name``, or ``"not installed"``."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def package_versions(names: Iterable[str]) -> dict[str, str]:
    """``{name: version}`` for each package, ``"not installed"`` where absent."""
    return {name: package_version(name) for name in names}


def pip_requirements() -> list[str]:
    """What a logged model needs to load, at the versions it was trained with; listed
    explicitly because MLflow's inference of them is slow."""
    names = ("scikit-learn", "skops", "underthesea", "pandas", "numpy")
    return [f"{name}=={package_version(name)}" for name in names] + ["govtext"]


def git_tags() -> dict[str, str]:
    """The git commit of the working folder and whether its tree is dirty, as run tags."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], capture_output=True, text=True, check=True, timeout=10
        ).stdout.strip()

    try:
        return {
            "mlflow.source.git.commit": git("rev-parse", "HEAD"),
            "govtext.git_dirty": str(bool(git("status", "--porcelain"))).lower(),
        }
    except (OSError, subprocess.SubprocessError):
        return {"govtext.git_dirty": "unknown (not a git checkout)"}
