"""What a second busy core costs the first: the same work alone on one core, then two copies at once.

    python bench/bench_cores.py                 # 2 generated cities' renders + a pure-Python loop, 3 rounds
    python bench/bench_cores.py --rounds 1 --respondents 1000   # quick

The batch goal (``bench_batch.py``: the local cluster ≥ 1.7× the serial batch on 2 cores) assumes the two
cores of this machine are two cores' worth of work. On a virtual machine they may share a physical core's
execution units, caches or memory bandwidth with each other or with other guests, and then each process
does less per CPU second while the other core is busy: the cluster's CPU seconds grow although its code
does the same work. This bench measures that directly, with no Dask involved:

* ``loop``: a fixed pure-Python integer loop (no memory traffic beyond the interpreter's own);
* ``analysis``: ``citysurvey run CITY --until diagnosis`` for a generated city (3,000 respondents): every
  analysis stage, pandas and numpy over the study's tables;
* ``render``: ``citysurvey report CITY --engine builtin`` for the same city, its document workers, pandoc
  and Typst on its core.

Every run's process tree is pinned to one core (as ``taskset -c N``).

Each round runs copy A alone on core 0, copy B alone on core 1, then A and B at once on cores 0 and 1.
It prints each run's wall and CPU seconds (the whole process tree, :class:`_common.CpuMeter`) and the
ratio paired / alone: 1.00 means the cores are independent; 1.15 means a batch that keeps both cores
busy needs 15% more CPU seconds for the same work than one that keeps one busy, and its speed-up over a
one-core run is at most 2 / 1.15. Run it on a quiet machine (load average under 0.5): anything else
running takes the same cores.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from _common import CpuMeter  # noqa: E402 - this script's folder is on the path

LOOP = "s = 0\nfor i in range({n}):\n    s += i * i % 7\n"


def start(cmd: list[str], core: int) -> tuple[subprocess.Popen, CpuMeter, float]:
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            preexec_fn=lambda: os.sched_setaffinity(0, {core}))
    # not ``reaper``: that reads this process's RUSAGE_CHILDREN, which two copies at once would share
    return proc, CpuMeter(proc.pid), time.perf_counter()


def finish(run: tuple[subprocess.Popen, CpuMeter, float], what: str) -> dict:
    proc, meter, t = run
    os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOWAIT)  # ended, not yet reaped: its final times still readable
    wall = time.perf_counter() - t
    cpu = meter.stop()
    proc.wait()
    if proc.returncode != 0:
        raise SystemExit(f"{what} failed (exit {proc.returncode})")
    return {"wall": wall, "cpu": cpu}


def measure(name: str, cmd_a: list[str], cmd_b: list[str], rounds: int) -> dict:
    """Alone on core 0, alone on core 1, then both at once; per round, and the medians of the ratios."""
    ratios_cpu, ratios_wall = [], []
    for r in range(1, rounds + 1):
        a = finish(start(cmd_a, 0), name)
        b = finish(start(cmd_b, 1), name)
        runs = [start(cmd_a, 0), start(cmd_b, 1)]
        pa, pb = (finish(x, name) for x in runs)
        rc = (pa["cpu"] + pb["cpu"]) / (a["cpu"] + b["cpu"])
        rw = (pa["wall"] + pb["wall"]) / (a["wall"] + b["wall"])
        ratios_cpu.append(rc)
        ratios_wall.append(rw)
        print(f"  {name} round {r}: alone A {a['wall']:6.1f} s wall {a['cpu']:6.1f} s CPU, "
              f"B {b['wall']:6.1f} / {b['cpu']:6.1f}; paired A {pa['wall']:6.1f} / {pa['cpu']:6.1f}, "
              f"B {pb['wall']:6.1f} / {pb['cpu']:6.1f}; paired/alone CPU {rc:.3f}, wall {rw:.3f} "
              f"(load {os.getloadavg()[0]:.1f})", flush=True)
    return {"cpu": statistics.median(ratios_cpu), "wall": statistics.median(ratios_wall)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--respondents", type=int, default=3000)
    ap.add_argument("--loop", type=int, default=60_000_000, help="iterations of the pure-Python loop")
    args = ap.parse_args()
    if os.cpu_count() < 2 or len(os.sched_getaffinity(0)) < 2:
        raise SystemExit("needs two cores")
    print(f"load average at start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}", flush=True)
    loop = [sys.executable, "-c", LOOP.format(n=args.loop)]
    result = {"loop": measure("loop", loop, loop, args.rounds)}

    from citysurvey.batch import generate_cities, run_batch

    with tempfile.TemporaryDirectory(prefix="bench_cores_") as tmp:
        paths = generate_cities(Path(tmp), 2, n=args.respondents, seed=7)
        run_batch(paths, folder=Path(tmp) / "batch", serial=True, render=False, force=True, progress=False)
        cli = str(Path(sys.executable).with_name("citysurvey"))
        result["analysis"] = measure("analysis", [cli, "run", str(paths[0]), "--until", "diagnosis"],
                                     [cli, "run", str(paths[1]), "--until", "diagnosis"], args.rounds)
        result["render"] = measure("render", [cli, "report", str(paths[0]), "--engine", "builtin"],
                                   [cli, "report", str(paths[1]), "--engine", "builtin"], args.rounds)
    print("\nmedian paired / alone (1.00: the cores are independent)")
    for name, r in result.items():
        print(f"  {name:7s} CPU {r['cpu']:.3f}  wall {r['wall']:.3f}  → two busy cores give at most "
              f"{2 / r['cpu']:.2f}× one core's work")


if __name__ == "__main__":
    main()
