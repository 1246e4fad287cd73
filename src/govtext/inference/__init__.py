"""Inference: an exported model folder loaded safely and used to label new reports.

``import govtext.inference`` loads the model-folder format, the safe skops loader, the engines,
the readers and writers: nothing of MLflow, matplotlib or the training code (``govtext.learning``),
and not scikit-learn, SciPy or pandas either: those load when a model or an input needs them
(``model.skops``, the onnx and fast engines, CSV inputs, frames), so that labelling a short
report with a folder that has ``model.linear.npz`` starts fast.
Writing a folder from a tracked run (``govtext.inference.export``) and Spark
(``govtext.inference.spark``) need MLflow and are imported on their own.

>>> from govtext.inference import load_model, predict
>>> predict(["report.txt"], load_model("model"))  # doctest: +SKIP
"""

from govtext.inference.folder import FORMAT_VERSION, pipeline_parts, read_metadata
from govtext.inference.model import ENGINES, GovtextModel, load_model
from govtext.inference.predicting import iter_predict, predict
from govtext.inference.safe_load import allowed_types, load_pipeline
from govtext.inference.writers import PredictionRun, write_predictions

__all__ = [
    "ENGINES",
    "FORMAT_VERSION",
    "GovtextModel",
    "PredictionRun",
    "allowed_types",
    "iter_predict",
    "load_model",
    "load_pipeline",
    "pipeline_parts",
    "predict",
    "read_metadata",
    "write_predictions",
]
