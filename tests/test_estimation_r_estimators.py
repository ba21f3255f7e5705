"""R survey's remaining estimators, against R on the api data (fixtures: tests/fixtures/r_survey/make_reference.R).

svyciprop's five interval methods, intervals on the design's df, deff="replace", bootstrap
replicate weights with an fpc, quantiles on replicate designs.
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "r_survey"))
sys.path.insert(0, str(Path(__file__).parent))
from api import close, dclus1, dstrat, read, ref_row, reference  # noqa: E402
from test_estimation_r_parity import _with_yes  # noqa: E402
from test_weighting_r_parity import _boot  # noqa: E402

from citysurvey.errors import StageError  # noqa: E402
from citysurvey.estimation import svychisq, svyciprop, svyglm, svymean, svyquantile, svytotal  # noqa: E402
from citysurvey.weighting import SurveyDesign, bootstrap, jk1, with_replicate_weights  # noqa: E402

REF = reference()
DESIGNS = {"strat": dstrat, "clus1": dclus1}


@pytest.mark.parametrize("case", sorted(DESIGNS))
@pytest.mark.parametrize("method", ["logit", "likelihood", "beta", "mean", "xlogit"])
def test_ciprop_methods_match_r(case, method):
    got = svyciprop(_with_yes(DESIGNS[case]), "yes", method=method).iloc[0]
    r = ref_row(REF, case, f"ciprop_{method}", "sch.wide==Yes")
    assert close([got.estimate, got.se, got.ci_low, got.ci_high, got.df], [r.estimate, r.se, r.ci_low, r.ci_high, r.extra])


@pytest.mark.parametrize("method", ["likelihood", "beta", "mean", "xlogit"])
def test_ciprop_methods_by_domain_match_r_svyby(method):
    got = svyciprop(_with_yes(dclus1), "yes", by="stype", method=method)
    assert len(got) == 3
    for _, row in got.iterrows():
        r = ref_row(REF, "clus1", f"ciprop_{method}_by_stype", "sch.wide==Yes", row.stype)
        assert close([row.estimate, row.se, row.ci_low, row.ci_high], [r.estimate, r.se, r.ci_low, r.ci_high])


def test_ciprop_methods_differ_where_they_should():
    d = _with_yes(dclus1)
    lows = {m: svyciprop(d, "yes", method=m).ci_low.iloc[0] for m in ["logit", "likelihood", "beta", "mean"]}
    assert len({round(v, 6) for v in lows.values()}) == 4
    with pytest.raises(StageError, match="method"):
        svyciprop(d, "yes", method="wilson")


@pytest.mark.parametrize("case", sorted(DESIGNS))
def test_intervals_on_the_design_degrees_of_freedom(case):
    r = ref_row(REF, case, "mean_ci_degf", "api00")
    got = svymean(DESIGNS[case](), "api00", df="design").iloc[0]
    assert close([got.estimate, got.se, got.ci_low, got.ci_high, got.df], [r.estimate, r.se, r.ci_low, r.ci_high, r.extra])
    default = svymean(DESIGNS[case](), "api00").iloc[0]  # the default stays normal quantiles
    assert "df" not in default.index and default.ci_high < got.ci_high
    fixed = svymean(DESIGNS[case](), "api00", df=r.extra).iloc[0]
    assert close([fixed.ci_low, fixed.ci_high], [r.ci_low, r.ci_high])


@pytest.mark.parametrize("case,stat,variables", [
    ("strat", "mean", ["api00", "api99"]), ("strat", "total", ["enroll"]),
    ("clus1", "mean", ["api00", "enroll"]), ("clus1", "total", ["enroll"]),
])
def test_deff_replace_matches_r(case, stat, variables):
    f = svymean if stat == "mean" else svytotal
    got = f(DESIGNS[case](), variables, deff="replace").set_index("variable")
    wor = f(DESIGNS[case](), variables).set_index("variable")
    for v in variables:
        r = ref_row(REF, case, f"{stat}_deff_replace", v)
        assert close(got.loc[v, "deff"], r.deff)
        assert got.loc[v, "deff"] < wor.loc[v, "deff"]  # the with-replacement SRS variance is the larger
    with pytest.raises(StageError, match="deff"):
        f(DESIGNS[case](), variables, deff="with")


def _boot_clus1():
    bw = read("apiclus1_bootstrap_weights.csv").to_numpy()
    return with_replicate_weights(dclus1(), bw, scale=ref_row(REF, "clus1_boot", "scale", "").estimate, kind="bootstrap")


def test_bootstrap_with_fpc_r_replicate_weights_give_r_ses():
    d = _boot_clus1()
    got = svymean(d, ["api00", "enroll"]).set_index("variable")
    for v in ["api00", "enroll"]:
        r = ref_row(REF, "clus1_boot", "mean", v)
        assert close(got.loc[v, ["estimate", "se"]], [r.estimate, r.se])
    tot = svytotal(d, "enroll").iloc[0]
    r = ref_row(REF, "clus1_boot", "total", "enroll")
    assert close([tot.estimate, tot.se], [r.estimate, r.se])
    for _, row in svymean(d, "api00", by="stype").iterrows():
        r = ref_row(REF, "clus1_boot", "mean_by_stype", "api00", row.stype)
        assert close([row.estimate, row.se], [r.estimate, r.se])


def test_bootstrap_generator_is_r_s_draw():
    # R's multipliers are draw counts (never Rao–Wu's n/(n−1) rescaling) and its scale n̄/((n̄−1)(R−1))
    rb = read("apiclus1_bootstrap_weights.csv").to_numpy() / dclus1().weights[:, None]
    ours = bootstrap(dclus1(), 60, seed=1)
    mult = ours.replicates.weights / dclus1().weights[:, None]
    for m in (rb, mult):
        assert np.allclose(m, np.round(m)) and np.allclose(m.mean(), 1, atol=0.1)
    assert close(ours.replicates.scale, ref_row(REF, "clus1_boot", "scale", "").estimate)


@pytest.mark.parametrize("fpc", [None, 30.0])
def test_bootstrap_variance_is_unbiased_for_the_linearised_variance(fpc):
    # a known truth for a linear statistic: the bootstrap variance of a total expects the linearised
    # one — times N/(N − 1) for the with-fpc draw (n of N = 2n without replacement), exactly 1 without.
    # With an fpc of 30 for 15 sampled PSUs the fpc halves the variance: the draw must respect it.
    data = read("apiclus1.csv").assign(pop=fpc if fpc else np.inf)
    d = SurveyDesign.from_frame(data, weights="pw", clusters="dnum", fpc="pop" if fpc else None)
    taylor = svytotal(d, "api00").se.iloc[0] ** 2
    boot = svytotal(bootstrap(d, 4000, seed=7), "api00").se.iloc[0] ** 2
    assert boot == pytest.approx(taylor * (30 / 29 if fpc else 1.0), rel=0.06)


@pytest.mark.parametrize("case,build", [("strat_boot", _boot), ("clus1_jk1", lambda: jk1(dclus1()))])
@pytest.mark.parametrize("interval", ["mean", "quantile"])
def test_quantiles_on_replicate_designs_match_r(case, build, interval):
    d = build()
    assert d.degf() == ref_row(REF, case, "degf", "").estimate
    got = svyquantile(d, "api00", [0.25, 0.5, 0.75], interval=interval)
    for _, row in got.iterrows():
        r = ref_row(REF, case, f"quantile_{interval}", "api00", str(row["quantile"]))
        assert close([row.estimate, row.se, row.ci_low, row.ci_high], [r.estimate, r.se, r.ci_low, r.ci_high])


def test_replicate_quantile_interval_needs_replicates():
    with pytest.raises(StageError, match="replicate"):
        svyquantile(dclus1(), "api00", interval="quantile")


# -- Rao–Scott tests for two-way tables (svychisq) ---------------------------------------------

def _dclus2():
    from test_estimation_multistage import dclus2
    return dclus2()


CHISQ = [("strat", dstrat, "sch.wide"), ("strat", dstrat, "comp.imp"), ("clus1", dclus1, "sch.wide"),
         ("clus1", dclus1, "comp.imp"), ("clus2", _dclus2, "sch.wide")]


@pytest.mark.parametrize("case,build,row", CHISQ)
@pytest.mark.parametrize("statistic", ["F", "Chisq"])
def test_rao_scott_tests_match_r_svychisq(case, build, row, statistic):
    got = svychisq(build(), row, "stype", statistic=statistic).iloc[0]
    r = ref_row(REF, case, f"chisq_{statistic}", f"{row}+stype")
    assert close([got.statistic, got.df, got.p_value], [r.estimate, r.ci_low, r.extra])
    if statistic == "F":
        assert close(got.df_denom, r.ci_high)


def test_rao_scott_f_is_pearson_over_the_mean_design_effect():
    got = svychisq(dclus1(), "sch.wide", "stype").iloc[0]
    assert close(got.statistic, got.pearson_x2 / (got.mean_deff * 2))  # tr(Δ) = (r−1)(c−1) × mean eigenvalue
    with pytest.raises(StageError, match="statistic"):
        svychisq(dclus1(), "sch.wide", "stype", statistic="Wald")


# -- design-based regression (svyglm) --------------------------------------------------------

def _poststratified():
    from api import POP_TYPES
    from citysurvey.weighting import poststratify
    return poststratify(dclus1(), POP_TYPES)


GLM = [
    ("strat", lambda: _with_yes(dstrat), "gaussian", ["ell", "meals", "stype"]),
    ("strat", lambda: _with_yes(dstrat), "quasibinomial", ["ell", "meals", "stype"]),
    ("clus1", lambda: _with_yes(dclus1), "gaussian", ["ell", "meals", "stype"]),
    ("clus1", lambda: _with_yes(dclus1), "quasibinomial", ["ell", "meals", "stype"]),
    ("clus1_post", _poststratified, "gaussian", ["ell", "meals"]),
    ("clus2", _dclus2, "gaussian", ["ell", "meals"]),
]


@pytest.mark.parametrize("case,build,family,predictors", GLM)
def test_svyglm_coefficients_and_ses_match_r(case, build, family, predictors):
    fit = svyglm(build(), "api00" if family == "gaussian" else "yes", predictors, family=family)
    assert len(fit.table) == len(REF[(REF.case == case) & (REF.stat == f"glm_{family}")])
    for _, row in fit.table.iterrows():
        r = ref_row(REF, case, f"glm_{family}", row.term)
        assert close([row.coef, row.se, row.df], [r.estimate, r.se, r.extra]), row.term


def test_svyglm_intercept_only_is_the_weighted_mean_and_its_se():
    d = dclus1()
    fit = svyglm(d, "api00", [])
    m = svymean(d, "api00").iloc[0]
    assert close([fit.coef["(Intercept)"], fit.table.se.iloc[0]], [m.estimate, m.se])


def test_svyglm_logistic_refuses_a_non_binary_outcome():
    with pytest.raises(StageError, match="0/1"):
        svyglm(dclus1(), "api00", ["ell"], family="quasibinomial")


def test_svyglm_on_a_replicate_design_refits_each_replicate():
    d = jk1(dclus1())
    fit = svyglm(d, "api00", [])
    m = svymean(d, "api00").iloc[0]
    assert close([fit.coef["(Intercept)"], fit.table.se.iloc[0]], [m.estimate, m.se])


def test_svyglm_takes_a_predictor_table_in_the_design_row_order():
    d = dclus1()
    by_name = svyglm(d, "api00", ["ell", "meals"])
    by_frame = svyglm(d, d.data["api00"].to_numpy(float), d.data[["ell", "meals"]])
    np.testing.assert_allclose(by_frame.table[["coef", "se"]], by_name.table[["coef", "se"]], rtol=1e-12)
    with pytest.raises(StageError, match="rows"):
        svyglm(d, "api00", d.data[["ell"]].iloc[:10])


def test_svyglm_logistic_under_complete_separation_matches_r_and_warns():
    """A predictor that separates a 0/1 outcome: R's glm.fit holds η at ±30, stops after 25 iterations
    with a warning, and svyglm reports the run-off coefficients. Before, numpy's SVD failed here.

    R 4.2.2, survey 4.1.1:
        d <- data.frame(y=c(0,0,0,0,0,1,1,1,1,1,0,1), x=c(1:10, 2.5, 8.5), w=c(rep(1:2, 5), 1, 1))
        svyglm(y ~ x, svydesign(ids=~1, weights=~w, data=d), family=quasibinomial())
    """
    import warnings

    from citysurvey.estimation.regression import svyglm
    from citysurvey.weighting.design import svydesign

    d = pd.DataFrame({"y": [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 1], "x": [*range(1, 11), 2.5, 8.5],
                      "w": [1, 2] * 5 + [1, 1]})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fit = svyglm(svydesign(d, weights="w"), "y", ["x"], family="quasibinomial")
    messages = " ".join(str(w.message) for w in caught)
    assert "did not converge" in messages and "numerically 0 or 1" in messages
    t = fit.table.set_index("term")
    np.testing.assert_allclose(t["coef"], [-243.4350486406672, 44.3315009121084], rtol=1e-6)
    np.testing.assert_allclose(t["se"], [7.45236076736165, 1.34830395852243], rtol=1e-6)
