"""Raking 1,000,000 respondents on 5 margins against ipfn, weightipy, balance, svy and R survey::rake.

    .venv/bin/python bench/bench_rake.py [--n 1000000] [--repeat 7] [--skip balance,svy,r_survey_rake]

Times the raking call only (median of --repeat calls for citysurvey and ipfn,
of 3 for weightipy; R and balance once), from base weights
to a max relative margin error of 1e-8, and checks every method's weights agree
with citysurvey's. Peers come from bench/setup_peers.sh.
"""
from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).parent))
from _common import VARS, have_r, max_margin_error, report, run_r, synthetic_sample, timed, tmpdir  # noqa: E402

from citysurvey.weighting import Margin, SurveyDesign, rake  # noqa: E402

TOL = 1e-8
REPEAT = 7  # the fast methods (citysurvey, ipfn): median of this many calls; set by --repeat


def ours(df, targets):
    d = SurveyDesign.from_frame(df, weights="w0")
    margins = [Margin.of(v, dict(t)) for v, t in targets.items()]
    sec, out = timed(lambda: rake(d, margins, tol=TOL), repeat=REPEAT)
    return sec, out.weights


def collapsed(df):
    """The 5-way table of base-weight sums, and each respondent's cell (for peers that rake tables)."""
    codes = [df[v].cat.codes.to_numpy().astype(np.int64) for v in VARS]
    shape = tuple(len(x) for x in VARS.values())
    flat = np.ravel_multi_index(codes, shape)
    table = np.bincount(flat, df["w0"].to_numpy(), minlength=int(np.prod(shape))).reshape(shape)
    return table, flat


def peer_ipfn(df, targets, *, table_only=False):
    """ipfn on the 5-way table; end to end it also collapses respondents and broadcasts back."""
    from ipfn import ipfn

    aggregates = [t.to_numpy() for t in targets.values()]
    dims = [[k] for k in range(len(aggregates))]
    table0, flat0 = collapsed(df)

    def go():
        table, flat = (table0, flat0) if table_only else collapsed(df)
        fitted = ipfn.ipfn(table.copy(), aggregates, dims, convergence_rate=1e-10, max_iteration=5000, verbose=0).iteration()
        g = np.divide(fitted.ravel(), table.ravel(), out=np.zeros(table.size), where=table.ravel() > 0)
        return df["w0"].to_numpy() * g[flat]

    return timed(go, repeat=REPEAT)


def peer_ipfn_table(df, targets):
    return peer_ipfn(df, targets, table_only=True)


def peer_weightipy(df, targets):
    import weightipy as wp

    frame = pd.DataFrame({v: df[v].cat.codes.to_numpy() + 1 for v in VARS})
    frame["w0"] = df["w0"].to_numpy()
    scheme_targets = {v: {i + 1: float(p) for i, p in enumerate(100 * t / t.sum())} for v, t in targets.items()}

    def go():
        # weight_column_name: the base weights the rim starts from
        scheme = wp.scheme_from_dict(scheme_targets, rim_params={"max_iterations": 5000, "convcrit": 1e-11, "weight_column_name": "w0"})
        return wp.weight_dataframe(frame, scheme, weight_column="weight")

    sec, out = timed(go)
    w = out["weight" if "weight" in out else "w0"].to_numpy()  # weightipy writes into the base-weight column
    return sec, w * sum(next(iter(targets.values()))) / w.sum()


def peer_balance(df, targets):
    from balance.weighting_methods.rake import rake as brake

    table, flat = collapsed(df)
    sample = pd.DataFrame({v: df[v].astype(str) for v in VARS})
    # target as the population cells implied by independent margins (balance rakes to a target sample)
    grids = np.meshgrid(*[np.arange(len(x)) for x in VARS.values()], indexing="ij")
    tw = np.ones(grids[0].shape)
    for k, t in enumerate(targets.values()):
        tw = tw * (t.to_numpy() / t.sum())[grids[k]]
    target = pd.DataFrame({v: np.asarray(levels)[grids[k].ravel()] for k, (v, levels) in enumerate(VARS.items())})
    tw = pd.Series(tw.ravel() * sum(next(iter(targets.values()))))
    keep = tw > 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sec, out = timed(
            lambda: brake(sample, pd.Series(df["w0"].to_numpy()), target[keep.to_numpy()], tw[keep], variables=list(VARS),
                          convergence_rate=1e-10, max_iteration=5000, transformations=None, na_action="add_indicator"),
            repeat=1,
        )
    w = np.asarray(out["weight"], dtype=float)
    return sec, w * tw.sum() / w.sum()


def peer_r(df, targets):
    wd = tmpdir()
    df.assign(**{v: df[v].astype(str) for v in VARS}).to_csv(wd / "data.csv", index=False)
    for v, t in targets.items():
        pd.DataFrame({v: t.index, "Freq": t.to_numpy()}).to_csv(wd / f"m_{v}.csv", index=False)
    script = f"""
suppressMessages(library(survey))
d <- read.csv("data.csv", stringsAsFactors = TRUE)
des <- svydesign(ids = ~1, weights = ~w0, data = d)
vars <- c({", ".join(repr(v) for v in VARS)})
pm <- lapply(vars, function(v) read.csv(paste0("m_", v, ".csv")))
sm <- lapply(vars, function(v) as.formula(paste0("~", v)))
tm <- system.time(r <- rake(des, sm, pm, control = list(maxit = 500, epsilon = 1e-11)))[["elapsed"]]
write.csv(data.frame(w = weights(r)), "w.csv", row.names = FALSE)
cat(tm, "\\n")
"""
    sec = float(run_r(script, wd).strip().split()[-1])
    return sec, pd.read_csv(wd / "w.csv")["w"].to_numpy()


def peer_svy(df, targets):
    """svy (samplics' Rust-backed successor): ``Sample.weighting.rake`` from the base weights, once."""
    import time

    import polars as pl
    import svy

    data = pl.from_pandas(df.assign(**{v: df[v].astype(str) for v in VARS}))
    sample = svy.Sample(data, svy.Design(wgt="w0"))
    controls = {v: {str(k): float(x) for k, x in t.items()} for v, t in targets.items()}
    t0 = time.perf_counter()
    out = sample.weighting.rake(controls=controls, wgt_name="rk", tol=TOL, max_iter=500)
    sec = time.perf_counter() - t0
    return sec, out.data["rk"].to_numpy().astype(float)


PEERS = {"ipfn": peer_ipfn, "ipfn_table_only": peer_ipfn_table, "weightipy": peer_weightipy, "balance": peer_balance, "svy": peer_svy,
         "r_survey_rake": peer_r}


def main(argv=None):
    global REPEAT
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--skip", default="")
    ap.add_argument("--repeat", type=int, default=REPEAT)
    args = ap.parse_args(argv)
    REPEAT = args.repeat
    skip = set(filter(None, args.skip.split(",")))
    df, targets = synthetic_sample(args.n)
    print(f"raking n={args.n:,} on 5 margins ({' × '.join(f'{len(x)} {v}' for v, x in VARS.items())}), tol {TOL:g}")
    sec, w_ours = ours(df, targets)
    unit = SurveyDesign.from_frame(df)
    w_unit = rake(unit, [Margin.of(v, dict(t)) for v, t in targets.items()], tol=TOL).weights
    rows = [{"method": "citysurvey", "seconds": sec, "max_margin_rel_error": max_margin_error(df, w_ours, targets), "max_weight_rel_diff": 0.0}]
    for name, fn in PEERS.items():
        if name in skip or (name == "r_survey_rake" and not have_r()):
            rows.append({"method": name, "seconds": np.nan, "note": "skipped"})
            continue
        try:
            s, w = fn(df, targets)
        except ImportError as exc:
            rows.append({"method": name, "seconds": np.nan, "note": f"not installed ({exc.name})"})
            continue
        ref = w_unit if name == "weightipy" else w_ours
        rows.append(
            {
                "method": name,
                "seconds": s,
                "max_margin_rel_error": max_margin_error(df, w, targets),
                "max_weight_rel_diff": float(np.max(np.abs(w / ref - 1))),
            }
        )
    report(rows)
    print("ipfn: end to end = collapse respondents + ipfn + broadcast; ipfn_table_only times the ipfn call on a ready table.")
    print("weightipy rakes from unit weights (it takes no base weights): its weights are compared with citysurvey's rake from unit weights.")


if __name__ == "__main__":
    main()
