"""Loading and validating 1,000,000 respondents: rows per second and peak memory.

Builds a CSV of N respondents by resampling the demo city's responses (fresh ids
and devices), then times reading + validating it against the demo codebook in a
fresh process so that peak memory is that of loading alone.

    python bench/bench_loading.py            # 1,000,000 rows
    python bench/bench_loading.py --rows 200000
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "data_samples" / "demo_city"


def make_csv(rows: int, path: Path) -> None:
    import numpy as np
    import pandas as pd

    base = pd.read_csv(DEMO / "responses.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    rng = np.random.default_rng(1)
    big = base.iloc[rng.integers(0, len(base), rows)].reset_index(drop=True)
    big["resp_id"] = [f"B{i:07d}" for i in range(rows)]
    big["device_id"] = [f"dev{i:07d}" for i in range(rows)]
    big.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")


def measure(path: Path) -> dict:
    """Runs in the child process."""
    from citysurvey.codebook import load_codebook
    from citysurvey.config import CleaningConfig
    from citysurvey.loading import read_table, validate_responses

    codebook = load_codebook(DEMO / "codebook.yaml")
    t0 = time.perf_counter()
    raw = read_table(path)
    t1 = time.perf_counter()
    data, log = validate_responses(raw, codebook, CleaningConfig(), file=path.name)
    t2 = time.perf_counter()
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"rows": len(raw), "columns": raw.shape[1], "kept": len(data), "read_s": t1 - t0,
            "validate_s": t2 - t1, "peak_mib": peak_kib / 1024}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(measure(args.child)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "responses_big.csv"
        make_csv(args.rows, path)
        size_mb = path.stat().st_size / 1e6
        out = subprocess.run([sys.executable, __file__, "--child", str(path)], check=True,
                             capture_output=True, text=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
    total = r["read_s"] + r["validate_s"]
    print(f"loading {r['rows']:,} respondents × {r['columns']} columns ({size_mb:.0f} MB CSV, UTF-8 BOM)")
    print(f"  read      {r['read_s']:7.2f} s   {r['rows'] / r['read_s']:>12,.0f} rows/s")
    print(f"  validate  {r['validate_s']:7.2f} s   {r['rows'] / r['validate_s']:>12,.0f} rows/s")
    print(f"  total     {total:7.2f} s   {r['rows'] / total:>12,.0f} rows/s")
    print(f"  peak memory {r['peak_mib']:,.0f} MiB (whole process: interpreter, pandas, raw strings and typed frame)")
    print(f"  kept {r['kept']:,} after the cleaning rules")


if __name__ == "__main__":
    main()
