"""CPU seconds of a render's chart step, figure by figure, and the figures it draws (to compare two trees).

    python bench/bench_charts.py analysis/demo_city/study.yaml --rounds 5 --save /tmp/charts_new
    PYTHONPATH=/path/to/older/tree python bench/bench_charts.py analysis/demo_city/study.yaml --save /tmp/charts_old
    python bench/bench_charts.py --compare /tmp/charts_old /tmp/charts_new

The study's outputs must exist (``citysurvey run``, or ``citysurvey run --stages`` without the report).
Each round draws every figure of the study's full render (city and district reports: the chart
step's plan) in this process, from a fresh load of the outputs, and counts the CPU seconds of
drawing and saving each as PNG; the facts and tables the step also computes are left out, and so
is a chart a stage already drew. The first round pays for imports and fonts; later rounds find
what a process keeps from one study to the next (a batch's worker). The figures of the last round
are saved as ``<chart>__<area>.png``; ``--compare`` says which figures differ, in bytes and in
decoded pixels. Uses only what older trees have too, so an earlier commit's tree can be timed with
this script (``PYTHONPATH`` pointing at it).
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path


def chart_step(study: str, rounds: int, save: Path | None) -> None:
    import matplotlib

    from citysurvey.config import load_study
    from citysurvey.plotting import figure_png, use_theme
    from citysurvey.report import figures
    from citysurvey.report.outputs import load_outputs
    from citysurvey.report.stage import _figure_plan, _jobs, reports_dir, section

    cfg = load_study(study)
    report = section(cfg)
    plan = _figure_plan(_jobs(reports_dir(report, cfg.path), report, load_outputs(cfg.output.dir), None))
    figures.load_charts()
    print(f"{figures.__file__}; load average {os.getloadavg()[0]:.1f}")
    per_chart: dict[str, list[float]] = {}
    totals = []
    for r in range(rounds):
        out = load_outputs(cfg.output.dir)
        pngs: dict[str, bytes] = {}
        total = 0.0
        for area, calls in plan.items():
            with matplotlib.rc_context():  # as the chart step draws an area
                for call in calls:
                    chart = figures.REGISTRY[call.chart]
                    kwargs = dict(call.kwargs)
                    if chart.kind != figures.FIGURE:
                        continue
                    if figures.is_city_wide(chart.bound((), kwargs)) and chart.stage_path(out) is not None:
                        continue  # a stage drew it
                    started = time.process_time()
                    use_theme()
                    png = figure_png(chart.draw(out, **kwargs))
                    seconds = time.process_time() - started
                    total += seconds
                    per_chart.setdefault(call.chart, [0.0] * rounds)[r] += seconds
                    pngs[f"{call.chart}__{area or 'city'}"] = png
        totals.append(total)
        print(f"round {r + 1}: {len(pngs)} figures, {total:.2f} CPU s (load average {os.getloadavg()[0]:.1f})",
              flush=True)
    later = totals[1:] or totals
    print(f"first round {totals[0]:.2f} CPU s; later rounds min {min(later):.2f}, median "
          f"{sorted(later)[len(later) // 2]:.2f}")
    for name, seconds in sorted(per_chart.items(), key=lambda kv: -min(kv[1])):
        print(f"    {name:32s} {min(seconds):6.3f} s (least of the rounds, all its areas)")
    if save:
        save.mkdir(parents=True, exist_ok=True)
        for name, png in pngs.items():
            (save / f"{name}.png").write_bytes(png)
        print(f"{len(pngs)} figures saved in {save}")


def compare(a: Path, b: Path) -> int:
    import numpy as np
    from PIL import Image

    names = sorted({p.name for p in a.glob("*.png")} | {p.name for p in b.glob("*.png")})
    same_bytes = same_pixels = 0
    for name in names:
        if not (a / name).is_file() or not (b / name).is_file():
            print(f"only in one folder: {name}")
            continue
        x, y = (a / name).read_bytes(), (b / name).read_bytes()
        if x == y:
            same_bytes += 1
            continue
        px, py = (np.asarray(Image.open(p).convert("RGBA")) for p in (a / name, b / name))
        if px.shape == py.shape and (px == py).all():
            same_pixels += 1
            print(f"same pixels, other bytes: {name}")
        else:
            print(f"DIFFERENT: {name}")
    print(f"{len(names)} figures: {same_bytes} byte-identical, {same_pixels} pixel-identical only, "
          f"{len(names) - same_bytes - same_pixels} different")
    return 0 if same_bytes + same_pixels == len(names) else 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("study", nargs="?", help="the study config whose outputs are drawn")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--save", type=Path, help="folder for the last round's PNGs")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("OLD", "NEW"), help="two --save folders")
    args = parser.parse_args()
    if args.compare:
        sys.exit(compare(*args.compare))
    if not args.study:
        parser.error("a study config, or --compare")
    chart_step(args.study, args.rounds, args.save)


if __name__ == "__main__":
    main()
