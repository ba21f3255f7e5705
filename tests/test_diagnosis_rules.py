"""The diagnosis on small hand-made tables: statuses at their thresholds, the quadrant rule,
the priority score and its order, the crosswalk, the lists, and visible degradation."""
from __future__ import annotations


import numpy as np
import pandas as pd
import pytest

from citysurvey.codebook import Codebook
from citysurvey.diagnosis import (
    DiagnosisConfig, by_priority, default_crosswalk, diagnose, lists_workbook, priority_components, read_crosswalk,
    subjective_status, verdict, voice_status,
)
from citysurvey.errors import InputError
from citysurvey.indicators import IndicatorsConfig, check_values, grade_values, national_catalog

CATALOG = national_catalog(["MOHURD_2024_4level"])
NAN = float("nan")
CFG = DiagnosisConfig()

CODEBOOK = Codebook.model_validate({
    "respondent_id": "rid",
    "scales": {"sat5": {"codes": [1, 2, 3, 4, 5], "labels": ["很不满意", "不满意", "一般", "满意", "很满意"]}},
    "variables": {
        "rid": {"type": "id"},
        "district": {"type": "categorical", "role": "district", "categories": ["甲区", "乙区"]},
        "q_gas": {"type": "likert", "scale": "sat5", "level": "住房", "label": "燃气安全", "topic": "H_SAFETY",
                  "indicators": ["H02"]},
        "q_house": {"type": "likert", "scale": "sat5", "level": "住房", "label": "房屋安全", "topic": "H_SAFETY",
                    "indicators": ["H01", "H02"]},
        "q_park": {"type": "likert", "scale": "sat5", "level": "小区（社区）", "label": "停车", "topic": "C_PARKING",
                   "indicators": ["C05"]},
        "q_old": {"type": "likert", "scale": "sat5", "level": "小区（社区）", "label": "养老", "topic": "C_ELDERCARE",
                  "indicators": ["C01"]},
        "q_jobs": {"type": "likert", "scale": "sat5", "level": "城区（城市）", "label": "就业", "topic": "U_JOBS"},
        "q_all": {"type": "likert", "scale": "sat5", "level": "总体", "role": "overall", "label": "总体"},
    },
})


def grades(*rows):
    """(area, indicator_id, value, stock) → graded rows of 2026."""
    v = pd.DataFrame([{"area": a, "year": 2026, "indicator_id": i, "value": float(x), "unit": "",
                       "stock": np.nan if s is None else float(s)} for a, i, x, s in rows])
    return grade_values(check_values(v, CATALOG, file="t.csv"), IndicatorsConfig())


def scores(*rows, half=2.0):
    return pd.DataFrame([{"item": i, "area": a, "score": s, "ci_low": s - half, "ci_high": s + half} for i, a, s in rows])


def voice(*rows):
    return pd.DataFrame([{"topic": t, "area": a, "share": s, "ci_low": lo, "ci_high": s + 0.01} for t, a, s, lo in rows])


CROSSWALK = default_crosswalk(CODEBOOK, CATALOG)[0]
BASE_GRADES = grades(
    ("全市", "C05", 800, 10000), ("甲区", "C05", 800, 4000), ("乙区", "C05", 0, 6000),   # 甲区 20% 较差
    ("全市", "H02", 200, 1000), ("甲区", "H02", 110, 500), ("乙区", "H02", 10, 500),     # 甲区 22% 较差 (safety)
    ("全市", "C01", 0, 20), ("甲区", "C01", 0, 10), ("乙区", "C01", 0, 10),              # all 很好
)


def run(g=BASE_GRADES, s=None, v=None, q=None, cfg=CFG, cw=CROSSWALK):
    return diagnose(g, CATALOG, cw, scores=s, voice=v, quotes=q, config=cfg, study_year=2026,
                    areas=["全市", "甲区", "乙区"])


def row(d, area, iid):
    return d.frame.set_index(["area", "indicator_id"]).loc[(area, iid)]


# -- subjective status at its threshold --------------------------------------------------------------

@pytest.mark.parametrize("score,lo,hi,expected", [
    (75.0, 72.0, 78.0, "satisfied"),      # estimate at the threshold counts as satisfied
    (74.9, 72.0, 77.9, "uncertain"),      # below, but the interval reaches the threshold
    (70.0, 65.0, 75.0, "uncertain"),      # ci_high exactly at the threshold: not shown dissatisfied
    (70.0, 65.0, 74.99, "dissatisfied"),  # the whole interval below
    (74.0, NAN, NAN, "dissatisfied"),     # no interval: the estimate decides
    (NAN, NAN, NAN, "unknown"),
])
def test_subjective_status_boundaries(score, lo, hi, expected):
    assert subjective_status(score, lo, hi, 75.0, CFG) == expected


def test_subjective_status_alternative_rules():
    est = DiagnosisConfig(subjective={"dissatisfied_when": "estimate"})
    assert subjective_status(74.9, 72, 77.9, 75, est) == "dissatisfied"
    ci = DiagnosisConfig(subjective={"satisfied_when": "ci"})
    assert subjective_status(80, 74.9, 85, 75, ci) == "uncertain"
    assert subjective_status(80, 75.0, 85, 75, ci) == "satisfied"


def test_reference_city_compares_districts_with_the_city_score():
    s = scores(("q_park", "全市", 70), ("q_park", "甲区", 66), ("q_park", "乙区", 71))
    d = run(s=s, cfg=DiagnosisConfig(subjective={"reference": "city"}))
    assert row(d, "甲区", "C05")["threshold"] == 70 and row(d, "甲区", "C05")["subjective_status"] == "dissatisfied"
    assert row(d, "乙区", "C05")["subjective_status"] == "satisfied"
    assert row(d, "全市", "C05")["threshold"] == 75  # the city itself keeps the absolute threshold


def test_the_lowest_scored_linked_item_speaks_for_the_indicator():
    s = scores(("q_gas", "甲区", 80), ("q_house", "甲区", 60))
    r = row(run(s=s), "甲区", "H02")
    assert r["item"] == "q_house" and r["score"] == 60 and r["items"] == "q_gas;q_house"


# -- voice ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("share,ci_low,city,is_city,expected", [
    (0.15, NAN, 0.10, False, "often"),        # exactly 1.5 × the city
    (0.149, NAN, 0.10, False, "not_often"),
    (0.04, NAN, 0.02, False, "not_often"),    # twice the city but under the 5% floor
    (0.05, NAN, 0.02, False, "often"),
    (0.20, 0.10, 0.10, False, "not_often"),   # interval does not clear the city share
    (0.20, 0.11, 0.10, False, "often"),
    (0.10, NAN, NAN, True, "often"),          # the city row: at least 10%
    (0.099, NAN, NAN, True, "not_often"),
    (NAN, NAN, 0.10, False, "unknown"),
])
def test_voice_status_boundaries(share, ci_low, city, is_city, expected):
    assert voice_status(share, ci_low, city, is_city=is_city, cfg=CFG) == expected


# -- the quadrant rule -----------------------------------------------------------------------------------

@pytest.mark.parametrize("obj,subj,voice_,safety,severe,quadrant,diagnosis,lists", [
    ("good", "satisfied", "often", False, False, "优势", "优势", {"advantage"}),
    ("good", "dissatisfied", "often", False, False, "体感温差", "短板", {"shortcoming"}),
    ("good", "uncertain", "often", True, False, "达标", "正常", set()),
    ("poor", "satisfied", "often", True, True, "隐性问题", "风险隐患", {"risk"}),
    ("poor", "satisfied", "not_often", True, False, "隐性问题", "短板", {"shortcoming"}),
    ("poor", "satisfied", "not_often", False, True, "隐性问题", "短板", {"shortcoming"}),
    ("poor", "dissatisfied", "not_often", False, True, "突出短板", "短板", {"shortcoming"}),
    ("poor", "dissatisfied", "often", False, True, "突出短板", "城市病", {"shortcoming", "city_disease"}),
    ("poor", "dissatisfied", "often", True, True, "突出短板", "城市病", {"shortcoming", "city_disease", "risk"}),
    ("poor", "dissatisfied", "unknown", False, True, "突出短板", "短板", {"shortcoming"}),
    ("poor", "uncertain", "often", True, True, "不达标", "短板", {"shortcoming", "risk"}),
    ("poor", "unknown", "unknown", False, True, "不达标", "短板", {"shortcoming"}),
    ("unknown", "dissatisfied", "often", False, False, "居民不满意（无客观评价）", "短板", {"shortcoming"}),
    ("unknown", "satisfied", "often", True, False, "无法判定", "无法判定", set()),
])
def test_quadrant_rule(obj, subj, voice_, safety, severe, quadrant, diagnosis, lists):
    v = verdict(obj, subj, voice_, safety=safety, severe=severe)
    assert (v.quadrant, v.diagnosis) == (quadrant, diagnosis)
    got = {k for k, on in (("advantage", v.advantage), ("shortcoming", v.shortcoming),
                           ("city_disease", v.city_disease), ("risk", v.risk)) if on}
    assert got == lists


def test_objective_boundary_between_good_and_poor_is_the_grade():
    # H02 at 5.0% of stock is 较好 (good), 5.2% is 一般 (poor); both satisfied residents
    g = grades(("甲区", "H02", 50, 1000), ("乙区", "H02", 52, 1000))
    s = scores(("q_gas", "甲区", 80), ("q_gas", "乙区", 80), ("q_house", "甲区", 80), ("q_house", "乙区", 80))
    d = run(g=g, s=s)
    assert row(d, "甲区", "H02")["diagnosis"] == "优势"
    r = row(d, "乙区", "H02")
    assert r["quadrant"] == "隐性问题" and r["diagnosis"] == "短板" and not r["is_risk"]  # 一般: not a red warning
    wide = run(g=g, s=s, cfg=DiagnosisConfig(risk_grades=["一般", "较差"]))
    assert row(wide, "乙区", "H02")["diagnosis"] == "风险隐患"
    strict = run(g=g, s=s, cfg=DiagnosisConfig(objective_good=["很好", "较好", "一般"], objective_poor=["较差"],
                                               risk_grades=["较差"]))
    assert row(strict, "乙区", "H02")["diagnosis"] == "优势"


def test_risk_notice_regardless_of_satisfaction_and_city_disease_needs_voice():
    s = scores(("q_gas", "甲区", 85), ("q_house", "甲区", 85), ("q_park", "甲区", 50), ("q_park", "全市", 65),
               ("q_gas", "全市", 70), ("q_house", "全市", 70))
    v = voice(("C_PARKING", "甲区", 0.20, 0.15), ("C_PARKING", "全市", 0.08, 0.07), ("C_PARKING", "乙区", 0.03, 0.02))
    d = run(s=s, v=v)
    assert row(d, "甲区", "H02")["diagnosis"] == "风险隐患"
    notices = d.lists["risk_notices"]
    assert set(zip(notices["area"], notices["indicator_id"])) == {("甲区", "H02"), ("全市", "H02")}
    assert notices["notice_no"].tolist() == ["FX-2026-001", "FX-2026-002"]
    assert list(zip(d.lists["city_diseases"]["area"], d.lists["city_diseases"]["indicator_id"])) == [("甲区", "C05")]
    quiet = run(s=s, v=voice(("C_PARKING", "甲区", 0.09, 0.08), ("C_PARKING", "全市", 0.08, 0.07)))
    assert quiet.lists["city_diseases"].empty and row(quiet, "甲区", "C05")["diagnosis"] == "短板"


# -- priority ----------------------------------------------------------------------------------------------

def test_priority_formula_components():
    g_o, g_s, g_v, g_f, p = priority_components(40, "poor", 40.0, 75.0, 0.20, 0.10, False, True, CFG)
    assert (g_o, g_s, g_v, g_f) == (1.0, 1.0, 1.0, 1.0) and p == pytest.approx(100)
    g_o, g_s, g_v, g_f, p = priority_components(60, "poor", 57.5, 75.0, 0.15, 0.10, False, False, CFG)
    assert g_o == pytest.approx(2 / 3) and g_s == pytest.approx(0.5) and g_v == pytest.approx(0.5) and g_f == 0
    assert p == pytest.approx(100 * (0.35 * 2 / 3 + 0.35 * 0.5 + 0.15 * 0.5))
    assert priority_components(100, "good", 80.0, 75.0, 0.05, 0.10, False, False, CFG)[-1] == 0
    assert priority_components(NAN, "unknown", NAN, NAN, NAN, NAN, False, False, CFG)[-1] == 0
    assert priority_components(80, "good", NAN, NAN, 0.05, NAN, True, False, CFG)[2] == pytest.approx(0.5)  # city: 5%/10%


def test_priority_order_is_monotone_in_each_component_and_ties_break_on_safety():
    base = dict(priority=0.0, safety_component=0.0, objective_gap=0.0, subjective_gap=0.0)
    frame = pd.DataFrame([
        {**base, "id": "low", "priority": 10.0},
        {**base, "id": "tie_plain", "priority": 50.0, "objective_gap": 1.0},
        {**base, "id": "tie_safety", "priority": 50.0, "safety_component": 1.0},
        {**base, "id": "top", "priority": 90.0},
        {**base, "id": "tie_plain_subj", "priority": 50.0, "objective_gap": 1.0, "subjective_gap": 1.0},
    ])
    ranked = by_priority(frame)
    assert ranked["id"].tolist() == ["top", "tie_safety", "tie_plain_subj", "tie_plain", "low"]
    assert ranked["rank"].tolist() == [1, 2, 3, 4, 5]
    # on real rows: worse score → higher priority, more mentions → higher priority
    s = scores(("q_park", "甲区", 50), ("q_park", "乙区", 60), ("q_park", "全市", 55))
    g = grades(("甲区", "C05", 800, 4000), ("乙区", "C05", 800, 4000))
    d = run(g=g, s=s)
    assert row(d, "甲区", "C05")["priority"] > row(d, "乙区", "C05")["priority"]
    plan = d.lists["action_plan"]
    assert plan["area"].tolist()[:2] == ["甲区", "乙区"] and plan["rank"].tolist()[:2] == [1, 2]
    v = voice(("C_PARKING", "乙区", 0.30, 0.25), ("C_PARKING", "甲区", 0.10, 0.09), ("C_PARKING", "全市", 0.10, 0.09))
    s2 = scores(("q_park", "甲区", 55), ("q_park", "乙区", 55))
    d2 = run(g=g, s=s2, v=v)
    assert d2.lists["action_plan"]["area"].tolist()[0] == "乙区"


# -- crosswalk ---------------------------------------------------------------------------------------------

def test_default_crosswalk_from_the_codebook():
    cw = CROSSWALK
    assert set(zip(cw["item"], cw["indicator_id"])) == {
        ("q_gas", "H02"), ("q_house", "H01"), ("q_house", "H02"), ("q_park", "C05"), ("q_old", "C01"), ("q_jobs", "")}
    assert "q_all" not in set(cw["item"])  # the overall item speaks to no indicator
    cb = CODEBOOK.model_copy(update={"variables": {**CODEBOOK.variables, "q_x": CODEBOOK.variables["q_gas"].model_copy(
        update={"indicators": ["E01"]})}})
    _, notes = default_crosswalk(cb, CATALOG)
    assert notes and "q_x→E01" in notes[0]


def test_study_crosswalk_replaces_the_default_and_is_checked(tmp_path):
    f = tmp_path / "cw.csv"
    f.write_text("item,topic,indicator_id\nq_jobs,U_JOBS,U14\n,C_PARKING,C05\nq_park,C_PARKING,\n", encoding="utf-8")
    cw = read_crosswalk(f, CODEBOOK, CATALOG)
    assert list(zip(cw["item"], cw["topic"], cw["indicator_id"])) == [
        ("q_jobs", "U_JOBS", "U14"), ("", "C_PARKING", "C05"), ("q_park", "C_PARKING", "")]
    f.write_text("item,topic,indicator_id\nq_nope,,C05\nq_park,,Z99\n,,C05\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_crosswalk(f, CODEBOOK, CATALOG, file="cw.csv")
    where = {(p.row, p.column, p.value) for p in exc.value.problems}
    assert where == {(2, "item", "q_nope"), (3, "indicator_id", "Z99"), (4, "item", None)}
    assert "cw.csv" in str(exc.value)


def test_a_topic_only_link_brings_voice_without_an_item(tmp_path):
    f = tmp_path / "cw.csv"
    f.write_text("item,topic,indicator_id\n,C_PARKING,C05\n", encoding="utf-8")
    cw = read_crosswalk(f, CODEBOOK, CATALOG)
    v = voice(("C_PARKING", "甲区", 0.2, 0.15), ("C_PARKING", "全市", 0.08, 0.07))
    r = row(run(s=scores(("q_park", "甲区", 50)), v=v, cw=cw), "甲区", "C05")
    assert r["topic"] == "C_PARKING" and r["subjective_status"] == "unknown" and r["diagnosis"] == "短板"


# -- degradation, lists, workbook --------------------------------------------------------------------------

def test_without_scores_or_voice_the_diagnosis_says_so():
    d = run()
    assert d.degraded == {"objective": False, "subjective": True, "voice": True, "quotes": True}
    assert {"满意度评分", "意见建议"} <= set(d.notes["topic"])
    assert (d.frame["subjective_status"] == "unknown").all()
    assert d.frame["data_gaps"].str.contains("未运行满意度评分").all()
    assert d.lists["advantages"].empty and d.lists["city_diseases"].empty
    # objective failures still count: 甲区 C05 on the 短板清单, 甲区 H02 on the 风险隐患通知单
    assert ("甲区", "C05") in set(zip(d.lists["shortcomings"]["area"], d.lists["shortcomings"]["indicator_id"]))
    assert ("甲区", "H02") in set(zip(d.lists["risk_notices"]["area"], d.lists["risk_notices"]["indicator_id"]))


def test_without_objective_grades_rows_come_from_the_crosswalk():
    s = scores(("q_park", "甲区", 50), ("q_old", "甲区", 80))
    d = run(g=None, s=s)
    assert d.degraded["objective"] and "客观指标" in set(d.notes["topic"])
    r = row(d, "甲区", "C05")
    assert r["objective_status"] == "unknown" and r["diagnosis"] == "短板" and "无客观数据" in r["data_gaps"]
    assert row(d, "甲区", "C01")["diagnosis"] == "无法判定"


def test_subjective_only_items_are_kept_as_signals():
    s = scores(("q_jobs", "甲区", 60), ("q_park", "甲区", 60), ("q_house", "甲区", 55))
    so = run(s=s).subjective_only
    assert set(so["item"]) == {"q_jobs"}  # q_house speaks to H02, which has data
    assert so.iloc[0]["reason"] == "题目无对应指标" and so.iloc[0]["subjective_zh"] == "不满意"
    g = grades(("甲区", "C05", 800, 4000))
    so2 = run(g=g, s=s).subjective_only
    assert set(so2["item"]) == {"q_jobs", "q_house"} and "无客观数据" in so2.set_index("item").at["q_house", "reason"]


def test_plan_targets_projects_and_evidence():
    s = scores(("q_park", "甲区", 50), ("q_park", "全市", 60), ("q_old", "甲区", 55))
    q = pd.DataFrame({"topic": ["C_PARKING"] * 3, "area": ["甲区"] * 3, "quote": ["车位太少", "停车难", "乱停车"]})
    v = voice(("C_PARKING", "甲区", 0.2, 0.15), ("C_PARKING", "全市", 0.08, 0.07))
    d = run(s=s, v=v, q=q)
    plan = d.lists["action_plan"].set_index(["area", "indicator_id"])
    c05 = plan.loc[("甲区", "C05")]
    assert c05["target"] == "动态清零" and c05["annual_targets"] == "2027年 267；2028年 267；2029年 266"
    assert (c05["start_year"], c05["end_year"]) == (2027, 2029) and c05["responsible_department"] == "住房和城乡建设局"
    c01 = plan.loc[("甲区", "C01")]  # 体感温差: the task is service, not construction
    assert "服务与管理" in c01["task"] and c01["annual_targets"] == ""
    lib = d.lists["project_library"]
    assert set(zip(lib["area"], lib["indicator_id"])) == {("甲区", "C05"), ("甲区", "H02")}  # counts only, no 全市
    assert lib.set_index("indicator_id").at["C05", "project_name"] == "甲区停车设施补短板项目"
    ev = row(d, "甲区", "C05")["evidence"]
    for part in ("停车泊位缺口数", "20.0%", "较差", "q_park 得分 50.0", "48.0–52.0", "20.0%（全市 8.0%，2.5 倍）", "车位太少 ｜ 停车难"):
        assert part in ev, part
    assert "乱停车" not in ev  # two quotes by default


def test_workbook_has_a_sheet_per_list_with_chinese_headers(tmp_path):
    import openpyxl

    path = tmp_path / "lists.xlsx"
    path.write_bytes(lists_workbook(run(s=scores(("q_park", "甲区", 50)))))
    wb = openpyxl.load_workbook(path, read_only=True)
    assert wb.sheetnames == ["说明", "优势清单", "短板清单", "城市病清单", "风险隐患通知单", "更新行动计划表", "更新项目库",
                             "诊断明细", "仅主观信号", "题目指标对应", "诊断规则"]
    header = [c.value for c in next(wb["更新行动计划表"].iter_rows(max_row=1))]
    assert header[:3] == ["序号", "地区", "指标编号"] and "优先级得分" in header and "责任部门" in header
    assert lists_workbook(run()) == lists_workbook(run())  # deterministic bytes


def test_plan_target_states_the_standard_in_its_direction():
    d = run(g=grades(("甲区", "U25", 60, None), ("甲区", "U14", 60, None)))
    plan = d.lists["action_plan"].set_index("indicator_id")
    assert plan.at["U25", "target"] == "达到标准（≥ 100 %）"
    assert plan.at["U14", "target"] == "达到标准（≤ 45 分钟）"
    assert "现状 60 分钟，标准 ≤ 45 分钟" in plan.at["U14", "content"]
