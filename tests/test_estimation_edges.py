"""Estimation at the edges: undefined tests are reported as undefined, never as significant."""
from __future__ import annotations

import numpy as np
import pandas as pd

from citysurvey.estimation import compare_domains
from citysurvey.weighting import svydesign


def test_zero_se_contrast_is_nan_not_significant():
    # both domains answer without variation: the difference has SE 0 and no defined t test
    data = pd.DataFrame({"y": [1.0, 1.0, 1.0, 2.0, 2.0, 2.0], "g": list("aaabbb"), "w": 1.0})
    res = compare_domains(svydesign(data, weights="w"), "y", "g")
    pair = res[res["contrast"] != "all equal"].iloc[0]
    assert pair["estimate"] == 1.0 and pair["se"] == 0.0
    assert np.isnan(pair["statistic"]) and np.isnan(pair["p_value"])


def test_ordinary_contrast_is_a_t_test():
    rng = np.random.default_rng(3)
    data = pd.DataFrame({"y": rng.normal(size=200) + np.repeat([0.0, 0.5], 100), "g": np.repeat(["a", "b"], 100),
                         "w": rng.uniform(1, 2, 200)})
    pair = compare_domains(svydesign(data, weights="w"), "y", "g").iloc[0]
    assert pair["se"] > 0 and np.isclose(pair["statistic"], pair["estimate"] / pair["se"])
    assert 0 <= pair["p_value"] < 0.05
