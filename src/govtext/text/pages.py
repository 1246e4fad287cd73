"""Saved web pages (``.html``, ``.htm``): the article's main text, one paragraph a line.

Most reports arrive as pages saved from a portal. The page is decoded with the charset it
declares (a byte-order mark, else ``<meta charset>`` or the ``http-equiv`` Content-Type, else
UTF-8), and trafilatura keeps the article: menus, sidebars, related-links boxes, share buttons
and footers are dropped, and each paragraph comes back on its own line, so the sentence
splitter sees the same paragraph boundaries as in a ``.txt`` report.

The headline the page marks as its title (``<h1>``, ``og:title`` or ``<title>``, as trafilatura
reads it) is left out, as a ``.txt`` report keeps its title in ``seeds/manifest.toml``, not in
its text. Tables are left out too: old portals lay whole pages out in tables, whose menus and
footers would otherwise come back as text, and a table of figures holds no sentence.

>>> page = "<html><body><article><h1>Huyện Ea Rông tổng kết năm 2023</h1>"
>>> page += "<p>Huyện đạt 15/17 chỉ tiêu năm 2023.</p><p>Huyện đề nghị tỉnh hỗ trợ vốn.</p>"
>>> print(page_text((page + "</article></body></html>").encode(), "page.html"))
Huyện đạt 15/17 chỉ tiêu năm 2023.
Huyện đề nghị tỉnh hỗ trợ vốn.
"""

from __future__ import annotations

import codecs
import re

from govtext.errors import GovtextError

HTML_SUFFIXES = (".html", ".htm")
# A page's declared charset: <meta charset="..."> or <meta http-equiv="Content-Type"
# content="text/html; charset=...">. Browsers look in the first 1,024 bytes; saved pages (web
# archive captures, SharePoint portals) carry kilobytes of scripts before it, so look further.
_META_CHARSET = re.compile(rb"<meta\b[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]+)", re.I)
_HEAD_BYTES = 64 * 1024
_SAVE_AS = "re-save the page as UTF-8 (or fix its <meta charset>)"


def decode_page(data: bytes, source: str = "<input>") -> str:
    """Decode a saved page's bytes with the charset it declares (BOM, then meta, else UTF-8).

    Raises GovtextError, naming ``source`` and the fix, for an empty, binary or undecodable page.
    """
    if not data.strip():
        raise GovtextError(f"{source}: the page is empty; save the report's page again.")
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):  # fmt: skip
        if data.startswith(bom):
            return _decode(data, encoding, f"its byte-order mark says {encoding}", source)
    if b"\x00" in data:
        raise GovtextError(
            f"{source}: looks like a binary file (it has NUL bytes), not a saved web page; "
            "save the report's page as HTML (or its text as UTF-8 .txt)."
        )
    declared = _META_CHARSET.search(data[:_HEAD_BYTES])
    if declared is None:
        return _decode(data, "utf-8", "it declares no charset, so UTF-8 was tried", source)
    name = declared.group(1).decode("ascii").lower()
    try:
        encoding = codecs.lookup(name).name
    except LookupError as err:
        raise GovtextError(f"{source}: declares the unknown charset {name!r}; {_SAVE_AS}.") from err
    # A page found by reading its bytes as ASCII cannot be UTF-16: browsers read it as UTF-8.
    encoding = "utf-8" if encoding.startswith("utf-16") else encoding
    return _decode(data, encoding, f"it declares charset {name}", source)


def _decode(data: bytes, encoding: str, why: str, source: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        raise GovtextError(
            f"{source}: cannot be read as {encoding} ({why}; bad byte at {err.start}); {_SAVE_AS}."
        ) from err


def page_text(data: bytes, source: str = "<input>") -> str:
    """The main text of a saved page, one paragraph a line, without its title (not normalised).

    Raises GovtextError naming ``source`` and the fix when the page cannot be decoded (see
    ``decode_page``) or has no main text to extract.
    """
    html = decode_page(data, source)
    # trafilatura (with lxml, justext, htmldate) takes ~0.3 s to import: imported on first use,
    # so that `govtext --help`, .txt reports and CSVs never pay for it.
    import trafilatura

    document = trafilatura.bare_extraction(
        html, include_tables=False, include_comments=False, include_images=False,
        include_links=False, deduplicate=False, with_metadata=True,
    )  # fmt: skip
    lines = (document.text or "").split("\n") if document is not None else []
    if lines and document.title and _fold(lines[0]) == _fold(document.title):
        lines = lines[1:]
    text = "\n".join(lines)
    if not any(c.isalpha() for c in text):
        raise GovtextError(
            f"{source}: no article text could be found in the page; save the page of the "
            "report itself (not a list or home page), or copy its text into a UTF-8 .txt file."
        )
    return text


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()
