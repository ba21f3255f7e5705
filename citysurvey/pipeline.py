"""The pipeline: load and validate, run each stage in order, write one output folder.

Output layout (``output.dir`` of the study config)::

    manifest.json                 inputs' hashes, config, version, timings, output hashes
    data/validated_responses.csv  restricted: holds raw open text, never shared as is
    data/cleaning_log.csv         one row per input row: kept / changed / dropped, why
    data/cleaning_changes.csv     one row per changed cell: before, after, why
    data/cleaning_summary.csv     counts by status and reason; the total is the input rows
    <stage>/<table>.csv           each stage's tidy tables (+ <stage>/<stage>.xlsx)
"""
from __future__ import annotations

import datetime as dt
import platform
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd

from . import __version__
from .config import StudyConfig, config_as_dict, load_study
from .loading import StudyData, load_study_data
from .registry import default_stages
from .outputs import list_files, sha256_file, staged_folder, write_csv, write_json
from .stage import RunContext, Stage, StageResult
from .textio import write_bytes_atomic

Reporter = Callable[[str, str, float | None], None]  # (stage name, Chinese title, seconds or None=started)


@dataclass
class RunResult:
    config: StudyConfig
    output_dir: Path
    study: StudyData
    results: dict[str, StageResult] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)


def _quiet(name: str, title: str, seconds: float | None) -> None:
    pass


def validate_study(config: str | Path | StudyConfig) -> tuple[StudyConfig, StudyData]:
    """Loading and validation only (``citysurvey validate``)."""
    cfg = config if isinstance(config, StudyConfig) else load_study(config)
    return cfg, load_study_data(cfg)


def run_study(
    config: str | Path | StudyConfig,
    *,
    stages: list[Stage] | None = None,
    until: str | None = None,
    report: Reporter = _quiet,
) -> RunResult:
    """Run the whole pipeline for one study and write its output folder atomically.

    >>> res = run_study("analysis/demo_city/study.yaml")  # doctest: +SKIP
    >>> res.output_dir                                     # doctest: +SKIP
    """
    started = dt.datetime.now(dt.timezone.utc)
    cfg = config if isinstance(config, StudyConfig) else load_study(config)
    timings: dict[str, float] = {}

    report("loading", "读取与校验", None)
    t = time.perf_counter()
    study = load_study_data(cfg)
    timings["loading"] = time.perf_counter() - t
    report("loading", "读取与校验", timings["loading"])

    stages = default_stages() if stages is None else stages
    titles = {s.name: s.title_zh for s in stages}
    inputs = [{"role": role, "path": str(path), "sha256": sha256_file(path), "bytes": path.stat().st_size}
              for role, path in study.sources.items()]
    with staged_folder(cfg.output.dir) as staging:
        ctx = RunContext(config=cfg, study=study, out_dir=staging)
        _write_study_data(study, staging / "data")
        _write_manifest(ctx, started, timings, titles, inputs, final=False)
        for stage in stages:
            if not stage.enabled(cfg):
                continue
            report(stage.name, stage.title_zh, None)
            t = time.perf_counter()
            result = stage.run(ctx)
            ctx.results[stage.name] = result
            _write_stage(result, staging / stage.name, excel=cfg.output.excel)
            timings[stage.name] = time.perf_counter() - t
            report(stage.name, stage.title_zh, timings[stage.name])
            _write_manifest(ctx, started, timings, titles, inputs, final=False)
            if until == stage.name:
                break
        _write_manifest(ctx, started, timings, titles, inputs, final=True)
    return RunResult(config=cfg, output_dir=cfg.output.dir, study=study, results=ctx.results, timings=timings)


def _write_study_data(study: StudyData, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    write_csv(study.responses, folder / "validated_responses.csv", index=True)
    write_csv(study.log.rows, folder / "cleaning_log.csv")
    write_csv(study.log.changes, folder / "cleaning_changes.csv")
    write_csv(study.log.summary(), folder / "cleaning_summary.csv")


def _write_stage(result: StageResult, folder: Path, *, excel: bool) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, table in result.tables.items():
        write_csv(table, folder / f"{name}.csv")
    for rel, data in result.files.items():
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(target, data)
    if excel and result.workbook and result.tables:
        from .excel import COMMON_HEADERS_ZH, write_workbook

        sheets = {result.sheet_names.get(k, k): _sheet_or_note(k, v) for k, v in result.tables.items()}
        write_workbook(sheets, folder / f"{result.name}.xlsx", headers=COMMON_HEADERS_ZH | result.headers)


#: a longer table (one row per respondent in a large study: weights, suggestions) stays in its CSV
#: only: openpyxl holds every cell as an object (a 1,000,000-row sheet takes gigabytes and minutes)
#: and Excel opens at most 1,048,576 rows anyway
MAX_SHEET_ROWS = 100_000


def _sheet_or_note(name: str, table: pd.DataFrame) -> pd.DataFrame:
    if len(table) <= MAX_SHEET_ROWS:
        return table
    return pd.DataFrame({"说明 / note": [
        f"本表共 {len(table):,} 行，超过工作簿上限 {MAX_SHEET_ROWS:,} 行，请使用同目录下的 {name}.csv。",
        f"{len(table):,} rows, more than the workbook limit of {MAX_SHEET_ROWS:,}: use {name}.csv in this folder."]})


def _write_manifest(
    ctx: RunContext, started: dt.datetime, timings: dict[str, float], titles: dict[str, str], inputs: list[dict],
    *, final: bool,
) -> None:
    """Written after every stage (the report stage reads it), complete only at the end."""
    cfg, study = ctx.config, ctx.study
    log = study.log
    manifest = {
        "study": cfg.study.model_dump(mode="json"),
        "package": "citysurvey",
        "package_version": __version__,
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "pandas_version": pd.__version__,
        "started_at": started.isoformat(timespec="seconds"),
        "complete": final,
        "config_file": str(cfg.path) if cfg.path else None,
        "config": config_as_dict(cfg),
        "inputs": inputs,
        "counts": {
            "n_input_rows": log.n_input,
            "n_kept": log.count("kept"),
            "n_changed": log.count("changed"),
            "n_dropped": log.count("dropped"),
            "n_valid": study.n,  # kept + changed: the valid sample (有效样本)
        },
        "stages": [
            {"name": "loading", "title_zh": "读取与校验", "seconds": round(timings.get("loading", 0.0), 3), "summary": {}}
        ]
        + [
            {"name": name, "title_zh": titles.get(name, name), "seconds": round(timings.get(name, 0.0), 3),
             "summary": res.summary}
            for name, res in ctx.results.items()
        ],
    }
    if final:
        manifest["finished_at"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        manifest["outputs"] = list_files(ctx.out_dir, exclude=("manifest.json",))
    write_json(manifest, ctx.out_dir / "manifest.json")
