"""Atomic file writes: a file is written beside its final name and renamed into place, so a
failed or interrupted run never leaves half a file."""

from __future__ import annotations

import os
import signal
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from govtext.errors import GovtextError


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
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as err:
        raise GovtextError(
            f"{path}: cannot be written ({err.strerror}); choose a folder you can write to."
        ) from err
    try:
        # mkstemp makes the file private (0600); the result gets a new file's usual mode.
        os.chmod(fd, 0o666 & ~current_umask())
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


def current_umask() -> int:
    """The process's umask (read by setting it and putting it back: there is no getter)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextmanager
def interruptible() -> Iterator[None]:
    """Inside the block SIGTERM (``kill``) raises KeyboardInterrupt, as Ctrl-C does, so that
    ``finally`` clauses and context managers run: a killed export removes its scratch folder,
    a killed training marks its run KILLED. Elsewhere than the main thread it changes nothing
    (Python lets only the main thread set signal handlers)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum, frame):
        raise KeyboardInterrupt(f"signal {signal.Signals(signum).name}")

    def deliver_again(unraisable) -> None:
        # A kill landing inside a finaliser (a __del__, a weakref callback run by the garbage
        # collector) cannot leave it: Python prints "Exception ignored" and goes on, losing the
        # kill. Say nothing and send it again from a thread, so it lands in ordinary code.
        if isinstance(unraisable.exc_value, KeyboardInterrupt) and str(
            unraisable.exc_value
        ).startswith("signal "):
            threading.Timer(0.01, os.kill, (os.getpid(), signal.SIGTERM)).start()
        else:
            previous_hook(unraisable)

    previous, previous_hook = signal.signal(signal.SIGTERM, interrupt), sys.unraisablehook
    sys.unraisablehook = deliver_again
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
        sys.unraisablehook = previous_hook
