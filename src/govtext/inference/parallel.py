"""Labelling in worker processes (``--jobs``), in input order, with flat memory.

Workers label lists of sentences with the model; the parent reads the inputs and writes the
output, keeps a few pieces per worker in flight and takes results back in input order.
Where the platform forks, a worker starts as a copy of the parent with the model already loaded
(milliseconds); an ONNX Runtime session is not safe to fork, so the onnx engine (and platforms
without fork) spawn fresh workers that load the model folder once each (seconds: imports and
loading).
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterator
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


_PIECES_AHEAD = 2  # pieces in flight per worker: one working, one waiting
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


def _run_in_worker(task: Callable[[GovtextModel, Any], Any], piece: Any) -> Any:
    assert _worker_model is not None, "the worker's initializer did not run"
    return task(_worker_model, piece)


def _predict(model: GovtextModel, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    return model.predict_texts(texts, max(len(texts), 1))


def map_in_workers(
    pieces: Iterator[Any], model: GovtextModel, jobs: int, task: Callable[[GovtextModel, Any], Any]
) -> Iterator[Any]:
    """``task(model, piece)`` for every piece, in order, run by ``jobs`` worker processes, with
    at most ``jobs * _PIECES_AHEAD`` pieces in flight (flat memory). ``task`` must be a
    module-level function: it is sent to the workers by name."""
    context, forked = worker_context(model.engine)
    executor = ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=context,
        initializer=_start_worker,
        initargs=(model if forked else str(model.path), model.engine),
    )
    pending: deque = deque()
    try:
        for piece in pieces:
            pending.append(executor.submit(_run_in_worker, task, piece))
            while len(pending) > jobs * _PIECES_AHEAD:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def share_out(n_rows: int, jobs: int) -> list[slice]:
    """Rows ``0..n_rows`` cut into at most ``jobs`` consecutive slices, so that a small chunk
    uses every worker."""
    step = max(1, -(-n_rows // jobs))
    return [slice(i, i + step) for i in range(0, n_rows, step)]


def label_in_workers(
    chunks: Iterator[pd.DataFrame], model: GovtextModel, jobs: int
) -> Iterator[tuple[pd.DataFrame, np.ndarray, np.ndarray]]:
    """``(rows, labels, scores)`` for every chunk of rows, in order, labelled by ``jobs``
    worker processes; each chunk is shared out among them, so a small input uses them all.
    Only the sentences travel to the workers, and only labels and scores come back."""
    held: deque = deque()  # (rows, number of pieces) of the chunks sent, in order

    def texts() -> Iterator[list[str]]:
        for rows in chunks:
            text = rows["text"].tolist()
            pieces = share_out(len(text), jobs)
            held.append((rows, len(pieces)))
            yield from (text[piece] for piece in pieces)

    results = map_in_workers(texts(), model, jobs, _predict)
    while True:
        first = next(results, None)
        while held and held[0][1] == 0:  # a chunk without rows: nothing was sent for it
            yield (held.popleft()[0], *model.predict_texts([]))
        if first is None:
            return
        rows, n = held.popleft()
        got = [first, *(next(results) for _ in range(n - 1))]
        labels = np.concatenate([labels for labels, _ in got])
        scores = np.vstack([scores for _, scores in got])
        yield rows, labels, scores
