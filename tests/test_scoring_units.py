"""Scoring pieces against hand-computed values, pingouin and closed forms (no demo city needed)."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from citysurvey.codebook import Codebook
from citysurvey.errors import StageError
from citysurvey.estimation import compare_domains, svymean
from citysurvey.scoring import (
    ScoringConfig, compare_to_city, cronbach_alpha, fit_drivers, item_analysis, item_scores, level_index, lmg,
    relative_weights, respondent_indices, scheme_scores, score_study,
)
from citysurvey.scoring.drivers import ipa
from citysurvey.scoring.indices import resolve_item_weights
from citysurvey.scoring.items import answer_counts, answer_status, awareness_frames, box, min_required
from citysurvey.weighting import SurveyDesign, jk1

# -- scoring schemes -------------------------------------------------------------


def test_schemes_by_position():
    assert scheme_scores("step", 5) == [20, 40, 60, 80, 100]
    assert scheme_scores("linear", 5) == [0, 25, 50, 75, 100]
    assert scheme_scores("step", 4) == [25, 50, 75, 100]
    assert scheme_scores([0, 50, 60, 90, 100], 5) == [0, 50, 60, 90, 100]
    assert ScoringConfig().scheme_label(5) == "100/80/60/40/20"
    assert ScoringConfig(scheme="linear").scheme_label(5) == "100/75/50/25/0"


def test_item_scores_hand_computed_with_special_and_out_of_range():
    x = pd.Series([1, 2, 3, 4, 5, -1, pd.NA, 7, 0], dtype="Int8")
    step = item_scores(x, 5, scheme_scores("step", 5))
    lin = item_scores(x, 5, scheme_scores("linear", 5))
    np.testing.assert_array_equal(step, [20, 40, 60, 80, 100] + [np.nan] * 4)
    np.testing.assert_array_equal(lin, [0, 25, 50, 75, 100] + [np.nan] * 4)
    np.testing.assert_array_equal(box(x, 5, top=2), [0, 0, 0, 1, 1] + [np.nan] * 4)
    np.testing.assert_array_equal(box(x, 5, bottom=2), [1, 1, 0, 0, 0] + [np.nan] * 4)
    assert list(answer_status(x, 5, 1)) == ["valid"] * 5 + ["special", "not_answered", "out_of_range", "out_of_range"]


def test_config_rejects_bad_values_and_is_frozen():
    with pytest.raises(Exception):
        ScoringConfig(shceme="step")  # extra='forbid' catches typos
    with pytest.raises(Exception):
        ScoringConfig(scheme=[100, 80, 60])  # decreasing
    with pytest.raises(Exception):
        ScoringConfig(item_weights={"q1": -1})
    cfg = ScoringConfig()
    with pytest.raises(Exception):
        cfg.scheme = "linear"
    assert cfg.level == pytest.approx(0.95) and cfg.min_share == 0.5 and cfg.p_adjust == "fdr_bh"


# -- a tiny study whose every number is known ------------------------------------

CODEBOOK = Codebook.model_validate({
    "respondent_id": "rid",
    "scales": {"sat5": {"codes": [1, 2, 3, 4, 5], "labels": ["非常不满意", "不满意", "一般", "满意", "非常满意"],
                        "special": {8: "不了解", 9: "不适用"}}},
    "variables": {
        "rid": {"type": "id"},
        "district": {"type": "categorical", "role": "district", "label": "所在区", "categories": ["甲区", "乙区"]},
        "q1": {"type": "likert", "scale": "sat5", "level": "住房", "label": "住房一"},
        "q2": {"type": "likert", "scale": "sat5", "level": "住房", "label": "住房二"},
        "q3": {"type": "likert", "scale": "sat5", "level": "住房", "label": "住房三"},
        "q4": {"type": "likert", "scale": "sat5", "level": "住房", "label": "住房四"},
        "c1": {"type": "likert", "scale": "sat5", "level": "小区（社区）", "label": "小区一"},
        "c2": {"type": "likert", "scale": "sat5", "level": "小区（社区）", "label": "小区二"},
    },
})


def tiny_data() -> pd.DataFrame:
    q = lambda *v: pd.array(v, dtype="Int8")  # noqa: E731
    return pd.DataFrame({
        "rid": [f"R{i}" for i in range(8)],
        "district": pd.Categorical(["甲区"] * 4 + ["乙区"] * 4, categories=["甲区", "乙区"]),
        "q1": q(5, 4, 3, 2, 1, 5, -1, 4),
        "q2": q(4, 4, -2, 2, 2, 5, pd.NA, 3),
        "q3": q(5, 3, 3, 1, -1, 4, -1, 3),
        "q4": q(4, -1, 2, 2, 3, 5, -2, 4),
        "c1": q(3, 3, 4, 5, 2, 1, 5, 4),
        "c2": q(2, 4, 4, 5, 1, 2, 4, pd.NA),
    })


W = np.array([1.0, 2.0, 1.0, 3.0, 2.0, 1.0, 1.0, 2.0])


def test_special_answers_become_missing_and_are_counted():
    data = tiny_data()
    counts = answer_counts(data, CODEBOOK, ["q1", "q2", "q4"], ScoringConfig()).set_index("item")
    assert counts.loc["q1", ["n_valid", "n_special", "n_special_1", "n_special_2", "n_not_answered"]].tolist() == [7, 1, 1, 0, 0]
    assert counts.loc["q2", ["n_valid", "n_special_2", "n_not_answered"]].tolist() == [6, 1, 1]
    assert counts.loc["q4", ["n_special_1", "n_special_2"]].tolist() == [1, 1]
    aw, meta = awareness_frames(data, CODEBOOK, ["q2"], ScoringConfig())
    assert [m[2] for m in meta] == ["有效回答（知晓/适用）", "不了解", "不适用"]
    # denominator = answered (valid or special): the blank of respondent 6 is outside it
    np.testing.assert_array_equal(aw.iloc[:, 0], [1, 1, 0, 1, 1, 1, np.nan, 1])
    np.testing.assert_array_equal(aw.iloc[:, 2], [0, 0, 1, 0, 0, 0, np.nan, 0])


@pytest.fixture(scope="module")
def tiny_result():
    design = SurveyDesign.from_frame(tiny_data(), weights=W)
    cfg = ScoringConfig(charts=False, min_domain_n=2)
    return score_study(design, CODEBOOK, cfg), score_study(design, CODEBOOK, cfg.model_copy(update={"scheme": "linear"}))


@pytest.mark.parametrize("which, table", [(0, {1: 20, 2: 40, 3: 60, 4: 80, 5: 100}), (1, {1: 0, 2: 25, 3: 50, 4: 75, 5: 100})])
def test_weighted_item_score_and_rates_hand_computed(tiny_result, which, table):
    res = tiny_result[which]
    s = res.tables["scores"]
    q1 = tiny_data()["q1"].astype(float).to_numpy()
    valid = q1 > 0  # respondent 6 said 不了解: out of the denominator
    score = sum(W[i] * table[int(q1[i])] for i in range(8) if valid[i]) / W[valid].sum()
    sat = W[valid & (q1 >= 4)].sum() / W[valid].sum()
    dis = W[valid & (q1 <= 2)].sum() / W[valid].sum()
    city = s[(s["item"] == "q1") & (s["domain_var"] == "city")].set_index("measure")
    assert city.loc["score", "estimate"] == pytest.approx(score)
    assert city.loc["satisfied_rate", "estimate"] == pytest.approx(sat)
    assert city.loc["dissatisfied_rate", "estimate"] == pytest.approx(dis)
    assert city.loc["score", "n"] == 7
    assert city.loc["score", "scheme"] == ("100/80/60/40/20" if which == 0 else "100/75/50/25/0")
    assert (city["ci_low"] <= city["estimate"]).all() and (city["estimate"] <= city["ci_high"]).all()
    # the same as estimation's svymean on the hand-made score column
    d = SurveyDesign.from_frame(tiny_data().assign(s=[table.get(v, np.nan) for v in q1]), weights=W)
    ref = svymean(d, ["s"]).iloc[0]
    assert city.loc["score", "se"] == pytest.approx(ref["se"])
    assert res.tables["method"].set_index("aspect").loc["评分方案", "rule"].startswith(city.loc["score", "scheme"])


def test_min_items_rule():
    assert min_required(7, 0.5, 1) == 4 and min_required(4, 0.5, 1) == 2 and min_required(1, 0.5, 1) == 1
    assert min_required(8, 0.5, 5) == 5 and min_required(3, 1.0, 1) == 3 and min_required(2, 0.5, 9) == 2
    scores = pd.DataFrame({"a": [100, 80, np.nan, np.nan], "b": [60, np.nan, np.nan, 40],
                           "c": [80, np.nan, 20, np.nan], "d": [np.nan, 60, np.nan, 40]})
    idx = level_index(scores, {"a": 1, "b": 1, "c": 1, "d": 1}, required=2)
    np.testing.assert_allclose(idx, [80, 70, np.nan, 40])
    # weights renormalise over the items a respondent answered
    idx = level_index(scores, {"a": 3, "b": 1, "c": 0, "d": 1}, required=2)
    np.testing.assert_allclose(idx, [(300 + 60) / 4, (240 + 60) / 4, np.nan, 40])


def test_min_items_rule_in_the_stage(tiny_result):
    res = tiny_result[0]
    rules = res.tables["index_rules"].set_index("level")
    assert rules.loc["住房", "required"] == 2 and rules.loc["小区（社区）", "required"] == 1
    # respondent 6 answered no 住房 item on the scale: no 住房 index, so the index has n = 7
    s = res.tables["scores"]
    row = s[(s["item"] == "index:住房") & (s["domain_var"] == "city")].iloc[0]
    assert row["n"] == 7
    data = tiny_data()
    sc = pd.DataFrame({q: item_scores(data[q], 5, scheme_scores("step", 5)) for q in ["q1", "q2", "q3", "q4"]})
    per = sc.mean(axis=1).where(sc.notna().sum(axis=1) >= 2)
    assert row["estimate"] == pytest.approx(np.nansum(per * W) / W[per.notna()].sum())
    # a stricter rule drops more respondents
    ind, r = respondent_indices(sc, {"住房": {q: 0.25 for q in sc}}, {}, 1.0, 1)
    assert r.loc[0, "required"] == 4 and ind["住房"].notna().sum() == 4  # rows 0, 3, 5, 7 answered all four


def test_item_weights_given_importance_and_errors():
    by_level = {"住房": ["q1", "q2"], "街区": ["b1"]}
    w = resolve_item_weights({"q1": 3, "q2": 1, "b1": 2}, by_level)
    assert w == {"住房": {"q1": 0.75, "q2": 0.25}, "街区": {"b1": 1.0}}
    w = resolve_item_weights("importance", by_level, {"q1": 0.02, "q2": 0.06, "b1": 0.01})
    assert w["住房"] == pytest.approx({"q1": 0.25, "q2": 0.75})
    with pytest.raises(StageError, match="缺少"):
        resolve_item_weights({"q1": 1}, by_level)
    with pytest.raises(StageError):
        resolve_item_weights("importance", by_level, None)


# -- domain vs city -----------------------------------------------------------------


def _sim(n=600, seed=1, strata=True):
    rng = np.random.default_rng(seed)
    dom = rng.choice(["甲", "乙", "丙"], n, p=[0.5, 0.3, 0.2])
    y = rng.normal(70, 15, n) + np.where(dom == "丙", 5.0, 0.0)
    y[rng.random(n) < 0.1] = np.nan
    frame = pd.DataFrame({"y": y, "dom": dom, "st": rng.integers(0, 3, n), "w": rng.uniform(0.5, 3, n)})
    return SurveyDesign.from_frame(frame, weights="w", strata="st" if strata else None)


def test_domain_vs_city_accounts_for_overlap():
    d = _sim()
    t = compare_to_city(d, ["y"], "dom", 0.95).set_index("domain")
    m = svymean(d, ["y"], by="dom").set_index("dom")
    city = svymean(d, ["y"]).iloc[0]
    assert t.loc["丙", "diff"] == pytest.approx(m.loc["丙", "estimate"] - city["estimate"])
    naive = np.sqrt(m["se"] ** 2 + city["se"] ** 2)
    # the domain is part of the city: positive covariance, so the right SE is smaller than the naive one
    assert (t["diff_se"] < naive.reindex(t.index)).all()
    # same test as domain vs the rest of the city (compare_domains), scaled by 1 − P̂_d
    for dom in ["甲", "乙", "丙"]:
        flag = pd.Categorical(np.where(d.data["dom"] == dom, "in", "rest"))
        aug = replace(d, data=d.data.assign(g=flag))
        ref = compare_domains(aug, "y", "g", reference="rest").iloc[0]
        ok = d.data["y"].notna().to_numpy()
        share = d.weights[ok & (d.data["dom"] == dom).to_numpy()].sum() / d.weights[ok].sum()
        assert t.loc[dom, "diff_se"] == pytest.approx((1 - share) * ref["se"], rel=0.03)
        assert t.loc[dom, "p_value"] == pytest.approx(ref["p_value"], rel=0.1, abs=1e-4)


def test_domain_vs_city_in_blocks_of_variables_gives_the_one_block_table(monkeypatch):
    import citysurvey.scoring.domains as domains_module

    d = _sim(n=400, seed=5)
    rng = np.random.default_rng(9)
    d = d.with_columns(y2=rng.normal(60, 10, d.n), y3=np.where(rng.random(d.n) < 0.3, np.nan, rng.normal(50, 5, d.n)))
    whole = compare_to_city(d, ["y", "y2", "y3"], "dom", 0.95)
    monkeypatch.setattr(domains_module, "_COMPARE_CELLS", 2 * d.n)  # blocks of two variables, then one
    blocks = compare_to_city(d, ["y", "y2", "y3"], "dom", 0.95)
    pd.testing.assert_frame_equal(blocks[["variable", "domain", "df"]], whole[["variable", "domain", "df"]])
    np.testing.assert_allclose(blocks[["diff", "diff_se", "p_value"]], whole[["diff", "diff_se", "p_value"]], rtol=1e-12)


def test_degf_by_counts_as_degf_on_each_mask():
    d = _sim(n=300, seed=7)
    rng = np.random.default_rng(2)
    for design in (d, SurveyDesign.from_frame(d.data.assign(c=rng.integers(0, 40, d.n)), weights="w", strata="st",
                                              clusters="c")):
        dom = rng.integers(-1, 3, design.n)
        valid = rng.random((design.n, 4)) < 0.8
        expected = [[design.degf((dom == k) & valid[:, j]) for j in range(4)] for k in range(3)]
        assert design.degf_by(dom, 3, valid).tolist() == expected


def test_domain_vs_city_replicate_design_agrees_with_taylor():
    d = _sim(n=300, seed=3, strata=False)
    taylor = compare_to_city(d, ["y"], "dom", 0.95).set_index("domain")
    rep = compare_to_city(jk1(d), ["y"], "dom", 0.95).set_index("domain")
    np.testing.assert_allclose(rep["diff"], taylor["diff"])
    np.testing.assert_allclose(rep["diff_se"], taylor["diff_se"], rtol=0.05)


def test_flags_only_when_significant(tiny_result):
    s = tiny_result[0].tables["scores"]
    dist = s[s["domain_var"] == "district"]
    assert set(dist["flag"]) <= {"", "高于全市", "低于全市"}
    assert (dist["flag"] != "").eq(dist["p_adjusted"] < 0.05).all()
    assert (s.loc[s["domain_var"] == "city", "flag"] == "").all()


# -- reliability vs pingouin -----------------------------------------------------------


def _likert(n=300, k=5, seed=0, missing=0.1):
    rng = np.random.default_rng(seed)
    latent = rng.normal(size=(n, 1))
    x = np.clip(np.round(3 + latent + rng.normal(scale=1.0, size=(n, k))), 1, 5)
    x[rng.random((n, k)) < missing] = np.nan
    return pd.DataFrame(x, columns=[f"i{j}" for j in range(k)])


@pytest.mark.parametrize("policy", ["pairwise", "listwise"])
def test_alpha_matches_pingouin(policy):
    pg = pytest.importorskip("pingouin")
    data = _likert()
    alpha, ci, n = cronbach_alpha(data, policy)
    ref, _ = pg.cronbach_alpha(data=data, nan_policy=policy)
    assert alpha == pytest.approx(ref, abs=1e-12)
    # the interval's n is an effective n (pingouin counts every row); for listwise it is the
    # complete cases, i.e. pingouin on the complete cases
    base = data.dropna() if policy == "listwise" else data
    if policy == "listwise":
        _, ref_ci = pg.cronbach_alpha(data=data.dropna(), nan_policy=policy)
        np.testing.assert_allclose(np.round(ci, 3), ref_ci)
    assert n == len(base)
    items = item_analysis(data, policy).set_index("item")  # alpha-if-deleted keeps the same respondents
    for col in data.columns:
        ref_del, _ = pg.cronbach_alpha(data=base.drop(columns=col), nan_policy=policy)
        assert items.loc[col, "alpha_if_deleted"] == pytest.approx(ref_del, abs=1e-12)


def test_pairwise_alpha_interval_uses_the_effective_n():
    # Feldt's closed form with n = harmonic mean over item pairs of the respondents answering both
    from scipy.stats import f as f_dist

    data = _likert(n=400, k=6, missing=0.25, seed=3)
    alpha, (lo, hi), n = cronbach_alpha(data, "pairwise")
    o = data.notna().to_numpy(dtype=float)
    both = [o[:, i] @ o[:, j] for i in range(6) for j in range(i + 1, 6)]
    m = len(both) / sum(1 / b for b in both)
    k = data.shape[1]
    assert len(data.dropna()) < m < 0.6 * n  # between the complete cases and everyone
    assert lo == pytest.approx(1 - (1 - alpha) * f_dist.isf(0.025, m - 1, (m - 1) * (k - 1)), abs=1e-12)
    assert hi == pytest.approx(1 - (1 - alpha) * f_dist.isf(0.975, m - 1, (m - 1) * (k - 1)), abs=1e-12)
    pg = pytest.importorskip("pingouin")  # with no missing answers the policies and pingouin agree
    full = _likert(missing=0.0)
    np.testing.assert_allclose(np.round(cronbach_alpha(full, "pairwise")[1], 3), pg.cronbach_alpha(data=full)[1])


def test_alpha_interval_covers_the_truth_when_many_answers_are_missing():
    # a known truth: 5 parallel items, true alpha k·ρ/(1 + (k − 1)ρ); 40% of answers missing at random.
    # Counting every respondent covered about 80% here; complete cases about 100%.
    rng = np.random.default_rng(11)
    k, rho, n = 5, 0.3, 300
    truth = k * rho / (1 + (k - 1) * rho)
    hits = 0
    for _ in range(200):
        x = rng.normal(size=(n, 1)) * np.sqrt(rho) + rng.normal(size=(n, k)) * np.sqrt(1 - rho)
        x[rng.random((n, k)) < 0.4] = np.nan
        _, (lo, hi), _ = cronbach_alpha(pd.DataFrame(x).dropna(how="all"), "pairwise")
        hits += lo <= truth <= hi
    assert 0.92 <= hits / 200 <= 0.99


def test_item_rest_correlation_complete_data():
    data = _likert(missing=0.0)
    items = item_analysis(data).set_index("item")
    for col in data.columns:
        rest = data.drop(columns=col).sum(axis=1)
        assert items.loc[col, "item_rest_corr"] == pytest.approx(np.corrcoef(data[col], rest)[0, 1])


# -- relative importance -----------------------------------------------------------------


def _orthogonal(n=400, p=3, seed=0):
    rng = np.random.default_rng(seed)
    Z = rng.normal(size=(n, p))
    Z -= Z.mean(axis=0)
    Q, _ = np.linalg.qr(Z)  # exactly uncorrelated, mean-zero columns
    X = Q * np.sqrt(n)
    y = X @ np.array([0.6, 0.3, 0.1]) + rng.normal(scale=0.8, size=n)
    return X, y


def test_relative_weights_reduce_to_squared_correlations_for_orthogonal_predictors():
    X, y = _orthogonal()
    R = np.corrcoef(np.column_stack([y, X]).T)
    r = R[0, 1:]
    eps, r2 = relative_weights(R[1:, 1:], r)
    np.testing.assert_allclose(R[1:, 1:], np.eye(3), atol=1e-12)
    np.testing.assert_allclose(eps, r**2, atol=1e-12)
    np.testing.assert_allclose(lmg(R[1:, 1:], r), r**2, atol=1e-12)
    import statsmodels.api as sm

    assert r2 == pytest.approx(sm.OLS(y, sm.add_constant(X)).fit().rsquared)


def test_lmg_two_correlated_predictors_closed_form_and_weights_sum_to_r2():
    Rxx = np.array([[1.0, 0.5], [0.5, 1.0]])
    r = np.array([0.6, 0.3])
    r2 = r @ np.linalg.solve(Rxx, r)
    # LMG with two predictors: half of (own r² + gain entering second)
    expected = [0.5 * (r[0] ** 2 + r2 - r[1] ** 2), 0.5 * (r[1] ** 2 + r2 - r[0] ** 2)]
    np.testing.assert_allclose(lmg(Rxx, r), expected)
    eps, total = relative_weights(Rxx, r)
    assert eps.sum() == pytest.approx(r2) and total == pytest.approx(r2)


def test_weighted_driver_regression_design_se():
    import statsmodels.api as sm

    rng = np.random.default_rng(5)
    n = 400
    X = pd.DataFrame(rng.normal(size=(n, 3)), columns=["a", "b", "c"])
    X["b"] += 0.5 * X["a"]  # correlated items
    y = pd.Series(1 + X @ np.array([0.5, 0.2, 0.0]) + rng.normal(size=n))
    w = rng.uniform(0.5, 2.0, n)
    d = SurveyDesign.from_frame(X.assign(y=y), weights=w)
    table, info = fit_drivers(d, y, X)
    ref = sm.WLS(y, sm.add_constant(X), weights=w).fit(cov_type="HC0")
    np.testing.assert_allclose(table["coef"], ref.params[1:])
    # with-replacement linearisation of an unstratified design = HC0 sandwich × n/(n − 1)
    np.testing.assert_allclose(table["se"], ref.bse[1:] * np.sqrt(n / (n - 1)), rtol=1e-8)
    assert info["r2"] == pytest.approx(ref.rsquared)
    assert table["relative_weight"].sum() == pytest.approx(ref.rsquared)
    assert table["lmg"].sum() == pytest.approx(ref.rsquared)
    assert table.set_index("predictor").loc["c", "p_value"] > 0.01


def test_ipa_quadrants_cut_at_means():
    q = ipa(pd.Series({"a": 4.0, "b": 4.0, "c": 1.0, "d": 1.0}), pd.Series({"a": 80.0, "b": 60.0, "c": 60.0, "d": 80.0}))
    assert q["quadrant"].to_dict() == {"a": "优势保持区", "b": "优先改进区", "c": "次要改进区", "d": "继续保持区"}
    assert q["importance_cut"].iloc[0] == 2.5 and q["performance_cut"].iloc[0] == 70


def test_driver_ses_are_r_svyglm_on_a_two_stage_design():
    # the key-driver regression is svyglm: on R's apiclus2 (two stages, fpc) its coefficients and
    # SEs are R's svyglm(api00 ~ ell + meals) (fixtures: tests/fixtures/r_survey/make_reference.R)
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "r_survey"))
    from api import close, read, ref_row, reference

    data = read("apiclus2.csv")
    d = SurveyDesign.from_frame(data, clusters=["dnum", "snum"], fpc=["fpc1", "fpc2"])
    table, info = fit_drivers(d, data["api00"].astype(float), data[["ell", "meals"]].astype(float))
    ref = reference()
    for _, row in table.iterrows():
        r = ref_row(ref, "clus2", "glm_gaussian", row.predictor)
        assert close([row.coef, row.se], [r.estimate, r.se])
    assert info["df"] == ref_row(ref, "clus2", "glm_gaussian", "ell").extra
    assert close(info["intercept_se"], ref_row(ref, "clus2", "glm_gaussian", "(Intercept)").se)
