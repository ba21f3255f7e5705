"""The group-moment path for domain means gives the general path's numbers (and R's)."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "r_survey"))
from api import close, dstrat, ref_row, reference  # noqa: E402

import citysurvey.estimation.estimators as est  # noqa: E402
from citysurvey.estimation import svymean  # noqa: E402
from citysurvey.weighting import SurveyDesign  # noqa: E402


def _sample(n=3000, seed=5, shift=0.0):
    rng = np.random.default_rng(seed)
    df = pd.DataFrame({
        "district": pd.Categorical(rng.choice(["东", "西", "南", "北"], n)),
        "sex": rng.choice(["男", "女"], n),
        "w": rng.lognormal(0, 0.6, n) * 100,
    })
    for j in range(6):
        df[f"q{j}"] = np.clip(np.round(3 + rng.normal(size=n)), 1, 5) + shift
    return df


def _general(design, items, by, **kw):
    saved = est._moment_path_applies
    est._moment_path_applies = lambda *a: False
    try:
        return svymean(design, items, by=by, **kw)
    finally:
        est._moment_path_applies = saved


@pytest.mark.parametrize("by", [None, "district", "sex", ["district", "sex"]])
@pytest.mark.parametrize("deff", ["without", "replace"])
@pytest.mark.parametrize("shift", [0.0, 1e6])
def test_moment_path_equals_the_general_path(by, deff, shift):
    df = _sample(shift=shift)
    d = SurveyDesign.from_frame(df, weights="w", strata="district", fpc=np.full(len(df), 50_000.0))
    items = [f"q{j}" for j in range(6)]
    assert est._moment_path_applies(d, items, est.domains(d, by)[0])
    fast, slow = svymean(d, items, by=by, deff=deff), _general(d, items, by, deff=deff)
    pd.testing.assert_frame_equal(fast.drop(columns=["estimate", "se", "ci_low", "ci_high", "deff"]),
                                  slow.drop(columns=["estimate", "se", "ci_low", "ci_high", "deff"]))
    for c in ["estimate", "se", "ci_low", "ci_high", "deff"]:
        np.testing.assert_allclose(fast[c], slow[c], rtol=1e-9, atol=0)


def test_moment_path_falls_back_on_missing_answers_and_matches_r():
    df = _sample()
    df.loc[7, "q3"] = np.nan
    d = SurveyDesign.from_frame(df, weights="w", strata="district")
    items = [f"q{j}" for j in range(6)]
    pd.testing.assert_frame_equal(svymean(d, items, by="sex"), _general(d, items, "sex"))
    d = dstrat()
    assert est._moment_path_applies(d, ["api00", "api99"], est.domains(d, "sch.wide")[0])
    got = svymean(d, ["api00", "api99"], by="sch.wide")
    ref = reference()
    for _, row in got.iterrows():
        if row.variable == "api00":
            r = ref_row(ref, "strat", "mean_by_sch.wide", "api00", row["sch.wide"])
            assert close([row.estimate, row.se, row.deff], [r.estimate, r.se, r.deff])
