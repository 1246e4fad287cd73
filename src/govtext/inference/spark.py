"""Labelling a Spark DataFrame on a cluster's executors with an exported model folder.

The folder is an MLflow model, so MLflow's Spark UDF (``govtext.tracking.spark_udf``) ships it to
the executors, each of which loads it once.
"""

from __future__ import annotations

from pathlib import Path

from govtext import tracking
from govtext.errors import GovtextError
from govtext.inference.folder import read_metadata


def label_spark_dataframe(
    frame, model_dir: str | Path, column: str = "text", output: str = "label"
):
    """``frame`` (a Spark DataFrame) with an ``output`` column of labels for its ``column`` of
    sentences, computed on the cluster's executors by the exported model folder ``model_dir``.

    The folder is read through MLflow's pyfunc flavour (the same pipeline as ``model.skops``),
    so the labels are those ``predict`` gives. MLflow ships the folder to the executors; they
    need govtext installed in the Python that Spark runs them with (``PYSPARK_PYTHON``).

    >>> labelled = label_spark_dataframe(spark.read.parquet("sentences"), "model")  # doctest: +SKIP
    """
    read_metadata(model_dir)  # a govtext folder, or a one-line error before Spark starts work
    if column not in frame.columns:
        raise GovtextError(
            f"the Spark DataFrame has no {column!r} column (columns: {', '.join(frame.columns)})."
        )
    udf = tracking.spark_udf(frame.sparkSession, model_dir)
    return frame.withColumn(output, udf(frame[column]))
