"""The report stage: render the city report and one report per district.

It reads only what earlier stages wrote under the run's staging folder
(``ctx.out_dir``), so the reports show exactly the numbers in the output files,
and writes ``<ctx.out_dir>/report/``::

    city_report.html / .pdf / .render.json
    district_report_<区>.html / .pdf / .render.json

:func:`render_reports` does the same for a finished output folder (``citysurvey
report <study.yaml>``): after editing prose, re-render without re-running the analysis.
"""
from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path

from ..errors import Problem, StageError
from ..extras import require_report
from ..stage import RunContext, StageResult, usable_cores
from .builtin import inside_ipython
from .chapters.streets import check_street, street_names
from . import figures
from .config import ReportConfig
from .outputs import ReportOutputs, check_complete, load_outputs, report_metadata
from .renderer import render, resolve_engine

CITY_DOCUMENT = "city.qmd"
DISTRICT_DOCUMENT = "district.qmd"
STREET_DOCUMENT = "street.qmd"
STREET_PREFIX = "street:"  # --only street:<name>
FOLDER = "report"
SOURCE_REPORTS = Path(__file__).resolve().parents[2] / "reports"  # the source tree's Quarto project


def section(config) -> ReportConfig:
    """The study's ``report:`` section, or the defaults when the config has none."""
    stages = getattr(config, "stages", None) or {}
    cfg = stages.get("report")
    return cfg if isinstance(cfg, ReportConfig) else ReportConfig()


def reports_dir(cfg: ReportConfig, config_path: Path | None = None) -> Path:
    if cfg.reports_dir is None:
        folder = SOURCE_REPORTS
    elif cfg.reports_dir.is_absolute() or config_path is None:
        folder = cfg.reports_dir
    else:
        folder = (Path(config_path).parent / cfg.reports_dir).resolve()
    if not (folder / CITY_DOCUMENT).is_file():
        raise StageError(Problem(
            zh="找不到报告模板（city.qmd）。", en="the report documents (city.qmd) were not found.",
            file=str(folder / CITY_DOCUMENT),
            hint_zh="请在研究配置中设置 report.reports_dir 指向 citysurvey 源码中的 reports/ 文件夹。",
            hint_en="Set report.reports_dir in the study config to the reports/ folder of the citysurvey sources.",
        ))
    return folder


def _districts(cfg: ReportConfig, out: ReportOutputs) -> list[str]:
    if cfg.districts == "none":
        return []
    if cfg.districts == "all":
        return out.reported_districts
    reported = set(out.reported_districts)  # a district too small to publish has no report (privacy.min_cell)
    return [d for d in (out.check_district(d) for d in cfg.districts) if d in reported]


ONLY_CITY = "city"

#: progress callback: (document name, status "start" | "done" | "failed", seconds or None)
Progress = Callable[[str, str, "float | None"], None]


def _reported(out: ReportOutputs, district: str) -> str:
    """`district`, if it has published estimates; else the error saying it is too small to report on."""
    if district not in out.reported_districts:
        raise StageError(Problem(
            zh=f"区「{district}」的样本过少，按最小发布单元规则（privacy.min_cell）不发布其估计值，因此不生成分区报告。",
            en=f"district {district!r} has too few respondents to publish (privacy.min_cell): no district report.",
            hint_zh="如确需分区报告，请在 study.yaml 的 privacy.min_cell 中调低阈值后重新运行。",
            hint_en="Lower privacy.min_cell in study.yaml and re-run if a report on it is really wanted."))
    return district


def _jobs(folder: Path, cfg: ReportConfig, out: ReportOutputs, only: str | None) -> list[tuple[Path, str, dict]]:
    """(document, output name, parameters) of each report to render; `only` picks one (city, a district,
    or ``street:<name>``)."""
    if only is not None and only.startswith(STREET_PREFIX):
        street = check_street(out, only.removeprefix(STREET_PREFIX))
        return [(folder / STREET_DOCUMENT, f"street_report_{street}", {"street": street})]
    if only == ONLY_CITY or (only is None and cfg.city):
        city = [(folder / CITY_DOCUMENT, "city_report", {})]
    else:
        city = []
    if only == ONLY_CITY:
        districts = []
    elif only is not None:
        districts = [_reported(out, out.check_district(only))]
    else:
        districts = _districts(cfg, out)
    streets = street_names(out) if only is None and cfg.streets else []
    return (city + [(folder / DISTRICT_DOCUMENT, f"district_report_{d}", {"district": d}) for d in districts]
            + [(folder / STREET_DOCUMENT, f"street_report_{s}", {"street": s}) for s in streets])


def workers(n_jobs: int) -> int:
    """Documents rendered at once: one worker per core, never more than there are documents."""
    return max(1, min(n_jobs, usable_cores()))


def render_reports(output_dir: str | Path, cfg: ReportConfig = ReportConfig(), config_path: Path | None = None,
                   *, target: Path | None = None, only: str | None = None, progress: Progress | None = None,
                   n_workers: int | None = None, allow_incomplete: bool = False, in_process: bool = False) -> dict:
    """Render the reports of one output folder into `target` (default ``<output_dir>/report``).

    Returns the summary recorded in the manifest. With the default target the
    reports are rendered beside it and swapped in only when all succeed. Outputs
    that are stale or were never written stop it, unless `allow_incomplete`: then
    the method section of each report lists them.
    `only` renders one document (``"city"`` or a district) into the existing report
    folder, leaving the others in place. Documents render in parallel, on worker
    processes (:mod:`.workers`); `progress` hears when each starts and ends. As with any
    multiprocessing, a script that calls this runs its work under ``if __name__ == "__main__":``.
    `in_process` (built-in engine): charts and documents one after another in this process instead,
    for a process that has one core to itself and renders many studies (a batch's Dask worker): it
    keeps its shell, fonts and imports from one study to the next and starts no worker per study.
    """
    started = time.perf_counter()
    out, jobs, engine, target, swap = _begin(output_dir, cfg, config_path, target, only, allow_incomplete)
    here = in_process and engine == "builtin" and not inside_ipython()  # a notebook's shell is left alone
    try:
        rendered = _render_all(jobs, out, cfg, engine, target, progress, n_workers or workers(len(jobs)), here)
    except BaseException:
        if swap:
            shutil.rmtree(target, ignore_errors=True)
        raise
    if swap:
        _swap_in(out, target)
    return _render_summary(engine, 0 if here else n_workers or workers(len(jobs)), cfg, rendered, started)


def _staging(out: ReportOutputs) -> Path:
    """Where a full render writes, swapped in for ``report/`` only when every document succeeded."""
    return out.root / f".{FOLDER}.partial"


def _begin(output_dir, cfg: ReportConfig, config_path: Path | None, target: Path | None, only: str | None,
           allow_incomplete: bool) -> tuple:
    """The checks and the folder written before any document: (outputs, jobs, engine, target folder, whether
    the target is the staging folder, swapped in at the end)."""
    require_report()
    folder = reports_dir(cfg, config_path)
    out = load_outputs(output_dir)
    if not allow_incomplete:
        check_complete(out, config_path)
    jobs = _jobs(folder, cfg, out, only)
    engine = resolve_engine(cfg.engine)
    swap = target is None and only is None
    if target is None and only is not None:
        target = out.root / FOLDER  # one document: replace its files, keep the others
    target = _staging(out) if swap else Path(target)
    if swap and target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True, exist_ok=True)
    if only is None:
        figures.clear(out)  # a full render draws every figure anew; `--only` reuses the last full render's
    return out, jobs, engine, target, swap


def _swap_in(out: ReportOutputs, target: Path) -> None:
    final = out.root / FOLDER
    if final.exists():
        shutil.rmtree(final)
    target.rename(final)


def _render_summary(engine: str, n_workers: int, cfg: ReportConfig, rendered: list[dict], started: float) -> dict:
    return {
        "engine": engine,
        "workers": n_workers,
        "formats": list(cfg.formats),
        "n_reports": len(rendered),
        "seconds": round(time.perf_counter() - started, 2),
        "reports": rendered,
    }


# --- a full render split into tasks: the chart step, then each document on its own --------------------

def start_documents(output_dir: str | Path, cfg: ReportConfig = ReportConfig(), config_path: Path | None = None
                    ) -> dict | None:
    """The first part of a full render split into one task per document: the checks, the staging
    folder and the chart step, in this process.

    For a batch on single-threaded Dask workers: each document then renders as a task of its own
    (:func:`render_document`, on whichever worker is free, in its own process), and
    :func:`finish_documents` swaps the folder in once all have ended, so a city's documents use
    every core as the cities' tasks run out. What each task does is what :func:`render_reports`
    does with ``in_process`` for the whole city, one document after another; the files are the same.
    Returns the documents to render (in order) and the staging folder, or None where a render is
    not split: Quarto (its documents are processes of their own) or a notebook's shell. A failure
    here removes the staging folder.
    """
    if resolve_engine(cfg.engine) != "builtin" or inside_ipython():
        return None
    out, jobs, _engine, target, _swap = _begin(output_dir, cfg, config_path, None, None, False)
    try:
        plan = _figure_plan(jobs) if len(jobs) > 1 else {}  # a lone document draws its own, as in render_reports
        if plan:
            _draw_figures(out, plan, lambda name, status, seconds: None, 1, here=True)
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    return {"target": str(target), "documents": [(str(document), name, extra) for document, name, extra in jobs]}


def render_document(output_dir: str | Path, cfg: ReportConfig, target: str | Path, document: tuple) -> dict:
    """One document of :func:`start_documents` (``(document, name, extra)``) into its staging folder, in this
    process."""
    out = load_outputs(output_dir)
    path, name, extra = document

    def request(document: Path, name: str, extra: dict) -> tuple:
        return _request(out, cfg, "builtin", Path(target), document, name, extra)

    return _render_here([(Path(path), name, extra)], request, lambda name, status, seconds: None,
                        spare_core=False)[0]


def finish_documents(output_dir: str | Path, cfg: ReportConfig, target: str | Path, rendered: list[dict] | None,
                     seconds: float) -> dict | None:
    """The end of a split render: the staging folder swapped in when every document succeeded
    (`rendered`, their summaries in order), or removed (None). Returns :func:`render_reports`'s summary;
    `seconds`: its parts' seconds together."""
    out = load_outputs(output_dir)
    if rendered is None:
        shutil.rmtree(target, ignore_errors=True)
        return None
    _swap_in(out, Path(target))
    return _render_summary("builtin", 0, cfg, rendered, time.perf_counter() - seconds)


def _request(out: ReportOutputs, cfg: ReportConfig, engine: str, target: Path, document: Path, name: str,
             extra: dict) -> tuple:
    """The arguments of :func:`render` for one document of the output folder."""
    params = {"output_dir": str(out.root)} | extra
    # a staging folder is renamed when the run succeeds: record the outputs'
    # place relative to the report folder instead
    recorded = {**params, "output_dir": ".."}
    metadata = report_metadata([document], out, extra.get("district"))
    if "street" in extra:
        metadata["subtitle"] = f"{extra['street']}居民满意度简报"
    return document, params, target, cfg.formats, engine, metadata, name, recorded


def _summary(result, name: str, extra: dict) -> dict:
    return {"name": name, "district": extra.get("district"),
            **({"street": extra["street"]} if "street" in extra else {}), "engine": result.engine,
            "files": sorted(p.name for p in result.files.values()), "seconds": round(result.seconds, 2)}


def _render_all(jobs, out: ReportOutputs, cfg: ReportConfig, engine: str, target: Path,
                progress: Progress | None, n_workers: int, in_process: bool = False) -> list[dict]:
    """Render `jobs` on `n_workers` workers; results in job order; the first failure stops the rest."""
    notify = progress or (lambda name, status, seconds: None)

    def request(document: Path, name: str, extra: dict) -> tuple:
        return _request(out, cfg, engine, target, document, name, extra)

    if engine == "builtin" and len(jobs) == 1 and not inside_ipython():
        # a lone document draws only its own figures
        return _render_here(jobs, request, notify, spare_core=not in_process)
    plan = _figure_plan(jobs) if len(jobs) > 1 else {}
    if in_process:
        if plan:
            _draw_figures(out, plan, notify, n_workers, here=True)
        return _render_here(jobs, request, notify, spare_core=False)
    if engine == "builtin":
        return _render_in_workers(jobs, request, notify, n_workers, out, plan)
    if plan:
        _draw_figures(out, plan, notify, n_workers)
    return _render_in_threads(jobs, request, notify, n_workers)


FIGURES_STEP = "figures"  # the chart step's name in the progress display


def _figure_plan(jobs) -> dict:
    """The figures the documents of `jobs` show, by area: the chart step draws each once, before them."""
    districts = [extra["district"] for _, _, extra in jobs if "district" in extra]
    city = any(document.name == CITY_DOCUMENT for document, _, _ in jobs)
    return {area: calls for area, calls in figures.planned_calls(districts, city=city).items() if calls}


def _draw_figures(out: ReportOutputs, plan: dict, notify, n_workers: int, *, here: bool = False) -> None:
    """The chart step on its own workers (for Quarto, whose documents run in processes of their own), or `here`, in
    this process, area after area (a batch's single-threaded worker)."""
    notify(FIGURES_STEP, "start", None)
    clock = time.perf_counter()
    if here:
        for calls in plan.values():
            _draw_here(out, calls)
    else:
        from .workers import DocumentWorkers

        with DocumentWorkers(n_workers) as pool:
            for future in [pool.draw(out.root, calls) for calls in plan.values()]:
                future.result()
    notify(FIGURES_STEP, "done", time.perf_counter() - clock)


def _render_here(jobs, request, notify, *, spare_core: bool = True) -> list[dict]:
    """The documents one after another in this process (one for ``--only``), sparing a worker's start and imports.

    `spare_core`: False for a process with one core to itself (``in_process``), see :class:`InProcessSession`."""
    from .builtin import InProcessSession

    rendered = []
    with InProcessSession(spare_core=spare_core) as session:
        for job in jobs:
            document, params, target, formats, engine, metadata, name, recorded = request(*job)
            notify(name, "start", None)
            try:
                result = render(document, params, target, formats, engine, metadata=metadata, name=name,
                                session=session, record_params=recorded)
            except BaseException:
                notify(name, "failed", None)
                raise
            notify(name, "done", result.seconds)
            rendered.append(_summary(result, name, job[2]))
    return rendered


def _render_in_workers(jobs, request, notify, n_workers: int, out: ReportOutputs, plan: dict) -> list[dict]:
    """Built-in engine: worker processes, each with its own in-process shell (see :mod:`.workers`).

    The chart step comes first on the same workers, each area's charts as two tasks (`plan`), so
    the last district's are drawn on both workers; a document starts once the figures of its area
    and the city-wide ones are saved, so none is drawn twice. The city's figures are drawn here,
    in this process, while the workers start (the fork server's imports take one core for seconds).
    """
    from concurrent.futures import FIRST_COMPLETED, wait

    from .workers import DocumentWorkers

    here = None in plan and not inside_ipython()  # a notebook's own matplotlib is left alone
    # (kind, index or area, job or calls): the city's figures first, then each district's just before its
    # document, so the city report (the longest) starts as soon as its figures are saved; a document waits
    # for its own
    pending: list[tuple] = []
    if None in plan and not here:
        pending += [("figures", None, calls) for calls in _halves(plan[None])]
    for index, job in enumerate(jobs):
        area = job[2].get("district")
        if area is not None and area in plan:
            pending += [("figures", area, calls) for calls in _halves(plan[area])]
        pending.append(("document", index, job))
    left = {area: len(_halves(calls)) for area, calls in plan.items()}  # figure tasks still to finish
    drawn: set = set()
    results: dict[int, dict] = {}
    errors: list[BaseException] = []
    running: dict = {}

    def ready(kind, job) -> bool:
        if kind == "figures":
            return True
        needs = {None, job[2].get("district")} & set(plan)
        return needs <= drawn

    def figures_done(area) -> None:
        drawn.add(area)
        if drawn == set(plan):
            notify(FIGURES_STEP, "done", time.perf_counter() - clock)

    if plan:
        notify(FIGURES_STEP, "start", None)
    clock = time.perf_counter()
    with DocumentWorkers(n_workers) as pool:
        while pending or running:
            for item in list(pending):
                if errors or len(running) >= n_workers:
                    break
                kind, key, job = item
                if not ready(kind, job):
                    continue
                pending.remove(item)
                if kind == "figures":
                    running[pool.draw(out.root, job)] = item
                else:
                    document, name, extra = job
                    notify(name, "start", None)
                    running[pool.submit(*request(document, name, extra))] = item
            if here:  # the workers are starting: draw the city's figures meanwhile
                here = False
                _draw_here(out, plan[None])
                figures_done(None)
                continue
            if not running:
                break
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                kind, key, job = running.pop(future)
                if kind == "figures":
                    future.result()  # the step itself never fails: a chart that does fails in its document
                    left[key] -= 1
                    if not left[key]:
                        figures_done(key)
                    continue
                _, name, extra = job
                try:
                    result = future.result()
                except BaseException as exc:  # the first failure stops the other workers
                    notify(name, "failed", None)
                    errors.append(exc)
                    continue
                notify(name, "done", result.seconds)
                results[key] = _summary(result, name, extra)
    if errors:
        raise errors[0]
    return [results[i] for i in sorted(results)]


def _halves(calls: list) -> list[list]:
    """An area's charts as two tasks of about equal work (every other chart), or one for a single chart."""
    return [part for part in (calls[0::2], calls[1::2]) if part]


def _draw_here(out: ReportOutputs, calls: list) -> None:
    """Figures drawn in this process, its matplotlib settings restored afterwards."""
    import matplotlib

    figures.load_charts()
    with matplotlib.rc_context():
        figures.draw_calls(out, calls)


def _render_in_threads(jobs, request, notify, n_workers: int) -> list[dict]:
    """Quarto: each render is its own process already; threads only wait on them."""
    pending = list(enumerate(jobs))
    results: dict[int, dict] = {}
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker() -> None:
        while True:
            with lock:
                if not pending or errors:
                    return
                index, (document, name, extra) = pending.pop(0)
            notify(name, "start", None)
            document, params, target, formats, engine, metadata, name, recorded = request(document, name, extra)
            try:
                result = render(document, params, target, formats, engine, metadata=metadata, name=name,
                                record_params=recorded)
            except BaseException as exc:  # the first failure stops the other workers
                notify(name, "failed", None)
                with lock:
                    errors.append(exc)
                return
            notify(name, "done", result.seconds)
            results[index] = _summary(result, name, extra)

    threads = [threading.Thread(target=worker, name=f"report-{k}") for k in range(n_workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return [results[i] for i in sorted(results)]


class ReportStage:
    name = FOLDER
    title_zh = "报告"
    reads_outputs = True  # the documents read the files the other stages wrote

    def enabled(self, config) -> bool:
        return section(config).enabled

    def run(self, ctx: RunContext) -> StageResult:
        from .progress import DocumentProgress

        cfg = section(ctx.config)
        with DocumentProgress([]) as show:
            summary = render_reports(ctx.out_dir, cfg, getattr(ctx.config, "path", None), target=ctx.out_dir / FOLDER,
                                     progress=show)
        return StageResult(self.name, summary=summary)
