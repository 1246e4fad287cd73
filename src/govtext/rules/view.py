"""The sentence as the cues see it, and the labelling-function type.

``Sentence`` holds a sentence's syllable and punctuation tokens joined and padded by single
spaces, so that every cue matches whole tokens ("là" never matches the start of "làm"), plus the
views that several labelling functions share: ``asserted`` (the text with remedied, conceded
and contrasted-away shortcomings blanked, rule 2) and ``first_ask`` (the direction of the first
act of asking, rule 1). They are computed once per sentence, per instance: there is no
module-level cache to reset.

>>> Sentence.of("Huyện đề nghị tỉnh hỗ trợ.").padded
' huyện đề nghị tỉnh hỗ trợ . '
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from govtext.rules.direction import asking_acts, directive_acts, first_direction
from govtext.rules.gates import BUT_WORDS, mask_of, present
from govtext.rules.lexicon import TOK, Lexicon, compiled, found, rx
from govtext.text import syllables


@compiled
def _agencies(lex: Lexicon) -> tuple[str, ...]:
    return lex.phrases("photo_credit_agencies")


def _strip_photo_credit(sentence: str) -> str:
    """Drop a photo credit that the sentence splitter glued to the next sentence.

    "Ảnh: Văn An/TTXVN Về công tác ..." is labelled by what follows the credit; a credit
    standing alone is kept whole (it is a byline, labelled ``other``).
    """
    if "ả" not in sentence and "Ả" not in sentence:
        return sentence  # no "ảnh" in any case (NFC text): the test below could not pass
    first = sentence.split(maxsplit=1)  # the first word alone: most sentences stop here
    if not first or not first[0].lstrip("(").lower().startswith("ảnh"):
        return sentence
    words = sentence.split()
    agencies = _agencies()
    cut = None
    for i, word in enumerate(words[1:8], start=1):
        if "/" in word or word.strip("().,-").upper() in agencies:
            cut = i + 1
            break
    if cut is None and len(words) > 2 and words[1].lower().rstrip(":") in ("minh", "minh họa"):
        cut = 3 if words[1].lower() == "minh" else 2  # "Ảnh minh họa ..."
    if cut is None or len(words) - cut < 3:
        return sentence
    return " ".join(words[cut:])


T = TypeVar("T")

_ASK, _DIRECT = frozenset({"ask"}), frozenset({"directive"})
# A sentence without any of these has nothing blanked in ``asserted`` (see ``_patterns``).
# Each of the three kinds of span blanked opens with a phrase of its own sets, on whole tokens:
# a sentence without one has no such span, and its pattern is not run.
_REMEDIED = frozenset({"remedies", "discussion_topics", "paired_with_shortcomings"})
_CONCEDED = frozenset({"concessions"})
_CONTRASTED = frozenset(BUT_WORDS)
_BLANKING = _REMEDIED | _CONCEDED | _CONTRASTED


class _computed_once:  # noqa: N801 - used as a decorator, like functools.cached_property
    """``functools.cached_property`` without its lock (Python 3.11 takes one on every first
    access, a measurable share of casting the votes): computed on first access, then kept in
    the instance's ``__dict__``, which shadows this non-data descriptor from then on."""

    def __init__(self, function: Callable[[Any], Any]):
        self.function = function
        self.name = function.__name__
        self.__doc__ = function.__doc__

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.function(instance)
        return value


@dataclass(frozen=True)
class Sentence:
    """Syllable and punctuation tokens of one sentence, joined and padded by single spaces.

    The derived views that several labelling functions share are computed once per sentence
    (per instance, so there is no module-level cache to reset).
    """

    raw: str
    tokens: tuple[str, ...]
    padded: str  # " tok tok ... tok ": every cue is anchored on the spaces around it

    @classmethod
    def of(cls, sentence: str) -> Sentence:
        sentence = _strip_photo_credit(unicodedata.normalize("NFC", sentence))
        tokens = tuple(syllables(sentence))
        return cls(sentence, tokens, " " + " ".join(tokens) + " ")

    @_computed_once
    def n_words(self) -> int:
        return sum(1 for t in self.tokens if t[0].isalnum())

    def has_words(self, more_than: int) -> bool:
        """Whether ``n_words > more_than``, counting only as far as needed."""
        seen = 0
        for token in self.tokens:
            if token[0].isalnum():
                seen += 1
                if seen > more_than:
                    return True
        return False

    @_computed_once
    def asserted(self) -> str:
        """``padded`` with remedied, conceded and contrasted-away shortcomings blanked."""
        return _asserted(self)

    @_computed_once
    def cue_mask(self) -> int:
        """The cue sets (and gate words) with a phrase in the sentence, as ``gates`` bits."""
        return present(self.padded)

    @_computed_once
    def asks(self) -> tuple[tuple[int, int, str], ...]:
        """(start, end, verb) of the acts of asking (``direction.asking_acts``), in order."""
        if not self.cue_mask & mask_of(_ASK):
            return ()  # every act of asking is a phrase of [cue.ask]
        return tuple(asking_acts(self))

    @_computed_once
    def directives(self) -> tuple[tuple[int, int, str], ...]:
        """(start, end, verb) of the directive acts (``direction.directive_acts``), in order."""
        if not self.cue_mask & mask_of(_DIRECT):
            return ()  # every directive act is a phrase of [cue.directive]
        return tuple(directive_acts(self))

    @_computed_once
    def first_ask(self) -> tuple[str, str | None] | None:
        """(verb, direction) of the sentence's first act of asking, if any."""
        return first_direction(self, self.asks, self.directives) if self.asks else None

    def shared(self, view: Callable[[Sentence], T]) -> T:
        """``view(self)``, computed once per sentence: for what several labelling functions
        of one module read (a figure's trend, the targets reached)."""
        memo = self.__dict__.setdefault("_shared", {})
        if view not in memo:
            memo[view] = view(self)
        return memo[view]


# ---------------------------------------------------------------------------------------------
# What a sentence asserts (rule 2)
# ---------------------------------------------------------------------------------------------

# The last "nhưng" / "song" / "tuy nhiên" (``gates.BUT_WORDS``) introduces what the sentence
# asserts (rule 2). Grammar, not vocabulary; "song song" (in parallel) is no contrast.
_BUT = re.compile(r"(?<= )(?:nhưng|tuy nhiên|song(?! song)(?<!song song))(?= )")


@compiled
def _patterns(lex: Lexicon) -> tuple[re.Pattern[str], re.Pattern[str]]:
    # A shortcoming word is not asserted when it is the object of a remedy ("khắc phục hạn
    # chế"), a topic of discussion ("giải trình những khó khăn", "những thuận lợi, khó khăn"),
    # conceded before the main clause ("mặc dù còn khó khăn, ...") or contrasted away.
    remedy_span = rx(
        rf"{lex.alt('remedies', 'discussion_topics')}(?: {TOK}){{0,6}}"
        rf"|{lex.alt('paired_with_shortcomings')} (?:,|và|cũng như)(?: những| các| mặt)? {TOK}"
        rf"(?: {TOK})?"
    )
    concession = re.compile(
        rf"(?<= ){lex.alt('concessions')} (?:[^ ]+ ){{0,25}}?{lex.alt('concession_ends')}(?= )"
    )
    return remedy_span, concession


_NOT_A_SPACE = re.compile(r"[^ ]")


def _blank(padded: str, spans: Iterable[tuple[int, int]]) -> str:
    """``padded`` with every character but the spaces in the spans written as "_"."""
    for start, end in spans:
        padded = padded[:start] + _NOT_A_SPACE.sub("_", padded[start:end]) + padded[end:]
    return padded


def _asserted(text: Sentence) -> str:
    mask = text.cue_mask
    if not mask & mask_of(_BLANKING):
        return text.padded  # every span blanked starts with a phrase of these, on whole tokens
    remedy_span, concession = _patterns()
    spans = []
    if mask & mask_of(_REMEDIED):
        spans += [m.span() for m in remedy_span.finditer(text.padded)]
    if mask & mask_of(_CONCEDED):
        spans += [(m.start(), m.end() - 1) for m in concession.finditer(text.padded)]
    if mask & mask_of(_CONTRASTED):
        buts = list(_BUT.finditer(text.padded))
        if buts and buts[-1].start() > 1:
            spans.append((1, buts[-1].start()))
    return _blank(text.padded, spans)


# ---------------------------------------------------------------------------------------------
# Labelling functions
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LabellingFunction:
    """One cue family. Called on a sentence it votes ``label`` when ``func`` fires, else None.

    >>> from govtext.rules import lf_other_byline
    >>> lf_other_byline("T/h: Bảo Ngọc"), lf_other_byline.__name__, lf_other_byline.label
    ('other', 'lf_other_byline', 'other')
    """

    name: str
    label: str
    func: Callable[[Sentence], bool]
    # Cue sets or ``GATE_WORDS`` of which one must occur for ``func`` to fire (empty: always
    # run it). A sentence with none of them gets no vote without running the patterns.
    needs: frozenset[str] = frozenset()

    @property
    def __name__(self) -> str:  # reads like the plain function it wraps
        return self.name

    def __call__(self, sentence: str | Sentence) -> str | None:
        text = sentence if isinstance(sentence, Sentence) else Sentence.of(sentence)
        if self.needs and not text.cue_mask & mask_of(self.needs):
            return None
        return self.label if self.func(text) else None


def votes_for(
    label: str, needs: Iterable[str] = ()
) -> Callable[[Callable[[Sentence], bool]], LabellingFunction]:
    """Decorator: turn a cue test into a ``LabellingFunction`` voting ``label``, run only on
    sentences holding a phrase of one of the cue sets ``needs`` (see ``LabellingFunction``)."""

    def wrap(func: Callable[[Sentence], bool]) -> LabellingFunction:
        return LabellingFunction(func.__name__, label, func, frozenset(needs))

    return wrap


_VIEWS = ("padded", "asserted")  # the views of a sentence that cues are searched in


@dataclass(frozen=True)
class Search:
    """One function made by ``pattern_functions``: its docstring, and the cue sets or
    ``GATE_WORDS`` of which one must occur for it to fire (its ``LabellingFunction.needs``)."""

    doc: str
    needs: tuple[str, ...] = ()


def pattern_functions(
    label: str, patterns: Callable[[], object], view: str, **families: Search
) -> tuple[LabellingFunction, ...]:
    """Labelling functions that vote ``label`` when one pattern is found in one view.

    Each keyword ``family=Search(doc, needs)`` makes the function ``lf_<label>_<family>``, which
    searches ``view`` of the sentence ("padded" or "asserted") with ``patterns().<family>``.
    The functions come back in the order of the keywords, to be unpacked into the module's
    names.
    """
    if view not in _VIEWS:
        raise ValueError(f"view must be one of {', '.join(_VIEWS)}, not {view!r}")

    def one(family: str, search: Search) -> LabellingFunction:
        def fires(text: Sentence) -> bool:
            return found(getattr(patterns(), family), getattr(text, view))

        fires.__name__ = fires.__qualname__ = f"lf_{label}_{family}"
        fires.__doc__, fires.__module__ = search.doc, patterns.__module__
        return LabellingFunction(fires.__name__, label, fires, frozenset(search.needs))

    return tuple(one(family, search) for family, search in families.items())
