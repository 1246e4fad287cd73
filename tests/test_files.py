"""govtext.files: a file is whole or absent, never half-written."""

import os
import signal
import stat
import sys
import threading
import time
from pathlib import Path

import pytest

from govtext.errors import GovtextError
from govtext.files import atomic_writer, interruptible, write_atomic


def test_write_atomic_creates_the_folder_and_replaces_the_file(tmp_path):
    target = tmp_path / "new" / "out.csv"
    write_atomic(target, "a\n")
    write_atomic(target, "b\n")
    assert target.read_text(encoding="utf-8") == "b\n"
    assert [p.name for p in target.parent.iterdir()] == ["out.csv"]


def test_a_failure_leaves_the_old_file_and_no_temporary_file(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_writer(target) as handle:
        handle.write("half")
        raise RuntimeError("interrupted")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_a_written_file_gets_the_mode_the_umask_gives_a_new_file(tmp_path, umask, mode):
    target = tmp_path / "out.csv"
    before = os.umask(umask)
    try:
        write_atomic(target, "a\n")
        (tmp_path / "plain.csv").write_text("a\n", encoding="utf-8")
    finally:
        os.umask(before)
    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert stat.S_IMODE((tmp_path / "plain.csv").stat().st_mode) == mode  # as open() does


@pytest.fixture
def read_only_folder(tmp_path):
    """A folder this process cannot write to: mode 0555, or /sys for root (who ignores modes)."""
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    yield folder if not os.access(folder, os.W_OK) else Path("/sys")
    folder.chmod(0o755)


def test_a_read_only_folder_is_a_one_line_error_and_leaves_nothing(read_only_folder):
    before = sorted(read_only_folder.iterdir())
    with pytest.raises(GovtextError, match="out.csv: cannot be written .*choose a folder"):
        write_atomic(read_only_folder / "out.csv", "a\n")
    assert sorted(read_only_folder.iterdir()) == before


def test_a_kill_landing_in_a_finaliser_is_delivered_again(capfd):
    # Python cannot raise out of a __del__ or a garbage-collector callback: without the
    # re-delivery the kill would be printed as "Exception ignored" and lost.
    class KilledWhileFinalised:
        def __del__(self):
            os.kill(os.getpid(), signal.SIGTERM)
            sum(range(10_000))  # the handler runs here, inside the finaliser

    handler, hook = signal.getsignal(signal.SIGTERM), sys.unraisablehook
    with pytest.raises(KeyboardInterrupt, match="SIGTERM"), interruptible():
        KilledWhileFinalised()
        time.sleep(5)
    assert "Exception ignored" not in capfd.readouterr().err
    assert (signal.getsignal(signal.SIGTERM), sys.unraisablehook) == (handler, hook)


@pytest.mark.parametrize(
    "held_back",
    [
        # MLflow's store writing a run: stopped half-way, the SQLite file stays locked.
        ("sqlalchemy", "orm", "session.py"),
        # A figure being drawn: matplotlib's compiled transforms turn the interrupt into a
        # TypeError traceback.
        ("matplotlib", "transforms.py"),
        # MLflow downloading a model: its threads go on writing after the main thread stops.
        ("mlflow", "store", "artifact", "artifact_repo.py"),
    ],
)
def test_a_kill_inside_held_back_code_waits_for_it_to_end(held_back):
    done: list[str] = []
    write = compile(
        "os.kill(os.getpid(), signal.SIGTERM)\nsum(range(100_000))\ndone.append('written')\n",
        os.sep.join(["", "site-packages", *held_back]),
        "exec",
    )
    with pytest.raises(KeyboardInterrupt, match="SIGTERM"), interruptible():
        exec(write, {"os": os, "signal": signal, "done": done})
        time.sleep(5)
    assert done == ["written"]


def test_ctrl_c_inside_the_block_is_handled_as_kill_and_put_back_after():
    before = signal.getsignal(signal.SIGINT)  # Python's, or one a library (Spark) installed
    with pytest.raises(KeyboardInterrupt, match="SIGINT"), interruptible():
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(5)
    assert signal.getsignal(signal.SIGINT) is before


def _held_back_code(source: str):
    """``source`` compiled as if it were SQLAlchemy's, where an interrupt is held back."""
    return compile(source, os.sep.join(["", "site-packages", "sqlalchemy", "orm", "session.py"]),
                   "exec")  # fmt: skip


def test_holding_an_interrupt_back_starts_no_thread():
    # A signal handler runs between any two bytecodes of the main thread, possibly while it
    # holds threading's own lock: a handler that starts a thread can wait on it for ever.
    seen: list[int] = []
    code = _held_back_code(
        "os.kill(os.getpid(), signal.SIGTERM)\nsum(range(100_000))\n"
        "seen.append(threading.active_count())\n"
    )
    before = threading.active_count()
    with pytest.raises(KeyboardInterrupt, match="SIGTERM"), interruptible():
        exec(code, {"os": os, "signal": signal, "threading": threading, "seen": seen})
        time.sleep(5)
    assert seen == [before]
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_an_interrupt_held_back_to_the_end_of_the_block_is_delivered_after_it():
    code = _held_back_code("os.kill(os.getpid(), signal.SIGINT)\nsum(range(100_000))\n")
    handler = signal.getsignal(signal.SIGALRM)
    with pytest.raises(KeyboardInterrupt):  # Python's own Ctrl-C handler, outside the block
        with interruptible():
            exec(code, {"os": os, "signal": signal})
        time.sleep(5)
    assert signal.getsignal(signal.SIGALRM) is handler
