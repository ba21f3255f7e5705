"""Every report figure drawn once per run and saved; the documents embed the saved PNG.

The chapters' facts and tables that documents share are computed by the same step and saved as
JSON beside the figures (:func:`obtain_result`), so a document rendered on its own reads them too.

A chart function of a chapter is declared with :func:`citysurvey.report.chapters.shared_chart`,
which registers it here. Before the documents render, :func:`draw_all` (the report's chart
step) draws each registered chart for the city and for every district of the render, once,
into ``<output>/figures/``; a document's cell then only reads the file. A chart a stage
already wrote (``scoring/charts/ipa.png`` …) is embedded from there and not drawn again.

A figure's file name carries a digest of the run that wrote the outputs (``manifest.json`` →
``started_at``), the chart and its arguments, so a re-render of one document
(``citysurvey report --only 城东区``) reuses the figures of the last full render, and outputs
rewritten by a later run never meet an older figure. A full render clears the folder first.
Only the chart step writes there: a document rendered on its own draws what it lacks in memory.

>>> plan = planned_calls(["城东区"], city=True)          # doctest: +SKIP
>>> draw_all(load_outputs("output/demo_city"), plan)    # doctest: +SKIP
"""
from __future__ import annotations

import hashlib
import inspect
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FOLDER = "figures"  # under the output folder, beside the stages' folders

#: how a chart is called: for the city only, for the city and each district, or for each district only
CITY, EACH, DISTRICTS = "city", "each", "districts"


@dataclass(frozen=True)
class Chart:
    """A registered chart: its drawing function, which areas it is drawn for, and the stage's own file.

    A registered result (:data:`RESULT`) is a chapter's facts or table computed by the same step
    and saved as JSON (:func:`obtain_result`); `draw` then computes it.
    """

    draw: Callable
    areas: str
    stage_file: str | Callable | None
    kind: str = "figure"

    @property
    def name(self) -> str:
        module = self.draw.__module__.rsplit(".", 1)[-1]
        return f"{module}.{self.draw.__name__}"

    def bound(self, args: tuple, kwargs: dict) -> tuple:
        """The call's arguments after `out`, defaults filled in: one key however the call was spelt."""
        signature = inspect.signature(self.draw)
        bound = signature.bind(None, *args, **kwargs)
        bound.apply_defaults()
        return tuple(bound.arguments.items())[1:]

    def stage_path(self, out) -> Path | None:
        """The PNG a stage wrote for the city-wide call, if it did."""
        rel = self.stage_file(out) if callable(self.stage_file) else self.stage_file
        if rel and out.has(rel):
            return out.root / rel
        return None


REGISTRY: dict[str, Chart] = {}


FIGURE, RESULT = "figure", "result"  # what a registered entry makes: a PNG, or a chapter's facts or table


def register(draw: Callable, stage_file: str | Callable | None, areas: str | None, kind: str = FIGURE) -> Chart:
    if areas is None:
        param = inspect.signature(draw).parameters.get("district")
        areas = CITY if param is None else EACH if param.default is None else DISTRICTS
    chart = Chart(draw, areas, stage_file, kind)
    REGISTRY[chart.name] = chart
    return chart


def run_stamp(out) -> str:
    """The run that wrote the outputs: a figure drawn from another run's outputs is never reused."""
    return str(out.manifest.get("started_at") or "")


def figure_path(out, chart: Chart, arguments: tuple) -> Path:
    stamp = run_stamp(out)
    if chart.kind == RESULT and hasattr(out, "files_stamp"):  # a result: also the files it may have read
        stamp = (stamp, out.files_stamp())
    key = repr((stamp, chart.name, arguments))
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]
    district = dict(arguments).get("district")
    label = f"-{district}" if district else ""
    suffix = ".json" if chart.kind == RESULT else ".png"
    return out.root / FOLDER / f"{chart.name}{label}-{digest}{suffix}"


def is_city_wide(arguments: tuple) -> bool:
    """No argument but the defaults' None: the city's chart (the one a stage may have drawn)."""
    return dict(arguments).get("district") is None


_DRAWN: dict[Path, bytes] = {}  # figures a document drew itself, per process (keyed like the saved files)


def obtain(out, chart: Chart, args: tuple, kwargs: dict, *, save: bool = False) -> bytes:
    """The chart's PNG: the stage's file, the chart step's saved figure, or drawn now.

    Only the chart step saves (`save`): a document rendered on its own (``--only``, Quarto, a
    writer's ``python -m citysurvey.report``) reads the output folder and never writes into it,
    and remembers what it drew for the next document of the same process.
    """
    arguments = chart.bound(args, kwargs)
    if is_city_wide(arguments):
        stage = chart.stage_path(out)
        if stage is not None:
            return stage.read_bytes()
    path = figure_path(out, chart, arguments)
    if path.is_file():
        return path.read_bytes()
    png = _DRAWN.get(path)
    if png is None:
        from ..plotting import figure_png, use_theme

        use_theme()
        png = figure_png(chart.draw(out, *args, **kwargs))
        if not save:  # the step's saved file serves every document: a process drawing study after study keeps none
            _DRAWN[path] = png
    if save:
        from ..textio import write_bytes_atomic

        write_bytes_atomic(path, png)
    return png


def obtain_result(out, chart: Chart, args: tuple, kwargs: dict, *, save: bool = False):
    """A registered result: read from the chart step's JSON, or computed now (and saved by the step).

    A district re-rendered on its own (``--only``) then reads the city's and its district's facts
    and tables as the last full render computed them, as it reads their figures, instead of
    computing them again in its cells. Only facts, tables and Markdown are saved: all are text.
    As with the figures, a change to a chapter's code shows in a lone document after the next
    full render, which clears the folder.
    """
    from ..textio import write_bytes_atomic
    from .chapters import decode_result, encode_result

    path = figure_path(out, chart, chart.bound(args, kwargs))
    if path.is_file():
        return decode_result(path.read_text(encoding="utf-8"))
    value = chart.draw(out, *args, **kwargs)
    if save:
        text = encode_result(value)
        if text is not None:
            write_bytes_atomic(path, text.encode("utf-8"))
    return value


# --- the chart step ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Call:
    """One figure to draw: a registered chart and its arguments after `out`."""

    chart: str
    kwargs: tuple[tuple[str, Any], ...]


def planned_calls(districts: list[str], *, city: bool) -> dict[str | None, list[Call]]:
    """The figures a render needs, grouped by area (None: the city's and the city-wide ones).

    The city report calls each chart with ``district=None``, a district report with its district,
    and a chart without a district argument is city-wide whichever document shows it.
    """
    load_charts()
    plan: dict[str | None, list[Call]] = {None: []}
    for name, chart in REGISTRY.items():
        if chart.areas == CITY:
            plan[None].append(Call(name, ()))
        if chart.areas == EACH and city:
            plan[None].append(Call(name, (("district", None),)))
        if chart.areas in (EACH, DISTRICTS):
            for d in districts:
                plan.setdefault(d, []).append(Call(name, (("district", d),)))
    return plan


def draw_calls(out, calls: list[Call]) -> list[str]:
    """Draw and save each call's figure unless saved already; returns the problems (drawn again in the document).

    A chart that fails here fails again in its document's cell, which says where; so the
    step only notes it.
    """
    problems = []
    for call in calls:
        try:
            chart = REGISTRY[call.chart]  # a chart registered only where the plan was made: noted, as a failure
            (obtain_result if chart.kind == RESULT else obtain)(out, chart, (), dict(call.kwargs), save=True)
        except Exception as exc:  # noqa: BLE001 — the document's cell reports it with its place
            problems.append(f"{call.chart}{dict(call.kwargs)}: {type(exc).__name__}: {exc}")
    return problems


def clear(out) -> None:
    """A full render draws every figure anew (the chart code may have changed since)."""
    shutil.rmtree(out.root / FOLDER, ignore_errors=True)


def load_charts() -> None:
    """Import every chapter module: each registers its charts as it loads."""
    import importlib
    import pkgutil

    from . import chapters

    for module in pkgutil.iter_modules(chapters.__path__):
        importlib.import_module(f"{chapters.__name__}.{module.name}")


def draw_area(root: str, calls: list[Call]) -> list[str]:
    """The chart step's task for one area, in a worker process."""
    from .outputs import load_outputs

    load_charts()
    return draw_calls(load_outputs(root), calls)
