"""govtext: classify the sentences of Vietnamese government reports by what they do.

The flat API, imported on first use so that ``import govtext`` stays instant:

>>> import govtext
>>> govtext.build_dataset, govtext.train, govtext.export, govtext.predict  # doctest: +SKIP
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

# name -> (module, function). ``train``, ``export`` and ``predict`` are also submodule names:
# once a submodule is imported Python binds it onto the package, so ``govtext.export`` and
# ``govtext.predict`` are callable modules (see those modules); ``govtext.train`` is rebound to
# the function on first use through the package.
_LAZY = {
    "build_dataset": ("govtext.dataset", "build_dataset"),
    "train": ("govtext.train", "train"),
    "export": ("govtext.export", "export"),
    "predict": ("govtext.predict", "predict"),
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'govtext' has no attribute {name!r}")
    module_name, attribute = _LAZY[name]
    value = getattr(importlib.import_module(module_name), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])
