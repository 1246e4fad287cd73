"""govtext.files: a file is whole or absent, never half-written."""

import pytest

from govtext.files import atomic_writer, write_atomic


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
