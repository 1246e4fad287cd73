"""Labelling functions for ``request`` and ``instruction``: asking, directing, duties, plans.

Each function looks for one cue family of labels.md and votes its label or abstains. The
phrases come from ``lexicon.toml`` (the sets named in each pattern); what stays here is how
they combine: which word must come before or after which, and within how many tokens.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

from govtext.labels import TASK_LABELS
from govtext.rules.direction import subject_and_addressee
from govtext.rules.gates import mask_of
from govtext.rules.lexicon import TOK, TOKC, Lexicon, compiled, rx
from govtext.rules.view import Sentence, votes_for

_, _, REQUEST, INSTRUCTION = TASK_LABELS
_WANTS = frozenset({"people_wants"})


@compiled
def _cues(lex: Lexicon) -> SimpleNamespace:
    """The patterns of this module, compiled from the lexicon on first use."""
    higher, support = lex.alt("support_givers"), lex.alt("support_kinds")
    return SimpleNamespace(
        # request
        people_before=lex.ends_in_clause("people", within=10),
        **lex.patterns("people_wants"),
        hypothetical_before=lex.ends("people_hypothetical_before", within=6),
        support_needed=rx(
            lex.alt("support_needed_openers")
            + rf"(?: {TOK}){{0,3}} (?:(?:của )?{higher}(?: {TOK}){{0,3}} {support}"
            + rf"|{support}(?: {TOK}){{0,3}} (?:của )?{higher})"
        ),
        # instruction: directives
        leader_near=lex.ends_in_clause("leaders", within=14),
        # What may precede a sentence-initial directive: "Đồng thời, giao ...", "Về kinh phí,
        # giao ...".
        directive_opening=re.compile(
            rf"^ (?:[-+*•] |{lex.alt('directive_continuers')} (?:, )?"
            rf"|{lex.alt('directive_topic_openers')} [^;:]* , )?$"
        ),
        commitments=lex.phrases("directive_commitments"),
        # instruction: duties
        modal=lex.cue("modal"),
        # "(còn) những hạn chế cần khắc phục", "những việc cần làm": a relative clause, not the
        # duty the sentence states; "Các hạn chế nói trên phải sớm được khắc phục" is a duty.
        modal_excluded=re.compile(
            rf"(?:{lex.alt('modal_shortcoming_markers')} (?:{TOKC} ){{0,4}}"
            rf"{lex.alt('modal_shortcoming_nouns')} (?:{TOKC} ){{0,3}}"
            rf"|{lex.alt('modal_object_nouns')} (?:{TOKC} ){{0,2}})$"
        ),
        gap_before_duty=re.compile(
            rf"(?<= ){lex.alt('modal_gap_markers')} (?:[^ ]+ )?{lex.alt('modal_gap_states')}(?= )"
        ),
        therefore=rx(lex.alt("modal_drawn_from_gap")),
        # instruction: imperatives, plans, tasks
        imperative=re.compile(
            rf"^ (?:{lex.alt('imperative_openers')} )*{lex.alt('imperative_verbs')} (?!được )"
        ),
        # A verb-initial phrase followed by "là", "được" or "đạt" is a nominal subject.
        nominal_subject=re.compile(
            lex.lookbehinds("nominal_copula_excluded_before", suffix="")
            + rf" {lex.alt('nominal_copulas')} |"
            + lex.lookbehinds("nominal_predicate_excluded_before", suffix="")
            + rf" {lex.alt('nominal_predicates')} "
        ),
        plan=lex.cue("plan", within=3),
        will_act=rx(
            rf"{lex.alt('will_markers')} (?:{lex.alt('will_adverbs')} )*{lex.alt('will_verbs')}"
        ),
        task=rx(
            lex.lookbehinds("task_excluded_before")
            + lex.alt("task_verbs")
            + rf"(?! {lex.alt('task_excluded_after')}(?= ))"
        ),
    )


# ---- request ---------------------------------------------------------------------------------


@votes_for(REQUEST, needs=("ask",))  # first_ask: an act of asking
def lf_request_upward(text: Sentence) -> bool:
    """A lower body asks a higher one (rule 1): "huyện đề nghị tỉnh ...", "kiến nghị Bộ ..."."""
    return text.first_ask is not None and text.first_ask[1] == "up"


@votes_for(REQUEST, needs=("people",))  # people_before: a people phrase before the act
def lf_request_people(text: Sentence) -> bool:
    """Voters, citizens, workers or firms ask for something: "cử tri kiến nghị ..."."""
    cues = _cues()
    acts = [start for start, _, _ in text.asks]
    if text.cue_mask & mask_of(_WANTS):  # each match is a phrase of [cue.people_wants]
        acts += [m.start() for m in cues.people_wants.finditer(text.padded)]
    for start in sorted(acts)[:2]:
        before = text.padded[:start]
        if cues.people_before.search(before) and not cues.hypothetical_before.search(before):
            return True
    return False


@votes_for(REQUEST, needs=("support_needed_openers",))
def lf_request_support_needed(text: Sentence) -> bool:
    """The locality needs a higher body's support: "cần được tỉnh quan tâm hỗ trợ" (rule 7)."""
    return bool(_cues().support_needed.search(text.padded))


# ---- instruction -----------------------------------------------------------------------------


@votes_for(INSTRUCTION, needs=("directive",))  # directive_acts
def lf_instruction_directive(text: Sentence) -> bool:
    """A leader or higher body tells a subordinate what to do: "X yêu cầu Y ...", "giao Sở ...".

    Also a sentence-initial "Giao ...", "Yêu cầu ..." continuing a leader's directions (rule 3),
    and a higher body's commitment ("cam kết", "hứa").
    """
    cues = _cues()
    for start, end, verb in text.directives:
        before = text.padded[:start]
        if cues.directive_opening.match(before) or cues.leader_near.search(before):
            return True
        if verb in cues.commitments:
            return True
        if subject_and_addressee(text, start, end)[0] is not None:
            return True
    return False


@votes_for(INSTRUCTION, needs=("ask",))  # first_ask: an act of asking
def lf_instruction_downward(text: Sentence) -> bool:
    """ "Đề nghị", "mong muốn" from a leader or higher body to a subordinate (rule 1)."""
    return (
        text.first_ask is not None
        and text.first_ask[1] == "down"
        and not text.first_ask[0].startswith("đề xuất")  # a proposal never directs
    )


@votes_for(INSTRUCTION, needs=("modal",))
def lf_instruction_modal(text: Sentence) -> bool:
    """A duty stated with a modal: "cần", "phải", "không để", "kiên quyết" (what must be done).

    A list of shortcomings with a remedy tacked on ("… còn chậm, chưa đáp ứng …; … cần
    tiếp tục …") still reports shortcomings (rule 2), unless the duty is drawn from them
    ("… chưa …, nên cần …").
    """
    cues = _cues()
    return any(
        not cues.modal_excluded.search(before[-60:])
        and (not cues.gap_before_duty.search(before) or cues.therefore.search(before))
        for _, before, _ in cues.modal.matches(text.padded)
    )


@votes_for(INSTRUCTION, needs=("imperative_verbs",))
def lf_instruction_imperative(text: Sentence) -> bool:
    """A subject-less sentence opening with an action verb: "Tập trung xây dựng ..." (rule 3)."""
    cues = _cues()
    if not cues.imperative.search(text.padded):
        return False
    first_clause = re.split(r" [;:] ", text.padded, maxsplit=1)[0] + " "
    return not cues.nominal_subject.search(first_clause)


@votes_for(INSTRUCTION, needs=("will_markers", "plan"))  # will_act or plan
def lf_instruction_future_plan(text: Sentence) -> bool:
    """A plan or target for the time ahead: "phấn đấu", "thời gian tới", "sẽ ..." (rule 6).

    Also a higher body's commitment: "sẽ chỉ đạo", "sẽ hỗ trợ". A plan word that names a
    meeting's agenda ("nhiệm vụ 6 tháng cuối năm") does not count.
    """
    cues = _cues()
    if cues.will_act.search(text.padded):
        return True
    return next(cues.plan.matches(text.padded), None) is not None


@votes_for(INSTRUCTION, needs=("task_verbs",))
def lf_instruction_task_verbs(text: Sentence) -> bool:
    """Tasks with their subject: "Sở Xây dựng khẩn trương thẩm định ...", "tiếp tục ...".

    Weak: these verbs also describe work under way, so this family comes almost last.
    """
    return bool(_cues().task.search(text.padded))
