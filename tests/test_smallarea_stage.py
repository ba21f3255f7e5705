"""The small-area stage on the demo city, and areas below the district in codebook, margins, indicators."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from citysurvey.codebook import Codebook
from citysurvey.datasets import build_codebook
from citysurvey.errors import InputError, StageError
from citysurvey.loading.auxiliary import validate_indicators
from citysurvey.pipeline import validate_study
from citysurvey.smallarea import PublishRule, SmallAreaConfig, estimate_small_areas, publish
from citysurvey.smallarea.simulation import simulate_demo_streets
from citysurvey.smallarea.stage import STREET_COLUMNS, SmallAreaStage
from citysurvey.stage import file_bytes
from citysurvey.stage import RunContext
from citysurvey.weighting.stage import WeightingStage

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def demo():
    cfg, study = validate_study(ROOT / "analysis" / "demo_city" / "study.yaml")
    ctx = RunContext(cfg, study, ROOT / "output" / "_unused")
    ctx.results["weighting"] = WeightingStage().run(ctx)
    return ctx


@pytest.fixture(scope="module")
def result(demo):
    return SmallAreaStage().run(demo)


def test_stage_tables_chart_and_summary(result, demo):
    est, street = result.tables["estimates"], result.tables["street_table"]
    streets = demo.study.codebook.categories("street")
    assert set(est["area"]) == set(streets) and len(streets) == 60
    outcomes = len(demo.study.codebook.items) + 5  # items + four level indices + the composite
    assert len(est) == 60 * outcomes
    assert list(street.columns) == STREET_COLUMNS
    assert set(est["published"]) <= {"direct", "model", "suppressed"}
    assert file_bytes(result.files["charts/street_ranking.png"])[:8] == b"\x89PNG\r\n\x1a\n"
    assert set(result.tables["rule"]["published"]) == {"direct", "model", "suppressed"}
    assert "Fay–Herriot" in result.summary["method_sentence"]
    assert (result.tables["fits"]["converged"]).all()


def test_direct_estimates_are_the_estimation_package_domains(result, demo):
    from dataclasses import replace

    from citysurvey.estimation import svymean
    from citysurvey.scoring.items import item_scores

    design = demo.results["weighting"].value
    x = item_scores(design.data["q_c04"], 5, [20, 40, 60, 80, 100])
    d = replace(design, data=design.data.assign(__x=x))
    ref = svymean(d, ["__x"], by="street").set_index("street")
    got = result.tables["estimates"].query("item == 'q_c04'").set_index("area")
    assert np.allclose(got["direct"], ref.loc[got.index, "estimate"])
    assert np.allclose(got["direct_se"], ref.loc[got.index, "se"])
    assert np.allclose(got["n_eff"], ref.loc[got.index, "n"] / ref.loc[got.index, "deff"])


def test_benchmarked_areas_add_up_to_the_district(result, demo):
    est = result.tables["estimates"]
    margins = demo.study.margins
    pop = margins[margins["margin"] == "district×street"].set_index("street")["population"]
    est = est.assign(pop=est["area"].map(pop))
    for (item, district), g in est.groupby(["item", "district"]):
        share = g["pop"] / g["pop"].sum()
        assert (share * g["benchmarked"]).sum() == pytest.approx(g["district_estimate"].iloc[0], rel=1e-10), (item, district)
        assert np.allclose(g["population_share"], share)


def test_published_follows_the_rule(result):
    est = result.tables["estimates"]
    rule = PublishRule()
    direct = (est["direct_cv"] <= rule.direct_max_cv) & (est["n_eff"] >= rule.direct_min_n_eff)
    assert (est.loc[direct, "published"] == "direct").all()
    assert (est.loc[~direct & (est["model_cv"] <= rule.model_max_cv), "published"] == "model").all()
    pub = est[est["published"] == "model"]
    assert np.allclose(pub["estimate"], pub["benchmarked"]) and np.allclose(pub["se"], pub["benchmarked_rmse"])
    assert (est["published"] == "model").any() and (est["published"] == "direct").any()


def test_publish_rule_cases():
    rule = PublishRule(direct_max_cv=0.2, direct_min_n_eff=30, model_max_cv=0.3)
    got = publish(np.array([40, 10, 10, 40]), np.array([0.1, 0.1, 0.5, 0.25]), np.array([0.05, 0.25, 0.31, 0.2]), rule)
    assert got.tolist() == ["direct", "model", "suppressed", "model"]


def test_ml_and_difference_benchmarking_and_strict_rule(demo):
    design = demo.results["weighting"].value
    cfg = SmallAreaConfig(method="ML", benchmark="difference", publish={"direct_max_cv": 0.001, "model_max_cv": 0.001},
                          charts=False)
    est = estimate_small_areas(design, demo.study.codebook, cfg, margins=demo.study.margins)["estimates"]
    assert (est["published"] == "suppressed").all() and est["estimate"].isna().all()
    g = est[(est["item"] == "index:综合") & (est["district"] == "城东区")]
    assert (g["population_share"] * g["benchmarked"]).sum() == pytest.approx(g["district_estimate"].iloc[0])
    shift = g["benchmarked"] - g["eblup"]
    assert np.allclose(shift, shift.iloc[0])  # difference benchmarking moves every street alike


def _codebook_with_communities() -> Codebook:
    raw = build_codebook()
    streets = raw["variables"]["street"]["categories"]
    raw["variables"]["community"] = {"type": "categorical", "role": "community", "parent": "street", "label": "所在社区",
                                     "categories": [f"{s}{k}社区" for s in streets for k in ("一", "二", "三")]}
    return Codebook.model_validate(raw)


def test_communities_below_streets(demo):
    from dataclasses import replace

    codebook = _codebook_with_communities()
    design = demo.results["weighting"].value
    rng = np.random.default_rng(3)
    comm = design.data["street"].astype(str) + pd.Series(rng.choice(["一", "二", "三"], design.n)).to_numpy() + "社区"
    data = design.data.assign(community=pd.Categorical(comm, categories=codebook.categories("community")))
    cfg = SmallAreaConfig(charts=False, bootstrap_reps=20)  # many communities have σ²_u = 0: keep the bootstrap short
    est = estimate_small_areas(replace(design, data=data), codebook, cfg, margins=demo.study.margins)
    e = est["estimates"]
    assert set(e["area_var"]) == {"street", "community"}
    c = e[e["area_var"] == "community"]
    assert c["area"].nunique() == 180 and c["n"].between(1, 60).all()
    assert (c["published"] != "direct").mean() > (e[e["area_var"] == "street"]["published"] != "direct").mean()


def test_an_area_in_two_districts_is_an_error(demo):
    from dataclasses import replace

    design = demo.results["weighting"].value
    street = design.data["street"].copy()
    other = design.data.index[design.data["district"] != "城东区"][0]
    street.loc[other] = "东门街道"
    with pytest.raises(StageError, match="东门街道"):
        estimate_small_areas(replace(design, data=design.data.assign(street=street)), demo.study.codebook,
                             SmallAreaConfig(charts=False))


def test_codebook_hierarchy_is_checked():
    raw = build_codebook()
    raw["variables"]["street"]["parent"] = "no_such_variable"
    with pytest.raises(ValueError, match="parent"):
        Codebook.model_validate(raw)
    raw = build_codebook()
    raw["variables"]["age"]["role"] = "street"
    with pytest.raises(ValueError, match="categorical"):
        Codebook.model_validate(raw)


def test_indicators_accept_streets_and_communities():
    codebook = _codebook_with_communities()
    raw = pd.DataFrame({"area": ["全市", "城东区", "东门街道", "东门街道一社区", "不存在街道"], "year": ["2026"] * 5,
                        "indicator_id": ["C05"] * 5, "value": ["1", "2", "3", "4", "5"]})
    with pytest.raises(InputError) as err:
        validate_indicators(raw, codebook, file="indicators.csv")
    assert "第 6 行" in str(err.value) and "不存在街道" in str(err.value) and "街道或社区" in str(err.value)
    ok = validate_indicators(raw.iloc[:4], codebook, file="indicators.csv")
    assert ok["area"].tolist() == ["全市", "城东区", "东门街道", "东门街道一社区"]


def test_indicator_covariate(demo):
    design = demo.results["weighting"].value
    streets = demo.study.codebook.categories("street")
    est_plain = estimate_small_areas(design, demo.study.codebook, SmallAreaConfig(charts=False), margins=demo.study.margins)
    truth = pd.read_csv(ROOT / "data_samples" / "demo_city" / "truth_streets.csv").query("item == 'q_c04'")
    ind = pd.DataFrame({"area": truth["street"], "year": 2026, "indicator_id": "X01",
                        "value": truth["true_score_100"].to_numpy()})  # an oracle covariate: the model must use it
    cfg = SmallAreaConfig(covariates=["district_estimate", "indicator:X01"], measures=["score"], charts=False)
    est = estimate_small_areas(design, demo.study.codebook, cfg, margins=demo.study.margins, indicators=ind)
    a = est["estimates"].query("item == 'q_c04'").set_index("area").loc[streets]
    b = est_plain["estimates"].query("item == 'q_c04'").set_index("area").loc[streets]
    t = truth.set_index("street").loc[streets, "true_score_100"]
    assert ((a["eblup"] - t) ** 2).mean() < ((b["eblup"] - t) ** 2).mean()
    assert "indicator:X01" in est["fits"].query("item == 'q_c04'")["covariates"].iloc[0]
    with pytest.raises(StageError, match="X02"):
        estimate_small_areas(design, demo.study.codebook, SmallAreaConfig(covariates=["indicator:X02"], charts=False),
                             indicators=ind)


def test_eblup_beats_direct_in_a_short_simulation():
    # point estimates only: the MSE method does not change them, so skip the bootstrap for speed
    summary, per_area = simulate_demo_streets(reps=2, seed=11, cfg=SmallAreaConfig(charts=False, mse="analytic"))
    s = summary.set_index("estimator")
    assert s.loc["EBLUP benchmarked", "mse_ratio_to_direct"] < 0.7
    assert s.loc["published", "mse_ratio_to_direct"] < 1.0
    assert (per_area["mse_bench"] < per_area["mse_direct"]).mean() > 0.6


@pytest.mark.slow
def test_model_intervals_cover_the_street_truth():
    """30 samples: the benchmarked EBLUP's 95% intervals cover 93–97% of street × item truths
    (100 samples in bench/bench_smallarea.py gave 94.6%)."""
    summary, _ = simulate_demo_streets(reps=30, seed=5)
    s = summary.set_index("estimator")
    assert 0.93 <= s.loc["EBLUP benchmarked", "coverage"] <= 0.97
    assert s.loc["EBLUP benchmarked", "mse_ratio_to_direct"] < 0.5
