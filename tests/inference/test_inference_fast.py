"""govtext.inference.fast: the n-gram features computed in bulk are exactly scikit-learn's."""

from __future__ import annotations

import random
import unicodedata

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

from exported import FIXTURE
from govtext.inference import fast, pipeline_parts
from govtext.inference.fast import FastFeatures, NotCompilable, _Table
from govtext.learning.config import load_config
from govtext.learning.models import build_pipeline
from helpers import missing

EXPERIMENTS = FIXTURE.parent.parent.parent / "experiments"


def _fitted(name: str, *overrides: str):
    config = load_config(EXPERIMENTS / f"{name}.toml", list(overrides))
    frame = pd.read_csv(FIXTURE, dtype=str, keep_default_na=False)
    texts = frame["text"].to_numpy(dtype=object)
    return build_pipeline(config).fit(texts, frame["label"].to_numpy(dtype=object)), texts


def _same(expected, got) -> None:
    expected = sp.csr_matrix(expected)
    assert expected.shape == got.shape
    assert np.array_equal(expected.indptr, got.indptr)
    assert np.array_equal(expected.indices, got.indices)
    assert np.array_equal(expected.data, got.data)  # bit for bit, not approximately


def _random_sentences(vocabulary: list[str], n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    marks = [",", ".", "%", "(", ")", ":", "/", "-", "“", "”", "...", "\u00a0", "\t"]
    sentences = []
    for _ in range(n):
        words = [rng.choice(vocabulary + marks) for _ in range(rng.randint(0, 30))]
        glue = [rng.choice([" ", " ", " ", "", ",", "."]) for _ in words]
        text = "".join(w + g for w, g in zip(words, glue, strict=True))
        sentences.append(text.upper() if rng.random() < 0.1 else text)
    return sentences


@pytest.mark.parametrize(
    "name", ["tfidf-syllable-linearsvc", "tfidf-syllable-rules-logreg", "default"]
)
def test_syllable_features_equal_scikit_learns_bit_for_bit(name, tricky_texts):
    pipeline, texts = _fitted(name)
    if pipeline_parts(pipeline).cues is not None:  # as load_model leaves it: the shared tokens
        pipeline_parts(pipeline).cues.set_params(cache="")
    fast = FastFeatures.from_parts(pipeline_parts(pipeline))
    vocabulary = sorted({w for t in texts for w in t.split()})
    sentences = [*texts, *tricky_texts, *_random_sentences(vocabulary, 300, seed=1)]
    _same(pipeline[:-1].transform(np.asarray(sentences, dtype=object)), fast.transform(sentences))


def test_trigrams_min_df_and_plain_tf_are_compiled_too(tricky_texts):
    pipeline, texts = _fitted(
        "tfidf-syllable-logreg",
        "features.ngram_max=3",
        "features.min_df=2",
        "features.sublinear_tf=false",
    )
    fast = FastFeatures.from_parts(pipeline_parts(pipeline))
    sentences = [*texts, *tricky_texts, *[t.upper() for t in texts]]
    _same(pipeline[:-1].transform(np.asarray(sentences, dtype=object)), fast.transform(sentences))


def test_word_features_equal_scikit_learns(tricky_texts):
    pipeline, texts = _fitted("tfidf-word-linearsvc", "features.token_cache=")
    fast = FastFeatures.from_parts(pipeline_parts(pipeline))
    sentences = [*texts[:8], *tricky_texts[:4]]
    _same(pipeline[:-1].transform(np.asarray(sentences, dtype=object)), fast.transform(sentences))


def test_a_batch_with_no_text_or_no_token_gives_empty_rows():
    pipeline, _ = _fitted("tfidf-syllable-linearsvc")
    fast = FastFeatures.from_parts(pipeline_parts(pipeline))
    assert fast.transform([]).shape == (0, fast.width)
    assert fast.transform(["", "   ", "zzz qqq"]).nnz == 0


def test_the_hash_table_finds_what_a_dict_finds():
    rng = np.random.default_rng(0)
    codes = rng.choice(2**40, size=5000, replace=False).astype(np.int64)
    table = _Table(codes[:3000], np.arange(3000, dtype=np.int64))
    queries = np.concatenate([codes, codes[::7]])
    expected = {int(c): i for i, c in enumerate(codes[:3000])}
    got = table.lookup(queries)
    assert got.tolist() == [expected.get(int(c), -1) for c in queries]


def test_character_n_grams_are_not_compiled():
    pipeline, _ = _fitted("tfidf-char-linearsvc")
    with pytest.raises(NotCompilable, match="unit 'raw'"):
        FastFeatures.from_parts(pipeline_parts(pipeline))


def test_nfd_input_is_normalised_like_the_segmenter_does():
    pipeline, texts = _fitted("tfidf-syllable-linearsvc")
    fast = FastFeatures.from_parts(pipeline_parts(pipeline))
    nfd = [unicodedata.normalize("NFD", t) for t in texts]
    _same(fast.transform(list(texts)), fast.transform(nfd))


def test_a_photo_credit_the_cues_cut_off_still_counts_in_the_n_grams():
    from govtext.rules import Sentence

    pipeline, texts = _fitted("default")
    pipeline_parts(pipeline).cues.set_params(cache="")  # as load_model leaves it
    fast = FastFeatures.from_parts(pipeline_parts(pipeline))
    known = sorted(t for t in pipeline_parts(pipeline).vectorizer.vocabulary_ if t.isalpha())
    credited = f"Ảnh: {known[0]} {known[1]}/TTXVN {texts[0]}"
    assert Sentence.of(credited).raw != credited  # the cues see it without the credit
    sentences = [credited, *texts[:3]]
    expected = pipeline[:-1].transform(np.asarray(sentences, dtype=object))
    _same(expected, fast.transform(sentences))


def _counter_of(terms: list[str], ngram_range: tuple[int, int]) -> FastFeatures:
    return FastFeatures.counter("syllable", ngram_range, {t: i for i, t in enumerate(terms)})


def _numpy_counts(counter: FastFeatures, texts, tokens, monkeypatch):
    """``count_arrays`` as the NumPy fallback computes it (the C extension set aside)."""
    with monkeypatch.context() as patched:
        patched.setattr(fast, "_ngrams", None)
        return counter.count_arrays(texts, tokens)


@pytest.fixture
def c_counter():
    """The C extension, which setup.py builds where a C compiler is found (CI's machines have
    one): a skip without it, a failure under CI=true."""
    if fast._ngrams is None:
        missing("govtext.inference._ngrams was not built (no C compiler at install time)")
    return fast._ngrams


def test_the_c_counter_is_built_here(c_counter):
    assert callable(c_counter.count)


@pytest.mark.parametrize("ngram_range", [(1, 1), (1, 2), (2, 3), (1, 3)])
def test_the_c_counter_gives_the_numpy_arrays_bit_for_bit(ngram_range, c_counter, monkeypatch):
    rng = random.Random(sum(ngram_range))
    syllables = ["xã", "huyện", "đã", "hoàn", "thành", "kế", "hoạch", ",", "%", "100"]
    terms = sorted(
        {
            " ".join(rng.choice(syllables) for _ in range(rng.randint(*ngram_range)))
            for _ in range(40)
        }
    )
    counter = _counter_of(terms, ngram_range)
    unknown = ["tỉnh", "hỗ", "trợ", "."]
    # Empty texts, texts of unknown tokens only, repeats of one n-gram, and a long text (more
    # n-grams than the C side sorts by insertion).
    tokens = [(), tuple(unknown), ("xã",) * 9]
    tokens += [
        tuple(rng.choice(syllables + unknown) for _ in range(rng.randint(0, 200)))
        for _ in range(300)
    ]
    texts = [""] * len(tokens)
    expected = _numpy_counts(counter, texts, tokens, monkeypatch)
    got = counter.count_arrays(texts, tokens)
    assert [a.dtype for a in got] == [np.int64] * 3
    for e, g in zip(expected, got, strict=True):
        assert np.array_equal(e, g)
    assert len(got[1]) > 0  # the vocabulary was found, not only empty rows compared


def test_the_c_counter_refuses_what_is_not_tokens(c_counter):
    counter = _counter_of(["xã", "xã huyện"], (1, 2))
    with pytest.raises(TypeError):
        counter.count_arrays_in_c([("xã",), 7])


def test_texts_counted_in_c_give_the_chunk_regexs_arrays(tricky_texts, c_counter, monkeypatch):
    # Without tokens, the C path tokenises each text (syllables) where the NumPy path runs one
    # regex over the whole chunk: the arrays must not differ, separator characters included.
    pipeline, texts = _fitted("tfidf-syllable-linearsvc")
    vocabulary = pipeline_parts(pipeline).vectorizer.vocabulary_
    counter = FastFeatures.counter("syllable", (1, 2), vocabulary)
    words = sorted({w for t in texts for w in t.split()})
    sentences = [*texts, *tricky_texts, *_random_sentences(words, 300, seed=2), "a\x00b", ""]
    expected = _numpy_counts(counter, sentences, None, monkeypatch)
    got = counter.count_arrays(sentences)
    for e, g in zip(expected, got, strict=True):
        assert np.array_equal(e, g)
    assert len(got[1]) > 0
