"""govtext.inference.plain_rows: sentence CSVs labelled without pandas write the bytes the pandas
path writes; a CSV the csv module reads differently from pandas goes the pandas way."""

from __future__ import annotations

import csv
import io
import json
import random
from pathlib import Path

import pytest

from exported import FIXTURE
from govtext.errors import GovtextError
from govtext.inference import write_predictions
from govtext.inference.plain_rows import Awkward, csv_chunks, csv_lines, plain_header
from govtext.inference.predicting import prepare
from govtext.inference.writers import _csv_header, _formatted, _output_columns

HEADER = "text,ghi_chu\n"
ROWS = (
    "Huyện đã hoàn thành 15/17 chỉ tiêu.,đạt\n"
    '"Tổng thu ngân sách đạt 116,6 % so với dự toán.","có ""trích dẫn"""\n'
    "Đề nghị tỉnh hỗ trợ vốn làm đường.,\n"
)

# Quirks both readers read alike: the plain path labels these itself.
PLAIN = {
    "bom-crlf": "\ufeff" + (HEADER + ROWS).replace("\n", "\r\n"),
    "lone-cr": (HEADER + ROWS).replace("\n", "\r"),
    "no-final-newline": (HEADER + ROWS).rstrip("\n"),
    "quoted-newline": HEADER
    + '"Xã đã giữ vững an ninh.\nThời gian tới, xã phấn đấu.",a\r\n"Dòng\r\nhai",x\n',
    "blank-lines": "\n\n" + HEADER + "\n" + ROWS + "\n\r\n",
    "nfd-text": HEADER + "Huye\u0302\u0323n đạt kế hoạch.,NA\n",
    "spaces-around": HEADER + "  Huyện đạt.  , \n",
    "clashing-columns": "source,label,text,input_label\nx.txt,achievement,Huyện đạt.,y\n",
}

# Where pandas reads differently: the pandas path labels these, with the same result as before.
AWKWARD = {
    "fewer-fields": HEADER + "Huyện đạt kế hoạch.\n" + ROWS,
    "duplicate-columns": "text,ghi_chu,ghi_chu\nHuyện đạt.,a,b\n",
    "empty-column-name": "text,,ghi_chu\nHuyện đạt.,a,b\n",
    "nul-byte": HEADER + "Huyện\x00 đạt.,a\n",
    "line-of-spaces": "text\nHuyện đạt.\n   \n\t\nXã còn khó khăn.\n",
    "quoted-empty-text": 'text\nHuyện đạt.\n""\n',
    "cr-then-comma": "ghi_chu,text\na,Huyện đạt.\r\r,Xã còn khó khăn.\n",
    "quote-inside-field": HEADER + '"Huyện" đạt.,a\n',
}

# Inputs pandas refuses: the same one-line error either way.
FAILING = {
    "more-fields": (HEADER + ROWS + "Huyện đạt.,a,b\n", "Expected 2 fields in line 5, saw 3"),
    "unclosed-quote": (HEADER + '"Huyện đạt.,a\n', "EOF inside string"),
    "empty": ("", "is empty"),
    "blank-only": ("\n\r\n", "is empty"),
    "header-only": (HEADER, "has a header but no sentence rows"),
    "blank-after-header": (HEADER + "\n\n", "has a header but no sentence rows"),
    "no-text-column": ("cau,ghi_chu\nHuyện đạt.,a\n", "has no 'text' column"),
}


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / f"{name}.csv"
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    path.write_bytes(data)
    return path


def pandas_path(inputs, model, fmt: str, jobs: int = 1, chunk_size: int = 5000) -> str:
    """What ``write_predictions`` wrote before the plain path: every input through pandas."""
    sources, loaded, jobs = prepare(inputs, model, "sklearn", chunk_size, jobs)
    columns = _output_columns(sources, loaded)
    text = "".join(t for t, _, _ in _formatted(sources, loaded, chunk_size, jobs, columns, fmt))
    return (_csv_header(columns) if fmt == "csv" else "") + text


def plain_path(inputs, model, out: Path, jobs: int = 1, chunk_size: int = 5000) -> str:
    write_predictions(inputs, model, out, n_jobs=jobs, chunk_size=chunk_size)
    assert not list(out.parent.glob(f".{out.name}.*")), "a temporary file was left behind"
    return out.read_bytes().decode("utf-8")


def awkward(path: Path) -> bool:
    if plain_header(path) is None:
        return True
    try:
        list(csv_chunks(path, 2))
    except Awkward:
        return True
    return False


@pytest.mark.parametrize("name", sorted(PLAIN))
@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_quirks_both_readers_share_are_labelled_without_pandas_in_the_same_bytes(
    model, tmp_path, name, fmt
):
    path = write(tmp_path, name, PLAIN[name])
    assert not awkward(path)
    expected = pandas_path([path], model, fmt)
    assert plain_path([path], model, tmp_path / f"out.{fmt}") == expected
    assert plain_path([path], model, tmp_path / f"out2.{fmt}", jobs=2, chunk_size=2) == expected


@pytest.mark.parametrize("name", sorted(AWKWARD))
def test_csvs_pandas_reads_differently_are_labelled_the_pandas_way(model, tmp_path, name):
    path = write(tmp_path, name, AWKWARD[name])
    assert awkward(path)
    for fmt in ("csv", "jsonl"):
        expected = pandas_path([path], model, fmt)
        assert plain_path([path], model, tmp_path / f"out.{fmt}") == expected


@pytest.mark.parametrize("name", sorted(FAILING))
def test_csvs_pandas_refuses_fail_with_the_same_one_line_error(model, tmp_path, name):
    content, message = FAILING[name]
    path = write(tmp_path, name, content)
    with pytest.raises(GovtextError, match=message) as before:
        pandas_path([path], model, "csv")
    out = tmp_path / "out.csv"
    with pytest.raises(GovtextError) as now:
        write_predictions([path], model, out)
    assert str(now.value) == str(before.value) and str(path) in str(now.value)
    assert list(tmp_path.glob("*out*")) == []


def test_an_undecodable_byte_is_the_same_error(model, tmp_path):
    legacy = write(tmp_path, "legacy", HEADER.encode() + b"Huy\xea\xd2n \xf0\xe3t.,a\n")
    with pytest.raises(GovtextError, match="is not a readable UTF-8 CSV") as before:
        pandas_path([legacy], model, "csv")
    with pytest.raises(GovtextError) as now:
        write_predictions([legacy], model, tmp_path / "out.csv", n_jobs=2)
    assert str(now.value) == str(before.value)
    assert list(tmp_path.glob("*out*")) == []
    # Far into a big file (past what is checked before labelling) the byte is found while
    # reading, before its chunk is labelled: the file then goes the pandas way, which fails.
    rows = "".join(f"Câu số {i}: huyện đạt kế hoạch.,a\n" for i in range(600))
    far = write(tmp_path, "far", (HEADER + rows).encode() + b"\xff,b\n")
    chunks = csv_chunks(far, 8)
    assert len(next(chunks)) == 8
    with pytest.raises(Awkward):
        list(chunks)


def test_an_awkward_row_far_into_a_file_rewinds_only_that_file(model, reports, tmp_path):
    rows = "".join(f'"Câu số {i}, huyện đạt kế hoạch.",a\n' for i in range(12))
    late = write(tmp_path, "late", HEADER + rows + "Xã còn khó khăn.\n")  # a row short of a field
    assert awkward(late)
    plain = write(tmp_path, "plain", PLAIN["bom-crlf"])
    inputs = [reports[0], plain, late, FIXTURE]
    for fmt in ("csv", "jsonl"):
        expected = pandas_path(inputs, model, fmt, jobs=2, chunk_size=3)
        out = tmp_path / f"out.{fmt}"
        assert plain_path(inputs, model, out, jobs=2, chunk_size=3) == expected
        assert plain_path(inputs, model, out, chunk_size=3) == expected


def test_standard_output_gets_the_same_bytes_with_an_awkward_csv_among_the_inputs(
    model, reports, tmp_path
):
    inputs = [
        write(tmp_path, "a", PLAIN["blank-lines"]),
        write(tmp_path, "b", AWKWARD["fewer-fields"]),
    ]
    inputs += [reports[1], FIXTURE]
    for fmt in ("csv", "jsonl"):
        stdout = io.StringIO()
        write_predictions(inputs, model, fmt=fmt, stdout=stdout, n_jobs=2, chunk_size=2)
        assert stdout.getvalue() == pandas_path(inputs, model, fmt, jobs=2, chunk_size=2)


def test_counts_per_document_follow_a_doc_id_column_as_before(model, tmp_path):
    run = write_predictions([FIXTURE], model, tmp_path / "out.jsonl", n_jobs=2, chunk_size=4)
    records = [
        json.loads(line) for line in (tmp_path / "out.jsonl").read_text("utf-8").splitlines()
    ]
    expected: dict[str, dict[str, int]] = {}
    for record in records:
        row = expected.setdefault(record["doc_id"], dict.fromkeys(model.labels, 0))
        row[record["label"]] += 1
    assert run.per_document == expected and list(run.per_document) == ["a", "b", "c"]
    assert run.rows == len(records) == 25


def test_a_named_text_column_and_spawned_workers_write_the_same_bytes(exported, tmp_path):
    path = write(
        tmp_path, "cau", "cau,text,doc_id\nHuyện đạt kế hoạch.,cũ,a\nXã còn khó khăn.,,b\n"
    )
    sources, loaded, _ = prepare([path], exported.model_dir, "onnx", 5000, 1, "cau")
    columns = _output_columns(sources, loaded)
    assert columns[:4] == ["source", "text", "input_text", "doc_id"]
    expected = _csv_header(columns) + "".join(
        t for t, _, _ in _formatted(sources, loaded, 5000, 1, columns, "csv")
    )
    out = tmp_path / "out.csv"
    # The onnx engine's workers are spawned: they load the folder and get the job by pickle.
    write_predictions([path], exported.model_dir, out, engine="onnx", n_jobs=2, text_column="cau")
    assert out.read_text(encoding="utf-8") == expected


def test_csv_lines_are_the_csv_modules_bytes_for_any_field():
    # Fields built from every character the csv module treats specially, beside Vietnamese
    # letters, spaces, NaN and floats of every shape; one-field rows included.
    alphabet = ['"', ",", "\n", "\r", "\x00", " ", "\t", ";", "'", "đ", "ệ", "a", "\u00a0"]
    rng = random.Random(7)

    def field():
        kind = rng.random()
        if kind < 0.15:
            return None
        if kind < 0.35:
            return rng.choice([0.1, -0.0, 1e-300, 2.5e17, float("inf"), 1 / 3, 7, True])
        return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6)))

    for _ in range(300):
        rows = [[field() for _ in range(rng.randint(1, 5))] for _ in range(rng.randint(0, 4))]
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(rows)
        assert csv_lines(rows) == buffer.getvalue(), rows
