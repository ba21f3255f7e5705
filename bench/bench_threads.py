"""Where a batch task's CPU goes: its process tree's CPU by thread and by process against its wall time.

    python bench/bench_threads.py STUDY.yaml                       # every step below, one after another
    python bench/bench_threads.py STUDY.yaml --steps render-serial render-worker
    python bench/bench_threads.py STUDY.yaml --one-thread           # the same with inner engines at one thread

Each step runs in a fresh process (as a serial batch or a Dask worker would start it), after the study's
analysis has been written once (the render steps read it):

* ``analysis``: :func:`citysurvey.batch.tasks.analyse_study`, what either kind of batch runs per study;
* ``render-serial``: :func:`~citysurvey.batch.tasks.render_study` with one kernel, what a serial batch runs
  (a document worker from the fork server renders while this process draws the city's figures);
* ``render-worker``: the same render in this process, one document after another (``in_process``), what a
  single-threaded Dask worker does for a city rendered as one task;
* ``render-split``: the chart step, then each document with a session of its own, what a Dask worker does
  for a city split into one task per document (:func:`~citysurvey.batch.tasks.start_render` and
  :func:`~citysurvey.batch.tasks.render_document`), in one process.

Every 20 ms the process tree is read from /proc, thread by thread; the report gives each step's wall and
CPU seconds (exact: the root is waited for) and how many cores it kept busy, split into the root's main
thread, its other Python threads (by name), its native threads (Typst's, BLAS's: threads Python did not
start), child processes by program (pandoc, the fork server's workers), and what the samples missed
(processes shorter than a sample: pandoc runs reaped by their parent). ``--one-thread`` sets the inner
engines to one thread (``citysurvey.batch.tasks.one_core_environment``) in the step's environment, as the
local cluster's workers have them.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

TICK = os.sysconf("SC_CLK_TCK")
STEPS = ("analysis", "render-serial", "render-worker", "render-split")


def _stat(path: str) -> tuple[str, list[str]] | None:
    try:
        text = Path(path).read_text()
    except OSError:
        return None
    head, tail = text.rsplit(")", 1)
    return head.split("(", 1)[1], tail.split()


def _children(pid: int) -> list[int]:
    out = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            try:
                out += [int(x) for x in Path(f"/proc/{pid}/task/{tid}/children").read_text().split()]
            except OSError:
                pass
    except OSError:
        pass
    return out


class ThreadSampler:
    """CPU seconds of every thread of a process tree, sampled from /proc; keys (pid, tid, start tick)."""

    def __init__(self, root: int, interval: float = 0.02):
        self.root, self.interval = root, interval
        self.threads: dict[tuple, dict] = {}  # (pid, tid, start) → {"cpu", "comm", "program", "ppid"}
        self.procs: dict[tuple, dict] = {}  # (pid, start) → {"program", "ppid", "reaped"}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _program(self, pid: int, ppid: int) -> str:
        try:
            argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            return "?"
        name = Path(argv[0].decode(errors="replace")).name if argv and argv[0] else "?"
        if name.startswith("python") and b"forkserver" in b" ".join(argv):
            # the server is the root's child; its workers are forked from it and keep its command line
            return "python (fork server)" if ppid == self.root else "python (fork server's worker)"
        return name

    def _sample(self) -> None:
        todo, seen = [self.root], set()
        while todo:
            pid = todo.pop()
            if pid in seen:
                continue
            seen.add(pid)
            todo += _children(pid)
            st = _stat(f"/proc/{pid}/stat")
            if st is None:
                continue
            comm, f = st
            pkey = (pid, int(f[19]))
            info = self.procs.setdefault(pkey, {"program": self._program(pid, int(f[1])) if pid != self.root else "root",
                                                "ppid": int(f[1])})
            info["reaped"] = (int(f[13]) + int(f[14])) / TICK  # cutime + cstime: waited-for children
            info["cpu"] = (int(f[11]) + int(f[12])) / TICK
            try:
                tids = os.listdir(f"/proc/{pid}/task")
            except OSError:
                continue
            for tid in tids:
                ts = _stat(f"/proc/{pid}/task/{tid}/stat")
                if ts is None:
                    continue
                tcomm, tf = ts
                key = (pid, int(tid), int(tf[19]))
                self.threads[key] = {"cpu": (int(tf[11]) + int(tf[12])) / TICK, "comm": tcomm, "pkey": pkey}

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.interval)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def breakdown(sampler: ThreadSampler, names: dict[int, str], total: float) -> dict[str, float]:
    """CPU seconds by where they ran: the root's threads (main, Python's by name, native), child programs."""
    out: dict[str, float] = defaultdict(float)
    for (pid, tid, _), t in sampler.threads.items():
        program = sampler.procs[t["pkey"]]["program"]
        if program == "root":
            where = ("root: main thread" if tid == pid
                     else f"root: Python thread {names[tid]}" if tid in names else "root: native threads")
        else:
            where = f"child: {program}" + ("" if tid == pid else " (other threads)")
        out[where] += t["cpu"]
    # a process's waited-for children that no sample saw (short pandoc runs): its reaped CPU beyond
    # the sampled CPU of its children that have ended and were reaped by it
    sampled = sum(out.values())
    out["missed by the samples (short processes)"] = max(total - sampled, 0.0)
    return dict(out)


def child(step: str, config: str) -> None:
    """One step in this process; prints its Python threads' names (native id → name) as JSON at the end."""
    names: dict[int, str] = {}
    run = threading.Thread.run

    def named_run(self):
        names[threading.get_native_id()] = self.name.split("-")[0] if self.name.startswith("Thread-") else self.name
        return run(self)

    threading.Thread.run = named_run
    from citysurvey.batch import tasks

    row: dict = {}
    if step == "analysis":
        row = tasks.analyse_study(config)
    elif step == "render-serial":
        row = tasks.render_study(config, 1)
    elif step == "render-worker":
        from citysurvey.config import load_study
        from citysurvey.report.stage import render_reports, section

        cfg = load_study(config)
        with tasks._one_thread():
            render_reports(cfg.output.dir, section(cfg), cfg.path, n_workers=1, in_process=True)
    elif step == "render-split":
        from citysurvey.config import load_study
        from citysurvey.report.stage import finish_documents, render_document, section, start_documents

        cfg = load_study(config)
        with tasks._one_thread():
            split = start_documents(cfg.output.dir, section(cfg), cfg.path)
            done = [render_document(cfg.output.dir, section(cfg), split["target"], d) for d in split["documents"]]
            finish_documents(cfg.output.dir, section(cfg), split["target"], done, 0.0)
    if row.get("status") == "failed":
        raise SystemExit(row.get("message_en"))
    print(json.dumps({"names": names}))


def measure(step: str, config: str, one_thread: bool) -> dict:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    from citysurvey.batch.tasks import one_core_environment

    env = os.environ | one_core_environment() if one_thread else None  # read as the engines load: before the start
    proc = subprocess.Popen([sys.executable, __file__, "--child", step, config], stdout=subprocess.PIPE, text=True,
                            env=env)
    sampler = ThreadSampler(proc.pid)
    out, _ = proc.communicate()
    wall = time.perf_counter() - t
    sampler.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode:
        raise SystemExit(f"{step} failed")
    total = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    names = {int(k): v for k, v in json.loads(out.strip().splitlines()[-1])["names"].items()}
    # the fork server is never waited for by the root: its CPU and its workers' are sampled, not in `total`
    orphans = sum(p["cpu"] + p["reaped"] for p in sampler.procs.values() if p["program"] == "python (fork server)")
    return {"step": step, "wall": wall, "cpu": total + orphans, "parts": breakdown(sampler, names, total + orphans)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("config")
    ap.add_argument("--steps", nargs="+", choices=STEPS, default=list(STEPS))
    ap.add_argument("--one-thread", action="store_true", help="inner engines at one thread, as on a batch worker")
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child, args.config)
        return
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}; inner engines "
          f"{'at one thread' if args.one_thread else 'as they come'}", flush=True)
    for _ in range(args.rounds):
        for step in args.steps:
            r = measure(step, str(Path(args.config).resolve()), args.one_thread)
            print(f"{step:14s} {r['wall']:6.1f} s wall {r['cpu']:6.1f} s CPU  cores busy {r['cpu'] / r['wall']:.2f}  "
                  f"(load {os.getloadavg()[0]:.2f})", flush=True)
            for where, cpu in sorted(r["parts"].items(), key=lambda kv: -kv[1]):
                if cpu >= 0.05:
                    print(f"    {cpu:6.2f} s  {where}")


if __name__ == "__main__":
    main()
