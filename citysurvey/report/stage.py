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
import time
from pathlib import Path

from ..errors import Problem, StageError
from ..stage import RunContext, StageResult
from .builtin import KernelSession
from .config import ReportConfig
from .outputs import ReportOutputs, check_complete, load_outputs, report_metadata
from .renderer import render, resolve_engine

CITY_DOCUMENT = "city.qmd"
DISTRICT_DOCUMENT = "district.qmd"
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
        return out.districts
    return [out.check_district(d) for d in cfg.districts]


def render_reports(output_dir: str | Path, cfg: ReportConfig = ReportConfig(), config_path: Path | None = None,
                   *, target: Path | None = None, allow_incomplete: bool = False) -> dict:
    """Render the reports of one output folder into `target` (default ``<output_dir>/report``).

    Returns the summary recorded in the manifest. With the default target the
    reports are rendered beside it and swapped in only when all succeed. Outputs
    that are stale or were never written stop it, unless `allow_incomplete`: then
    the method section of each report lists them.
    """
    folder = reports_dir(cfg, config_path)
    out = load_outputs(output_dir)
    if not allow_incomplete:
        check_complete(out, config_path)
    jobs: list[tuple[Path, str, str | None]] = []
    if cfg.city:
        jobs.append((folder / CITY_DOCUMENT, "city_report", None))
    jobs += [(folder / DISTRICT_DOCUMENT, f"district_report_{d}", d) for d in _districts(cfg, out)]
    engine = resolve_engine(cfg.engine)
    swap = target is None
    final = out.root / FOLDER
    target = out.root / f".{FOLDER}.partial" if swap else Path(target)
    if swap and target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    rendered = []
    try:
        with KernelSession() as kernel:  # one kernel for all documents: imports load once
            for document, name, district in jobs:
                params = {"output_dir": str(out.root)} | ({"district": district} if district else {})
                # a staging folder is renamed when the run succeeds: record the outputs'
                # place relative to the report folder instead
                recorded = {**params, "output_dir": ".."}
                result = render(document, params, target, cfg.formats, engine,
                                metadata=report_metadata([document], out, district), name=name,
                                session=kernel, record_params=recorded)
                rendered.append({"name": name, "district": district, "engine": result.engine,
                                 "files": sorted(p.name for p in result.files.values()),
                                 "seconds": round(result.seconds, 2)})
    except BaseException:
        if swap:
            shutil.rmtree(target, ignore_errors=True)
        raise
    if swap:
        if final.exists():
            shutil.rmtree(final)
        target.rename(final)
    return {
        "engine": engine,
        "formats": list(cfg.formats),
        "n_reports": len(rendered),
        "seconds": round(time.perf_counter() - started, 2),
        "reports": rendered,
    }


class ReportStage:
    name = FOLDER
    title_zh = "报告"

    def enabled(self, config) -> bool:
        return section(config).enabled

    def run(self, ctx: RunContext) -> StageResult:
        cfg = section(ctx.config)
        summary = render_reports(ctx.out_dir, cfg, getattr(ctx.config, "path", None), target=ctx.out_dir / FOLDER)
        return StageResult(self.name, summary=summary)
