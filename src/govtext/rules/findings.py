"""Labelling functions for ``limitation`` and ``achievement``: what the period's report found.

Shortcomings are looked for in ``Sentence.asserted`` (remedied, conceded and contrasted-away
shortcomings blanked, rule 2); figures are judged by direction (rule 4: a fall in poverty is
good news, a fall in exports bad). The phrases come from ``lexicon.toml``.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

from govtext.labels import TASK_LABELS
from govtext.rules.lexicon import TOK, TOKC, Lexicon, compiled, in_context, rx
from govtext.rules.view import Search, Sentence, pattern_functions, votes_for

ACHIEVEMENT, LIMITATION, _, _ = TASK_LABELS


@compiled
def _cues(lex: Lexicon) -> SimpleNamespace:
    """The patterns of this module, compiled from the lexicon on first use."""
    bad_state = lex.alt("bad_states")
    return SimpleNamespace(
        # limitation
        still=rx(
            rf"{lex.in_order('still_markers')} {lex.in_order('still_degrees', suffix=' ')}?"
            rf"(?:{bad_state}|{lex.in_order('still_quantities')})"
        ),
        still_quantities=lex.phrases("still_quantities"),
        bad_state_soon=re.compile(rf"^(?:[^ ]+ ){{0,2}}{bad_state}(?= )"),
        negated=lex.cue("negated"),
        shortcomings=lex.cue("shortcomings"),
        **lex.patterns(
            "still_excluded_before",
            "still_excluded_after",
            "han_che_noun_before",
            "han_che_noun_after",
            "difficulties",
            "bad_things",
            "worse",
            "good_state",
            "recognition",
        ),
        contrast_opening=re.compile(
            rf"^ (?:“ )?(?:{lex.alt('contrast_openers')}"
            rf"|bên cạnh (?:những|các) {lex.alt('contrast_besides')})(?= )"
        ),
        # numbers by direction
        change=re.compile(
            r"(?<= )"
            + lex.lookbehinds("changes_excluded_before")
            + rf"({lex.in_order('changes')})(?= )"
            + rf"(?! {lex.alt('changes_excluded_after')}(?= ))"
        ),
        only_so_much=lex.phrases("changes_to_little"),
        # A change counts when measured ("giảm 2%", "tăng so với", "tăng mạnh") or ending a
        # clause.
        measured=re.compile(
            rf"^(?:{lex.alt('change_measure_fillers')} ){{0,2}}"
            rf"(?:\d|{lex.alt('change_measures')}|[,.;])"
        ),
        planned_before=lex.ends("planned_excluded_before", within=2),
        # A plan word earlier in the same clause makes the figure a target: "phấn đấu tỷ lệ
        # che phủ rừng đạt 45%", "mục tiêu đến năm 2025 thu ngân sách tăng 10%".
        planned_clause=lex.ends_in_clause("planned_clause_openers", within=12, token=TOKC),
        low_figures=rx(
            lex.lookbehinds("low_figure_excluded_before")
            + rf"{lex.alt('low_figure_limiters')} {lex.alt('low_figure_verbs')}"
            + r"(?= (?:[^ ]+ ){0,3}\d)"
            + rf"|{lex.alt('low_states')}"
        ),
        # achievement
        reached=lex.cue("reached", within=1),
        figure_after=re.compile(
            rf"^(?:(?:[^ ]+ ){{0,3}}\d|(?:[^ ]+ ){{0,2}}{lex.alt('reached_figure_words')})"
        ),
        despite=rx(
            rf"{lex.alt('despite_openers')}"
            rf"(?: {TOK}){{0,20}}? {lex.alt('despite_difficulties')}"
            rf"(?: [^ ]+){{0,30}}? {lex.alt('despite_turns')}"
        ),
        done=rx(lex.alt("done_findings") + f"|{lex.alt('done_markers')} " + lex.alt("done_verbs")),
        past=rx(rf"{lex.alt('past_markers')} (?!{lex.alt('past_excluded_after')}(?= ))[^ ]+"),
    )


# ---- limitation ------------------------------------------------------------------------------


@votes_for(LIMITATION, needs=("still_markers",))
def lf_limitation_still(text: Sentence) -> bool:
    """A state that is still bad: "còn thấp", "vẫn còn nhiều khó khăn", "chưa đáp ứng"."""
    cues = _cues()
    for m, _, after in in_context(cues.still, text.asserted, not_before=cues.still_excluded_before):
        # "còn nhiều" / "còn những" count only with a shortcoming right after them.
        if (
            m[0].endswith(cues.still_quantities)
            and not cues.bad_state_soon.match(after)
            and not cues.shortcomings.pattern.search(" " + " ".join(after.split()[:4]) + " ")
        ):
            continue
        # NOTE: a match always ends with the state, so it never is a bare "còn" or "vẫn" and
        # still_excluded_after never applies; kept as it was (the rules' output must not move).
        if m[0] in ("còn", "vẫn") and cues.still_excluded_after.match(after):
            continue
        return True
    return False


@votes_for(LIMITATION, needs=("negated", "chưa"))  # or a rhetorical "chưa ?"
def lf_limitation_negation(text: Sentence) -> bool:
    """Something not (yet) done or met: "chưa đáp ứng", "mới đạt", "thiếu quyết liệt"."""
    cues = _cues()
    padded = text.asserted
    if padded.rstrip().endswith("?") and " chưa ? " in padded:
        return True  # a rhetorical "đã ... chưa?" points at a gap
    return next(cues.negated.matches(padded), None) is not None


@votes_for(LIMITATION, needs=("shortcomings",))
def lf_limitation_shortcomings(text: Sentence) -> bool:
    """Shortcoming words asserted of the body: "hạn chế", "yếu kém", "bất cập", "chậm".

    "hạn chế" + a noun is the verb "to limit" ("hạn chế phá rừng"): it counts only as a noun.
    """
    cues = _cues()
    return any(
        m[0] != "hạn chế"
        or cues.han_che_noun_after.match(after)
        or cues.han_che_noun_before.search(before)
        for m, before, after in cues.shortcomings.matches(text.asserted)
    )


@votes_for(LIMITATION, needs=("contrast_openers", "contrast_besides"))
def lf_limitation_contrast(text: Sentence) -> bool:
    """An opening "Tuy nhiên", "Song", "Bên cạnh những kết quả" turns to a gap (rule 2)."""
    return bool(_cues().contrast_opening.match(text.padded))


# Difficulties and low figures: one pattern each, searched in what the sentence asserts.
lf_limitation_difficulties, lf_limitation_low_figures = pattern_functions(
    LIMITATION,
    _cues,
    "asserted",
    difficulties=Search(
        'Difficulties or violations mentioned without a remedy: "khó khăn", "vi phạm". Weak: '
        "as often the reason for a request or the object of a plan; a feature only.",
        ("difficulties",),
    ),
    low_figures=Search(
        'A figure only reached or still low: "mới đạt 40% kế hoạch", "còn thấp" (rule 4).',
        ("low_figure_limiters", "low_states"),
    ),
)


# ---- numbers by direction (rule 4) -----------------------------------------------------------


def _trend(text: Sentence) -> str | None:
    """'good' or 'bad' for the first measured change: "hộ nghèo giảm 2%" is good, "xuất khẩu
    giảm 8%" bad, "tai nạn chỉ còn ..." good; planned changes ("phấn đấu giảm") do not count."""
    cues = _cues()
    for m, before, after in in_context(cues.change, text.padded):
        verb = m[1]
        if cues.planned_before.search(before) or cues.planned_clause.search(before):
            continue
        if not cues.measured.match(after):
            continue
        subject = " " + " ".join(before.split()[-8:]) + " " + " ".join(after.split()[:3]) + " "
        bad = cues.bad_things.search(subject) is not None
        if verb in cues.only_so_much:
            if bad:
                return "good"
            continue  # "còn 3,28%" of a neutral thing says nothing; "còn thấp" is elsewhere
        return "bad" if bad == (verb == "tăng") else "good"
    return None


@votes_for(LIMITATION, needs=("changes", "worse"))  # _trend needs a change
def lf_limitation_bad_trend(text: Sentence) -> bool:
    """A good thing fell or a bad thing rose: "xuất khẩu giảm 8%", "tụt hạng" (rule 4)."""
    return text.shared(_trend) == "bad" or bool(_cues().worse.search(text.padded))


# ---- achievement -----------------------------------------------------------------------------


def _reached(text: Sentence) -> tuple[str, ...]:
    """What follows each target reached outside a plan's clause ("đạt 116,6%": "116,6 % ...")."""
    cues = _cues()
    return tuple(
        after
        for _, before, after in cues.reached.matches(text.padded)
        if not cues.planned_clause.search(before)
    )


@votes_for(ACHIEVEMENT, needs=("changes", "reached"))  # _trend or _reached
def lf_achievement_figures(text: Sentence) -> bool:
    """A figure reached or a good change: "đạt 116,6%", "vượt kế hoạch", "hộ nghèo giảm 2%"."""
    if text.shared(_trend) == "good":
        return True
    figure_after = _cues().figure_after
    return any(figure_after.match(after) for after in text.shared(_reached))


@votes_for(ACHIEVEMENT, needs=("reached",))
def lf_achievement_targets(text: Sentence) -> bool:
    """A task or standard reached, without a figure: "đạt chuẩn", "hoàn thành", "về đích"."""
    return bool(text.shared(_reached))


# Results despite difficulties, recognition, good states and work done: one pattern each,
# searched in the padded sentence.
(
    lf_achievement_despite,
    lf_achievement_good_state,
    lf_achievement_recognition,
    lf_achievement_done,
    lf_achievement_past,
) = pattern_functions(
    ACHIEVEMENT,
    _cues,
    "padded",
    despite=Search(
        'Results despite difficulties: "mặc dù còn nhiều khó khăn, nhưng ..." (a conceded gap).',
        ("despite_openers",),
    ),
    good_state=Search(
        'A good state kept or progress made: "được duy trì", "giữ vững", "chuyển biến tích cực".',
        ("good_state",),
    ),
    recognition=Search(
        'A leader recognises results: "ghi nhận những kết quả", "đánh giá cao", "biểu dương".',
        ("recognition",),
    ),
    done=Search(
        'Work reported as done: "đã triển khai", "đã hỗ trợ", "kiến nghị thu hồi ..." (rule 9).',
        ("done_findings", "done_markers"),
    ),
    past=Search(
        'Anything reported as done in the period, "đã …" (weak; rule 9\'s list of work done).',
        ("past_markers",),
    ),
)
