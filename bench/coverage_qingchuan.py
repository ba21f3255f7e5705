"""95% CI coverage of weighted district estimates on the second example study, 青川市.

    .venv/bin/python bench/coverage_qingchuan.py [--reps 200] [--seed 1] [--margins NAME …]

Draws fresh samples of 1,600 the way data_samples/qingchuan/generate.py draws its one sample
(same population, truth and selection biases), weights each as analysis/qingchuan/study.yaml
says, estimates every item's mean position and satisfied share by district, and counts how
often the 95% CI covers truth_items.csv. Also prints each interval's bias and the ratio of
the mean SE to the estimates' spread across samples, which tell bias from small SEs apart.
"""
from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from citysurvey.config import load_study
from citysurvey.codebook import load_codebook
from citysurvey.estimation.stage import CITY, estimate_items
from citysurvey.loading.auxiliary import validate_margins
from citysurvey.loading.readers import read_table
from citysurvey.scoring.config import scoring_config
from citysurvey.weighting.stage import collapse_order, weight_design, weighting_config

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data_samples" / "qingchuan"
STUDY = ROOT / "analysis" / "qingchuan" / "study.yaml"


def generator():
    spec = importlib.util.spec_from_file_location("qingchuan_generate", DATA / "generate.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def responses_frame(gen, respondents, codebook) -> pd.DataFrame:
    """The generator's respondents as validated responses (positions 1..7, −1 special, blank)."""
    items = {v.label.split("—")[-1]: name for name, v in codebook.variables.items() if v.type == "likert"}
    edu = codebook.variables["education"].derive.map
    cuts = codebook.variables["age_band"].derive.cuts
    rows = []
    for k, r in enumerate(respondents):
        row = {"rid": str(k + 1), "district": r["district"], "street": r["street"], "sex": r["sex"],
               "age": r["age"], "hukou": r["hukou"], "education_answer": r["edu"], "education": edu[r["edu"]]}
        a = int(np.searchsorted(cuts, r["age"], side="right")) - 1
        row["age_band"] = codebook.categories("age_band")[a]
        for label, name in items.items():
            ans = r["answers"][label]
            row[name] = gen.SCALE.index(ans) + 1 if ans in gen.SCALE else (np.nan if ans == "(空)" else -1)
        rows.append(row)
    df = pd.DataFrame(rows)
    for v in ["district", "street", "sex", "hukou", "education_answer", "education", "age_band"]:
        df[v] = pd.Categorical(df[v], categories=codebook.categories(v))
    return df.set_index("rid")


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--margins", nargs="*", default=None, help="weighting margins (default: the study's)")
    ap.add_argument("--study", type=Path, default=STUDY, help="a study drafted from data_samples/qingchuan")
    args = ap.parse_args(argv)
    study = args.study.resolve()
    gen = generator()
    cfg = load_study(study)
    codebook = load_codebook(study.parent / "codebook.yaml")
    margins = validate_margins(read_table(study.parent / "margins.csv"), codebook, file="margins.csv")
    wcfg = weighting_config(cfg)
    if args.margins is not None:
        wcfg = wcfg.model_copy(update={"margins": args.margins})
    wcfg = wcfg.model_copy(update={"collapse_order": collapse_order(wcfg, codebook)})
    rng0 = np.random.default_rng(gen.SEED)
    pop, street_share = gen.build_population(rng0)
    street_eff = gen.build_street_effects(rng0)
    truth = pd.read_csv(DATA / "truth_items.csv")
    top = f"true_share_top{scoring_config(cfg).boxes(len(gen.SCALE))[0]}"  # 满意 as the study counts it
    truth = truth[truth["area_level"].isin(["city", "district"])].melt(
        id_vars=["area", "item_label"], value_vars=["true_mean_position", top], var_name="measure", value_name="truth")
    truth["measure"] = truth["measure"].map({"true_mean_position": "mean_position", top: "satisfied_share"})
    rng = np.random.default_rng(args.seed)
    hits = []
    t0 = time.perf_counter()
    for r in range(args.reps):
        resp = responses_frame(gen, gen.draw_sample(rng, pop, street_eff, street_share), codebook)
        design, _ = weight_design(resp, margins, wcfg, "district")
        est = estimate_items(design, codebook, codebook.items, "district", scoring=scoring_config(cfg))
        est["item_label"] = est["label"].str.split("—").str[-1]
        m = est.merge(truth, left_on=["district", "item_label", "measure"], right_on=["area", "item_label", "measure"])
        m["covered"] = (m["ci_low"] <= m["truth"]) & (m["truth"] <= m["ci_high"])
        m["rep"] = r
        hits.append(m[["rep", "variable", "district", "measure", "covered", "estimate", "truth", "se"]])
        if (r + 1) % 20 == 0:
            print(f"  {r + 1}/{args.reps} samples, {time.perf_counter() - t0:.0f} s", flush=True)
    allm = pd.concat(hits, ignore_index=True)
    allm["level"] = np.where(allm["district"] == CITY, "全市 city", "district")
    g = allm.groupby(["measure", "level", "variable", "district"])
    cell = pd.DataFrame({"coverage": g["covered"].mean(), "bias": g["estimate"].mean() - g["truth"].first(),
                         "sd": g["estimate"].std(), "mean_se": g["se"].mean()}).reset_index()
    cell["bias_over_sd"] = cell["bias"] / cell["sd"]
    cell["se_ratio"] = cell["mean_se"] / cell["sd"]
    out = cell.groupby(["measure", "level"]).agg(
        coverage=("coverage", "mean"), mean_abs_bias_over_sd=("bias_over_sd", lambda s: s.abs().mean()),
        median_se_ratio=("se_ratio", "median")).reset_index()
    print(f"\n95% CI coverage over {args.reps} samples of 1,600 (weighting margins: {wcfg.margins or 'all'}):")
    print(out.to_string(index=False, float_format=lambda x: f"{x:.4f}"))
    print("\nworst cells:")
    print(cell.sort_values("coverage").head(12).to_string(index=False, float_format=lambda x: f"{x:.3f}"))
    per = allm[allm["level"] == "district"].groupby("rep")["covered"].mean()
    print(f"\nper sample (the 144 district intervals a run reports): mean {per.mean():.4f}, "
          f"5% quantile {per.quantile(0.05):.4f}, 1% quantile {per.quantile(0.01):.4f}, min {per.min():.4f}")
    print(f"\noverall district coverage: {allm.loc[allm['level'] == 'district', 'covered'].mean():.4f}"
          f"  ({len(allm):,} intervals, {time.perf_counter() - t0:.0f} s)")


if __name__ == "__main__":
    main()
