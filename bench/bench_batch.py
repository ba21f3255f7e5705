"""Many cities at once: serial against a local Dask cluster, and one very large study.

    python bench/bench_batch.py                      # 24 cities × 3,000: analysis, then with rendering
    python bench/bench_batch.py --cities 8 --no-render-phase
    python bench/bench_batch.py --cities 4 --render-only
    python bench/bench_batch.py --cities 8 --render-only --one-core-serial   # + the serial batch on one core
    python bench/bench_batch.py --cities 4 --respondents 1000   # small, while developing
    python bench/bench_batch.py --large 1000000      # one study of 1,000,000 respondents, no rendering
    python bench/bench_batch.py --large 100000 --profile large.txt   # with a pyinstrument profile
    python bench/bench_batch.py --large 200000 --keep /tmp/large200k  # keep the study and its outputs

Cities come from the demo generator (``citysurvey.batch.generate_cities``) with a seed each,
into a temporary folder. "serial" runs the same batch one study after another
(``citysurvey batch --serial``); "cluster" on a LocalCluster of one single-threaded process per
core. Each runs in a fresh process, as the command would, and the CPU seconds of its whole
process tree are counted (fork servers, report workers, pandoc and Typst included): CPU/wall says
how many cores a run kept busy on average, so how far the serial run is from one core's work
(its documents render one at a time, but pandoc, Typst and the chart step's worker run beside
the document's cells; a cluster renders a city's chart step and then each of its documents as
tasks of their own, in the workers' own processes, with no worker beside them, and a document's
formats' pandoc and Typst still run side by side; a city's render row adds up its tasks, listed in
its ``parts``). The projection for 300 cities uses the measured per-task CPU seconds (a
task's fork-server workers included): with N single-core workers, 300 cities take about
ceil(300/N) rounds of a city's CPU seconds (plus the measured fixed cost of starting the
batch), assuming shared storage that keeps up. ``--one-core-serial`` adds the serial batch pinned to one
core (what one core does alone, its document workers and pandoc included): the serial run above already uses
part of the second core, which bounds the goal's ratio; this one says what the cluster adds to one core's work.

The large study resamples the demo city's respondents (fresh ids and devices) to the size
asked for and runs every analysis stage in a child process, without rendering and so without the
stages' charts (``--charts`` draws them: the reports use them, and draw a missing one themselves); its peak memory is the largest
resident set of the child and of the processes it started. Each stage's wall and CPU seconds
are printed as it ends (CPU seconds say what a quiet machine would take when others share it).
CPU seconds count every thread of the child: with a core to spare, estimation and scoring run
their independent blocks on two threads (``citysurvey.stage.lanes``), so on a quiet machine their
wall seconds fall below their CPU seconds.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from _common import CpuMeter  # noqa: E402 - this script's folder is on the path
from citysurvey.batch import generate_cities, local_workers, run_batch  # noqa: E402


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def one_batch(paths, folder: Path, *, serial: bool, render: bool, workers: int | None, one_core: bool = False) -> dict:
    """One batch in a fresh process, as ``citysurvey batch`` would run, with the CPU of its whole process tree.

    The tree: the batch's process, and for a cluster its nannies and workers, and under them the
    report's fork servers and document workers, pandoc and Typst (:class:`_common.CpuMeter`).
    `one_core`: the process and all it starts are pinned to one core (as ``taskset -c 0`` would).
    """
    spec = {"paths": [str(p) for p in paths], "folder": str(folder), "serial": serial, "render": render,
            "workers": workers}
    t = time.perf_counter()
    pin = (lambda: os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})) if one_core else None
    proc = subprocess.Popen([sys.executable, __file__, "--batch-child", json.dumps(spec)], stdout=subprocess.PIPE,
                            text=True, preexec_fn=pin)
    meter = CpuMeter(proc.pid, reaper=True)
    stdout, _ = proc.communicate()
    process_wall = time.perf_counter() - t
    cpu = meter.stop()
    if proc.returncode != 0:
        raise SystemExit(proc.returncode)
    out = json.loads(stdout.strip().splitlines()[-1])
    tasks = [x for x in out["info"]["tasks"] if x.get("status") == "ok"]
    return {"wall": out["wall"], "process_wall": process_wall, "cpu": cpu, "tasks": tasks, "failed": out["failed"],
            "info": out["info"], "analysis": [x for x in tasks if x.get("step") == "analysis"],
            "render": [x for x in tasks if x.get("step") == "render" and x.get("study_id")]}


def batch_child(spec: dict) -> dict:
    t = time.perf_counter()
    res = run_batch([Path(p) for p in spec["paths"]], folder=Path(spec["folder"]), serial=spec["serial"],
                    render=spec["render"], force=True, n_workers=spec["workers"], progress=False)
    wall = time.perf_counter() - t
    return {"wall": wall, "failed": int((res.statuses["status"] == "failed").sum()), "info": res.info}


def cpu_line(name: str, r: dict) -> str:
    """Wall, CPU of the whole process tree, and how many cores that kept busy on average."""
    return (f"{name}: {r['wall']:7.1f} s wall ({r['process_wall']:.1f} s with the process's start), "
            f"{r['cpu']:7.1f} s CPU (process tree), CPU/wall {r['cpu'] / r['process_wall']:.2f}")


def mean(rows: list[dict], key: str) -> float:
    return sum(r.get(key, 0.0) for r in rows) / max(len(rows), 1)


def project(per_task: float, fixed: float, n_cities: int = 300) -> list[tuple[int, float, float]]:
    rows = []
    for n in (2, 8, 32, 100, 300):
        total = fixed + math.ceil(n_cities / n) * per_task
        rows.append((n, total, total / n_cities))
    return rows


def where_time_goes(label: str, s: dict, c: dict) -> None:
    """Per-task wall and CPU seconds, serial against cluster, and the fixed costs of each run.

    CPU seconds do not depend on how busy the machine is, wall seconds do: when a cluster task
    takes as much CPU as a serial one, the cluster adds no work and a speed-up below the number
    of workers comes from cores the batch did not get (other jobs) or from its fixed costs.
    """
    print(f"[{label}] where the time goes (mean per task: wall s / CPU s):")
    for step in ("analysis", "render"):
        if s[step] or c[step]:
            print(f"    {step:9s} serial {mean(s[step], 'seconds'):6.1f} / {mean(s[step], 'cpu_seconds'):6.1f}"
                  f"   cluster {mean(c[step], 'seconds'):6.1f} / {mean(c[step], 'cpu_seconds'):6.1f}")
    stages = list(s["analysis"][0].get("stage_seconds", {})) if s["analysis"] else []
    if stages:
        parts = [f"{k} {sum(r['stage_seconds'].get(k, 0) for r in s['analysis']) / len(s['analysis']):.1f}"
                 for k in stages]
        print("    analysis stages, serial mean wall s: " + ", ".join(parts))
    cpu_s = sum(r.get("cpu_seconds", 0.0) for r in s["tasks"])
    cpu_c = sum(r.get("cpu_seconds", 0.0) for r in c["tasks"])
    workers = c["info"]["n_workers"]
    print(f"    CPU of all tasks: serial {cpu_s:.1f} s, cluster {cpu_c:.1f} s ({cpu_c / max(cpu_s, 1e-9):.2f}× serial)")
    ph = c["info"]["phases"]
    fixed = {k: ph.get(k, 0.0) for k in ("cluster", "peer_values", "rollup", "summary_report")}
    print("    fixed costs on the cluster (s): " + ", ".join(f"{k} {v:.1f}" for k, v in fixed.items()))
    # a city's render split by document ran on several workers: each part counts where it ran
    parts = [p for r in c["tasks"] for p in (r.get("parts") or [r])]
    busiest = max((sum(p["seconds"] for p in parts if p.get("worker") == w)
                   for w in {p.get("worker") for p in parts}), default=0.0)
    print(f"    busiest of {workers} workers: {busiest:.1f} s of tasks; cluster wall {c['wall']:.1f} s")
    ideal = sum(r["seconds"] for r in s["tasks"]) / workers + sum(fixed.values())
    print(f"    with these fixed costs and serial task times, {workers} free cores would give "
          f"{s['wall'] / ideal:.2f}× (an estimate, not a measurement)")


def batch_bench(args) -> None:
    n_workers, mem = local_workers(args.workers)
    print(f"machine: {os.cpu_count()} cores, shared with other users' jobs (load average at start {load()}); "
          f"local cluster {n_workers} workers × 1 thread, {mem / 1024 ** 3:.1f} GiB each")
    with tempfile.TemporaryDirectory(prefix="bench_batch_") as tmp:
        t = time.perf_counter()
        paths = generate_cities(Path(tmp) / "studies", args.cities, n=args.respondents, seed=args.seed)
        print(f"generated {args.cities} cities × {args.respondents:,} respondents in {time.perf_counter() - t:.1f} s")
        phases = ([] if args.render_only else [False]) + ([True] if args.render_phase else [])
        table = []
        for render in phases:
            label = "analysis + rendering" if render else "analysis only"
            s = one_batch(paths, Path(tmp) / "batch_serial", serial=True, render=render, workers=None)
            print(f"[{label}] {cpu_line('serial ', s)}  (load average after {load()}; failed {s['failed']})",
                  flush=True)
            c = one_batch(paths, Path(tmp) / "batch_cluster", serial=False, render=render, workers=args.workers)
            print(f"[{label}] {cpu_line('cluster', c)}  (load average after {load()}; failed {c['failed']}; "
                  f"{c['info']['n_workers']} workers)", flush=True)
            print(f"[{label}] speed-up {s['wall'] / c['wall']:.2f}× (wall, on this shared machine); the serial run "
                  f"kept {s['cpu'] / s['process_wall']:.2f} cores busy, so {c['info']['n_workers']} cores could give at "
                  f"most {c['info']['n_workers'] * s['process_wall'] / s['cpu']:.2f}× at the serial run's CPU", flush=True)
            if args.one_core_serial:
                o = one_batch(paths, Path(tmp) / "batch_one_core", serial=True, render=render, workers=None,
                              one_core=True)
                print(f"[{label}] {cpu_line('serial on one core', o)}  (load average after {load()}; failed "
                      f"{o['failed']})", flush=True)
                print(f"[{label}] against one core's serial work: cluster {o['wall'] / c['wall']:.2f}× (the serial "
                      f"run on both cores {o['wall'] / s['wall']:.2f}×); the goal's figure is the one against the "
                      "serial run above", flush=True)
            threads = {json.dumps(r.get("threads", {}), sort_keys=True) for r in c["analysis"]}
            print(f"[{label}] thread pools seen by the cluster's analysis tasks: {', '.join(sorted(threads))}")
            where_time_goes(label, s, c)
            table.append((label, s, c))
            # a city's CPU seconds (its tasks, fork-server workers included): what it costs one single-core
            # worker; its serial wall seconds would undercount, as the serial run already keeps more than a core busy
            per = (sum(r.get("cpu_seconds", 0.0) for r in s["analysis"] + s["render"]) / max(len(s["analysis"]), 1))
            wall = mean(s["analysis"], "seconds") + (mean(s["render"], "seconds") if render else 0.0)
            ph = c["info"]["phases"]
            fixed = sum(ph.get(k, 0.0) for k in ("cluster", "peer_values", "rollup", "summary_report"))
            print(f"[{label}] projection, 300 cities, from the serial per-task CPU seconds ({per:.1f} s a city; "
                  f"{wall:.1f} s wall) and the cluster's fixed costs ({fixed:.1f} s); one core per worker, shared "
                  "storage that keeps up:")
            for n, total, per_city in project(per, fixed):
                print(f"    {n:4d} workers: {total / 60:7.1f} min in all, {per_city:6.2f} s per city")
        side_by_side(table, args)


def side_by_side(table: list[tuple[str, dict, dict]], args) -> None:
    """Both phases in one table: serial, cluster and their ratio, in wall and in CPU seconds."""
    print(f"\nsummary, {args.cities} cities × {args.respondents:,} respondents (load average now {load()}):")
    print(f"    {'phase':22s} {'serial wall':>11s} {'cluster wall':>12s} {'speed-up':>8s}   "
          f"{'task CPU s':>10s} {'cluster':>11s} {'ratio':>9s}   {'tree CPU s':>10s} {'cluster':>11s} {'ratio':>9s}")
    for label, s, c in table:
        cpu_s = sum(r.get("cpu_seconds", 0.0) for r in s["tasks"])
        cpu_c = sum(r.get("cpu_seconds", 0.0) for r in c["tasks"])
        print(f"    {label:22s} {s['wall']:10.1f}s {c['wall']:11.1f}s {s['wall'] / c['wall']:7.2f}×   "
              f"{cpu_s:9.1f}s {cpu_c:10.1f}s {cpu_c / max(cpu_s, 1e-9):8.2f}×   "
              f"{s['cpu']:9.1f}s {c['cpu']:10.1f}s {c['cpu'] / max(s['cpu'], 1e-9):8.2f}×")
    for label, s, c in table:
        print(f"    {label}: per city {s['wall'] / args.cities:.1f} s wall and {s['cpu'] / args.cities:.1f} s tree CPU "
              f"serial, {c['wall'] / args.cities:.1f} s wall and {c['cpu'] / args.cities:.1f} s tree CPU on the cluster")
    print("    (task CPU: what each task's process and its waited-for children used; tree CPU: every process of the "
          "run, the report's fork-server workers and the cluster's own processes included)")


# --- one very large study -------------------------------------------------------------------------

NO_CHARTS = ("scoring", "smallarea", "text", "waves")  # the stages that draw charts (``charts: false``)


def make_large_study(rows: int, folder: Path, *, charts: bool = False) -> Path:
    import numpy as np
    import pandas as pd
    import yaml

    from citysurvey.batch.generate import study_config
    from citysurvey.datasets import demo_city_path

    demo = demo_city_path()
    data = folder / "data"
    data.mkdir(parents=True)
    for name in ("codebook.yaml", "population_margins.csv", "indicators.csv"):
        shutil.copy(demo / name, data / name)
    base = pd.read_csv(demo / "responses.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    rng = np.random.default_rng(1)
    big = base.iloc[rng.integers(0, len(base), rows)].reset_index(drop=True)
    big["resp_id"] = [f"B{i:07d}" for i in range(rows)]
    big["device_id"] = [f"dev{i:07d}" for i in range(rows)]
    big.to_csv(data / "responses.csv", index=False, encoding="utf-8-sig", lineterminator="\n")
    # no rendering, so no charts either: the stages' PNGs are for the reports (which draw a missing one themselves)
    cfg = study_config(data, "large_city", "大样本市", folder / "output",
                       **({stage: {"charts": False} for stage in NO_CHARTS} if not charts else {}))
    cfg["cleaning"]["duplicate_ids"] = "error"
    path = folder / "study.yaml"
    path.write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def peak_rss_mib() -> float:
    """The largest resident set of this process and of its finished children (a pool's workers), MiB."""
    return max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024


def large_child(path: Path, profile: Path | None) -> dict:
    from citysurvey.pipeline import run_study
    from citysurvey.registry import default_stages

    cpu: dict[str, float] = {}
    mark = [time.process_time()]

    def report(name: str, title: str, seconds: float | None) -> None:
        # wall seconds depend on what else runs on the machine, CPU seconds much less
        now = time.process_time()
        if seconds is not None:
            cpu[name] = now - mark[0]
            print(f"    {name:12s} {seconds:7.1f} s wall, {cpu[name]:7.1f} s CPU, peak so far {peak_rss_mib():,.0f} MiB",
                  file=sys.stderr, flush=True)
        mark[0] = now

    profiler = None
    if profile:
        from pyinstrument import Profiler  # bench extra: pip install 'citysurvey[bench]'

        profiler = Profiler(interval=0.01)
        profiler.start()
    t, c = time.perf_counter(), time.process_time()
    res = run_study(path, stages=[s for s in default_stages() if s.name != "report"], report=report)
    wall, cpu_total = time.perf_counter() - t, time.process_time() - c
    if profiler:
        profiler.stop()
        profile.write_text(profiler.output_text(unicode=False, color=False), encoding="utf-8")
    text = res.results.get("text")
    return {"n_valid": res.study.n, "wall": wall, "cpu": cpu_total, "stages": res.timings, "stage_cpu": cpu,
            "text": "enabled" if text is not None else "disabled", "peak_mib": peak_rss_mib()}


def large_bench(rows: int, profile: Path | None, *, charts: bool = False, keep: Path | None = None) -> None:
    with tempfile.TemporaryDirectory(prefix="bench_large_") as tmp:
        if keep:
            tmp = keep
            keep.mkdir(parents=True, exist_ok=False)
        t = time.perf_counter()
        path = make_large_study(rows, Path(tmp), charts=charts)
        size = (Path(tmp) / "data" / "responses.csv").stat().st_size / 1e6
        print(f"one study of {rows:,} respondents ({size:.0f} MB CSV) made in {time.perf_counter() - t:.1f} s; "
              f"load average {load()} (a shared machine: wall seconds grow with other users' jobs)")
        print("  every analysis stage, the text stage included (the demo questionnaire has an open question);"
              f" no rendering{'' if charts else ' and no charts'}; stage seconds include writing the stage's outputs:",
              flush=True)
        cmd = [sys.executable, __file__, "--large-child", str(path)] + (["--profile", str(profile)] if profile else [])
        out = subprocess.run(cmd, stdout=subprocess.PIPE, text=True)  # stage lines stream through stderr
        if out.returncode != 0:
            raise SystemExit(out.returncode)
        r = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"  end to end without rendering: {r['wall']:.1f} s wall, {r['cpu']:.1f} s CPU; peak memory "
          f"{r['peak_mib']:,.0f} MiB ({r['n_valid']:,} valid respondents; text stage {r['text']}; "
          f"load average after {load()})")
    print(f"  goals: under 180 s ({'met' if r['wall'] < 180 else 'NOT met'} in wall time here, "
          f"{'met' if r['cpu'] < 180 else 'NOT met'} in CPU time) and under 6 GiB "
          f"({'met' if r['peak_mib'] < 6 * 1024 else 'NOT met'})")
    if profile:
        print(f"  profile: {profile}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cities", type=int, default=24)
    ap.add_argument("--respondents", "--n", dest="respondents", type=int, default=3000, help="respondents per city")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--workers", type=int, default=None, help="local cluster workers (default: cores and memory)")
    ap.add_argument("--no-render-phase", dest="render_phase", action="store_false", help="skip the rendering phase")
    ap.add_argument("--render-only", action="store_true", help="only the phase with rendering")
    ap.add_argument("--one-core-serial", action="store_true",
                    help="also run the serial batch pinned to one core, and print the cluster against it")
    ap.add_argument("--large", type=int, default=None, help="instead: one study with this many respondents")
    ap.add_argument("--profile", type=Path, default=None,
                    help="with --large: write a pyinstrument profile of the run to this file")
    ap.add_argument("--charts", action="store_true", help="with --large: the stages draw their charts too")
    ap.add_argument("--keep", type=Path, default=None,
                    help="with --large: make the study in this new folder and keep it with its outputs")
    ap.add_argument("--large-child", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--batch-child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.batch_child:
        print(json.dumps(batch_child(json.loads(args.batch_child))))
    elif args.large_child:
        print(json.dumps(large_child(args.large_child, args.profile)))
    elif args.large:
        large_bench(args.large, args.profile.resolve() if args.profile else None, charts=args.charts,
                    keep=args.keep.resolve() if args.keep else None)
    else:
        batch_bench(args)


if __name__ == "__main__":
    main()
