"""Labelling functions for ``other``: bylines, captions, ceremonies, attendance, schedules.

Sentences that set the scene or report the act of meeting carry none of the four task labels
(labels.md rules 5 and 8). The phrases come from ``lexicon.toml``; the shapes (a dateline, "Tham
dự ... có ...", a caption without a final full stop) stay here.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

from govtext.labels import OTHER
from govtext.rules.lexicon import TOK, Lexicon, compiled, gap, rx
from govtext.rules.view import Search, Sentence, pattern_functions, votes_for

_FINAL_MARKS = frozenset({".", "!", "?", "…", ";", '"', "”", ":"})


@compiled
def _cues(lex: Lexicon) -> SimpleNamespace:
    """The patterns of this module, compiled from the lexicon on first use."""
    return SimpleNamespace(
        **lex.patterns("caption_content_cues", "ceremony", "reporting"),
        byline_always=tuple(f" {p} " for p in lex.phrases("byline_always")),
        byline_start=re.compile(rf"^ {lex.alt('byline_openers')} (?:: |- )?"),
        scene=re.compile(rf"^ {lex.alt('caption_scenes')} "),
        caption_subject=re.compile(rf"^ (?:{TOK} ){{1,16}}{lex.alt('caption_speaker_verbs')} "),
        # "Tham dự ... có ...", "đoàn do X dẫn đầu": the shape is code, the phrases lexicon.
        attendance=rx(
            lex.alt("attendance")
            + rf"|(?:tham dự|dự(?! {lex.alt('attendance_du_excluded_after')})) {gap(10)}"
            + rf"(?:còn )?có|(?:do|làm) {gap(12)}dẫn đầu"
        ),
        schedule=rx(
            rf"đoàn (?:{lex.alt('schedule_team_kinds')} )?{gap(6)}sẽ "
            + lex.alt("schedule_team_verbs")
            + rf"|{lex.alt('schedule_meetings')} {gap(3)}sẽ"
            + "|"
            + lex.alt("schedule_phrases")
        ),
        # A dateline: "Sáng 15/3", "Chiều nay (12/4)", "Sáng nay", "Ngày 5 ...".
        dateline=re.compile(
            rf"^ (?:“ )?(?:{lex.alt('dateline_times')} (?:{lex.alt('dateline_relative')} )?"
            r"(?:\( )?(?:ngày )?\d{1,2}[/-]\d{1,2}"
            rf"|{lex.alt('dateline_parts_of_day')} {lex.alt('dateline_days')}|ngày \d)"
        ),
    )


@votes_for(OTHER)
def lf_other_byline(text: Sentence) -> bool:
    """A byline, photo credit, source line or bare name: "T/h: ...", "Ảnh: ...", "Theo VOV"."""
    cues = _cues()
    if text.padded.startswith(cues.byline_always):
        return True
    if cues.byline_start.match(text.padded) and not text.has_words(more_than=8):
        return True
    if not text.has_words(more_than=4):
        # A name or a fragment of a web address ("Thu Hà", "baodaknong."): nothing asserted.
        alpha = [w for w in text.raw.split() if w[:1].isalpha()]
        return all(w[:1].isupper() for w in alpha) or "." in text.raw.rstrip(".")
    return False


@votes_for(OTHER, needs=("caption_scenes", "caption_speaker_verbs"))
def lf_other_caption(text: Sentence) -> bool:
    """A photo caption that only names who speaks, reports or visits (rule 5).

    The speaker, then the verb of speaking, no content, and (unless short) no final full stop.
    """
    cues = _cues()
    if cues.caption_content_cues.search(text.padded):
        return False
    if cues.scene.match(text.padded):
        return True
    if text.tokens and text.tokens[-1] in _FINAL_MARKS and text.n_words > 12:
        return False
    return bool(cues.caption_subject.match(text.padded))


# Ceremonies, attendance, schedules, datelines and the bare act of meeting: one pattern each,
# searched in the padded sentence (the dateline's is anchored at the opening).
(
    lf_other_ceremony,
    lf_other_attendance,
    lf_other_schedule,
    lf_other_dateline,
    lf_other_reporting,
) = pattern_functions(
    OTHER,
    _cues,
    "padded",
    ceremony=Search(
        'Ceremonies, visits, gifts and awards: "tặng quà", "trao bằng khen", "dâng hương" (rule 8).',
        ("ceremony",),
    ),
    attendance=Search(
        'Who attended or led the meeting: "Tham dự có ...", "đoàn do X dẫn đầu".',
        # "tham dự ... có", "dự ... có", "do X dẫn đầu", or an attendance phrase.
        ("attendance", "dự", "dẫn đầu"),
    ),
    schedule=Search(
        "A visiting team's or a meeting's schedule and scope: \"Đoàn sẽ kiểm tra ...\", "
        '"Đoàn sẽ hoàn thành việc kiểm tra trước ngày 30/6", "Kỳ họp sẽ xem xét ..." (rule 8).',
        # Every alternative but the schedule phrases ends in "sẽ".
        ("schedule_phrases", "sẽ"),
    ),
    dateline=Search(
        'A dateline lead setting the scene: "Sáng 15/3, tại ..., X chủ trì hội nghị ...".',
        ("dateline_times", "dateline_parts_of_day"),  # "ngày \d" is a dateline time too
    ),
    reporting=Search(
        'The act of meeting or reporting, without its content: "đã làm việc với ...".',
        ("reporting",),
    ),
)
