"""Shared helpers for the benchmarks: synthetic city survey data, timing, R calls."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

DISTRICTS = [f"D{i:02d}" for i in range(10)]
AGES = ["18-24", "25-34", "35-44", "45-54", "55-64", "65+"]
SEXES = ["M", "F"]
HUKOU = ["local", "migrant"]
INCOME = ["I1", "I2", "I3", "I4", "I5"]
VARS = {"district": DISTRICTS, "age_band": AGES, "sex": SEXES, "hukou": HUKOU, "income_band": INCOME}


def synthetic_sample(n: int, seed: int = 1) -> tuple[pd.DataFrame, dict[str, pd.Series]]:
    """n respondents with skewed representation, base weights and population margins (N = 20 million)."""
    rng = np.random.default_rng(seed)
    data = {}
    targets = {}
    for v, levels in VARS.items():
        k = len(levels)
        pop_share = rng.dirichlet(np.full(k, 8.0))
        samp_share = pop_share * rng.uniform(0.6, 1.6, k)
        samp_share /= samp_share.sum()
        data[v] = pd.Categorical.from_codes(rng.choice(k, n, p=samp_share), categories=levels)
        targets[v] = pd.Series(pop_share * 20_000_000, index=levels)
    df = pd.DataFrame(data)
    df["w0"] = rng.lognormal(0, 0.3, n) * 20_000_000 / n
    return df, targets


def timed(fn, repeat: int = 3):
    """Median wall time of ``repeat`` calls and the last result."""
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return float(np.median(times)), out


def max_margin_error(df: pd.DataFrame, w: np.ndarray, targets: dict[str, pd.Series]) -> float:
    err = 0.0
    for v, t in targets.items():
        got = pd.Series(w).groupby(df[v].to_numpy(), observed=False).sum().reindex(t.index)
        err = max(err, float(np.max(np.abs(got.to_numpy() / t.to_numpy() - 1))))
    return err


def have_r() -> bool:
    if not shutil.which("Rscript"):
        return False
    return subprocess.run(["Rscript", "-e", "library(survey)"], capture_output=True).returncode == 0


def run_r(script: str, workdir: Path) -> str:
    path = workdir / "bench.R"
    path.write_text(script, encoding="utf-8")
    res = subprocess.run(["Rscript", str(path)], capture_output=True, text=True, cwd=workdir)
    if res.returncode != 0:
        raise RuntimeError(res.stderr[-2000:])
    return res.stdout


def tmpdir() -> Path:
    return Path(tempfile.mkdtemp(prefix="citysurvey_bench_"))


def report(rows: list[dict], ours: str = "citysurvey") -> None:
    tab = pd.DataFrame(rows)
    base = tab.loc[tab["method"] == ours, "seconds"].iloc[0]
    tab["ratio_vs_citysurvey"] = tab["seconds"] / base
    with pd.option_context("display.width", 200, "display.max_columns", 20, "display.float_format", "{:.4g}".format):
        print(tab.to_string(index=False))
