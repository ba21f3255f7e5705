"""Property tests for raking: margins hit, weights positive, row order irrelevant."""
from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citysurvey.estimation import svymean
from citysurvey.weighting import Margin, SurveyDesign, rake


@st.composite
def samples(draw):
    seed = draw(st.integers(0, 2**31 - 1))
    n = draw(st.integers(30, 300))
    levels = draw(st.lists(st.integers(2, 5), min_size=1, max_size=4))
    rng = np.random.default_rng(seed)
    data = pd.DataFrame({f"v{k}": rng.integers(0, L, n).astype(str) for k, L in enumerate(levels)})
    data["y"] = rng.normal(size=n)
    data["w0"] = rng.uniform(0.5, 5, n)
    # targets from a positive reweighting of this very sample, so a raking solution exists
    w_star = rng.uniform(0.2, 20, n) * 37.0
    margins = []
    for k in range(len(levels)):
        t = pd.Series(w_star).groupby(data[f"v{k}"]).sum()
        margins.append(Margin.of(f"v{k}", dict(t)))
    perm = rng.permutation(n)
    return data, margins, perm


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(samples())
def test_rake_hits_margins_positive_and_order_free(sample):
    data, margins, perm = sample
    d = rake(SurveyDesign.from_frame(data, weights="w0"), margins, tol=1e-10, max_iter=5000)
    assert (d.weights > 0).all()
    for m in margins:
        k = m.variables[0]
        got = pd.Series(d.weights).groupby(data[k].to_numpy()).sum()
        want = m.table.set_index(k)["population"]
        assert np.allclose(got.loc[want.index], want, rtol=1e-8, atol=0)
    shuffled = data.iloc[perm].reset_index(drop=True)
    d2 = rake(SurveyDesign.from_frame(shuffled, weights="w0"), margins, tol=1e-10, max_iter=5000)
    assert np.allclose(d2.weights, d.weights[perm], rtol=1e-9)
    a, b = svymean(d, ["y"]).iloc[0], svymean(d2, ["y"]).iloc[0]
    assert np.isclose(a.estimate, b.estimate, rtol=1e-9) and np.isclose(a.se, b.se, rtol=1e-7)


@settings(max_examples=15, deadline=None)
@given(samples())
def test_interaction_margin_equals_poststratification(sample):
    data, _, _ = sample
    if "v1" not in data:
        return
    joint = data.groupby(["v0", "v1"]).size().rename("population").reset_index()
    joint["population"] *= 10.0
    d = rake(SurveyDesign.from_frame(data, weights="w0"), [Margin.of(["v0", "v1"], joint)])
    cell = pd.Series(d.weights).groupby([data["v0"], data["v1"]]).sum()
    assert np.allclose(cell.loc[list(zip(joint.v0, joint.v1))].to_numpy(), joint["population"], rtol=1e-10)
