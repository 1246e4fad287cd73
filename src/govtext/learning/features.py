"""The features of an experiment: a Segmenter and TF-IDF on syllable, word or character n-grams,
optionally beside the rule lexicon's cue features.

The vectoriser reads space-separated tokens (``token_pattern=r"\\S+"``), which keeps one-letter
syllables such as ``ở`` and ``ý`` and lets the TF-IDF step convert to ONNX.
"""

from __future__ import annotations

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion, Pipeline

from govtext.learning.config import FeaturesConfig
from govtext.rules import CueFeatures
from govtext.text import Segmenter


def make_features(features: FeaturesConfig):
    """Segmenter + TF-IDF (syllable, word or character n-grams), optionally beside cue features."""
    if features.unit == "char":
        segment = Segmenter(unit="raw")
        vectorizer = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(max(features.ngram_min, 2), max(features.ngram_max, 5)),
            min_df=features.min_df,
            sublinear_tf=features.sublinear_tf,
            lowercase=False,
        )
    else:
        cache = features.token_cache if features.unit == "word" else ""
        segment = Segmenter(unit=features.unit, token_cache=cache)
        vectorizer = TfidfVectorizer(
            token_pattern=r"\S+",
            ngram_range=(features.ngram_min, features.ngram_max),
            min_df=features.min_df,
            sublinear_tf=features.sublinear_tf,
            lowercase=False,
        )
    ngrams = Pipeline([("segment", segment), ("tfidf", vectorizer)])
    if not features.cues:
        return ngrams
    return FeatureUnion(
        [
            ("ngrams", ngrams),
            (
                "cues",
                CueFeatures(decision=features.rule_decision, cache=features.token_cache),
            ),
        ]
    )
