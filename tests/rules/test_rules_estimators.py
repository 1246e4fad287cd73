"""Tests for govtext.rules.estimators: the rules as scikit-learn estimators, and the public
type names (govtext.rules.RuleClassifier, govtext.rules.CueFeatures) that exported models record.

The fixture sentences are hand-written in the style of district and provincial reports; none is
taken from the corpus.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import skops.io as sio
from sklearn.base import clone
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, make_pipeline

from govtext.errors import GovtextError
from govtext.labels import ALL_LABELS
from govtext.rules import (
    LABELLING_FUNCTIONS,
    CueFeatures,
    RuleClassifier,
    estimators,
    label_sentence,
)

# ---------------------------------------------------------------------------------------------
# scikit-learn wrappers
# ---------------------------------------------------------------------------------------------

TEXTS = [
    "UBND huyện đề nghị tỉnh sớm bố trí vốn nâng cấp tỉnh lộ 3.",
    "Tỷ lệ hộ nghèo giảm 1,8% so với năm trước.",
    "Tập trung xây dựng đội ngũ cán bộ cơ sở đủ năng lực.",
    "Tỷ lệ thu gom rác thải ở các xã vùng sâu còn thấp.",
    "T/h: Minh Châu",
]
EXPECTED = ["request", "achievement", "instruction", "limitation", "other"]


def test_rule_classifier_is_a_parameterless_estimator():
    clf = RuleClassifier()
    assert clf.get_params() == {}
    assert clone(clf).get_params() == {}
    fitted = clf.fit(TEXTS, EXPECTED)
    assert fitted is clf
    assert list(clf.classes_) == sorted(ALL_LABELS)
    assert clf.n_features_in_ == 1


@pytest.mark.parametrize(
    "make_input",
    [
        list,
        np.array,
        pd.Series,
        lambda texts: pd.DataFrame({"sid": range(len(texts)), "text": texts}),
        lambda texts: pd.DataFrame({"sentence": texts}),  # a single column is taken as the text
    ],
    ids=["list", "array", "series", "frame", "one-column-frame"],
)
def test_rule_classifier_predicts_on_any_container(make_input):
    clf = RuleClassifier().fit(make_input(TEXTS), EXPECTED)
    predicted = clf.predict(make_input(TEXTS))
    assert isinstance(predicted, np.ndarray)
    assert list(predicted) == EXPECTED
    assert clf.score(make_input(TEXTS), EXPECTED) == 1.0


def test_rule_classifier_predicts_without_fit_and_on_missing_text():
    assert list(RuleClassifier().predict(pd.Series(["", None, float("nan")]))) == ["other"] * 3


def test_a_frame_without_a_text_column_is_a_clear_error():
    frame = pd.DataFrame({"sid": [1], "sentence": ["Huyện đề nghị tỉnh hỗ trợ."]})
    with pytest.raises(GovtextError, match="'text'"):
        RuleClassifier().predict(frame)
    with pytest.raises(GovtextError, match="single string"):
        RuleClassifier().predict("Huyện đề nghị tỉnh hỗ trợ.")


def test_cue_features_shape_values_and_names():
    features = CueFeatures()
    assert features.get_params() == {"decision": False, "cache": ""}
    X = features.fit_transform(pd.Series(TEXTS))
    assert X.shape == (len(TEXTS), len(LABELLING_FUNCTIONS))
    assert X.dtype == float
    assert set(np.unique(X)) <= {0.0, 1.0}
    names = list(features.get_feature_names_out())
    assert names == [lf.name for lf in LABELLING_FUNCTIONS]
    # the byline row fires the byline column and nothing else
    assert X[-1, names.index("lf_other_byline")] == 1.0 and X[-1].sum() == 1.0
    assert X[0, names.index("lf_request_upward")] == 1.0
    # stateless: transform works unfitted and gives the same result
    assert np.array_equal(CueFeatures().transform(TEXTS), X)


def test_cue_features_can_add_the_rules_decision():
    X = CueFeatures(decision=True).fit_transform(TEXTS)
    names = list(CueFeatures(decision=True).fit(TEXTS).get_feature_names_out())
    assert X.shape == (len(TEXTS), len(LABELLING_FUNCTIONS) + 5)
    decided = [names[len(LABELLING_FUNCTIONS) + int(np.argmax(row[-5:]))] for row in X]
    assert decided == [f"rules_say_{label_sentence(t)}" for t in TEXTS]


def test_a_model_fitted_with_another_lexicon_is_refused():
    features = CueFeatures().fit(TEXTS)
    features.feature_names_ = features.feature_names_[:-1]  # as if a function was added since
    with pytest.raises(GovtextError, match="different rule lexicon"):
        features.transform(TEXTS)


def test_cue_features_sit_beside_tfidf_in_a_pipeline():
    union = FeatureUnion(
        [("tfidf", TfidfVectorizer(token_pattern=r"(?u)\b\w+\b")), ("cues", CueFeatures())]
    )
    model = make_pipeline(union, LogisticRegression(max_iter=200)).fit(TEXTS * 2, EXPECTED * 2)
    assert list(model.predict(TEXTS)) == EXPECTED
    names = union.get_feature_names_out()
    assert any(name.startswith("cues__lf_") for name in names)


# ---------------------------------------------------------------------------------------------
# The type names exported models record
# ---------------------------------------------------------------------------------------------

TRUSTED = ["govtext.rules.RuleClassifier", "govtext.rules.CueFeatures"]  # govtext.tracking's


@pytest.mark.parametrize("estimator", [RuleClassifier, CueFeatures])
def test_estimators_keep_their_public_type_name(estimator):
    import govtext.rules

    assert estimator.__module__ == "govtext.rules"
    assert getattr(govtext.rules, estimator.__name__) is estimator


def test_a_skops_file_names_the_public_types_and_loads_with_them_trusted(tmp_path):
    union = FeatureUnion(
        [("tfidf", TfidfVectorizer(token_pattern=r"(?u)\b\w+\b")), ("cues", CueFeatures())]
    )
    model = make_pipeline(union, LogisticRegression(max_iter=200)).fit(TEXTS * 2, EXPECTED * 2)
    for estimator in (model, RuleClassifier().fit(TEXTS, EXPECTED)):
        path = tmp_path / "model.skops"
        sio.dump(estimator, path)
        untrusted = sio.get_untrusted_types(file=path)
        assert set(untrusted) <= set(TRUSTED)
        loaded = sio.load(path, trusted=TRUSTED)
        assert list(loaded.predict(TEXTS)) == list(estimator.predict(TEXTS))


def test_a_warm_cue_cache_never_recomputes_and_gives_the_same_matrix(tmp_path, monkeypatch):

    texts = [
        "Huyện đề nghị tỉnh hỗ trợ kinh phí làm đường.",
        "Tuy nhiên, công tác thu ngân sách còn nhiều hạn chế.",
        "T/h: Bảo Ngọc",
        "Huyện đề nghị tỉnh hỗ trợ kinh phí làm đường.",
    ]
    plain = CueFeatures(decision=True).fit(texts).transform(texts)
    cached = CueFeatures(decision=True, cache=str(tmp_path / "tokens.sqlite")).fit(texts)
    np.testing.assert_array_equal(cached.transform(texts), plain)  # cold: cast and stored

    def no_cast(text):
        raise AssertionError(f"recomputed the cues of {text.raw!r}")

    monkeypatch.setattr(estimators, "vote_row", no_cast)
    np.testing.assert_array_equal(cached.transform(texts), plain)  # warm: read only
