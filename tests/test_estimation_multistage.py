"""Multistage designs and the lonely-PSU rules match R's survey package (fixtures: make_reference.R)."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "r_survey"))
from api import close, read, ref_row, reference  # noqa: E402

from citysurvey.errors import StageError  # noqa: E402
from citysurvey.estimation import svymean, svytotal  # noqa: E402
from citysurvey.weighting import SurveyDesign  # noqa: E402

REF = reference()
W2 = read("apiclus2_weights.csv")
LONELY = ["fail", "remove", "certainty", "adjust", "average"]


def dclus2(lonely="fail", lone_variant=False):
    data = read("apiclus2.csv")
    if lone_variant:
        data = data.assign(fpc2=W2["fpc2_lone"])
    return SurveyDesign.from_frame(data, clusters=["dnum", "snum"], fpc=["fpc1", "fpc2"], lonely_psu=lonely)


def stratlone(lonely):
    s = read("apistrat.csv")
    first = s.snum[s.stype == "H"].iloc[0]
    s = s[(s.stype != "H") | (s.snum == first)]
    return SurveyDesign.from_frame(s, weights="pw", strata="stype", fpc="fpc", lonely_psu=lonely)


def _check(case, got, stat, variables, by=None):
    for _, row in got.iterrows():
        r = ref_row(REF, case, stat, row.variable, str(row[by]) if by else "")
        if np.isnan(r.se):
            assert np.isnan(row.se), (case, stat, row.variable)
        else:
            assert close([row.estimate, row.se], [r.estimate, r.se]), (case, stat, row.variable)


def test_two_stage_weights_means_totals_domains_and_deff():
    d = dclus2()
    assert close(d.weights, W2["w"])  # N1/n1 · N2/n2 from the fpc, as R
    got = svymean(d, ["api00", "api99"])
    _check("clus2", got, "mean", ["api00", "api99"])
    for _, row in got.iterrows():
        assert close(row.deff, ref_row(REF, "clus2", "mean", row.variable).deff)
    tot = svytotal(d, "api00").iloc[0]
    r = ref_row(REF, "clus2", "total", "api00")
    assert close([tot.estimate, tot.se, tot.deff], [r.estimate, r.se, r.deff])
    _check("clus2", svymean(d, "api00", by="stype"), "mean_by_stype", ["api00"], by="stype")


def test_second_stage_adds_variance_beyond_the_ultimate_cluster():
    data = read("apiclus2.csv")
    ultimate = SurveyDesign.from_frame(data, weights=W2["w"].to_numpy(), clusters="dnum", fpc="fpc1")
    two = dclus2()
    assert svymean(two, "api00").se.iloc[0] > svymean(ultimate, "api00").se.iloc[0]


@pytest.mark.parametrize("lonely", LONELY)
def test_lonely_units_at_the_second_stage(lonely):
    if lonely == "fail":
        assert len(REF[REF.case == "clus2lone_fail"].query("stat == 'error'")) == 1
        with pytest.raises(StageError, match="stage 2"):
            svymean(dclus2("fail", True), "api00")
        return
    d = dclus2(lonely, True)
    assert close(d.weights, W2["w_lone"])
    case = f"clus2lone_{lonely}"
    _check(case, svymean(d, ["api00", "api99"]), "mean", ["api00", "api99"])
    _check(case, svytotal(d, "api00"), "total", ["api00"])
    _check(case, svymean(d, "api00", by="stype"), "mean_by_stype", ["api00"], by="stype")


@pytest.mark.parametrize("lonely", LONELY)
def test_lonely_stratum_at_the_first_stage(lonely):
    if lonely == "fail":
        assert len(REF[REF.case == "stratlone_fail"].query("stat == 'error'")) == 1
        with pytest.raises(StageError, match="stage 1"):
            svymean(stratlone("fail"), "api00")
        return
    d = stratlone(lonely)
    case = f"stratlone_{lonely}"
    _check(case, svymean(d, ["api00", "enroll"]), "mean", ["api00", "enroll"])
    _check(case, svymean(d, "api00", by="sch.wide"), "mean_by_sch.wide", ["api00"], by="sch.wide")


def test_unknown_lonely_rule_is_refused():
    with pytest.raises(StageError, match="lonely_psu"):
        stratlone("drop")


def test_three_stage_design_matches_r():
    # 街道 → 社区 → household, each stage with its fpc (synthetic sample written by make_reference.R)
    d = SurveyDesign.from_frame(read("three_stage.csv"), clusters=["street", "community", "household"],
                                fpc=["N1", "N2", "N3"])
    assert len(d.stages) == 2
    _check("three", svymean(d, "y"), "mean", ["y"])
    _check("three", svytotal(d, "y"), "total", ["y"])
    _check("three", svymean(d, "y", by="sex"), "mean_by_sex", ["y"], by="sex")
    two = SurveyDesign.from_frame(read("three_stage.csv"), weights=d.weights, clusters=["street", "community"],
                                  fpc=["N1", "N2"])
    assert svymean(d, "y").se.iloc[0] > svymean(two, "y").se.iloc[0]  # the third stage adds its variance
