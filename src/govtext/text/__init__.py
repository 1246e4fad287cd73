"""Text: bytes to sentences, sentences to tokens.

Everything that turns bytes into sentences and sentences into tokens lives here, so that the
dataset builder, the models and ``predict`` segment a report in exactly the same way.

>>> split_sentences("Tổng thu đạt 142,6 tỷ đồng, đạt 116,6 %. Huyện còn 3,28% hộ nghèo.")
['Tổng thu đạt 142,6 tỷ đồng, đạt 116,6 %.', 'Huyện còn 3,28% hộ nghèo.']
"""

from __future__ import annotations

from govtext.lazy import lazy_names
from govtext.text.pages import HTML_SUFFIXES, decode_page, page_text
from govtext.text.reading import decode_report, normalize, read_report
from govtext.text.sentences import split_paragraphs, split_report, split_sentences
from govtext.text.tokens import (
    SEGMENTER_VERSION,
    HashedStore,
    TokenCache,
    syllables,
    words,
    words_batch,
)

# The scikit-learn transformer and its helpers, imported on first use: scikit-learn takes 1-3 s
# to import, and reading and tokenising text (``govtext predict``'s fast start) needs none of it.
_LAZY = {name: "govtext.text.segmenter" for name in ("Segmenter", "TextInput", "as_texts")}

__all__ = [
    "HTML_SUFFIXES",
    "SEGMENTER_VERSION",
    "Segmenter",
    "TextInput",
    "HashedStore",
    "TokenCache",
    "as_texts",
    "decode_page",
    "decode_report",
    "normalize",
    "page_text",
    "read_report",
    "split_paragraphs",
    "split_report",
    "split_sentences",
    "syllables",
    "words",
    "words_batch",
]

__getattr__, __dir__ = lazy_names(__name__, globals(), _LAZY)
