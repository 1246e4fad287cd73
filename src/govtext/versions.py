"""Installed package versions, for run logs, model cards and compatibility messages."""

from __future__ import annotations

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
