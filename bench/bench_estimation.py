"""Domain means with linearised SEs: 50 items × 10 districts on 1,000,000 respondents.

    .venv/bin/python bench/bench_estimation.py [--n 1000000] [--items 50] [--skip samplics,svy,r] [--calibrated]

citysurvey's ``svymean(design, items, by="district")`` against R's
``svyby(~q01+…+q50, ~district, design, svymean)``, samplics' TaylorEstimator
(one call per item, domain=district) and svy (samplics' Rust-backed successor:
``Sample(data, Design(stratum="district", wgt="w")).estimation.mean(items, by="district")``).
Peers are installed by ``bench/setup_peers.sh``; none is a dependency of citysurvey. The design is stratified by district with
unequal weights; only the estimation call is timed. Estimates and SEs of every
peer are compared with citysurvey's.

``--calibrated`` first rakes the design to district, sex and age-band totals
(citysurvey ``rake``; R ``calibrate(calfun="raking")``, whose SEs use the same
regression residuals), so the SEs carry the calibration, as in the estimation
stage. samplics and svy have no calibration residuals and are skipped then.

On a machine shared with other jobs wall times swing; the ratio of the two runs side by side is
what the figure in the README reports (with ``uptime`` alongside).
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
from citysurvey.weighting import Margin, SurveyDesign, rake  # noqa: E402

SEXES = ["F", "M"]
AGES = ["18-34", "35-59", "60+"]


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


def add_calibration_variables(df: pd.DataFrame, seed: int = 3) -> tuple[pd.DataFrame, list[Margin]]:
    """Sex and age band for every respondent, and population totals for district, sex and age band.

    The totals are the sample's weighted totals, tilted, so raking moves the weights.
    """
    rng = np.random.default_rng(seed)
    n = len(df)
    df = df.assign(sex=pd.Categorical.from_codes(rng.integers(0, 2, n), categories=SEXES),
                   age_band=pd.Categorical.from_codes(rng.choice(3, n, p=[0.25, 0.45, 0.30]), categories=AGES))
    total = float(df["w"].sum())
    margins = []
    for v, tilt in [("district", 0.25), ("sex", 0.1), ("age_band", 0.3)]:
        got = df.groupby(v, observed=False)["w"].sum()
        t = got * (1 + tilt * np.linspace(-1, 1, len(got)))
        margins.append(Margin.of(v, dict(t * total / t.sum())))
    return df, margins


def peer_r(df, items, margins=None):
    wd = tmpdir()
    df.assign(**{c: df[c].astype(str) for c in df.columns if isinstance(df[c].dtype, pd.CategoricalDtype)}).to_csv(
        wd / "data.csv", index=False)
    calib = ""
    if margins:
        # calibrate(~district + sex + age_band): population = N, then each non-reference level's total
        names, values = ["(Intercept)"], [float(sum(margins[0].table["population"]))]
        for m in margins:
            (v,) = m.variables
            t = m.table.set_index(v)["population"].sort_index()
            names += [f"{v}{lvl}" for lvl in t.index[1:]]
            values += t.iloc[1:].tolist()
        pd.DataFrame({"name": names, "total": values}).to_csv(wd / "pop.csv", index=False)
        formula = " + ".join(m.variables[0] for m in margins)
        calib = f"""p <- read.csv("pop.csv"); pop <- setNames(p$total, p$name)
des <- calibrate(des, ~{formula}, population = pop, calfun = "raking", epsilon = 1e-12, maxit = 200)
"""
    script = f"""
suppressMessages(library(survey))
d <- read.csv("data.csv", stringsAsFactors = TRUE)
des <- svydesign(ids = ~1, strata = ~district, weights = ~w, data = d)
{calib}f <- ~{"+".join(items)}
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


def peer_svy(df, items):
    import polars as pl
    import svy

    data = pl.from_pandas(df[["district", "w", *items]].assign(district=df["district"].astype(str)))
    sample = svy.Sample(data, svy.Design(stratum="district", wgt="w"))
    t = time.perf_counter()
    res = sample.estimation.mean(items, by="district")
    sec = time.perf_counter() - t
    rows = []
    for it, est in zip(items, res):
        tab = est.to_polars().to_pandas()
        rows.append(pd.DataFrame({"variable": it, "district": tab["district"].astype(str), "estimate": tab["est"],
                                  "se": tab["se"]}))
    return sec, pd.concat(rows, ignore_index=True)


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--items", type=int, default=50)
    ap.add_argument("--skip", default="")
    ap.add_argument("--calibrated", action="store_true", help="rake the design to district, sex and age-band totals first")
    args = ap.parse_args(argv)
    skip = set(filter(None, args.skip.split(",")))
    df = make_data(args.n, args.items)
    items = [c for c in df.columns if c.startswith("q")]
    margins = None
    if args.calibrated:
        df, margins = add_calibration_variables(df)
        skip.update({"samplics", "svy"})
    design = SurveyDesign.from_frame(df, weights="w", strata="district")
    if margins:
        design = rake(design, margins, tol=1e-12)
    print(f"domain means + linearised SEs: n={args.n:,}, {len(items)} items × {len(DISTRICTS)} districts (strata = district)"
          + (", raked to district, sex and age band" if margins else ""))
    sec, ours = timed(lambda: svymean(design, items, by="district"))
    ours = ours.assign(district=ours["district"].astype(str)).set_index(["variable", "district"])
    rows = [{"method": "citysurvey", "seconds": sec, "max_est_rel_diff": 0.0, "max_se_rel_diff": 0.0}]
    for name, fn in {"r_survey_svyby": peer_r, "samplics": peer_samplics, "svy": peer_svy}.items():
        if name in skip or (name == "r_survey_svyby" and not have_r()):
            rows.append({"method": name, "seconds": np.nan, "note": "skipped"})
            continue
        try:
            s, res = fn(df, items, margins) if name == "r_survey_svyby" else fn(df, items)
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
