"""The rules as scikit-learn estimators: ``RuleClassifier`` and ``CueFeatures``.

Both classes say ``__module__ = "govtext.rules"``: exported models (skops files) record an
estimator's type by module and name, and ``govtext.tracking``'s trusted-type list names them
``govtext.rules.RuleClassifier`` and ``govtext.rules.CueFeatures``. Keeping that public name
lets models exported before the rules became a package load, and new models name the same
types; ``govtext.rules`` re-exports both.
"""

from __future__ import annotations

import hashlib
from importlib import resources

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin

from govtext.errors import GovtextError
from govtext.rules.resolution import (
    DECISION_LABELS,
    LABELLING_FUNCTIONS,
    cue_matrix,
    cue_names,
    label_sentence,
    vote_row,
)
from govtext.rules.view import Sentence
from govtext.text import HashedStore, TextInput, as_texts

_CLASSES = np.array(DECISION_LABELS)


class RuleClassifier(TextInput, ClassifierMixin, BaseEstimator):
    """The cue-lexicon labeller as a scikit-learn classifier; ``fit`` learns nothing.

    Takes raw sentences (a list, 1-d array, Series, or a DataFrame with a ``text`` column).

    >>> RuleClassifier().fit(["…"], ["other"]).predict(["Huyện đề nghị tỉnh hỗ trợ vốn."])
    array(['request'], dtype='<U11')
    """

    __module__ = "govtext.rules"  # the public name skops files and trusted types record

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

    ``cache``: a SQLite file (the token cache's, ``features.token_cache``) keeping each
    sentence's votes, so that a sweep casts them once per sentence (``CueCache``).

    ``decision=True`` adds one 0/1 column per label for the rules' own decision (the decision
    rules' precedence over the same votes), so a model trained on a few sentences can learn to
    trust the rules and correct them only where its data says so.

    >>> CueFeatures().fit_transform(["T/h: Bảo Ngọc"]).shape == (1, len(LABELLING_FUNCTIONS))
    True
    """

    __module__ = "govtext.rules"  # the public name skops files and trusted types record

    def __init__(self, *, decision: bool = False, cache: str = "") -> None:
        self.decision = decision
        self.cache = cache

    def fit(self, X, y=None):
        self.n_features_in_ = 1
        # The columns are the lexicon's functions at fit time; a model must not silently get
        # other columns after the lexicon changes.
        self.feature_names_ = self._names()
        return self

    def _names(self) -> list[str]:
        return cue_names(self.decision)

    def transform(self, X) -> np.ndarray:
        self._check_columns()
        texts = as_texts(X)
        path = getattr(self, "cache", "")  # models saved before the cache have no attribute
        rows = CueCache(path).rows(texts) if path else None
        return cue_matrix(texts, self.decision, rows)

    def transform_sentences(self, texts: list[str], sentences: list[Sentence]) -> np.ndarray:
        """``transform(texts)`` from their ``Sentence.of`` already made (the fast engine makes
        them once and reads its n-gram tokens from them); no cache is read."""
        self._check_columns()
        return cue_matrix(texts, self.decision, [vote_row(s) for s in sentences])

    def _check_columns(self) -> None:
        fitted = getattr(self, "feature_names_", None)
        if fitted is not None and list(fitted) != self._names():
            raise GovtextError(
                "this model was trained with a different rule lexicon "
                f"({len(fitted)} cue columns, the installed govtext has {len(self._names())}); "
                "retrain and export it with this govtext version."
            )

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        return np.array(getattr(self, "feature_names_", None) or self._names(), dtype=object)


class CueCache(HashedStore):
    """Votes of the labelling functions on disk, beside the word tokens (table ``cues`` of the
    token cache's file), keyed by a hash of the text and of the rules themselves (the sources
    and lexicon of ``govtext.rules``): a changed rule or lexicon never reads stale votes.

    >>> import tempfile, pathlib
    >>> cache = CueCache(pathlib.Path(tempfile.mkdtemp()) / "tokens.sqlite")
    >>> cache.rows(["Huyện đề nghị tỉnh hỗ trợ."]) == cache.rows(["Huyện đề nghị tỉnh hỗ trợ."])
    True
    """

    def __init__(self, path: str):
        super().__init__(path, f"cues|{_rules_fingerprint()}|", table="cues")

    def rows(self, texts: list[str]) -> list[bytes]:
        """Each text's ``vote_row``: read from the cache, cast (and stored) when missing."""
        known = {t: bits[0].encode().translate(_BITS) for t, bits in self.get_many(texts).items()}
        fresh = {t: vote_row(Sentence.of(t)) for t in set(texts) if t not in known}
        if fresh:
            self.put_many({t: [row.translate(_DIGITS).decode()] for t, row in fresh.items()})
        return [known[t] if t in known else fresh[t] for t in texts]


# Rows are kept as text, one "0" or "1" per column.
_BITS, _DIGITS = bytes.maketrans(b"01", b"\0\1"), bytes.maketrans(b"\0\1", b"01")


def _rules_fingerprint() -> str:
    """SHA-1 of every source file and the lexicon of ``govtext.rules``, and the functions'
    names in column order."""
    digest = hashlib.sha1("|".join(lf.name for lf in LABELLING_FUNCTIONS).encode())
    package = resources.files("govtext.rules")
    for entry in sorted(package.iterdir(), key=lambda e: e.name):
        if entry.name.endswith((".py", ".toml")):
            digest.update(entry.name.encode() + entry.read_bytes())
    return digest.hexdigest()[:16]
