"""Loading ``model.skops`` safely: never unpickles, trusts only govtext's own types.

skops records each object's type by module and class name and refuses, unless told to trust
it, any type it does not know to be harmless. scikit-learn, NumPy and SciPy types our pipelines
use are trusted by skops itself (checked on every shipped experiment config); the only other
types a govtext model holds are govtext's own estimators, listed here. Anything else in a file,
e.g. a function such as ``posix.system`` slipped into a ``FunctionTransformer``, is refused.

Models exported by older govtext versions recorded the names their classes had then
(``govtext.text.Segmenter`` before the text package was split); ``LEGACY_NAMES`` keeps those
names trusted, and the packages keep re-exporting the classes under them so that skops can
import them.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from govtext import rules, text
from govtext.errors import GovtextError


def own_types() -> tuple[type, ...]:
    """govtext's own estimator classes that a saved pipeline may hold. Looked up when a skops
    file is read (they are scikit-learn estimators: the packages import them on first use)."""
    return (text.Segmenter, rules.RuleClassifier, rules.CueFeatures)


def legacy_names() -> dict[str, type]:
    """Names saved models recorded for these classes in earlier layouts -> the class each
    resolves to (tests/test_safe_load.py checks that each still does)."""
    return {
        "govtext.text.Segmenter": text.Segmenter,
        "govtext.rules.RuleClassifier": rules.RuleClassifier,
        "govtext.rules.CueFeatures": rules.CueFeatures,
    }


def __getattr__(name: str) -> Any:
    # OWN_TYPES and LEGACY_NAMES as constants, resolved on first use (see own_types).
    if name == "OWN_TYPES":
        return own_types()
    if name == "LEGACY_NAMES":
        return legacy_names()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def type_name(cls: type) -> str:
    """A class's name as skops records it: ``module.QualifiedName``."""
    return f"{cls.__module__}.{cls.__qualname__}"


def allowed_types() -> frozenset[str]:
    """Types skops does not trust by default that a govtext model may contain: ours only."""
    return frozenset({type_name(cls) for cls in own_types()} | set(legacy_names()))


def check_file(path: str | Path) -> None:
    """A one-line error unless ``path`` exists and is a zip archive, as a skops file is: cheap,
    for loads that do not read the pipeline itself (the sklearn engine's linear path)."""
    path = Path(path)
    if not path.is_file():
        raise GovtextError(f"{path}: no such model file; export the model again.")
    if not zipfile.is_zipfile(path):
        raise GovtextError(
            f"{path}: is not a readable skops file (not a zip archive); the model folder is "
            "corrupt: export it again with `govtext export`."
        )


def load_pipeline(path: str | Path):
    """Read a skops file, trusting only ``allowed_types()``; never unpickles.

    Raises GovtextError naming the file and the unexpected types when the file holds any other.
    """
    # skops.io builds its own trusted-type list from all of scikit-learn when imported (~1.2 s,
    # model selection included): imported when a model is loaded, not with govtext.inference.
    import skops.io as sio

    path = Path(path)
    try:
        untrusted = sio.get_untrusted_types(file=path)
    except FileNotFoundError as err:
        raise GovtextError(f"{path}: no such model file; export the model again.") from err
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as err:
        raise GovtextError(
            f"{path}: is not a readable skops file ({type(err).__name__}: {err}); "
            "the model folder is corrupt: export it again with `govtext export`."
        ) from err
    unexpected = sorted(set(untrusted) - allowed_types())
    if unexpected:
        raise GovtextError(
            f"{path}: refused to load: it contains type(s) a govtext model never holds "
            f"({', '.join(unexpected)}); it was not written by `govtext export` or was tampered "
            "with. Export the model again from a trusted run."
        )
    try:
        return sio.load(path, trusted=untrusted)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, AttributeError) as err:
        raise GovtextError(
            f"{path}: could not be loaded ({type(err).__name__}: {err}); export it again with "
            "this version of govtext and scikit-learn."
        ) from err
