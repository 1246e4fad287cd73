"""Cue-lexicon labeller: the rule baseline and the weak labels of labels.md.

Each *labelling function* looks for one family of cues (an upward request, a leader's
directive, a shortcoming, a reached target, a byline, ...) and votes for one label or abstains.
``label_sentence`` resolves the votes with the precedence of the decision rules of labels.md
(see ``PRECEDENCE``). ``RuleClassifier`` wraps it as a scikit-learn classifier and
``CueFeatures`` turns the votes into 0/1 features for a learned model.

Cues match NFC-normalised, lower-cased syllables joined by single spaces (``govtext.text``
tokens), always on whole syllables ("là" never matches the start of "làm", nor "thu" that of
"thuế"); words that contain a cue syllable ("tăng cường", "cán bộ", "dự án") are excluded
where they would mislead.

>>> label_sentence("Huyện đề nghị tỉnh hỗ trợ kinh phí làm đường giao thông.")
'request'
>>> label_sentence("Chủ tịch UBND tỉnh đề nghị huyện khẩn trương hoàn thành con đường.")
'instruction'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin

from govtext.errors import GovtextError
from govtext.labels import ALL_LABELS, OTHER, TASK_LABELS
from govtext.text import TextInput, as_texts, syllables

ACHIEVEMENT, LIMITATION, REQUEST, INSTRUCTION = TASK_LABELS
_CLASSES = np.array(sorted(ALL_LABELS))
_CLASS_INDEX = {label: i for i, label in enumerate(_CLASSES)}


# ---------------------------------------------------------------------------------------------
# The sentence as the cues see it
# ---------------------------------------------------------------------------------------------

_AGENCIES = frozenset({"TTXVN", "TTXVN)", "TTXVN.", "VGP", "VOV", "VNA", "VTV", "VNEXPRESS"})


def _strip_photo_credit(sentence: str) -> str:
    """Drop a photo credit that the sentence splitter glued to the next sentence.

    "Ảnh: Văn An/TTXVN Về công tác ..." is labelled by what follows the credit; a credit
    standing alone is kept whole (it is a byline, labelled ``other``).
    """
    words = sentence.split()
    if not words or not words[0].lstrip("(").lower().startswith("ảnh"):
        return sentence
    cut = None
    for i, word in enumerate(words[1:8], start=1):
        if "/" in word or word.strip("().,-").upper() in _AGENCIES:
            cut = i + 1
            break
    if cut is None and len(words) > 2 and words[1].lower().rstrip(":") in ("minh", "minh họa"):
        cut = 3 if words[1].lower() == "minh" else 2  # "Ảnh minh họa ..."
    if cut is None or len(words) - cut < 3:
        return sentence
    return " ".join(words[cut:])


@dataclass(frozen=True)
class _Text:
    """Syllable and punctuation tokens of one sentence, joined and padded by single spaces.

    The derived views that several labelling functions share are computed once per sentence
    (per instance, so there is no module-level cache to reset).
    """

    raw: str
    tokens: tuple[str, ...]
    padded: str  # " tok tok ... tok ": every cue is anchored on the spaces around it

    @classmethod
    def of(cls, sentence: str) -> _Text:
        sentence = _strip_photo_credit(unicodedata.normalize("NFC", sentence))
        tokens = tuple(syllables(sentence))
        return cls(sentence, tokens, " " + " ".join(tokens) + " ")

    @property
    def n_words(self) -> int:
        return sum(1 for t in self.tokens if t[0].isalnum())

    @cached_property
    def asserted(self) -> str:
        """``padded`` with remedied, conceded and contrasted-away shortcomings blanked."""
        return _asserted(self)

    @cached_property
    def first_ask(self) -> tuple[str, str | None] | None:
        """(verb, direction) of the sentence's first act of asking, if any."""
        return _first_direction(self)


# ---------------------------------------------------------------------------------------------
# Regex helpers: every pattern works on ``_Text.padded``
# ---------------------------------------------------------------------------------------------


def _alt(*phrases: str) -> str:
    """A non-capturing alternation of literal phrases, longest first."""
    return "(?:" + "|".join(re.escape(p) for p in sorted(set(phrases), key=len, reverse=True)) + ")"


def _rx(body: str) -> re.Pattern[str]:
    """``body`` matching whole tokens only: a space (or the padding) on either side."""
    return re.compile(rf"(?<= )(?:{body})(?= )")


def _starts(*phrases: str, extra: str = "") -> re.Pattern[str]:
    """Whether a left-stripped rest of a padded text starts with one of ``phrases`` (whole)."""
    return re.compile(rf"^(?:{_alt(*phrases)}(?= ){'|' + extra if extra else ''})")


# One token that is not a clause-ending punctuation mark; the same excluding commas.
_TOK = r"(?:(?![;.!?:…](?= ))[^ ]+)"
_TOKC = r"(?:(?![;.!?:…,](?= ))[^ ]+)"


def _gap(n: int) -> str:
    """Up to ``n`` tokens of one clause, each followed by its space."""
    return rf"(?:{_TOK} ){{0,{n}}}"


# Discourse openers and list marks that may precede a subject-less imperative.
# fmt: off
_OPENERS = _alt(
    "đồng thời", "bên cạnh đó", "ngoài ra", "trước mắt", "trên cơ sở đó", "mặt khác",
    "cùng với đó", "tiếp đó", "tiếp theo", "thứ nhất", "thứ hai", "thứ ba", "một là", "hai là",
    "ba là", "trong đó", "theo đó", "vì vậy", "do đó", "do vậy", "vì thế", "cụ thể", "đặc biệt",
    "đặc biệt là", "nhất là", "song song đó", "song song với đó", "sau đó", "bên cạnh",
    "đồng thời cũng", "tiếp tục", "-", "+", "*", "•", "–", "“", '"', "(", ")", ",",
    "a", "b", "c", "d", "1", "2", "3", "4", "5", "6", "7", "8", "9",
)
# fmt: on


# ---------------------------------------------------------------------------------------------
# Who asks whom: the hierarchy of bodies decides the direction of "đề nghị" (rule 1)
# ---------------------------------------------------------------------------------------------

# fmt: off
_MINISTRY_NAMES = _alt(
    "giao thông", "gtvt", "y tế", "tài chính", "công an", "quốc phòng", "nội vụ", "xây dựng",
    "kế hoạch", "kh", "khđt", "kh-đt", "công thương", "nông nghiệp", "nn", "nn&ptnt",
    "tài nguyên", "tn-mt", "tn&mt", "tnmt", "giáo dục", "gd", "gd&đt", "gdđt", "lao động",
    "lđ-tb&xh", "lđtbxh", "văn hóa", "vh-tt&dl", "tư pháp", "ngoại giao", "khoa học", "kh&cn",
    "thông tin", "tt&tt", "ngành", ",", "trưởng",
)
# Level of a body: 5 the centre, 4 a ministry, 3 a province or centrally-run city, 2.5 a
# provincial department, 2 a district or "the locality", 1 communes, citizens, firms, workers
# and the Front that speaks for them. A leader's title with no body ("bí thư", "đồng chí") is a
# presiding leader, 3.5: above the localities addressed, but never itself an addressee.
_LEVEL_PHRASES: dict[float, tuple[str, ...]] = {
    5.0: ("trung ương", "tw", "t.ư", "t.w", "chính phủ", "thủ tướng", "quốc hội", "bộ chính trị",
          "ban bí thư", "tổng bí thư", "chủ tịch nước", "nhà nước", "đảng, nhà nước",
          "đảng và nhà nước", "cấp trên", "cấp có thẩm quyền"),
    3.5: ("bí thư", "đồng chí", "chủ tịch", "phó chủ tịch", "trưởng đoàn", "trưởng ban",
          "lãnh đạo", "đoàn công tác", "đoàn kiểm tra", "đoàn giám sát", "chúng tôi"),
    3.0: ("tỉnh", "tỉnh ủy", "tỉnh uỷ", "thành ủy", "thành uỷ", "thành phố", "tp", "tp.hcm",
          "tp.hà", "ubnd tp", "thủ đô"),
    2.5: ("sở", "các sở", "sở, ngành", "ban, ngành", "các ngành", "chi cục", "cơ quan chức năng",
          "các cơ quan", "ngành chức năng"),
    2.0: ("huyện", "quận", "thị xã", "huyện ủy", "huyện uỷ", "quận ủy", "thị ủy", "địa phương",
          "các địa phương", "cơ sở", "các cấp", "cấp ủy", "đơn vị", "các đơn vị", "chính quyền"),
    1.0: ("xã", "phường", "thị trấn", "thôn", "bản", "cử tri", "người dân", "nhân dân", "bà con",
          "doanh nghiệp", "dn", "công nhân", "nông dân", "người lao động", "nlđ", "cnlđ", "hộ",
          "hội viên", "đoàn viên", "đảng viên", "cán bộ", "công chức", "nhà đầu tư", "hiệp hội",
          "chuyên gia", "phóng viên", "đại biểu", "hợp tác xã", "trường", "giáo viên",
          "học sinh", "chủ đầu tư", "công ty", "tập đoàn", "anh", "chị", "mttq", "mặt trận",
          "ubmttq", "mttqvn", "ubtw mttqvn", "đoàn chủ tịch"),
}
# fmt: on
_LEVELS: tuple[tuple[re.Pattern[str], float], ...] = (
    *((_rx(_alt(*phrases)), level) for level, phrases in _LEVEL_PHRASES.items()),
    (_rx(rf"bộ {_MINISTRY_NAMES}|các bộ|thứ trưởng|tổng cục|bộ ngành"), 4.0),
)
# "bộ" of a ministry, not of "cán bộ", "đảng bộ", "toàn bộ", "đường bộ".
_NOT_MINISTRY_BEFORE = re.compile(r"(?:cán|đảng|toàn|đường|một|bộ) $")
# A body named right after these is the addressee of a letter, not the speaker:
# "có tờ trình gửi Thủ tướng kiến nghị ...".
_TO_BEFORE = re.compile(r"(?:gửi|gửi tới|gửi đến|trình|lên|với|tới) $")


def _levels_in(padded: str) -> list[tuple[int, int, float]]:
    """(start, end, level) of the body names in ``padded``, the longest at each position."""
    hits: list[tuple[int, int, float]] = []
    for pattern, level in _LEVELS:
        for m in pattern.finditer(padded):
            if level == 4.0 and _NOT_MINISTRY_BEFORE.search(padded[: m.start()]):
                continue
            hits.append((m.start(), m.end(), level))
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))  # "tỉnh ủy" before "tỉnh" at one start
    kept: list[tuple[int, int, float]] = []
    for hit in hits:
        if not kept or hit[0] >= kept[-1][1]:
            kept.append(hit)
    return kept


def _subject_and_addressee(text: _Text, start: int, end: int) -> tuple[float | None, float | None]:
    """Levels of the speaker and the addressee of the verb at ``text.padded[start:end]``.

    The speaker is the body named nearest before the verb in its clause; the addressee the
    first body named within seven tokens after it (a bare title never counts as addressee).
    """
    before = text.padded[:start]
    cut = max(before.rfind(" ; "), before.rfind(" : "), before.rfind(" . "), before.rfind(" “ "))
    before = " " + " ".join(before[cut + 1 :].split()[-20:]) + " "
    subject_hits = _levels_in(before)
    addressee = None
    if subject_hits and _TO_BEFORE.search(before[: subject_hits[-1][0]]):
        addressee = subject_hits.pop()[2]
    subject = subject_hits[-1][2] if subject_hits else None
    if subject_hits and before[subject_hits[-1][0] : subject_hits[-1][1]].endswith("địa phương"):
        subject = 1.5  # "địa phương" speaking is the reporting locality itself, below anyone

    window = " " + " ".join(text.padded[end:].split()[:7]) + " "
    for stop in (" ; ", " . ", " : "):
        if stop in window:
            window = window[: window.index(stop) + 1]
    bodies = [hit for hit in _levels_in(window) if hit[2] != 3.5]
    if bodies:
        addressee = bodies[0][2]
    return subject, addressee


def _direction(text: _Text, start: int, end: int, *, default: str | None) -> str | None:
    """'up' (a lower body asks a higher one), 'down' (a leader asks a subordinate), or
    ``default`` when neither side is named.

    With no speaker named only the centre or a ministry is clearly above: "Đồng thời đề nghị
    tỉnh ..." continues a leader's speech far more often than a district's.
    """
    subject, addressee = _subject_and_addressee(text, start, end)
    if subject is None and addressee is None:
        return default
    if addressee is None:
        return "down" if subject >= 3.0 else "up"
    if subject is None:
        return "up" if addressee >= 4.0 else "down"
    return "up" if addressee > subject else "down"


# ---------------------------------------------------------------------------------------------
# Labelling functions
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LabellingFunction:
    """One cue family. Called on a sentence it votes ``label`` when ``func`` fires, else None.

    >>> lf_other_byline("T/h: Bảo Ngọc"), lf_other_byline.__name__, lf_other_byline.label
    ('other', 'lf_other_byline', 'other')
    """

    name: str
    label: str
    func: Callable[[_Text], bool]

    @property
    def __name__(self) -> str:  # reads like the plain function it wraps
        return self.name

    def __call__(self, sentence: str | _Text) -> str | None:
        text = sentence if isinstance(sentence, _Text) else _Text.of(sentence)
        return self.label if self.func(text) else None


def _votes_for(label: str) -> Callable[[Callable[[_Text], bool]], LabellingFunction]:
    """Decorator: turn a cue test into a ``LabellingFunction`` voting ``label``."""

    def wrap(func: Callable[[_Text], bool]) -> LabellingFunction:
        return LabellingFunction(func.__name__, label, func)

    return wrap


# ---- request ---------------------------------------------------------------------------------

# fmt: off
_ASK = _rx(_alt(
    "đề nghị", "kiến nghị", "đề xuất", "mong muốn", "mong", "kính đề nghị", "đề đạt",
    "kiến nghị với", "đề nghị với", "đề xuất với", "xin", "nguyện vọng",
))
# A determiner or a governing verb before it makes the asking word a noun: "các kiến nghị",
# "giải quyết kiến nghị", "theo đề xuất", "việc đề xuất".
_ASK_AS_NOUN = re.compile("(?:" + _alt(
    "các", "những", "mọi", "số", "ý kiến ,", "ý kiến", "phản ánh ,", "phản ánh", "giải quyết",
    "tiếp nhận", "trả lời", "xử lý", "chấp nhận", "tổng hợp", "lượt", "theo", "với", "có",
    "của", "sự", "được", "thống nhất với", "nhiều", "đơn", "trong", "ghi nhận", "tiếp thu",
    "đề xuất ,", "kiến nghị ,", "đề nghị ,", "nêu", "từ", "và", "danh sách", "lập danh sách",
    "ủng hộ", "đối với", "việc", "là", "phải", "cũng như", "làm thế nào", "về",
) + r"|\d+) $")
_ASK_NOUN_AFTER = _starts("của", "này", "đó", "trên", "nói trên", "cụ thể", "được", "từ", ".",
                          extra=r"\d")
# Inspectors' and auditors' "kiến nghị thu hồi / xử lý" is a finding of the period, not an ask.
_AUDIT_AFTER = _starts("thu hồi", "xử lý", "xử phạt", "kiểm điểm", "xuất toán", "giảm trừ",
                       "chuyển")
_XIN_OK = _starts("ý kiến", "chủ trương", "phép", "được", "hỗ trợ", "bổ sung", "cấp", "kinh phí",
                  "vốn", "đề nghị", "giấy phép")
# fmt: on
_PASSIVE_BEFORE = re.compile(r"(?<= )(?:được(?! biết)|bị|do) (?:[^ ]+ ){0,4}$")
_MONG_NOT_ASK = _starts("muốn", "đợi", "chờ")
_PERMISSION = _starts("cho phép", "xem xét cho phép", "chấp thuận")
_CONDITION = re.compile(rf"(?<= )(?:nếu|khi) (?:{_TOK} ){{0,12}}$")
# Asked upwards unless an explicitly higher speaker addresses a clearly lower body.
_UPWARD_VERBS = ("kiến nghị", "kiến nghị với", "kính đề nghị", "xin", "đề đạt", "đề xuất với",
                 "đề nghị với")  # fmt: skip
# A proposal or a wish is an ask only towards a named addressee ("đề xuất với Bộ ...").
_WISH_VERBS = ("mong muốn", "mong", "nguyện vọng", "đề xuất")


def _asking_acts(text: _Text) -> Iterator[tuple[int, int, str]]:
    """Asking verbs used as verbs, in order: (start, end, verb)."""
    for m in _ASK.finditer(text.padded):
        before, after, verb = text.padded[: m.start()], text.padded[m.end() :].lstrip(), m[0]
        if _ASK_AS_NOUN.search(before[-40:]) or _ASK_NOUN_AFTER.match(after):
            continue
        if _PASSIVE_BEFORE.search(before):
            continue  # "được nhà đầu tư đề xuất": a proposal described, not made
        if verb.startswith("kiến nghị") and _AUDIT_AFTER.match(after):
            continue
        if (verb == "xin" and not _XIN_OK.match(after)) or (
            verb == "mong" and _MONG_NOT_ASK.match(after)
        ):
            continue
        yield m.start(), m.end(), verb


def _first_direction(text: _Text) -> tuple[str, str | None] | None:
    """(verb, 'up' | 'down' | None) of the first asking act: the main clause comes first.

    An act inside a directive ("yêu cầu các bộ đề xuất ...", "giao Sở ... đề xuất") or a
    condition ("nếu doanh nghiệp kiến nghị ...") has no direction of its own.
    """
    for start, end, verb in _asking_acts(text):
        clause_start = text.padded.rfind(" ; ", 0, start) + 1
        if _CONDITION.search(text.padded[clause_start:start]) or any(
            clause_start <= d_start < start for d_start, _, _ in _directive_acts(text)
        ):
            return verb, None
        if _PERMISSION.match(text.padded[end:].lstrip()):
            return verb, "up"  # permission is asked upwards
        if verb in _UPWARD_VERBS:
            subject, _ = _subject_and_addressee(text, start, end)
            direction = _direction(text, start, end, default="up")
            if direction == "down" and not (subject and subject >= 3.0):
                direction = "up"
            return verb, direction
        if verb in _WISH_VERBS:
            return verb, _direction(text, start, end, default=None)
        return verb, _direction(text, start, end, default="down")
    return None


@_votes_for(REQUEST)
def lf_request_upward(text: _Text) -> bool:
    """A lower body asks a higher one (rule 1): "huyện đề nghị tỉnh ...", "kiến nghị Bộ ..."."""
    return text.first_ask is not None and text.first_ask[1] == "up"


# fmt: off
_PEOPLE = _alt(
    "cử tri", "người dân", "nhân dân", "bà con", "doanh nghiệp", "dn", "công nhân", "nông dân",
    "người lao động", "nlđ", "cnlđ", "hiệp hội", "nhà đầu tư", "chuyên gia", "phóng viên",
    "các hộ", "hộ dân", "hộ gia đình", "nhiều ý kiến", "ý kiến", "công ty", "tập đoàn",
    "đơn vị", "liên doanh", "mttq", "mặt trận", "chị", "anh",
)
# fmt: on
_PEOPLE_BEFORE = re.compile(rf"(?<= ){_PEOPLE} (?:{_TOK} ){{0,10}}$")
_WANT = _rx(_alt("muốn", "bày tỏ mong muốn", "mong mỏi", "nguyện vọng"))
_HYPOTHETICAL_BEFORE = re.compile(r"(?:nếu|khi|để|mà|như) (?:[^ ]+ ){0,6}$")


@_votes_for(REQUEST)
def lf_request_people(text: _Text) -> bool:
    """Voters, citizens, workers or firms ask for something: "cử tri kiến nghị ..."."""
    acts = [start for start, _, _ in _asking_acts(text)]
    acts += [m.start() for m in _WANT.finditer(text.padded)]
    for start in sorted(acts)[:2]:
        before = text.padded[:start]
        if _PEOPLE_BEFORE.search(before) and not _HYPOTHETICAL_BEFORE.search(before):
            return True
    return False


# fmt: off
_HIGHER = _alt("tỉnh", "trung ương", "chính phủ", "nhà nước", "các bộ", "bộ", "thành phố",
               "cấp trên", "thủ tướng")
_SUPPORT = _alt("quan tâm", "hỗ trợ", "đầu tư", "giúp đỡ", "tạo điều kiện", "xem xét", "bố trí",
                "ưu tiên", "tháo gỡ")
_SUPPORT_NEEDED = _rx(
    _alt("cần được", "rất cần", "mong được", "đề nghị được", "cần có sự", "rất mong")
    + rf"(?: {_TOK}){{0,3}} (?:(?:của )?{_HIGHER}(?: {_TOK}){{0,3}} {_SUPPORT}"
    + rf"|{_SUPPORT}(?: {_TOK}){{0,3}} (?:của )?{_HIGHER})"
)
# fmt: on


@_votes_for(REQUEST)
def lf_request_support_needed(text: _Text) -> bool:
    """The locality needs a higher body's support: "cần được tỉnh quan tâm hỗ trợ" (rule 7)."""
    return bool(_SUPPORT_NEEDED.search(text.padded))


# ---- instruction -----------------------------------------------------------------------------

# fmt: off
_LEADER = _alt(
    "thủ tướng", "phó thủ tướng", "bộ trưởng", "thứ trưởng", "bí thư", "chủ tịch",
    "tổng bí thư", "đồng chí", "trưởng đoàn", "trưởng ban", "ông", "bà", "lãnh đạo", "ubnd",
    "tỉnh ủy", "tỉnh uỷ", "thành ủy", "huyện ủy", "ban thường vụ", "thường trực", "giám đốc",
    "tổng kiểm toán", "chủ nhiệm", "ban chỉ đạo", "văn phòng chính phủ",
)
_DIRECTIVE = _rx(_alt(
    "yêu cầu", "chỉ đạo", "giao", "gợi mở", "đôn đốc", "quán triệt", "đề ra nhiệm vụ",
    "đặt ra yêu cầu", "định hướng", "kết luận", "lưu ý", "nhắc nhở", "chấn chỉnh",
    "khẳng định sẽ", "hứa", "cam kết",
))
# "yêu cầu", "chỉ đạo" are nouns as often as verbs: "đáp ứng yêu cầu", "sự chỉ đạo của".
_DIRECTIVE_NOUN_BEFORE = re.compile(_alt(
    "đáp ứng", "theo", "với", "những", "các", "mục đích ,", "đạt", "so với", "là", "đúng", "về",
    "sự", "được", "thực hiện", "nghiêm", "lãnh đạo ,", "lãnh đạo", "công tác", "có", "của",
    "văn bản", "trong", "và", "phục vụ", "chưa", "thực hiện nghiêm", "bàn", "nhận", "tiếp tục",
    "quá trình", "điều hành ,", "mọi", "nhiều", "tăng cường", "đổi mới", "chấp hành",
    "triển khai", "thông báo", "hướng dẫn ,", "ban", "phát biểu", "phát biểu kết luận", "tại",
    "ngay", "kịp thời",
) + " $")
_DIRECTIVE_NOUN_AFTER = _starts(
    "đề ra", "đặt ra", "nhiệm vụ", "của", "phát triển", "ngày", "số", "thông", "lưu", "dịch",
    "nhận", "thương", "cho thấy", "này", ".", "và", "điều hành", "được", "đối với", "hội nghị",
    "buổi", "cuộc", "phiên", "tại", "kết quả", "ban",
)
# "giao" directs only when a body or a task follows: not "giao thông", "bàn giao", "giao đủ".
_GIAO_OBJECT = _starts(
    "cho", "các", "sở", "bộ", "ubnd", "ban", "ngành", "địa phương", "huyện", "tỉnh", "thanh tra",
    "giám đốc", "trách nhiệm", "nhiệm vụ cho", "chỉ tiêu cho", "công an", "văn phòng", "cục",
    "tổng cục", "chi cục", "phòng", "viện", "trung tâm",
)
# fmt: on
# "lưu ý", "kết luận", "định hướng" direct only when an addressee follows at once.
_ADDRESSEE_NEXT = _starts("các", "địa phương", "ngành", "huyện", "tỉnh", "thành phố", "sở")
_HEN = _starts("hẹn")  # "hứa hẹn" promises nothing
_PASSIVE_OR_PAST = re.compile(r"(?:được|đã|vừa|đã trực tiếp|đã kịp thời) (?:[^ ]+ ){0,2}$")
_LEADER_NEAR = re.compile(rf"(?<= ){_LEADER} (?:{_TOK} ){{0,14}}$")
# What may precede a sentence-initial directive: "Đồng thời, giao ...", "Về kinh phí, giao ...".
_DIRECTIVE_OPENING = re.compile(r"^ (?:[-+*•] |đồng thời (?:, )?|(?:về|đối với|riêng) [^;:]* , )?$")


def _directive_acts(text: _Text) -> Iterator[tuple[int, int, str]]:
    """Directive verbs used as verbs, in order: (start, end, verb).

    Passive or past uses ("được tỉnh chỉ đạo", "đã chỉ đạo") report work done (rule 9).
    """
    for m in _DIRECTIVE.finditer(text.padded):
        before, after, verb = text.padded[: m.start()], text.padded[m.end() :].lstrip(), m[0]
        if _DIRECTIVE_NOUN_BEFORE.search(before[-30:]) or _DIRECTIVE_NOUN_AFTER.match(after):
            continue
        if verb in ("kết luận", "lưu ý", "định hướng") and not _ADDRESSEE_NEXT.match(after):
            continue
        if (verb == "giao" and not _GIAO_OBJECT.match(after)) or (
            verb == "hứa" and _HEN.match(after)
        ):
            continue
        if _PASSIVE_OR_PAST.search(before[-40:]):
            continue
        yield m.start(), m.end(), verb


@_votes_for(INSTRUCTION)
def lf_instruction_directive(text: _Text) -> bool:
    """A leader or higher body tells a subordinate what to do: "X yêu cầu Y ...", "giao Sở ...".

    Also a sentence-initial "Giao ...", "Yêu cầu ..." continuing a leader's directions (rule 3),
    and a higher body's commitment ("cam kết", "hứa").
    """
    for start, end, verb in _directive_acts(text):
        before = text.padded[:start]
        if _DIRECTIVE_OPENING.match(before) or _LEADER_NEAR.search(before):
            return True
        if verb in ("hứa", "cam kết", "khẳng định sẽ"):
            return True
        if _subject_and_addressee(text, start, end)[0] is not None:
            return True
    return False


@_votes_for(INSTRUCTION)
def lf_instruction_downward(text: _Text) -> bool:
    """ "Đề nghị", "mong muốn" from a leader or higher body to a subordinate (rule 1)."""
    return (
        text.first_ask is not None
        and text.first_ask[1] == "down"
        and not text.first_ask[0].startswith("đề xuất")  # a proposal never directs
    )


# fmt: off
_MODAL = _rx(_alt(
    "cần", "phải", "cần phải", "hãy", "không được", "nghiêm cấm", "không để", "kiên quyết",
    "cần tập trung", "phải tập trung", "cần tiếp tục", "phải tiếp tục", "không nên",
    "nên tập trung", "nên quy hoạch", "tránh", "cố gắng", "nỗ lực",
))
_SHORTCOMING_NOUNS = _alt("hạn chế", "yếu kém", "tồn tại", "khuyết điểm", "thiếu sót", "bất cập",
                          "vướng mắc", "khó khăn", "sai phạm")
# "phải chăng", "phải đối mặt", "cần cù", "cần thiết", "cần vốn": not a duty.
_MODAL_EXCLUDED_AFTER = _starts(
    "chăng", "đối mặt", "chịu", "mất", "thiết", "nguồn", "vốn", "bàn cãi", "trả", "là",
    "có thời gian", "kíp", "cù", "mẫn", "kiệm", "thơ", "lao", "kê khai",
)
# fmt: on
# "(còn) những hạn chế cần khắc phục", "những việc cần làm": a relative clause, not the duty
# the sentence states; "Các hạn chế nói trên phải sớm được khắc phục" (subject + modal) is a duty.
_MODAL_EXCLUDED = re.compile(
    rf"(?:(?:còn|có|vẫn) (?:{_TOKC} ){{0,4}}{_SHORTCOMING_NOUNS} (?:{_TOKC} ){{0,3}}"
    rf"|(?:vấn đề|những việc|việc|nội dung|điểm) (?:{_TOKC} ){{0,2}}"
    rf"|rất |nhu |gặp |không |chưa |đâu |buộc |đòi hỏi |thấy |là |phần )$"
)
_GAP_BEFORE_DUTY = re.compile(
    r"(?<= )(?:còn|vẫn còn|chưa|vẫn chưa) (?:[^ ]+ )?(?:bất cập|hạn chế|yếu|yếu kém|chậm|thấp|ít|"
    r"thiếu|hình thức|khó khăn|phát huy|đạt|đáp ứng|cao|tương xứng|thực sự|được|có|nhiều)(?= )"
)
_THEREFORE = re.compile(
    r"(?<= )(?:nên|vì vậy|vì thế|do đó|do vậy|để|đồng thời|từ đó|trên cơ sở đó|thời gian tới)(?= )"
)


@_votes_for(INSTRUCTION)
def lf_instruction_modal(text: _Text) -> bool:
    """A duty stated with a modal: "cần", "phải", "không để", "kiên quyết" (what must be done).

    A list of shortcomings with a remedy tacked on ("… còn chậm, chưa đáp ứng …; … cần
    tiếp tục …") still reports shortcomings (rule 2), unless the duty is drawn from them
    ("… chưa …, nên cần …").
    """
    for m in _MODAL.finditer(text.padded):
        before, after = text.padded[: m.start()], text.padded[m.end() :].lstrip()
        if _MODAL_EXCLUDED.search(before[-60:]) or _MODAL_EXCLUDED_AFTER.match(after):
            continue
        if _GAP_BEFORE_DUTY.search(before) and not _THEREFORE.search(before):
            continue
        if m[0] == "phải" and re.search(r"(?:gặp|không|chưa|đâu|buộc) $", before):
            continue
        return True
    return False


# fmt: off
_IMPERATIVE_VERBS = _alt(
    "tập trung", "tiếp tục", "đẩy mạnh", "nâng cao", "tăng cường", "xây dựng", "xử lý",
    "chú trọng", "quan tâm", "rà soát", "khẩn trương", "triển khai", "thực hiện", "phối hợp",
    "kiên quyết", "tích cực", "làm tốt", "đổi mới", "hoàn thiện", "đẩy nhanh", "chủ động",
    "phát huy", "quán triệt", "kiện toàn", "củng cố", "ưu tiên", "huy động", "tạo", "tránh",
    "không để", "nghiên cứu", "chỉ đạo", "tuyên truyền", "vận động", "đôn đốc", "theo dõi",
    "kiểm tra", "giám sát", "khắc phục", "tháo gỡ", "giải quyết", "hướng dẫn", "bố trí", "sớm",
    "nắm chắc", "nắm bắt", "siết chặt", "chấn chỉnh", "ngăn chặn", "phòng ngừa", "mở rộng",
    "cải thiện", "cải cách", "đa dạng hóa", "hoàn thành", "giao", "yêu cầu", "thường xuyên",
    "đề cao", "nghiêm túc", "kịp thời", "đầu tư", "hỗ trợ", "thu hút", "phát triển",
    "tổ chức", "quản lý", "cần", "phải", "gắn", "bảo vệ", "kiểm soát", "xem xét", "gửi",
)
# fmt: on
_IMPERATIVE = re.compile(rf"^ (?:{_OPENERS} )*{_IMPERATIVE_VERBS} (?!được )")
# A verb-initial phrase followed by "là", "được" or "đạt" is a nominal subject: "Phát triển
# du lịch ... là hướng đi đúng", "Chuyển đổi cây trồng đạt hiệu quả cao".
_NOMINAL_SUBJECT = re.compile(
    r"(?<!nhất)(?<!biệt)(?<!đó)(?<!tức)(?<!hay)(?<!chính) là |"
    r"(?<!để)(?<!nhằm)(?<!phải)(?<!cần)(?<!sẽ) (?:được|đạt) "
)


@_votes_for(INSTRUCTION)
def lf_instruction_imperative(text: _Text) -> bool:
    """A subject-less sentence opening with an action verb: "Tập trung xây dựng ..." (rule 3)."""
    if not _IMPERATIVE.search(text.padded):
        return False
    first_clause = re.split(r" [;:] ", text.padded, maxsplit=1)[0] + " "
    return not _NOMINAL_SUBJECT.search(first_clause)


# fmt: off
_PLAN = _rx(_alt(
    "phấn đấu", "thời gian tới", "năm tới", "những năm tới", "sắp tới", "tới đây",
    "giai đoạn tới", "nhiệm kỳ tới", "từ nay đến", "từ nay tới", "đặt mục tiêu",
    "mục tiêu đến năm", "trong năm tới", "thời gian đến", "những tháng cuối năm",
    "6 tháng cuối năm", "tháng cuối năm",
))
_WILL_ACT = _rx(
    r"sẽ (?:tiếp tục |tập trung |cùng |thường xuyên |sớm |chủ động |quyết liệt |tích cực )*"
    + _alt(
        "tập trung", "tiếp tục", "chỉ đạo", "hỗ trợ", "tạo điều kiện", "giúp đỡ", "làm",
        "triển khai", "thực hiện", "xây dựng", "kiểm tra", "xem xét", "quan tâm", "đầu tư",
        "phối hợp", "đẩy mạnh", "tăng cường", "nâng cao", "nghiên cứu", "rà soát", "giải quyết",
        "xử lý", "bố trí", "huy động", "dành", "có kế hoạch", "thiết lập", "ủng hộ",
        "đồng hành", "lắp", "cho phép", "trích", "hoàn thiện", "đổi mới", "phát triển",
        "thu hút", "chú trọng", "ưu tiên", "tổ chức", "khắc phục", "tháo gỡ", "đề xuất",
        "tham mưu", "kiến nghị", "báo cáo", "ban hành",
    )
)
# fmt: on
# "nhiệm vụ 6 tháng cuối năm", "giải pháp ... thời gian tới" name a meeting's agenda;
# "không ngừng phấn đấu" praises an effort.
_PLAN_AS_TOPIC = re.compile(
    r"(?:nhiệm vụ|phương hướng|kế hoạch|giải pháp|định hướng|mục tiêu|chương trình|lộ trình|"
    r"không ngừng|sự nỗ lực|nỗ lực) (?:[^ ]+ ){0,3}$"
)


@_votes_for(INSTRUCTION)
def lf_instruction_future_plan(text: _Text) -> bool:
    """A plan or target for the time ahead: "phấn đấu", "thời gian tới", "sẽ ..." (rule 6).

    Also a higher body's commitment: "sẽ chỉ đạo", "sẽ hỗ trợ".
    """
    if _WILL_ACT.search(text.padded):
        return True
    return any(
        not _PLAN_AS_TOPIC.search(text.padded[: m.start()]) for m in _PLAN.finditer(text.padded)
    )


# fmt: off
_TASK = _rx(
    r"(?<!được )(?<!đã )(?<!đang )(?<!vừa )(?<!về )(?<!việc )(?<!để )(?<!nhằm )(?<!pháp )"
    + _alt(
        "tiếp tục", "đẩy mạnh", "tăng cường", "tập trung", "khẩn trương", "nhanh chóng",
        "chủ động", "đẩy nhanh", "nâng cao", "chú trọng", "phát huy", "kịp thời", "rà soát",
        "kiên quyết", "quyết liệt", "sớm", "tích cực", "nghiêm túc thực hiện", "thực hiện nghiêm",
        "tạo điều kiện", "quan tâm hơn nữa", "hơn nữa",
    )
    # "tiếp tục tăng", "tiếp tục được cải thiện" describe a trend, not a task
    + r"(?! (?:được|tăng|giảm|giữ|duy trì|ổn định|là|phát triển|đạt|khởi sắc|chuyển biến|"
    r"cải thiện|có|nằm|đứng|dẫn đầu|xảy ra|diễn ra|gây|bị|và|\.)(?= ))"
)
# fmt: on


@_votes_for(INSTRUCTION)
def lf_instruction_task_verbs(text: _Text) -> bool:
    """Tasks with their subject: "Sở Xây dựng khẩn trương thẩm định ...", "tiếp tục ...".

    Weak: these verbs also describe work under way, so this family comes almost last.
    """
    return bool(_TASK.search(text.padded))


# ---- other: structure, captions, ceremonies, schedules ---------------------------------------

_BYLINE_START = re.compile(
    r"^ (?:t/h|t / h|ảnh|ảnh minh họa|ảnh minh hoạ|nguồn|theo|tin|bài|video|xem thêm|clip)"
    r" (?:: |- )?"
)


@_votes_for(OTHER)
def lf_other_byline(text: _Text) -> bool:
    """A byline, photo credit, source line or bare name: "T/h: ...", "Ảnh: ...", "Theo VOV"."""
    if text.padded.startswith((" t/h ", " t / h ")):
        return True
    if _BYLINE_START.match(text.padded) and text.n_words <= 8:
        return True
    if text.n_words <= 4:
        # A name or a fragment of a web address ("Thu Hà", "baodaknong."): nothing asserted.
        alpha = [w for w in text.raw.split() if w[:1].isalpha()]
        return all(w[:1].isupper() for w in alpha) or "." in text.raw.rstrip(".")
    return False


# fmt: off
_SPEAKER_VERBS = _alt(
    "phát biểu", "báo cáo", "trình bày", "chủ trì", "phát biểu kết luận", "phát biểu chỉ đạo",
    "thăm", "tặng quà", "trao", "tham quan", "kiểm tra", "khảo sát", "chụp ảnh", "làm việc",
    "tiếp", "trả lời", "giải đáp", "đặt câu hỏi", "phát biểu ý kiến", "đối thoại", "giải trình",
    "chủ trì hội nghị", "phát biểu tại", "trao đổi", "thăm hỏi", "kiểm tra thực tế",
)
_CONTENT_CUE = _rx(_alt(
    "cần", "phải", "yêu cầu", "đề nghị", "kiến nghị", "mong muốn", "đạt", "vượt", "tăng", "giảm",
    "còn", "chưa", "hạn chế", "khó khăn", "sẽ", "chỉ đạo", "lưu ý", "nhấn mạnh", "được",
    "tiếp tục", "đã", "có", "là", "đột phá", "chuyển biến",
))
# fmt: on
_SCENE = re.compile(r"^ (?:quang cảnh|toàn cảnh|các đại biểu|cảnh|một góc) ")
_CAPTION_SUBJECT = re.compile(rf"^ (?:{_TOK} ){{1,16}}{_SPEAKER_VERBS} ")
_FINAL_MARKS = frozenset({".", "!", "?", "…", ";", '"', "”", ":"})


@_votes_for(OTHER)
def lf_other_caption(text: _Text) -> bool:
    """A photo caption that only names who speaks, reports or visits (rule 5).

    The speaker, then the verb of speaking, no content, and (unless short) no final full stop.
    """
    if _CONTENT_CUE.search(text.padded):
        return False
    if _SCENE.match(text.padded):
        return True
    if text.tokens and text.tokens[-1] in _FINAL_MARKS and text.n_words > 12:
        return False
    return bool(_CAPTION_SUBJECT.match(text.padded))


# fmt: off
_CEREMONY = _rx(_alt(
    "tặng quà", "trao quà", "trao tặng", "tặng", "trao giấy khen", "trao bằng khen",
    "tặng giấy khen", "tặng bằng khen", "trao cờ", "tặng cờ", "trao huân chương",
    "trao kỷ niệm chương", "tặng hoa", "dâng hương", "dâng hoa", "thắp hương", "viếng",
    "thăm hỏi", "thăm , tặng", "thăm và tặng", "thăm gia đình", "chúc mừng", "chúc tết",
    "lễ khánh thành", "lễ khởi công", "lễ kỷ niệm", "lễ ra mắt", "lễ ký kết", "lễ công bố",
    "lễ trao", "chụp ảnh lưu niệm", "suất quà", "phần quà", "gắn biển", "cắt băng",
    "tặng sổ tiết kiệm", "thăm , chúc", "trao học bổng",
))
# fmt: on


@_votes_for(OTHER)
def lf_other_ceremony(text: _Text) -> bool:
    """Ceremonies, visits, gifts and awards: "tặng quà", "trao bằng khen", "dâng hương" (rule 8)."""
    return bool(_CEREMONY.search(text.padded))


# fmt: off
_ATTENDANCE = _rx(
    _alt("có sự tham dự", "với sự tham dự", "sự tham dự của", "cùng dự", "cùng tham dự",
         "đồng chủ trì", "tiếp và làm việc", "cùng đi có", "cùng đi với", "làm trưởng đoàn",
         "cùng làm việc", "sự có mặt của", "dự buổi làm việc", "dự hội nghị")
    # "Tham dự ... có ...", but not the "dự" of "dự án", "dự kiến", "dự toán"
    + rf"|(?:tham dự|dự(?! án| kiến| báo| thảo| toán| trữ| phòng| định| luật)) {_gap(10)}"
    + rf"(?:còn )?có|(?:do|làm) {_gap(12)}dẫn đầu"
)
# fmt: on


@_votes_for(OTHER)
def lf_other_attendance(text: _Text) -> bool:
    """Who attended or led the meeting: "Tham dự có ...", "đoàn do X dẫn đầu"."""
    return bool(_ATTENDANCE.search(text.padded))


# fmt: off
_SCHEDULE = _rx(
    rf"đoàn (?:công tác |kiểm tra |giám sát |khảo sát |kiểm toán |thanh tra )?{_gap(6)}sẽ "
    + _alt("hoàn thành", "làm việc", "kiểm tra", "tiến hành", "kết thúc", "giám sát", "khảo sát",
           "đánh giá", "thanh tra", "kiểm toán", "báo cáo", "thực hiện kiểm tra",
           "tập trung kiểm tra", "thực hiện kiểm toán", "làm việc với")
    + rf"|(?:kỳ họp|hội nghị|phiên họp|cuộc họp|phiên chất vấn|buổi làm việc) {_gap(3)}sẽ"
    + "|" + _alt("sẽ diễn ra", "sẽ được tổ chức", "sẽ kéo dài", "sẽ trả lời", "dự kiến kết thúc",
                 "sẽ tổ chức", "dự kiến diễn ra", "chương trình làm việc", "dự kiến sẽ diễn ra",
                 "sẽ khai mạc", "sẽ bế mạc", "sẽ được chất vấn", "sẽ chất vấn")
)
# fmt: on


@_votes_for(OTHER)
def lf_other_schedule(text: _Text) -> bool:
    """A visiting team's or a meeting's schedule and scope: "Đoàn sẽ kiểm tra ..." (rule 8).

    "Đoàn sẽ hoàn thành việc kiểm tra trước ngày 30/6", "Kỳ họp sẽ xem xét ...".
    """
    return bool(_SCHEDULE.search(text.padded))


_DATELINE = re.compile(
    r"^ (?:“ )?(?:(?:sáng|chiều|tối|trưa|ngày|đêm|hôm) (?:nay |qua |mai )?(?:\( )?"
    r"(?:ngày )?\d{1,2}[/-]\d{1,2}|(?:sáng|chiều|tối) (?:nay|qua|ngày|hôm)|ngày \d)"
)
# fmt: off
_REPORTING = _rx(_alt(
    "có buổi làm việc", "đã làm việc", "làm việc với", "đã có buổi", "tổ chức hội nghị",
    "báo cáo khái quát", "báo cáo tóm tắt", "nghe báo cáo", "tiếp xúc cử tri", "cho ý kiến",
    "thảo luận", "đã báo cáo", "trình bày báo cáo", "đối thoại", "họp báo",
    "hội nghị trực tuyến", "đến thăm", "khai mạc", "bế mạc", "đã họp", "họp phiên",
))
# fmt: on


@_votes_for(OTHER)
def lf_other_dateline(text: _Text) -> bool:
    """A dateline lead setting the scene: "Sáng 15/3, tại ..., X chủ trì hội nghị ..."."""
    return bool(_DATELINE.match(text.padded))


@_votes_for(OTHER)
def lf_other_reporting(text: _Text) -> bool:
    """The act of meeting or reporting, without its content: "đã làm việc với ..."."""
    return bool(_REPORTING.search(text.padded))


# ---- limitation ------------------------------------------------------------------------------

# A shortcoming word is not asserted when it is the object of a remedy ("khắc phục hạn chế",
# "tháo gỡ khó khăn", "xử lý vi phạm"), a topic of discussion ("giải trình những khó khăn",
# "những thuận lợi, khó khăn"), conceded before the main clause ("mặc dù còn khó khăn, ...")
# or contrasted away ("... còn khó khăn nhưng đã đạt ..."): ``_Text.asserted`` blanks those.
# fmt: off
_REMEDY = _alt(
    "khắc phục", "tháo gỡ", "giải quyết", "xử lý", "vượt qua", "ngăn chặn", "đẩy lùi",
    "chấn chỉnh", "phòng", "chống", "phòng ngừa", "phòng , chống", "sửa chữa", "giảm",
    "giảm thiểu", "tránh", "không để", "loại bỏ", "xóa bỏ", "chia sẻ", "chia sẻ với", "gỡ",
    "tháo", "phát hiện", "hạn chế tối đa", "khắc phục được", "tháo dỡ", "giải tỏa",
    "kiểm soát", "xử phạt", "hóa giải",
    # topics of a meeting rather than findings
    "giải trình", "đề cập", "đề cập đến", "tìm hiểu", "trao đổi về", "thảo luận", "báo cáo về",
    "bàn", "làm rõ", "rút kinh nghiệm", "nắm bắt", "lắng nghe",
)
_PAIRED = _alt("thuận lợi", "ưu điểm", "kết quả", "thành công", "làm được", "mặt được",
               "thành tích")
# fmt: on
_REMEDY_SPAN = _rx(
    rf"{_REMEDY}(?: {_TOK}){{0,6}}"
    rf"|{_PAIRED} (?:,|và|cũng như)(?: những| các| mặt)? {_TOK}(?: {_TOK})?"
)
_CONCESSION = re.compile(
    r"(?<= )(?:mặc dù|dù|tuy|trong bối cảnh|trong điều kiện|trong khi|bất chấp)"
    r" (?:[^ ]+ ){0,25}?(?:nhưng|song|,)(?= )"
)
# The last "nhưng" / "song" / "tuy nhiên" introduces what the sentence asserts (rule 2).
_BUT = re.compile(r"(?<= )(?:nhưng|tuy nhiên|song(?! song)(?<!song song))(?= )")


def _blank(padded: str, spans: Iterable[tuple[int, int]]) -> str:
    chars = list(padded)
    for start, end in spans:
        for i in range(start, end):
            if chars[i] != " ":
                chars[i] = "_"
    return "".join(chars)


def _asserted(text: _Text) -> str:
    spans = [m.span() for m in _REMEDY_SPAN.finditer(text.padded)]
    spans += [(m.start(), m.end() - 1) for m in _CONCESSION.finditer(text.padded)]
    buts = list(_BUT.finditer(text.padded))
    if buts and buts[-1].start() > 1:
        spans.append((1, buts[-1].start()))
    return _blank(text.padded, spans)


# fmt: off
_BAD_STATE = _alt(
    "thấp", "chậm", "hạn chế", "khó khăn", "yếu", "yếu kém", "ít", "thiếu", "bất cập",
    "hình thức", "phức tạp", "tồn tại", "vướng mắc", "kéo dài", "tái diễn", "lúng túng",
    "nhiều khó khăn", "nhiều hạn chế", "nhiều bất cập", "nhiều vướng mắc", "nhiều tồn tại",
    "tiềm ẩn", "xảy ra", "diễn ra", "tình trạng", "gặp", "để xảy ra", "cao", "nhiều vấn đề",
    "nặng", "dàn trải", "chồng chéo", "nhiều thách thức", "thách thức", "sai sót", "vi phạm",
    "thiếu quyết liệt", "chưa", "không", "chiếm", "ở mức thấp", "manh mún", "nhỏ lẻ",
    "thấp hơn", "bức xúc", "nợ", "tụt",
)
# fmt: on
_STILL = _rx(
    rf"(?:vẫn còn|vẫn|còn|vẫn chưa|chưa) (?:rất |khá |quá |khá nhiều |nhiều )?"
    rf"(?:{_BAD_STATE}|nhiều|những|một số)"
)
_BAD_STATE_SOON = re.compile(rf"^(?:[^ ]+ ){{0,2}}{_BAD_STATE}(?= )")
_STILL_NOT_AFTER = _starts("lại", "nữa", "được", "là", "mà", "có", "trong")
_STILL_NOT_BEFORE = re.compile(r"(?:mà|không chỉ|chẳng những|đâu) $")


@_votes_for(LIMITATION)
def lf_limitation_still(text: _Text) -> bool:
    """A state that is still bad: "còn thấp", "vẫn còn nhiều khó khăn", "chưa đáp ứng"."""
    padded = text.asserted
    for m in _STILL.finditer(padded):
        after = padded[m.end() :].lstrip()
        # "còn nhiều" / "còn những" count only with a shortcoming right after them.
        if (
            m[0].endswith(("nhiều", "những", "một số"))
            and not _BAD_STATE_SOON.match(after)
            and not _SHORTCOMINGS.search(" " + " ".join(after.split()[:4]) + " ")
        ):
            continue
        if m[0] in ("còn", "vẫn") and _STILL_NOT_AFTER.match(after):
            continue
        if _STILL_NOT_BEFORE.search(padded[: m.start()]):
            continue
        return True
    return False


# fmt: off
_NEGATED = _rx(_alt(
    "chưa", "không đạt", "không hiệu quả", "không quyết liệt", "không đáp ứng", "thiếu",
    "chưa đạt", "chưa đáp ứng", "chưa tương xứng", "chưa cao", "chưa được", "chưa có",
    "chưa thực sự", "mới đạt", "chỉ đạt", "mới chỉ", "chỉ bằng", "chỉ có", "không kịp thời",
    "không nghiêm", "thiếu quyết liệt", "chưa thật",
))
_NEGATED_EXCLUDED_AFTER = _starts(
    "từng", "bao giờ", "?", "hết", "kể", "đến", "tới", "qua", "nói",
    "niên", "nhi", "tướng", "tá", "úy", "uý",  # "thiếu niên", "thiếu nhi", "thiếu tướng"
)
# fmt: on
# "nông thôn mới đạt ..." is the new-countryside programme reaching its standard.
_NEGATED_EXCLUDED_BEFORE = re.compile(
    r"(?:đã|hay|hoặc|xem|nào|người|nếu|kẻ|những việc|thôn|thành lập|đăng ký) $"
)


@_votes_for(LIMITATION)
def lf_limitation_negation(text: _Text) -> bool:
    """Something not (yet) done or met: "chưa đáp ứng", "mới đạt", "thiếu quyết liệt"."""
    padded = text.asserted
    if padded.rstrip().endswith("?") and " chưa ? " in padded:
        return True  # a rhetorical "đã ... chưa?" points at a gap
    for m in _NEGATED.finditer(padded):
        after = padded[m.end() :].lstrip()
        if not _NEGATED_EXCLUDED_AFTER.match(after) and not _NEGATED_EXCLUDED_BEFORE.search(
            padded[: m.start()]
        ):
            return True
    return False


# fmt: off
_SHORTCOMINGS = _rx(_alt(
    "hạn chế", "yếu kém", "khuyết điểm", "bất cập", "nhược điểm", "thách thức",
    "tồn tại , hạn chế", "tồn tại hạn chế", "những tồn tại", "các tồn tại", "một số tồn tại",
    "yếu", "kém", "chậm", "chậm trễ", "tụt hạng", "bức xúc", "nan giải", "điểm nóng", "quá tải",
    "ô nhiễm", "xuống cấp", "thất thoát", "trì trệ", "buông lỏng", "quan liêu", "tiêu cực",
    "gian lận", "dàn trải", "diễn biến phức tạp", "phức tạp", "báo động", "nghiêm trọng",
    "khiếu nại kéo dài", "kéo dài", "treo", "trăn trở", "lo ngại", "thiếu", "không ít",
    "vội vàng", "thừa", "lợi ích nhóm", "tai tiếng", "khiếm khuyết", "bế tắc", "thua lỗ",
    "nguy cơ", "giảm sút", "suy giảm", "đình trệ", "cản trở", "bất hợp lý", "lúng túng",
    "hình thức", "chung chung", "thiếu quyết liệt", "thấp", "gặp khó khăn", "gặp nhiều khó khăn",
    "gặp vướng mắc", "gặp khó",
))
# "chủ yếu", "trọng yếu", "thiết yếu", "hình thức" of a form are not weaknesses.
_NOT_A_SHORTCOMING_BEFORE = re.compile(r"(?:chủ|trọng|thiết|hình|mang tính|không|bớt) $")
_NOT_A_SHORTCOMING_AFTER = _starts(
    "chế độ", "hơn nữa", "nhất", "tối đa", "hơn", "thức", "niên", "nhi", "tướng", "tá", "úy",
)
# "hạn chế" + a noun is the verb "to limit": "hạn chế phá rừng".
_HAN_CHE_NOUN_AFTER = _starts(
    ",", ".", ";", ":", "…", "của", "trong", "về", "như", "yếu", "khuyết", "bất", "tồn",
    "nhất định", "và", "là", "cần", "này", "đó", "trên", "ở", "do", "nên", "thì", "mà",
    "đối với", "nhưng",
)
# fmt: on
_HAN_CHE_NOUN_BEFORE = re.compile(r"(?:những|các|số|còn|mặt|điểm|tồn tại) $")


@_votes_for(LIMITATION)
def lf_limitation_shortcomings(text: _Text) -> bool:
    """Shortcoming words asserted of the body: "hạn chế", "yếu kém", "bất cập", "chậm"."""
    padded = text.asserted
    for m in _SHORTCOMINGS.finditer(padded):
        before, after = padded[: m.start()], padded[m.end() :].lstrip()
        if _NOT_A_SHORTCOMING_AFTER.match(after) or _NOT_A_SHORTCOMING_BEFORE.search(before):
            continue
        if m[0] == "hạn chế" and not (
            _HAN_CHE_NOUN_AFTER.match(after) or _HAN_CHE_NOUN_BEFORE.search(before)
        ):
            continue
        return True
    return False


_CONTRAST_OPENING = re.compile(
    r"^ (?:“ )?(?:tuy nhiên|tuy vậy|tuy thế|song|nhưng|mặt khác|bên cạnh (?:những|các) "
    r"(?:kết quả|thành tích|ưu điểm|mặt)|bên cạnh đó|ngoài ra)(?= )"
)


@_votes_for(LIMITATION)
def lf_limitation_contrast(text: _Text) -> bool:
    """An opening "Tuy nhiên", "Song", "Bên cạnh những kết quả" turns to a gap (rule 2)."""
    return bool(_CONTRAST_OPENING.match(text.padded))


# fmt: off
_DIFFICULTIES = _rx(_alt(
    "khó khăn", "vướng mắc", "vi phạm", "sai phạm", "sai sót", "thiếu sót", "chồng chéo",
    "lãng phí", "hư hỏng", "tồn đọng", "trái phép", "sạt lở", "ùn tắc", "khiếu kiện", "khó",
))
# fmt: on


@_votes_for(LIMITATION)
def lf_limitation_difficulties(text: _Text) -> bool:
    """Difficulties or violations mentioned without a remedy: "khó khăn", "vi phạm".

    Weak: as often the reason for a request or the object of a plan; a feature only.
    """
    return bool(_DIFFICULTIES.search(text.asserted))


# ---- numbers by direction (rule 4) -----------------------------------------------------------

# Things whose fall is good news: poverty, accidents, violations, complaints, costs ...
# fmt: off
_BAD_THINGS = _alt(
    "hộ nghèo", "nghèo", "cận nghèo", "tai nạn", "tngt", "vi phạm", "tội phạm", "số vụ", "vụ",
    "người chết", "chết", "bị thương", "thương vong", "ùn tắc", "ô nhiễm", "khiếu nại",
    "khiếu kiện", "tố cáo", "nợ", "nợ xấu", "nợ đọng", "thất nghiệp", "suy dinh dưỡng",
    "bỏ học", "cháy", "dịch bệnh", "thiệt hại", "lãng phí", "tham nhũng", "tồn đọng",
    "chi phí", "sai phạm", "ma túy", "buôn lậu", "tái nghèo", "nhà tạm", "rời thị trường",
    "giải thể", "nhập siêu", "lạm phát", "thâm hụt", "tử vong", "đơn thư", "bức xúc",
    "thủ tục", "áp lực", "sức ép", "học thêm", "phá rừng", "dừng hoạt động", "thua lỗ",
    "bội chi", "tai biến", "mắc", "ngộ độc",
)
# fmt: on
_BAD_THING = _rx(_BAD_THINGS)
_CHANGE = re.compile(
    r"(?<= )(?<!cắt )(?<!tinh )(tăng|giảm|chỉ còn|giảm còn|chỉ xảy ra|còn|chỉ tăng)(?= )"
    r"(?! (?:cường|thiểu|nghèo|trưởng xanh|tốc|giá trị|thêm|lại|nữa|thu|chi|được)(?= ))"
)
_ONLY_SO_MUCH = ("chỉ còn", "giảm còn", "chỉ xảy ra", "còn", "chỉ tăng")
# A change counts when measured ("giảm 2%", "tăng so với", "tăng mạnh") or ending a clause.
_MEASURED = re.compile(
    r"^(?:(?:lên|xuống|được|thêm|khoảng|gần|hơn|trên|còn|đến|tới|ở mức|bình quân) ){0,2}"
    r"(?:\d|so với|mạnh|nhanh|sâu|đáng kể|rõ rệt|liên tục|dần|cao|[,.;])"
)
_PLANNED_BEFORE = re.compile(
    r"(?:để|nhằm|phấn đấu|sẽ|cần|phải|góp phần|không để|việc|giúp|tránh|mục tiêu|hướng tới|"
    r"bảo đảm|đảm bảo|tiến tới|dự kiến|kế hoạch|chỉ tiêu|nếu|khi) (?:[^ ]+ ){0,2}$"
)

# A plan word earlier in the same clause makes the figure a target: "phấn đấu tỷ lệ che phủ
# rừng đạt 45%", "mục tiêu đến năm 2025 thu ngân sách tăng 10%".
_PLANNED_CLAUSE = re.compile(
    rf"(?<= )(?:phấn đấu|mục tiêu|dự kiến|chỉ tiêu đề ra|kế hoạch đề ra) (?:{_TOKC} ){{0,12}}$"
)


def _trend(text: _Text) -> str | None:
    """'good' or 'bad' for the first measured change: "hộ nghèo giảm 2%" is good, "xuất khẩu
    giảm 8%" bad, "tai nạn chỉ còn ..." good; planned changes ("phấn đấu giảm") do not count."""
    padded = text.padded
    for m in _CHANGE.finditer(padded):
        before, after, verb = padded[: m.start()], padded[m.end() :].lstrip(), m[1]
        if _PLANNED_BEFORE.search(before) or _PLANNED_CLAUSE.search(before):
            continue
        if not _MEASURED.match(after):
            continue
        subject = " " + " ".join(before.split()[-8:]) + " " + " ".join(after.split()[:3]) + " "
        bad = _BAD_THING.search(subject) is not None
        if verb in _ONLY_SO_MUCH:
            if bad:
                return "good"
            continue  # "còn 3,28%" of a neutral thing says nothing; "còn thấp" is elsewhere
        return "bad" if bad == (verb == "tăng") else "good"
    return None


# fmt: off
_WORSE = _rx(_alt(
    "tụt hạng", "giảm sút", "sụt giảm", "thấp hơn", "chậm hơn", "kém hơn", "vượt giới hạn",
    "vượt quy chuẩn", "vượt tiêu chuẩn", "vượt quá", "vượt mức", "vượt ngưỡng",
))
# fmt: on


@_votes_for(LIMITATION)
def lf_limitation_bad_trend(text: _Text) -> bool:
    """A good thing fell or a bad thing rose: "xuất khẩu giảm 8%", "tụt hạng" (rule 4)."""
    return _trend(text) == "bad" or bool(_WORSE.search(text.padded))


_LOW_FIGURE = _rx(
    r"(?<!thôn )(?:chỉ|mới|mới chỉ|chỉ mới|chưa) (?:đạt|bằng|được|có)(?= (?:[^ ]+ ){0,3}\d)"
    r"|còn thấp|ở mức thấp|mức thấp|rất thấp|quá thấp|còn ít|rất ít"
)


@_votes_for(LIMITATION)
def lf_limitation_low_figures(text: _Text) -> bool:
    """A figure only reached or still low: "mới đạt 40% kế hoạch", "còn thấp" (rule 4)."""
    return bool(_LOW_FIGURE.search(text.asserted))


# ---- achievement -----------------------------------------------------------------------------

# fmt: off
_REACHED = _rx(_alt(
    "đạt", "vượt", "hoàn thành", "về đích", "đạt được", "đạt chuẩn", "vượt kế hoạch",
    "vượt chỉ tiêu", "đã hoàn thành", "hoàn thành vượt", "thu hút được", "giải quyết xong",
    "giải quyết dứt điểm", "xếp thứ", "đứng thứ", "được công nhận", "công nhận", "dẫn đầu",
    "đạt và vượt", "thu được", "huy động được", "tạo việc làm cho", "giải quyết việc làm cho",
    "đạt tỷ lệ", "đạt tỉ lệ", "đón", "thu hút",
))
# A target still to reach: "phấn đấu đạt", "để hoàn thành", "chưa đạt", "chỉ đạt".
_REACHED_EXCLUDED_BEFORE = re.compile(
    r"(?:chưa|không|chỉ|mới|để|nhằm|phấn đấu|sẽ|cần|phải|bảo đảm|đảm bảo|hướng tới|mục tiêu|"
    r"có thể|nhanh chóng|khó|kịp|cầu|tiến tới|quyết tâm|nỗ lực|được đề ra|dự kiến|ước|"
    r"thể|giúp|mới chỉ|dứt điểm|trước|nếu|khi|muốn|chỉ mới|vẫn chưa|còn) (?:[^ ]+ ){0,1}$"
)
_REACHED_EXCLUDED_AFTER = _starts(
    "qua", "trội", "lên", "tới mục", "được mục tiêu", "mục tiêu", "trước", "giới hạn",
    "quy chuẩn", "tiêu chuẩn", "quá", "mức", "ngưỡng", "thấp", "tiến độ trước",
)
# fmt: on
_FIGURE_AFTER = re.compile(r"^(?:(?:[^ ]+ ){0,3}\d|(?:[^ ]+ ){0,2}(?:kế hoạch|chỉ tiêu|dự toán))")


def _reached(text: _Text, *, figures: bool) -> bool:
    for m in _REACHED.finditer(text.padded):
        before, after = text.padded[: m.start()], text.padded[m.end() :].lstrip()
        if _REACHED_EXCLUDED_BEFORE.search(before) or _REACHED_EXCLUDED_AFTER.match(after):
            continue
        if _PLANNED_CLAUSE.search(before):
            continue
        if not figures or _FIGURE_AFTER.match(after):
            return True
    return False


@_votes_for(ACHIEVEMENT)
def lf_achievement_figures(text: _Text) -> bool:
    """A figure reached or a good change: "đạt 116,6%", "vượt kế hoạch", "hộ nghèo giảm 2%"."""
    return _trend(text) == "good" or _reached(text, figures=True)


_DESPITE = _rx(
    r"(?:mặc dù|dù|tuy|trong bối cảnh|trong điều kiện|vượt qua)"
    rf"(?: {_TOK}){{0,20}}? (?:khó khăn|thách thức|hạn chế|phức tạp|bất lợi)"
    r"(?: [^ ]+){0,30}? (?:nhưng|song|vẫn)"
)


@_votes_for(ACHIEVEMENT)
def lf_achievement_despite(text: _Text) -> bool:
    """Results despite difficulties: "mặc dù còn nhiều khó khăn, nhưng ..." (a conceded gap)."""
    return bool(_DESPITE.search(text.padded))


@_votes_for(ACHIEVEMENT)
def lf_achievement_targets(text: _Text) -> bool:
    """A task or standard reached, without a figure: "đạt chuẩn", "hoàn thành", "về đích"."""
    return _reached(text, figures=False)


# fmt: off
_GOOD_STATE = _rx(_alt(
    "được duy trì", "được bảo đảm", "được đảm bảo", "giữ vững", "chuyển biến tích cực",
    "có chuyển biến", "cơ bản đảm bảo", "cơ bản bảo đảm", "cơ bản hoàn thành", "đạt hiệu quả",
    "được nâng cao", "được cải thiện", "được tăng cường", "được chú trọng", "được đẩy mạnh",
    "được triển khai", "được củng cố", "được kiện toàn", "được giữ vững", "ngày càng",
    "khởi sắc", "tiến bộ", "đáng khích lệ", "đáng ghi nhận", "kết quả quan trọng",
    "kết quả tích cực", "nhiều kết quả", "kết quả đáng", "kết quả tốt", "góp phần",
    "có sự đổi mới", "nghiêm túc", "khả quan", "đã được", "tích cực", "tăng trưởng khá",
    "đi vào nền nếp", "đi vào nề nếp", "nề nếp", "có bước", "từng bước", "có nhiều chuyển biến",
    "đạt kết quả", "được khen thưởng", "hoàn thành tốt", "thực hiện tốt", "hiệu quả cao",
    "tiếp tục được", "đột phá", "đáng mừng", "nhìn chung", "tín hiệu vui", "ấn tượng",
    "hấp dẫn nhất", "sôi nổi", "sôi động", "được ghi nhận", "phát triển toàn diện",
    "chuyển biến mạnh mẽ", "thành tích", "vượt bậc", "an toàn", "được giảm thiểu",
    "đáp ứng tốt", "phục hồi mạnh", "tốt hơn", "làm tốt", "tốt đẹp", "ghi dấu ấn", "dấu ấn",
    "lần đầu tiên", "cơ bản làm", "bài bản",
))
# fmt: on


@_votes_for(ACHIEVEMENT)
def lf_achievement_good_state(text: _Text) -> bool:
    """A good state kept or progress made: "được duy trì", "giữ vững", "chuyển biến tích cực"."""
    return bool(_GOOD_STATE.search(text.padded))


# fmt: off
_RECOGNITION = _rx(_alt(
    "ghi nhận những kết quả", "ghi nhận kết quả", "ghi nhận những nỗ lực", "đánh giá cao",
    "biểu dương", "khen ngợi", "ghi nhận và đánh giá cao", "ghi nhận những thành tích",
    "ghi nhận , đánh giá cao", "hoan nghênh", "ghi nhận những", "ghi nhận",
))
# fmt: on


@_votes_for(ACHIEVEMENT)
def lf_achievement_recognition(text: _Text) -> bool:
    """A leader recognises results: "ghi nhận những kết quả", "đánh giá cao", "biểu dương"."""
    return bool(_RECOGNITION.search(text.padded))


# fmt: off
_DONE = _rx(
    # inspection and audit outcomes are results of the period
    _alt("kiến nghị thu hồi", "kiến nghị xử lý", "xử phạt vi phạm", "chuyển cơ quan điều tra",
         "thu hồi về ngân sách", "đã thu hồi", "ban hành quyết định xử phạt")
    + "|(?:đã|vừa|đã được|đã kịp thời|đã chủ động|đã tích cực) "
    + _alt(
        "hoàn thành", "đạt được", "thu hồi", "kê khai", "triển khai", "tiến hành", "tiếp nhận",
        "giải quyết", "thụ lý", "rà soát", "xuất cấp", "cấp", "hỗ trợ", "đầu tư", "xây dựng",
        "tổ chức thành công", "tuyên truyền", "vận động", "khen thưởng", "có nhiều", "có những",
        "có sự", "có bước", "từng bước", "cơ bản", "góp phần", "tập trung", "tăng cường",
        "thực hiện", "chi trả", "bồi thường", "bố trí", "sắp xếp", "ổn định", "giải ngân",
        "trả lời", "xử lý", "kiểm tra", "phát hiện", "đưa vào", "khắc phục", "thu", "đào tạo",
        "tập huấn", "cải thiện", "đẩy mạnh", "mở", "ký kết",
    )
)
# fmt: on


@_votes_for(ACHIEVEMENT)
def lf_achievement_done(text: _Text) -> bool:
    """Work reported as done: "đã triển khai", "đã hỗ trợ", "kiến nghị thu hồi ..." (rule 9)."""
    return bool(_DONE.search(text.padded))


# Past tense of anything but meeting, speaking and reporting verbs.
_PAST = _rx(
    r"(?:đã|vừa) (?!(?:có buổi|làm việc|tiếp|dự|đến|báo cáo|nghe|thảo luận|phát biểu|nêu|chỉ ra"
    r"|tổ chức hội nghị|gửi|cho biết|thông tin|trao đổi|đề nghị|kiến nghị|đề xuất|nói|chia sẻ"
    r"|thẳng thắn|giải đáp|tiếp xúc|ghi nhận|xem xét|chủ trì|thông qua|nhận định|đánh giá"
    r"|khẳng định|yêu cầu|biết|xảy ra|bị|gây|để|không|chưa|vi phạm|từng|họp|khai mạc"
    r"|công bố|phân tích|đặt|trả lời phóng|lắng nghe|phản ánh|quy định|nhấn mạnh|lưu ý"
    r"|bày tỏ|cho rằng|là|bỏ phiếu|thi hành kỷ luật|kỷ luật|cảnh cáo|có công văn|ban hành"
    r"|ký|giới thiệu|đưa ra|lên tiếng|bắt đầu|qua|lâu|nhiều năm|hết|đủ|quá)(?= ))[^ ]+"
)


@_votes_for(ACHIEVEMENT)
def lf_achievement_past(text: _Text) -> bool:
    """Anything reported as done in the period, "đã …" (weak; rule 9's list of work done)."""
    return bool(_PAST.search(text.padded))


# ---------------------------------------------------------------------------------------------
# Resolution
# ---------------------------------------------------------------------------------------------

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
    (lf_other_byline,),
    (lf_request_upward, lf_request_people, lf_request_support_needed),
    (lf_instruction_directive, lf_instruction_downward),
    (lf_other_ceremony, lf_other_attendance, lf_other_schedule, lf_other_caption),
    (lf_instruction_imperative, lf_instruction_modal, lf_instruction_future_plan),
    (lf_limitation_bad_trend, lf_limitation_low_figures, lf_limitation_still,
     lf_achievement_despite, lf_achievement_figures),
    (lf_other_dateline, lf_other_reporting),
    (lf_limitation_negation, lf_limitation_shortcomings, lf_limitation_contrast),
    (lf_achievement_targets, lf_achievement_recognition, lf_achievement_good_state,
     lf_achievement_done),
    (lf_instruction_task_verbs,),
    (lf_achievement_past,),
)
# fmt: on
# Cue families that vote (in ``votes`` and as ``CueFeatures`` columns) but never decide a
# label: "khó khăn", "vi phạm" are as often a request's reason, a plan's object or a topic of
# discussion as a reported shortcoming; a model can weigh them in context, rules cannot.
FEATURE_ONLY: tuple[LabellingFunction, ...] = (lf_limitation_difficulties,)

LABELLING_FUNCTIONS: tuple[LabellingFunction, ...] = (
    *(lf for tier in PRECEDENCE for lf in tier),
    *FEATURE_ONLY,
)


def votes(sentence: str) -> dict[str, str | None]:
    """Every labelling function's vote on ``sentence``: its label, or None if it abstains."""
    text = _Text.of(sentence)
    return {lf.name: lf(text) for lf in LABELLING_FUNCTIONS}


def _resolve(fired: dict[str, str | None]) -> str:
    """The label ``label_sentence`` gives, from votes already cast."""
    for tier in PRECEDENCE:
        for lf in tier:
            if fired[lf.name] is not None:
                return fired[lf.name]
    return OTHER


def label_sentence(sentence: str) -> str:
    """The label of ``sentence``: the vote of the first tier of ``PRECEDENCE`` that fires."""
    text = _Text.of(sentence)
    for tier in PRECEDENCE:
        for lf in tier:
            label = lf(text)
            if label is not None:
                return label
    return OTHER


# ---------------------------------------------------------------------------------------------
# scikit-learn wrappers
# ---------------------------------------------------------------------------------------------


class RuleClassifier(TextInput, ClassifierMixin, BaseEstimator):
    """The cue-lexicon labeller as a scikit-learn classifier; ``fit`` learns nothing.

    Takes raw sentences (a list, 1-d array, Series, or a DataFrame with a ``text`` column).

    >>> RuleClassifier().fit(["…"], ["other"]).predict(["Huyện đề nghị tỉnh hỗ trợ vốn."])
    array(['request'], dtype='<U11')
    """

    def __init__(self) -> None:
        pass  # no parameters: the rules are fixed

    def fit(self, X, y=None):
        """Set ``classes_`` (all five labels, sorted); the rules need no training."""
        self.classes_ = _CLASSES.copy()
        self.n_features_in_ = 1
        return self

    def predict(self, X) -> np.ndarray:
        return np.array([label_sentence(t) for t in as_texts(X)], dtype=_CLASSES.dtype)


class CueFeatures(TextInput, TransformerMixin, BaseEstimator):
    """One 0/1 column per labelling function (1.0 when it fires), to sit beside TF-IDF in a
    FeatureUnion. Stateless: ``fit`` learns nothing.

    ``decision=True`` adds one 0/1 column per label for the rules' own decision (the decision
    rules' precedence over the same votes), so a model trained on a few sentences can learn to
    trust the rules and correct them only where its data says so.

    >>> CueFeatures().fit_transform(["T/h: Bảo Ngọc"]).shape == (1, len(LABELLING_FUNCTIONS))
    True
    """

    def __init__(self, *, decision: bool = False) -> None:
        self.decision = decision

    def fit(self, X, y=None):
        self.n_features_in_ = 1
        # The columns are the lexicon's functions at fit time; a model must not silently get
        # other columns after the lexicon changes.
        self.feature_names_ = self._names()
        return self

    def _names(self) -> list[str]:
        names = [lf.name for lf in LABELLING_FUNCTIONS]
        if self.decision:
            names += [f"rules_say_{label}" for label in _CLASSES]
        return names

    def transform(self, X) -> np.ndarray:
        fitted = getattr(self, "feature_names_", None)
        if fitted is not None and list(fitted) != self._names():
            raise GovtextError(
                "this model was trained with a different rule lexicon "
                f"({len(fitted)} cue columns, the installed govtext has {len(self._names())}); "
                "retrain and export it with this govtext version."
            )
        texts = as_texts(X)
        width = len(LABELLING_FUNCTIONS) + (len(_CLASSES) if self.decision else 0)
        out = np.zeros((len(texts), width), dtype=float)
        for i, sentence in enumerate(texts):
            text = _Text.of(sentence)
            fired = {lf.name: lf(text) for lf in LABELLING_FUNCTIONS}
            for j, lf in enumerate(LABELLING_FUNCTIONS):
                out[i, j] = fired[lf.name] is not None
            if self.decision:
                decided = _resolve(fired)
                out[i, len(LABELLING_FUNCTIONS) + _CLASS_INDEX[decided]] = 1.0
        return out

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        return np.array(getattr(self, "feature_names_", None) or self._names(), dtype=object)
