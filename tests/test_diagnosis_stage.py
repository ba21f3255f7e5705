"""The indicators and diagnosis stages in a run, fed by stand-ins for the scoring and text stages
in those stages' own table formats (so the adapters are tested), and the report chapters on the outputs."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from pydantic import ValidationError

from citysurvey.config import load_study
from citysurvey.diagnosis import DiagnosisConfig, DiagnosisStage
from citysurvey.indicators import IndicatorsConfig, IndicatorsStage
from citysurvey.pipeline import run_study
from citysurvey.stage import StageResult

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "data_samples" / "demo_city"
STUDY = REPO / "analysis" / "demo_city" / "study.yaml"


class TruthScoring:
    """Stands in for citysurvey.scoring: its ``item_district`` table, filled with the true scores."""

    name, title_zh = "scoring", "满意度评价（真值）"

    def enabled(self, config) -> bool:
        return True

    def run(self, ctx) -> StageResult:
        t = pd.read_csv(DEMO / "truth_items.csv")
        item_district = pd.DataFrame({"item": t["item"], "district": t["district"], "n": 400,
                                      "score": t["true_score_100"], "score_ci_low": t["true_score_100"] - 2.5,
                                      "score_ci_high": t["true_score_100"] + 2.5})
        # the rest of the hand-off the report reads (citysurvey.schemas), from the same truth
        item_district = item_district.assign(
            label=t["item"], level="", satisfied_rate=t["true_satisfied_rate"],
            dissatisfied_rate=t["true_dissatisfied_rate"], valid_rate=1.0, score_flag="", satisfied_flag="", quadrant="")
        return StageResult(self.name, tables={"item_district": item_district})


class TruthText:
    """Stands in for citysurvey.text: its ``topic_shares`` and ``quotes`` tables, filled with the true rates."""

    name, title_zh = "text", "意见建议分析（真值）"

    def enabled(self, config) -> bool:
        return True

    def run(self, ctx) -> StageResult:
        t = pd.read_csv(DEMO / "truth_topics.csv")
        shares = pd.DataFrame({"district": t["district"], "base": "all", "topic": t["topic"], "measure": "topic",
                               "estimate": t["true_mention_rate"], "ci_low": (t["true_mention_rate"] - 0.01).clip(lower=0),
                               "ci_high": t["true_mention_rate"] + 0.01})
        noise = shares.assign(base="informative", estimate=0.9, ci_low=0.85, ci_high=0.95)  # another base: must be ignored
        levels = shares.assign(measure="level", estimate=0.9, ci_low=0.85, ci_high=0.95)  # level roll-ups: must be ignored
        quotes = pd.DataFrame({"district": ["北山区", "北山区", "南湖区"], "topic": ["C_PARKING", "C_PARKING", "U_FLOOD"],
                               "rank": [2, 1, 1], "quote": ["其次的一条", "车位太少，天天绕圈找车位", "一下雨小区门口就积水"],
                               "n_same": 1})
        return StageResult(self.name, tables={"topic_shares": pd.concat([noise, shares, levels]), "quotes": quotes})


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("run") / "out"
    cfg = load_study(STUDY)
    cfg = cfg.model_copy(update={"output": cfg.output.model_copy(update={"dir": out})})
    return run_study(cfg, stages=[TruthScoring(), TruthText(), IndicatorsStage(), DiagnosisStage()])


def pairs(t: pd.DataFrame) -> set[tuple[str, str]]:
    return set(zip(t["area"], t["indicator_id"]))


def test_the_run_diagnoses_through_the_adapters(run):
    d = run.results["diagnosis"].value
    assert not any(d.degraded.values())
    assert {("北山区", "C05"), ("南湖区", "U22")} <= pairs(d.lists["city_diseases"])
    assert ("城西区", "H02") in pairs(d.lists["risk_notices"])
    ev = d.frame.set_index(["area", "indicator_id"]).loc[("北山区", "C05"), "evidence"]
    assert ev.index("车位太少") < ev.index("其次的一条")  # best-ranked quote first
    # the informative base and the level roll-ups were ignored: shares are the true ones
    share = d.frame.set_index(["area", "indicator_id"]).loc[("北山区", "C05"), "share"]
    assert share == pytest.approx(0.1644)
    summary = run.results["diagnosis"].summary
    assert summary["counts"]["city_diseases"] == len(d.lists["city_diseases"]) and not summary["degraded"]
    assert run.results["indicators"].summary["year"] == 2026


def test_outputs_are_tidy_csvs_and_one_workbook(run):
    folder = run.output_dir / "diagnosis"
    plan = pd.read_csv(folder / "action_plan.csv", encoding="utf-8-sig")
    assert plan["rank"].tolist() == list(range(1, len(plan) + 1))
    assert {"priority", "responsible_department", "evidence"} <= set(plan.columns)
    assert (folder / "diagnosis_lists.xlsx").is_file()
    ind = run.output_dir / "indicators"
    for name in ("catalog", "indicator_grades", "level_grades", "indicator_comparison", "indicator_trends",
                 "grading_rules"):
        assert (ind / f"{name}.csv").is_file(), name


def test_report_chapters_read_the_outputs(run):
    from citysurvey.report.chapters import diagnosis as dc
    from citysurvey.report.chapters import indicators as ic
    from citysurvey.report import load_outputs

    out = load_outputs(run.output_dir)
    f = dc.facts(out)
    assert "北山区停车泊位缺口数" in f.city_diseases and "城西区存在燃气安全隐患的住宅数量" in f.risks
    # nothing degraded but the street level: this run has no small-area stage, and says so
    assert dc.notes_callout(out).count("\n- ") == 1 and "不作街道诊断" in dc.notes_callout(out)
    assert "FX-2026-001" in dc.risk_table(out) and "停车设施补短板" in dc.plan_table(out)
    assert "停车泊位缺口数" in dc.city_disease_table(out, "北山区")
    assert dc.facts(out, "北山区").scope == "北山区"
    g = ic.facts(out, "北山区")
    assert "停车泊位缺口数" in g.red_list and g.year == "2026"
    for table in (ic.grade_table(out), ic.district_table(out), ic.level_table(out), ic.trend_table(out),
                  ic.rules_table(out), dc.rules_table(out), dc.project_table(out), dc.advantage_table(out)):
        assert table.startswith("|")


def test_without_upstream_stages_the_report_says_what_is_missing(tmp_path):
    from citysurvey.report.chapters import diagnosis as dc
    from citysurvey.report import load_outputs

    cfg = load_study(STUDY)
    cfg = cfg.model_copy(update={"output": cfg.output.model_copy(update={"dir": tmp_path / "out"})})
    res = run_study(cfg, stages=[IndicatorsStage(), DiagnosisStage()])
    assert set(res.results["diagnosis"].summary["degraded"]) == {"subjective", "voice", "quotes"}
    callout = dc.notes_callout(load_outputs(res.output_dir))
    assert "callout-warning" in callout and "满意度评分" in callout and "意见建议" in callout


def test_study_files_for_catalog_and_crosswalk_resolve_next_to_study_yaml(tmp_path):
    (tmp_path / "local.csv").write_text("indicator_id,standard,standard_source\nB04,97,本市标准\n", encoding="utf-8")
    (tmp_path / "cw.csv").write_text("item,topic,indicator_id\nq_b03,B_PARK,B04\n", encoding="utf-8")
    cfg = load_study(STUDY)
    stages = {**cfg.stages, "indicators": IndicatorsConfig(catalog_files=[Path("local.csv")]),
              "diagnosis": DiagnosisConfig(crosswalk=Path("cw.csv"))}
    cfg = cfg.model_copy(update={"path": tmp_path / "study.yaml", "stages": stages,
                                 "output": cfg.output.model_copy(update={"dir": tmp_path / "out"})})
    res = run_study(cfg, stages=[TruthScoring(), IndicatorsStage(), DiagnosisStage()])
    grades = res.results["indicators"].value.current.set_index(["area", "indicator_id"])
    assert grades.loc[("城东区", "B04"), "standard"] == 97 and grades.loc[("城东区", "B04"), "grade"] == "一般"
    d = res.results["diagnosis"].value
    assert set(d.crosswalk["item"]) == {"q_b03"}
    assert d.frame.loc[d.frame["indicator_id"] == "C05", "subjective_status"].eq("unknown").all()
    assert any("cw.csv" in n for n in d.notes["note"])


def test_config_sections_forbid_unknown_keys_and_validate():
    with pytest.raises(ValidationError):
        IndicatorsConfig.model_validate({"rate": {"good": 0.2, "fair": 0.1}})
    with pytest.raises(ValidationError):
        IndicatorsConfig.model_validate({"grading": {}})
    with pytest.raises(ValidationError):
        DiagnosisConfig.model_validate({"objective_good": ["较好"], "objective_poor": ["较好"]})
    with pytest.raises(ValidationError):
        DiagnosisConfig.model_validate({"subjective": {"threshold": 120}})
    assert DiagnosisConfig().subjective.threshold == 75 and IndicatorsConfig().rate.fair == 0.15


def test_an_upstream_table_that_changed_shape_stops_the_diagnosis_loudly():
    from citysurvey.diagnosis import scores_from_scoring, voice_from_text
    from citysurvey.errors import StageError

    assert scores_from_scoring(None) is None and voice_from_text(StageResult("text")) is None
    renamed = StageResult("scoring", tables={"item_district": pd.DataFrame({"item": [], "district": [], "mean": []})})
    with pytest.raises(StageError, match="score_ci_low"):
        scores_from_scoring(renamed)
