"""Worker processes for the built-in engine: each runs documents on its own in-process shell.

The report stage's parent process imports what the documents need once, then forks
its workers (``fork`` where the platform has it, else ``spawn``); a worker keeps one
:class:`~citysurvey.report.builtin.InProcessSession` for every document it renders.
A Jupyter kernel per worker did the same job but started a second Python in each
worker and imported pandas, matplotlib and citysurvey there again.

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


def preload() -> None:
    """Import in the parent what every document imports, so forked workers start with it loaded."""
    import IPython.core.interactiveshell  # noqa: F401
    import matplotlib.pyplot  # noqa: F401
    import seaborn  # noqa: F401

    from . import chapters  # noqa: F401
    from .chapters import diagnosis, overview, satisfaction, summary, text, weighting  # noqa: F401


def _render(document: Path, params: dict, target: Path, formats: tuple[str, ...], engine: str,
            metadata: dict, name: str, record_params: dict | None):
    global _session
    from .builtin import InProcessSession
    from .renderer import render

    if _session is None:
        _session = InProcessSession()
    return render(document, params, target, formats, engine, metadata=metadata, name=name, session=_session,
                  record_params=record_params)


class DocumentWorkers:
    """A pool of `n` worker processes rendering one document at a time each."""

    def __init__(self, n: int):
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        if context.get_start_method() == "fork":
            preload()
        self._pool = ProcessPoolExecutor(max_workers=n, mp_context=context)

    def submit(self, document: Path, params: dict[str, Any], target: Path, formats: tuple[str, ...], engine: str,
               metadata: dict[str, Any], name: str, record_params: dict[str, Any] | None) -> Future:
        return self._pool.submit(_render, document, params, target, tuple(formats), engine, metadata, name,
                                 record_params)

    def __enter__(self) -> "DocumentWorkers":
        return self

    def __exit__(self, *exc) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
