"""Who asks whom: the direction rule of labels.md (rule 1) as code.

"Đề nghị" from a lower body to a higher one is a ``request``; from a higher body or a presiding
leader to a subordinate it is an ``instruction``. The bodies and their levels (``centre``,
``ministry``, ``province``, ...) come from the lexicon; this module finds the speaker and the
addressee of an asking verb and compares their levels. It also finds the acts of asking and of
directing themselves (verbs used as verbs, not as nouns), which several labelling functions
share.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Protocol

from govtext.rules.lexicon import Lexicon, compiled, in_context, rx


class Padded(Protocol):
    """What the direction rule reads of a sentence (``govtext.rules.view.Sentence`` has it):
    its syllables joined by single spaces, with a space at each end."""

    padded: str


@dataclass(frozen=True)
class _Bodies:
    """The compiled hierarchy: (pattern, level name) per body set, and its context words."""

    levels: tuple[tuple[re.Pattern[str], str], ...]
    rank: Mapping[str, float]  # the number of each named level: higher is a higher body
    not_ministry_before: re.Pattern[str]
    addressee_before: re.Pattern[str]
    reporting_locality: tuple[str, ...]


@compiled
def _bodies(lex: Lexicon) -> _Bodies:
    sets = ("bodies_centre", "bodies_presiding", "bodies_province", "bodies_department",
            "bodies_district", "bodies_grassroots")  # fmt: skip
    levels = tuple((lex.whole(name), lex.cue_set(name).level) for name in sets)
    # "bộ" + a ministry's field ("Bộ Y tế"), or a ministry named otherwise ("các bộ").
    ministry = rx(rf"bộ {lex.alt('ministry_names')}|{lex.alt('bodies_ministry')}")
    return _Bodies(
        levels=(*levels, (ministry, "ministry")),
        rank=lex.levels,
        not_ministry_before=lex.ends("ministry_excluded_before"),
        addressee_before=lex.ends("addressee_before"),
        reporting_locality=lex.phrases("speaker_reporting_locality"),
    )


def _levels_in(padded: str) -> list[tuple[int, int, str]]:
    """(start, end, level) of the body names in ``padded``, the longest at each position."""
    bodies = _bodies()
    hits: list[tuple[int, int, str]] = []
    for pattern, level in bodies.levels:
        for m in pattern.finditer(padded):
            if level == "ministry" and bodies.not_ministry_before.search(padded[: m.start()]):
                continue
            hits.append((m.start(), m.end(), level))
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))  # "tỉnh ủy" before "tỉnh" at one start
    kept: list[tuple[int, int, str]] = []
    for hit in hits:
        if not kept or hit[0] >= kept[-1][1]:
            kept.append(hit)
    return kept


def subject_and_addressee(text: Padded, start: int, end: int) -> tuple[float | None, float | None]:
    """Levels (numbers of ``[levels]``) of the speaker and the addressee of the verb at
    ``text.padded[start:end]``.

    The speaker is the body named nearest before the verb in its clause; the addressee the
    first body named within seven tokens after it (a bare title never counts as addressee).
    """
    bodies = _bodies()
    before = text.padded[:start]
    cut = max(before.rfind(" ; "), before.rfind(" : "), before.rfind(" . "), before.rfind(" “ "))
    before = " " + " ".join(before[cut + 1 :].split()[-20:]) + " "
    subject_hits = _levels_in(before)
    addressee = None
    if subject_hits and bodies.addressee_before.search(before[: subject_hits[-1][0]]):
        addressee = bodies.rank[subject_hits.pop()[2]]
    subject = bodies.rank[subject_hits[-1][2]] if subject_hits else None
    if subject_hits and before[subject_hits[-1][0] : subject_hits[-1][1]].endswith(
        bodies.reporting_locality
    ):
        subject = bodies.rank["reporting_locality"]  # the reporting locality, below anyone

    window = " " + " ".join(text.padded[end:].split()[:7]) + " "
    for stop in (" ; ", " . ", " : "):
        if stop in window:
            window = window[: window.index(stop) + 1]
    found = [hit for hit in _levels_in(window) if hit[2] != "presiding"]
    if found:
        addressee = bodies.rank[found[0][2]]
    return subject, addressee


def ask_direction(text: Padded, start: int, end: int, *, default: str | None) -> str | None:
    """'up' (a lower body asks a higher one), 'down' (a leader asks a subordinate), or
    ``default`` when neither side is named.

    With no speaker named only the centre or a ministry is clearly above: "Đồng thời đề nghị
    tỉnh ..." continues a leader's speech far more often than a district's.
    """
    rank = _bodies().rank
    subject, addressee = subject_and_addressee(text, start, end)
    if subject is None and addressee is None:
        return default
    if addressee is None:
        return "down" if subject >= rank["province"] else "up"
    if subject is None:
        return "up" if addressee >= rank["ministry"] else "down"
    return "up" if addressee > subject else "down"


# ---------------------------------------------------------------------------------------------
# Acts of asking and of directing
# ---------------------------------------------------------------------------------------------

Act = tuple[int, int, str]  # (start, end, verb) of an act in the padded text

# "được nhà đầu tư đề xuất": a proposal described, not made. Grammar, not vocabulary.
_PASSIVE_BEFORE = re.compile(r"(?<= )(?:được(?! biết)|bị|do) (?:[^ ]+ ){0,4}$")


@compiled
def _acts(lex: Lexicon) -> SimpleNamespace:
    """The patterns of the acts of asking and directing, compiled on first use. The sets read
    beside a verb keep their lexicon names (``Lexicon.patterns``)."""
    return SimpleNamespace(
        ask_as_noun=re.compile(rf"(?:{lex.alt('ask_excluded_before')}|\d+) $"),
        ask_noun_after=lex.starts("ask_excluded_after", extra=r"\d"),
        permission=lex.starts("ask_permission_after"),
        condition=lex.ends_in_clause("ask_condition_before", within=12),
        upward_verbs=lex.phrases("ask_upward_verbs"),
        wish_verbs=lex.phrases("ask_wish_verbs"),
        # a directive verb, not where the words around it make it a noun
        directive=lex.cue("directive"),
        needs_addressee=lex.phrases("directive_verbs_needing_addressee"),
        passive_or_past=lex.ends("directive_past_excluded_before", within=2),
        **lex.patterns(
            "ask",
            "ask_audit_excluded_after",
            "ask_xin_required_after",
            "ask_mong_excluded_after",
            "directive_needing_addressee",
            "directive_giao_required_after",
            "directive_hua_excluded_after",
        ),
    )


def asking_acts(text: Padded) -> Iterator[Act]:
    """Asking verbs used as verbs, in order: (start, end, verb)."""
    acts = _acts()
    for m, before, after in in_context(acts.ask, text.padded):
        verb = m[0]
        if acts.ask_as_noun.search(before[-40:]) or acts.ask_noun_after.match(after):
            continue
        if _PASSIVE_BEFORE.search(before):
            continue  # "được nhà đầu tư đề xuất": a proposal described, not made
        if verb.startswith("kiến nghị") and acts.ask_audit_excluded_after.match(after):
            continue
        if (verb == "xin" and not acts.ask_xin_required_after.match(after)) or (
            verb == "mong" and acts.ask_mong_excluded_after.match(after)
        ):
            continue
        yield m.start(), m.end(), verb


def directive_acts(text: Padded) -> Iterator[Act]:
    """Directive verbs used as verbs, in order: (start, end, verb).

    Passive or past uses ("được tỉnh chỉ đạo", "đã chỉ đạo") report work done (rule 9).
    """
    acts = _acts()
    for m, before, after in acts.directive.matches(text.padded):
        verb = m[0]
        if verb in acts.needs_addressee and not acts.directive_needing_addressee.match(after):
            continue
        if (verb == "giao" and not acts.directive_giao_required_after.match(after)) or (
            verb == "hứa" and acts.directive_hua_excluded_after.match(after)
        ):
            continue
        if acts.passive_or_past.search(before[-40:]):
            continue
        yield m.start(), m.end(), verb


def first_direction(
    text: Padded, asks: Sequence[Act], directives: Sequence[Act]
) -> tuple[str, str | None] | None:
    """(verb, 'up' | 'down' | None) of the first asking act: the main clause comes first.

    ``asks`` and ``directives``: the sentence's ``asking_acts`` and ``directive_acts``.
    An act inside a directive ("yêu cầu các bộ đề xuất ...", "giao Sở ... đề xuất") or a
    condition ("nếu doanh nghiệp kiến nghị ...") has no direction of its own.
    """
    acts = _acts()
    for start, end, verb in asks:
        clause_start = text.padded.rfind(" ; ", 0, start) + 1
        if acts.condition.search(text.padded[clause_start:start]) or any(
            clause_start <= d_start < start for d_start, _, _ in directives
        ):
            return verb, None
        if acts.permission.match(text.padded[end:].lstrip()):
            return verb, "up"  # permission is asked upwards
        if verb in acts.upward_verbs:
            subject, _ = subject_and_addressee(text, start, end)
            way = ask_direction(text, start, end, default="up")
            if way == "down" and not (subject and subject >= _bodies().rank["province"]):
                way = "up"
            return verb, way
        if verb in acts.wish_verbs:
            return verb, ask_direction(text, start, end, default=None)
        return verb, ask_direction(text, start, end, default="down")
    return None
