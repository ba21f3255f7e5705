"""Waves: the change since an earlier wave, its SE, item matching, the earlier wave's checks, the follow-up rule,
and the demo city's planted 2025 → 2026 changes found."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from citysurvey.config import load_study
from citysurvey.errors import ConfigError, StageError
from citysurvey.waves import compare_waves, diff_se, followup, load_wave
from citysurvey.waves.followup import status

from conftest import REPO, write_mini_study

PREVIOUS = REPO / "data_samples" / "demo_city_2025"


def _scores(rows, scheme="100/80/60/40/20"):
    """A scoring ``scores`` table from (kind, item, label, measure, domain_var, domain, estimate, se, n)."""
    t = pd.DataFrame(rows, columns=["kind", "item", "label", "measure", "domain_var", "domain", "estimate", "se", "n"])
    t["level"] = "住房"
    t["domain_var_label"] = t["domain_var"]
    t["scheme"] = np.where(t["measure"] == "score", scheme, "")
    t["ci_low"], t["ci_high"] = t["estimate"] - 1.96 * t["se"], t["estimate"] + 1.96 * t["se"]
    return t


# -- the difference and its SE ----------------------------------------------------

def test_diff_se_is_the_closed_form_for_independent_samples():
    assert diff_se(3.0, 4.0) == pytest.approx(5.0)
    now = _scores([("item", "q1", "甲", "score", "city", "全市", 72.0, 0.6, 3000),
                   ("item", "q1", "甲", "satisfied_rate", "city", "全市", 0.55, 0.012, 3000),
                   ("item", "q1", "甲", "dissatisfied_rate", "city", "全市", 0.10, 0.006, 3000)])
    before = _scores([("item", "q1", "甲", "score", "city", "全市", 70.5, 0.8, 2500),
                      ("item", "q1", "甲", "satisfied_rate", "city", "全市", 0.52, 0.011, 2500),
                      ("item", "q1", "甲", "dissatisfied_rate", "city", "全市", 0.13, 0.007, 2500)])
    c = compare_waves(now, before, year=2026, year_previous=2025, p_adjust="none").changes.set_index("measure")
    r = c.loc["score"]
    assert r["diff"] == pytest.approx(1.5)
    assert r["diff_se"] == pytest.approx(1.0)  # √(0.6² + 0.8²)
    assert r["diff_ci_low"] == pytest.approx(1.5 - 1.959963985)
    assert r["p_value"] == pytest.approx(2 * (1 - stats.norm.cdf(1.5)))
    assert not r["significant"] and r["change"] == "none"
    d = c.loc["dissatisfied_rate"]  # fewer dissatisfied: an improvement
    assert d["diff_se"] == pytest.approx(np.hypot(0.006, 0.007))
    assert d["significant"] and d["change"] == "improved"


def test_diff_se_matches_the_spread_of_differences_in_simulation():
    """Two independent stratified samples a year apart: the SE formula predicts the spread of Δ and covers 95%."""
    rng = np.random.default_rng(1)
    sizes, reps = (400, 250), 4000
    pop = [rng.normal(70, 15, 50_000), rng.normal(74, 18, 50_000)]
    true = pop[1].mean() - pop[0].mean()
    d, se = np.empty(reps), np.empty(reps)
    for k in range(reps):
        means, ses = [], []
        for p, n in zip(pop, sizes):
            x = rng.choice(p, n, replace=False)
            means.append(x.mean())
            ses.append(x.std(ddof=1) / np.sqrt(n) * np.sqrt(1 - n / len(p)))
        d[k], se[k] = means[1] - means[0], diff_se(ses[1], ses[0])
    assert np.mean(se) == pytest.approx(d.std(), rel=0.04)
    cover = np.mean(np.abs(d - true) <= 1.959963985 * se)
    assert 0.94 <= cover <= 0.96


# -- matching across waves --------------------------------------------------------

def test_items_match_by_name_with_declared_renames_and_the_rest_are_listed():
    now = _scores([("item", "q1", "甲", "score", "city", "全市", 70, 1, 500),
                   ("item", "q2", "乙", "score", "city", "全市", 60, 1, 500),
                   ("item", "q3", "丙（新题）", "score", "city", "全市", 65, 1, 500),
                   ("item", "q1", "甲", "score", "district", "东区", 70, 2, 200),
                   ("item", "q1", "甲", "score", "district", "新区", 70, 2, 200)])
    before = _scores([("item", "q1", "甲", "score", "city", "全市", 69, 1, 500),
                      ("item", "q2_old", "乙", "score", "city", "全市", 50, 1, 500),
                      ("item", "q9", "旧题", "score", "city", "全市", 55, 1, 500),
                      ("item", "q1", "甲", "score", "district", "东区", 68, 2, 200),
                      ("item", "q1", "甲", "score", "age_band", "60+", 68, 2, 200)])
    cmp = compare_waves(now, before, year=2026, year_previous=2025, rename={"q2": "q2_old"})
    got = cmp.changes.set_index(["item", "domain"])
    assert set(got.index) == {("q1", "全市"), ("q2", "全市"), ("q1", "东区")}
    assert got.loc[("q2", "全市"), "item_previous"] == "q2_old" and got.loc[("q2", "全市"), "diff"] == 10
    assert got.loc[("q2", "全市"), "change"] == "improved"
    u = cmp.unmatched.set_index(["what", "name"])
    assert u.loc[("题目", "q3"), "present_in"] == "本期" and u.loc[("题目", "q9"), "present_in"] == "上期"
    assert u.loc[("分组", "新区"), "present_in"] == "本期"
    assert u.loc[("分组变量", "age_band"), "present_in"] == "上期"
    assert len(cmp.unmatched) == 4


def test_an_index_whose_items_changed_is_shown_but_not_tested():
    now = _scores([("level_index", "index:住房", "住房指数", "score", "city", "全市", 70, 0.5, 900)])
    before = _scores([("level_index", "index:住房", "住房指数", "score", "city", "全市", 60, 0.5, 900)])
    w_now = pd.DataFrame({"level": ["住房"] * 3, "item": ["q1", "q2", "q3"], "weight": [1 / 3] * 3})
    w_before = pd.DataFrame({"level": ["住房"] * 2, "item": ["q1", "q2_old"], "weight": [0.5, 0.5]})
    r = compare_waves(now, before, year=2026, year_previous=2025, rename={"q2": "q2_old"},
                      items_now=w_now, items_before=w_before).changes.iloc[0]
    assert not r["comparable"] and not r["significant"] and r["change"] == "not_compared"
    assert "q3" in r["note"] and r["diff"] == 10
    same = compare_waves(now, before, year=2026, year_previous=2025, rename={"q2": "q2_old"},
                         items_now=w_now.iloc[:2], items_before=w_before).changes.iloc[0]
    assert same["comparable"] and same["change"] == "improved"


def test_a_rename_onto_an_existing_earlier_name_is_refused():
    now = _scores([("item", "q5", "甲", "score", "city", "全市", 70, 1, 500)])
    before = _scores([("item", "q4", "甲", "score", "city", "全市", 69, 1, 500),
                      ("item", "q5", "乙", "score", "city", "全市", 69, 1, 500)])
    with pytest.raises(StageError, match="waves.rename"):
        compare_waves(now, before, year=2026, year_previous=2025, rename={"q5": "q4"})


def test_different_scoring_schemes_are_refused():
    now = _scores([("item", "q1", "甲", "score", "city", "全市", 70, 1, 500)])
    before = _scores([("item", "q1", "甲", "score", "city", "全市", 69, 1, 500)], scheme="100/75/50/25/0")
    with pytest.raises(StageError, match="评分方案"):
        compare_waves(now, before, year=2026, year_previous=2025)


# -- the earlier wave is checked when the study loads ----------------------------

def _study_with_previous(tmp_path: Path, previous: str) -> Path:
    study = write_mini_study(tmp_path / "mini")
    study.write_text(study.read_text(encoding="utf-8") + f"waves: {{previous: [{previous}]}}\n", encoding="utf-8")
    return study


def test_the_committed_previous_wave_is_complete():
    wave = load_wave(PREVIOUS / "outputs")
    assert wave.year == 2025 and {"city_diseases", "shortcomings"} <= set(wave.lists)
    assert wave.item_weights is not None and len(wave.scores) > 1000


@pytest.mark.parametrize("case, message", [
    ("missing", "该路径不存在"),
    ("no_manifest", "没有 manifest.json"),
    ("incomplete", "运行未完成"),
    ("edited", "sha256"),
    ("no_scores", "scoring/scores.csv"),
])
def test_a_bad_previous_wave_stops_the_study_at_load(tmp_path, case, message):
    folder = tmp_path / "prev"
    if case != "missing":
        shutil.copytree(PREVIOUS / "outputs", folder)
    manifest = folder / "manifest.json"
    if case == "no_manifest":
        manifest.unlink()
    elif case == "incomplete":
        m = json.loads(manifest.read_text(encoding="utf-8"))
        manifest.write_text(json.dumps({**m, "complete": False}), encoding="utf-8")
    elif case == "edited":
        with open(folder / "scoring/scores.csv", "a", encoding="utf-8") as f:
            f.write("\n")
    elif case == "no_scores":
        (folder / "scoring/scores.csv").unlink()
    with pytest.raises(ConfigError) as err:
        load_study(_study_with_previous(tmp_path, str(folder)))
    text = str(err.value)
    assert message in text and str(folder) in text and "[Error]" in text


# -- the follow-up rule ------------------------------------------------------------

def _now(disease=False, short=False, risk=False, grade="一般", diagnosis="短板"):
    return pd.Series({"is_city_disease": disease, "is_shortcoming": short, "is_risk": risk, "grade": grade,
                      "diagnosis": diagnosis})


@pytest.mark.parametrize("listed, now, score, grade, expected", [
    ("city_diseases", _now(diagnosis="优势", grade="较好"), "none", "up", "resolved"),
    ("city_diseases", _now(disease=True, short=True), "improved", "same", "improved"),
    ("city_diseases", _now(short=True), "none", "same", "unchanged"),  # a move between lists is no evidence
    ("shortcomings", _now(short=True), "none", "up", "improved"),
    ("shortcomings", _now(short=True), "worsened", "same", "worse"),
    ("shortcomings", _now(short=True), "none", "down", "worse"),
    ("shortcomings", _now(short=True), "improved", "down", "unchanged"),  # signals disagree
    ("city_diseases", _now(disease=True, short=True), "none", "same", "unchanged"),
    ("shortcomings", None, "none", "same", "unknown"),
])
def test_followup_status_rule(listed, now, score, grade, expected):
    assert status(listed, now, score, grade) == expected


def test_followup_rows_carry_both_years_evidence():
    lists = {"city_diseases": pd.DataFrame({"area": ["东区"], "indicator_id": ["C10"], "name": ["垃圾分类"],
                                            "item": ["q2_old"], "value": [14.0], "unit": ["个"], "grade": ["一般"],
                                            "score": [55.0]}),
             "shortcomings": pd.DataFrame({"area": ["东区", "西区"], "indicator_id": ["C10", "C05"], "name": ["垃圾分类", "停车"],
                                           "item": ["q2_old", "q1"], "value": [14.0, 300.0], "unit": ["个", "个"],
                                           "grade": ["一般", "较差"], "score": [55.0, 50.0]})}
    diag = pd.DataFrame({"area": ["东区", "西区"], "indicator_id": ["C10", "C05"], "value": [9.0, 320.0],
                         "grade": ["较好", "较差"], "score": [76.0, 45.0], "diagnosis": ["优势", "短板"],
                         "is_city_disease": [False, False], "is_shortcoming": [False, True], "is_risk": [False, False]})
    now = _scores([("item", "q2", "垃圾分类", "score", "district", "东区", 76, 1, 300),
                   ("item", "q1", "停车", "score", "district", "西区", 45, 1, 300)])
    before = _scores([("item", "q2_old", "垃圾分类", "score", "district", "东区", 55, 1, 300),
                      ("item", "q1", "停车", "score", "district", "西区", 50, 1, 300)])
    changes = compare_waves(now, before, year=2026, year_previous=2025, rename={"q2": "q2_old"}).changes
    f = followup(lists, diag, changes, year=2026, year_previous=2025, rename={"q2": "q2_old"},
                 district_var="district").set_index("area")
    assert len(f) == 2 and f.loc["东区", "list_previous"] == "城市病"  # listed once, as the graver list
    assert f.loc["东区", "status"] == "resolved" and f.loc["东区", "item"] == "q2"
    assert f.loc["西区", "status"] == "worse" and f.loc["西区", "score_change"] == "worsened"
    assert "2025年：城市病" in f.loc["东区", "evidence"] and "2026年：优势" in f.loc["东区", "evidence"]
    assert "+21.0" in f.loc["东区", "evidence"]


# -- the demo city's planted changes -------------------------------------------------

@pytest.fixture(scope="module")
def demo_changes(tmp_path_factory):
    """2026 scores (weighting + scoring, districts only for speed) against the committed 2025 wave."""
    from citysurvey.pipeline import validate_study
    from citysurvey.scoring import score_study
    from citysurvey.stage import RunContext
    from citysurvey.weighting.stage import WeightingStage

    cfg, study = validate_study(REPO / "analysis" / "demo_city" / "study.yaml")
    ctx = RunContext(cfg, study, tmp_path_factory.mktemp("out"))
    design = WeightingStage().run(ctx).value
    scfg = cfg.section("scoring").model_copy(update={"groups": [], "charts": False})
    now = score_study(design, study.codebook, scfg)
    wave = load_wave(PREVIOUS / "outputs")
    waves = cfg.section("waves")
    return compare_waves(now.tables["scores"], wave.scores, year=2026, year_previous=2025, rename=waves.rename,
                         alpha=scfg.alpha, p_adjust=scfg.p_adjust, items_now=now.tables["item_weights"],
                         items_before=wave.item_weights)


def test_the_planted_changes_are_found_and_few_false_alarms(demo_changes):
    truth = pd.read_csv(PREVIOUS / "truth_changes.csv")
    c = demo_changes.changes
    items = c[c["kind"] == "item"].rename(columns={"domain": "district"})
    m = items.merge(truth, on=["item", "district"], validate="many_to_one")
    planted = [("q_c05", "全市", 1), ("q_c07", "全市", 1), ("q_u12", "全市", 1), ("q_u05", "全市", -1),
               ("q_c08", "城东区", 1)]
    for item, area, sign in planted:
        for measure in ("score", "satisfied_rate"):
            r = m[(m["item"] == item) & (m["district"] == area) & (m["measure"] == measure)].iloc[0]
            assert r["significant"] and np.sign(r["diff"]) == sign, (item, area, measure)
    assert (m.loc[m["planted"] & (m["measure"] == "score"), "true_score_100_change"].abs() > 1.5).all()
    # unchanged items (truth: exactly no change; q_overall moves by a hair and is left out)
    null = m[~m["planted"] & (m["item"] != "q_overall")]
    assert (null["true_score_100_change"].abs() < 1e-9).all()
    false_alarms = int(null["significant"].sum())
    assert len(null) > 600 and false_alarms <= 3, null[null["significant"]][["item", "district", "measure", "diff"]]
    # every significant change points the way the truth moved
    sig = m[m["significant"] & m["planted"] & (m["measure"] == "score")]
    assert (np.sign(sig["diff"]) == np.sign(sig["true_score_100_change"])).all()
    # the item the 2025 questionnaire did not ask is listed, not dropped
    assert "q_u13" in set(demo_changes.unmatched["name"])
    idx = c[(c["item"] == "index:城区（城市）") & (c["domain"] == "全市")].iloc[0]
    assert not idx["comparable"] and "q_u13" in idx["note"]


def test_regenerating_the_previous_wave_reproduces_the_committed_files(tmp_path):
    from citysurvey.datasets._demo_previous import FILES, write_demo_city_previous

    write_demo_city_previous(tmp_path / "data", tmp_path / "analysis")
    for name in FILES:
        assert (tmp_path / "data" / name).read_bytes() == (PREVIOUS / name).read_bytes(), name
    study = REPO / "analysis" / "demo_city_2025" / "study.yaml"
    assert (tmp_path / "analysis" / "study.yaml").read_bytes() == study.read_bytes()


@pytest.mark.slow
def test_the_committed_previous_outputs_are_what_the_2025_study_gives(tmp_path):
    """`python -m citysurvey.datasets.demo_city_2025 --outputs` reproduces the committed tables byte for byte."""
    from citysurvey.datasets._demo_previous import OUTPUT_TABLES, write_previous_outputs

    write_previous_outputs(dest=tmp_path / "outputs")
    for rel in OUTPUT_TABLES:
        assert (tmp_path / "outputs" / rel).read_bytes() == (PREVIOUS / "outputs" / rel).read_bytes(), rel
    fresh = json.loads((tmp_path / "outputs" / "manifest.json").read_text(encoding="utf-8"))
    committed = json.loads((PREVIOUS / "outputs" / "manifest.json").read_text(encoding="utf-8"))
    assert fresh["outputs"] == committed["outputs"]
