"""Tests for the labelling functions of govtext.rules (modules asking, scene, findings, and the
sentence view and direction rule they share): each function fires on its cue and abstains on
look-alike wording.

The fixture sentences are hand-written in the style of district and provincial reports; none is
taken from the corpus.
"""

from __future__ import annotations

import pytest

from govtext import rules
from govtext.labels import ALL_LABELS
from govtext.rules import (
    LABELLING_FUNCTIONS,
    LabellingFunction,
    Sentence,
    asking,
    findings,
    scene,
    votes,
)
from govtext.rules.direction import ask_direction, asking_acts, directive_acts
from govtext.rules.view import Search, pattern_functions

# ---------------------------------------------------------------------------------------------
# One sentence (or more) on which each labelling function fires
# ---------------------------------------------------------------------------------------------

FIRES = [
    ("lf_other_byline", "T/h: Minh Châu"),
    ("lf_other_byline", "Ảnh: Hoàng Lan"),
    ("lf_other_byline", "Theo Báo Đắk Nông"),
    ("lf_request_upward", "UBND huyện Krông Nô đề nghị tỉnh sớm bố trí vốn nâng cấp đường."),
    ("lf_request_upward", "Sở Y tế kiến nghị Bộ Y tế bổ sung kinh phí mua trang thiết bị."),
    ("lf_request_people", "Cử tri xã Quảng Sơn kiến nghị sớm sửa chữa cầu treo bị hư hỏng."),
    ("lf_request_people", "Nhiều doanh nghiệp mong muốn thành phố đơn giản hóa thủ tục."),
    ("lf_request_support_needed", "Công trình thủy lợi này rất cần được tỉnh quan tâm đầu tư."),
    ("lf_instruction_directive", "Chủ tịch UBND tỉnh yêu cầu các sở phối hợp tháo gỡ vướng mắc."),
    ("lf_instruction_directive", "Giao Sở Tài chính chủ trì tham mưu phương án phân bổ vốn."),
    ("lf_instruction_downward", "Phó Chủ tịch UBND tỉnh đề nghị huyện khẩn trương giải tỏa."),
    ("lf_other_ceremony", "Nhân dịp này, đoàn đã trao tặng 50 suất quà cho các hộ nghèo."),
    ("lf_other_attendance", "Tham dự buổi làm việc có lãnh đạo các sở, ngành của tỉnh."),
    ("lf_other_schedule", "Đoàn giám sát sẽ hoàn thành việc giám sát trước ngày 15/8."),
    ("lf_other_caption", "Lãnh đạo xã Nam Đà phát biểu tại buổi làm việc"),
    ("lf_instruction_imperative", "Tập trung chỉ đạo quyết liệt công tác phòng, chống dịch bệnh."),
    ("lf_instruction_modal", "Các địa phương cần rà soát danh sách hộ nghèo cho đúng đối tượng."),
    (
        "lf_instruction_future_plan",
        "Năm 2022, huyện phấn đấu có thêm 3 xã đạt chuẩn nông thôn mới.",
    ),
    ("lf_instruction_future_plan", "Thời gian tới, xã sẽ tập trung phát triển cây ăn quả."),
    ("lf_limitation_bad_trend", "Kim ngạch xuất khẩu 6 tháng giảm 8,5% so với cùng kỳ."),
    ("lf_limitation_low_figures", "Tỷ lệ giải ngân vốn đầu tư công mới đạt 35% kế hoạch."),
    ("lf_limitation_still", "Tuy nhiên, tiến độ giải ngân vốn đầu tư công còn chậm."),
    ("lf_achievement_despite", "Mặc dù còn nhiều khó khăn, nhưng huyện vẫn hoàn thành chỉ tiêu."),
    ("lf_achievement_figures", "Tổng thu ngân sách đạt 215 tỷ đồng, vượt 12% dự toán."),
    ("lf_achievement_figures", "Tỷ lệ hộ nghèo giảm 1,8% so với năm trước."),
    ("lf_other_dateline", "Sáng 12/4, Thường trực Huyện ủy làm việc với Đảng ủy xã Đức Minh."),
    ("lf_other_reporting", "Thường trực Huyện ủy đã có buổi làm việc với Đảng ủy xã Đức Minh."),
    ("lf_limitation_negation", "Dịch vụ hành chính công ở cấp xã chưa đáp ứng yêu cầu."),
    ("lf_limitation_shortcomings", "Cơ sở vật chất trường học xuống cấp, thiếu phòng bộ môn."),
    ("lf_limitation_contrast", "Tuy vậy, một số xã vẫn để xảy ra lấn chiếm hành lang giao thông."),
    ("lf_limitation_difficulties", "Người dân gặp nhiều khó khăn trong tiêu thụ nông sản."),
    ("lf_achievement_targets", "Xã Nâm N'Jang về đích nông thôn mới."),
    ("lf_achievement_recognition", "Đồng chí Bí thư ghi nhận những kết quả huyện đạt được."),
    ("lf_achievement_good_state", "Tình hình an ninh chính trị được giữ vững."),
    ("lf_achievement_done", "Trong 6 tháng, huyện đã hỗ trợ xây mới 45 căn nhà cho hộ nghèo."),
    ("lf_instruction_task_verbs", "Các đơn vị khẩn trương hoàn thiện hồ sơ dự án."),
    ("lf_achievement_past", "Huyện đã tổ chức tập huấn cho 300 cán bộ cơ sở."),
]

LF_BY_NAME = {lf.name: lf for lf in LABELLING_FUNCTIONS}


def test_every_labelling_function_has_a_fixture():
    assert {name for name, _ in FIRES} == set(LF_BY_NAME)


@pytest.mark.parametrize(("name", "sentence"), FIRES)
def test_labelling_function_fires(name, sentence):
    lf = LF_BY_NAME[name]
    assert lf(sentence) == lf.label
    assert votes(sentence)[name] == lf.label


# Look-alike wording on which a cue family must abstain.
ABSTAINS = [
    # a target still to be reached is not a result
    ("lf_achievement_figures", "Huyện phấn đấu tỷ lệ che phủ rừng đạt 45% vào năm 2025."),
    ("lf_achievement_figures", "Huyện tăng cường kiểm tra 15 cơ sở kinh doanh."),
    # a remedied or conceded shortcoming is not reported
    ("lf_limitation_shortcomings", "Xã tập trung khắc phục những hạn chế, yếu kém."),
    ("lf_limitation_shortcomings", "Đây là vùng trồng cà phê chủ yếu của tỉnh."),
    ("lf_limitation_shortcomings", "Hộ dân hạn chế sử dụng phân bón hóa học."),
    ("lf_limitation_still", "Mặc dù còn nhiều khó khăn, nhưng huyện vẫn về đích đúng hạn."),
    ("lf_limitation_negation", "Xã nông thôn mới đạt nhiều kết quả tích cực."),
    ("lf_limitation_negation", "Huyện tổ chức Tết Trung thu cho thiếu niên, nhi đồng."),
    # nouns, not acts
    ("lf_instruction_directive", "Đội ngũ cán bộ cơ bản đáp ứng yêu cầu nhiệm vụ."),
    ("lf_instruction_directive", "Công tác bầu cử được Huyện ủy chỉ đạo chặt chẽ."),
    ("lf_instruction_directive", "Tuyến đường giao thông liên xã đã được nâng cấp."),
    ("lf_request_upward", "Huyện đã giải quyết dứt điểm các kiến nghị của cử tri."),
    ("lf_request_upward", "Qua thanh tra, đoàn kiến nghị thu hồi 2 tỷ đồng về ngân sách."),
    ("lf_instruction_imperative", "Cử tri xã Ea Pô đồng tình với báo cáo của huyện."),
    ("lf_instruction_imperative", "Chuyển đổi cây trồng trên đất dốc đạt hiệu quả cao."),
    ("lf_instruction_modal", "Nhân dân trong xã cần cù lao động sản xuất."),
    ("lf_other_attendance", "Dự án có tổng vốn đầu tư 120 tỷ đồng."),
]


@pytest.mark.parametrize(("name", "sentence"), ABSTAINS)
def test_labelling_function_abstains_on_look_alikes(name, sentence):
    assert LF_BY_NAME[name](sentence) is None


# ---------------------------------------------------------------------------------------------
# The labelling-function API
# ---------------------------------------------------------------------------------------------


def test_labelling_functions_are_named_and_typed():
    names = [lf.name for lf in LABELLING_FUNCTIONS]
    assert len(names) == len(set(names))
    for lf in LABELLING_FUNCTIONS:
        assert isinstance(lf, LabellingFunction)
        assert lf.__name__ == lf.name and lf.name.startswith("lf_")
        assert lf.label in ALL_LABELS
        assert lf.name.split("_")[1] == lf.label  # the name says the label it votes for
        assert lf.func.__doc__  # each explains itself
        assert getattr(rules, lf.name) is lf


def _defined_in(module) -> list[LabellingFunction]:
    """The labelling functions a module defines (whether by ``votes_for`` or in a
    ``pattern_functions`` table), in the order it defines them."""
    return [
        value
        for value in vars(module).values()
        if isinstance(value, LabellingFunction) and value.func.__module__ == module.__name__
    ]


def test_each_function_lives_in_the_module_of_its_label_and_every_one_votes():
    modules = {"request": asking, "instruction": asking, "other": scene}
    modules |= {"limitation": findings, "achievement": findings}
    defined = [*_defined_in(asking), *_defined_in(scene), *_defined_in(findings)]
    # a function defined but left out of PRECEDENCE and FEATURE_ONLY would never vote
    assert sorted(lf.name for lf in defined) == sorted(lf.name for lf in LABELLING_FUNCTIONS)
    for lf in LABELLING_FUNCTIONS:
        assert lf in _defined_in(modules[lf.label])
        # also those made from a table by pattern_functions: each is bound to its own name
        assert getattr(modules[lf.label], lf.name) is lf
        assert lf.func.__name__ == lf.name and lf.func.__module__ == modules[lf.label].__name__


def test_pattern_functions_search_one_view_and_refuse_an_unknown_one():
    assert findings.lf_limitation_difficulties.func.__doc__.startswith("Difficulties")
    assert findings.lf_limitation_difficulties.needs == {"difficulties"}
    assert scene.lf_other_byline.needs == frozenset()  # no gate: always run
    # "khó khăn" conceded before the main clause is blanked in the asserted view
    conceded = "Mặc dù còn khó khăn, nhưng huyện vẫn hoàn thành kế hoạch."
    assert "khó khăn" in Sentence.of(conceded).padded
    assert findings.lf_limitation_difficulties(conceded) is None
    with pytest.raises(ValueError, match="view"):
        pattern_functions("other", lambda: None, "raw", x=Search("doc"))


# ---------------------------------------------------------------------------------------------
# The sentence view and the direction rule
# ---------------------------------------------------------------------------------------------


def test_sentence_view_pads_whole_tokens_and_strips_a_glued_photo_credit():
    text = Sentence.of("Ảnh: Quốc Huy/TTXVN Huyện đề nghị tỉnh hỗ trợ sửa đường.")
    assert text.padded == " huyện đề nghị tỉnh hỗ trợ sửa đường . "
    assert text.n_words == 8
    alone = Sentence.of("Ảnh: Quốc Huy/TTXVN")  # a credit standing alone stays whole
    assert alone.raw == "Ảnh: Quốc Huy/TTXVN"


def test_asserted_view_blanks_remedied_and_conceded_shortcomings():
    remedied = Sentence.of("Xã tập trung khắc phục những hạn chế, yếu kém.")
    assert "hạn chế" in remedied.padded and "hạn chế" not in remedied.asserted
    contrasted = Sentence.of("Còn khó khăn nhưng huyện đã hoàn thành kế hoạch.")
    assert "khó khăn" not in contrasted.asserted and "hoàn thành" in contrasted.asserted
    assert len(contrasted.asserted) == len(contrasted.padded)  # positions are kept


@pytest.mark.parametrize(
    ("sentence", "direction"),
    [
        ("UBND huyện đề nghị tỉnh sớm bố trí vốn.", "up"),  # district -> province
        ("Tỉnh kiến nghị Trung ương hỗ trợ kinh phí.", "up"),  # province -> centre
        ("Phó Chủ tịch UBND tỉnh đề nghị huyện khẩn trương giải tỏa.", "down"),
        ("Bộ trưởng đề nghị thành phố chú trọng đào tạo.", "down"),  # ministry -> city
        ("Có tờ trình gửi Thủ tướng kiến nghị bổ sung vốn.", "up"),  # the addressee named first
        ("Đồng thời đề nghị huyện rà soát lại quy hoạch.", "down"),  # no speaker: a leader's
        ("Địa phương đề nghị huyện hỗ trợ xi măng.", "up"),  # the reporting locality speaks
    ],
)
def test_direction_of_the_first_ask(sentence, direction):
    assert Sentence.of(sentence).first_ask[1] == direction


def test_asking_and_directive_acts_are_verbs_not_nouns():
    noun = Sentence.of("Huyện đã giải quyết dứt điểm các kiến nghị của cử tri.")
    assert list(asking_acts(noun)) == []
    verb = Sentence.of("Chủ tịch yêu cầu các sở giao nhiệm vụ cho huyện; đáp ứng yêu cầu.")
    assert [v for _, _, v in directive_acts(verb)] == ["yêu cầu"]
    text = Sentence.of("Huyện đề nghị tỉnh hỗ trợ.")
    ((start, end, verb),) = asking_acts(text)
    assert verb == "đề nghị"
    assert ask_direction(text, start, end, default=None) == "up"
