"""govtext.inference.html: the HTML page shows every sentence in its label's colour."""

from __future__ import annotations

import html.parser
import shutil
import subprocess

from exported import FIXTURE
from govtext.inference import predict, write_predictions
from helpers import missing

# ---- the HTML page


class _Marks(html.parser.HTMLParser):
    """The text and classes of every highlighted sentence (``mark.s``) in a page."""

    def __init__(self):
        super().__init__()
        self.marks: list[tuple[str, str]] = []
        self._open: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        classes = dict(attrs).get("class") or ""
        if tag == "mark" and "s" in classes.split():
            self._open = [classes, ""]

    def handle_data(self, data):
        if self._open is not None:
            self._open[1] += data

    def handle_endtag(self, tag):
        if tag == "mark" and self._open is not None:
            self.marks.append((self._open[0], self._open[1]))
            self._open = None


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    missing("no chromium binary (scripts/install-system-deps.sh installs Debian's)")


def test_the_html_page_renders_every_sentence_in_its_label_colour(model, reports, tmp_path):
    browser = _chromium()
    page = tmp_path / "labelled.html"
    frame = predict([*reports, FIXTURE], model)
    write_predictions([*reports, FIXTURE], model, page)
    done = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom",
         page.as_uri()],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    parser = _Marks()
    parser.feed(done.stdout)
    assert [text for _, text in parser.marks] == frame["text"].tolist()
    for (classes, _), label in zip(parser.marks, frame["label"], strict=True):
        assert f"l-{label}" in classes.split()
    runs = (frame["doc_id"] != frame["doc_id"].shift()).sum()  # a section per run of a report
    assert done.stdout.count('class="report"') == runs
    assert 'data-label="request"' in done.stdout  # the legend
