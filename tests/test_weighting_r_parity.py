"""Weighting matches R's survey package (fixtures from tests/fixtures/r_survey/make_reference.R)."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "r_survey"))
from api import (  # noqa: E402
    POP_COMPIMP, POP_SCHWIDE, POP_TYPES, api99_total, close, dclus1, dstrat, read, ref_row, reference,
)

from citysurvey.estimation import svymean, svytotal  # noqa: E402
from citysurvey.weighting import (  # noqa: E402
    calibrate, jk1, poststratify, rake, trim_weights, with_replicate_weights,
)

REF = reference()
WC = read("apiclus1_weights.csv")
WS = read("apistrat_weights.csv")
T99 = api99_total()


def _lin(d):
    return calibrate(d, [POP_TYPES], {"api99": T99})


# case name in reference.csv → (design builder, weights column, weights table, variables)
CASES = {
    "clus1_post": (lambda: poststratify(dclus1(), POP_TYPES), "post", WC, ["api00", "enroll"]),
    "strat_post": (lambda: poststratify(dstrat(), POP_SCHWIDE), "post", WS, ["api00"]),
    "clus1_rake": (lambda: rake(dclus1(), [POP_TYPES, POP_SCHWIDE], variance="backfit"), "rake", WC, ["api00", "enroll"]),
    "strat_rake": (lambda: rake(dstrat(), [POP_SCHWIDE, POP_COMPIMP], variance="backfit"), "rake", WS, ["api00"]),
    "clus1_calraking": (lambda: calibrate(dclus1(), [POP_TYPES, POP_SCHWIDE], calfun="raking"), "calraking", WC, ["api00", "enroll"]),
    "clus1_linear": (lambda: _lin(dclus1()), "linear", WC, ["api00", "enroll"]),
    "strat_linear": (lambda: calibrate(dstrat(), [POP_SCHWIDE], {"api99": T99}), "linear", WS, ["api00"]),
    "clus1_logit": (
        lambda: calibrate(dclus1(), [POP_TYPES], {"api99": T99}, calfun="logit", bounds=(0.7, 1.7)),
        "logit", WC, ["api00", "enroll"],
    ),
    "clus1_trunclinear": (
        lambda: calibrate(dclus1(), [POP_TYPES], {"api99": T99}, calfun="linear", bounds=(0.5, 1.6)),
        "trunclinear", WC, ["api00", "enroll"],
    ),
    "clus1_trim": (lambda: trim_weights(_lin(dclus1()), upper=50, lower=20, strict=False), "trim", WC, ["api00", "enroll"]),
    "clus1_trim_strict": (lambda: trim_weights(_lin(dclus1()), upper=45, lower=20), "trim_strict", WC, ["api00", "enroll"]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_weights_means_ses_and_deff_match_r(case):
    build, wcol, wtab, variables = CASES[case]
    d = build()
    assert close(d.weights, wtab[wcol])
    got = svymean(d, variables).set_index("variable")
    for v in variables:
        r = ref_row(REF, case, "mean", v)
        assert close(got.loc[v, "estimate"], r.estimate)
        assert close(got.loc[v, "se"], r.se)
        assert close(got.loc[v, "deff"], r.deff)


def test_rake_regression_residuals_match_r_calibrate_raking():
    # the default raking SE uses regression residuals: R's calibrate(calfun="raking")
    d = rake(dclus1(), [POP_TYPES, POP_SCHWIDE])
    got = svymean(d, ["api00", "enroll"]).set_index("variable")
    for v in ["api00", "enroll"]:
        assert close(got.loc[v, "se"], ref_row(REF, "clus1_calraking", "mean", v).se)


@pytest.mark.parametrize(
    "case,build",
    [
        ("clus1_post", lambda: poststratify(dclus1(), POP_TYPES)),
        ("clus1_linear", lambda: _lin(dclus1())),
    ],
)
def test_calibrated_totals_match_r(case, build):
    got = svytotal(build(), "enroll").iloc[0]
    r = ref_row(REF, case, "total", "enroll")
    assert close([got.estimate, got.se, got.deff], [r.estimate, r.se, r.deff])


@pytest.mark.parametrize(
    "case,build,by",
    [
        ("clus1_post", lambda: poststratify(dclus1(), POP_TYPES), "sch.wide"),
        ("clus1_linear", lambda: _lin(dclus1()), "sch.wide"),
        ("strat_linear", lambda: calibrate(dstrat(), [POP_SCHWIDE], {"api99": T99}), "stype"),
        ("clus1_rake", lambda: rake(dclus1(), [POP_TYPES, POP_SCHWIDE], variance="backfit"), "stype"),
    ],
)
def test_domain_means_on_calibrated_designs_match_r_svyby(case, build, by):
    got = svymean(build(), "api00", by=by)
    stat = f"mean_by_{by}"
    for _, row in got.iterrows():
        r = ref_row(REF, case, stat, "api00", str(row[by]))
        assert close(row.estimate, r.estimate)
        assert close(row.se, r.se)
        if not np.isnan(r.deff):
            assert close(row.deff, r.deff)


REPLICATE_CASES = {
    "clus1_jk1": lambda: jk1(dclus1()),
    "clus1_jk1_post": lambda: poststratify(jk1(dclus1()), POP_TYPES),
    "clus1_jk1_rake": lambda: rake(jk1(dclus1()), [POP_TYPES, POP_SCHWIDE]),
    "clus1_jk1_linear": lambda: _lin(jk1(dclus1())),
    "clus1_jk1_logit": lambda: calibrate(jk1(dclus1()), [POP_TYPES], {"api99": T99}, calfun="logit", bounds=(0.3, 3)),
}


@pytest.mark.parametrize("case", sorted(REPLICATE_CASES))
def test_jk1_replicates_recalibrated_match_r(case):
    d = REPLICATE_CASES[case]()
    got = svymean(d, ["api00", "enroll"]).set_index("variable")
    for v in ["api00", "enroll"]:
        r = ref_row(REF, case, "mean", v)
        assert close(got.loc[v, ["estimate", "se"]], [r.estimate, r.se])


def test_jk1_scale_and_domains_match_r():
    d = jk1(dclus1())
    assert close(d.replicates.scale, ref_row(REF, "clus1_jk1", "scale", "").estimate)
    tot = svytotal(d, "enroll").iloc[0]
    r = ref_row(REF, "clus1_jk1", "total", "enroll")
    assert close([tot.estimate, tot.se], [r.estimate, r.se])
    for _, row in svymean(d, "api00", by="stype").iterrows():
        r = ref_row(REF, "clus1_jk1", "mean_by_stype", "api00", row.stype)
        assert close([row.estimate, row.se], [r.estimate, r.se])


def _boot():
    bw = read("apistrat_bootstrap_weights.csv").to_numpy()
    return with_replicate_weights(dstrat(), bw, scale=ref_row(REF, "strat_boot", "scale", "").estimate, kind="bootstrap")


@pytest.mark.parametrize(
    "case,build,variables",
    [
        ("strat_boot", _boot, ["api00", "api99"]),
        ("strat_boot_rake", lambda: rake(_boot(), [POP_SCHWIDE, POP_COMPIMP]), ["api00"]),
        ("strat_boot_linear", lambda: calibrate(_boot(), [POP_SCHWIDE], {"api99": T99}), ["api00"]),
    ],
)
def test_bootstrap_with_r_replicate_weights_matches_r(case, build, variables):
    got = svymean(build(), variables).set_index("variable")
    for v in variables:
        r = ref_row(REF, case, "mean", v)
        assert close(got.loc[v, ["estimate", "se"]], [r.estimate, r.se])


def test_bootstrap_domains_and_totals_match_r():
    d = _boot()
    tot = svytotal(d, "enroll").iloc[0]
    r = ref_row(REF, "strat_boot", "total", "enroll")
    assert close([tot.estimate, tot.se], [r.estimate, r.se])
    for _, row in svymean(d, "api00", by="sch.wide").iterrows():
        r = ref_row(REF, "strat_boot", "mean_by_sch.wide", "api00", row["sch.wide"])
        assert close([row.estimate, row.se], [r.estimate, r.se])
