"""Fay–Herriot fits checked against known answers.

* The milk-expenditure data (Arora & Lahiri 1997; the ``milk`` data of R sae;
  ``load_expenditure_milk`` in samplics), four major areas as covariates:
  β, SE(β), EBLUP and MSE against the values samplics' own test suite checks
  (R sae ``eblupFH`` output to 7 digits), and against a live samplics fit.
* Every variance fit against an independent maximisation of the profile
  (restricted) likelihood with scipy — samplics' ML fit stops after 2
  iterations short of the maximum, so a peer is not the truth.
* Closed forms: σ²_u = 0 on the boundary, balanced designs, bootstrap ≈ analytic.
"""
from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import optimize

from citysurvey.smallarea import bootstrap_mse, fit_fay_herriot, loglik

MILK = Path(__file__).parent / "fixtures" / "smallarea" / "milk.csv"  # samplics' load_expenditure_milk()

# The values samplics' test suite (tests/sae/test_eblup_area_model.py) asserts, R-style 7 digits
REF = {
    "REML": {
        "beta": [0.9681890, 0.1327801, 0.2269462, -0.2413011],
        "beta_se": [0.06936208, 0.10300072, 0.09232981, 0.08161707],
        "eblup": [1.0219703, 1.0476018, 1.0679513, 0.7608170, 0.8461574, 0.9743727, 1.0584523, 1.0977762],
        "mse": [0.013460220, 0.005372876, 0.005701990, 0.008541740, 0.009579594, 0.011670632, 0.015926137, 0.010586518],
    },
    "ML": {
        "beta": [0.9677986, 0.1278756, 0.2266909, -0.2425804],
        "beta_se": [0.06590747, 0.09840939, 0.08813973, 0.07753875],
        "eblup": [1.0161733, 1.0436968, 1.0628168, 0.7753489, 0.8554903, 0.9735857, 1.0474786, 1.0953436],
        "mse": [0.013579953, 0.005512868, 0.005850584, 0.008735454, 0.009774528, 0.011840745, 0.015934511, 0.010821811],
    },
}


def milk():
    data = pd.read_csv(MILK)
    y = data["direct_est"].to_numpy(dtype=float)
    D = data["std_error"].to_numpy(dtype=float) ** 2
    major = data["major_area"].to_numpy()
    X = np.column_stack([np.ones(len(y))] + [(major == k).astype(float) for k in (2, 3, 4)])
    return y, X, D


def independent_max(y, X, D, method):
    """σ²_u maximising the profile likelihood by scipy alone (log-parametrised, plus the boundary)."""
    f = lambda t: -float(loglik(np.exp(t), y, X, D, method)[0])  # noqa: E731
    best = optimize.minimize_scalar(f, bounds=(np.log(1e-10), np.log(10.0)), method="bounded", options={"xatol": 1e-12})
    s2 = float(np.exp(best.x))
    return (0.0 if -f(np.log(1e-300)) > -best.fun else s2), max(-best.fun, float(loglik(0.0, y, X, D, method)[0]))


@pytest.mark.parametrize("method", ["REML", "ML"])
def test_milk_matches_the_published_values(method):
    y, X, D = milk()
    fit = fit_fay_herriot(y, X, D, method)
    ref = REF[method]
    assert fit.converged[0] and not fit.fallback[0]
    assert np.allclose(fit.beta[0], ref["beta"], atol=2e-7)
    assert np.allclose(np.sqrt(np.diag(fit.beta_cov[0])), ref["beta_se"], atol=5e-7)
    assert np.allclose(fit.eblup[:8, 0], ref["eblup"], atol=5e-7)
    assert np.allclose(fit.mse[:8, 0], ref["mse"], atol=5e-9)


@pytest.mark.parametrize("method", ["REML", "ML"])
def test_variance_fit_is_the_likelihood_maximum(method):
    y, X, D = milk()
    fit = fit_fay_herriot(y, X, D, method)
    s2, ll = independent_max(y, X, D, method)
    assert fit.sigma2_u[0] == pytest.approx(s2, rel=1e-6)
    assert fit.loglik[0] >= ll - 1e-10
    expected = {"REML": 0.01855033, "ML": 0.01551751}[method]  # R sae refvar (REML 0.01855) and its ML twin
    assert fit.sigma2_u[0] == pytest.approx(expected, rel=1e-6)


@pytest.mark.parametrize("method", ["REML", "ML"])
def test_agrees_with_samplics(method):
    pytest.importorskip("samplics", reason="samplics is a test extra (pip install samplics)")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from samplics.sae import EblupAreaModel
        from samplics.utils.types import FitMethod
    y, X, D = milk()
    peer = EblupAreaModel(method=getattr(FitMethod, method.lower()))
    area = np.arange(len(y))
    peer.fit(yhat=y, X=X[:, 1:], area=area, error_std=np.sqrt(D), intercept=True, tol=1e-8)
    peer.predict(X=X[:, 1:], area=area, intercept=True)
    fit = fit_fay_herriot(y, X, D, method)
    s2_peer = float(np.ravel(peer.re_std)[0] ** 2)
    est, mse = np.array(list(peer.area_est.values())), np.array(list(peer.area_mse.values()))
    if method == "REML":  # same maximum: agreement to rounding
        assert fit.sigma2_u[0] == pytest.approx(s2_peer, rel=1e-7)
        assert np.allclose(fit.eblup[:, 0], est, atol=1e-9) and np.allclose(fit.mse[:, 0], mse, atol=1e-11)
    else:  # samplics stops after 2 iterations: close, and our σ² has the higher likelihood
        assert peer.convergence["iterations"] <= 3
        assert fit.sigma2_u[0] == pytest.approx(s2_peer, rel=5e-3)
        assert fit.loglik[0] > float(loglik(s2_peer, y, X, D, method)[0])
        assert np.allclose(fit.eblup[:, 0], est, atol=2e-4) and np.allclose(fit.mse[:, 0], mse, rtol=5e-3)


def test_zero_variance_on_the_boundary_and_bootstrap():
    rng = np.random.default_rng(4)
    m = 40
    X = np.column_stack([np.ones(m), rng.normal(size=m)])
    D = rng.uniform(0.5, 2.0, m)
    # y with less spread than its sampling variances: the likelihood peaks at σ²_u = 0
    y = X @ [1.0, 0.5] + rng.normal(size=m) * np.sqrt(D) * 0.4
    for method in ("REML", "ML"):
        fit = fit_fay_herriot(y, X, D, method)
        assert fit.sigma2_u[0] == 0.0
        assert independent_max(y, X, D, method)[0] == 0.0
        assert np.allclose(fit.eblup[:, 0], fit.synthetic[:, 0])
    boot = bootstrap_mse(fit, X, D, reps=400, seed=1)
    again = bootstrap_mse(fit, X, D, reps=400, seed=1)
    assert np.array_equal(boot, again)  # seeded
    assert (boot[:, 0] > 0).all() and (boot[:, 0] < D).all()


def test_bootstrap_close_to_prasad_rao_away_from_the_boundary():
    rng = np.random.default_rng(7)
    m = 60
    X = np.column_stack([np.ones(m), rng.normal(size=m)])
    D = rng.uniform(0.5, 1.5, m)
    y = X @ [2.0, 1.0] + rng.normal(size=m) * 1.0 + rng.normal(size=m) * np.sqrt(D)
    fit = fit_fay_herriot(y, X, D, "REML")
    boot = bootstrap_mse(fit, X, D, reps=1000, seed=3)[:, 0]
    assert np.median(np.abs(boot / fit.mse[:, 0] - 1)) < 0.1


def test_vectorised_fits_equal_one_at_a_time():
    y, X, D = milk()
    Y = np.column_stack([y, y[::-1], y * 1.3])
    DD = np.column_stack([D, D[::-1], D * 1.69])
    many = fit_fay_herriot(Y, X, DD, "REML")
    for k in range(3):
        one = fit_fay_herriot(Y[:, k], X, DD[:, k], "REML")
        assert many.sigma2_u[k] == pytest.approx(one.sigma2_u[0], rel=1e-12)
        assert np.allclose(many.mse[:, k], one.mse[:, 0])
    assert many.sigma2_u[2] == pytest.approx(1.69 * many.sigma2_u[0], rel=1e-8)  # scale equivariance


def test_li_lahiri_is_the_maximum_of_the_adjusted_likelihood_and_positive():
    y, X, D = milk()
    fit = fit_fay_herriot(y, X, D, "LL")
    f = lambda t: -float(loglik(np.exp(t), y, X, D, "LL")[0])  # noqa: E731
    res = optimize.minimize_scalar(f, bounds=(np.log(1e-10), np.log(10.0)), method="bounded", options={"xatol": 1e-12})
    assert fit.sigma2_u[0] == pytest.approx(np.exp(res.x), rel=1e-6)
    assert fit.sigma2_u[0] == pytest.approx(0.02178609, rel=1e-6)
    # log L_LL = log L_REML + log σ²: the adjustment, nothing else
    s2 = 0.03
    assert loglik(s2, y, X, D, "LL")[0] == pytest.approx(loglik(s2, y, X, D, "REML")[0] + np.log(s2))
    assert fit.sigma2_u[0] > fit_fay_herriot(y, X, D, "REML").sigma2_u[0]  # the adjustment pulls away from 0


def test_li_lahiri_intervals_cover_where_reml_puts_the_variance_at_zero():
    """Simulation with a known truth (σ²_u = 0.5, 40 areas, 600 samples): REML gives σ̂²_u = 0 in about a
    quarter of the samples (23%), and its intervals there cover 81%; the LL refit's cover 97%."""
    rng = np.random.default_rng(5)
    m, reps, A = 40, 600, 0.5
    D = rng.uniform(1, 4, m)
    X = np.column_stack([np.ones(m), np.linspace(-1, 1, m)])
    theta = (X @ np.array([70.0, 2.0]))[:, None] + rng.normal(0, np.sqrt(A), (m, reps))
    y = theta + rng.normal(0, 1, (m, reps)) * np.sqrt(D)[:, None]
    Dm = np.repeat(D[:, None], reps, axis=1)
    reml = fit_fay_herriot(y, X, Dm, "REML")
    zero = reml.sigma2_u <= 0
    assert 0.15 < zero.mean() < 0.4
    ll = reml.where(zero, fit_fay_herriot(y, X, Dm, "LL"))
    assert (ll.sigma2_u > 0).all()
    cover = lambda f: np.abs(f.eblup - theta) <= 1.96 * np.sqrt(f.mse)  # noqa: E731
    assert cover(reml)[:, zero].mean() < 0.88
    assert 0.93 <= cover(ll)[:, zero].mean() <= 0.995
    assert 0.93 <= cover(ll).mean() <= 0.97  # overall, REML where positive and LL where it was 0
