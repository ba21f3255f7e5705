"""Text stage on the demo city: do the weighted topic shares recover the generator's true mention rates?"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from citysurvey.stage import RunContext
from citysurvey.text.stage import TextStage
from citysurvey.text.weigh import topic_shares

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "data_samples" / "demo_city"
STUDY = REPO / "analysis" / "demo_city" / "study.yaml"

pytestmark = pytest.mark.skipif(not (DEMO / "truth_topics.csv").exists(), reason="demo city not generated")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from citysurvey.config import load_study
    from citysurvey.loading import load_study_data

    cfg = load_study(STUDY)
    study = load_study_data(cfg)
    ctx = RunContext(cfg, study, tmp_path_factory.mktemp("demo"))
    try:  # weights from the weighting stage when it is there; the truth is a population rate
        from citysurvey.weighting.config import WeightingConfig
        from citysurvey.weighting.stage import WeightingStage

        if "weighting" not in cfg.stages:
            ctx.config = cfg.model_copy(update={"stages": {**cfg.stages, "weighting": WeightingConfig()}})
        ctx.results["weighting"] = WeightingStage().run(ctx)
    except ImportError:
        pass
    result = TextStage().run(ctx)
    truth = pd.read_csv(DEMO / "truth_topics.csv")
    labels = pd.read_csv(DEMO / "suggestion_labels.csv", dtype=str, keep_default_na=False).set_index("resp_id")
    return ctx, result, truth, labels.reindex(study.responses.index)


def _merge(shares: pd.DataFrame, truth: pd.DataFrame) -> pd.DataFrame:
    m = shares.merge(truth, on=["district", "topic"], validate="one_to_one")
    m["covered"] = (m["ci_low"] <= m["true_mention_rate"]) & (m["true_mention_rate"] <= m["ci_high"])
    return m


def test_estimator_recovers_truth_from_generator_labels(demo):
    """Sampling and weighting alone (topics as the generator wrote them): intervals cover at about 95%."""
    ctx, result, truth, labels = demo
    if "weighting" not in ctx.results:
        pytest.skip("no weighting stage: 全市 rates need weights")
    topics = sorted(truth["topic"].unique())
    sets = labels["topics"].str.split("|")
    M = pd.DataFrame({t: sets.apply(lambda s, t=t: t in s).astype(np.uint8).to_numpy() for t in topics})
    district = ctx.study.codebook.district
    shares = topic_shares(M, None, ctx.study.responses[[district]].reset_index(drop=True),
                          design=ctx.results["weighting"].value)
    m = _merge(shares.rename(columns={"domain": "district"}), truth)
    assert len(m) == len(truth)
    assert m["covered"].mean() >= 0.88  # measured 0.95 over 210 district × topic cells


def test_stage_recovers_truth_from_classified_text(demo):
    """The whole stage, topics from the classifier: close to the truth, with some classification error."""
    ctx, result, truth, _ = demo
    s = result.tables["topic_shares"]
    s = s[(s["base"] == "all") & (s["measure"] == "topic")]
    m = _merge(s, truth)
    assert len(m) == len(truth)
    err = (m["estimate"] - m["true_mention_rate"]).abs()
    # measured: correlation 0.87, mean absolute error 0.009, coverage 0.87
    assert np.corrcoef(m["estimate"], m["true_mention_rate"])[0, 1] >= 0.8
    assert err.mean() <= 0.012
    assert m["covered"].mean() >= 0.75


def test_topics_agree_with_generator_labels(demo):
    from citysurvey.text.evaluate import topic_f1

    _, result, truth, labels = demo
    sugg = result.tables["suggestions"].set_index(labels.index.name or "resp_id")
    pred = [set(filter(None, t.split("|"))) for t in sugg["topics"]]
    gold = [set(filter(None, t.split("|"))) for t in labels["topics"]]
    f1 = topic_f1(gold, pred, sorted(truth["topic"].unique())).set_index("topic")
    assert f1.loc["macro", "f1"] >= 0.88  # measured 0.93
    informative = labels["informative"] == "1"
    assert ((sugg["status"] == "informative").to_numpy() == informative.to_numpy()).mean() >= 0.99


def test_demo_outputs_are_complete(demo):
    _, result, _, _ = demo
    t = result.tables
    assert not t["keywords"].empty and not t["quotes"].empty
    import importlib.util

    expected = {"topic_shares.png", "district_topic_heatmap.png"}
    if importlib.util.find_spec("wordcloud"):  # optional: the cloud is skipped without the package
        expected.add("wordcloud.png")
    assert set(result.files) == expected
    q = t["quotes"]
    assert (q["quote"].str.len() <= 60).all()
    # quotes within a group are different answers
    assert not q.duplicated(["district", "topic", "quote"]).any()
