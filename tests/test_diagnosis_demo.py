"""The demo city's planted scenarios come out of the diagnosis as designed.

First with the true scores and mention rates (truth_items.csv, truth_topics.csv)
standing in for the scoring and text stages, then through the real stages.
"""
from __future__ import annotations

import re
from importlib.util import find_spec
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import yaml

from citysurvey.config import load_study
from citysurvey.diagnosis import DiagnosisStage, default_crosswalk, diagnose
from citysurvey.indicators import IndicatorsConfig, IndicatorsStage, evaluate, load_catalog
from citysurvey.loading import load_study_data

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "data_samples" / "demo_city"
STUDY = REPO / "analysis" / "demo_city" / "study.yaml"
SCENARIOS = yaml.safe_load((DEMO / "scenarios.yaml").read_text(encoding="utf-8"))["scenarios"]


@pytest.fixture(scope="module")
def demo():
    cfg = load_study(STUDY)
    study = load_study_data(cfg)
    catalog = load_catalog(["MOHURD_2024_4level"])
    districts = study.codebook.categories("district")
    res = evaluate(study.indicators, catalog, IndicatorsConfig(), districts=districts, study_year=2026,
                   file="indicators.csv")
    return cfg, study, catalog, res, districts


def truth_inputs(half_width: float = 2.0, share_half_width: float = 0.01):
    """True values with a survey-sized interval around them, in the adapters' column names."""
    items = pd.read_csv(DEMO / "truth_items.csv")
    scores = items.rename(columns={"district": "area", "true_score_100": "score"})[["item", "area", "score"]]
    scores["ci_low"], scores["ci_high"] = scores["score"] - half_width, scores["score"] + half_width
    topics = pd.read_csv(DEMO / "truth_topics.csv")
    voice = topics.rename(columns={"district": "area", "true_mention_rate": "share"})
    voice["ci_low"], voice["ci_high"] = voice["share"] - share_half_width, voice["share"] + share_half_width
    quotes = pd.DataFrame({"topic": ["C_PARKING", "C_PARKING", "U_FLOOD"], "area": ["北山区", "北山区", "南湖区"],
                           "quote": ["小区停车位太少，晚上回来没地方停", "希望建立体停车楼", "一下雨就积水，出行困难"]})
    return scores, voice, quotes


@pytest.fixture(scope="module")
def truth_diagnosis(demo):
    cfg, study, catalog, res, districts = demo
    scores, voice, quotes = truth_inputs()
    cw, _ = default_crosswalk(study.codebook, catalog)
    return diagnose(res.current, catalog, cw, scores=scores, voice=voice, quotes=quotes, study_year=2026,
                    areas=["全市", *districts])


def _row(frame: pd.DataFrame, area: str, iid: str) -> pd.Series:
    hit = frame[(frame["area"] == area) & (frame["indicator_id"] == iid)]
    assert len(hit) == 1, (area, iid)
    return hit.iloc[0]


def _on(table: pd.DataFrame, area: str, iid: str) -> bool:
    return bool(((table["area"] == area) & (table["indicator_id"] == iid)).any())


@pytest.mark.parametrize("s", SCENARIOS, ids=[s["id"] for s in SCENARIOS])
def test_every_planted_scenario_with_true_scores(truth_diagnosis, s):
    d = truth_diagnosis
    r = _row(d.frame, s["district"], s["indicator_id"])
    assert r["objective_status"] == s["objective"]
    assert {"satisfied": "satisfied", "dissatisfied": "dissatisfied"}[s["subjective"]] == r["subjective_status"]
    assert r["diagnosis"] in s["acceptable"]
    assert r["item"] == s["item"]
    lists = d.lists
    if s["expected_diagnosis"] == "城市病":
        assert _on(lists["city_diseases"], s["district"], s["indicator_id"])
        assert _on(lists["shortcomings"], s["district"], s["indicator_id"])
    if s["expected_diagnosis"] == "短板":
        assert _on(lists["shortcomings"], s["district"], s["indicator_id"])
    if s["expected_diagnosis"] == "风险隐患":
        assert _on(lists["risk_notices"], s["district"], s["indicator_id"])
        assert not _on(lists["shortcomings"], s["district"], s["indicator_id"])
    if s["expected_diagnosis"] == "优势":
        assert _on(lists["advantages"], s["district"], s["indicator_id"])


def test_the_demo_lists_read_as_designed(truth_diagnosis):
    d = truth_diagnosis
    c01 = _row(d.frame, "新城区", "C01")
    assert c01["quadrant"] == "体感温差" and c01["short_type"] == "服务管理类（体感温差）"
    h02 = _row(d.frame, "城西区", "H02")
    assert h02["quadrant"] == "隐性问题" and h02["is_risk"]
    notice = d.lists["risk_notices"].set_index(["area", "indicator_id"]).loc[("城西区", "H02")]
    assert "隐性风险" in notice["perception"] and notice["responsible_department"].startswith("住房和城乡建设局")
    # the two 城市病 lead the action plan; each row states its priority and department
    plan = d.lists["action_plan"]
    assert {tuple(x) for x in plan[["area", "indicator_id"]].head(2).values} == {("南湖区", "U22"), ("北山区", "C05")}
    assert plan["priority"].is_monotonic_decreasing and (plan["responsible_department"] != "").all()
    c05 = _row(d.frame, "北山区", "C05")
    for part in ("停车泊位缺口数", "16.8%", "较差", "q_c04", "95%置信区间", "C_PARKING", "全市", "小区停车位太少"):
        assert part in c05["evidence"], part
    # project seeds: quantities from problem counts, in districts
    lib = d.lists["project_library"].set_index(["area", "indicator_id"])
    assert lib.loc[("北山区", "C05"), "quantity"] == 10416 and lib.loc[("南湖区", "U22"), "quantity"] == 14
    assert "全市" not in set(lib.index.get_level_values(0))


def test_real_stages_find_the_planted_cases(demo, tmp_path):
    """loading → weighting → scoring → text → indicators → diagnosis, written to an output folder."""
    from citysurvey.pipeline import run_study
    from citysurvey.scoring.config import ScoringConfig
    from citysurvey.scoring.stage import ScoringStage
    from citysurvey.weighting.stage import WeightingStage

    cfg = demo[0]
    stages_cfg = {**cfg.stages, "scoring": ScoringConfig(charts=False)}
    stages = [WeightingStage(), ScoringStage()]
    text = find_spec("citysurvey.text.stage") is not None
    if text:
        from citysurvey.text.config import TextConfig
        from citysurvey.text.stage import TextStage

        stages_cfg["text"] = TextConfig(charts=False, wordcloud=False)
        stages.append(TextStage())
    cfg = cfg.model_copy(update={"output": cfg.output.model_copy(update={"dir": tmp_path / "out"}), "stages": stages_cfg})
    stages += [IndicatorsStage(), DiagnosisStage()]
    run = run_study(cfg, stages=stages)
    d = run.results["diagnosis"].value
    short = d.lists["shortcomings"]
    for area, iid in (("北山区", "C05"), ("南湖区", "U22"), ("城东区", "H07")):
        assert _on(short, area, iid), (area, iid)
        assert _row(d.frame, area, iid)["subjective_status"] == "dissatisfied"
    assert _on(d.lists["risk_notices"], "城西区", "H02")
    assert _row(d.frame, "城西区", "H02")["diagnosis"] == "风险隐患"
    assert _row(d.frame, "新城区", "C01")["quadrant"] == "体感温差"
    assert _on(d.lists["advantages"], "城东区", "B04") and _on(d.lists["advantages"], "江口区", "C10")
    summary = run.results["diagnosis"].summary
    if text:
        assert not summary["degraded"]
        assert {("北山区", "C05"), ("南湖区", "U22")} <= set(zip(d.lists["city_diseases"]["area"],
                                                                d.lists["city_diseases"]["indicator_id"]))
        assert d.lists["action_plan"]["indicator_id"].head(2).tolist() in (["U22", "C05"], ["C05", "U22"])
        quotes = "".join(d.frame["quotes"])
        assert quotes and not re.search(r"1[3-9]\d{9}", quotes)  # quotes arrive redacted: no phone numbers
    else:  # visibly degraded, not silently
        assert summary["degraded"].get("voice") and d.lists["city_diseases"].empty
        assert any("意见建议" in n for n in summary["notes"])
    out = run.output_dir / "diagnosis"
    for name in ("advantages", "shortcomings", "city_diseases", "risk_notices", "action_plan", "project_library"):
        assert (out / f"{name}.csv").is_file()
    wb = openpyxl.load_workbook(out / "diagnosis_lists.xlsx", read_only=True)
    assert wb.sheetnames[:7] == ["说明", "优势清单", "短板清单", "城市病清单", "风险隐患通知单", "更新行动计划表", "更新项目库"]
    assert (run.output_dir / "indicators" / "indicator_grades.csv").is_file()
