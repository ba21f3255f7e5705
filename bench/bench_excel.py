"""Workbook writing, main's writer against this checkout's, on the demo's stage tables and a 100,000-row table.

    PYTHONPATH=$PWD .venv/bin/python -m citysurvey run analysis/demo_city/study.yaml   # once, for the tables
    PYTHONPATH=$PWD .venv/bin/python bench/bench_excel.py [--output output/demo_city] [--rows 100000] [--base main]

The old writer is ``citysurvey/excel.py`` at ``--base`` (read with ``git show``). Each stage folder's
CSV tables are written as one workbook, as the pipeline does (median of --repeat writes); the
respondent-level table has the columns of the weights table. Every pair of workbooks must be
byte-identical, which checks that the faster writer shows the user exactly what the old one did.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import time
import types
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from citysurvey import excel as new  # noqa: E402


def old_module(base: str) -> types.ModuleType:
    source = subprocess.run(["git", "show", f"{base}:citysurvey/excel.py"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout
    module = types.ModuleType("citysurvey._excel_base")
    module.__package__ = "citysurvey"  # its relative imports (textio) resolve against this checkout
    exec(compile(source, f"{base}:citysurvey/excel.py", "exec"), module.__dict__)
    return module


def stage_tables(output: Path) -> dict[str, dict[str, pd.DataFrame]]:
    """Stage name → its CSV tables, for every stage that wrote a workbook."""
    out = {}
    for book in sorted(output.glob("*/*.xlsx")):
        tables = {p.stem: pd.read_csv(p) for p in sorted(book.parent.glob("*.csv"))}
        if tables:
            out[book.parent.name] = tables
    return out


def respondents(n: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    districts = np.array(["城东区", "城西区", "南湖区", "北山区"])
    w = rng.lognormal(0, 0.3, n)
    return pd.DataFrame({
        "resp_id": [f"R{i:06d}" for i in range(n)],
        "district": districts[rng.integers(0, 4, n)],
        "age_band": rng.choice(["18-34", "35-59", "60+"], n),
        "base_weight": w, "g": rng.uniform(0.7, 1.4, n), "weight": w * 1.1,
        "satisfied_rate": rng.uniform(0, 1, n), "score": rng.uniform(40, 100, n),
        "n_valid": rng.integers(0, 30, n), "p_value": np.where(rng.uniform(size=n) < 0.1, np.nan, rng.uniform(size=n)),
    })


def timed(fn, repeat: int) -> tuple[float, bytes]:
    times, out = [], b""
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return float(np.median(times)), out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--output", default=str(ROOT / "output" / "demo_city"))
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--base", default="main")
    args = ap.parse_args()
    old = old_module(args.base)
    headers = new.COMMON_HEADERS_ZH
    cases = {f"demo {k}": v for k, v in stage_tables(Path(args.output)).items()}
    if not cases:
        print(f"no workbooks under {args.output}: run the demo first", file=sys.stderr)
    cases[f"{args.rows:,} respondents"] = {"weights": respondents(args.rows)}
    print(f"{'workbook':<28}{'rows':>9}{'old s':>9}{'new s':>9}{'speed-up':>10}  same bytes")
    total_old = total_new = 0.0
    for name, sheets in cases.items():
        repeat = 1 if sum(map(len, sheets.values())) > 20_000 else args.repeat
        t_old, b_old = timed(lambda: old.workbook_bytes(sheets, headers=headers), repeat)
        t_new, b_new = timed(lambda: new.workbook_bytes(sheets, headers=headers), repeat)
        total_old += t_old
        total_new += t_new
        rows = sum(map(len, sheets.values()))
        print(f"{name:<28}{rows:>9,}{t_old:>9.3f}{t_new:>9.3f}{t_old / t_new:>9.1f}x  {b_old == b_new}")
    print(f"{'total':<28}{'':>9}{total_old:>9.3f}{total_new:>9.3f}{total_old / total_new:>9.1f}x")


if __name__ == "__main__":
    main()
