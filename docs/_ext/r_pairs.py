"""The "Coming from R survey" pairs: R call, citysurvey call, and R's numbers.

One list serves the page (written to ``docs/_generated/r_pairs.md`` at every build) and
the test that runs each citysurvey call on R's ``api`` data and compares it with the
numbers R printed (``tests/fixtures/r_survey/reference.csv``, made by R survey itself
with ``make_reference.R``). A pair that drifts fails the test suite.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "r_survey"

#: shown once at the top of the page, and run before every pair
SETUP_R = """library(survey)
data(api)
dclus1 <- svydesign(id = ~dnum, weights = ~pw, data = apiclus1, fpc = ~fpc)
dstrat <- svydesign(id = ~1, strata = ~stype, weights = ~pw, data = apistrat, fpc = ~fpc)
pop.types  <- data.frame(stype = c("E", "H", "M"), Freq = c(4421, 755, 1018))
pop.schwide <- data.frame(sch.wide = c("No", "Yes"), Freq = c(1072, 5122))
pop_lin <- c(`(Intercept)` = 6194, stypeH = 755, stypeM = 1018, api99 = sum(apipop$api99))"""

SETUP_PY = """import pandas as pd
from citysurvey.weighting import (Margin, svydesign, poststratify, rake, calibrate,
                                  trim_weights, jk1, with_replicate_weights)
from citysurvey.estimation import (svymean, svytotal, svyratio, svyquantile, svyciprop,
                                   compare_domains)
api = "tests/fixtures/r_survey/"          # R's api data, written by make_reference.R
apiclus1 = pd.read_csv(api + "apiclus1.csv")
apistrat = pd.read_csv(api + "apistrat.csv")
apiclus1["yes"] = (apiclus1["sch.wide"] == "Yes").astype(float)
dclus1 = svydesign(apiclus1, clusters="dnum", weights="pw", fpc="fpc")
dstrat = svydesign(apistrat, strata="stype", weights="pw", fpc="fpc")
pop_types = Margin.of("stype", {"E": 4421, "H": 755, "M": 1018})
pop_schwide = Margin.of("sch.wide", {"No": 1072, "Yes": 5122})
api99_total = pd.read_csv(api + "apipop.csv")["api99"].sum()"""


@dataclass(frozen=True)
class Pair:
    r_name: str  # the R function(s) this pair maps
    r: str  # R code
    py: str  # citysurvey code; its last line is an expression giving a tidy table
    case: str  # reference.csv: case, stat
    stat: str
    variable: str
    columns: tuple[str, ...] = ("estimate", "se")  # compared with R's columns of the same name
    domain_column: str | None = None  # the table column holding reference.csv's `domain`
    note: str = ""


PAIRS: tuple[Pair, ...] = (
    Pair("svydesign, svymean", "svymean(~api00, dclus1, deff = TRUE)", 'svymean(dclus1, "api00")',
         "clus1", "mean", "api00", ("estimate", "se", "deff"),
         note="`deff` is on by default; it is R's `deff = TRUE` (SRS without replacement in the denominator)."),
    Pair("svytotal", "svytotal(~enroll, dclus1, deff = TRUE)", 'svytotal(dclus1, "enroll")',
         "clus1", "total", "enroll", ("estimate", "se", "deff")),
    Pair("svyby", "svyby(~api00, ~stype, dclus1, svymean, deff = TRUE)", 'svymean(dclus1, "api00", by="stype")',
         "clus1", "mean_by_stype", "api00", ("estimate", "se", "deff"), domain_column="stype",
         note="Every estimator takes `by=`: domains are subsets of the full design, as in `svyby`."),
    Pair("svyratio", "svyratio(~api.stu, ~enroll, dclus1)", 'svyratio(dclus1, "api.stu", "enroll")',
         "clus1", "ratio", "api.stu/enroll"),
    Pair("svyquantile", "svyquantile(~api00, dclus1, c(0.25, 0.5, 0.75), ci = TRUE, se = TRUE)",
         'svyquantile(dclus1, "api00", [0.25, 0.5, 0.75])',
         "clus1", "quantile", "api00", ("estimate", "se", "ci_low", "ci_high"), domain_column="quantile",
         note="R's default `qrule = \"math\"` and Woodruff intervals; se = CI width / (2·t)."),
    Pair("svyciprop", 'svyciprop(~I(sch.wide == "Yes"), dclus1, method = "logit")', 'svyciprop(dclus1, "yes")',
         "clus1", "ciprop_logit", "sch.wide==Yes", ("estimate", "se", "ci_low", "ci_high"),
         note="The logit interval on the design's degrees of freedom, as R."),
    Pair("svyttest", "svyttest(api00 ~ sch.wide, dclus1)",
         'compare_domains(dclus1, "api00", "sch.wide").query("contrast == \'Yes − No\'")',
         "clus1", "ttest", "api00", ("estimate", "se", "ci_low", "ci_high"),
         note="`compare_domains` gives every pair of domains and a Wald F test that all are equal; "
              "with two domains the pair is R's `svyttest`."),
    Pair("postStratify", "svymean(~api00, postStratify(dclus1, ~stype, pop.types), deff = TRUE)",
         'svymean(poststratify(dclus1, pop_types), "api00")',
         "clus1_post", "mean", "api00", ("estimate", "se", "deff")),
    Pair("rake", "drk <- rake(dclus1, list(~stype, ~sch.wide), list(pop.types, pop.schwide),\n"
                 "            control = list(maxit = 200, epsilon = 1e-14))\nsvymean(~api00, drk, deff = TRUE)",
         'drk = rake(dclus1, [pop_types, pop_schwide], variance="backfit")\nsvymean(drk, "api00")',
         "clus1_rake", "mean", "api00", ("estimate", "se", "deff"),
         note="`variance=\"backfit\"` reproduces R's `rake()` SEs; the default `\"regression\"` gives "
              "R's `calibrate(calfun = \"raking\")` SEs (see below)."),
    Pair("calibrate (linear)", "svymean(~api00, calibrate(dclus1, ~stype + api99, pop_lin), deff = TRUE)",
         'svymean(calibrate(dclus1, [pop_types], {"api99": api99_total}), "api00")',
         "clus1_linear", "mean", "api00", ("estimate", "se", "deff")),
    Pair("calibrate (raking)",
         "pop_rk <- c(`(Intercept)` = 6194, stypeH = 755, stypeM = 1018, sch.wideYes = 5122)\n"
         "svymean(~api00, calibrate(dclus1, ~stype + sch.wide, pop_rk, calfun = \"raking\"))",
         'svymean(calibrate(dclus1, [pop_types, pop_schwide], calfun="raking"), "api00")',
         "clus1_calraking", "mean", "api00"),
    Pair("calibrate (logit, bounds)",
         "svymean(~api00, calibrate(dclus1, ~stype + api99, pop_lin, calfun = \"logit\",\n"
         "                          bounds = c(0.7, 1.7)))",
         'svymean(calibrate(dclus1, [pop_types], {"api99": api99_total},\n'
         '                  calfun="logit", bounds=(0.7, 1.7)), "api00")',
         "clus1_logit", "mean", "api00"),
    Pair("trimWeights", "svymean(~api00, trimWeights(calibrate(dclus1, ~stype + api99, pop_lin),\n"
                        "                            upper = 50, lower = 20))",
         'lin = calibrate(dclus1, [pop_types], {"api99": api99_total})\n'
         'svymean(trim_weights(lin, upper=50, lower=20, strict=False), "api00")',
         "clus1_trim", "mean", "api00",
         note="R's `strict = FALSE` default trims once and may leave weights past the caps after "
              "redistribution; citysurvey's default `strict=True` repeats until they hold (R's `strict = TRUE`)."),
    Pair("as.svrepdesign (JK1)", 'svymean(~api00, as.svrepdesign(dclus1, type = "JK1"))', 'svymean(jk1(dclus1), "api00")',
         "clus1_jk1", "mean", "api00"),
    Pair("as.svrepdesign (bootstrap)",
         'bs <- as.svrepdesign(dstrat, type = "bootstrap", replicates = 50)\nsvymean(~api00, bs)',
         'bw = pd.read_csv(api + "apistrat_bootstrap_weights.csv").to_numpy()  # R\'s replicates\n'
         'bs = with_replicate_weights(dstrat, bw, scale=0.0207540643375994, kind="bootstrap")  # R: bs$scale\n'
         'svymean(bs, "api00")',
         "strat_boot", "mean", "api00",
         note="Bootstrap replicates are random: to compare with R, use R's own replicate weights; "
              "`citysurvey.weighting.bootstrap(design, 50, seed=…)` draws new ones as R does "
              "(with an fpc: without replacement from the PSUs repeated N_h/n_h times)."),
)


def run_pair(pair: Pair, namespace: dict | None = None):
    """Run the setup and the pair's code; return the tidy table its last line gives."""
    import pandas as pd

    ns: dict = {} if namespace is None else namespace
    if "dclus1" not in ns:
        exec(SETUP_PY, ns)
    tree = ast.parse(pair.py)
    last = ast.Expression(tree.body.pop().value)  # type: ignore[attr-defined]
    exec(compile(tree, pair.r_name, "exec"), ns)
    out = eval(compile(last, pair.r_name, "eval"), ns)
    assert isinstance(out, pd.DataFrame), pair.r_name
    return out


def reference():
    import pandas as pd

    ref = pd.read_csv(FIXTURES / "reference.csv", keep_default_na=False, na_values=[""])
    for c in ("domain", "variable"):
        ref[c] = ref[c].fillna("").astype(str)
    return ref


def r_rows(pair: Pair, ref=None):
    ref = reference() if ref is None else ref
    return ref[(ref.case == pair.case) & (ref.stat == pair.stat) & (ref.variable == pair.variable)]


def _fmt(x: float) -> str:
    return f"{x:.6g}" if abs(x) < 1e6 else f"{x:,.0f}"


def page() -> str:
    ref = reference()
    out = ["<!-- generated by docs/_ext/r_pairs.py; do not edit -->", ""]
    for pair in PAIRS:
        rows = r_rows(pair, ref)
        out += [f"### `{pair.r_name}`", ""]
        out += ["R:", "", "```r", pair.r, "```", "", "citysurvey:", "", "```python", pair.py, "```", ""]
        head = ["domain"] if len(rows) > 1 else []
        out += ["| " + " | ".join(head + ["R " + c for c in pair.columns]) + " |",
                "|" + "---|" * (len(head) + len(pair.columns))]
        for _, r in rows.iterrows():
            cells = ([r["domain"]] if head else []) + [_fmt(float(r[c])) for c in pair.columns]
            out.append("| " + " | ".join(cells) + " |")
        out.append("")
        if pair.note:
            out += [pair.note, ""]
    return "\n".join(out)


def write_page(app=None) -> None:
    target = ROOT / "docs" / "_generated" / "r_pairs.md"
    target.parent.mkdir(exist_ok=True)
    text = page()
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")


def setup(app):
    app.connect("builder-inited", write_page)
    return {"version": "1", "parallel_read_safe": True}
