"""Run many studies on Dask: peer values, analyses, renders and the roll-up.

The order of work::

    peer values  one small task per study: its whole-city indicator values → peer_values.csv
    analysis     one task per study that is not current (see :func:`stale_reason`)
    render       as soon as a study's analysis succeeds: one task per study, in the worker's own
                 process on workers of one thread each (a local cluster's); for the batch's last
                 cities (as many as workers, :func:`split_render`) a task for its chart step and then
                 one task per document (city and district reports), so the last cities' documents
                 still use every worker; the report folder is swapped in when all have succeeded.
    roll-up      in this process, from the studies' output folders
    summary      one task rendering the provincial summary report

Batch folder (``output/batch_<name>/`` by default)::

    statuses.csv       one row per study: ok / skipped / failed, why, seconds, worker, message
    batch.json         cluster, dashboard, counts, wall times per phase, each task's times
    peer_values.csv    every city's whole-city indicator values (the peer group)
    rollup/            the roll-up tables and rollup.xlsx (see :mod:`citysurvey.batch.rollup`)
    report/            province_report.html / .pdf (.docx when the engine writes it)
"""
from __future__ import annotations

import datetime as dt
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import pandas as pd

from ..config import load_study
from ..errors import CitySurveyError, ConfigError, Problem
from ..indicators.peers import PEER_COLUMNS, PEER_FILE
from ..outputs import write_csv, write_json
from ..stage import usable_cores
from . import tasks
from .rollup import build_rollup, write_rollup
from .studies import stale_reason

STATUS_COLUMNS = ("study_id", "city", "status", "reason", "seconds", "render_status", "render_seconds", "worker",
                  "message_zh", "message_en", "config", "output_dir")
GIB = 1024 ** 3
#: the local cluster's own clocks, slower than Dask's defaults: every server (scheduler, nannies, workers) checks its
#: event loop every 20 ms and samples the machine every 0.5 s, and each worker its memory every 0.1 s; the worker's
#: checks wake beside its task. Idle, a local cluster of two workers (with the scheduler and client in this process)
#: took 5.1-5.9% of a core so, 1.5-2.0% with these (15 s idle, four runs each; bench/README.md), about 5 CPU s of
#: an 8-city batch; a study's tasks last seconds, and a worker over its memory is still seen within half a second
QUIET = {"distributed.admin.tick.interval": "1s", "distributed.admin.system-monitor.interval": "2s",
         "distributed.worker.memory.monitor-interval": "500ms"}


def require_dask():
    """Import dask.distributed, or say how to install it."""
    try:
        import distributed
    except ImportError:
        raise ConfigError(Problem(
            zh="批量运行需要 dask.distributed，但当前环境未安装。",
            en="batch runs need dask.distributed, which is not installed.",
            hint_zh="请安装：pip install 'citysurvey[batch]'（集群中每个工作节点也需要安装）。",
            hint_en="Install it: pip install 'citysurvey[batch]' (every worker of a cluster needs it too).",
        )) from None
    return distributed


def machine() -> tuple[int, int]:
    """Cores and physical memory (bytes) of this machine."""
    cores = usable_cores()
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return cores, memory


def local_workers(n_workers: int | None = None, *, per_worker_gib: float = 3.0) -> tuple[int, int]:
    """Worker processes and each one's memory limit for a local cluster.

    One single-threaded process per core (the stages are pandas/numpy code holding the GIL
    much of the time, so processes, not threads, use the cores), but no more than memory
    allows at ``per_worker_gib`` each (a 3,000-respondent study peaks well under 1 GiB; the
    reports' kernel adds about 0.5 GiB); 90% of the memory is shared out.
    """
    cores, memory = machine()
    fit = max(1, int(memory * 0.9 // (per_worker_gib * GIB)))
    n = n_workers or max(1, min(cores, fit))
    return n, int(memory * 0.9 // n)


# --- executors: Dask, or this process one task after another ---------------------------------------

class _SerialFuture:
    def __init__(self, fn: Callable, args: tuple):
        self.fn, self.args, self._done, self._value = fn, args, False, None

    def result(self):
        if not self._done:
            self._value, self._done = self.fn(*self.args), True
        return self._value


class SerialExecutor:
    """The same work in this process, in order: the baseline of the benchmark, and for debugging."""

    address = "serial"
    dashboard = ""
    n_workers = 1
    split_renders = False  # a city's documents render one after another in its task (see DaskExecutor)

    def submit(self, fn, *args, key: str | None = None):
        return _SerialFuture(fn, args)

    def completed(self, futures):
        queue = list(futures)
        while queue:
            f = queue.pop(0)
            f.result()
            yield f, queue.append

    def close(self):
        pass


class DaskExecutor:
    """A ``dask.distributed`` client: of a new local cluster, or of an existing scheduler."""

    def __init__(self, scheduler: str | None = None, n_workers: int | None = None):
        distributed = require_dask()
        self._distributed = distributed
        self.cluster = None
        if scheduler:
            try:
                self.client = distributed.Client(scheduler, timeout="20s")
            except (OSError, TimeoutError) as exc:
                raise ConfigError(Problem(
                    zh=f"无法连接 Dask 调度器 {scheduler}：{exc}", en=f"cannot reach the Dask scheduler {scheduler}: {exc}",
                    hint_zh="请检查地址（如 tcp://10.0.0.5:8786）和调度器是否在运行。",
                    hint_en="Check the address (e.g. tcp://10.0.0.5:8786) and that the scheduler is running.")) from None
        else:
            import dask

            n, limit = local_workers(n_workers)
            # the workers' statistical profiler samples every 10 ms from a second thread: on a
            # GIL-bound study that costs CPU and it fails on some frames; the dashboard keeps its task view
            # and they keep glibc's own malloc tuning: Dask's MALLOC_TRIM_THRESHOLD_ turns off the adaptive mmap
            # threshold, so every array over 128 KiB is mapped afresh: a 3,000-respondent study took 2.8× the
            # page faults, twice the system time and 11% more CPU (17.3 against 15.6 s, three runs each);
            # BLAS/OpenMP and Typst stay at one thread per worker (tasks.one_core_environment)
            environ = {k: v for k, v in dask.config.get("distributed.nanny.pre-spawn-environ", {}).items()
                       if k != "MALLOC_TRIM_THRESHOLD_"}
            environ |= tasks.one_core_environment()
            # a nanny writes its variables into this process's environment before spawning, so a cluster
            # started earlier in this process (or the caller's shell) would hand the setting on all the same;
            # this process's own malloc read its settings at start and is not affected
            os.environ.pop("MALLOC_TRIM_THRESHOLD_", None)
            # a worker renders through the report engine's kernel processes: a daemonic worker may not
            # start children (every render task failed with "daemonic processes are not allowed to have children")
            with dask.config.set(QUIET | {"distributed.worker.profile.enabled": False,
                                          "distributed.nanny.pre-spawn-environ": environ,
                                          "distributed.worker.daemon": False}):
                self.cluster = distributed.LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                                        memory_limit=limit, dashboard_address="127.0.0.1:0",
                                                        host="127.0.0.1")
            self.client = distributed.Client(self.cluster)
        self.address = self.client.scheduler.address
        self.dashboard = self.client.dashboard_link or ""
        workers = self.client.scheduler_info().get("workers", {})
        self.n_workers = len(workers)
        #: a city's documents as tasks of their own, after its chart step: a worker renders a document in its
        #: own process (one shell, one working folder), so only where each worker runs one task at a time
        self.split_renders = bool(workers) and all(w.get("nthreads") == 1 for w in workers.values())

    def submit(self, fn, *args, key: str | None = None):
        return self.client.submit(fn, *args, pure=False, key=key)

    def completed(self, futures):
        ac = self._distributed.as_completed(list(futures))
        for f in ac:
            yield f, ac.add

    def close(self):
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


# --- the batch ---------------------------------------------------------------------------------------

@dataclass
class BatchResult:
    folder: Path
    statuses: pd.DataFrame
    info: dict
    rollup: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def n_failed(self) -> int:
        return int((self.statuses["status"] == "failed").sum() + (self.statuses["render_status"] == "failed").sum())


def _result(future, config: str, step: str) -> dict:
    """A task's row; a task lost with its worker (killed, out of memory) becomes a failure too."""
    try:
        return future.result()
    except Exception as exc:  # noqa: BLE001
        return {"config": config, "step": step, "status": "failed"} | tasks.failure(exc)


def _progress(console, enabled: bool):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=console, disable=not enabled, transient=False)


def run_batch(studies: list[Path], *, folder: Path, scheduler: str | None = None, n_workers: int | None = None,
              serial: bool = False, force: bool = False, render: bool = True, console=None,
              progress: bool = True, summary_formats: tuple[str, ...] | None = None,
              summary_engine: str = "auto") -> BatchResult:
    """Run `studies` (config paths) as independent tasks and write the batch folder.

    >>> res = run_batch([Path("a.yaml"), Path("b.yaml")], folder=Path("output/batch_x"))  # doctest: +SKIP
    >>> res.statuses[["study_id", "status"]]                                                 # doctest: +SKIP
    """
    from rich.console import Console

    console = console or Console(stderr=True, highlight=False)
    started_at = dt.datetime.now(dt.timezone.utc)
    t0 = time.perf_counter()
    folder = Path(folder).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    rows: dict[str, dict] = {}
    configs: dict[str, Any] = {}
    for path in studies:
        key = str(Path(path).resolve())
        try:
            configs[key] = load_study(key)
        except CitySurveyError as exc:
            rows[key] = {"config": key, "study_id": Path(key).stem, "status": "failed", "step": "config"} | tasks.failure(exc)
    _check_unique(configs)

    t = time.perf_counter()
    executor = SerialExecutor() if serial else DaskExecutor(scheduler, n_workers)
    cluster_seconds = round(time.perf_counter() - t, 3)
    info: dict = {"folder": str(folder), "started_at": started_at.isoformat(timespec="seconds"),
                  "scheduler": executor.address, "dashboard": executor.dashboard, "n_workers": executor.n_workers,
                  "n_studies": len(studies), "force": force, "render": render, "phases": {"cluster": cluster_seconds}}
    if executor.dashboard:
        console.print(f"Dask 仪表盘 / dashboard: {executor.dashboard}", markup=False)
    console.print(f"调度器 / scheduler: {executor.address}，工作进程 / workers: {executor.n_workers}", markup=False)
    renders: dict[str, dict] = {}
    try:
        t = time.perf_counter()
        peer_values = _peer_values(executor, list(configs), folder)
        info["phases"]["peer_values"] = round(time.perf_counter() - t, 3)

        todo = {}
        for key, cfg in configs.items():
            reason = "强制重跑 / forced" if force else stale_reason(cfg)
            base = {"config": key, "study_id": cfg.study.id, "city": cfg.study.city, "output_dir": str(cfg.output.dir)}
            if reason is None:
                rows[key] = base | {"status": "skipped", "reason": "输入与配置未变 / inputs and config unchanged",
                                    "seconds": 0.0}
            else:
                todo[key] = reason
                rows[key] = base | {"status": "pending", "reason": reason}
        render_keys = [k for k, r in rows.items() if render and r["status"] == "skipped"
                       and (force or not (configs[k].output.dir / "report").is_dir())]
        rollup: dict[str, pd.DataFrame] = {}

        def roll_up(add: Callable) -> None:
            """The roll-up needs only the analyses: it is written, and the summary report queued, as soon
            as the last analysis ends, so the summary renders beside the cities' last documents."""
            nonlocal rollup
            t_roll = time.perf_counter()
            done = {configs[k].study.id: configs[k].output.dir for k, r in rows.items()
                    if r["status"] in ("ok", "skipped") and k in configs}
            rollup = build_rollup(done, peer_values)
            write_rollup(rollup, folder / "rollup")
            info["phases"]["rollup"] = round(time.perf_counter() - t_roll, 3)
            if render:
                f = executor.submit(tasks.render_province, str(folder), list(summary_formats or ()), summary_engine,
                                    key=f"render-summary-{time.time_ns()}")
                futures[f] = ("s", str(folder))
                add(f)

        splits: dict[str, dict] = {}  # cities whose documents render as tasks: the chart step's row, the documents'

        def submit_render(key: str, add: Callable, after: int) -> None:
            """A city's render: its chart step and then each document as a task of its own where the
            workers allow (:func:`tasks.start_render`) and the city is among the batch's last (`after`: renders
            still to be submitted after this one, see :func:`split_render`), else the whole city in one task."""
            name = f"render-{configs[key].study.id}-{time.time_ns()}"
            if executor.split_renders and split_render(after, executor.n_workers):
                f = executor.submit(tasks.start_render, key, key=name)
                futures[f] = ("c", key)
            else:
                f = executor.submit(tasks.render_study, key, 1, key=name)
                futures[f] = ("r", key)
            add(f)

        t = time.perf_counter()
        with _progress(console, progress) as bar:
            a_task = bar.add_task("分析 / analysis", total=len(todo))
            r_task = bar.add_task("渲染 / render", total=(len(todo) + len(render_keys) + 1) if render else 0,
                                  visible=render)
            futures = {executor.submit(tasks.analyse_study, k, key=f"analysis-{configs[k].study.id}-{time.time_ns()}"): ("a", k)
                       for k in todo}
            for i, k in enumerate(render_keys):
                submit_render(k, lambda f: None, len(render_keys) - i - 1 + len(todo))
            n_analysis = len(todo)
            if n_analysis == 0:  # every study skipped: the summary joins the renders from the start
                info["phases"]["analysis"] = 0.0
                roll_up(lambda f: None)
            last_render = t
            for fut, add in executor.completed(futures):
                kind, key = futures[fut]
                if kind == "a":
                    row = _result(fut, key, tasks.ANALYSIS)
                    rows[key] = rows[key] | row
                    bar.advance(a_task)
                    n_analysis -= 1
                    if render and row["status"] == "ok":
                        submit_render(key, add, n_analysis)
                    elif render:
                        bar.advance(r_task)
                    if n_analysis == 0:
                        info["phases"]["analysis"] = round(time.perf_counter() - t, 3)
                        roll_up(add)
                elif kind in ("r", "c", "d"):
                    row = _result(fut, key[0] if kind == "d" else key, tasks.RENDER)
                    if kind == "c" and row["status"] == "ok" and row.get("documents"):
                        documents = row["documents"]
                        splits[key] = {"start": row, "documents": [None] * len(documents)}
                        for index, document in enumerate(documents):
                            f = executor.submit(tasks.render_document, key, row["target"], document,
                                                key=f"render-{configs[key].study.id}-{index}-{time.time_ns()}")
                            futures[f] = ("d", (key, index))
                            add(f)
                        continue
                    if kind == "d":
                        key, index = key
                        split = splits[key]
                        split["documents"][index] = row
                        if any(d is None for d in split["documents"]):
                            continue
                        row = tasks.finish_render(splits.pop(key)["start"], split["documents"])
                    elif kind == "c" and "documents" in row:  # a split render of no document
                        row = tasks.finish_render(row, [])
                    renders[key] = row
                    bar.advance(r_task)
                    last_render = time.perf_counter()
                else:
                    info["summary_report"] = _result(fut, key, tasks.RENDER)
                    bar.advance(r_task)
        info["phases"].setdefault("analysis", 0.0)
        info["phases"]["analysis_and_render"] = round(time.perf_counter() - t, 3)
        if render:
            # what the summary added after the cities' documents were done (it starts beside them)
            info["phases"]["summary_report"] = round(max(time.perf_counter() - last_render, 0.0), 3)
    finally:
        executor.close()

    statuses = _statuses(rows, renders)
    write_csv(statuses, folder / "statuses.csv")
    info |= {
        "finished_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "seconds": round(time.perf_counter() - t0, 3),
        "counts": {s: int((statuses["status"] == s).sum()) for s in ("ok", "skipped", "failed")},
        "tasks": [{k: v for k, v in r.items() if k in ("study_id", "step", "status", "seconds", "cpu_seconds", "worker", "stage_seconds",
                                                      "threads", "in_process", "parts")}
                  for r in [*rows.values(), *renders.values()]],
    }
    write_json(info, folder / "batch.json")
    return BatchResult(folder=folder, statuses=statuses, info=info, rollup=rollup)


def split_render(after: int, n_workers: int) -> bool:
    """Whether a city's render is split into a task per document (on workers of one thread): only for the
    batch's last `n_workers` cities, those with fewer than `n_workers` renders still to be submitted after them.

    A document as a task of its own opens its session again (the shell's state, Typst's fonts) and is one more
    task to schedule: a demo city's render once took 3-5% more CPU split than whole (a chart step and seven
    documents), in later measurements 0.4%, within the noise (bench/README.md). Either way splitting buys
    nothing while other cities' renders are queued behind it, and it pays at the end, where one city's whole
    render (20-30 s) would keep one worker busy while the others have nothing left. So a city's documents are
    one task (one session, in the worker's own process) while at least `n_workers` renders will be submitted
    after it, and tasks of their own for the last `n_workers` cities, whose documents fill every worker to the
    end. With no more studies than workers every city is split; with many, all but the last `n_workers`
    render whole. Renders are submitted in the order the analyses end, after the analyses (which Dask runs
    first, submitted first), so the split cities' documents are the batch's last tasks.

    >>> [split_render(after, 2) for after in (5, 2, 1, 0)]
    [False, False, True, True]
    """
    return after < n_workers


def _check_unique(configs: dict) -> None:
    problems = []
    for attr, zh, en in (("id", "研究编号", "study id"), ("dir", "输出目录", "output folder")):
        seen: dict = {}
        for key, cfg in configs.items():
            value = cfg.study.id if attr == "id" else cfg.output.dir
            if value in seen:
                problems.append(Problem(zh=f"两个研究的{zh}相同（{value}），结果会互相覆盖。",
                                        en=f"two studies share the {en} {value}; their outputs would overwrite each other.",
                                        file=key, value=str(value),
                                        hint_zh=f"另一个是 {seen[value]}；请改用不同的 study.id 和 output.dir。",
                                        hint_en=f"The other is {seen[value]}; give each study its own study.id and output.dir."))
            seen[value] = key
    if problems:
        raise ConfigError(problems)


def _peer_values(executor, keys: list[str], folder: Path) -> pd.DataFrame:
    futures = [executor.submit(tasks.city_values, k, key=f"peers-{i}-{time.time_ns()}") for i, k in enumerate(keys)]
    frames = []
    for f, _add in executor.completed(futures):
        row = _result(f, "", "peers")
        if row["status"] == "ok" and row["values"]:
            frames.append(pd.DataFrame(row["values"]))
    table = (pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=list(PEER_COLUMNS)))
    table = table[list(PEER_COLUMNS)].sort_values(["study_id", "year", "indicator_id"]).reset_index(drop=True)
    write_csv(table, folder / PEER_FILE)
    return table


def _statuses(rows: dict[str, dict], renders: dict[str, dict]) -> pd.DataFrame:
    out = []
    for key, row in rows.items():
        r = renders.get(key, {})
        out.append({
            "study_id": row.get("study_id", ""), "city": row.get("city", ""), "status": row.get("status", "failed"),
            "reason": row.get("reason", ""), "seconds": row.get("seconds"),
            "render_status": r.get("status", ""), "render_seconds": r.get("seconds"),
            "worker": row.get("worker", ""),
            "message_zh": row.get("message_zh", "") or r.get("message_zh", ""),
            "message_en": row.get("message_en", "") or r.get("message_en", ""),
            "config": key, "output_dir": row.get("output_dir", ""),
        })
    return pd.DataFrame(out, columns=list(STATUS_COLUMNS)).sort_values("study_id", kind="stable").reset_index(drop=True)
