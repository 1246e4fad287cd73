"""Labelling in worker processes (``--jobs``), in input order, with flat memory.

Workers label lists of sentences with the model; the parent reads the inputs and writes the
output, keeps at most ``_CHUNKS_AHEAD`` chunks in flight and takes results back in input order.
Where the platform forks, a worker starts as a copy of the parent with the model already loaded
(milliseconds); an ONNX Runtime session is not safe to fork, so the onnx engine (and platforms
without fork) spawn fresh workers that load the model folder once each (seconds: imports and
loading).
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING, Any

import numpy as np
from threadpoolctl import threadpool_limits

from govtext.errors import GovtextError
from govtext.inference.model import GovtextModel, load_model

if TYPE_CHECKING:
    import pandas as pd


def resolve_jobs(n_jobs: int) -> int:
    """Worker processes for ``n_jobs``, as joblib counts them: 1 labels in this process, N > 1
    starts N processes, -1 one per available core, -2 all cores but one, and so on."""
    if n_jobs == 0:
        raise GovtextError(
            "--jobs 0: use 1 (this process), a number of processes, or -1 (one per core)."
        )
    if n_jobs > 0:
        return n_jobs
    return max(1, available_cores() + 1 + n_jobs)


def available_cores() -> int:
    """Cores this process may run on (its CPU affinity, not the machine's total)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1  # pragma: no cover - macOS, Windows


_CHUNKS_AHEAD = 2
_worker_model: GovtextModel | None = None  # each worker's own, set by _start_worker
_worker_limits: Any = None


def _start_worker(model: GovtextModel | str, engine: str) -> None:
    global _worker_model, _worker_limits
    # The processes are the parallelism: one BLAS / ONNX Runtime thread each, no oversubscription.
    _worker_limits = threadpool_limits(limits=1)
    if isinstance(model, GovtextModel):
        _worker_model = model  # inherited by fork, not pickled
    else:
        _worker_model = load_model(model, engine, threads=1)


def worker_context(engine: str) -> tuple[Any, bool]:
    """The multiprocessing context for an engine, and whether its workers are forked (start
    with the parent's loaded model) rather than spawned (load the model folder themselves)."""
    if engine != "onnx" and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork"), True
    return multiprocessing.get_context("spawn"), False


def _predict_in_worker(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    assert _worker_model is not None, "the worker's initializer did not run"
    return _worker_model.predict_texts(texts, max(len(texts), 1))


def label_in_workers(
    chunks: Iterator[pd.DataFrame], model: GovtextModel, jobs: int
) -> Iterator[tuple[pd.DataFrame, np.ndarray, np.ndarray]]:
    """``(rows, labels, scores)`` for every chunk of rows, in order, labelled by ``jobs``
    worker processes; each chunk is shared out among them, so a small input uses them all."""
    context, forked = worker_context(model.engine)
    executor = ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=context,
        initializer=_start_worker,
        initargs=(model if forked else str(model.path), model.engine),
    )
    pending: deque = deque()
    try:
        for rows in chunks:
            texts = rows["text"].tolist()
            step = max(1, -(-len(texts) // jobs))
            pieces = [texts[i : i + step] for i in range(0, len(texts), step)]
            pending.append((rows, [executor.submit(_predict_in_worker, p) for p in pieces]))
            while len(pending) > _CHUNKS_AHEAD:
                yield _collect(*pending.popleft(), model)
        while pending:
            yield _collect(*pending.popleft(), model)
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _collect(
    rows: pd.DataFrame, futures: list, model: GovtextModel
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    results = [future.result() for future in futures]
    if not results:
        return (rows, *model.predict_texts([]))
    labels = np.concatenate([labels for labels, _ in results])
    scores = np.vstack([scores for _, scores in results])
    return rows, labels, scores
