"""How the votes of the labelling functions become one label: the precedence of labels.md.

``votes`` runs every labelling function; ``label_sentence`` takes the vote of the first tier
of ``PRECEDENCE`` in which a function fires (a sentence on which nothing fires is ``other``).

A request that mentions its reason's shortcomings is a request (tier 2 before tier 6):

>>> fired = votes("Xã còn nhiều khó khăn nên đề nghị huyện hỗ trợ xi măng làm đường.")
>>> sorted({label for label in fired.values() if label}), resolve(fired)
(['limitation', 'request'], 'request')
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Sequence

import numpy as np

from govtext.labels import ALL_LABELS, OTHER
from govtext.rules import asking, findings, scene
from govtext.rules.gates import mask_of
from govtext.rules.lexicon import Lexicon, compiled
from govtext.rules.view import LabellingFunction, Sentence

# Tiers, highest first; inside a tier the first function that fires decides.
#  1. A byline asserts nothing, whatever words its names contain.
#  2. Requests beat everything: the asking is the new information, and the reason clause or
#     the difficulty stated to justify it does not change the label (rules 1, 2, 7).
#  3. A leader's directive or downward "đề nghị" is an instruction, also in a caption (1, 5).
#  4. Ceremonies, attendance, schedules and content-free captions are other (rules 5, 8); they
#     come after directives so that "Nhân dịp thăm, X yêu cầu ..." stays an instruction.
#  5. Imperatives, duties and plans prescribe future action (rules 3, 6); a shortcoming they
#     mention is what is to be fixed, and a figure they mention is a target.
#  6. Figures judged by direction (rule 4): a fall in a good thing, "mới đạt", "vẫn còn ...",
#     before a figure reached; results despite conceded difficulties.
#  7. Datelines and the bare act of meeting or reporting are other (before the weaker cues
#     below, which such lead sentences are full of).
#  8. Shortcomings outrank the results acknowledged beside them (rule 2).
#  9. Targets, recognition, good states and work done.
# 10. Weak cues last: subject + task verb (instruction), then any "đã ..." (achievement).
# A sentence on which nothing fires is ``other``.
# fmt: off
PRECEDENCE: tuple[tuple[LabellingFunction, ...], ...] = (
    (scene.lf_other_byline,),
    (asking.lf_request_upward, asking.lf_request_people, asking.lf_request_support_needed),
    (asking.lf_instruction_directive, asking.lf_instruction_downward),
    (scene.lf_other_ceremony, scene.lf_other_attendance, scene.lf_other_schedule,
     scene.lf_other_caption),
    (asking.lf_instruction_imperative, asking.lf_instruction_modal,
     asking.lf_instruction_future_plan),
    (findings.lf_limitation_bad_trend, findings.lf_limitation_low_figures,
     findings.lf_limitation_still, findings.lf_achievement_despite,
     findings.lf_achievement_figures),
    (scene.lf_other_dateline, scene.lf_other_reporting),
    (findings.lf_limitation_negation, findings.lf_limitation_shortcomings,
     findings.lf_limitation_contrast),
    (findings.lf_achievement_targets, findings.lf_achievement_recognition,
     findings.lf_achievement_good_state, findings.lf_achievement_done),
    (asking.lf_instruction_task_verbs,),
    (findings.lf_achievement_past,),
)
# fmt: on
# Cue families that vote (in ``votes`` and as ``CueFeatures`` columns) but never decide a
# label: "khó khăn", "vi phạm" are as often a request's reason, a plan's object or a topic of
# discussion as a reported shortcoming; a model can weigh them in context, rules cannot.
FEATURE_ONLY: tuple[LabellingFunction, ...] = (findings.lf_limitation_difficulties,)

LABELLING_FUNCTIONS: tuple[LabellingFunction, ...] = (
    *(lf for tier in PRECEDENCE for lf in tier),
    *FEATURE_ONLY,
)


Candidates = Callable[[int], tuple[tuple[int, Callable[[Sentence], bool]], ...]]


@compiled
def _candidates(lex: Lexicon) -> Candidates:
    """For a sentence's ``cue_mask``, the (column, test) of the labelling functions whose gates
    it opens. Looked up by the mask's gate bits alone: sentences share a few thousand
    combinations of them, so a sentence finds its functions in a bounded cache."""
    gated = [
        (column, lf.func, mask_of(lf.needs) if lf.needs else 0)
        for column, lf in enumerate(LABELLING_FUNCTIONS)
    ]
    gate_bits = functools.reduce(operator.or_, (mask for *_, mask in gated), 0)

    @functools.lru_cache(maxsize=20_000)
    def opened(bits: int) -> tuple[tuple[int, Callable[[Sentence], bool]], ...]:
        return tuple((column, test) for column, test, mask in gated if not mask or bits & mask)

    return lambda present: opened(present & gate_bits)


def vote_row(text: Sentence) -> bytes:
    """Every labelling function's vote on a ``Sentence`` as one byte per column of
    ``cue_names()`` (1: it fires, 0: it abstains): what calling each one gives, with the gates
    checked once per sentence (the hot path of ``CueFeatures``, weak labels and ``predict``)."""
    row = bytearray(len(LABELLING_FUNCTIONS))
    for column, test in _candidates()(text.cue_mask):
        if test(text):
            row[column] = 1
    return bytes(row)


def cast(text: Sentence) -> dict[str, str | None]:
    """Every labelling function's vote on a ``Sentence``: its label, or None if it abstains."""
    return {
        lf.name: lf.label if fires else None
        for lf, fires in zip(LABELLING_FUNCTIONS, vote_row(text), strict=True)
    }


def votes(sentence: str) -> dict[str, str | None]:
    """Every labelling function's vote on ``sentence``: its label, or None if it abstains."""
    return cast(Sentence.of(sentence))


def resolve(fired: dict[str, str | None]) -> str:
    """The label ``label_sentence`` gives, from votes already cast."""
    for tier in PRECEDENCE:
        for lf in tier:
            if fired[lf.name] is not None:
                return fired[lf.name]
    return OTHER


# The functions of PRECEDENCE come first among the vote columns, tier by tier.
_DECIDING = sum(map(len, PRECEDENCE))


def resolve_row(row: bytes) -> str:
    """``resolve`` of a ``vote_row``: the label of its first deciding column that fired."""
    column = row.find(1, 0, _DECIDING)
    return LABELLING_FUNCTIONS[column].label if column >= 0 else OTHER


def label_sentence(sentence: str) -> str:
    """The label of ``sentence``: the vote of the first tier of ``PRECEDENCE`` that fires."""
    text = Sentence.of(sentence)
    for tier in PRECEDENCE:
        for lf in tier:
            label = lf(text)
            if label is not None:
                return label
    return OTHER


# The labels in the column order of the rules' decision (sorted, as a classifier's classes_).
DECISION_LABELS: tuple[str, ...] = tuple(sorted(ALL_LABELS))


def cue_names(decision: bool = False) -> list[str]:
    """The columns of ``cue_matrix``: one per labelling function, then (``decision``) one per
    label for the rules' own decision."""
    names = [lf.name for lf in LABELLING_FUNCTIONS]
    return names + ([f"rules_say_{label}" for label in DECISION_LABELS] if decision else [])


def cue_matrix(
    texts: Sequence[str], decision: bool = False, rows: Sequence[bytes] | None = None
) -> np.ndarray:
    """The 0/1 cue features of ``texts`` (``CueFeatures.transform``; columns ``cue_names``),
    computed without scikit-learn. ``rows``: their ``vote_row``s already cast (a cache)."""
    if rows is None:
        rows = [vote_row(Sentence.of(sentence)) for sentence in texts]
    width = len(LABELLING_FUNCTIONS)
    joined = b"".join(rows)
    if len(joined) != len(texts) * width:
        raise ValueError(f"{len(rows)} vote rows of {width} columns for {len(texts)} texts")
    out = np.frombuffer(joined, dtype=np.uint8).reshape(len(texts), width).astype(float)
    if not decision:
        return out
    decided = np.zeros((len(texts), len(DECISION_LABELS)), dtype=float)
    column_of = {label: DECISION_LABELS.index(label) for label in DECISION_LABELS}
    columns = [column_of[resolve_row(row)] for row in rows]
    decided[np.arange(len(texts)), columns] = 1.0
    return np.hstack([out, decided])
