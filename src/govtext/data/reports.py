"""Reports in, sentence rows out, with ids that stay stable.

A sentence's id is derived from its document id and its normalised text, so adding a report or
editing another paragraph never re-keys the hand-made gold labels, which are joined by that id.

>>> sentence_id("dak-song", "Tập trung xây dựng Đảng.")
'1a0e05ae1cc7'
"""

from __future__ import annotations

import hashlib
import logging
import tomllib
import unicodedata
from pathlib import Path

from govtext.errors import GovtextError
from govtext.text import HTML_SUFFIXES, split_report, syllables, words_batch

log = logging.getLogger(__name__)

MANIFEST = "manifest.toml"
REPORT_SUFFIXES = (".txt", *HTML_SUFFIXES)


def sentence_id(doc_id: str, text: str) -> str:
    """12 hex digits of SHA-1 over the document id and the NFC, whitespace-folded text."""
    key = f"{doc_id}\n{' '.join(unicodedata.normalize('NFC', text).split())}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def report_rows(doc_id: str, text: str, *, with_words: bool = True) -> list[dict]:
    """Sentence rows of one report's text, in reading order, without labels.

    ``paragraph`` and ``position`` count from 1. A sentence repeated in the same report keeps
    the same id with a ``-2``, ``-3`` suffix, so ids stay unique and stable.
    """
    rows = []
    seen: dict[str, int] = {}
    pairs = split_report(text)
    tokens = words_batch(s for _, s in pairs) if with_words else [[] for _ in pairs]
    for position, ((paragraph, sentence), word_tokens) in enumerate(
        zip(pairs, tokens, strict=True), start=1
    ):
        sid = sentence_id(doc_id, sentence)
        seen[sid] = seen.get(sid, 0) + 1
        if seen[sid] > 1:
            sid = f"{sid}-{seen[sid]}"
        rows.append(
            {
                "doc_id": doc_id,
                "sent_id": sid,
                "paragraph": paragraph + 1,
                "position": position,
                "text": sentence,
                "syllables": " ".join(syllables(sentence)),
                "words": " ".join(word_tokens),
            }
        )
    return rows


def report_paths(seeds_dir: str | Path) -> list[Path]:
    """The reports in a folder (``.txt``, and ``.html``/``.htm`` saved pages), sorted by name so
    the dataset order is stable. Two files that would give one document id (``a.txt`` and
    ``a.html``) are an error: their sentences would share ids."""
    seeds_dir = Path(seeds_dir)
    if not seeds_dir.is_dir():
        raise GovtextError(f"{seeds_dir}: no such folder of reports; pass --seeds DIR.")
    files = sorted(p for p in seeds_dir.iterdir() if p.is_file())
    paths = [p for p in files if p.suffix.lower() in REPORT_SUFFIXES]
    # Anything else a user put there (a .docx, a .pdf) is named, never silently dropped; the
    # manifest, a README and hidden files are expected beside the reports.
    ignored = [
        p for p in files
        if p not in paths and p.name != MANIFEST and p.stem.upper() != "README"
        and not p.name.startswith(".")
    ]  # fmt: skip
    if not paths:
        found = f" (it has {', '.join(p.name for p in ignored)})" if ignored else ""
        raise GovtextError(
            f"{seeds_dir}: holds no .txt or .html report{found}; add a UTF-8 .txt report or a "
            "saved .html page there."
        )
    for path in ignored:
        log.warning(
            "%s: ignored, not a .txt or .html report; save its text as UTF-8 .txt to use it", path
        )
    by_id: dict[str, Path] = {}
    for path in paths:
        if path.stem in by_id:
            raise GovtextError(
                f"{path}: has the same name as {by_id[path.stem].name}, so both would be report "
                f"{path.stem!r}; keep one of them, or rename one."
            )
        by_id[path.stem] = path
    return paths


def read_manifest(seeds_dir: str | Path) -> dict[str, dict]:
    """Per-document metadata (title, place, date, source) from ``seeds/manifest.toml``, if any."""
    path = Path(seeds_dir) / MANIFEST
    if not path.exists():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise GovtextError(f"{path}: is not valid UTF-8 TOML ({err}); fix the manifest.") from err
