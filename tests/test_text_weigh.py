"""Text stage, weighted topic shares: the fast estimator against the project's design-based one."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from citysurvey.text.weigh import ratio_mean_wr, topic_shares


@pytest.fixture(scope="module")
def sample():
    rng = np.random.default_rng(5)
    n = 1500
    m = pd.DataFrame((rng.random((n, 4)) < [0.02, 0.1, 0.3, 0.0]).astype(np.uint8), columns=list("abcd"))
    dom = pd.DataFrame({"district": pd.Categorical(rng.choice(["甲区", "乙区", "丙区"], n), categories=["甲区", "乙区", "丙区"]),
                        "sex": pd.Categorical(rng.choice(["男", "女"], n), categories=["男", "女"])})
    return m, dom, rng.uniform(0.3, 3.0, n), rng.random(n) < 0.7


def test_hand_computed_ratio_and_se():
    y = np.array([[1], [0], [1], [0]], dtype=float)
    w = np.array([1.0, 2.0, 3.0, 4.0])
    x = np.array([True, True, True, False])
    est, se, n, cnt = ratio_mean_wr(y, w, x, np.zeros(4, np.int64), 1)
    R = 4 / 6
    z = np.array([1 * (1 - R), 2 * (0 - R), 3 * (1 - R), 0.0]) / 6
    assert est[0, 0] == pytest.approx(R)
    assert se[0, 0] == pytest.approx(np.sqrt(4 / 3 * (z**2).sum()))
    assert n[0, 0] == 3 and cnt[0, 0] == 2


def test_equals_design_based_estimator(sample):
    pytest.importorskip("citysurvey.estimation")
    from citysurvey.weighting.design import SurveyDesign

    m, dom, w, base = sample
    ours = topic_shares(m, w, dom, base=base)
    design = SurveyDesign.from_frame(dom.assign(w=w), weights="w")
    theirs = topic_shares(m, None, dom, base=base, design=design)
    cols = ["estimate", "se", "ci_low", "ci_high"]
    assert np.allclose(ours[cols].to_numpy(), theirs[cols].to_numpy(), equal_nan=True, atol=1e-12)
    assert (ours[["n", "n_mention"]].to_numpy() == theirs[["n", "n_mention"]].to_numpy()).all()


def test_domains_and_shape(sample):
    m, dom, w, _ = sample
    out = topic_shares(m, w, dom)
    assert len(out) == (1 + 3 + 2) * 4
    city = out[out["domain_variable"] == ""].set_index("topic")
    assert city.loc["c", "estimate"] == pytest.approx((w * m["c"]).sum() / w.sum())
    # a domain estimate uses the domain's respondents only
    jia = out[(out["domain"] == "甲区")].set_index("topic")
    mask = (dom["district"] == "甲区").to_numpy()
    assert jia.loc["b", "estimate"] == pytest.approx((w[mask] * m["b"][mask]).sum() / w[mask].sum())
    assert jia.loc["b", "n"] == mask.sum()
    assert (out["ci_low"] <= out["estimate"]).all() and (out["estimate"] <= out["ci_high"]).all()


def test_zero_share_gets_a_wilson_upper_bound(sample):
    m, dom, w, _ = sample
    d = topic_shares(m, w, None).set_index("topic").loc["d"]
    assert d["estimate"] == 0 and d["ci_low"] == 0 and 0 < d["ci_high"] < 0.01


def test_equal_weights_by_default(sample):
    m, dom, _, _ = sample
    out = topic_shares(m).set_index("topic")
    assert out.loc["c", "estimate"] == pytest.approx(m["c"].mean())
    assert out.loc["c", "se"] == pytest.approx(m["c"].std(ddof=1) / np.sqrt(len(m)))
