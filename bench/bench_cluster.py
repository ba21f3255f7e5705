"""The local cluster's own costs: a worker's cold start, and Dask's clocks while nothing runs.

    python bench/bench_cluster.py --cities 2 --respondents 1000 --rounds 2   # cold start, with and without a preload
    python bench/bench_cluster.py --idle --rounds 2                          # an idle cluster's CPU, Dask's clocks

Does warming the workers as they start (a Dask preload) shorten a cluster batch?

A fresh worker pays for its imports (pandas, scipy, matplotlib, the stages), jieba's dictionary and the
topic classifier in its first tasks: about 5 CPU s that a serial batch pays once and a cluster once per
worker. Here the same batch (analyses only, no rendering) runs on a local cluster as ``citysurvey batch``
starts it, alternately as it is and with every worker running :func:`warm` before it joins the
cluster (``distributed.worker.preload``, this file), so its first task finds everything loaded. Each run
is a fresh process; its wall seconds per phase (starting the cluster, peer values, analyses), the CPU
seconds of its whole process tree and the mean CPU seconds of its first and later analysis tasks are
printed.

``--idle``: a local cluster of two workers as ``citysurvey batch`` starts it, left idle for 15 s, alternately
with Dask's own clocks (an event-loop check every 20 ms in each server, the machine sampled every 0.5 s, a
worker's memory every 0.1 s) and with the batch's (:data:`citysurvey.batch.runner.QUIET`); the CPU seconds of
the whole process tree (scheduler and client, nannies, workers) over those 15 s.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from _common import CpuMeter  # noqa: E402


def warm() -> None:
    """What a worker's first analysis loads: the stages and their modules, jieba's dictionary and the topic
    classifier of the default text config, matplotlib's fonts."""
    import matplotlib.pyplot as plt

    from citysurvey import pipeline  # noqa: F401
    from citysurvey.batch import tasks  # noqa: F401
    from citysurvey.plotting import figure_png, use_theme
    from citysurvey.registry import default_stages
    from citysurvey.text.analyse import load_resources

    default_stages()
    load_resources()
    use_theme()
    fig, ax = plt.subplots()
    ax.set_title("城市体检")
    figure_png(fig)


def dask_setup(worker) -> None:  # a Dask preload: runs in each worker before it joins the scheduler
    warm()


def child(spec: dict) -> None:
    import dask

    from citysurvey.batch import run_batch

    config = {"distributed.worker.preload": [__file__]} if spec["preload"] else {}
    t = time.perf_counter()
    with dask.config.set(config):
        res = run_batch([Path(p) for p in spec["paths"]], folder=Path(spec["folder"]), render=False, force=True,
                        progress=False)
    wall = time.perf_counter() - t
    print(json.dumps({"wall": wall, "phases": res.info["phases"], "tasks": res.info["tasks"]}))


def idle_child(dask_clocks: bool) -> None:
    from citysurvey.batch import runner

    if dask_clocks:
        runner.QUIET = {}
    executor = runner.DaskExecutor(n_workers=2)
    executor.client.run(int)  # every worker up
    print("up", flush=True)
    time.sleep(20)
    executor.close()


def idle(rounds: int) -> None:
    for _ in range(rounds):
        for dask_clocks in (True, False):
            proc = subprocess.Popen([sys.executable, __file__, "--idle-child", "dask" if dask_clocks else "batch"],
                                    stdout=subprocess.PIPE, text=True)
            proc.stdout.readline()
            meter = CpuMeter(proc.pid)
            t = time.perf_counter()
            time.sleep(15)
            cpu, wall = meter.stop(), time.perf_counter() - t
            proc.communicate()
            print(f"{'Dask clocks ' if dask_clocks else 'batch clocks'}: a cluster of two workers idle {wall:.1f} s "
                  f"took {cpu:.2f} CPU s ({100 * cpu / wall:.1f}% of a core); load {os.getloadavg()[0]:.2f}", flush=True)


def one(paths, folder: Path, preload: bool) -> dict:
    spec = {"paths": [str(p) for p in paths], "folder": str(folder), "preload": preload}
    proc = subprocess.Popen([sys.executable, __file__, "--child", json.dumps(spec)], stdout=subprocess.PIPE, text=True)
    meter = CpuMeter(proc.pid, reaper=True)
    out, _ = proc.communicate()
    cpu = meter.stop()
    if proc.returncode:
        raise SystemExit("batch failed")
    r = json.loads(out.strip().splitlines()[-1])
    return r | {"cpu": cpu}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cities", type=int, default=2)
    ap.add_argument("--respondents", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--idle", action="store_true", help="an idle cluster's CPU with Dask's clocks and the batch's")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--idle-child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(json.loads(args.child))
        return
    if args.idle_child:
        idle_child(args.idle_child == "dask")
        return
    if args.idle:
        idle(args.rounds)
        return
    from citysurvey.batch import generate_cities

    with tempfile.TemporaryDirectory(prefix="bench_cold_") as tmp:
        paths = generate_cities(Path(tmp) / "studies", args.cities, n=args.respondents, seed=2026)
        for r in range(args.rounds):
            for preload in (False, True):
                load = os.getloadavg()[0]
                x = one(paths, Path(tmp) / "batch", preload)
                ph = x["phases"]
                cpu = sorted((t for t in x["tasks"] if t.get("step") == "analysis"), key=lambda t: t["worker"])
                by_worker: dict = {}
                for t in x["tasks"]:
                    if t.get("step") == "analysis":
                        by_worker.setdefault(t["worker"], []).append(t["cpu_seconds"])
                first = [v[0] for v in by_worker.values()]
                print(f"round {r + 1} {'preload' if preload else 'as is  '}: {x['wall']:6.1f} s wall "
                      f"(cluster {ph['cluster']:.1f}, peer values {ph['peer_values']:.1f}, analyses {ph['analysis']:.1f}), "
                      f"tree {x['cpu']:6.1f} CPU s; analysis tasks {sum(t['cpu_seconds'] for t in cpu):.1f} CPU s "
                      f"({', '.join(f'{v:.1f}' for v in sorted(first))} the workers' first); load {load:.2f} -> "
                      f"{os.getloadavg()[0]:.2f}", flush=True)


if __name__ == "__main__":
    main()
