"""Which cue sets a sentence holds, found in one pass over it.

Most labelling functions can only fire when some phrase of one of a few cue sets occurs in the
sentence (a ceremony needs a ceremony word, a directive a directive verb). Every phrase of the
sets that gates read (``GATED``: lexicon sets, and the few words the rules' code writes into
patterns, ``GATE_WORDS``) is compiled once into one Aho-Corasick automaton (pyahocorasick) over
the padded text; one pass then gives a bit mask of the sets with a phrase on whole tokens. A
labelling function whose ``needs`` are all absent abstains without running its patterns: it
could not have fired, since each pattern it runs contains one of those phrases on whole tokens
(see each function's ``needs``). The votes are exactly those of running every pattern.

Without pyahocorasick (not installed for the platform) the same mask comes from an index of
the phrases by first token, walked in Python (about 3x slower; ``tests/rules`` checks both).

>>> bool(mask_of(frozenset({"ask"})) & present(" huyện đề nghị tỉnh . "))
True
"""

from __future__ import annotations

import functools

from govtext.rules.lexicon import Lexicon, compiled, load_lexicon

try:  # compiled, with wheels for the usual platforms; the Python walk below gives the same mask
    import ahocorasick
except ImportError:  # pragma: no cover - exercised by forcing the fallback in the tests
    ahocorasick = None

# Words the rules' code (not the lexicon) writes into patterns that a gate needs: "tham dự ...
# có", "do X dẫn đầu", "Đoàn sẽ ...", a rhetorical "... chưa ?". A gate names them as they are.
# And the words of a contrast ("nhưng", "tuy nhiên", "song"), after which the rest of a
# sentence is what it asserts (``view.Sentence.asserted``).
BUT_WORDS = ("nhưng", "tuy nhiên", "song")
GATE_WORDS = ("dự", "dẫn đầu", "sẽ", "chưa", *BUT_WORDS)

# The cue sets (and gate words) that some gate reads: the ``needs`` of the labelling functions
# and the sets the shared views of ``view.Sentence`` and ``asking`` test before their patterns.
# Only their phrases are looked for (a sentence holds some 25 phrases of the whole lexicon but
# about 5 of these, and each one found costs time); asking for the bits of another set is an
# error, not a silent 0. ``tests/rules/test_rules_gates.py`` checks this list against the gates.
GATED = frozenset({
    # labelling functions
    "attendance", "caption_scenes", "caption_speaker_verbs", "ceremony", "changes",
    "contrast_besides", "contrast_openers", "dateline_parts_of_day", "dateline_times",
    "despite_openers", "difficulties", "done_findings", "done_markers", "good_state",
    "imperative_verbs", "low_figure_limiters", "low_states", "modal", "negated", "people",
    "past_markers", "plan", "reached", "recognition", "reporting", "schedule_phrases",
    "shortcomings", "still_markers", "support_needed_openers", "task_verbs", "will_markers",
    "worse", "ask", "dự", "dẫn đầu", "sẽ", "chưa",
    # views: acts of asking and directing, what is blanked in ``asserted``, people's wishes
    "directive", "remedies", "discussion_topics", "paired_with_shortcomings", "concessions",
    *BUT_WORDS, "people_wants",
})  # fmt: skip


class _Gates:
    """The lexicon's phrases with the bit of every set they belong to, ready to search."""

    def __init__(self, lex: Lexicon, compiled_automaton: bool = True):
        names = [n for n in (*lex.sets, *GATE_WORDS) if n in GATED]
        names = list(dict.fromkeys(names))  # a gate word that is also a set's name: once
        self.bits = {name: 1 << i for i, name in enumerate(names)}
        masks: dict[str, int] = {}
        for name in names:
            phrases = lex.sets[name].phrases if name in lex.sets else (name,)
            for phrase in phrases:
                # A phrase with an empty part (stray spaces) never matches padded text in any
                # pattern either: leaving it out keeps a gate's answer equal to the patterns'.
                if all(phrase.split(" ")):
                    masks[phrase] = masks.get(phrase, 0) | self.bits[name]
        self.automaton = None
        if ahocorasick is not None and compiled_automaton:
            self.automaton = ahocorasick.Automaton()
            for phrase, mask in masks.items():
                self.automaton.add_word(f" {phrase} ", mask)
            self.automaton.make_automaton()
        by_first: dict[str, list[tuple[tuple[str, ...], int]]] = {}
        for phrase, mask in masks.items():
            first, *rest = phrase.split(" ")
            by_first.setdefault(first, []).append((tuple(rest), mask))
        self.by_first = {first: tuple(entries) for first, entries in by_first.items()}

    def present(self, padded: str) -> int:
        if self.automaton is not None:
            found = 0
            for _, mask in self.automaton.iter(padded):
                found |= mask
            return found
        return self.walk(tuple(padded.split()))

    def walk(self, tokens: tuple[str, ...]) -> int:
        """The mask from the tokens, in Python: the fallback, and the automaton's check."""
        found = 0
        for i, token in enumerate(tokens):
            for rest, mask in self.by_first.get(token, ()):
                if not rest or tokens[i + 1 : i + 1 + len(rest)] == rest:
                    found |= mask
        return found


@compiled
def gates(lex: Lexicon) -> _Gates:
    """The gates of the loaded lexicon, built on first use."""
    return _Gates(lex)


def present(padded: str) -> int:
    """The bit mask of the cue sets of ``GATED`` (and its ``GATE_WORDS``) with a phrase on
    whole tokens of ``padded`` (a ``Sentence.padded``: tokens joined and surrounded by single
    spaces)."""
    return gates().present(padded)


def mask_of(names: frozenset[str]) -> int:
    """The bits of the named cue sets or gate words in the loaded lexicon's masks."""
    return _mask_of(load_lexicon(), names)


@functools.lru_cache(maxsize=256)
def _mask_of(lex: Lexicon, names: frozenset[str]) -> int:
    bits = gates().bits
    unknown = sorted(names - bits.keys())
    if unknown:
        raise KeyError(
            f"gate needs cue sets {unknown}, which are not in the lexicon or not in "
            "gates.GATED; see rules/lexicon.toml and add them there"
        )
    return sum(bits[name] for name in names)
