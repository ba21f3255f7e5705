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
import json
import shutil
import platform
import sys
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

import pandas as pd

from . import __version__
from .config import StudyConfig, config_as_dict, load_study
from .coverage import gaps_for_manifest, study_gaps
from .errors import ConfigError, Problem
from .loading import StudyData, load_study_data
from .registry import default_stages
from .privacy import HEADERS_ZH as PRIVACY_HEADERS_ZH
from .privacy import WORKBOOK_VALUES, CellRule, publishable
from .schemas import check_handoff
from .outputs import csv_bytes, list_files, sha256_file, staged_folder, write_csv, write_json
from .stage import Later, RunContext, Stage, StageResult
from .writer import OutputWriter

Reporter = Callable[[str, str, float | None], None]  # (stage name, Chinese title, seconds or None=started)


@dataclass
class RunResult:
    r"""What :func:`run_study` returns: the config, the output folder, the data and every stage's result.

    Attributes
    ----------
    config : StudyConfig
        The validated study config.
    output_dir : pathlib.Path
        The output folder written (``output.dir`` of the config).
    study : StudyData
        The validated data the stages read (reverse-worded items already turned round).
    results : dict of str to StageResult
        Each stage's result, by stage name, in the order they ran.
    timings : dict of str to float
        Seconds per step: ``loading`` and each stage that ran.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from citysurvey.pipeline import RunResult, run_study
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "codebook.yaml").write_text(
    ...     "respondent_id: id\n"
    ...     "variables: {id: {type: id}, district: {type: categorical, role: district, categories: [甲区, 乙区]}}\n",
    ...     encoding="utf-8")
    >>> _ = (folder / "responses.csv").write_text("id,district\n1,甲区\n2,乙区\n3,乙区\n", encoding="utf-8")
    >>> _ = (folder / "study.yaml").write_text(
    ...     "study: {id: tiny, name: 小研究, city: 测试市, year: 2026}\n"
    ...     "inputs: {responses: responses.csv, codebook: codebook.yaml}\noutput: {dir: out}\n", encoding="utf-8")
    >>> res = run_study(folder / "study.yaml", stages=[])
    >>> isinstance(res, RunResult), res.output_dir.name, res.study.n, list(res.timings)
    (True, 'out', 3, ['loading'])
    """
    config: StudyConfig
    output_dir: Path
    study: StudyData
    results: dict[str, StageResult] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)


def _quiet(name: str, title: str, seconds: float | None) -> None:
    pass


def validate_study(config: str | Path | StudyConfig) -> tuple[StudyConfig, StudyData]:
    r"""Load and validate a study, then ask every stage what would stop it (``citysurvey validate``).

    Parameters
    ----------
    config : str, pathlib.Path or StudyConfig
        The study.yaml (or an already loaded config).

    Returns
    -------
    config : StudyConfig
        The validated config.
    study : StudyData
        The validated data, reverse-worded items turned round (:func:`reverse_worded`).

    Raises
    ------
    ConfigError
        The config, the codebook or a stage's check fails: every problem at once, each naming
        the file, key or variable and what to do (what ``run`` would refuse). Charts or the
        report without the ``[report]`` extra installed are among them.
    InputError
        A data file does not fit the codebook (file, row, column, value).

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from citysurvey.pipeline import validate_study
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "codebook.yaml").write_text(
    ...     "respondent_id: id\n"
    ...     "variables: {id: {type: id}, district: {type: categorical, role: district, categories: [甲区, 乙区]}}\n",
    ...     encoding="utf-8")
    >>> _ = (folder / "responses.csv").write_text("id,district\n1,甲区\n2,乙区\n3,乙区\n", encoding="utf-8")
    >>> _ = (folder / "study.yaml").write_text(
    ...     "study: {id: tiny, name: 小研究, city: 测试市, year: 2026}\n"
    ...     "inputs: {responses: responses.csv, codebook: codebook.yaml}\noutput: {dir: out}\n", encoding="utf-8")
    >>> cfg, study = validate_study(folder / "study.yaml")
    >>> cfg.study.name, study.n, study.responses["district"].tolist()
    ('小研究', 3, ['甲区', '乙区', '乙区'])
    """
    cfg = config if isinstance(config, StudyConfig) else load_study(config)
    study = reverse_worded(load_study_data(cfg))
    check_stages(cfg, study, default_stages())
    return cfg, study


def reverse_worded(study: StudyData) -> StudyData:
    """Items declared ``reverse: true`` turned round by position (p → k + 1 − p), once, before any stage.

    Special answers (negative) and blanks are left as they are; from here on every
    item reads 1 = least satisfied … k = most satisfied.

    Parameters
    ----------
    study : StudyData
        The validated data.

    Returns
    -------
    StudyData
        The same study with the reverse-worded items turned round (a new object; the input is
        unchanged), or ``study`` itself when no item is reverse-worded.

    Examples
    --------
    >>> import pandas as pd
    >>> from citysurvey.codebook import Codebook
    >>> from citysurvey.loading import CleaningLog, StudyData
    >>> from citysurvey.pipeline import reverse_worded
    >>> cb = Codebook.model_validate({"respondent_id": "id",
    ...     "scales": {"s5": {"codes": [1, 2, 3, 4, 5], "labels": ["很不满意", "不满意", "一般", "满意", "很满意"]}},
    ...     "variables": {"id": {"type": "id"}, "q1": {"type": "likert", "scale": "s5"},
    ...                   "q2": {"type": "likert", "scale": "s5", "reverse": True}}})
    >>> responses = pd.DataFrame({"q1": [5, 2, 4], "q2": pd.array([1, -1, None], dtype="Int8")})
    >>> out = reverse_worded(StudyData(responses, cb, CleaningLog(pd.DataFrame(), pd.DataFrame())))
    >>> out.responses["q1"].tolist(), out.responses["q2"].tolist()
    ([5, 2, 4], [5, -1, <NA>])
    """
    names = [n for n in study.codebook.items if study.codebook.variables[n].reverse and n in study.responses.columns]
    if not names:
        return study
    responses = study.responses.copy()
    for name in names:
        k = study.codebook.scales[study.codebook.variables[name].scale].n_points
        x = responses[name]
        responses[name] = x.where(~((x >= 1) & (x <= k)).fillna(False), k + 1 - x)
    return replace(study, responses=responses)


def check_stages(cfg: StudyConfig, study: StudyData, stages: list[Stage]) -> None:
    """Ask every enabled stage what would stop it, and report all of it at once.

    A stage may define ``check(config, study) -> list[Problem]``; it checks the
    study's config against its data (variables named, scales, cut-offs) so that a
    run never stops half-way on something ``validate`` could have said. Charts or the
    report without the ``[report]`` extra are asked here too
    (:func:`citysurvey.extras.rendering_problems`).

    Parameters
    ----------
    cfg : StudyConfig
        The study config.
    study : StudyData
        The validated data.
    stages : list of Stage
        The stages of the run; disabled ones are not asked.

    Returns
    -------
    None
        When nothing would stop the run.

    Raises
    ------
    ConfigError
        Every problem of every stage, at once.

    Examples
    --------
    >>> import pandas as pd
    >>> from types import SimpleNamespace
    >>> from citysurvey.errors import ConfigError, Problem
    >>> from citysurvey.pipeline import check_stages
    >>> class Picky:
    ...     name, title_zh = "picky", "挑剔"
    ...     def enabled(self, config):
    ...         return True
    ...     def check(self, config, study):
    ...         return [Problem(zh="缺少变量 income。", en="variable income is missing.")]
    >>> try:
    ...     check_stages(SimpleNamespace(path=None, stages={}), None, [Picky()])
    ... except ConfigError as exc:
    ...     print(exc)
    [错误] 缺少变量 income。
    [Error] variable income is missing.
    """
    from .extras import rendering_problems

    problems: list[Problem] = rendering_problems(cfg, stages)
    for stage in stages:
        check = getattr(stage, "check", None)
        if check is not None and stage.enabled(cfg):
            problems.extend(check(cfg, study))
    if problems:
        raise ConfigError(problems)


def stage_order(stages: list[Stage] | None = None) -> list[str]:
    """Stage names in data-flow order: the registry's, then any others given.

    Parameters
    ----------
    stages : list of Stage, optional
        The stages of a run; those not in the registry are appended in the order given.

    Returns
    -------
    list of str
        Stage names; the manifest marks stages downstream of a changed one as stale by it.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> from citysurvey.pipeline import stage_order
    >>> stage_order([SimpleNamespace(name="custom")])[-3:]
    ['waves', 'report', 'custom']
    """
    from .registry import STAGES

    names = [s.name for s in STAGES]
    return names + [s.name for s in stages or [] if s.name not in names]


def check_stage_name(name: str, stages: list[Stage], *, option: str = "--until") -> str:
    """``name`` if a stage of this run has it, else a ConfigError listing the valid names.

    Parameters
    ----------
    name : str
        A stage name given by the user (``--until``).
    stages : list of Stage
        The stages of the run.
    option : str
        The option the name came from, for the message.

    Returns
    -------
    str
        ``name``, unchanged.

    Raises
    ------
    ConfigError
        No stage of the run has that name; the message lists the valid ones.

    Examples
    --------
    >>> from citysurvey.pipeline import check_stage_name
    >>> from citysurvey.registry import default_stages
    >>> check_stage_name("scoring", default_stages())
    'scoring'
    >>> check_stage_name("scorin", default_stages())
    Traceback (most recent call last):
        ...
    citysurvey.errors.ConfigError: [错误] 值「scorin」：未知的环节「scorin」（--until）。...
    """
    names = [s.name for s in stages]
    if name not in names:
        raise ConfigError(Problem(
            zh=f"未知的环节「{name}」（{option}）。可选的环节：{'、'.join(names)}。",
            en=f"unknown stage {name!r} ({option}). Valid stages: {', '.join(names)}.",
            value=name,
            hint_zh="请检查拼写；不加该选项则运行全部环节。",
            hint_en="Check the spelling; leave the option out to run every stage.",
        ))
    return name


def run_study(
    config: str | Path | StudyConfig,
    *,
    stages: list[Stage] | None = None,
    until: str | None = None,
    report: Reporter = _quiet,
    background: int | None = None,
) -> RunResult:
    r"""Run the pipeline for one study and write its output folder atomically.

    A partial run (``until``, or a subset of ``stages``) replaces only the outputs
    of the stages it runs; the others are kept, and the manifest marks those
    downstream of a stage whose outputs changed as stale.

    Parameters
    ----------
    config : str, pathlib.Path or StudyConfig
        The study.yaml (or an already loaded config).
    stages : list of Stage, optional
        The stages to run, in order; default every registered stage
        (:func:`citysurvey.registry.default_stages`). A stage of one's own follows
        :class:`citysurvey.stage.Stage`.
    until : str, optional
        Stop after this stage (``citysurvey run --until``).
    report : callable, optional
        ``report(name, title_zh, seconds)`` hears each step start (``seconds`` None) and end.
    background : int, optional
        Worker processes that make the stages' charts and workbooks while the next stages run
        (:mod:`citysurvey.writer`); default one when the machine has a second core, 0 to make
        them in this process (a batch whose workers already keep every core busy). A stage may
        keep this many cores plus its own busy with independent blocks of its work
        (:attr:`citysurvey.stage.RunContext.cores`).

    Returns
    -------
    RunResult
        The config, the output folder, the data, each stage's result and the timings. The
        folder holds ``manifest.json`` (inputs' hashes, config, version, timings, outputs'
        hashes), ``data/`` (validated responses and the cleaning log) and one folder per
        stage with its tables as CSV and a workbook.

    Raises
    ------
    ConfigError
        The config, the codebook or a stage's check fails, or ``until`` names no stage.
    InputError
        A data file does not fit the codebook.
    StageError
        A stage cannot proceed with its data; nothing of the run is written.

    Examples
    --------
    A run of one stage of one's own on a three-row study:

    >>> import tempfile
    >>> from pathlib import Path
    >>> from citysurvey.pipeline import run_study
    >>> from citysurvey.stage import StageResult
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "codebook.yaml").write_text(
    ...     "respondent_id: id\n"
    ...     "variables: {id: {type: id}, district: {type: categorical, role: district, categories: [甲区, 乙区]}}\n",
    ...     encoding="utf-8")
    >>> _ = (folder / "responses.csv").write_text("id,district\n1,甲区\n2,乙区\n3,乙区\n", encoding="utf-8")
    >>> _ = (folder / "study.yaml").write_text(
    ...     "study: {id: tiny, name: 小研究, city: 测试市, year: 2026}\n"
    ...     "inputs: {responses: responses.csv, codebook: codebook.yaml}\noutput: {dir: out}\n", encoding="utf-8")
    >>> class Count:
    ...     name, title_zh = "count", "计数"
    ...     def enabled(self, config):
    ...         return True
    ...     def run(self, ctx):
    ...         t = ctx.study.responses.groupby("district", observed=True).size().rename("n").reset_index()
    ...         return StageResult(self.name, tables={"by_district": t}, summary={"n": int(t["n"].sum())})
    >>> res = run_study(folder / "study.yaml", stages=[Count()])
    >>> res.results["count"].summary
    {'n': 3}
    >>> print((res.output_dir / "count" / "by_district.csv").read_text(encoding="utf-8-sig"))
    district,n
    甲区,1
    乙区,2
    >>> sorted(p.name for p in res.output_dir.iterdir())
    ['count', 'data', 'manifest.json']
    """
    from threadpoolctl import threadpool_limits

    started = dt.datetime.now(dt.timezone.utc)
    stages = default_stages() if stages is None else stages
    if until is not None:
        check_stage_name(until, stages)
    cfg = config if isinstance(config, StudyConfig) else load_study(config)
    timings: dict[str, float] = {}

    report("loading", "读取与校验", None)
    t = time.perf_counter()
    study = reverse_worded(load_study_data(cfg))
    timings["loading"] = time.perf_counter() - t
    report("loading", "读取与校验", timings["loading"])
    check_stages(cfg, study, stages)

    titles = {s.name: s.title_zh for s in stages}
    inputs = [{"role": role, "path": str(path), "sha256": sha256_file(path), "bytes": path.stat().st_size}
              for role, path in study.sources.items()]
    previous = read_manifest(cfg.output.dir)
    book = _StageBook(previous, stage_order(stages))
    with staged_folder(cfg.output.dir, carry=True) as staging, OutputWriter(background) as writer:
        # the analysis's own core and each background worker's: a batch task (background=0) gets one
        cells = CellRule.of(cfg, study)
        ctx = RunContext(config=cfg, study=study, out_dir=staging, cores=1 + writer.workers, cells=cells)
        _clear(staging / "data")
        _write_study_data(study, staging / "data", writer)
        _write_manifest(ctx, started, timings, titles, inputs, book, final=False)
        unsettled: list[str] = ["loading"]  # stages whose files may still be in the making

        def settle() -> None:
            writer.settle()
            for name in unsettled:
                book.ran(name, staging)  # hashes the stage's folder: once its files are all there
            unsettled.clear()

        reached = False
        for stage in stages:
            if reached:
                book.not_run(stage.name, titles[stage.name])
                continue
            reached = until == stage.name
            _clear(staging / stage.name)
            if not stage.enabled(cfg):
                book.disabled(stage.name)
                continue
            if getattr(stage, "reads_outputs", False):
                settle()
            report(stage.name, stage.title_zh, None)
            t = time.perf_counter()
            # one BLAS thread: a threaded product sums in another order, and the same study gave workbooks
            # differing in their last digits on machines with another core count (smallarea, text shares)
            with threadpool_limits(limits=1, user_api="blas"):
                result = stage.run(ctx)
            check_handoff(stage.name, result.tables)
            # tiny domains blanked before a later stage reads the tables or they are written (privacy.py)
            result = publishable(result, cells)
            ctx.results[stage.name] = result
            _write_stage(result, staging / stage.name, writer, excel=cfg.output.excel,
                         ids=study.codebook.respondent_id, variables=study.codebook.labels())
            timings[stage.name] = time.perf_counter() - t
            unsettled.append(stage.name)
            report(stage.name, stage.title_zh, timings[stage.name])
            _write_manifest(ctx, started, timings, titles, inputs, book, final=False)
        settle()
        _write_manifest(ctx, started, timings, titles, inputs, book, final=True)
    return RunResult(config=cfg, output_dir=cfg.output.dir, study=study, results=ctx.results, timings=timings)


def read_manifest(output_dir: str | Path) -> dict | None:
    """The manifest of an output folder, or None when there is none (or it is unreadable).

    Parameters
    ----------
    output_dir : str or pathlib.Path
        A study's output folder.

    Returns
    -------
    dict or None
        ``manifest.json`` as written by :func:`run_study`: ``stages`` (name, status, seconds,
        summary), ``inputs`` and ``outputs`` (path, sha256), the config, the version…; None
        when the file is missing or not JSON.

    Examples
    --------
    >>> import json, tempfile
    >>> from pathlib import Path
    >>> from citysurvey.pipeline import read_manifest
    >>> folder = Path(tempfile.mkdtemp())
    >>> read_manifest(folder) is None
    True
    >>> _ = (folder / "manifest.json").write_text(json.dumps({"stages": []}), encoding="utf-8")
    >>> read_manifest(folder)
    {'stages': []}
    """
    path = Path(output_dir) / "manifest.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _clear(folder: Path) -> None:
    """Remove a stage's previous outputs before it writes (or is switched off)."""
    if folder.is_dir():
        shutil.rmtree(folder)


def _folder_hashes(entries: list[dict], folder: str) -> dict[str, str]:
    prefix = f"{folder}/"
    return {e["path"]: e["sha256"] for e in entries if str(e.get("path", "")).startswith(prefix)}


class _StageBook:
    """Which stage outputs this run wrote, kept, or left stale (the manifest's ``status``).

    ``done``: written by this run, or kept from an earlier run upstream of every change;
    ``stale``: kept from an earlier run although a stage before it now wrote different
    outputs; ``disabled``: switched off in the config (no outputs); ``not_run``: enabled
    but outside this partial run and never run before.
    """

    def __init__(self, previous: dict | None, order: list[str]):
        self.order = ["loading", *order]
        self.previous = {s["name"]: s for s in (previous or {}).get("stages", []) if "name" in s}
        self.previous_outputs = (previous or {}).get("outputs") or []
        self.previous_disabled = set((previous or {}).get("disabled") or [])
        self.status: dict[str, str] = {}
        self.changed: set[str] = set()

    def ran(self, name: str, staging: Path) -> None:
        folder = "data" if name == "loading" else name
        before = _folder_hashes(self.previous_outputs, folder)
        after = _folder_hashes(list_files(staging, exclude=("manifest.json",)), folder)
        if before != after or name not in self.previous:
            self.changed.add(name)
        self.status[name] = "done"

    def disabled(self, name: str) -> None:
        self.status[name] = "disabled"

    def not_run(self, name: str, title: str) -> None:
        # switched off last time and not reached now: still off, not missing
        self.status[name] = "disabled" if name in self.previous_disabled else "not_run"

    def _upstream_changed(self, name: str) -> bool:
        pos = self.order.index(name) if name in self.order else len(self.order)
        return any(self.order.index(c) < pos for c in self.changed if c in self.order)

    def records(self, results: dict[str, StageResult], timings: dict[str, float], titles: dict[str, str]) -> list[dict]:
        out = []
        for name in self.order:
            if name in results or name == "loading":
                summary = results[name].summary if name in results else {}
                out.append({"name": name, "title_zh": "读取与校验" if name == "loading" else titles.get(name, name),
                            "seconds": round(timings.get(name, 0.0), 3), "summary": summary, "status": "done"})
            elif self.status.get(name, "not_run") == "not_run" and name in self.previous:
                old = dict(self.previous[name])
                stale = old.get("status") == "stale" or self._upstream_changed(name)
                out.append(old | {"status": "stale" if stale else "done"})
        return out

    def missing(self) -> dict[str, list[str]]:
        return {
            "disabled": [n for n in self.order if self.status.get(n) == "disabled"],
            "not_run": [n for n in self.order if self.status.get(n) == "not_run" and n not in self.previous],
        }


def record_report(output_dir: str | Path, summary: dict) -> None:
    """After ``citysurvey report``: the report stage's entry and every output's hash, rewritten.

    The manifest then describes the folder as it is, reports included.

    Parameters
    ----------
    output_dir : str or pathlib.Path
        The study's output folder.
    summary : dict
        What :func:`citysurvey.report.stage.render_reports` returned (engine, seconds, reports…).

    Returns
    -------
    None
        The manifest is rewritten atomically; nothing happens when the folder has none.

    Examples
    --------
    >>> import json, tempfile
    >>> from pathlib import Path
    >>> from citysurvey.pipeline import read_manifest, record_report
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "manifest.json").write_text(json.dumps({"stages": [{"name": "scoring"}], "not_run": ["report"]}),
    ...                                           encoding="utf-8")
    >>> record_report(folder, {"seconds": 1.5, "n_reports": 1})
    >>> m = read_manifest(folder)
    >>> [s["name"] for s in m["stages"]], m["stages"][-1]["status"], m["not_run"]
    (['scoring', 'report'], 'done', [])
    """
    output_dir = Path(output_dir)
    manifest = read_manifest(output_dir)
    if manifest is None:
        return
    entry = {"name": "report", "title_zh": "报告", "seconds": summary.get("seconds", 0.0), "summary": summary,
             "status": "done"}
    manifest["stages"] = [s for s in manifest.get("stages", []) if s.get("name") != "report"] + [entry]
    manifest["not_run"] = [n for n in manifest.get("not_run") or [] if n != "report"]
    manifest["reported_at"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    manifest["outputs"] = list_files(output_dir, exclude=("manifest.json",))
    write_json(manifest, output_dir / "manifest.json")


def _write_study_data(study: StudyData, folder: Path, writer: OutputWriter) -> None:
    """The validated data and the cleaning log; the two long tables on the background writer (a million
    respondents: about 9 s of CSV writing beside the stages instead of before them)."""
    folder.mkdir(parents=True, exist_ok=True)
    writer.write(folder / "validated_responses.csv", Later(csv_bytes, (study.responses,), {"index": True}))
    writer.write(folder / "cleaning_log.csv", Later(csv_bytes, (study.log.rows,)))
    write_csv(study.log.changes, folder / "cleaning_changes.csv")
    write_csv(study.log.summary(), folder / "cleaning_summary.csv")


def _write_stage(result: StageResult, folder: Path, writer: OutputWriter, *, excel: bool, ids: str | None = None,
                 variables: dict[str, str] | None = None) -> None:
    """The stage's tables as CSV now; its files and workbook through `writer` (maybe on a background process)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, table in result.tables.items():
        write_csv(table, folder / f"{name}.csv")
    for rel, data in result.files.items():
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        writer.write(target, data)
    if excel and result.workbook and result.tables:
        from .excel import COMMON_HEADERS_ZH, GLOSSARY_ZH, variable_values, workbook_bytes

        sheets = {result.sheet_names.get(k, k): _sheet_or_note(k, v) for k, v in result.tables.items()}
        # the study's own name for its respondent id (rid, 序号 …) reads 问卷编号 like the demo's resp_id
        own_id = {ids: GLOSSARY_ZH["respondent_id"]} if ids else {}
        values = variable_values(variables or {}) | WORKBOOK_VALUES | result.workbook_values
        writer.write(folder / f"{result.name}.xlsx", Later(workbook_bytes, (sheets,), {
            "headers": COMMON_HEADERS_ZH | PRIVACY_HEADERS_ZH | own_id | result.headers, "values": values}))


def _gaps(cfg: StudyConfig, study: StudyData, book: _StageBook, titles: dict[str, str]) -> list:
    scoring = cfg.stages.get("scoring")
    text = cfg.stages.get("text")
    # a stage that is off because the study lacks its input is stated by that input's own gap
    previous = bool(getattr(cfg.stages.get("waves"), "previous", None))
    off_by_input = {"text": not study.codebook.names(role="suggestion"), "weighting": study.margins is None,
                    "waves": not previous}
    # the report stage is stated by the reports themselves, never inside them
    disabled = {n: titles.get(n, n) for n, s in book.status.items()
                if s == "disabled" and not off_by_input.get(n) and n != "report"}
    return study_gaps(study.codebook, overall_item=getattr(scoring, "overall_item", None),
                      text_column=getattr(text, "column", None), has_margins=study.margins is not None,
                      has_indicators=study.indicators is not None, disabled=disabled,
                      has_previous_wave=previous)


#: a longer table (one row per respondent in a large study: weights, suggestions) stays in its CSV
#: only: a sheet of 100,000 rows takes seconds to write and Excel opens at most 1,048,576 rows
MAX_SHEET_ROWS = 100_000


def _sheet_or_note(name: str, table: pd.DataFrame) -> pd.DataFrame:
    if len(table) <= MAX_SHEET_ROWS:
        return table
    return pd.DataFrame({"说明 / note": [
        f"本表共 {len(table):,} 行，超过工作簿上限 {MAX_SHEET_ROWS:,} 行，请使用同目录下的 {name}.csv。",
        f"{len(table):,} rows, more than the workbook limit of {MAX_SHEET_ROWS:,}: use {name}.csv in this folder."]})


def _write_manifest(
    ctx: RunContext, started: dt.datetime, timings: dict[str, float], titles: dict[str, str], inputs: list[dict],
    book: _StageBook, *, final: bool,
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
        "complete": final and not any(r["status"] != "done" for r in book.records(ctx.results, timings, titles))
        and not book.missing()["not_run"],
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
        "stages": book.records(ctx.results, timings, titles) if final else [
            r for r in book.records(ctx.results, timings, titles) if r["name"] in ctx.results or r["name"] == "loading"
        ],
        **(book.missing() if final else {}),
        "variables": {"respondent_id": study.codebook.respondent_id, "district": study.codebook.district,
                      "street": next(iter(study.codebook.names(role="street")), None)},
        "absent": gaps_for_manifest(_gaps(cfg, study, book, titles)),
    }
    if final:
        manifest["finished_at"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        manifest["outputs"] = list_files(ctx.out_dir, exclude=("manifest.json",))
    write_json(manifest, ctx.out_dir / "manifest.json")


__all__ = [
    "RunResult", "run_study", "validate_study", "reverse_worded", "check_stages", "stage_order", "check_stage_name",
    "read_manifest", "record_report",
]
