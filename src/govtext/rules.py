"""Cue-lexicon labeller: the rule baseline and the weak labels of labels.md.

Each *labelling function* looks for one family of cues (an upward request, a leader's directive,
a shortcoming, a reached target, a byline, ...) and votes for one label or abstains.
``label_sentence`` resolves the votes with the precedence of the decision rules in labels.md.
Matching is done on NFC-normalised, lower-cased syllables joined by single spaces, so every cue
matches whole syllables only ("bộ" never matches inside "cán bộ" being read as "bộ ..." unless
the cue says so, and "tăng" never matches "tăng cường").

>>> label_sentence("Huyện đề nghị tỉnh hỗ trợ kinh phí làm đường.")
'request'
>>> label_sentence("Chủ tịch tỉnh đề nghị huyện khẩn trương làm đường.")
'instruction'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin

from govtext.labels import ALL_LABELS, OTHER
from govtext.text import syllables

ACHIEVEMENT, LIMITATION, REQUEST, INSTRUCTION = (
    "achievement",
    "limitation",
    "request",
    "instruction",
)


# --------------------------------------------------------------------------------------------
# Prepared text and regex helpers
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Text:
    """A sentence as the cues see it: syllable/punctuation tokens joined by single spaces."""

    raw: str
    tokens: tuple[str, ...]
    padded: str  # " tok tok ... tok " so that every cue can be anchored on spaces

    @classmethod
    def of(cls, sentence: str) -> _Text:
        sentence = _strip_photo_credit(unicodedata.normalize("NFC", sentence))
        tokens = tuple(syllables(sentence))
        return cls(sentence, tokens, " " + " ".join(tokens) + " ")

    @property
    def n_words(self) -> int:
        return sum(1 for t in self.tokens if t[0].isalnum())


_AGENCIES = frozenset({"TTXVN", "VGP", "VOV", "VNA", "TTXVN)", "VNEXPRESS", "TTXVN.", "VTV"})


def _strip_photo_credit(sentence: str) -> str:
    """Drop a photo credit glued to the next sentence by the splitter.

    "Ảnh: Doãn Tấn/TTXVN Về công tác ..." is labelled by what follows the credit; a credit
    standing alone is kept (it is a byline, labelled ``other``).
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
        cut = 3 if words[1].lower() == "minh" else 2
    if cut is None or len(words) - cut < 3:
        return sentence
    return " ".join(words[cut:])


def _alt(*phrases: str) -> str:
    """A non-capturing alternation of whole-syllable phrases, longest first."""
    return "(?:" + "|".join(re.escape(p) for p in sorted(set(phrases), key=len, reverse=True)) + ")"


# One token that is not a clause-ending punctuation mark, and the same excluding commas.
_TOK = r"(?:(?![;.!?:…](?= ))[^ ]+)"
_TOKC = r"(?:(?![;.!?:…,](?= ))[^ ]+)"


def _gap(n: int, *, commas: bool = True) -> str:
    """Up to ``n`` tokens inside one clause (commas allowed unless ``commas=False``)."""
    return rf"(?:{_TOK if commas else _TOKC} ){{0,{n}}}"


def _rx(body: str) -> re.Pattern[str]:
    """Compile ``body`` so that it matches whole tokens of a padded text."""
    return re.compile(rf"(?<= ){body}(?= )")


def _starts(*phrases: str, extra: str = "") -> re.Pattern[str]:
    """Whether the (left-stripped) rest of a padded text starts with one of ``phrases``."""
    return re.compile(rf"^(?:{_alt(*phrases)}(?= ){'|' + extra if extra else ''})")


# Tokens that may open a sentence before its main verb without being its subject.
_OPENERS = _alt(
    "đồng thời", "bên cạnh đó", "ngoài ra", "trước mắt", "trên cơ sở đó", "mặt khác",
    "cùng với đó", "tiếp đó", "tiếp theo", "thứ nhất", "thứ hai", "thứ ba", "một là", "hai là",
    "ba là", "trong đó", "theo đó", "vì vậy", "do đó", "do vậy", "vì thế", "cụ thể", "đặc biệt",
    "đặc biệt là", "nhất là", "song song đó", "song song với đó", "mặt khác", "sau đó",
    "bên cạnh", "đồng thời cũng", "tiếp tục", "-", "+", "*", "•", "–", "“", '"', "(", ")",
    "a", "b", "c", "d", "1", "2", "3", "4", "5", "6", "7", "8", "9", ",",
)  # fmt: skip


# --------------------------------------------------------------------------------------------
# The hierarchy of bodies, used to tell the direction of "đề nghị" (decision rule 1)
# --------------------------------------------------------------------------------------------

_MINISTRY_NAMES = _alt(
    "giao thông", "gtvt", "y tế", "tài chính", "công an", "quốc phòng", "nội vụ", "xây dựng",
    "kế hoạch", "kh", "khđt", "kh-đt", "công thương", "nông nghiệp", "nn", "nn&ptnt",
    "tài nguyên", "tn-mt", "tn&mt", "tnmt", "giáo dục", "gd", "gd&đt", "gdđt", "lao động",
    "lđ-tb&xh", "lđtbxh", "văn hóa", "vh-tt&dl", "tư pháp", "ngoại giao", "khoa học", "kh&cn",
    "thông tin", "tt&tt", "ngành", ",", "trưởng",
)  # fmt: skip

# (pattern, level): 5 centre, 4 ministry, 3 province, 2.5 provincial department, 2 district or
# "the locality", 1 commune, citizens, firms, workers. The leader titles without a body
# ("bí thư", "đồng chí") count as a presiding leader, 3.5: above any locality they address.
_LEVELS: tuple[tuple[re.Pattern[str], float], ...] = tuple(
    (_rx(body), level)
    for body, level in (
        (
            _alt(
                "trung ương",
                "tw",
                "t.ư",
                "t.w",
                "chính phủ",
                "thủ tướng",
                "quốc hội",
                "bộ chính trị",
                "ban bí thư",
                "tổng bí thư",
                "chủ tịch nước",
                "nhà nước",
                "đảng, nhà nước",
                "đảng và nhà nước",
                "cấp trên",
                "cấp có thẩm quyền",
            ),
            5.0,
        ),
        (rf"(?:bộ {_MINISTRY_NAMES}|các bộ|thứ trưởng|tổng cục|bộ ngành)", 4.0),
        (
            _alt(
                "tỉnh",
                "tỉnh ủy",
                "tỉnh uỷ",
                "thành ủy",
                "thành uỷ",
                "thành phố",
                "tp",
                "tp.hcm",
                "tp.hà",
                "ubnd tp",
                "thủ đô",
            ),
            3.0,
        ),
        (
            _alt(
                "bí thư",
                "đồng chí",
                "chủ tịch",
                "phó chủ tịch",
                "trưởng đoàn",
                "trưởng ban",
                "lãnh đạo",
                "đoàn công tác",
                "đoàn kiểm tra",
                "đoàn giám sát",
                "chúng tôi",
            ),
            3.5,
        ),
        (
            _alt(
                "sở",
                "các sở",
                "sở, ngành",
                "ban, ngành",
                "các ngành",
                "chi cục",
                "cơ quan chức năng",
                "các cơ quan",
                "ngành chức năng",
            ),
            2.5,
        ),
        (
            _alt(
                "huyện",
                "quận",
                "thị xã",
                "huyện ủy",
                "huyện uỷ",
                "quận ủy",
                "thị ủy",
                "địa phương",
                "các địa phương",
                "cơ sở",
                "các cấp",
                "cấp ủy",
                "đơn vị",
                "các đơn vị",
                "chính quyền",
            ),
            2.0,
        ),
        (
            _alt(
                "xã",
                "phường",
                "thị trấn",
                "thôn",
                "bản",
                "cử tri",
                "người dân",
                "nhân dân",
                "bà con",
                "doanh nghiệp",
                "dn",
                "công nhân",
                "nông dân",
                "người lao động",
                "nlđ",
                "cnlđ",
                "hộ",
                "hội viên",
                "đoàn viên",
                "đảng viên",
                "cán bộ",
                "công chức",
                "nhà đầu tư",
                "hiệp hội",
                "chuyên gia",
                "phóng viên",
                "đại biểu",
                "hợp tác xã",
                "trường",
                "giáo viên",
                "học sinh",
                "chủ đầu tư",
                "công ty",
                "tập đoàn",
                "anh",
                "chị",
                "mttq",
                "mặt trận",
                "ubmttq",
                "mttqvn",
                "ubtw mttqvn",
                "đoàn chủ tịch",
            ),
            1.0,
        ),
    )  # fmt: skip
)
# "bộ" of a ministry, not of "cán bộ", "đảng bộ", "toàn bộ", "bộ phận", "bộ máy", "bộ đội".
_NOT_MINISTRY_BEFORE = re.compile(r"(?:cán|đảng|toàn|đường|một|bộ) $")


def _levels_in(padded: str) -> list[tuple[int, int, float]]:
    """All (start, end, level) hits of body names in ``padded``, longest first at a position."""
    hits: list[tuple[int, int, float]] = []
    for pattern, level in _LEVELS:
        for m in pattern.finditer(padded):
            if level == 4.0 and _NOT_MINISTRY_BEFORE.search(padded[: m.start()]):
                continue
            hits.append((m.start(), m.end(), level))
    # Keep the longest hit at each start ("tỉnh ủy" over "tỉnh", "phó chủ tịch" over "chủ tịch").
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    kept: list[tuple[int, int, float]] = []
    for hit in hits:
        if kept and hit[0] < kept[-1][1]:
            continue
        kept.append(hit)
    return kept


# A body named right after these is the addressee of a letter, not the speaker:
# "có văn bản gửi Thủ tướng kiến nghị ...".
_TO_BEFORE = re.compile(r"(?:gửi|gửi tới|gửi đến|trình|lên|với|tới) $")


def _subject_and_addressee(text: _Text, start: int, end: int) -> tuple[float | None, float | None]:
    """Levels of the speaker (nearest body before the verb, in its clause) and the addressee
    (first body within seven tokens after it; titles such as "đồng chí" do not count there)."""
    before = text.padded[:start]
    cut = max(before.rfind(" ; "), before.rfind(" : "), before.rfind(" . "), before.rfind(" “ "))
    before = before[cut + 1 :] if cut >= 0 else before
    before = " " + " ".join(before.split()[-20:]) + " "
    subject_hits = _levels_in(before)
    addressee = None
    if subject_hits and _TO_BEFORE.search(before[: subject_hits[-1][0]]):
        addressee = subject_hits.pop()[2]
    subject = subject_hits[-1][2] if subject_hits else None

    after = text.padded[end:]
    window = " " + " ".join(after.split()[:7]) + " "
    for stop in (" ; ", " . ", " : "):
        if stop in window:
            window = window[: window.index(stop) + 1]
    bodies = [hit for hit in _levels_in(window) if hit[2] != 3.5]
    if bodies:
        addressee = bodies[0][2]
    return subject, addressee


def _direction(text: _Text, start: int, end: int, *, default: str | None) -> str | None:
    """'up' (a lower body asks a higher one), 'down' (a leader asks a subordinate) or
    ``default`` when neither side is named. With no speaker named, only the centre or a
    ministry is clearly above: "đồng thời đề nghị tỉnh ..." continues a leader's speech."""
    subject, addressee = _subject_and_addressee(text, start, end)
    if subject is None and addressee is None:
        return default
    if addressee is None:
        return "down" if subject >= 3.0 else "up"
    if subject is None:
        return "up" if addressee >= 4.0 else "down"
    return "up" if addressee > subject else "down"


# --------------------------------------------------------------------------------------------
# Labelling functions
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LabellingFunction:
    """One cue family: ``func`` says whether its cues fire; calling it votes ``label`` or None."""

    name: str
    label: str
    func: Callable[[_Text], bool]

    @property
    def __name__(self) -> str:  # so that it reads like the plain function it wraps
        return self.name

    def __call__(self, sentence: str | _Text) -> str | None:
        text = sentence if isinstance(sentence, _Text) else _Text.of(sentence)
        return self.label if self.func(text) else None


def _lf(label: str) -> Callable[[Callable[[_Text], bool]], LabellingFunction]:
    def wrap(func: Callable[[_Text], bool]) -> LabellingFunction:
        return LabellingFunction(func.__name__, label, func)

    return wrap


# ---- request --------------------------------------------------------------------------------

# The verbs of asking; each occurrence is judged by its direction. A preceding determiner or
# verb makes it a noun ("các kiến nghị", "giải quyết kiến nghị", "theo đề xuất"), not an act.
_ASK = _rx(
    _alt("đề nghị", "kiến nghị", "đề xuất", "mong muốn", "mong", "kính đề nghị", "đề đạt",
         "kiến nghị với", "đề nghị với", "đề xuất với", "xin", "nguyện vọng")
)  # fmt: skip
_ASK_AS_NOUN = re.compile(
    r"(?:"
    + _alt("các", "những", "mọi", "số", "ý kiến ,", "ý kiến", "phản ánh ,", "phản ánh",
           "giải quyết", "tiếp nhận", "trả lời", "xử lý", "chấp nhận", "tổng hợp", "lượt",
           "theo", "với", "có", "của", "sự", "được", "thống nhất với", "nhiều", "đơn",
           "trong", "ghi nhận", "tiếp thu", "đề xuất ,", "kiến nghị ,", "đề nghị ,", "nêu",
           "từ", "và", "danh sách", "lập danh sách", "ủng hộ", "đối với", "việc", "là", "phải",
           "cũng như", "làm thế nào", "về")
    + r"|\d+) $"
)  # fmt: skip
_ASK_NOUN_AFTER = _starts(
    "của", "này", "đó", "trên", "nói trên", "cụ thể", "được", "từ", ".", extra=r"\d"
)
# Inspectors' and auditors' "kiến nghị thu hồi / xử lý" is a finding, not an ask.
_AUDIT_AFTER = _starts(
    "thu hồi", "xử lý", "xử phạt", "kiểm điểm", "xuất toán", "giảm trừ", "chuyển"
)
_XIN_OK = _starts(
    "ý kiến",
    "chủ trương",
    "phép",
    "được",
    "hỗ trợ",
    "bổ sung",
    "cấp",
    "kinh phí",
    "vốn",
    "đề nghị",
    "giấy phép",
)
_PASSIVE_BEFORE = re.compile(r"(?<= )(?:được|bị|do) (?:[^ ]+ ){0,4}$")
_MONG_NOT_ASK = _starts("muốn", "đợi", "chờ")
_PERMISSION = _starts("cho phép", "xem xét cho phép", "chấp thuận")
# A directive or a condition before the asking verb embeds it: "yêu cầu các bộ đề xuất ...",
# "giao Sở ... đề xuất", "nếu doanh nghiệp kiến nghị ...".
_EMBEDDING = re.compile(
    rf"(?<= )(?:yêu cầu|chỉ đạo|giao(?! thông| lưu| dịch)|nếu|khi) (?:{_TOK} )*$"
)


def _asking_acts(text: _Text):
    """Occurrences of asking verbs used as verbs, in order: (start, end, verb)."""
    for m in _ASK.finditer(text.padded):
        before = text.padded[: m.start()]
        after = text.padded[m.end() :].lstrip()
        verb = m.group(0)
        if _ASK_AS_NOUN.search(before[-40:]) or _ASK_NOUN_AFTER.match(after):
            continue
        if _PASSIVE_BEFORE.search(before):
            continue  # "được nhà đầu tư đề xuất": a proposal described, not made
        if verb.startswith("kiến nghị") and _AUDIT_AFTER.match(after):
            continue
        if verb == "xin" and not _XIN_OK.match(after):
            continue
        if verb == "mong" and _MONG_NOT_ASK.match(after):
            continue
        yield m.start(), m.end(), verb


def _first_direction(text: _Text) -> tuple[str, str | None] | None:
    """(verb, direction) of the sentence's first asking act: its main clause comes first."""
    for start, end, verb in _asking_acts(text):
        after = text.padded[end:].lstrip()
        clause = text.padded[:start][-120:]
        if _EMBEDDING.search(clause[clause.rfind(" ; ") + 1 :]):
            return verb, None
        if _PERMISSION.match(after):
            return verb, "up"  # permission is asked upwards
        if verb in ("kiến nghị", "kính đề nghị", "xin", "đề đạt", "kiến nghị với"):
            # Upward unless an explicitly higher speaker addresses a clearly lower body.
            subject, _ = _subject_and_addressee(text, start, end)
            direction = _direction(text, start, end, default="up")
            if direction == "down" and not (subject and subject >= 3.0):
                direction = "up"
            return verb, direction
        if verb in ("mong muốn", "mong", "nguyện vọng", "đề xuất", "đề xuất với"):
            # A proposal or a wish needs a named addressee to be an ask ("đề xuất với Bộ").
            return verb, _direction(text, start, end, default=None)
        return verb, _direction(text, start, end, default="down")
    return None


@_lf(REQUEST)
def lf_request_upward(text: _Text) -> bool:
    """A lower body asks a higher one (rule 1): "huyện đề nghị tỉnh ...", "kiến nghị Bộ ..."."""
    found = _first_direction(text)
    return found is not None and found[1] == "up"


_PEOPLE = _alt(
    "cử tri", "người dân", "nhân dân", "bà con", "doanh nghiệp", "dn", "công nhân", "nông dân",
    "người lao động", "nlđ", "cnlđ", "hiệp hội", "nhà đầu tư", "chuyên gia", "phóng viên",
    "các hộ", "hộ dân", "hộ gia đình", "nhiều ý kiến", "ý kiến", "công ty", "tập đoàn",
    "đơn vị", "liên doanh", "mttq", "mặt trận", "chị", "anh",
)  # fmt: skip
_PEOPLE_BEFORE = re.compile(rf"(?<= ){_PEOPLE} (?:{_TOK} ){{0,10}}$")
_WANT = _rx(_alt("muốn", "bày tỏ mong muốn", "mong mỏi", "nguyện vọng"))


@_lf(REQUEST)
def lf_request_people(text: _Text) -> bool:
    """Citizens, voters, workers or firms ask for something: "cử tri kiến nghị ..."."""
    acts = [(start, verb) for start, _end, verb in _asking_acts(text)]
    acts += [(m.start(), m.group(0)) for m in _WANT.finditer(text.padded)]
    for start, _verb in sorted(acts)[:2]:
        before = text.padded[:start]
        if re.search(r"(?:nếu|khi|để|mà|như) (?:[^ ]+ ){0,6}$", before):
            continue
        if _PEOPLE_BEFORE.search(before):
            return True
    return False


_SUPPORT_NEEDED = _rx(
    _alt("cần được", "rất cần", "mong được", "đề nghị được", "cần có sự", "rất mong")
    + rf" {_gap(3)}"
    + _alt("quan tâm", "hỗ trợ", "đầu tư", "giúp đỡ", "tạo điều kiện", "xem xét", "bố trí",
           "ưu tiên", "tháo gỡ")
    + rf" {_gap(3)}"
    + _alt("của tỉnh", "của trung ương", "của chính phủ", "của nhà nước", "của các bộ",
           "của bộ", "của thành phố", "tỉnh", "trung ương", "thành phố", "nhà nước", "cấp trên")
)  # fmt: skip


@_lf(REQUEST)
def lf_request_support_needed(text: _Text) -> bool:
    """The locality says it needs a higher body's support: "cần được tỉnh quan tâm hỗ trợ"."""
    return bool(_SUPPORT_NEEDED.search(text.padded))


# ---- instruction ----------------------------------------------------------------------------

_LEADER = _alt(
    "thủ tướng", "phó thủ tướng", "bộ trưởng", "thứ trưởng", "bí thư", "chủ tịch",
    "tổng bí thư", "đồng chí", "trưởng đoàn", "trưởng ban", "ông", "bà", "lãnh đạo",
    "ubnd", "tỉnh ủy", "tỉnh uỷ", "thành ủy", "huyện ủy", "ban thường vụ", "thường trực",
    "giám đốc", "tổng kiểm toán", "chủ nhiệm", "ban chỉ đạo", "văn phòng chính phủ",
)  # fmt: skip
# Directive verbs proper. "yêu cầu" and "chỉ đạo" are also nouns ("đáp ứng yêu cầu",
# "sự chỉ đạo của"), told apart by the token before and after.
_DIRECTIVE = _rx(
    _alt("yêu cầu", "chỉ đạo", "giao", "gợi mở", "đôn đốc", "quán triệt",
         "đề ra nhiệm vụ", "đặt ra yêu cầu", "định hướng", "kết luận", "lưu ý", "nhắc nhở",
         "chấn chỉnh", "khẳng định sẽ", "hứa", "cam kết")
)  # fmt: skip
_DIRECTIVE_NOUN_BEFORE = re.compile(
    _alt("đáp ứng", "theo", "với", "những", "các", "mục đích ,", "đạt", "so với", "là",
         "đúng", "về", "sự", "được", "thực hiện", "nghiêm", "lãnh đạo ,", "lãnh đạo", "công tác",
         "có", "của", "văn bản", "trong", "và", "phục vụ", "chưa", "thực hiện nghiêm",
         "bàn", "nhận", "tiếp tục", "quá trình", "điều hành ,", "mọi", "nhiều", "tăng cường",
         "đổi mới", "chấp hành", "triển khai", "thông báo", "hướng dẫn ,", "ban",
         "phát biểu", "phát biểu kết luận", "tại", "ngay", "kịp thời")
    + r" $"
)  # fmt: skip
_DIRECTIVE_NOUN_AFTER = _starts(
    "đề ra",
    "đặt ra",
    "nhiệm vụ",
    "của",
    "phát triển",
    "ngày",
    "số",
    "thông",
    "lưu",
    "dịch",
    "nhận",
    "thương",
    "cho thấy",
    "này",
    ".",
    "và",
    "điều hành",
    "được",
    "đối với",
    "hội nghị",
    "buổi",
    "cuộc",
    "phiên",
    "tại",
    "kết quả",
    "ban",
)
_GIAO_OBJECT = _starts(
    "cho",
    "các",
    "sở",
    "bộ",
    "ubnd",
    "ban",
    "ngành",
    "địa phương",
    "huyện",
    "tỉnh",
    "thanh tra",
    "giám đốc",
    "trách nhiệm",
    "nhiệm vụ cho",
    "chỉ tiêu cho",
    "công an",
    "văn phòng",
    "cục",
    "tổng cục",
    "chi cục",
    "phòng",
    "viện",
    "trung tâm",
)
# "lưu ý" / "kết luận" / "định hướng" direct only when an addressee follows at once.
_ADDRESSEE_NEXT = _starts("các", "địa phương", "ngành", "huyện", "tỉnh", "thành phố", "sở")
_HEN = _starts("hẹn")
_PASSIVE_OR_PAST = re.compile(r"(?:được|đã|vừa|đã trực tiếp|đã kịp thời) (?:[^ ]+ ){0,2}$")
_LEADER_NEAR = re.compile(rf"(?<= ){_LEADER} (?:{_TOK} ){{0,14}}$")
_SPEECH = _rx(_alt("nhấn mạnh", "lưu ý", "nêu rõ", "khẳng định", "đề nghị", "yêu cầu",
                   "chỉ đạo", "gợi mở", "mong muốn", "nói", "cho rằng", "kết luận"))  # fmt: skip
_MODAL = _rx(
    _alt("cần", "phải", "cần phải", "hãy", "không được", "nghiêm cấm", "không để",
         "kiên quyết", "cần tập trung", "phải tập trung", "cần tiếp tục", "phải tiếp tục",
         "không nên", "nên tập trung", "nên quy hoạch", "tránh", "cố gắng", "nỗ lực")
)  # fmt: skip


@_lf(INSTRUCTION)
def lf_instruction_directive(text: _Text) -> bool:
    """A leader or higher body tells a subordinate what to do: "X yêu cầu Y ...", "giao Sở ..."."""
    for m in _DIRECTIVE.finditer(text.padded):
        before = text.padded[: m.start()]
        after = text.padded[m.end() :].lstrip()
        verb = m.group(0)
        if _DIRECTIVE_NOUN_BEFORE.search(before[-30:]) or _DIRECTIVE_NOUN_AFTER.match(after):
            continue
        if verb in ("kết luận", "lưu ý", "định hướng") and not _ADDRESSEE_NEXT.match(after):
            continue
        if verb == "giao" and not _GIAO_OBJECT.match(after):
            continue
        if _PASSIVE_OR_PAST.search(before[-40:]):
            continue  # "được tỉnh chỉ đạo", "đã chỉ đạo": work done, not a directive (rule 9)
        if verb == "hứa" and _HEN.match(after):
            continue
        # Sentence-initial "Giao ...", "Yêu cầu ..." continue a leader's directions (rule 3).
        if before.strip() in ("", "-", "+", "*", "•", "đồng thời", "đồng thời ,"):
            return True
        if _LEADER_NEAR.search(before) or verb in ("hứa", "cam kết", "khẳng định sẽ"):
            return True
        if _subject_and_addressee(text, m.start(), m.end())[0] is not None:
            return True
    return False


@_lf(INSTRUCTION)
def lf_instruction_downward(text: _Text) -> bool:
    """ "Đề nghị" / "mong muốn" from a leader or higher body to a subordinate (rule 1)."""
    found = _first_direction(text)
    return found is not None and found[1] == "down" and not found[0].startswith("đề xuất")


_SHORTCOMING_NOUNS = _alt(
    "hạn chế", "yếu kém", "tồn tại", "khuyết điểm", "thiếu sót", "bất cập", "vướng mắc",
    "khó khăn", "sai phạm",
)  # fmt: skip
# "(còn) những hạn chế cần khắc phục", "những việc cần làm": a relative clause, not a duty of
# the sentence; "Những tồn tại này cần được khắc phục" (subject + modal) stays a duty.
_MODAL_EXCLUDED = re.compile(
    rf"(?:(?:còn|có|vẫn) (?:{_TOKC} ){{0,4}}{_SHORTCOMING_NOUNS} (?:{_TOKC} ){{0,3}}"
    rf"|(?:vấn đề|những việc|việc|nội dung|điểm) (?:{_TOKC} ){{0,2}}"
    rf"|rất |nhu |gặp |không |chưa |đâu |buộc |đòi hỏi |thấy |là |phần )$"
)
_GAP_BEFORE_DUTY = re.compile(
    r"(?<= )(?:còn|vẫn còn|chưa|vẫn chưa)"
    r" (?:[^ ]+ )?(?:bất cập|hạn chế|yếu|yếu kém|chậm|thấp|ít|thiếu|hình thức|khó khăn|"
    r"phát huy|đạt|đáp ứng|cao|tương xứng|thực sự|được|có|nhiều)(?= )"
)
_THEREFORE = re.compile(
    r"(?<= )(?:nên|vì vậy|vì thế|do đó|do vậy|để|đồng thời|từ đó|trên cơ sở đó|thời gian tới)(?= )"
)
# "phải chăng", "phải đối mặt", "cần cù", "cần thiết", "cần vốn": not a duty.
_MODAL_EXCLUDED_AFTER = _starts(
    "chăng",
    "đối mặt",
    "chịu",
    "mất",
    "thiết",
    "nguồn",
    "vốn",
    "bàn cãi",
    "trả",
    "là",
    "có thời gian",
    "kíp",
    "cù",
    "mẫn",
    "kiệm",
    "thơ",
    "lao",
    "kê khai",
)


@_lf(INSTRUCTION)
def lf_instruction_modal(text: _Text) -> bool:
    """A duty stated with a modal: "cần", "phải", "không để" (what someone must do)."""
    for m in _MODAL.finditer(text.padded):
        before = text.padded[: m.start()]
        after = text.padded[m.end() :].lstrip()
        if _MODAL_EXCLUDED.search(before[-60:]) or _MODAL_EXCLUDED_AFTER.match(after):
            continue
        if _GAP_BEFORE_DUTY.search(before) and not _THEREFORE.search(before):
            # "… còn bất cập, chưa phát huy …; … cần tiếp tục …": a list of shortcomings with
            # a remedy tacked on is still a report of shortcomings (rule 2); "… chưa …, nên
            # cần …" draws the duty from them and is an instruction.
            continue
        if m.group(0) == "phải" and re.search(r"(?:gặp|không|chưa|đâu|buộc) $", before):
            continue
        return True
    return False


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
    "tổ chức", "quản lý", "cần", "phải", "cử", "gắn", "bảo vệ", "kiểm soát", "xem xét",
)  # fmt: skip
_NOMINAL_SUBJECT = re.compile(
    r"(?<!nhất)(?<!biệt)(?<!đó)(?<!tức)(?<!hay)(?<!chính) là |"
    r"(?<!để)(?<!nhằm)(?<!phải)(?<!cần)(?<!sẽ) (?:được|đạt) "
)
_IMPERATIVE = re.compile(rf"^ (?:{_OPENERS} )*{_IMPERATIVE_VERBS} (?!được )")


@_lf(INSTRUCTION)
def lf_instruction_imperative(text: _Text) -> bool:
    """A subject-less sentence opening with an action verb: "Tập trung xây dựng ..." (rule 3)."""
    if not _IMPERATIVE.search(text.padded):
        return False
    # A verb-initial phrase followed by "là", "được ..." or "đạt" is a nominal subject:
    # "Tăng cường giáo dục ... là nhiệm vụ căn bản", "Xây dựng nông thôn mới đạt kết quả".
    first_clause = re.split(r" [;:] ", text.padded, maxsplit=1)[0] + " "
    return not _NOMINAL_SUBJECT.search(first_clause)


_PLAN = _rx(
    _alt("phấn đấu", "thời gian tới", "năm tới", "những năm tới", "sắp tới", "tới đây",
         "giai đoạn tới", "nhiệm kỳ tới", "từ nay đến", "đặt mục tiêu", "mục tiêu đến năm",
         "trong năm tới", "thời gian đến", "những tháng cuối năm", "6 tháng cuối năm",
         "tháng cuối năm", "từ nay tới")
)  # fmt: skip
_PLAN_AS_TOPIC = re.compile(
    r"(?:nhiệm vụ|phương hướng|kế hoạch|giải pháp|định hướng|mục tiêu|chương trình|lộ trình|"
    r"không ngừng|sự nỗ lực|nỗ lực) (?:[^ ]+ ){0,3}$"
)
_WILL_ACT = _rx(
    r"sẽ (?:tiếp tục |tập trung |cùng |thường xuyên |sớm |chủ động |quyết liệt |tích cực )*"
    + _alt("tập trung", "tiếp tục", "chỉ đạo", "hỗ trợ", "tạo điều kiện", "giúp đỡ", "làm",
           "triển khai", "thực hiện", "xây dựng", "kiểm tra", "xem xét", "quan tâm", "đầu tư",
           "phối hợp", "đẩy mạnh", "tăng cường", "nâng cao", "nghiên cứu", "rà soát",
           "giải quyết", "xử lý", "bố trí", "huy động", "dành", "giúp đỡ",
           "có kế hoạch", "thiết lập", "ủng hộ", "đồng hành", "lắp", "cho phép", "trích",
           "hoàn thiện", "đổi mới", "phát triển", "thu hút", "chú trọng", "ưu tiên", "tổ chức",
           "khắc phục", "tháo gỡ", "đề xuất", "tham mưu", "kiến nghị", "báo cáo", "ban hành")
)  # fmt: skip


@_lf(INSTRUCTION)
def lf_instruction_future_plan(text: _Text) -> bool:
    """A plan or target for the time ahead: "phấn đấu", "thời gian tới", "sẽ triển khai" (rule 6)."""
    if _WILL_ACT.search(text.padded):
        return True
    for m in _PLAN.finditer(text.padded):
        # "nhiệm vụ 6 tháng cuối năm", "giải pháp ... thời gian tới": the agenda of a meeting;
        # "không ngừng phấn đấu": an effort being praised.
        if not _PLAN_AS_TOPIC.search(text.padded[: m.start()]):
            return True
    return False


_TASK = _rx(
    r"(?<!được )(?<!đã )(?<!đang )(?<!vừa )(?<!về )(?<!việc )(?<!để )(?<!nhằm )(?<!pháp )"
    + _alt(
        "tiếp tục",
        "đẩy mạnh",
        "tăng cường",
        "tập trung",
        "khẩn trương",
        "nhanh chóng",
        "chủ động",
        "đẩy nhanh",
        "nâng cao",
        "chú trọng",
        "phát huy",
        "kịp thời",
        "rà soát",
        "kiên quyết",
        "quyết liệt",
        "sớm",
        "tích cực",
        "nghiêm túc thực hiện",
        "thực hiện nghiêm",
        "tạo điều kiện",
        "quan tâm hơn nữa",
        "hơn nữa",
    )
    + r"(?! (?:được|tăng|giảm|giữ|duy trì|ổn định|là|phát triển|đạt|khởi sắc|chuyển biến|"
    r"cải thiện|có|nằm|đứng|dẫn đầu|xảy ra|diễn ra|gây|bị|và|,|\.))"
)


@_lf(INSTRUCTION)
def lf_instruction_task_verbs(text: _Text) -> bool:
    """Tasks in a leader's conclusions: "Bộ NN&PTNT khẩn trương thẩm tra ...", "tiếp tục ..."."""
    return bool(_TASK.search(text.padded))


# ---- other: structure, ceremonies, schedules ------------------------------------------------

_BYLINE_START = re.compile(
    r"^ (?:t/h|t / h|ảnh|ảnh minh họa|ảnh minh hoạ|nguồn|theo|tin|bài|video|xem thêm|clip)"
    r" (?:: |- )?"
)


@_lf(OTHER)
def lf_other_byline(text: _Text) -> bool:
    """A byline, photo credit, source line or a bare name: "T/h: ...", "Ảnh: ...", "Theo VOV"."""
    words = text.n_words
    if text.padded.startswith((" t/h ", " t / h ")):
        return True
    if _BYLINE_START.match(text.padded) and words <= 8:
        return True
    if words <= 4:
        # A name or a fragment of an address ("chinhphu.", "Kiều Linh"): nothing asserted.
        alpha = [w for w in text.raw.split() if w[:1].isalpha()]
        return all(w[:1].isupper() for w in alpha) or "." in text.raw.rstrip(".")
    return False


_SPEAKER_VERBS = _alt(
    "phát biểu", "báo cáo", "trình bày", "chủ trì", "phát biểu kết luận", "phát biểu chỉ đạo",
    "thăm", "tặng quà", "trao", "tham quan", "kiểm tra", "khảo sát", "chụp ảnh", "làm việc",
    "tiếp", "trả lời", "giải đáp", "đặt câu hỏi", "phát biểu ý kiến", "đối thoại", "giải trình",
    "chủ trì hội nghị", "phát biểu tại", "trao đổi", "thăm hỏi", "kiểm tra thực tế",
)  # fmt: skip
_SCENE = re.compile(r"^ (?:quang cảnh|toàn cảnh|các đại biểu|cảnh|một góc) ")
_CONTENT_CUE = _rx(
    _alt("cần", "phải", "yêu cầu", "đề nghị", "kiến nghị", "mong muốn", "đạt", "vượt", "tăng",
         "giảm", "còn", "chưa", "hạn chế", "khó khăn", "sẽ", "chỉ đạo", "lưu ý", "nhấn mạnh",
         "được", "tiếp tục", "đã", "có", "là", "đột phá", "chuyển biến")
)  # fmt: skip
_CAPTION_SUBJECT = re.compile(rf"^ (?:{_TOK} ){{1,16}}{_SPEAKER_VERBS} ")


@_lf(OTHER)
def lf_other_caption(text: _Text) -> bool:
    """A photo caption naming who speaks, reports or visits, with no content (rule 5).

    Captions carry no final full stop; the speaker comes first, then the verb of speaking.
    """
    if _CONTENT_CUE.search(text.padded):
        return False
    if _SCENE.match(text.padded):
        return True
    last = text.tokens[-1] if text.tokens else ""
    if last in (".", "!", "?", "…", ";", '"', "”", ":") and text.n_words > 12:
        return False
    return bool(_CAPTION_SUBJECT.match(text.padded))


_CEREMONY = _rx(
    _alt("tặng quà", "trao quà", "trao tặng", "tặng", "trao giấy khen", "trao bằng khen",
         "tặng giấy khen", "tặng bằng khen", "trao cờ", "tặng cờ", "trao huân chương",
         "trao kỷ niệm chương", "tặng hoa", "dâng hương", "dâng hoa", "thắp hương", "viếng",
         "thăm hỏi", "thăm , tặng", "thăm và tặng", "thăm gia đình", "chúc mừng", "chúc tết",
         "lễ khánh thành", "lễ khởi công", "lễ kỷ niệm", "lễ ra mắt", "lễ ký kết", "lễ công bố",
         "lễ trao", "chụp ảnh lưu niệm", "suất quà", "phần quà", "gắn biển", "cắt băng",
         "tặng sổ tiết kiệm", "thăm , chúc", "trao học bổng", "trao tặng")
)  # fmt: skip


@_lf(OTHER)
def lf_other_ceremony(text: _Text) -> bool:
    """Ceremonies, visits, gifts and awards: "tặng quà", "trao bằng khen" (rule 8)."""
    return bool(_CEREMONY.search(text.padded))


_ATTENDANCE = _rx(
    "(?:"
    + _alt("có sự tham dự", "với sự tham dự", "sự tham dự của", "cùng dự", "cùng tham dự",
           "đồng chủ trì", "tiếp và làm việc", "cùng đi có", "cùng đi với", "làm trưởng đoàn",
           "cùng làm việc", "sự có mặt của", "dự buổi làm việc", "dự hội nghị")
    + rf"|(?:tham dự|dự) {_gap(10)}(?:còn )?có|(?:do|làm) {_gap(12)}dẫn đầu)"
)  # fmt: skip


@_lf(OTHER)
def lf_other_attendance(text: _Text) -> bool:
    """Who attended or led the meeting: "Tham dự có ...", "... dẫn đầu" (captions and leads)."""
    return bool(_ATTENDANCE.search(text.padded))


_SCHEDULE = _rx(
    "(?:"
    + rf"đoàn (?:công tác |kiểm tra |giám sát |khảo sát |kiểm toán |thanh tra )?{_gap(6)}sẽ "
    + _alt("hoàn thành", "làm việc", "kiểm tra", "tiến hành", "kết thúc", "giám sát",
           "khảo sát", "đánh giá", "thanh tra", "kiểm toán", "báo cáo", "thực hiện kiểm tra",
           "tập trung kiểm tra", "thực hiện kiểm toán", "làm việc với")
    + "|"
    + rf"(?:kỳ họp|hội nghị|phiên họp|cuộc họp|phiên chất vấn|buổi làm việc) (?:{_TOK} ){{0,3}}sẽ"
    + "|"
    + _alt("sẽ diễn ra", "sẽ được tổ chức", "sẽ kéo dài", "sẽ trả lời", "dự kiến kết thúc",
           "sẽ tổ chức", "dự kiến diễn ra", "chương trình làm việc", "dự kiến sẽ diễn ra",
           "sẽ khai mạc", "sẽ bế mạc", "sẽ được chất vấn", "sẽ chất vấn")
    + ")"
)  # fmt: skip


@_lf(OTHER)
def lf_other_schedule(text: _Text) -> bool:
    """A visiting team's or meeting's schedule and scope: "Đoàn sẽ hoàn thành ..." (rule 8)."""
    return bool(_SCHEDULE.search(text.padded))


_DATELINE = re.compile(
    r"^ (?:“ )?(?:(?:sáng|chiều|tối|trưa|ngày|đêm|hôm) (?:nay |qua |mai )?(?:\( )?"
    r"(?:ngày )?\d{1,2}[/-]\d{1,2}|(?:sáng|chiều|tối) (?:nay|qua|ngày|hôm)|ngày \d)"
)
_REPORTING = _rx(
    _alt("có buổi làm việc", "đã làm việc", "làm việc với", "đã có buổi", "tổ chức hội nghị",
         "báo cáo khái quát", "báo cáo tóm tắt", "nghe báo cáo", "tiếp xúc cử tri", "cho ý kiến",
         "thảo luận", "đã báo cáo", "trình bày báo cáo", "đối thoại", "họp báo",
         "hội nghị trực tuyến", "đến thăm", "khai mạc", "bế mạc", "đã họp", "họp phiên")
)  # fmt: skip


@_lf(OTHER)
def lf_other_dateline(text: _Text) -> bool:
    """A dateline or scene-setting lead: "Chiều 30/5, tại ..., X chủ trì hội nghị ..."."""
    return bool(_DATELINE.match(text.padded))


@_lf(OTHER)
def lf_other_reporting(text: _Text) -> bool:
    """The act of meeting or reporting itself, without its content: "đã làm việc với ..."."""
    return bool(_REPORTING.search(text.padded))


# ---- limitation -----------------------------------------------------------------------------

# A shortcoming word is not asserted when it is the object of a remedy ("khắc phục hạn chế",
# "tháo gỡ khó khăn", "xử lý vi phạm") or sits in a concession before the main clause
# ("mặc dù còn khó khăn, nhưng ..."); those spans are blanked before the cues are searched.
_REMEDY = _alt(
    "khắc phục", "tháo gỡ", "giải quyết", "xử lý", "vượt qua", "ngăn chặn", "đẩy lùi",
    "chấn chỉnh", "phòng", "chống", "phòng ngừa", "phòng , chống", "sửa chữa", "giảm",
    "giảm thiểu", "tránh", "không để", "loại bỏ", "xóa bỏ", "chia sẻ", "chia sẻ với",
    "gỡ", "tháo", "phát hiện", "hạn chế tối đa", "khắc phục được", "tháo dỡ", "giải tỏa",
    "kiểm soát", "xử phạt", "hóa giải",
    # topics of a meeting rather than findings
    "giải trình", "đề cập", "đề cập đến", "tìm hiểu", "trao đổi về", "thảo luận", "báo cáo về",
    "bàn", "làm rõ", "rút kinh nghiệm", "nắm bắt", "lắng nghe",
)  # fmt: skip
# "thuận lợi, khó khăn", "ưu điểm, hạn chế": a topic of discussion, not a finding.
_PAIRED = _alt(
    "thuận lợi", "ưu điểm", "kết quả", "thành công", "làm được", "mặt được", "thành tích"
)
_REMEDY_SPAN = _rx(
    rf"(?:{_REMEDY}(?: {_TOK}){{0,6}}"
    rf"|{_PAIRED} (?:,|và|cũng như)(?: những| các| mặt)? {_TOK}(?: {_TOK})?)"
)
_CONCESSION = re.compile(
    r"(?<= )(?:mặc dù|dù|tuy|trong bối cảnh|trong điều kiện|trong khi|bất chấp)"
    r" (?:[^ ]+ ){0,25}?(?:nhưng|song|,)(?= )"
)

_NEG_ABOUT_STATE = _alt(
    "thấp", "chậm", "hạn chế", "khó khăn", "yếu", "yếu kém", "ít", "thiếu", "bất cập",
    "hình thức", "phức tạp", "tồn tại", "vướng mắc", "kéo dài", "tái diễn", "lúng túng",
    "nhiều khó khăn", "nhiều hạn chế", "nhiều bất cập", "nhiều vướng mắc", "nhiều tồn tại",
    "tiềm ẩn", "xảy ra", "diễn ra", "tình trạng", "gặp", "để xảy ra", "cao", "nhiều vấn đề",
    "nặng", "dàn trải", "chồng chéo", "nhiều thách thức", "thách thức", "sai sót", "vi phạm",
    "thiếu quyết liệt", "chưa", "không", "chiếm", "ở mức thấp", "manh mún", "nhỏ lẻ",
    "thấp hơn", "bức xúc", "nhiều", "những", "một số", "nợ", "tụt",
)  # fmt: skip
_STILL = _rx(
    rf"(?:vẫn còn|vẫn|còn|vẫn chưa|chưa) (?:rất |khá |quá |khá nhiều |nhiều )?{_NEG_ABOUT_STATE}"
)
_STILL_BAD_AFTER = _starts("lại", "nữa", "được", "là", "mà", "có", "trong")
_NEGATED = _rx(
    _alt("chưa", "không đạt", "không hiệu quả", "không quyết liệt", "không đáp ứng",
         "thiếu", "chưa đạt", "chưa đáp ứng", "chưa tương xứng", "chưa cao", "chưa được",
         "chưa có", "chưa thực sự", "mới đạt", "chỉ đạt", "mới chỉ", "chỉ bằng", "chỉ có",
         "không kịp thời", "không nghiêm", "thiếu quyết liệt", "chưa thật")
)  # fmt: skip
_NEGATED_EXCLUDED_AFTER = _starts(
    "từng", "bao giờ", "?", "hết", "kể", "đến", "tới", "qua", "nói",
    # "thiếu niên", "thiếu nhi", "thiếu tướng": not a lack
    "niên", "nhi", "tướng", "tá", "úy", "uý",
)  # fmt: skip
# "nông thôn mới đạt ..." is the new-countryside programme reaching a standard.
_NEGATED_EXCLUDED_BEFORE = re.compile(
    r"(?:đã|hay|hoặc|xem|nào|người|nếu|kẻ|những việc|thôn|thành lập|đăng ký) $"
)
_SHORTCOMINGS = _rx(
    _alt("hạn chế", "yếu kém", "khuyết điểm", "bất cập", "nhược điểm", "thách thức",
         "tồn tại , hạn chế", "tồn tại hạn chế", "những tồn tại", "các tồn tại", "một số tồn tại",
         "yếu", "kém", "chậm", "chậm trễ", "tụt hạng", "bức xúc", "nan giải", "điểm nóng",
         "quá tải", "ô nhiễm", "xuống cấp", "thất thoát", "trì trệ", "buông lỏng", "quan liêu",
         "tiêu cực", "gian lận", "dàn trải", "diễn biến phức tạp", "phức tạp", "báo động",
         "nghiêm trọng", "khiếu nại kéo dài", "kéo dài", "treo", "trăn trở", "lo ngại", "thiếu",
         "không ít", "vội vàng", "thừa", "lợi ích nhóm", "tai tiếng", "khiếm khuyết", "bế tắc",
         "thua lỗ", "nguy cơ", "giảm sút", "suy giảm", "đình trệ", "cản trở", "bất hợp lý",
         "lúng túng", "hình thức", "chung chung", "thiếu quyết liệt", "thấp")
)  # fmt: skip
# "chủ yếu", "trọng yếu", "thiết yếu" are not weaknesses; "hạn chế" + noun is the verb "limit".
_NOT_A_SHORTCOMING_BEFORE = re.compile(r"(?:chủ|trọng|thiết|hình|mang tính|không|bớt) $")
_SHORTCOMING_OK_AFTER = _starts(
    "chế độ", "hơn nữa", "nhất", "tối đa", "hơn", "thức", "niên", "nhi", "tướng", "tá", "úy",
)  # fmt: skip
_HAN_CHE_NOUN_AFTER = _starts(
    ",",
    ".",
    ";",
    ":",
    "…",
    "của",
    "trong",
    "về",
    "như",
    "yếu",
    "khuyết",
    "bất",
    "tồn",
    "nhất định",
    "và",
    "là",
    "cần",
    "này",
    "đó",
    "trên",
    "ở",
    "do",
    "nên",
    "thì",
    "mà",
    "đối với",
    "nhưng",
)
_DIFFICULTIES = _rx(
    _alt("khó khăn", "vướng mắc", "vi phạm", "sai phạm", "sai sót", "thiếu sót", "chồng chéo",
         "lãng phí", "hư hỏng", "tồn đọng", "trái phép", "sạt lở", "ùn tắc", "khiếu kiện", "khó")
)  # fmt: skip
_CONTRAST_OPENING = re.compile(
    r"^ (?:“ )?(?:tuy nhiên|tuy vậy|tuy thế|song|nhưng|mặt khác|bên cạnh (?:những|các) "
    r"(?:kết quả|thành tích|ưu điểm|mặt)|bên cạnh đó|ngoài ra)"
)


def _blank(padded: str, spans: Iterable[tuple[int, int]]) -> str:
    chars = list(padded)
    for start, end in spans:
        for i in range(start, end):
            if chars[i] != " ":
                chars[i] = "_"
    return "".join(chars)


# The last "nhưng" / "song" / "tuy nhiên" of a sentence introduces what it asserts (rule 2):
# "X còn khó khăn nhưng đã đạt ..." reports the result, "X đạt ... nhưng còn chậm" the gap.
_BUT = re.compile(r"(?<= )(?:nhưng|tuy nhiên|song(?! song)(?<!song song))(?= )")


def _asserted(text: _Text) -> str:
    """The padded text with remedied, conceded and contrasted-away shortcomings blanked out."""
    spans = [m.span() for m in _REMEDY_SPAN.finditer(text.padded)]
    spans += [(m.start(), m.end() - 1) for m in _CONCESSION.finditer(text.padded)]
    buts = list(_BUT.finditer(text.padded))
    if buts and buts[-1].start() > 1:
        spans.append((1, buts[-1].start()))
    return _blank(text.padded, spans)


@_lf(LIMITATION)
def lf_limitation_still(text: _Text) -> bool:
    """A state that is still bad: "còn thấp", "vẫn còn khó khăn", "còn chậm" (rule 4)."""
    padded = _asserted(text)
    for m in _STILL.finditer(padded):
        after = padded[m.end() :].lstrip()
        if m.group(0).endswith(("nhiều", "những", "một số")) and not re.match(
            rf"^(?:[^ ]+ ){{0,2}}{_NEG_ABOUT_STATE[3:-1]}", after
        ):
            # "còn nhiều" / "còn những" only with a shortcoming right after it.
            if not _SHORTCOMINGS.search(" " + " ".join(after.split()[:4]) + " "):
                continue
        if _STILL_BAD_AFTER.match(after) and m.group(0) in ("còn", "vẫn"):
            continue
        if re.search(r"(?:mà|không chỉ|chẳng những|đâu) $", padded[: m.start()]):
            continue
        return True
    return False


@_lf(LIMITATION)
def lf_limitation_negation(text: _Text) -> bool:
    """Something not (yet) done or met: "chưa đáp ứng", "chỉ đạt", "thiếu quyết liệt"."""
    padded = _asserted(text)
    if padded.rstrip().endswith("?") and " chưa ? " in padded:
        return True  # a rhetorical "đã ... chưa?" points at a gap
    for m in _NEGATED.finditer(padded):
        after = padded[m.end() :].lstrip()
        if _NEGATED_EXCLUDED_AFTER.match(after) or _NEGATED_EXCLUDED_BEFORE.search(
            padded[: m.start()]
        ):
            continue
        return True
    return False


@_lf(LIMITATION)
def lf_limitation_shortcomings(text: _Text) -> bool:
    """Shortcoming words asserted of the body: "hạn chế", "yếu kém", "bất cập", "còn chậm"."""
    padded = _asserted(text)
    for m in _SHORTCOMINGS.finditer(padded):
        before, after = padded[: m.start()], padded[m.end() :].lstrip()
        if _SHORTCOMING_OK_AFTER.match(after) or _NOT_A_SHORTCOMING_BEFORE.search(before):
            continue
        if m.group(0) == "hạn chế" and not (
            _HAN_CHE_NOUN_AFTER.match(after)
            or re.search(r"(?:những|các|số|còn|mặt|điểm|tồn tại) $", before)
        ):
            continue
        return True
    return False


@_lf(LIMITATION)
def lf_limitation_difficulties(text: _Text) -> bool:
    """Difficulties and violations mentioned without a remedy: "khó khăn", "vướng mắc" (weak)."""
    return bool(_DIFFICULTIES.search(_asserted(text)))


@_lf(LIMITATION)
def lf_limitation_contrast(text: _Text) -> bool:
    """A sentence opening with "Tuy nhiên", "Song", "Bên cạnh những kết quả" turns to a gap (rule 2)."""
    return bool(_CONTRAST_OPENING.match(text.padded))


# ---- numbers by direction (rule 4) ----------------------------------------------------------

# Things whose fall is good news: poverty, accidents, violations, complaints, costs ...
_BAD_THINGS = _alt(
    "hộ nghèo", "nghèo", "cận nghèo", "tai nạn", "tngt", "vi phạm", "tội phạm", "số vụ", "vụ",
    "người chết", "chết", "bị thương", "thương vong", "ùn tắc", "ô nhiễm", "khiếu nại",
    "khiếu kiện", "tố cáo", "nợ", "nợ xấu", "nợ đọng", "thất nghiệp", "suy dinh dưỡng",
    "bỏ học", "cháy", "dịch bệnh", "thiệt hại", "lãng phí", "tham nhũng", "tồn đọng",
    "chi phí", "sai phạm", "ma túy", "buôn lậu", "tái nghèo", "nhà tạm", "rời thị trường",
    "giải thể", "nhập siêu", "lạm phát", "thâm hụt", "tử vong", "đơn thư", "bức xúc",
    "thủ tục", "áp lực", "sức ép", "học thêm", "phá rừng", "dừng hoạt động", "thua lỗ",
    "bội chi", "tai biến", "mắc", "ngộ độc",
)  # fmt: skip
_BAD_THING = re.compile(rf"(?<= ){_BAD_THINGS}(?= )")
_CHANGE = re.compile(
    r"(?<= )(?<!cắt )(?<!tinh )(tăng|giảm|chỉ còn|giảm còn|chỉ xảy ra|còn|chỉ tăng)(?= )"
    r"(?! (?:cường|thiểu|nghèo|trưởng xanh|tốc|giá trị|thêm|lại|nữa|thu|chi|được))"
)
# A change counts when it is measured ("giảm 2%", "tăng so với", "tăng mạnh") or ends a clause.
_MEASURED = re.compile(
    r"^(?:(?:lên|xuống|được|thêm|khoảng|gần|hơn|trên|còn|đến|tới|ở mức|bình quân) ){0,2}"
    r"(?:\d|so với|mạnh|nhanh|sâu|đáng kể|rõ rệt|liên tục|dần|cao|[,.;])"
)
_PLANNED_BEFORE = re.compile(
    r"(?:để|nhằm|phấn đấu|sẽ|cần|phải|góp phần|không để|việc|giúp|tránh|mục tiêu|hướng tới|"
    r"bảo đảm|đảm bảo|tiến tới|dự kiến|kế hoạch|chỉ tiêu|nếu|khi) (?:[^ ]+ ){0,2}$"
)


def _trend(text: _Text) -> str | None:
    """'good' or 'bad' for the first measured change ("hộ nghèo giảm 2%", "xuất khẩu giảm")."""
    padded = text.padded
    for m in _CHANGE.finditer(padded):
        before, after = padded[: m.start()], padded[m.end() :].lstrip()
        verb = m.group(1)
        if _PLANNED_BEFORE.search(before) or not _MEASURED.match(after):
            continue
        subject = " " + " ".join(before.split()[-8:]) + " " + " ".join(after.split()[:3]) + " "
        bad = _BAD_THING.search(subject) is not None
        if verb in ("chỉ còn", "giảm còn", "chỉ xảy ra", "còn", "chỉ tăng"):
            if not bad:
                continue  # "còn 3,28%" of a neutral thing says nothing; "còn thấp" is elsewhere
            return "good"
        return "bad" if bad == (verb == "tăng") else "good"
    return None


_WORSE = _rx(_alt("tụt hạng", "giảm sút", "sụt giảm", "thấp hơn", "chậm hơn", "kém hơn",
                  "vượt giới hạn", "vượt quy chuẩn", "vượt tiêu chuẩn", "vượt quá", "vượt mức",
                  "vượt ngưỡng"))  # fmt: skip


@_lf(LIMITATION)
def lf_limitation_bad_trend(text: _Text) -> bool:
    """A good thing fell or a bad thing rose: "xuất khẩu giảm 11%", "tụt hạng" (rule 4)."""
    return _trend(text) == "bad" or bool(_WORSE.search(text.padded))


_REACHED = _rx(
    _alt("đạt", "vượt", "hoàn thành", "về đích", "đạt được", "đạt chuẩn", "vượt kế hoạch",
         "vượt chỉ tiêu", "đã hoàn thành", "hoàn thành vượt", "thu hút được", "giải quyết xong",
         "giải quyết dứt điểm", "xếp thứ", "đứng thứ", "được công nhận", "công nhận", "dẫn đầu",
         "đạt và vượt", "thu được", "huy động được", "tạo việc làm cho", "giải quyết việc làm cho",
         "đạt tỷ lệ", "đạt tỉ lệ", "đón", "thu hút")
)  # fmt: skip
_REACHED_EXCLUDED_BEFORE = re.compile(
    r"(?:chưa|không|chỉ|mới|để|nhằm|phấn đấu|sẽ|cần|phải|bảo đảm|đảm bảo|hướng tới|mục tiêu|"
    r"có thể|nhanh chóng|khó|kịp|cầu|tiến tới|quyết tâm|nỗ lực|được đề ra|dự kiến|ước|"
    r"thể|giúp|mới chỉ|dứt điểm|trước|nếu|khi|muốn|chỉ mới|vẫn chưa|còn) (?:[^ ]+ ){0,1}$"
)
_REACHED_EXCLUDED_AFTER = _starts(
    "qua",
    "trội",
    "lên",
    "tới mục",
    "được mục tiêu",
    "mục tiêu",
    "trước",
    "giới hạn",
    "quy chuẩn",
    "tiêu chuẩn",
    "quá",
    "mức",
    "ngưỡng",
    "thấp",
    "tiến độ trước",
)
_FIGURE_AFTER = re.compile(r"^(?:(?:[^ ]+ ){0,3}\d|(?:[^ ]+ ){0,2}(?:kế hoạch|chỉ tiêu|dự toán))")


def _reached(text: _Text, *, figures: bool) -> bool:
    for m in _REACHED.finditer(text.padded):
        before, after = text.padded[: m.start()], text.padded[m.end() :].lstrip()
        if _REACHED_EXCLUDED_BEFORE.search(before) or _REACHED_EXCLUDED_AFTER.match(after):
            continue
        if figures and not _FIGURE_AFTER.match(after):
            continue
        return True
    return False


_LOW_FIGURE = _rx(
    r"(?<!thôn )(?:chỉ|mới|mới chỉ|chỉ mới|chưa) (?:đạt|bằng|được|có)(?= (?:[^ ]+ ){0,3}\d)"
    r"|còn thấp|ở mức thấp|mức thấp|rất thấp|quá thấp|còn ít|rất ít"
)


@_lf(LIMITATION)
def lf_limitation_low_figures(text: _Text) -> bool:
    """A figure that is "only" reached or still low: "chỉ đạt 30%", "còn thấp" (rule 4)."""
    return bool(_LOW_FIGURE.search(_asserted(text)))


@_lf(ACHIEVEMENT)
def lf_achievement_figures(text: _Text) -> bool:
    """A figure reached or a good change: "đạt 116,6%", "vượt kế hoạch", "hộ nghèo giảm 2%"."""
    return _trend(text) == "good" or _reached(text, figures=True)


_DESPITE = _rx(
    r"(?:mặc dù|dù|tuy|trong bối cảnh|trong điều kiện|vượt qua)"
    rf"(?: {_TOK}){{0,20}}? (?:khó khăn|thách thức|hạn chế|phức tạp|bất lợi)"
    r"(?: [^ ]+){0,30}? (?:nhưng|song|vẫn)"
)


@_lf(ACHIEVEMENT)
def lf_achievement_despite(text: _Text) -> bool:
    """Results despite difficulties: "mặc dù còn khó khăn, nhưng ..." (the gap is conceded)."""
    return bool(_DESPITE.search(text.padded))


@_lf(ACHIEVEMENT)
def lf_achievement_targets(text: _Text) -> bool:
    """A task or standard reached without a figure: "đạt chuẩn", "hoàn thành", "về đích"."""
    return _reached(text, figures=False)


_GOOD_STATE = _rx(
    _alt("được duy trì", "được bảo đảm", "được đảm bảo", "giữ vững", "chuyển biến tích cực",
         "có chuyển biến", "cơ bản đảm bảo", "cơ bản bảo đảm", "cơ bản hoàn thành",
         "đạt hiệu quả", "được nâng cao", "được cải thiện", "được tăng cường", "được chú trọng",
         "được đẩy mạnh", "được triển khai", "được củng cố", "được kiện toàn", "được giữ vững",
         "ngày càng", "khởi sắc", "tiến bộ", "đáng khích lệ", "đáng ghi nhận", "kết quả quan trọng",
         "kết quả tích cực", "nhiều kết quả", "kết quả đáng", "kết quả tốt", "góp phần",
         "có sự đổi mới", "nghiêm túc", "khả quan", "đã được", "tích cực", "tăng trưởng khá",
         "đi vào nền nếp", "có bước", "từng bước", "có nhiều chuyển biến", "đạt kết quả",
         "được khen thưởng", "hoàn thành tốt", "thực hiện tốt", "hiệu quả cao",
         "tiếp tục được", "đột phá", "đáng mừng", "nhìn chung", "tín hiệu vui", "ấn tượng",
         "hấp dẫn nhất", "sôi nổi", "sôi động", "được ghi nhận", "phát triển toàn diện",
         "chuyển biến mạnh mẽ", "đi vào nề nếp", "nề nếp", "thành tích", "vượt bậc", "an toàn",
         "được giảm thiểu", "đáp ứng tốt", "phục hồi mạnh", "tốt hơn", "làm tốt", "tốt đẹp",
         "ghi dấu ấn", "dấu ấn", "lần đầu tiên", "cơ bản làm", "bài bản")
)  # fmt: skip


@_lf(ACHIEVEMENT)
def lf_achievement_good_state(text: _Text) -> bool:
    """A good state kept or progress made: "được duy trì", "giữ vững", "chuyển biến tích cực"."""
    return bool(_GOOD_STATE.search(text.padded))


_RECOGNITION = _rx(
    _alt("ghi nhận những kết quả", "ghi nhận kết quả", "ghi nhận những nỗ lực", "đánh giá cao",
         "biểu dương", "khen ngợi", "ghi nhận và đánh giá cao", "ghi nhận những thành tích",
         "ghi nhận , đánh giá cao", "hoan nghênh", "ghi nhận những", "ghi nhận")
)  # fmt: skip


@_lf(ACHIEVEMENT)
def lf_achievement_recognition(text: _Text) -> bool:
    """A leader recognises results: "ghi nhận những kết quả", "đánh giá cao", "biểu dương"."""
    return bool(_RECOGNITION.search(text.padded))


_DONE = _rx(
    # inspection and audit outcomes are results of the period
    "(?:"
    + _alt(
        "kiến nghị thu hồi",
        "kiến nghị xử lý",
        "xử phạt vi phạm",
        "chuyển cơ quan điều tra",
        "thu hồi về ngân sách",
        "đã thu hồi",
        "ban hành quyết định xử phạt",
    )
    + "|"
    r"(?:đã|vừa|đã được|đã kịp thời|đã chủ động|đã tích cực) "
    + _alt(
        "hoàn thành",
        "đạt được",
        "thu hồi",
        "kê khai",
        "triển khai",
        "tiến hành",
        "tiếp nhận",
        "giải quyết",
        "thụ lý",
        "rà soát",
        "xuất cấp",
        "cấp",
        "hỗ trợ",
        "đầu tư",
        "xây dựng",
        "tổ chức thành công",
        "tuyên truyền",
        "vận động",
        "khen thưởng",
        "có nhiều",
        "có những",
        "có sự",
        "có bước",
        "từng bước",
        "cơ bản",
        "góp phần",
        "tập trung",
        "tăng cường",
        "thực hiện",
        "chi trả",
        "bồi thường",
        "bố trí",
        "sắp xếp",
        "ổn định",
        "giải ngân",
        "trả lời",
        "xử lý",
        "kiểm tra",
        "phát hiện",
        "đưa vào",
        "khắc phục",
        "thu",
        "đào tạo",
        "tập huấn",
        "cải thiện",
        "đẩy mạnh",
        "mở",
        "ký kết",
    )
    + ")"
)


@_lf(ACHIEVEMENT)
def lf_achievement_done(text: _Text) -> bool:
    """Work reported as done: "đã triển khai", "đã ban hành", "đã hỗ trợ" (rule 9)."""
    return bool(_DONE.search(text.padded))


_PAST = _rx(
    r"(?:đã|vừa) (?!có buổi|làm việc|tiếp|dự|đến|báo cáo|nghe|thảo luận|phát biểu|nêu|chỉ ra"
    r"|tổ chức hội nghị|gửi|cho biết|thông tin|trao đổi|đề nghị|kiến nghị|đề xuất|nói|chia sẻ"
    r"|thẳng thắn|giải đáp|tiếp xúc|ghi nhận|xem xét|chủ trì|thông qua|nhận định|đánh giá"
    r"|khẳng định|yêu cầu|biết|xảy ra|bị|gây|để|không|chưa|vi phạm|từng|họp|khai mạc"
    r"|công bố|phân tích|đặt|trả lời phóng|nghe|lắng nghe|phản ánh|quy định|nhấn mạnh|lưu ý"
    r"|bày tỏ|cho rằng|là|bỏ phiếu|thi hành kỷ luật|kỷ luật|cảnh cáo|có công văn|ban hành"
    r"|ký|giới thiệu|đưa ra|lên tiếng|bắt đầu|qua|lâu|nhiều năm|hết|đủ|quá)[^ ]+"
)


@_lf(ACHIEVEMENT)
def lf_achievement_past(text: _Text) -> bool:
    """Anything reported as done in the period: "đã …" (weak; rule 9, the list of work done)."""
    return bool(_PAST.search(text.padded))


# --------------------------------------------------------------------------------------------
# Resolution
# --------------------------------------------------------------------------------------------

# Highest first. Ties inside one tier go to the first function listed.
#  1. A byline asserts nothing, whatever words the names contain.
#  2. Requests beat everything else: the asking is the new information, and a reason clause or
#     a difficulty stated to justify it does not change the label (rules 1, 2, 7).
#  3. A leader's directive or downward "đề nghị" is an instruction even in a caption (rules 1, 5).
#  4. Ceremonies, attendance, schedules and content-free captions are other (rules 5, 8); they
#     come after directives so that "Nhân dịp thăm, X yêu cầu ..." stays an instruction.
#  5. Imperatives, duties, plans and commitments prescribe future action (rules 3, 6); the
#     shortcomings they mention are what is to be fixed, not what is reported.
#  6. A shortcoming outranks the results acknowledged beside it (rule 2) and a figure that is
#     "only" reached is a limitation (rule 4).
#  7. Results, figures and good states.
#  8. Weak other: datelines and the act of meeting or reporting, when nothing else fired.
PRECEDENCE: tuple[tuple[LabellingFunction, ...], ...] = (
    (lf_other_byline,),
    (lf_request_upward, lf_request_people, lf_request_support_needed),
    (lf_instruction_directive, lf_instruction_downward),
    (lf_other_ceremony, lf_other_attendance, lf_other_schedule, lf_other_caption),
    (lf_instruction_imperative, lf_instruction_modal, lf_instruction_future_plan),
    (lf_limitation_bad_trend, lf_limitation_low_figures, lf_limitation_still,
     lf_achievement_despite, lf_achievement_figures),
    (lf_other_dateline, lf_other_reporting),
    (lf_limitation_negation, lf_limitation_shortcomings,
     lf_limitation_contrast),
    (lf_achievement_targets, lf_achievement_recognition, lf_achievement_good_state,
     lf_achievement_done),
    (lf_instruction_task_verbs,),
    (lf_achievement_past,),
)  # fmt: skip
# Cue families that vote (and so appear in ``votes`` and ``CueFeatures``) but never decide a
# label: "khó khăn", "vi phạm" are as often the object of a remedy or a topic of discussion as
# a reported shortcoming, and a model can weigh them with the context that rules cannot.
FEATURE_ONLY: tuple[LabellingFunction, ...] = (lf_limitation_difficulties,)

LABELLING_FUNCTIONS: tuple[LabellingFunction, ...] = (
    *(lf for tier in PRECEDENCE for lf in tier),
    *FEATURE_ONLY,
)


def votes(sentence: str) -> dict[str, str | None]:
    """Every labelling function's vote for ``sentence``: its label, or None if it abstains."""
    text = _Text.of(sentence)
    return {lf.name: lf(text) for lf in LABELLING_FUNCTIONS}


def label_sentence(sentence: str) -> str:
    """The label of ``sentence``: the first tier of ``PRECEDENCE`` with a vote, else ``other``."""
    text = _Text.of(sentence)
    for tier in PRECEDENCE:
        for lf in tier:
            label = lf(text)
            if label is not None:
                return label
    return OTHER


# --------------------------------------------------------------------------------------------
# scikit-learn wrappers
# --------------------------------------------------------------------------------------------


def _as_texts(X) -> list[str]:
    """Accept a list, a 1-d array, a Series, or a DataFrame with a ``text`` column."""
    if hasattr(X, "columns"):
        if "text" not in X.columns:
            raise ValueError("a DataFrame passed to the rules needs a 'text' column")
        X = X["text"]
    if hasattr(X, "ndim") and X.ndim == 2:
        X = X[:, 0]
    return ["" if x is None else str(x) for x in X]


class RuleClassifier(ClassifierMixin, BaseEstimator):
    """The cue-lexicon labeller as a scikit-learn classifier; ``fit`` learns nothing.

    >>> RuleClassifier().fit(["x"], ["other"]).predict(["Huyện đề nghị tỉnh hỗ trợ vốn."])
    array(['request'], dtype='<U11')
    """

    def __init__(self) -> None:
        pass

    def fit(self, X, y=None):
        self.classes_ = np.array(sorted(ALL_LABELS))
        self.n_features_in_ = 1
        return self

    def predict(self, X) -> np.ndarray:
        return np.array([label_sentence(t) for t in _as_texts(X)], dtype="<U11")

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        tags.requires_fit = False
        return tags


class CueFeatures(TransformerMixin, BaseEstimator):
    """One 0/1 column per labelling function, to sit beside TF-IDF in a FeatureUnion."""

    def __init__(self) -> None:
        pass

    def fit(self, X, y=None):
        self.n_features_in_ = 1
        return self

    def transform(self, X) -> np.ndarray:
        texts = _as_texts(X)
        out = np.zeros((len(texts), len(LABELLING_FUNCTIONS)), dtype=float)
        for i, sentence in enumerate(texts):
            text = _Text.of(sentence)
            for j, lf in enumerate(LABELLING_FUNCTIONS):
                out[i, j] = lf(text) is not None
        return out

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        return np.array([lf.name for lf in LABELLING_FUNCTIONS], dtype=object)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        tags.requires_fit = False
        return tags
