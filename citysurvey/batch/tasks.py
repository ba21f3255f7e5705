"""The work a batch sends to its workers: plain functions of a study config path.

Each returns a small dict (a status row) and never raises for a study's own fault: an error
becomes a ``failed`` row with its bilingual message, so one broken study leaves the others
running. Workers import citysurvey, read the inputs and write the outputs themselves, so every
worker must see the same paths (one machine, or a shared file system).
"""
from __future__ import annotations

import os
import resource
import socket
import time
import traceback
from pathlib import Path

from ..errors import CitySurveyError

ANALYSIS = "analysis"
RENDER = "render"


def _where() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _cpu() -> float:
    """CPU seconds of this process, its finished children (pandoc) and its fork server's: what a task costs."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime + _fork_server_cpu()


def _fork_server_cpu() -> float:
    """CPU seconds of this process's fork server and of the workers it has reaped (the report's documents).

    The report's workers come from the fork server, which this process never waits for, so its own
    rusage misses them: a rendering task counted 1-2 s of a city's 28. The server's times are read from
    /proc (Linux; elsewhere 0). A pool shut down has been joined, and so reaped by the server, by then.
    """
    from multiprocessing import forkserver

    pid = getattr(getattr(forkserver, "_forkserver", None), "_forkserver_pid", None)
    if not pid:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    # utime, stime, cutime, cstime: fields 14-17 of proc(5), counted after the name
    return sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def _timed(row: dict, started: float, cpu: float) -> dict:
    row["seconds"] = round(time.perf_counter() - started, 3)
    # on a worker thread this also counts the worker's own bookkeeping, a small share beside a study
    row["cpu_seconds"] = round(_cpu() - cpu, 3)
    return row


def failure(exc: BaseException) -> dict:
    """A failure's message in Chinese and English (the house format for our own errors)."""
    if isinstance(exc, CitySurveyError):
        text = exc.format()
        lines = text.splitlines()
        zh = "\n".join(line for line in lines if not line.startswith("[Error]")) or text
        en = "\n".join(line for line in lines if line.startswith("[Error]")) or text
        return {"message_zh": zh.strip(), "message_en": en.strip()}
    detail = f"{type(exc).__name__}: {exc}"
    return {"message_zh": f"程序内部错误（{detail}），请将此信息和研究配置报告给维护者。",
            "message_en": f"internal error ({detail}); please report it with the study config.",
            "traceback": traceback.format_exc(limit=8)}


def one_core_environment() -> dict[str, str]:
    """The variables that hold a worker's inner engines to one thread: BLAS and OpenMP (also set per task through
    threadpoolctl, :func:`_one_thread`) and Typst's thread pool (rayon, read once when a process first compiles).

    A worker of the local cluster is one core on a machine whose every core already runs a worker: a second
    thread of an engine only takes time from the other worker. Measured on a demo city's report, Typst's second
    thread neither saved nor cost CPU (a city report's compile 0.66-0.78 CPU s either way, three runs each).
    """
    return {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "RAYON_NUM_THREADS": "1"}


def _one_thread():
    """BLAS and OpenMP at one thread for a task: a worker is one core, and a serial run is a one-core baseline.

    Dask's nanny sets the variables for the workers it starts; a worker started otherwise, or this
    process in a serial run, would let OpenBLAS start a thread per core that spins beside the other
    tasks, and a study's numbers could then differ in their last digits with where it ran.
    """
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1)


def _threads() -> dict:
    """Threads each native pool of this process would use (BLAS, OpenMP), and the environment Dask sets."""
    from threadpoolctl import threadpool_info

    out = {f"{p['internal_api']}": p["num_threads"] for p in threadpool_info()}
    return out | {k: os.environ[k] for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "RAYON_NUM_THREADS", "MALLOC_TRIM_THRESHOLD_")
                  if k in os.environ}


def analyse_study(config_path: str) -> dict:
    """Run every analysis stage of one study (not the report) into its own output folder."""
    from ..config import load_study
    from ..pipeline import run_study
    from ..registry import default_stages

    started, cpu = time.perf_counter(), _cpu()
    row: dict = {"config": config_path, "step": ANALYSIS, "worker": _where()}
    try:
        cfg = load_study(config_path)
        row |= {"study_id": cfg.study.id, "city": cfg.study.city, "output_dir": str(cfg.output.dir)}
        with _one_thread():
            row["threads"] = _threads()
            # background=0: the batch's workers already keep every core busy with other studies
            result = run_study(cfg, stages=[s for s in default_stages() if s.name != "report"], background=0)
        row |= {"status": "ok", "n_valid": int(result.study.n),
                "stage_seconds": {k: round(v, 3) for k, v in result.timings.items()}}
    except Exception as exc:  # noqa: BLE001 - any failure of one study becomes its status row
        row |= {"status": "failed"} | failure(exc)
    return _timed(row, started, cpu)


def _single_threaded_worker() -> bool:
    """True on a Dask worker that runs one task at a time (the local cluster's kind)."""
    try:
        from distributed import get_worker

        return get_worker().state.nthreads == 1
    except (ImportError, ValueError, AttributeError):  # not on a worker (a serial batch), or another version
        return False


def render_study(config_path: str, kernels: int | None = None) -> dict:
    """Render one study's city and district reports from its output folder.

    `kernels`: documents rendered at once (default: one per core, as ``citysurvey report``).
    A batch passes 1: its workers already keep every core busy with other studies, and more
    kernels than cores only add switching and memory. On a Dask worker of one thread the
    documents then render in the worker's own process (``in_process``), which keeps its fonts,
    shell and imports from one study to the next; a serial batch, alone on the machine, keeps
    the worker process beside it that draws and writes while this one does too.
    """
    return _render_row(config_path, lambda cfg: _render_whole(cfg, kernels))


def _render_row(config_path: str, work, **fields) -> dict:
    """A render task's row: `work(cfg)`, under one BLAS thread, gives its fields; a failure becomes the row's."""
    from ..config import load_study

    started, cpu = time.perf_counter(), _cpu()
    row: dict = {"config": config_path, "step": RENDER, "worker": _where()} | fields
    try:
        cfg = load_study(config_path)
        row |= {"study_id": cfg.study.id}
        with _one_thread():
            row |= work(cfg)
    except Exception as exc:  # noqa: BLE001
        row |= {"status": "failed"} | failure(exc)
    return _timed(row, started, cpu)


def _render_whole(cfg, kernels: int | None) -> dict:
    from ..report.stage import render_reports, section

    summary = render_reports(cfg.output.dir, section(cfg), cfg.path, n_workers=kernels,
                             in_process=kernels == 1 and _single_threaded_worker())
    return {"status": "ok", "n_documents": summary["n_reports"], "in_process": summary["workers"] == 0}


def start_render(config_path: str) -> dict:
    """The first task of a city's render split by document: the checks and the chart step.

    The row lists the documents (``documents``) and their staging folder (``target``); each then
    renders as a task of its own (:func:`render_document`) and the runner swaps the folder in
    (:func:`finish_render`). Where a render is not split (Quarto, or this worker runs tasks side by
    side on threads, where in-process documents would share one shell) the whole render is done
    here, as :func:`render_study` does, and the row has no ``documents``.
    """
    from ..report.stage import section, start_documents

    if not _single_threaded_worker():
        return render_study(config_path, 1)

    def work(cfg) -> dict:
        split = start_documents(cfg.output.dir, section(cfg), cfg.path)
        return _render_whole(cfg, 1) if split is None else {"status": "ok", "in_process": True} | split

    return _render_row(config_path, work)


def render_document(config_path: str, target: str, document: tuple) -> dict:
    """One document of a split render (:func:`start_render`), in this worker's process."""
    from ..report.stage import render_document as render_one, section

    return _render_row(config_path, lambda cfg: {"status": "ok", "summary": render_one(cfg.output.dir, section(cfg),
                                                                                      target, document)},
                       document=document[1])


def finish_render(start: dict, documents: list[dict]) -> dict:
    """A split render's row, as :func:`render_study` would give it: the staging folder swapped in when every
    document succeeded, else removed and the first failure (in the documents' order) reported.

    Its seconds and CPU seconds are those of its tasks together; ``parts`` keeps each task's.
    """
    from ..config import load_study
    from ..report.stage import finish_documents, section

    row = {k: v for k, v in start.items() if k not in ("documents", "target")}
    parts = [start, *documents]
    row |= {"seconds": round(sum(p.get("seconds", 0.0) for p in parts), 3),
            "cpu_seconds": round(sum(p.get("cpu_seconds", 0.0) for p in parts), 3),
            "parts": [{k: p.get(k) for k in ("document", "worker", "seconds", "cpu_seconds")} for p in parts]}
    failed = next((d for d in documents if d.get("status") != "ok"), None)
    try:
        cfg = load_study(row["config"])
        summary = finish_documents(cfg.output.dir, section(cfg), start["target"],
                                   None if failed else [d["summary"] for d in documents], row["seconds"])
    except Exception as exc:  # noqa: BLE001
        return row | {"status": "failed"} | failure(exc)
    if failed is not None:
        return row | {"status": "failed"} | {k: v for k, v in failed.items()
                                             if k.startswith("message_") or k == "traceback"}
    return row | {"status": "ok", "n_documents": summary["n_reports"], "in_process": True}


def city_values(config_path: str) -> dict:
    """A study's whole-city indicator values for the batch's peer group (cheap: no responses read)."""
    from ..config import load_study
    from ..indicators.peers import city_values as values_of

    try:
        cfg = load_study(config_path)
        return {"config": config_path, "status": "ok", "values": values_of(cfg).to_dict("records")}
    except Exception as exc:  # noqa: BLE001 - the analysis task reports the same fault in full
        return {"config": config_path, "status": "failed"} | failure(exc)


def render_province(batch_dir: str, formats: list[str], engine: str) -> dict:
    """Render the provincial summary report of a batch folder."""
    from .report import render_summary

    started, cpu = time.perf_counter(), _cpu()
    row: dict = {"config": batch_dir, "study_id": "", "step": RENDER, "worker": _where()}
    try:
        files = render_summary(Path(batch_dir), formats=formats, engine=engine)
        row |= {"status": "ok", "n_documents": 1, "files": sorted(p.name for p in files.values())}
    except Exception as exc:  # noqa: BLE001
        row |= {"status": "failed"} | failure(exc)
    return _timed(row, started, cpu)
