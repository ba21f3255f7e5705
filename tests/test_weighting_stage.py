"""The weighting and estimation stages on the demo city."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from citysurvey.errors import ConfigError
from citysurvey.estimation.stage import CITY, EstimationStage
from citysurvey.stage import RunContext
from citysurvey.weighting import SurveyDesign
from citysurvey.weighting.config import WeightingConfig
from citysurvey.weighting.stage import WeightingStage

ROOT = Path(__file__).resolve().parents[1]
STUDY = ROOT / "analysis" / "demo_city" / "study.yaml"
pytestmark = pytest.mark.skipif(not STUDY.exists(), reason="demo city not generated")


@pytest.fixture(scope="module")
def ctx(tmp_path_factory):
    from citysurvey.pipeline import validate_study

    cfg, study = validate_study(STUDY)
    return RunContext(cfg, study, tmp_path_factory.mktemp("out"))


@pytest.fixture(scope="module")
def weighted(ctx):
    res = WeightingStage().run(ctx)
    ctx.results["weighting"] = res
    return res


def test_config_defaults_and_validation():
    cfg = WeightingConfig()
    assert cfg.method == "rake" and cfg.trim is None and cfg.empty == "collapse"
    with pytest.raises(Exception):
        WeightingConfig(methd="rake")
    with pytest.raises(Exception):
        WeightingConfig(bounds=(1.2, 3))
    with pytest.raises(Exception):
        cfg.method = "logit"  # frozen
    _ = ConfigError


def test_weighting_stage_outputs(ctx, weighted):
    assert WeightingStage().enabled(ctx.config)
    assert WeightingStage.name == "weighting" and WeightingStage.title_zh == "加权"
    d = weighted.value
    assert isinstance(d, SurveyDesign) and d.n == ctx.study.n
    w = weighted.tables["weights"]
    assert len(w) == ctx.study.n and (w["weight"] > 0).all()
    assert list(w.columns[:2]) == [ctx.study.responses.index.name or "resp_id", "district"]
    m = weighted.tables["margins"]
    configured = ctx.config.section("weighting").margins or list(ctx.study.margins["margin"])
    assert set(m["margin"]) == set(configured)
    assert m["rel_error"].abs().max() < 1e-6
    diag = weighted.tables["diagnostics"]
    assert {"deff_kish", "n_eff"} <= set(diag.columns) and len(diag) == 1 + ctx.study.responses["district"].nunique()
    assert weighted.summary["max_abs_rel_margin_error"] < 1e-6


def test_trimming_configured_in_stage(ctx):
    from dataclasses import replace as dreplace

    from citysurvey.weighting.config import TrimConfig
    from citysurvey.weighting.stage import weight_design

    cfg = WeightingConfig(trim=TrimConfig(upper_mult=6, recalibrate=True))
    d, _ = weight_design(ctx.study.responses, ctx.study.margins, cfg, "district")
    assert d.weights.max() <= 6 * d.weights.mean() * (1 + 1e-8)
    assert d.history[-1].kind == "trim"
    _ = dreplace


def test_estimation_stage_table(ctx, weighted):
    res = EstimationStage().run(ctx)
    t = res.tables["estimates"]
    items = ctx.study.codebook.items
    n_dom = 1 + ctx.study.responses["district"].nunique()
    assert len(t) == 2 * len(items) * n_dom
    assert set(t["measure"]) == {"satisfied_share", "mean_position"}
    assert {"variable", "district", "estimate", "se", "ci_low", "ci_high", "n", "deff"} <= set(t.columns)
    assert (t["ci_low"] <= t["estimate"]).all() and (t["estimate"] <= t["ci_high"]).all()
    share = t[t.measure == "satisfied_share"]
    assert share["estimate"].between(0, 1).all() and share["ci_low"].ge(0).all() and share["ci_high"].le(1).all()
    assert res.summary["weighted"] is True


def test_estimation_on_two_cores_gives_the_same_table(ctx, weighted):
    from dataclasses import replace

    one = EstimationStage().run(ctx).tables["estimates"]
    pd.testing.assert_frame_equal(EstimationStage().run(replace(ctx, cores=2)).tables["estimates"], one,
                                  check_exact=True)


def test_weighted_district_estimates_are_closer_to_truth(ctx, weighted):
    truth = pd.read_csv(ROOT / "data_samples" / "demo_city" / "truth_items.csv")
    truth = truth.rename(columns={"item": "variable"})
    stage = EstimationStage()
    est_w = stage.run(ctx).tables["estimates"]
    unweighted_ctx = RunContext(ctx.config, ctx.study, ctx.out_dir)
    est_u = stage.run(unweighted_ctx).tables["estimates"]
    assert stage.run(unweighted_ctx).summary["weighted"] is False

    def error(est):
        s = est[(est.measure == "satisfied_share") & (est.district != CITY)].merge(truth, on=["variable", "district"])
        assert len(s) == len(est[(est.measure == "satisfied_share") & (est.district != CITY)])
        return float(np.sqrt(np.mean((s["estimate"] - s["true_satisfied_rate"]) ** 2)))

    assert error(est_w) < error(est_u)
