"""Worker processes for the built-in engine: each runs documents on its own in-process shell.

Workers come from a fork server (``forkserver``; ``spawn`` where the platform has
none) that imports what the documents need once (:data:`PRELOAD`), so each worker
starts with pandas, matplotlib and the chapters loaded; a worker keeps one
:class:`~citysurvey.report.builtin.InProcessSession` for every document it renders.
A Jupyter kernel per worker did the same job but started a second Python in each
worker and imported everything again. Plain ``fork`` is not used: the stage's
process has threads (the progress display, a test runner's, Dask's), and a child
forked while one of them held a lock can hang for ever.

>>> with DocumentWorkers(2) as pool:                                   # doctest: +SKIP
...     future = pool.submit(Path("reports/city.qmd"), {"output_dir": "output/demo_city"}, Path("out"),
...                          ("html", "pdf"), "builtin", {}, "city_report", None)
...     future.result().files
"""
from __future__ import annotations

import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

_session = None  # the worker's shell, made on its first document


PRELOAD = ["citysurvey.report.workers", "IPython.core.interactiveshell", "matplotlib.pyplot",
           "citysurvey.report.chapters.diagnosis", "citysurvey.report.chapters.overview",
           "citysurvey.report.chapters.satisfaction", "citysurvey.report.chapters.summary",
           "citysurvey.report.chapters.text", "citysurvey.report.chapters.weighting", "citysurvey.excel",
           "citysurvey.writer", "citysurvey.scoring.charts", "citysurvey.waves.charts", "citysurvey.text.charts",
           "citysurvey.smallarea.charts"]


def _render(document: Path, params: dict, target: Path, formats: tuple[str, ...], engine: str,
            metadata: dict, name: str, record_params: dict | None):
    global _session
    from .builtin import InProcessSession
    from .renderer import render

    if _session is None:
        _session = InProcessSession()
    return render(document, params, target, formats, engine, metadata=metadata, name=name, session=_session,
                  record_params=record_params)


def process_context():
    """The fork server the report's workers and the pipeline's background writer come from.

    One server per process, started by whichever pool comes first, with every module both need
    preloaded (:data:`PRELOAD`), so a worker starts with them already imported.
    """
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)  # read when the server starts: once per process
        return context
    return multiprocessing.get_context("spawn")


class DocumentWorkers:
    """A pool of `n` worker processes rendering one document at a time each."""

    def __init__(self, n: int):
        self._pool = ProcessPoolExecutor(max_workers=n, mp_context=process_context())

    def submit(self, document: Path, params: dict[str, Any], target: Path, formats: tuple[str, ...], engine: str,
               metadata: dict[str, Any], name: str, record_params: dict[str, Any] | None) -> Future:
        return self._pool.submit(_render, document, params, target, tuple(formats), engine, metadata, name,
                                 record_params)

    def draw(self, root: Path, calls: list) -> Future:
        """The chart step's task for one area (:func:`citysurvey.report.figures.draw_area`)."""
        from .figures import draw_area

        return self._pool.submit(draw_area, str(root), calls)

    def __enter__(self) -> "DocumentWorkers":
        return self

    def __exit__(self, *exc) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
