"""The first step of every govtext pipeline: raw sentences in, space-joined tokens out.

Saved models name this class: ``govtext.text.Segmenter`` (models exported before the text
package was split) or ``govtext.text.segmenter.Segmenter``; ``govtext.text`` keeps re-exporting
it so that both names resolve (see ``govtext.inference.safe_load``).
"""

from __future__ import annotations

from sklearn.base import BaseEstimator, TransformerMixin

from govtext.errors import GovtextError
from govtext.text.reading import normalize
from govtext.text.tokens import TokenCache, syllables, words_batch


def as_texts(X) -> list[str]:
    """Sentences from a list, a 1-d array, a Series, a 2-d array's first column, or a DataFrame
    with a ``text`` column (or a single column), as MLflow's pyfunc may hand them over."""
    if hasattr(X, "columns"):
        if "text" in X.columns:
            X = X["text"]
        elif len(X.columns) == 1:
            X = X.iloc[:, 0]
        else:
            raise GovtextError(
                f"the sentences must be in a column named 'text'; got columns "
                f"{list(X.columns)}: rename the sentence column to 'text'."
            )
    if hasattr(X, "ndim") and X.ndim == 2:
        X = X[:, 0]
    if isinstance(X, str):
        raise GovtextError("expected a list of sentences, got a single string; wrap it in [ ].")
    return ["" if x is None or (isinstance(x, float) and x != x) else str(x) for x in X]


class TextInput:
    """Mixin for estimators whose input is raw sentences and that need no fitting."""

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        tags.requires_fit = False
        return tags


class Segmenter(TextInput, TransformerMixin, BaseEstimator):
    """Turn raw sentences into space-joined tokens, the first step of every govtext pipeline.

    ``unit="syllable"`` (fast regex), ``"word"`` (underthesea word segmentation) or ``"raw"``
    (NFC-normalised, lower-cased text, for character n-grams). Stateless: ``fit`` learns nothing.
    ``token_cache``: a SQLite file of word tokens shared across folds, runs and processes
    (empty: no cache); it only saves time, never changes a token.

    >>> Segmenter(unit="syllable").fit_transform(["Đạt 116,6 %."])
    ['đạt 116,6 % .']
    """

    def __init__(self, *, unit: str = "syllable", token_cache: str = ""):
        self.unit = unit
        self.token_cache = token_cache

    def fit(self, X, y=None):
        if self.unit not in ("syllable", "word", "raw"):
            raise ValueError(f"unit must be 'syllable', 'word' or 'raw', not {self.unit!r}")
        self.n_features_in_ = 1
        return self

    def transform(self, X):
        texts = as_texts(X)
        if self.unit == "syllable":
            return [" ".join(syllables(t)) for t in texts]
        if self.unit == "word":
            cache = TokenCache(self.token_cache) if self.token_cache else None
            return [" ".join(w) for w in words_batch(texts, cache)]
        return [" ".join(normalize(t).lower().split()) for t in texts]
