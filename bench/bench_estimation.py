"""Domain means with linearised SEs: 50 items × 10 districts on 1,000,000 respondents.

    .venv/bin/python bench/bench_estimation.py [--n 1000000] [--items 50] [--skip samplics,r]

citysurvey's ``svymean(design, items, by="district")`` against R's
``svyby(~q01+…+q50, ~district, design, svymean)`` and samplics' TaylorEstimator
(one call per item, domain=district). The design is stratified by district with
unequal weights; only the estimation call is timed. Estimates and SEs of every
peer are compared with citysurvey's.
"""
from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).parent))
from _common import DISTRICTS, have_r, report, run_r, timed, tmpdir  # noqa: E402

from citysurvey.estimation import svymean  # noqa: E402
from citysurvey.weighting import SurveyDesign  # noqa: E402


def make_data(n: int, items: int, seed: int = 2) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    dist = rng.integers(0, len(DISTRICTS), n)
    df = pd.DataFrame({"district": pd.Categorical.from_codes(dist, categories=DISTRICTS)})
    df["w"] = rng.lognormal(0, 0.5, n) * 2_000
    base = rng.normal(size=n)
    for j in range(items):
        latent = 0.6 * base + rng.normal(size=n) + 0.05 * dist
        df[f"q{j + 1:02d}"] = np.clip(np.round(3.3 + latent), 1, 5)
    return df


def peer_r(df, items):
    wd = tmpdir()
    df.assign(district=df["district"].astype(str)).to_csv(wd / "data.csv", index=False)
    script = f"""
suppressMessages(library(survey))
d <- read.csv("data.csv", stringsAsFactors = TRUE)
des <- svydesign(ids = ~1, strata = ~district, weights = ~w, data = d)
f <- ~{"+".join(items)}
tm <- system.time(r <- svyby(f, ~district, des, svymean))[["elapsed"]]
est <- as.matrix(coef(r)); se <- as.matrix(SE(r))
out <- data.frame(key = names(coef(r)), estimate = as.vector(coef(r)), se = as.vector(as.matrix(SE(r))))
write.csv(out, "r.csv", row.names = FALSE)
cat(tm, "\\n")
"""
    sec = float(run_r(script, wd).strip().split()[-1])
    r = pd.read_csv(wd / "r.csv")
    # svyby names are "<district>:<item>"
    r[["district", "variable"]] = r["key"].str.split(":", n=1, expand=True)
    return sec, r[["variable", "district", "estimate", "se"]]


def peer_samplics(df, items):
    from samplics.estimation import TaylorEstimator
    from samplics.utils.types import PopParam

    rows = []
    t = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for it in items:
            est = TaylorEstimator(PopParam.mean)
            est.estimate(y=df[it].to_numpy(), samp_weight=df["w"].to_numpy(), stratum=df["district"].astype(str).to_numpy(),
                         domain=df["district"].astype(str).to_numpy())
            for dom, v in est.point_est.items():
                rows.append({"variable": it, "district": str(dom), "estimate": v, "se": est.stderror[dom]})
    return time.perf_counter() - t, pd.DataFrame(rows)


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--items", type=int, default=50)
    ap.add_argument("--skip", default="")
    args = ap.parse_args(argv)
    skip = set(filter(None, args.skip.split(",")))
    df = make_data(args.n, args.items)
    items = [c for c in df.columns if c.startswith("q")]
    design = SurveyDesign.from_frame(df, weights="w", strata="district")
    print(f"domain means + linearised SEs: n={args.n:,}, {len(items)} items × {len(DISTRICTS)} districts (strata = district)")
    sec, ours = timed(lambda: svymean(design, items, by="district"))
    ours = ours.assign(district=ours["district"].astype(str)).set_index(["variable", "district"])
    rows = [{"method": "citysurvey", "seconds": sec, "max_est_rel_diff": 0.0, "max_se_rel_diff": 0.0}]
    for name, fn in {"r_survey_svyby": peer_r, "samplics": peer_samplics}.items():
        if name in skip or (name == "r_survey_svyby" and not have_r()):
            rows.append({"method": name, "seconds": np.nan, "note": "skipped"})
            continue
        try:
            s, res = fn(df, items)
        except ImportError as exc:
            rows.append({"method": name, "seconds": np.nan, "note": f"not installed ({exc.name})"})
            continue
        res = res.set_index(["variable", "district"]).reindex(ours.index)
        rows.append(
            {
                "method": name,
                "seconds": s,
                "max_est_rel_diff": float(np.max(np.abs(res["estimate"] / ours["estimate"] - 1))),
                "max_se_rel_diff": float(np.max(np.abs(res["se"] / ours["se"] - 1))),
            }
        )
    report(rows)


if __name__ == "__main__":
    main()
