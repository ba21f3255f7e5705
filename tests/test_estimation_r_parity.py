"""Estimators match R's survey package on the api data (no R needed: fixtures)."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "r_survey"))
from api import close, dclus1, dstrat, read, ref_row, reference  # noqa: E402

from citysurvey.estimation import (  # noqa: E402
    compare_domains, svyciprop, svymean, svyquantile, svyratio, svytotal,
)
from citysurvey.weighting import SurveyDesign  # noqa: E402

REF = reference()


@pytest.mark.parametrize(
    "case,design,stat,variables",
    [
        ("strat", dstrat, "mean", ["api00", "api99", "enroll"]),
        ("strat", dstrat, "total", ["enroll", "api00"]),
        ("clus1", dclus1, "mean", ["api00", "enroll"]),
        ("clus1", dclus1, "total", ["enroll"]),
    ],
)
def test_means_totals_se_deff(case, design, stat, variables):
    f = svymean if stat == "mean" else svytotal
    got = f(design(), variables).set_index("variable")
    for v in variables:
        r = ref_row(REF, case, stat, v)
        assert close(got.loc[v, ["estimate", "se", "deff"]], [r.estimate, r.se, r.deff])


@pytest.mark.parametrize(
    "case,design,stat,variable,by",
    [
        ("strat", dstrat, "mean", "api00", "sch.wide"),
        ("clus1", dclus1, "mean", "api00", "stype"),
        ("clus1", dclus1, "total", "enroll", "stype"),
    ],
)
def test_domains_match_svyby(case, design, stat, variable, by):
    f = svymean if stat == "mean" else svytotal
    got = f(design(), variable, by=by)
    assert len(got) == len(REF[(REF.case == case) & (REF.stat == f"{stat}_by_{by}")])
    for _, row in got.iterrows():
        r = ref_row(REF, case, f"{stat}_by_{by}", variable, str(row[by]))
        assert close([row.estimate, row.se, row.deff], [r.estimate, r.se, r.deff])


def test_ratio():
    got = svyratio(dclus1(), "api.stu", "enroll").iloc[0]
    r = ref_row(REF, "clus1", "ratio", "api.stu/enroll")
    assert close([got.estimate, got.se], [r.estimate, r.se])


def test_quantiles_with_woodruff_intervals():
    got = svyquantile(dclus1(), "api00", [0.25, 0.5, 0.75])
    for _, row in got.iterrows():
        r = ref_row(REF, "clus1", "quantile", "api00", str(row["quantile"]))
        assert close([row.estimate, row.se, row.ci_low, row.ci_high], [r.estimate, r.se, r.ci_low, r.ci_high])


def _with_yes(design_fn):
    d = design_fn()
    data = d.data.assign(yes=(d.data["sch.wide"] == "Yes").astype(float))
    if design_fn is dstrat:
        return SurveyDesign.from_frame(data, weights="pw", strata="stype", fpc="fpc")
    return SurveyDesign.from_frame(data, weights="pw", clusters="dnum", fpc="fpc")


@pytest.mark.parametrize("case,design", [("strat", dstrat), ("clus1", dclus1)])
def test_logit_ci_for_proportion(case, design):
    got = svyciprop(_with_yes(design), "yes").iloc[0]
    r = ref_row(REF, case, "ciprop_logit", "sch.wide==Yes")
    assert close([got.estimate, got.se, got.ci_low, got.ci_high, got.df], [r.estimate, r.se, r.ci_low, r.ci_high, r.extra])


def test_logit_ci_by_domain():
    got = svyciprop(_with_yes(dclus1), "yes", by="stype")
    for _, row in got.iterrows():
        r = ref_row(REF, "clus1", "ciprop_logit_by_stype", "sch.wide==Yes", row.stype)
        assert close([row.estimate, row.se, row.ci_low, row.ci_high], [r.estimate, r.se, r.ci_low, r.ci_high])


def test_domain_difference_matches_svyttest():
    got = compare_domains(dclus1(), "api00", "sch.wide")
    pair = got[got.contrast == "Yes − No"].iloc[0]
    r = ref_row(REF, "clus1", "ttest", "api00", "Yes-No")
    df = ref_row(REF, "clus1", "ttest_df", "api00", "Yes-No").estimate
    assert close([pair.estimate, pair.se, pair.ci_low, pair.ci_high, pair.p_value, pair.df], [r.estimate, r.se, r.ci_low, r.ci_high, r.extra, df])
    wald = got[got.contrast == "all equal"].iloc[0]
    assert close(wald.statistic, pair.statistic**2)  # F with 1 df is t²


def test_tidy_columns_and_categorical_levels():
    got = svymean(dclus1(), ["api00", "stype"], by="sch.wide")
    assert list(got.columns) == ["stat", "variable", "level", "sch.wide", "estimate", "se", "ci_low", "ci_high", "n", "deff"]
    props = got[got.variable == "stype"].groupby("sch.wide")["estimate"].sum()
    assert np.allclose(props, 1.0)
