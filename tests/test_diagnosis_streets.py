"""Street-level diagnosis: 街区 items per street from the small-area stage's published estimates."""
from __future__ import annotations

import pandas as pd
import pytest

from citysurvey.diagnosis import DiagnosisConfig
from citysurvey.diagnosis.inputs import streets_from_smallarea
from citysurvey.diagnosis.streets import COLUMNS, diagnose_streets, street_summary
from citysurvey.errors import StageError
from citysurvey.stage import StageResult

CROSSWALK = pd.DataFrame([
    {"item": "q_b01", "item_label": "公园绿地", "item_level": "街区", "topic": "B_PARK", "indicator_id": "B04", "source": "codebook"},
    {"item": "q_b01", "item_label": "公园绿地", "item_level": "街区", "topic": "B_PARK", "indicator_id": "B05", "source": "codebook"},
    {"item": "q_b02", "item_label": "街道整洁", "item_level": "街区", "topic": "B_CLEAN", "indicator_id": "", "source": "codebook"},
    {"item": "q_h01", "item_label": "房屋安全", "item_level": "住房", "topic": "H_SAFETY", "indicator_id": "H01", "source": "codebook"},
])


def _row(area, item, est, lo, hi, published="direct", district="甲区", area_var="street", measure="score", n=40):
    zh = {"direct": "直接估计", "model": "模型估计", "suppressed": "不发布"}[published]
    if published == "suppressed":
        est = lo = hi = float("nan")
    return {"area_var": area_var, "area": area, "district": district, "district_estimate": 74.0, "item": item,
            "label": item, "level": "街区", "kind": "item", "measure": measure, "estimate": est, "se": (hi - lo) / 3.92,
            "ci_low": lo, "ci_high": hi, "n": n, "n_eff": n / 1.2, "cv": 0.03, "published": published,
            "published_zh": zh, "mse_method": "Prasad–Rao"}


STREETS = pd.DataFrame([
    _row("东街", "q_b01", 68.0, 64.0, 72.0),                      # CI wholly below 75: dissatisfied
    _row("西街", "q_b01", 80.0, 76.0, 84.0, "model"),             # model estimate, satisfied
    _row("南街", "q_b01", 74.0, 69.0, 79.0),                      # straddles 75: uncertain
    _row("北街", "q_b01", 0, 0, 0, "suppressed", n=3),            # not published: not diagnosed
    _row("东街", "q_b02", 70.0, 66.0, 74.0),
    _row("东街", "q_h01", 60.0, 55.0, 65.0),                      # 住房 item: not a street-level item
    _row("东街", "q_b01", 50.0, 45.0, 55.0, measure="satisfied_rate"),
])
DISTRICT = pd.DataFrame({"item": ["q_b01", "q_b02"], "area": ["甲区", "甲区"], "score": [73.0, 71.0],
                         "ci_low": [71.0, 69.0], "ci_high": [75.0, 73.0]})


def test_each_published_street_gets_the_districts_rule_and_suppressed_ones_say_so():
    t = diagnose_streets(STREETS, CROSSWALK, DiagnosisConfig(), district_scores=DISTRICT)
    assert list(t.columns) == COLUMNS
    assert sorted(zip(t["area"], t["item"])) == [("东街", "q_b01"), ("东街", "q_b02"), ("北街", "q_b01"),
                                                  ("南街", "q_b01"), ("西街", "q_b01")]
    by = t.set_index(["area", "item"])
    assert by.loc[("东街", "q_b01"), "subjective_status"] == "dissatisfied"
    assert by.loc[("东街", "q_b01"), "diagnosis"] == "短板" and by.loc[("东街", "q_b01"), "is_shortcoming"]
    assert by.loc[("西街", "q_b01"), "subjective_status"] == "satisfied"
    assert by.loc[("西街", "q_b01"), "diagnosis"] == "居民满意（无客观评价）"  # no street indicator: never an 优势
    assert not by.loc[("西街", "q_b01"), "is_advantage"]
    assert by.loc[("南街", "q_b01"), "subjective_status"] == "uncertain"
    sup = by.loc[("北街", "q_b01")]
    assert sup["subjective_status"] == "suppressed" and sup["diagnosis"] == "不发布" and not sup["is_shortcoming"]
    assert "不发布估计，不作诊断" in sup["evidence"]
    # the district's score is carried for context, and the difference is the street's minus it
    assert by.loc[("东街", "q_b01"), "district_score"] == 73.0
    assert by.loc[("东街", "q_b01"), "diff_district"] == pytest.approx(-5.0)
    # ranks among the district's published streets, lowest first; the suppressed one has none
    assert by.loc[("东街", "q_b01"), "rank_in_district"] == 1 and by.loc[("西街", "q_b01"), "rank_in_district"] == 3
    assert pd.isna(sup["rank_in_district"])
    s = street_summary(t)
    assert s == {"rows": 5, "streets": 4, "suppressed": 1, "shortcomings": 2, "advantages": 0,
                 "streets_with_shortcomings": 1}


def test_street_grades_give_the_quadrant_and_the_worst_linked_grade_counts():
    grades = pd.DataFrame({"area": ["东街", "东街", "西街"], "indicator_id": ["B04", "B05", "B04"],
                           "grade": ["较好", "较差", "很好"]})
    t = diagnose_streets(STREETS, CROSSWALK, DiagnosisConfig(), district_scores=DISTRICT, grades=grades).set_index(
        ["area", "item"])
    assert t.loc[("东街", "q_b01"), "grade"] == "较差"  # the worst of B04 较好 and B05 较差
    assert t.loc[("东街", "q_b01"), "quadrant"] == "突出短板"
    assert t.loc[("西街", "q_b01"), "diagnosis"] == "优势" and t.loc[("西街", "q_b01"), "is_advantage"]
    assert t.loc[("东街", "q_b02"), "objective_status"] == "unknown"  # no indicator linked


def test_reference_city_compares_a_street_with_its_district():
    cfg = DiagnosisConfig(subjective={"threshold": 75, "reference": "city"})
    t = diagnose_streets(STREETS, CROSSWALK, cfg, district_scores=DISTRICT).set_index(["area", "item"])
    assert t.loc[("南街", "q_b01"), "threshold"] == 73.0
    assert t.loc[("南街", "q_b01"), "subjective_status"] == "satisfied"  # 74 ≥ 73 (against 75: uncertain)
    assert t.loc[("东街", "q_b01"), "subjective_status"] == "dissatisfied"  # CI 64–72 below 73
    assert t.loc[("东街", "q_b02"), "threshold"] == 71.0


def test_levels_are_configurable_and_none_switches_it_off():
    t = diagnose_streets(STREETS, CROSSWALK, DiagnosisConfig(street_levels=["住房"]), district_scores=DISTRICT)
    assert list(t["item"]) == ["q_h01"]
    assert diagnose_streets(STREETS, CROSSWALK, DiagnosisConfig(street_levels=[])).empty
    assert diagnose_streets(None, CROSSWALK).empty
    with pytest.raises(ValueError, match="street_levels"):
        DiagnosisConfig(street_levels=["街道"])


def test_the_adapter_reads_the_published_table_of_the_street_variable_only():
    table = pd.concat([STREETS, pd.DataFrame([_row("一社区", "q_b01", 60.0, 50.0, 70.0, area_var="community")])])
    result = StageResult("smallarea", tables={"street_table": table})
    got = streets_from_smallarea(result, ["street"])
    assert set(got["area_var"]) == {"street"} and len(got) == len(STREETS)
    assert "eblup" not in got.columns  # the published columns only
    assert streets_from_smallarea(None, ["street"]) is None
    assert streets_from_smallarea(result, []) is None
    with pytest.raises(StageError, match="published"):
        streets_from_smallarea(StageResult("smallarea", tables={"street_table": table.drop(columns="published")}),
                               ["street"])


class TruthStreets:
    """Stands in for citysurvey.smallarea: its ``street_table`` from the demo's true street scores, with the
    publication rule's columns (one street suppressed on every item), in the stage's own format."""

    name, title_zh = "smallarea", "街道社区估计（真值）"

    def enabled(self, config) -> bool:
        return True

    def run(self, ctx) -> StageResult:
        from citysurvey.datasets import make_population, true_item_satisfaction
        from citysurvey.smallarea.stage import STREET_COLUMNS

        pop = make_population()
        where = ctx.study.responses[["street", "district"]].astype(str).drop_duplicates()
        t = true_item_satisfaction(pop, by="street").merge(where, on="street")
        book = ctx.study.codebook
        t = t[t["item"].isin(book.items)]
        suppressed = t["street"] == t["street"].iloc[0]
        table = pd.DataFrame({
            "area_var": "street", "area": t["street"], "district": t["district"], "district_estimate": 70.0,
            "item": t["item"], "label": t["item"], "level": t["item"].map(lambda i: book.variables[i].level),
            "kind": "item", "measure": "score", "estimate": t["true_score_100"].where(~suppressed), "se": 2.0,
            "ci_low": (t["true_score_100"] - 3.92).where(~suppressed), "ci_high": (t["true_score_100"] + 3.92).where(~suppressed),
            "n": 50, "n_eff": 40.0, "cv": 0.03, "published": suppressed.map({True: "suppressed", False: "direct"}),
            "published_zh": suppressed.map({True: "不发布", False: "直接估计"}), "mse_method": "Prasad–Rao"})
        return StageResult(self.name, tables={"street_table": table[STREET_COLUMNS]})


def test_the_stage_diagnoses_streets_from_the_small_area_hand_off(tmp_path):
    from citysurvey.config import load_study
    from citysurvey.diagnosis import DiagnosisStage
    from citysurvey.outputs import read_csv
    from citysurvey.pipeline import run_study
    from test_diagnosis_stage import STUDY, TruthScoring

    cfg = load_study(STUDY)
    cfg = cfg.model_copy(update={"output": cfg.output.model_copy(update={"dir": tmp_path / "out"})})
    res = run_study(cfg, stages=[TruthScoring(), TruthStreets(), DiagnosisStage()])
    street_items = [i for i in res.study.codebook.items if res.study.codebook.variables[i].level == "街区"]
    t = read_csv(res.output_dir / "diagnosis" / "streets.csv")
    assert set(t["item"]) == set(street_items) and t["area"].nunique() == 60
    first = res.results["smallarea"].tables["street_table"]["area"].iloc[0]
    assert (t.loc[t["area"] == first, "diagnosis"] == "不发布").all()
    # a street is 短板 on an item exactly when its true score's interval lies below 75
    pub = t[t["area"] != first]
    assert (pub["is_shortcoming"] == (pub["ci_high"] < 75)).all()
    summary = res.results["diagnosis"].summary["streets"]
    assert summary["suppressed"] == len(street_items) and summary["shortcomings"] == int(pub["is_shortcoming"].sum())
