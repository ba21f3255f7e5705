"""Time the report stage's rendering with the built-in engine.

    .venv/bin/python bench/bench_report.py                   # the demo city (runs its analysis first)
    .venv/bin/python bench/bench_report.py output/demo_city  # an existing run's output folder

Prints seconds for: the city report with a cold kernel (HTML + PDF), the city
report again on the warm kernel (HTML only, PDF only), and each district report
(HTML + PDF) on the shared kernel, as the report stage renders them.
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from citysurvey.report import KernelSession, load_outputs, render, report_metadata  # noqa: E402

REPORTS = ROOT / "reports"


def demo_outputs(folder: Path) -> Path:
    """Run the demo study's analysis stages (not the report) into `folder`: the reports' inputs."""
    from citysurvey.config import load_study
    from citysurvey.pipeline import run_study

    cfg = load_study(ROOT / "analysis" / "demo_city" / "study.yaml")
    stages = dict(cfg.stages)
    stages["report"] = stages["report"].model_copy(update={"enabled": False})
    cfg = cfg.model_copy(update={"stages": stages, "output": cfg.output.model_copy(update={"dir": folder})})
    return run_study(cfg).output_dir


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        output_dir = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else demo_outputs(Path(tmp) / "demo_city")
        bench(output_dir)


def bench(output_dir: Path) -> None:
    out = load_outputs(output_dir)
    city = REPORTS / "city.qmd"
    rows: list[tuple[str, float]] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp, KernelSession() as kernel:
        def timed(label, document, formats, district=None):
            params = {"output_dir": str(output_dir)} | ({"district": district} if district else {})
            t = time.perf_counter()
            render(document, params, tmp, formats, "builtin", session=kernel,
                   metadata=report_metadata([document], out, district), name=f"{document.stem}_{district or ''}")
            rows.append((label, time.perf_counter() - t))

        timed("city report, cold kernel (html+pdf)", city, ("html", "pdf"))
        timed("city report, warm kernel (html)", city, ("html",))
        timed("city report, warm kernel (pdf)", city, ("pdf",))
        for district in out.districts:
            timed(f"district report {district} (html+pdf)", REPORTS / "district.qmd", ("html", "pdf"), district)
    total = time.perf_counter() - started
    print(f"outputs: {output_dir}")
    for label, seconds in rows:
        print(f"{seconds:7.2f} s  {label}")
    stage_like = rows[0][1] + sum(s for label, s in rows if label.startswith("district"))
    print(f"{stage_like:7.2f} s  city + all districts, as the report stage renders them")
    print(f"{total:7.2f} s  total (incl. kernel start and shutdown)")


if __name__ == "__main__":
    main()
