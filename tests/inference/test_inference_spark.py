"""Spark: the exported MLflow model labels a Spark DataFrame of sentences on a local two-core
Spark (``local[2]``, loopback only) exactly as ``predict`` labels them in process.

Skips with its reason where Java or pyspark is missing (fails instead under CI=true) (``make test`` installs both:
scripts/install-system-deps.sh and the ``test`` extra)."""

from __future__ import annotations

import importlib.util
import shutil
import sys

import pandas as pd
import pytest

from exported import FIXTURE, SEED_SENTENCES
from govtext.errors import GovtextError
from govtext.inference import load_model
from govtext.inference.spark import label_spark_dataframe
from helpers import missing


@pytest.fixture(scope="module")
def spark(tmp_path_factory):
    if shutil.which("java") is None:
        missing("no java on PATH (scripts/install-system-deps.sh installs Debian's JRE)")
    if importlib.util.find_spec("pyspark") is None:
        missing("pyspark is not installed (pip install -e '.[spark]')")
    from pyspark.sql import SparkSession

    with pytest.MonkeyPatch.context() as env:
        # Executors run this interpreter (govtext installed); everything binds to loopback.
        env.setenv("PYSPARK_PYTHON", sys.executable)
        env.setenv("PYSPARK_DRIVER_PYTHON", sys.executable)
        env.setenv("SPARK_LOCAL_IP", "127.0.0.1")
        session = (
            SparkSession.builder.master("local[2]")
            .appName("govtext-tests")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.driver.memory", "512m")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.local.dir", str(tmp_path_factory.mktemp("spark-local")))
            .getOrCreate()
        )
        session.sparkContext.setLogLevel("ERROR")
        try:
            yield session
        finally:
            session.stop()


def _sentences() -> pd.DataFrame:
    frames = [pd.read_csv(p, dtype=str, keep_default_na=False) for p in (FIXTURE, SEED_SENTENCES)]
    return pd.concat([f[["doc_id", "text"]] for f in frames], ignore_index=True)


def test_a_spark_dataframe_gets_the_labels_predict_gives(spark, exported):
    sentences = _sentences()
    assert len(sentences) >= 50
    frame = spark.createDataFrame(sentences).repartition(2)  # both executor slots get work
    labelled = label_spark_dataframe(frame, exported.model_dir).toPandas()
    expected = load_model(exported.model_dir).predict(sentences["text"].tolist())
    by_text = dict(zip(expected["text"], expected["label"], strict=True))
    assert set(labelled.columns) == {"doc_id", "text", "label"}
    assert len(labelled) == len(sentences)
    assert labelled["label"].tolist() == [by_text[t] for t in labelled["text"]]


def test_a_missing_column_or_folder_is_a_one_line_error_before_any_work(spark, exported, tmp_path):
    frame = spark.createDataFrame(pd.DataFrame({"sentence": ["Huyện đạt 100% kế hoạch."]}))
    with pytest.raises(GovtextError, match="no 'text' column \\(columns: sentence\\)"):
        label_spark_dataframe(frame, exported.model_dir)
    with pytest.raises(GovtextError, match="no such model folder"):
        label_spark_dataframe(frame, tmp_path / "absent", column="sentence")
