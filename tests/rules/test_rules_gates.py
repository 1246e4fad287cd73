"""Tests for govtext.rules.gates: gating the labelling functions on the cue sets present never
changes a vote.

The reference is every labelling function run with no gate (what the rules did before the
gates), on the seed, on hand-written sentences and, when the shared corpus is present, on all of
dev.csv and a slice of the pool.
"""

from __future__ import annotations

import itertools
from functools import cached_property
from pathlib import Path

import pandas as pd
import pytest

from govtext.data.corpora import corpus_rows
from govtext.rules import (
    LABELLING_FUNCTIONS,
    PRECEDENCE,
    Sentence,
    asking,
    gates,
    label_sentence,
    view,
    votes,
)
from govtext.rules.gates import GATE_WORDS, mask_of, present
from govtext.rules.lexicon import load_lexicon

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"

HAND_WRITTEN = [
    "Huyện đề nghị tỉnh hỗ trợ kinh phí làm đường giao thông.",
    "Chủ tịch UBND tỉnh đề nghị huyện khẩn trương hoàn thành con đường.",
    "Tham dự buổi làm việc có đồng chí Phó Chủ tịch UBND tỉnh.",
    "Đoàn công tác do đồng chí Bí thư Huyện ủy dẫn đầu.",
    "Đoàn sẽ kiểm tra việc thực hiện tại các xã.",
    "Việc giải ngân vốn đầu tư công đã xong chưa ?",
    "Tuy nhiên, công tác thu ngân sách còn nhiều hạn chế.",
    "Mặc dù còn nhiều khó khăn, nhưng huyện đã hoàn thành 100% kế hoạch.",
    "Tổng thu ngân sách đạt 142,6 tỷ đồng, đạt 116,6 % dự toán.",
    "Tỷ lệ hộ nghèo giảm 2,5 % so với năm trước.",
    "Kim ngạch xuất khẩu giảm 8 % so với cùng kỳ.",
    "Phấn đấu đến năm 2025 tỷ lệ che phủ rừng đạt 45 %.",
    "Cử tri xã Quảng Sơn kiến nghị sớm sửa chữa cầu treo.",
    "Ảnh: Văn An/TTXVN Về công tác cải cách hành chính, huyện đã triển khai nhiều giải pháp.",
    "T/h: Bảo Ngọc",
    "Thu Hà",
    "",
    "…",
    "ĐỀ NGHỊ TỈNH QUAN TÂM HỖ TRỢ VỐN CHO HUYỆN.",
    "Sáng 15/3, tại huyện Đắk Song, đồng chí Bí thư Tỉnh ủy chủ trì hội nghị.",
]


class _Ungated(Sentence):
    """A sentence on which every gate is open: every function runs all its patterns."""

    @cached_property
    def cue_mask(self) -> int:
        return -1


def _ungated(sentence: str) -> tuple[list[str | None], str]:
    text = _Ungated.of(sentence)
    fired = [lf.label if lf.func(text) else None for lf in LABELLING_FUNCTIONS]
    by_name = dict(zip((lf.name for lf in LABELLING_FUNCTIONS), fired, strict=True))
    decided = next(
        (by_name[lf.name] for tier in PRECEDENCE for lf in tier if by_name[lf.name]), "other"
    )
    return fired, decided


def _assert_same(sentences) -> int:
    differing = []
    for sentence in sentences:
        got = votes(sentence)
        fired, decided = _ungated(sentence)
        if [got[lf.name] for lf in LABELLING_FUNCTIONS] != fired or label_sentence(
            sentence
        ) != decided:
            differing.append(sentence)
    assert differing == []
    return len(sentences)


def test_gates_never_change_a_vote_on_hand_written_sentences():
    assert _assert_same(HAND_WRITTEN) == len(HAND_WRITTEN)


def test_gates_never_change_a_vote_on_the_seed():
    seed = pd.read_csv(ROOT / "data" / "sentences.csv", dtype=str, keep_default_na=False)["text"]
    assert _assert_same(seed.tolist()) > 20


@pytest.mark.skipif(not (CORPUS / "dev.csv").is_file(), reason="no shared corpus")
def test_gates_never_change_a_vote_on_the_corpus():

    dev = pd.read_csv(CORPUS / "dev.csv", dtype=str, keep_default_na=False)["text"].tolist()
    pool = [
        row["text"]
        for row in itertools.islice(corpus_rows(CORPUS / "pool.jsonl", with_words=False), 3000)
    ]
    assert _assert_same(dev + pool) == len(dev) + len(pool)


def test_the_python_walk_gives_the_automatons_mask():
    fallback = gates._Gates(load_lexicon(), compiled_automaton=False)
    for sentence in HAND_WRITTEN:
        text = Sentence.of(sentence)
        assert fallback.present(text.padded) == present(text.padded)


def test_every_gate_names_a_cue_set_or_a_gate_word():
    known = set(load_lexicon().sets) | set(GATE_WORDS)
    for lf in LABELLING_FUNCTIONS:
        assert lf.needs <= known, lf.name
        if lf.needs:
            assert mask_of(lf.needs)


def test_a_phrase_counts_only_on_whole_tokens():
    ask = mask_of(frozenset({"ask"}))
    assert present(" huyện đề nghị tỉnh ") & ask
    assert not present(" huyện đềnghị tỉnh ") & ask


def test_the_gated_sets_are_exactly_those_some_gate_reads():
    read = set().union(*(lf.needs for lf in LABELLING_FUNCTIONS))
    read |= view._ASK | view._DIRECT | view._BLANKING | asking._WANTS
    assert read == set(gates.GATED)  # nothing missing (an error at first use), nothing stale
    assert set(gates.gates().bits) == set(gates.GATED)  # every one of them in the lexicon


def test_asking_for_a_set_no_gate_reads_is_an_error_not_a_silent_zero():
    with pytest.raises(KeyError, match="not in gates.GATED"):
        mask_of(frozenset({"bodies_province"}))
