"""Time the report rendering of this tree against the engine of an earlier commit, in one run.

    .venv/bin/python bench/bench_report.py                 # against 581ba24 (before parallel rendering)
    .venv/bin/python bench/bench_report.py --base main     # against another commit
    .venv/bin/python bench/bench_report.py --skip-run      # without the two whole demo runs
    .venv/bin/python bench/bench_report.py --repeat 3      # medians of 3, old and new interleaved
    .venv/bin/python bench/bench_report.py --new-only      # this tree alone, while working on it

The earlier commit is checked out into a temporary ``git worktree`` (removed at the
end) and both trees run the same steps, each in its own Python process with its own
tree first on the path, on the same analysis outputs:

* all demo documents, HTML + PDF, as the report stage renders them;
* one district report re-rendered from a fresh process: ``render_reports(only=<区>)``, what
  ``citysurvey report --only <区>`` does, in a tree that has it; an earlier tree without
  ``--only`` renders that one document through its ``render()`` on a kernel;
* the same district rendered twice on one session, the second timed (a warm kernel, or the
  in-process shell of a tree that has ``InProcessSession``);
* the whole demo run (``citysurvey run``), every stage and the reports.

Both trees' sources are byte-compiled before the steps (``compileall``), as an installed package is
and as every run after the first finds them: where ``PYTHONDONTWRITEBYTECODE`` is set (this
machine sets it) each fresh process would otherwise compile the package again, about a third of a
second of a lone document's start. ``--no-compile`` leaves them as they are.

Goals (issue 12, 2 cores): all documents ≤ 15 s, one district ≤ 2 s, whole run ≤ 30 s.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import CpuMeter  # noqa: E402 - this script's folder is on the path

ROOT = Path(__file__).resolve().parents[1]
BASE = "581ba24"  # main before this engine: one kernel, documents one after another
GOALS = {"all documents (html+pdf)": 15.0, "one district, fresh process": 2.0,
         "one district, warm session": 2.0, "whole demo run": 30.0}

# Runs inside each tree's process; uses only APIs both trees have.
DRIVER = r'''
import inspect, json, sys, time
from pathlib import Path
from citysurvey.report.stage import render_reports
mode, out_dir, target = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
t0 = time.perf_counter()
if mode == "analysis":
    from citysurvey.config import load_study
    from citysurvey.pipeline import run_study
    cfg = load_study(Path("analysis/demo_city/study.yaml").resolve())
    stages = dict(cfg.stages)
    stages["report"] = stages["report"].model_copy(update={"enabled": False})
    cfg = cfg.model_copy(update={"stages": stages, "output": cfg.output.model_copy(update={"dir": out_dir})})
    run_study(cfg)
elif mode == "run":
    from citysurvey.config import load_study
    from citysurvey.pipeline import run_study
    cfg = load_study(Path("analysis/demo_city/study.yaml").resolve())
    run_study(cfg.model_copy(update={"output": cfg.output.model_copy(update={"dir": target})}))
elif mode == "all":
    from citysurvey.report.config import ReportConfig
    render_reports(out_dir, ReportConfig(engine="builtin", formats=("html", "pdf")), target=target)
elif mode == "one" and "only" in inspect.signature(render_reports).parameters:
    # what `citysurvey report --only <district>` does in this tree
    from citysurvey.report import load_outputs
    from citysurvey.report.config import ReportConfig
    district = load_outputs(out_dir).districts[0]
    render_reports(out_dir, ReportConfig(engine="builtin", formats=("html", "pdf")), target=target, only=district)
elif mode in ("one", "warm"):
    from citysurvey.report import builtin, load_outputs, render, report_metadata
    out = load_outputs(out_dir)
    district = out.districts[0]
    doc = Path("reports/district.qmd").resolve()
    params = {"output_dir": str(out_dir), "district": district}
    # the session each tree renders with: a Jupyter kernel, or this process's shell where the tree has one
    session = getattr(builtin, "InProcessSession", builtin.KernelSession)
    with session() as kernel:
        for attempt in range(1 if mode == "one" else 2):
            t0 = time.perf_counter()  # warm: the second render on the same session
            render(doc, params, target, ("html", "pdf"), "builtin", session=kernel,
                   metadata=report_metadata([doc], out, district), name="one")
print(json.dumps({"seconds": time.perf_counter() - t0}))
'''


def run(tree: Path, mode: str, out_dir: Path, target: Path) -> tuple[float, float, float]:
    """(wall seconds of the whole process, seconds the driver measured inside it, CPU seconds of all its processes)."""
    env = {**os.environ, "PYTHONPATH": str(tree), "MPLBACKEND": "Agg"}
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", DRIVER, mode, str(out_dir), str(target)], cwd=tree, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    meter = CpuMeter(proc.pid, reaper=True)
    stdout, stderr = proc.communicate()
    wall = time.perf_counter() - started
    cpu = meter.stop()
    if proc.returncode != 0:
        raise SystemExit(f"{tree} {mode} failed:\n{stderr[-3000:]}")
    return wall, json.loads(stdout.strip().splitlines()[-1])["seconds"], cpu


def main() -> None:
    import signal

    # a killed bench (timeout, Ctrl-C) still removes its git worktree: SIGTERM unwinds like an exception
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default=BASE, help="the earlier commit to compare with (default %(default)s)")
    parser.add_argument("--skip-run", action="store_true", help="do not time the two whole demo runs")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each step and tree; medians are shown")
    parser.add_argument("--no-compile", action="store_true",
                        help="do not byte-compile the trees first (each fresh process compiles what it imports)")
    parser.add_argument("--new-only", action="store_true",
                        help="time this tree alone (no comparison: for work in progress, not for the goals)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench_report_") as tmp:
        tmp = Path(tmp)
        if args.new_only:
            compare(None, tmp, args)
            return
        old = tmp / "old"
        subprocess.run(["git", "worktree", "add", "--detach", str(old), args.base], cwd=ROOT, check=True,
                       capture_output=True)
        try:
            compare(old, tmp, args)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(old)], cwd=ROOT, capture_output=True)


def compare(old: Path | None, tmp: Path, args) -> None:
    outputs = tmp / "outputs"
    loads = [os.getloadavg()[0]]
    print(f"{os.cpu_count()} cores; load average {loads[0]:.1f} at the start", flush=True)
    print(f"analysis outputs for both trees: {run(ROOT, 'analysis', outputs, tmp)[1]:.1f} s", flush=True)
    rows = []
    steps = [("all documents (html+pdf)", "all", "inside"), ("one district, fresh process", "one", "wall"),
             ("one district, warm session", "warm", "inside")]
    if not args.skip_run:
        steps.append(("whole demo run", "run", "inside"))
    trees = [("new", ROOT)] if old is None else [("old", old), ("new", ROOT)]
    if not args.no_compile:
        for _, tree in trees:  # written whatever PYTHONDONTWRITEBYTECODE says; __pycache__ is ignored by git
            subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree / "citysurvey")], check=True)
    for label, mode, which in steps:
        seen: dict[str, list[float]] = {name: [] for name, _ in trees}
        cpu: dict[str, list[float]] = {name: [] for name, _ in trees}
        for _ in range(args.repeat):  # old and new interleaved, so a change of load hits both
            for name, tree in trees:
                wall, inside, used = run(tree, mode, outputs, tmp / f"{name}_{mode}")
                seen[name].append(wall if which == "wall" else inside)
                cpu[name].append(used)
                loads.append(os.getloadavg()[0])
        nan = float("nan")
        times = [statistics.median(seen["old"]) if "old" in seen else nan, statistics.median(seen["new"])]
        cpus = [statistics.median(cpu["old"]) if "old" in cpu else nan, statistics.median(cpu["new"])]
        rows.append((label, *times, *cpus))
        each = "; ".join(f"{k} " + ", ".join(f"{v:.1f}" for v in seen[k]) for k in seen)
        print(f"  {label}: old {times[0]:.1f} s, new {times[1]:.1f} s  ({each}); "
              f"CPU old {cpus[0]:.1f} s, new {cpus[1]:.1f} s", flush=True)
    base = "(not run)" if old is None else args.base
    print(f"\n{'median of ' + str(args.repeat):32s}{'old ' + base:>14s}{'new (this tree)':>17s}{'new/old':>9s}"
          f"{'goal':>8s}{'CPU old':>12s}{'CPU new':>10s}")
    for label, before, after, cpu_before, cpu_after in rows:
        goal = GOALS[label]
        verdict = "ok" if after <= goal else "MISSED"
        print(f"{label:32s}{before:12.1f} s{after:15.1f} s{after / before:9.2f}{goal:6.0f} s"
              f"{cpu_before:10.1f} s{cpu_after:8.1f} s  {verdict}")
    print("\nsources " + ("not byte-compiled (--no-compile)" if args.no_compile else "byte-compiled first"))
    print(f"{os.cpu_count()} cores; load average {min(loads):.1f}–{max(loads):.1f} during the steps "
          "(other work on the machine slows both; compare the ratios). Wall: the step's own clock (the whole "
          "process for a fresh one); CPU: user + system of every process the step started.")


if __name__ == "__main__":
    main()
