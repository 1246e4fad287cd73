"""Labelled reports as one self-contained HTML page, to read a report's labels at a glance.

Each sentence is highlighted in its label's colour, with its scores on hover; each report starts
with its sentences per label, and the legend (with the totals) can pick one label to show. No
external file, font or script is loaded: the page can be mailed or opened offline.
"""

from __future__ import annotations

import html
from collections import Counter
from typing import TYPE_CHECKING

from govtext.inference.readers import document_keys

if TYPE_CHECKING:
    import pandas as pd
from govtext.labels import ALL_LABELS

# Light backgrounds with a darker edge of the same hue: readable text, and distinct hues
# (Okabe-Ito based) for readers with the common colour-vision deficiencies.
COLOURS = {
    "achievement": ("#d5f0e3", "#009e73"),
    "limitation": ("#fbe0cc", "#d55e00"),
    "request": ("#f3dcec", "#cc79a7"),
    "instruction": ("#d6e9f8", "#0072b2"),
    "other": ("#ececec", "#8a8a8a"),
}
_FALLBACK = ("#fff7c2", "#b59b00")

_CSS = """
body { font: 16px/1.7 "DejaVu Sans", "Noto Sans", Arial, sans-serif; margin: 0 auto;
       max-width: 60rem; padding: 1rem 1.5rem 4rem; color: #222; background: #fff; }
header { border-bottom: 1px solid #ddd; margin-bottom: 1rem; }
h1 { font-size: 1.4rem; margin: .5rem 0; }
h2 { font-size: 1.15rem; margin: 2rem 0 .3rem; }
.meta { color: #555; font-size: .85rem; margin: .2rem 0 .6rem; }
.legend { position: sticky; top: 0; background: #fff; padding: .5rem 0; z-index: 1;
          display: flex; flex-wrap: wrap; gap: .4rem; align-items: center;
          border-bottom: 1px solid #eee; }
.chip { display: inline-block; border-radius: 1rem; padding: .05rem .7rem; font-size: .85rem;
        border: 2px solid transparent; cursor: pointer; user-select: none; }
.counts .chip { cursor: default; }
.chip b { font-weight: 600; margin-left: .3rem; }
.s { border-radius: .25rem; padding: .1rem .15rem; border-bottom: 2px solid transparent;
     box-decoration-break: clone; -webkit-box-decoration-break: clone; }
.s:hover { outline: 2px solid #333; }
.s.miss { border-bottom-style: dashed; border-bottom-color: #c00; }
.tag { display: none; font-size: .65rem; font-weight: 600; margin: 0 .35rem 0 .1rem;
       text-transform: uppercase; letter-spacing: .03em; }
body.tags .tag { display: inline; }
p.row { margin: .35rem 0; }
body[data-only] .s { background: transparent !important; border-bottom-color: transparent; }
label.toggle { font-size: .85rem; margin-left: auto; }
"""

# Clicking a legend chip shows only that label; clicking it again shows all. The page reads
# fine without it.
_SCRIPT = """
document.querySelectorAll('.legend .chip').forEach(function (chip) {
  chip.addEventListener('click', function () {
    var label = chip.dataset.label, body = document.body;
    if (body.dataset.only === label) { delete body.dataset.only; } else { body.dataset.only = label; }
    document.querySelectorAll('.legend .chip').forEach(function (c) {
      c.style.borderColor = body.dataset.only === c.dataset.label ? '#333' : 'transparent';
    });
  });
});
document.getElementById('tags').addEventListener('change', function (e) {
  document.body.classList.toggle('tags', e.target.checked);
});
"""


def _label_css(labels: list[str]) -> str:
    rules = []
    for label in labels:
        background, edge = COLOURS.get(label, _FALLBACK)
        cls = _cls(label)
        rules.append(
            f".l-{cls} {{ background: {background}; border-bottom-color: {edge}; }}\n"
            f".chip.l-{cls} {{ background: {background}; }}\n"
            f".tag.l-{cls} {{ color: {edge}; background: none; }}\n"
            f'body[data-only="{html.escape(label)}"] .s.l-{cls} {{ background: {background} '
            f"!important; border-bottom-color: {edge}; }}"
        )
    return "\n".join(rules)


def _cls(label: str) -> str:
    return "".join(c if c.isalnum() or c == "-" else "_" for c in label)


def _present(value) -> bool:
    """Not missing: neither None nor NaN (a score left empty by a mixed input)."""
    return value is not None and value == value


def _scores_title(row: dict, labels: list[str], gold_column: str | None) -> str:
    scores = " · ".join(
        f"{label} {row[f'score_{label}']:.2f}"
        for label in sorted(labels, key=lambda lb: -_num(row.get(f"score_{lb}")))
        if f"score_{label}" in row and _present(row[f"score_{label}"])
    )
    title = f"{row['label']} — {scores}" if scores else str(row["label"])
    if gold_column and row.get(gold_column):
        title += f" (gold: {row[gold_column]})"
    return title


def _num(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return float("-inf")


def _chips(counts: Counter, labels: list[str], *, legend: bool) -> str:
    out = []
    for label in labels:
        attrs = f' data-label="{html.escape(label)}" role="button" tabindex="0"' if legend else ""
        out.append(
            f'<span class="chip l-{_cls(label)}"{attrs}>{html.escape(label)}'
            f"<b>{counts.get(label, 0)}</b></span>"
        )
    return "".join(out)


def render(frame: pd.DataFrame, labels: list[str], title: str = "") -> str:
    """The page for a frame from ``govtext.predict``: one section per report (or CSV file)."""
    ordered = [label for label in ALL_LABELS if label in labels]
    ordered += [label for label in labels if label not in ordered]
    gold_column = "input_label" if "input_label" in frame.columns else None
    records = frame.to_dict("records")
    keys = document_keys(frame) if len(frame) else []
    # Consecutive rows of one report make a section: the page keeps the input's order.
    groups: list[tuple[str, list[dict]]] = []
    for key, row in zip(keys, records, strict=True):
        if groups and groups[-1][0] == key:
            groups[-1][1].append(row)
        else:
            groups.append((key, [row]))
    total = Counter(frame["label"]) if len(frame) else Counter()
    sections = [_section(key, rows, ordered, gold_column) for key, rows in groups]
    heading = "govtext: labelled sentences"
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="vi">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{html.escape(heading)}</title>",
            f"<style>{_CSS}\n{_label_css(ordered)}</style>",
            "</head>",
            "<body>",
            "<header>",
            f"<h1>{html.escape(heading)}</h1>",
            f'<p class="meta">{len(frame)} sentence(s) in {len({k for k, _ in groups})} report(s)'
            + (f"; model {html.escape(title)}" if title else "")
            + ". Hover a sentence for its scores"
            + ("; a dashed underline marks a label that differs from the input's gold label"
               if gold_column else "")
            + ".</p>",
            '<nav class="legend" aria-label="labels">'
            + _chips(total, ordered, legend=True)
            + '<label class="toggle"><input type="checkbox" id="tags"> show label names</label>'
            + "</nav>",
            "</header>",
            "<main>",
            *sections,
            "</main>",
            f"<script>{_SCRIPT}</script>",
            "</body>",
            "</html>",
            "",
        ]
    )  # fmt: skip


def _section(key: str, rows: list[dict], labels: list[str], gold_column: str | None) -> str:
    counts = Counter(row["label"] for row in rows)
    by_paragraph = all(str(row.get("paragraph", "")).strip() not in ("", "nan") for row in rows)
    paragraphs: list[list[dict]] = []
    last = object()
    for row in rows:
        if by_paragraph and row["paragraph"] == last:
            paragraphs[-1].append(row)
        else:
            paragraphs.append([row])
        last = row.get("paragraph")
    opening = "<p>" if by_paragraph else '<p class="row">'
    body = [
        opening + " ".join(_sentence(row, labels, gold_column) for row in paragraph) + "</p>"
        for paragraph in paragraphs
    ]
    return "\n".join(
        [
            f'<section class="report" data-document="{html.escape(key)}">',
            f"<h2>{html.escape(key)}</h2>",
            f'<div class="counts">{_chips(counts, labels, legend=False)}</div>',
            *body,
            "</section>",
        ]
    )


def _sentence(row: dict, labels: list[str], gold_column: str | None) -> str:
    label = str(row["label"])
    classes = f"s l-{_cls(label)}"
    if gold_column and row.get(gold_column) and row[gold_column] != label:
        classes += " miss"
    title = html.escape(_scores_title(row, labels, gold_column))
    return (
        f'<mark class="{classes}" data-label="{html.escape(label)}" title="{title}">'
        f"{html.escape(str(row['text']))}</mark>"
        f'<sup class="tag l-{_cls(label)}">{html.escape(label)}</sup>'
    )
