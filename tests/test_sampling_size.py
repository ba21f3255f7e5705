"""Sample size and margin of error."""
from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citysurvey.errors import StageError
from citysurvey.sampling.size import domain_sample_sizes, margin_of_error, sample_size, z_value


def test_textbook_385_and_its_explanation():
    r = sample_size(margin=0.05)
    assert r.n_valid == 385  # 1.96²·0.25/0.05² = 384.15 (domain README §2.3)
    assert r.n0 == pytest.approx(384.146, abs=1e-3)
    assert "384.1" in r.explanation_zh and "385" in r.explanation_zh
    assert "385 valid interviews" in r.explanation_en


def test_deff_fpc_and_valid_rate_in_that_order():
    r = sample_size(margin=0.05, deff=1.5, population=176_400, valid_rate=0.85)
    n_deff = 1.5 * z_value(0.95) ** 2 * 0.25 / 0.05**2
    assert r.n_deff == pytest.approx(n_deff)
    assert r.n_fpc == pytest.approx(n_deff / (1 + n_deff / 176_400))
    assert r.n_valid == math.ceil(r.n_fpc) == 575
    assert r.n_fielded == math.ceil(575 / 0.85) == 677
    for part in ("设计效应 1.5", "N = 176,400", "有效率 85%", "677"):
        assert part in r.explanation_zh
    for part in ("design effect 1.5", "N = 176,400", "valid rate of 85%", "field 677"):
        assert part in r.explanation_en


def test_mean_uses_the_standard_deviation():
    r = sample_size(margin=2.0, sd=20.0, confidence=0.95)
    assert r.n_valid == math.ceil(z_value(0.95) ** 2 * 400 / 4)
    assert "S = 20" in r.explanation_en


def test_small_population_caps_the_sample():
    assert sample_size(margin=0.01, population=50).n_valid <= 50


@pytest.mark.parametrize("kwargs, message", [
    ({"margin": 0}, "margin = 0"),
    ({"margin": 0.05, "p": 1.2}, "p = 1.2"),
    ({"margin": 0.05, "confidence": 1.0}, "confidence = 1.0"),
    ({"margin": 0.05, "valid_rate": 0}, "valid_rate = 0"),
])
def test_bad_parameters(kwargs, message):
    with pytest.raises(StageError, match=message):
        sample_size(**kwargs)


@settings(max_examples=100, deadline=None)
@given(margin=st.floats(0.01, 0.2), deff=st.floats(1, 3), pop=st.integers(100, 10_000_000),
       p=st.floats(0.05, 0.95))
def test_the_size_achieves_the_margin(margin, deff, pop, p):
    r = sample_size(margin=margin, p=p, deff=deff, population=pop)
    moe = margin_of_error(r.n_valid, p=p, deff=deff, population=pop)
    assert moe <= margin + 1e-9
    if r.n_valid > 1 and r.n_valid < pop:  # one interview fewer would miss it
        assert margin_of_error(r.n_valid - 1, p=p, deff=deff, population=pop) > margin - 1e-9


def test_per_domain_and_city_rows():
    t = domain_sample_sizes({"甲区": 100_000, "乙区": 300_000}, margin=0.05, deff=1.5)
    assert t["domain"].tolist() == ["甲区", "乙区", "全市（仅全市精度）", "合计（各区均达精度）"]
    assert t["n_valid"].iat[3] == t["n_valid"].iat[0] + t["n_valid"].iat[1]
    assert t["n_valid"].iat[2] < t["n_valid"].iat[3]
