"""Cue-lexicon labeller: the rule baseline and the weak labels of labels.md.

Each *labelling function* looks for one family of cues (an upward request, a leader's
directive, a shortcoming, a reached target, a byline, ...) and votes for one label or abstains.
``label_sentence`` resolves the votes with the precedence of the decision rules of labels.md
(see ``PRECEDENCE``). ``RuleClassifier`` wraps it as a scikit-learn classifier and
``CueFeatures`` turns the votes into 0/1 features for a learned model.

The cue phrases, with the label family, the functions that read them, their exclusions and
their source, are in ``lexicon.toml`` (package data), read once by ``load_lexicon``. Cues match
NFC-normalised, lower-cased syllables joined by single spaces (``govtext.text`` tokens), always
on whole syllables ("là" never matches the start of "làm", nor "thu" that of "thuế").

The modules: ``lexicon`` (reading and compiling the phrases), ``view`` (the sentence as the
cues see it), ``direction`` (who asks whom, rule 1), ``asking`` / ``scene`` / ``findings`` (the
labelling functions of request and instruction / other / limitation and achievement),
``resolution`` (the precedence), ``estimators`` (the scikit-learn wrappers).

>>> label_sentence("Huyện đề nghị tỉnh hỗ trợ kinh phí làm đường giao thông.")
'request'
>>> label_sentence("Chủ tịch UBND tỉnh đề nghị huyện khẩn trương hoàn thành con đường.")
'instruction'
"""

from __future__ import annotations

from govtext.lazy import lazy_names
from govtext.rules.asking import (
    lf_instruction_directive,
    lf_instruction_downward,
    lf_instruction_future_plan,
    lf_instruction_imperative,
    lf_instruction_modal,
    lf_instruction_task_verbs,
    lf_request_people,
    lf_request_support_needed,
    lf_request_upward,
)
from govtext.rules.findings import (
    lf_achievement_despite,
    lf_achievement_done,
    lf_achievement_figures,
    lf_achievement_good_state,
    lf_achievement_past,
    lf_achievement_recognition,
    lf_achievement_targets,
    lf_limitation_bad_trend,
    lf_limitation_contrast,
    lf_limitation_difficulties,
    lf_limitation_low_figures,
    lf_limitation_negation,
    lf_limitation_shortcomings,
    lf_limitation_still,
)
from govtext.rules.lexicon import Lexicon, load_lexicon, read_lexicon
from govtext.rules.resolution import (
    FEATURE_ONLY,
    LABELLING_FUNCTIONS,
    PRECEDENCE,
    cue_matrix,
    cue_names,
    label_sentence,
    votes,
)
from govtext.rules.scene import (
    lf_other_attendance,
    lf_other_byline,
    lf_other_caption,
    lf_other_ceremony,
    lf_other_dateline,
    lf_other_reporting,
    lf_other_schedule,
)
from govtext.rules.view import LabellingFunction, Sentence

# The scikit-learn wrappers, imported on first use: scikit-learn takes 1-3 s to import, and the
# rules and their cue matrix (``govtext predict``'s fast start) need none of it.
_LAZY = {name: "govtext.rules.estimators" for name in ("CueFeatures", "RuleClassifier")}

__all__ = [
    "FEATURE_ONLY",
    "LABELLING_FUNCTIONS",
    "PRECEDENCE",
    "CueFeatures",
    "LabellingFunction",
    "Lexicon",
    "RuleClassifier",
    "Sentence",
    "cue_matrix",
    "cue_names",
    "label_sentence",
    "load_lexicon",
    "read_lexicon",
    "votes",
    "lf_achievement_despite",
    "lf_achievement_done",
    "lf_achievement_figures",
    "lf_achievement_good_state",
    "lf_achievement_past",
    "lf_achievement_recognition",
    "lf_achievement_targets",
    "lf_instruction_directive",
    "lf_instruction_downward",
    "lf_instruction_future_plan",
    "lf_instruction_imperative",
    "lf_instruction_modal",
    "lf_instruction_task_verbs",
    "lf_limitation_bad_trend",
    "lf_limitation_contrast",
    "lf_limitation_difficulties",
    "lf_limitation_low_figures",
    "lf_limitation_negation",
    "lf_limitation_shortcomings",
    "lf_limitation_still",
    "lf_other_attendance",
    "lf_other_byline",
    "lf_other_caption",
    "lf_other_ceremony",
    "lf_other_dateline",
    "lf_other_reporting",
    "lf_other_schedule",
    "lf_request_people",
    "lf_request_support_needed",
    "lf_request_upward",
]

__getattr__, __dir__ = lazy_names(__name__, globals(), _LAZY)
