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


# Code that must not be stopped half-way: a database write interrupted inside SQLAlchemy leaves
# the SQLite file locked for the rest of the process, so the run could not even be marked KILLED;
# matplotlib's compiled transforms turn an interrupt raised while they convert their arguments
# into a TypeError ("incompatible function arguments"), a traceback instead of a stop; MLflow
# downloads artifacts on a pool of threads, which go on writing into the destination after the
# main thread is interrupted, so an export's scratch folder, removed meanwhile, came back half
# written. All are short: the interrupt waits a few milliseconds.
_HELD_BACK_IN = (
    f"{os.sep}sqlalchemy{os.sep}",
    f"{os.sep}matplotlib{os.sep}",
    os.sep.join(["", "mlflow", "store", "artifact", ""]),
)


@contextmanager
def interruptible() -> Iterator[None]:
    """Inside the block SIGTERM (``kill``) and SIGINT (Ctrl-C) raise KeyboardInterrupt, so that
    ``finally`` clauses and context managers run: a killed export removes its scratch folder,
    a killed training marks its run KILLED. The interrupt is held back, and delivered a moment
    later, while the process is inside a database write or a finaliser; one still held back when
    the block ends is delivered then, to whatever handles it outside. Elsewhere than the main
    thread it changes nothing (Python lets only the main thread set signal handlers)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held: list[int] = []  # the signal held back, if any

    def hold(signum: int) -> None:
        # Try again in 50 ms with the interval timer (SIGALRM): no thread is started here, since
        # a handler runs between any two bytecodes of the main thread, which may be inside
        # threading's own locks (starting a Timer from here hung an export for good).
        held[:] = [signum]
        signal.setitimer(signal.ITIMER_REAL, _RETRY_SECONDS)

    def interrupt(signum, frame):
        if _inside(frame, _HELD_BACK_IN):
            hold(signum)
            return
        held.clear()
        raise KeyboardInterrupt(f"signal {signal.Signals(signum).name}")

    def retry(signum, frame):
        if held:
            interrupt(held[0], frame)

    def deliver_again(unraisable) -> None:
        # A kill landing inside a finaliser (a __del__, a weakref callback run by the garbage
        # collector) cannot leave it: Python prints "Exception ignored" and goes on, losing the
        # kill. Say nothing and send it again, so that it lands in ordinary code.
        message = str(unraisable.exc_value)
        if isinstance(unraisable.exc_value, KeyboardInterrupt) and message.startswith("signal "):
            hold(signal.Signals[message.removeprefix("signal ")])
        else:
            previous_hook(unraisable)

    signals = (signal.SIGTERM, signal.SIGINT, signal.SIGALRM)
    previous = {sig: signal.signal(sig, retry if sig == signal.SIGALRM else interrupt)
                for sig in signals}  # fmt: skip
    previous_hook, sys.unraisablehook = sys.unraisablehook, deliver_again
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        sys.unraisablehook = previous_hook
        if held:  # held back to the very end: the handlers outside decide
            os.kill(os.getpid(), held[0])


_RETRY_SECONDS = 0.05


def _inside(frame, places: tuple[str, ...]) -> bool:
    """Whether ``frame`` or a frame that called it runs code from a file under ``places``."""
    while frame is not None:
        if any(place in frame.f_code.co_filename for place in places):
            return True
        frame = frame.f_back
    return False
