"""govtext: classify the sentences of Vietnamese government reports by what they do.

The flat API, imported on first use so that ``import govtext`` stays instant:

>>> import govtext
>>> govtext.build_dataset, govtext.train, govtext.export, govtext.predict  # doctest: +SKIP
>>> govtext.predict_texts(["Huyện đề nghị tỉnh hỗ trợ vốn."], "model")  # doctest: +SKIP
"""

from __future__ import annotations

from govtext.lazy import lazy_names

__version__ = "0.1.0"

# name -> the module defining the function of that name. Each function lives in the stage it
# belongs to (see the README's "How the code is laid out"); importing one of them never rebinds
# a name on the package.
_LAZY = {
    "build_dataset": "govtext.data.dataset",
    "train": "govtext.training",
    "export": "govtext.inference.export",
    "predict": "govtext.inference.predicting",
    "predict_texts": "govtext.inference.predicting",
}

__all__ = ["__version__", *_LAZY]

__getattr__, __dir__ = lazy_names(__name__, globals(), _LAZY)
