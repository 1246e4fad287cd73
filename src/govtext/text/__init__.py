"""Text: bytes to sentences, sentences to tokens.

Everything that turns bytes into sentences and sentences into tokens lives here, so that the
dataset builder, the models and ``predict`` segment a report in exactly the same way.

>>> split_sentences("Tổng thu đạt 142,6 tỷ đồng, đạt 116,6 %. Huyện còn 3,28% hộ nghèo.")
['Tổng thu đạt 142,6 tỷ đồng, đạt 116,6 %.', 'Huyện còn 3,28% hộ nghèo.']
"""

from govtext.text.pages import HTML_SUFFIXES, decode_page, page_text
from govtext.text.reading import decode_report, normalize, read_report
from govtext.text.segmenter import Segmenter, TextInput, as_texts
from govtext.text.sentences import split_paragraphs, split_report, split_sentences
from govtext.text.tokens import (
    SEGMENTER_VERSION,
    HashedStore,
    TokenCache,
    syllables,
    words,
    words_batch,
)

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
