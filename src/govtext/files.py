"""Atomic file writes: a file is written beside its final name and renamed into place, so a
failed or interrupted run never leaves half a file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


@contextmanager
def atomic_writer(path: str | Path) -> Iterator[IO[str]]:
    """A UTF-8 text handle on a temporary file beside ``path``, renamed to ``path`` when the
    block ends without an exception and deleted when it raises. Creates the parent folder.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out" / "a.csv"
    >>> with atomic_writer(target) as handle:
    ...     _ = handle.write("x\\n")
    >>> target.read_text()
    'x\\n'
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomic(path: str | Path, content: str) -> None:
    """Write text to a temporary file beside ``path`` and rename it: never a half-written file."""
    with atomic_writer(path) as handle:
        handle.write(content)
