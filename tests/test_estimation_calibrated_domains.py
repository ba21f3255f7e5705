"""Domain variances on calibrated designs: the vectorised path equals residualising each expanded item.

``domain_variance`` avoids the n × D matrix per item after one regression
calibration; the reference here is the definition — column (d, j) holds the
item's scores inside domain d and 0 elsewhere, residualised and summed by
``variance`` — and a cached factorisation must not change repeated results.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from citysurvey.estimation import covariance, domain_covariance, domain_variance, svymean, variance
from citysurvey.weighting import Margin, SurveyDesign, calibrate, poststratify, rake, trim_weights


def _data(n=600, seed=7, clusters=False, zero_weights=0):
    rng = np.random.default_rng(seed)
    df = pd.DataFrame(
        {
            "district": pd.Categorical.from_codes(rng.integers(0, 4, n), categories=["A", "B", "C", "D"]),
            "sex": rng.choice(["M", "F"], n),
            "age": rng.choice(["18-34", "35-59", "60+"], n, p=[0.3, 0.45, 0.25]),
            "x": rng.gamma(2.0, 3.0, n),
            "w0": rng.lognormal(0, 0.4, n) * 50,
        }
    )
    if zero_weights:
        df.loc[rng.choice(n, zero_weights, replace=False), "w0"] = 0.0
    # communities nested in districts (PSUs)
    df["community"] = df["district"].astype(str) + (rng.integers(0, 12, n)).astype(str)
    df["fpc"] = df["district"].map({"A": 60, "B": 80, "C": 70, "D": 90}).astype(float)
    for j in range(6):
        y = np.clip(np.round(3 + rng.normal(size=n) + 0.3 * (df["sex"] == "F")), 1, 5)
        y[rng.random(n) < 0.1] = np.nan  # some 不适用 answers
        df[f"q{j}"] = y
    kw = {"strata": "district", "clusters": "community", "fpc": "fpc"} if clusters else {"strata": "district"}
    return df, SurveyDesign.from_frame(df, weights="w0", **kw)


def _margins(df):
    tot = 100_000.0
    sex = df["sex"].value_counts(normalize=True).mul(tot * 1.02).round()
    sex = sex * tot / sex.sum()
    age = pd.Series({"18-34": 0.33, "35-59": 0.42, "60+": 0.25}) * tot
    dist_sex = df.groupby(["district", "sex"], observed=True).size().rename("population").reset_index()
    dist_sex["population"] = dist_sex["population"] * tot / dist_sex["population"].sum()
    return [Margin.of("sex", dict(sex)), Margin.of("age", dict(age)), Margin.of(["district", "sex"], dist_sex)]


def _designs():
    out = {}
    for clusters in (False, True):
        tag = "clus" if clusters else "strat"
        df, d = _data(clusters=clusters)
        m = _margins(df)
        out[f"{tag}_rake"] = rake(d, m, tol=1e-12)
        out[f"{tag}_post"] = poststratify(d, m[2])
        out[f"{tag}_linear_numeric"] = calibrate(d, m[:2], {"x": float((df["x"] * d.weights).sum() / d.weights.sum() * 100_000 * 1.01)})
        out[f"{tag}_trim"] = trim_weights(rake(d, m, tol=1e-12), upper_mult=2.0, strict=False)
    df, d = _data(zero_weights=25)
    out["strat_rake_zero_weights"] = rake(d, _margins(df), tol=1e-12)
    # a stratum of one respondent, its variance made up by the others (R's survey.lonely.psu = "average")
    df, _ = _data(seed=11)
    df["stratum"] = df["district"].astype(str).where(df.index > 0, "alone")
    for rule in ("average", "remove"):
        lonely = SurveyDesign.from_frame(df, weights="w0", strata="stratum", lonely_psu=rule)
        out[f"strat_rake_lonely_{rule}"] = rake(lonely, _margins(df), tol=1e-12)
    df, d = _data(zero_weights=25)
    # the general path: two calibrations, and R's backfitting
    out["strat_post_then_rake"] = rake(poststratify(d, _margins(df)[2]), _margins(df)[:2], tol=1e-12)
    out["clus_rake_backfit"] = rake(_data(clusters=True)[1], _margins(df), tol=1e-12, variance="backfit")
    return out


DESIGNS = _designs()


def _by_definition(design, x, dom, D):
    out = np.empty((D, x.shape[1]))
    for j in range(x.shape[1]):
        X = np.zeros((design.n, D))
        X[np.arange(design.n), dom] = x[:, j]
        out[:, j] = variance(design, X)
    return out


@pytest.mark.parametrize("name", sorted(DESIGNS))
def test_domain_variance_equals_expanded_items(name):
    d = DESIGNS[name]
    rng = np.random.default_rng(11)
    dom = d.data["district"].cat.codes.to_numpy().astype(np.int64)
    dom = np.where(rng.random(d.n) < 0.5, dom, rng.integers(0, 3, d.n))  # domains cut across strata and cells
    x = rng.normal(size=(d.n, 5)) * d.weights[:, None]
    got = domain_variance(d, x, dom, 4)
    want = _by_definition(d, x, dom, 4)
    assert np.all(want > 0)
    np.testing.assert_allclose(got, want, rtol=1e-10, atol=0)


@pytest.mark.parametrize("name", ["strat_rake", "clus_rake", "strat_post"])
def test_margin_variable_shares_have_near_zero_se_after_calibration(name):
    # shares of a raking variable within its own margin's domains are fixed by calibration: no cancellation noise
    d = DESIGNS[name]
    est = svymean(d, "sex", by="district")
    assert np.all(np.isfinite(est["se"]))
    assert est["se"].max() < 1e-9


def test_svymean_on_calibrated_design_matches_definition():
    d = DESIGNS["strat_rake"]
    items = [f"q{j}" for j in range(6)]
    got = svymean(d, items, by="district")
    for j, it in enumerate(items):
        for k, row in got[got["variable"] == it].reset_index(drop=True).iterrows():
            y = d.data[it].to_numpy()
            ok = ~np.isnan(y) & (d.data["district"].astype(str).to_numpy() == row["district"])
            w = d.weights
            mean = (w[ok] * y[ok]).sum() / w[ok].sum()
            score = np.zeros(d.n)
            score[ok] = w[ok] * (y[ok] - mean) / w[ok].sum()
            assert np.isclose(row["estimate"], mean, rtol=1e-12)
            assert np.isclose(row["se"], np.sqrt(variance(d, score)[0]), rtol=1e-9)


def test_repeated_variance_uses_the_cached_factorisation_and_agrees():
    d = DESIGNS["clus_rake"]
    cal = d.calibrations[-1]
    x = np.random.default_rng(3).normal(size=(d.n, 3))
    first = variance(d, x)
    reg = cal.regression
    again = variance(d, x)
    assert cal.regression is reg
    np.testing.assert_array_equal(first, again)


def _uncalibrated():
    df, _ = _data()
    return {"strat_plain": SurveyDesign.from_frame(df, weights="w0", strata="district"),
            "clus_plain": SurveyDesign.from_frame(df, weights="w0", strata="district", clusters="community", fpc="fpc")}


ALL_DESIGNS = {**DESIGNS, **_uncalibrated()}


def _cutting_domains(d, rng, D=4):
    dom = d.data["district"].cat.codes.to_numpy().astype(np.int64)
    return np.where(rng.random(d.n) < 0.5, dom, rng.integers(-1, D, d.n))  # across strata and cells; −1: in none


@pytest.mark.parametrize("name", sorted(ALL_DESIGNS))
def test_domain_minus_common_variance_equals_the_definition(name):
    # a domain against the whole design (domain − city): x on the domain's rows minus c on every row
    d = ALL_DESIGNS[name]
    rng = np.random.default_rng(12)
    dom = _cutting_domains(d, rng)
    x = rng.normal(size=(d.n, 3)) * d.weights[:, None]
    c = rng.normal(size=(d.n, 3)) * d.weights[:, None] * 0.3
    got = domain_variance(d, x, dom, 4, common=c)
    want = np.array([variance(d, np.where((dom == k)[:, None], x, 0.0) - c) for k in range(4)])
    assert np.all(want > 0)
    np.testing.assert_allclose(got, want, rtol=1e-10, atol=0)


@pytest.mark.parametrize("name", sorted(ALL_DESIGNS))
def test_domain_covariance_equals_expanded_items(name):
    d = ALL_DESIGNS[name]
    rng = np.random.default_rng(13)
    dom = _cutting_domains(d, rng)
    x = rng.normal(size=(d.n, 2)) * d.weights[:, None]
    got = domain_covariance(d, x, dom, 4)
    for j in range(2):
        X = np.zeros((d.n, 4))
        inside = dom >= 0
        X[np.flatnonzero(inside), dom[inside]] = x[inside, j]
        want = covariance(d, X)
        assert np.all(np.diag(want) > 0) and np.abs(want - np.diag(np.diag(want))).max() > 0
        np.testing.assert_allclose(got[j], want, rtol=0, atol=1e-12 * np.diag(want).max())
        np.testing.assert_allclose(np.diag(got[j]), np.diag(want), rtol=1e-12)
