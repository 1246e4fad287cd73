"""govtext.text.pages: the main text of saved web pages, in the page's own charset."""

from __future__ import annotations

import codecs
import json
import unicodedata

import pytest

from govtext.errors import GovtextError
from govtext.text import decode_page, page_text, read_report, split_report
from helpers import SHARED_CORPUS
from page_fixtures import ARTICLE, CHINHPHU, CHROME, LEGACY, PORTAL, TITLE

PAGES = [PORTAL, CHINHPHU, LEGACY]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_the_article_sentences_come_back_and_the_site_chrome_does_not(page):
    text = read_report(page)
    sentences = [s for _, s in split_report(text)]
    for sentence in ARTICLE[page]:
        assert sentence in sentences
    leaked = [chrome for chrome in CHROME[page] if chrome in text]
    assert not leaked, f"site chrome in the extracted text: {leaked}"


@pytest.mark.parametrize("page", [PORTAL, CHINHPHU], ids=lambda p: p.name)
def test_the_headline_is_left_out_as_a_txt_reports_title_is(page):
    assert TITLE[page] in page.read_text(encoding="utf-8")
    assert TITLE[page] not in read_report(page)


def test_paragraphs_stay_paragraphs_for_the_sentence_splitter():
    pairs = split_report(read_report(PORTAL))
    paragraph = {sentence: index for index, sentence in pairs}
    first, achievement, limitation, network, request, instruction = ARTICLE[PORTAL]
    assert paragraph[limitation] == paragraph[network]  # one <p>, two sentences
    indices = [paragraph[s] for s in (first, achievement, limitation, request, instruction)]
    assert indices == sorted(set(indices))  # one paragraph each, in reading order


def test_a_windows_1258_page_is_decoded_by_its_meta_charset_and_normalised_to_nfc():
    data = LEGACY.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # the fixture really is not UTF-8
    decoded = decode_page(data, str(LEGACY))
    assert any(unicodedata.combining(c) for c in decoded)  # tones as combining marks
    text = read_report(LEGACY)
    assert text == unicodedata.normalize("NFC", text)
    assert ARTICLE[LEGACY][2] in text


def test_an_uppercase_extension_is_a_page_too(tmp_path):
    page = tmp_path / "BAO-CAO.HTM"
    page.write_bytes(PORTAL.read_bytes())
    assert read_report(page) == read_report(PORTAL)


ARTICLE_HTML = (
    "<html><head>{meta}<title>Báo cáo</title></head><body>{filler}<article>"
    "<p>Năm 2023, huyện đã hoàn thành 15/17 chỉ tiêu, tổng thu ngân sách đạt 116,6%.</p>"
    "<p>Huyện đề nghị tỉnh quan tâm bố trí vốn cho dự án đường liên xã.</p>"
    "</article></body></html>"
)


def article(meta: str = "", filler: str = "") -> str:
    return ARTICLE_HTML.format(meta=meta, filler=filler)


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF8 + article().encode("utf-8"),
        article().encode("utf-16"),  # with its BOM
        article('<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">').encode(),
        # The declaration after 3 KB of scripts, as in pages saved from a web archive.
        article('<script>var x = "' + "a" * 3000 + '";</script><meta charset="UTF-8">').encode(),
    ],
    ids=["utf-8-bom", "utf-16-bom", "http-equiv", "late-meta"],
)
def test_byte_order_marks_and_declared_charsets_are_honoured(data):
    text = page_text(data, "page.html")
    assert (
        text.splitlines()[-1] == "Huyện đề nghị tỉnh quan tâm bố trí vốn cho dự án đường liên xã."
    )


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "the page is empty"),
        (b" \n\t ", "the page is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        # Declares UTF-8 but was saved in Windows-1258.
        (article('<meta charset="utf-8">').encode("utf-8").replace("ệ".encode(), b"\xea\xf2"),
         "cannot be read as utf-8 .it declares charset utf-8"),
        (article().encode("utf-8").replace("ệ".encode(), b"\xea\xf2"),
         "it declares no charset, so UTF-8 was tried"),
        (article('<meta charset="x-tcvn3">').encode("utf-8"), "unknown charset 'x-tcvn3'"),
        (b"<html><head><script>var a = 1;</script></head><body><img src='a.png'></body></html>",
         "no article text could be found"),
    ],
    ids=["empty", "blank", "binary", "wrong-charset", "no-charset", "unknown-charset", "no-text"],
)  # fmt: skip
def test_a_bad_page_is_a_one_line_error_naming_the_file_and_the_fix(tmp_path, data, message):
    path = tmp_path / "bao-cao.html"
    path.write_bytes(data)
    with pytest.raises(GovtextError, match=message) as caught:
        read_report(path)
    error = str(caught.value)
    assert error.startswith(f"{path}:") and "\n" not in error
    assert any(fix in error for fix in ("save", "re-save", "copy"))


def test_html_in_a_txt_file_is_still_refused_and_points_to_html(tmp_path):
    path = tmp_path / "bao-cao.txt"
    path.write_text(article(), encoding="utf-8")
    with pytest.raises(GovtextError, match=r"looks like an HTML page.*save it as a \.html file"):
        read_report(path)


def html_records(limit: int) -> list[dict]:
    """A few pool records whose text was extracted from HTML pages (the licensed corpus)."""
    pool = SHARED_CORPUS / "pool.jsonl"
    if not pool.exists():
        pytest.skip(f"no corpus at {SHARED_CORPUS}")
    found = []
    with pool.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if "HTML" in record.get("format_note", "") and record["text"].count("\n") >= 2:
                found.append(record)
                if len(found) == limit:
                    break
    if not found:
        pytest.skip(f"{pool}: no record extracted from an HTML page")
    return found


def test_real_report_text_wrapped_in_a_portal_page_comes_back(tmp_path):
    """Real article text from the corpus (read through its path, never copied here), put in the
    portal fixture's place: its paragraphs come back, and none of the portal's chrome."""
    template = PORTAL.read_text(encoding="utf-8")
    start = template.index('<div class="news-content">')
    end = template.index("</div>", start)
    for number, record in enumerate(html_records(2)):
        paragraphs = [p.strip() for p in record["text"].split("\n") if p.strip()]
        body = "".join(f"<p>{_escape(p)}</p>" for p in paragraphs)
        page = tmp_path / f"real-{number}.html"
        page.write_text(
            f'{template[:start]}<div class="news-content">{body}{template[end:]}', "utf-8"
        )
        text = read_report(page)
        kept = set(text.split("\n"))
        expected = {" ".join(unicodedata.normalize("NFC", p).split()) for p in paragraphs}
        assert len(kept & expected) >= 0.9 * len(expected), page
        assert not [chrome for chrome in CHROME[PORTAL] if chrome in text and chrome not in
                    record["text"]]  # fmt: skip


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
