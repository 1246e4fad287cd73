"""govtext.rules.view: the sentence as the cues see it, and how its patterns are searched."""

from __future__ import annotations

import re

import pytest

from govtext.rules.lexicon import load_lexicon, rx
from govtext.rules.view import Sentence, _found_anywhere

TEXTS = [
    Sentence.of(s).padded
    for s in [
        "Huyện đề nghị tỉnh hỗ trợ kinh phí làm đường giao thông.",
        "Tuy nhiên, việc giải ngân vốn vẫn còn chậm, song song với đó là khó khăn.",
        "Mặc dù còn nhiều khó khăn, nhưng huyện đã hoàn thành 100% kế hoạch.",
        "Tặng quà cho các hộ nghèo, trao bằng khen.",
        "",
    ]
] + ["đề nghị", " đề nghị", "xđề nghị ", " song song "]


@pytest.mark.parametrize(
    "pattern",
    [
        rx("đề nghị|hỗ trợ"),
        rx("(?<!song )song(?! song)"),  # look-behinds further in see the same text
        re.compile(r"(?<= )đề nghị|^đề"),  # an alternation at the top
        re.compile(r"(?<= )(?<!tỉnh )hỗ trợ"),
        re.compile(r"^ tuy nhiên"),  # no look-behind to rewrite
        load_lexicon().whole("ceremony"),
        load_lexicon().whole("good_state", "recognition"),
    ],
)
def test_a_search_rewritten_to_scan_for_the_space_finds_what_the_pattern_finds(pattern):
    search = _found_anywhere(pattern)
    for text in TEXTS:
        assert (search(text) is not None) == (pattern.search(text) is not None), text
