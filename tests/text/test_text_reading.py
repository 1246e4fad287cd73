"""govtext.text.reading: decoding and checking a report's bytes."""

import codecs
import unicodedata

import pytest

from govtext.errors import GovtextError
from govtext.text import (
    decode_report,
    normalize,
    split_report,
)


def test_nfd_normalises_to_nfc():
    nfc = "Huyện ủy Đắk Song đề nghị tỉnh hỗ trợ."
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfd != nfc
    assert normalize(nfd) == nfc
    assert split_report(nfd) == split_report(nfc)


def test_decode_accepts_utf8_bom_and_utf16():
    text = "Huyện đạt kế hoạch."
    assert decode_report(codecs.BOM_UTF8 + text.encode("utf-8")) == text
    assert decode_report(text.encode("utf-16")) == text  # with BOM


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (b"  \n\n ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("<html><body><p>Huyện đạt.</p></body></html>".encode(), "HTML"),
        (b"Huy\xea\xf2n \xf0a\xf2t k\xea\xec ho\xf2ach \xf0\xea\xcc ra.", "legacy"),  # cp1258
        # TCVN3 text opened as Windows-1252 and saved as UTF-8: valid UTF-8, but mojibake.
        ("Huyön ®¹t kÕ ho¹ch ®Ò ra, tæng thu ng©n s¸ch ®¹t".encode(), "legacy Vietnamese"),
    ],
)
def test_bad_input_is_a_clear_error_naming_the_file(data, message):
    with pytest.raises(GovtextError, match=message) as err:
        decode_report(data, "seeds/bad.txt")
    assert str(err.value).startswith("seeds/bad.txt:")
