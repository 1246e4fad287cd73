"""Which cue phrases a sentence holds, found in one pass over its tokens.

Most labelling functions can only fire when some phrase of one of a few cue sets occurs in the
sentence (a ceremony needs a ceremony word, a directive a directive verb). Every phrase of the
lexicon is indexed once by its first token; one walk over a sentence's tokens then says which
sets (and which of the few words the rules' code names, ``GATE_WORDS``) occur on whole tokens.
A labelling function whose ``needs`` are all absent abstains without running its patterns: it
could not have fired, since each pattern it runs contains one of those phrases on whole tokens
(see the ``needs`` of each function). The votes are exactly those of running every pattern.

>>> sorted(k for k in present(("huyện", "đề", "nghị", "tỉnh")) if k in ("ask", "people"))
['ask']
"""

from __future__ import annotations

from collections.abc import Sequence

from govtext.rules.lexicon import Lexicon, compiled

# Words the rules' code (not the lexicon) writes into patterns that a gate needs: "tham dự ...
# có", "do X dẫn đầu", "Đoàn sẽ ...", a rhetorical "... chưa ?". A gate names them as they are.
GATE_WORDS = ("dự", "dẫn đầu", "sẽ", "chưa")

Index = dict[str, tuple[tuple[tuple[str, ...], frozenset[str]], ...]]


@compiled
def _index(lex: Lexicon) -> Index:
    """First token -> (the rest of each phrase starting with it, the keys it stands for)."""
    keys: dict[tuple[str, ...], set[str]] = {}
    for name, cue_set in lex.sets.items():
        for phrase in cue_set.phrases:
            keys.setdefault(tuple(phrase.split(" ")), set()).add(name)
    for word in GATE_WORDS:
        keys.setdefault(tuple(word.split(" ")), set()).add(word)
    by_first: dict[str, list[tuple[tuple[str, ...], frozenset[str]]]] = {}
    for parts, names in keys.items():
        # A phrase with an empty part (stray spaces) never matches padded text in any pattern
        # either: leaving it out keeps a gate's answer equal to the patterns'.
        if all(parts):
            by_first.setdefault(parts[0], []).append((parts[1:], frozenset(names)))
    return {first: tuple(entries) for first, entries in by_first.items()}


def present(tokens: Sequence[str]) -> frozenset[str]:
    """The names of the cue sets (and the ``GATE_WORDS``) with a phrase on whole ``tokens``."""
    index = _index()
    found: set[str] = set()
    for i, token in enumerate(tokens):
        entries = index.get(token)
        if entries is None:
            continue
        for rest, names in entries:
            if not rest or tuple(tokens[i + 1 : i + 1 + len(rest)]) == rest:
                found |= names
    return frozenset(found)
