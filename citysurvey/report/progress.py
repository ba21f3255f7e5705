"""A live status line per document while the reports render (rich), for the command line.

>>> with DocumentProgress(["city_report", "district_report_城东区"]) as show:   # doctest: +SKIP
...     render_reports(out_dir, cfg, progress=show)
"""
from __future__ import annotations

import threading
import time

from rich.console import Console
from rich.live import Live
from rich.table import Table

LABELS = {"wait": "等待 waiting", "start": "渲染中 rendering", "done": "完成 done", "failed": "失败 failed"}
STYLES = {"wait": "dim", "start": "yellow", "done": "green", "failed": "red"}


class DocumentProgress:
    """Callable progress for :func:`citysurvey.report.stage.render_reports`: one row per document."""

    def __init__(self, names: list[str], console: Console | None = None):
        self.console = console or Console(stderr=True, highlight=False)
        self.rows = {n: ["wait", None, None] for n in names}  # status, started, seconds
        self._lock = threading.Lock()
        self._live: Live | None = None

    def __call__(self, name: str, status: str, seconds: float | None) -> None:
        with self._lock:
            row = self.rows.setdefault(name, ["wait", None, None])
            row[0] = status
            if status == "start":
                row[1] = time.perf_counter()
            if seconds is not None:
                row[2] = seconds
            if self._live is not None:
                self._live.update(self._table())
            elif status in ("done", "failed"):  # not a terminal: one plain line per finished document
                self.console.print(f"{'✓' if status == 'done' else '✗'} {name}"
                                   + (f"  {seconds:.2f} s" if seconds is not None else ""), markup=False)

    def _table(self) -> Table:
        table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
        table.add_column("报告 document")
        table.add_column("状态 status")
        table.add_column("秒 s", justify="right")
        for name, (status, started, seconds) in self.rows.items():
            shown = seconds if seconds is not None else (time.perf_counter() - started if started else None)
            table.add_row(name, f"[{STYLES[status]}]{LABELS[status]}[/]", f"{shown:.1f}" if shown is not None else "")
        return table

    def __enter__(self) -> "DocumentProgress":
        if self.console.is_terminal:
            self._live = Live(self._table(), console=self.console, refresh_per_second=4,
                              get_renderable=self._table)
            self._live.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        if self._live is not None:
            self._live.__exit__(*exc)
            self._live = None
