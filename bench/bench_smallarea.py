"""Small-area estimation: checks against known answers, a simulation with a known truth, speed.

    .venv/bin/python bench/bench_smallarea.py [--reps 200] [--seed 1] [--skip-sim]

1. The milk data (tests/fixtures/smallarea/milk.csv, samplics' load_expenditure_milk): σ²_u and the
   log-likelihood at our optimum, at an independent scipy maximisation of the same profile
   (restricted) likelihood, and at samplics' optimum (when samplics is installed).
2. Simulation on the demo city's streets (street-level truth of the generator): MSE of the
   EBLUP / benchmarked EBLUP / published estimate against the direct estimate, and 95% coverage.
3. Speed: Fay–Herriot fits with MSE for 24 items × 60 streets, and the whole small-area
   estimation of the demo study (every item and index × 60 streets, direct estimates included).
"""
from __future__ import annotations

import argparse
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import optimize

from citysurvey.smallarea import fit_fay_herriot, loglik
from citysurvey.smallarea.config import SmallAreaConfig
from citysurvey.smallarea.simulation import simulate_demo_streets

ROOT = Path(__file__).resolve().parents[1]


def milk_checks() -> None:
    data = pd.read_csv(ROOT / "tests" / "fixtures" / "smallarea" / "milk.csv")
    y = data["direct_est"].to_numpy(float)
    D = data["std_error"].to_numpy(float) ** 2
    X = np.column_stack([np.ones(len(y))] + [(data["major_area"] == k).to_numpy(float) for k in (2, 3, 4)])
    peer = None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from samplics.sae import EblupAreaModel
            from samplics.utils.types import FitMethod
        peer = (EblupAreaModel, FitMethod)
    except ImportError:
        print("samplics not installed: its column is skipped (bash bench/setup_peers.sh)")
    print("\n## Milk data (43 areas, 4 major areas): σ²_u and log-likelihood at each optimum")
    print("| method | citysurvey σ²_u | loglik | iterations | scipy σ²_u | loglik | samplics σ²_u | loglik (ours) | samplics iterations |")
    print("|---|---|---|---|---|---|---|---|---|")
    for method in ("REML", "ML"):
        fit = fit_fay_herriot(y, X, D, method)
        f = lambda t: -float(loglik(np.exp(t), y, X, D, method)[0])  # noqa: E731
        res = optimize.minimize_scalar(f, bounds=(np.log(1e-10), np.log(10.0)), method="bounded", options={"xatol": 1e-12})
        cells = [f"{fit.sigma2_u[0]:.8f}", f"{fit.loglik[0]:.8f}", str(fit.iterations[0]), f"{np.exp(res.x):.8f}", f"{-res.fun:.8f}"]
        if peer:
            m = peer[0](method=getattr(peer[1], method.lower()))
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                m.fit(yhat=y, X=X[:, 1:], area=np.arange(len(y)), error_std=np.sqrt(D), intercept=True, tol=1e-8)
            s2 = float(np.ravel(m.re_std)[0] ** 2)
            cells += [f"{s2:.8f}", f"{loglik(s2, y, X, D, method)[0]:.8f}", str(m.convergence["iterations"])]
        else:
            cells += ["–", "–", "–"]
        print(f"| {method} | " + " | ".join(cells) + " |")
    print("log-likelihoods with every constant: ML −½[m log 2π + Σ log V + Σ r²/V]; REML −½[(m−p) log 2π + Σ log V"
          " + log|XᵀV⁻¹X| + yᵀPy]")


def speed() -> None:
    rng = np.random.default_rng(1)
    m, J = 60, 24
    X = np.column_stack([np.ones(m), rng.normal(70, 3, m)])
    D = rng.uniform(4, 15, (m, J))
    Y = (X[:, 1:2] + rng.normal(0, 2.5, (m, J))) + rng.normal(0, 1, (m, J)) * np.sqrt(D)
    times = []
    for _ in range(5):
        t = time.perf_counter()
        fit_fay_herriot(Y, X, D, "REML")
        times.append(time.perf_counter() - t)
    print(f"\n## Speed\nFay–Herriot REML fits + Prasad–Rao MSE, 24 items × 60 streets (one vectorised call): "
          f"median {np.median(times) * 1000:.1f} ms over 5")
    from citysurvey.pipeline import validate_study
    from citysurvey.smallarea.estimate import estimate_small_areas
    from citysurvey.stage import RunContext
    from citysurvey.weighting.stage import WeightingStage

    cfg, study = validate_study(ROOT / "analysis" / "demo_city" / "study.yaml")
    design = WeightingStage().run(RunContext(cfg, study, ROOT / "output" / "_unused")).value
    items24 = study.codebook.items[:24]
    cb24 = study.codebook.model_copy(update={"variables": {k: v for k, v in study.codebook.variables.items()
                                                           if v.type != "likert" or k in items24}})
    for label, cb in (("the first 24 items (and the indices of their levels)", cb24), ("every item and index", study.codebook)):
        times = []
        for _ in range(3):
            t = time.perf_counter()
            out = estimate_small_areas(design, cb, SmallAreaConfig(charts=False), margins=study.margins)["estimates"]
            times.append(time.perf_counter() - t)
        print(f"demo study, {label}: {out['item'].nunique()} outcomes × {out['area'].nunique()} streets, direct + EBLUP + MSE"
              f" (+ bootstrap where σ²_u = 0) + benchmarking: median {np.median(times):.2f} s over 3")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--skip-sim", action="store_true")
    ap.add_argument("--zero-variance", choices=["bootstrap", "li_lahiri", "both"], default="both",
                    help="what the simulation does where σ̂²_u = 0 (both: one run each, same samples)")
    args = ap.parse_args(argv)
    milk_checks()
    speed()
    if args.skip_sim:
        return
    choices = ["bootstrap", "li_lahiri"] if args.zero_variance == "both" else [args.zero_variance]
    for zero in choices:
        t = time.perf_counter()
        cfg = SmallAreaConfig(charts=False, zero_variance=zero)
        summary, per_area = simulate_demo_streets(args.reps, seed=args.seed, cfg=cfg)
        print(f"\n## Simulation (zero_variance: {zero}): demo city, {args.reps} samples of 3,000, 40 items × 60 streets "
              f"(score 0–100), {time.perf_counter() - t:.0f} s")
        print(summary.to_markdown(index=False, floatfmt=".4f"))
        print(f"published: {summary.attrs['published_share']}")
        print(f"streets × items where the benchmarked EBLUP has the lower MSE: "
              f"{(per_area['mse_bench'] < per_area['mse_direct']).mean():.1%}")
        print("by how the MSE was had (σ̂²_u = 0 cells: parametric bootstrap, or Li–Lahiri):")
        print(summary.attrs["by_mse_method"].to_markdown(index=False, floatfmt=".4f"))


if __name__ == "__main__":
    main()
