"""Many cities at once: serial against a local Dask cluster, and one very large study.

    python bench/bench_batch.py                      # 24 cities × 3,000: analysis, then with rendering
    python bench/bench_batch.py --cities 8 --no-render-phase
    python bench/bench_batch.py --cities 4 --render-only
    python bench/bench_batch.py --large 1000000      # one study of 1,000,000 respondents, no rendering

Cities come from the demo generator (``citysurvey.batch.generate_cities``) with a seed each,
into a temporary folder. "serial" runs the same batch in this process one study after
another (``citysurvey batch --serial``); "cluster" on a LocalCluster of one single-threaded
process per core. The projection for 300 cities uses the measured per-task seconds: with N
workers, 300 tasks take about ceil(300/N) rounds of the mean task (plus the measured fixed
cost of starting the batch), assuming one core per worker and shared storage that keeps up.

The large study resamples the demo city's respondents (fresh ids and devices) to the size
asked for and runs every analysis stage in a child process; its peak memory is the child's
maximum resident set size.
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

from citysurvey.batch import generate_cities, local_workers, run_batch  # noqa: E402


def load() -> str:
    return " ".join(os.getloadavg().__repr__().strip("()").split(", ")[:3])


def one_batch(paths, folder: Path, *, serial: bool, render: bool, workers: int | None) -> dict:
    t = time.perf_counter()
    res = run_batch(paths, folder=folder, serial=serial, render=render, force=True, n_workers=workers, progress=False)
    wall = time.perf_counter() - t
    tasks = res.info["tasks"]
    analysis = [x["seconds"] for x in tasks if x.get("step") == "analysis" and x.get("status") == "ok"]
    renders = [x["seconds"] for x in tasks if x.get("step") == "render" and x.get("status") == "ok"]
    failed = int((res.statuses["status"] == "failed").sum())
    return {"wall": wall, "analysis": analysis, "render": renders, "failed": failed, "info": res.info}


def project(per_task: float, fixed: float, n_cities: int = 300) -> list[tuple[int, float, float]]:
    rows = []
    for n in (2, 8, 32, 100, 300):
        total = fixed + math.ceil(n_cities / n) * per_task
        rows.append((n, total, total / n_cities))
    return rows


def batch_bench(args) -> None:
    n_workers, mem = local_workers(args.workers)
    print(f"machine: {os.cpu_count()} cores; local cluster {n_workers} workers × 1 thread, "
          f"{mem / 1024 ** 3:.1f} GiB each; load average at start {load()}")
    with tempfile.TemporaryDirectory(prefix="bench_batch_") as tmp:
        t = time.perf_counter()
        paths = generate_cities(Path(tmp) / "studies", args.cities, n=args.n, seed=args.seed)
        print(f"generated {args.cities} cities × {args.n:,} respondents in {time.perf_counter() - t:.1f} s")
        phases = ([] if args.render_only else [False]) + ([True] if args.render_phase else [])
        for render in phases:
            label = "analysis + rendering" if render else "analysis only"
            s = one_batch(paths, Path(tmp) / "batch_serial", serial=True, render=render, workers=None)
            print(f"[{label}] serial : {s['wall']:7.1f} s  (load {load()}; failed {s['failed']})")
            c = one_batch(paths, Path(tmp) / "batch_cluster", serial=False, render=render, workers=args.workers)
            print(f"[{label}] cluster: {c['wall']:7.1f} s  (load {load()}; failed {c['failed']}; "
                  f"{c['info']['n_workers']} workers)")
            print(f"[{label}] speed-up {s['wall'] / c['wall']:.2f}×")
            per = sum(s["analysis"]) / max(len(s["analysis"]), 1) + (
                sum(s["render"]) / max(len(s["render"]), 1) if render else 0.0)
            fixed = s["wall"] - sum(s["analysis"]) - sum(s["render"])
            fixed_c = c["info"]["phases"].get("peer_values", 0) + c["info"]["phases"].get("rollup", 0) + \
                c["info"]["phases"].get("summary_report", 0)
            print(f"[{label}] per city (serial task times): {per:.1f} s; batch overhead (peers, roll-up, summary) "
                  f"{fixed_c:.1f} s on the cluster, {fixed:.1f} s serial")
            print(f"[{label}] projection, 300 cities (one core per worker, shared storage):")
            for n, total, per_city in project(per, fixed_c):
                print(f"    {n:4d} workers: {total / 60:7.1f} min in all, {per_city:6.2f} s per city")


# --- one very large study -------------------------------------------------------------------------

def make_large_study(rows: int, folder: Path) -> Path:
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
    cfg = study_config(data, "large_city", "大样本市", folder / "output")
    cfg["cleaning"]["duplicate_ids"] = "error"
    path = folder / "study.yaml"
    path.write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def large_child(path: Path) -> dict:
    from citysurvey.pipeline import run_study
    from citysurvey.registry import default_stages

    t = time.perf_counter()
    res = run_study(path, stages=[s for s in default_stages() if s.name != "report"])
    wall = time.perf_counter() - t
    return {"n_valid": res.study.n, "wall": wall, "stages": res.timings,
            "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def large_bench(rows: int) -> None:
    with tempfile.TemporaryDirectory(prefix="bench_large_") as tmp:
        t = time.perf_counter()
        path = make_large_study(rows, Path(tmp))
        size = (Path(tmp) / "data" / "responses.csv").stat().st_size / 1e6
        print(f"one study of {rows:,} respondents ({size:.0f} MB CSV) made in {time.perf_counter() - t:.1f} s; "
              f"load average {load()}")
        out = subprocess.run([sys.executable, __file__, "--large-child", str(path)], capture_output=True, text=True)
        if out.returncode != 0:
            print(out.stderr[-4000:])
            raise SystemExit(out.returncode)
        r = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"  end to end without rendering: {r['wall']:.1f} s; peak memory {r['peak_mib']:,.0f} MiB "
          f"({r['n_valid']:,} valid respondents; load average after {load()})")
    for name, seconds in r["stages"].items():
        print(f"    {name:12s} {seconds:7.1f} s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cities", type=int, default=24)
    ap.add_argument("--n", type=int, default=3000, help="respondents per city")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--workers", type=int, default=None, help="local cluster workers (default: cores and memory)")
    ap.add_argument("--no-render-phase", dest="render_phase", action="store_false", help="skip the rendering phase")
    ap.add_argument("--render-only", action="store_true", help="only the phase with rendering")
    ap.add_argument("--large", type=int, default=None, help="instead: one study with this many respondents")
    ap.add_argument("--large-child", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.large_child:
        print(json.dumps(large_child(args.large_child)))
    elif args.large:
        large_bench(args.large)
    else:
        batch_bench(args)


if __name__ == "__main__":
    main()
