"""Domain against city, and the group tests, on raked designs: R ``survey`` 4.1.1 values.

The data are generated here (3,000 respondents, five districts as strata, optionally 30 PSUs per
district, four groups that cut across them, 10 % blanks) and raked to district × sex and age; the
SEs use the regression residuals (R's ``calibrate(calfun = "raking")`` on the same base weights,
whose weights agree to 1e-15). R's values, from the CSV of this data
(``tests/fixtures/r_survey/domain_vs_city.R`` prints them):

* domain − city: ``svytotal(~ya + na + yt + nt)`` (the domain's and the city's weighted sums of
  the answer and of answering), then ``svycontrast(·, quote(ya/na − yt/nt))``;
* the group test: the domain means as ``svycontrast`` of those totals (their covariance matrix),
  the Wald F ``c'(CVC')⁻¹c/(D − 1)`` with ``C`` each group minus the first, and the pairwise SEs
  as ``svycontrast`` of two means.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from citysurvey.estimation import compare_domains
from citysurvey.scoring import compare_to_city
from citysurvey.scoring.domains import group_tests
from citysurvey.weighting import Margin, SurveyDesign, rake


def _data() -> tuple[pd.DataFrame, list[Margin]]:
    rng = np.random.default_rng(20261206)
    n = 3000
    df = pd.DataFrame({
        "district": rng.choice(["A", "B", "C", "D", "E"], n, p=[.3, .25, .2, .15, .1]),
        "sex": rng.choice(["M", "F"], n),
        "age": rng.choice(["a18", "a35", "a60"], n, p=[.3, .45, .25]),
        "grp": rng.choice(["g1", "g2", "g3", "g4"], n),
        "w0": rng.lognormal(0, 0.4, n) * 50,
        "psu": rng.integers(0, 30, n),
    })
    df["psu"] = df["district"] + df["psu"].astype(str)
    df["y"] = np.clip(np.round(3 + rng.normal(size=n) + 0.4 * (df["grp"] == "g2") + 0.3 * (df["sex"] == "F")), 1, 5)
    df.loc[rng.random(n) < 0.1, "y"] = np.nan
    df["y2"] = (rng.random(n) < 0.6 + 0.1 * (df["district"] == "A")).astype(float)
    ds = df.groupby(["district", "sex"]).size().rename("population").reset_index()
    ds["population"] = ds["population"] * 80.0 * rng.uniform(0.9, 1.1, len(ds))
    tot = ds["population"].sum()
    age = {"a18": 0.33, "a35": 0.42, "a60": 0.25}
    return df, [Margin.of(["district", "sex"], ds), Margin.of("age", {k: v * tot for k, v in age.items()})]


def _design(kind: str) -> SurveyDesign:
    df, margins = _data()
    kw = {"strata": "district", "clusters": "psu"} if kind == "clus" else {"strata": "district"}
    return rake(SurveyDesign.from_frame(df, weights="w0", **kw), margins, tol=1e-13)


R_DIFF = {  # (design, variable, domain): (diff, diff_se)
    ('strat', 'y', 'g1'): (-0.14672393170765474, 0.03744497334329413),
    ('strat', 'y', 'g2'): (0.2676090034369465, 0.03482662753860784),
    ('strat', 'y', 'g3'): (-0.039324725633073765, 0.03652331437926833),
    ('strat', 'y', 'g4'): (-0.0927154927325815, 0.03698752722422855),
    ('strat', 'y2', 'g1'): (-0.014025593870838127, 0.016971887338775603),
    ('strat', 'y2', 'g2'): (-0.0038431700200455277, 0.01611271242001492),
    ('strat', 'y2', 'g3'): (0.022324044351125005, 0.01661778443788996),
    ('strat', 'y2', 'g4'): (-0.004883341343767222, 0.016976943825603184),
    ('clus', 'y', 'g1'): (-0.14672393170765474, 0.036239755393965824),
    ('clus', 'y', 'g2'): (0.2676090034369465, 0.038386405640485476),
    ('clus', 'y', 'g3'): (-0.039324725633073765, 0.03267813235732627),
    ('clus', 'y', 'g4'): (-0.0927154927325815, 0.03970456186846238),
    ('clus', 'y2', 'g1'): (-0.014025593870838127, 0.015208096163121717),
    ('clus', 'y2', 'g2'): (-0.0038431700200455277, 0.016086258502258526),
    ('clus', 'y2', 'g3'): (0.022324044351125005, 0.01638752366861401),
    ('clus', 'y2', 'g4'): (-0.004883341343767222, 0.014650864311774101),
}
R_GROUP_F = {
    ('strat', 'y'): 20.893523856270107,
    ('strat', 'y2'): 0.6574360062046799,
    ('clus', 'y'): 17.43524051309918,
    ('clus', 'y2'): 0.7931208895777302,
}
R_PAIR_SE = {  # variable y
    ('strat', 'g2 − g1'): 0.058518271173203934,
    ('strat', 'g3 − g1'): 0.060370503347827856,
    ('strat', 'g4 − g1'): 0.06058528412370745,
    ('strat', 'g3 − g2'): 0.057899423762533105,
    ('strat', 'g4 − g2'): 0.05821059588610864,
    ('strat', 'g4 − g3'): 0.06001485904141463,
    ('clus', 'g2 − g1'): 0.06122612803320931,
    ('clus', 'g3 − g1'): 0.05492697507872115,
    ('clus', 'g4 − g1'): 0.06207475111062058,
    ('clus', 'g3 − g2'): 0.05745182401105702,
    ('clus', 'g4 − g2'): 0.06519381682372434,
    ('clus', 'g4 − g3'): 0.05806947716072601,
}


@pytest.mark.parametrize("kind", ["strat", "clus"])
def test_domain_vs_city_matches_r_svycontrast(kind):
    t = compare_to_city(_design(kind), ["y", "y2"], "grp", 0.95)
    for row in t.itertuples():
        diff, se = R_DIFF[(kind, row.variable, row.domain)]
        assert row.diff == pytest.approx(diff, rel=1e-10)
        assert row.diff_se == pytest.approx(se, rel=1e-10)


@pytest.mark.parametrize("kind", ["strat", "clus"])
def test_group_tests_and_pairs_match_r(kind):
    d = _design(kind)
    g = group_tests(d, ["y", "y2"], "grp").set_index("variable")
    for v in ("y", "y2"):
        assert g.loc[v, "statistic"] == pytest.approx(R_GROUP_F[(kind, v)], rel=1e-10)
    pairs = compare_domains(d, "y", "grp")
    pairs = pairs[pairs["contrast"] != "all equal"]
    assert len(pairs) == 6
    for row in pairs.itertuples():
        assert row.se == pytest.approx(R_PAIR_SE[(kind, row.contrast)], rel=1e-10)


if __name__ == "__main__":  # the data for R: python tests/test_scoring_r_domains.py gen.csv; Rscript …/domain_vs_city.R gen.csv
    import sys

    frame, _ = _data()
    for kind in ("strat", "clus"):
        frame[f"w_{kind}"] = _design(kind).weights
    frame.to_csv(sys.argv[1], index=False)
