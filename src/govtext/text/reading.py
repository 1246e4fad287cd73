"""Reading a report: bytes to checked, NFC-normalised text.

A report is a plain-text file or a saved web page (``.html``/``.htm``, whose main text is
extracted by ``govtext.text.pages``). Empty, binary and legacy-encoded (TCVN3, VNI,
Windows-1258) plain text, and HTML given as plain text, are refused with a message naming the
file and the fix.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

from govtext.errors import GovtextError
from govtext.text.pages import HTML_SUFFIXES, page_text

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+")
_LINE_BREAKS = re.compile(r"\r\n|\r|\u2028|\u2029|\x0b|\x0c|\x85")
_HTML = re.compile(r"<\s*(!doctype|html|head|body|div|p|span|br|table)\b", re.IGNORECASE)
# Characters that a TCVN3 / VNI / Windows-1258 file shows when read as UTF-8 via a legacy
# code page, and that never appear in real Vietnamese text.
_MOJIBAKE = set("¸¹µ¶·¾¼½ª«¬®¯°±²³´¿ÆÇÐÑ×ØÞßåæçëîïðñö÷øûüþÿ¤¥¦§¨©ƒ†‡ˆ‰‹›œžŸ")


def decode_report(data: bytes, source: str = "<input>") -> str:
    """Decode a report's bytes, accepting UTF-8 (with or without BOM) and UTF-16 with BOM.

    Raises GovtextError, naming ``source`` and the fix, for empty, binary, HTML, legacy-encoded
    (TCVN3, VNI, Windows-1258) or otherwise undecodable input.
    """
    if not data.strip():
        raise GovtextError(
            f"{source}: the file is empty; put the report's text in it or remove it."
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as err:
            raise GovtextError(
                f"{source}: starts with a UTF-16 byte-order mark but is not valid UTF-16; "
                "re-save it as UTF-8."
            ) from err
    else:
        if b"\x00" in data:
            raise GovtextError(
                f"{source}: looks like a binary file (it has NUL bytes), not a text report; "
                "export the report as UTF-8 plain text (.txt)."
            )
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            raise GovtextError(
                f"{source}: is not UTF-8 (byte {err.start}); it may be in a legacy Vietnamese "
                "encoding (TCVN3, VNI, Windows-1258): convert it to UTF-8 Unicode, e.g. with "
                "UniKey's converter or `iconv -f CP1258 -t UTF-8`."
            ) from err
    if _HTML.search(text[:5000]):
        raise GovtextError(
            f"{source}: looks like an HTML page, not a plain-text report; save it as a .html "
            "file and give that (its main text is extracted), or save the article's text as .txt."
        )
    _check_text(text, source)
    return text


def _check_text(text: str, source: str) -> None:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        raise GovtextError(f"{source}: has no letters; it is not a text report.")
    odd = sum(c in _MOJIBAKE for c in text)
    controls = sum(unicodedata.category(c) == "Cc" and c not in "\n\r\t" for c in text)
    if controls > 0.01 * len(text):
        raise GovtextError(
            f"{source}: has {controls} control characters; it looks binary, not a text report."
        )
    if odd >= 3 and odd > 0.02 * len(letters):
        raise GovtextError(
            f"{source}: the text looks like a legacy Vietnamese encoding (TCVN3/VNI/Windows-1258) "
            "read as Unicode (characters such as 'µ', '¸', 'ª'); convert the original file to "
            "UTF-8 Unicode and try again."
        )


def read_report(path: str | Path) -> str:
    """Read a report file and return its normalised text: a ``.html``/``.htm`` page's main
    text (see ``govtext.text.pages``), else the file's text (see ``decode_report``)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise GovtextError(f"{path}: cannot be read ({err.strerror}).") from err
    if path.suffix.lower() not in HTML_SUFFIXES:
        return normalize(decode_report(data, str(path)))
    # Normalised before the checks: Windows-1258 pages spell tones as combining marks.
    text = normalize(page_text(data, str(path)))
    _check_text(text, str(path))
    return text


def normalize(text: str) -> str:
    """NFC-normalise and tidy whitespace: one space inside lines, ``\\n`` between lines.

    Decomposed (NFD) input gives exactly the same result as precomposed input.
    """
    text = unicodedata.normalize("NFC", text)
    text = _LINE_BREAKS.sub("\n", text)
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(lines)
