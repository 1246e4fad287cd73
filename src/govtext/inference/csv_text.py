"""CSV rows of a labelled chunk, the bytes ``DataFrame.to_csv`` writes, in a fraction of its time.

``to_csv`` formats every float score through NumPy's string conversion and hands each row to
the ``csv`` module: on 80,000 sentences with five score columns that took longer than labelling
them. ``csv_rows`` writes the same text with whole-column operations: a score is ``repr`` of the
float (the shortest text that reads back as the same number, which is what pandas writes for a
finite float64), a string is quoted exactly when the ``csv`` module would quote it (the
characters that make it quote are asked of the ``csv`` module itself, once), and the rows are
joined in C. A chunk holding anything else (a missing value, another dtype, one column) returns
None and is written by ``to_csv`` as before; tests compare both on awkward values.

>>> import pandas as pd
>>> csv_rows(pd.DataFrame({"text": ["a, b", "c"], "score": [0.5, 1e-05]}))
'"a, b",0.5\\nc,1e-05\\n'
"""

from __future__ import annotations

import csv
import functools
import io
import re
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import pandas as pd


@functools.cache
def _needs_quotes() -> re.Pattern[str]:
    """The ASCII characters whose presence makes pandas' ``csv`` writer (QUOTE_MINIMAL, ``,``,
    ``"``, ``\\n`` line ends) quote a field, asked of this Python's ``csv`` module once, on
    first use (not at import: ``govtext predict`` of one sentence never writes this way)."""
    quoted = []
    for code in range(128):
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerow([f"a{chr(code)}b", "c"])
        if buffer.getvalue().startswith('"'):
            quoted.append(chr(code))
    return re.compile(f"[{re.escape(''.join(quoted))}]")


def _quote(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


def _column_text(column: pd.Series) -> list[str] | None:
    """Each cell as ``to_csv`` writes it, or None when this column needs ``to_csv`` itself."""
    dtype = column.dtype
    if dtype == np.float64:
        values = column.to_numpy()
        if not np.isfinite(values).all():
            return None  # NaN (written empty) and infinities: left to pandas
        return list(map(repr, values.tolist()))
    if dtype == np.int64:
        return list(map(str, column.tolist()))
    # Python objects, or pandas' string dtype (named "str" or "string"; pandas not imported
    # here: ``govtext predict`` of a report never needs it).
    if dtype == np.dtype(object) or getattr(dtype, "name", "") in ("str", "string"):
        values = column.tolist()
        if not all(type(value) is str for value in values):
            return None  # a missing value or another type
        search = _needs_quotes().search
        return [_quote(value) if search(value) else value for value in values]
    return None


def csv_rows(frame: pd.DataFrame) -> str | None:
    """``frame.to_csv(index=False, header=False, lineterminator="\\n")``, or None when the frame
    holds something this fast path does not write (then call ``to_csv``)."""
    if frame.shape[1] < 2:
        return None  # a lone empty field is quoted by the csv module: left to it
    columns = []
    for i in range(frame.shape[1]):
        text = _column_text(frame.iloc[:, i])
        if text is None:
            return None
        columns.append(text)
    if not len(frame):
        return ""
    return "\n".join(map(",".join, zip(*columns, strict=True))) + "\n"
