"""The scoring stage on the demo city: recovers the known truth and flags the districts built to differ."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from citysurvey.scoring import ITEM_DISTRICT_COLUMNS, SCORE_COLUMNS, ScoringConfig, ScoringStage, score_study
from citysurvey.stage import RunContext, file_bytes

ROOT = Path(__file__).resolve().parents[1]
STUDY = ROOT / "analysis" / "demo_city" / "study.yaml"
DEMO = ROOT / "data_samples" / "demo_city"
pytestmark = pytest.mark.skipif(not STUDY.exists(), reason="demo city not generated")

MIN_COVERAGE = 0.85  # 95% intervals: expect ~95% of items to cover the truth; allow sampling noise


@pytest.fixture(scope="module")
def ctx(tmp_path_factory):
    from citysurvey.pipeline import validate_study
    from citysurvey.weighting.stage import WeightingStage

    cfg, study = validate_study(STUDY)
    ctx = RunContext(cfg, study, tmp_path_factory.mktemp("out"))
    ctx.results["weighting"] = WeightingStage().run(ctx)
    return ctx


@pytest.fixture(scope="module")
def result(ctx):
    return ScoringStage().run(ctx)


@pytest.fixture(scope="module")
def truth():
    return pd.read_csv(DEMO / "truth_items.csv")


def _coverage(table: pd.DataFrame, truth: pd.DataFrame, true_col: str, lo: str, hi: str) -> pd.Series:
    m = table.merge(truth, on=["item", "district"], validate="one_to_one")
    return (m[true_col] >= m[lo]) & (m[true_col] <= m[hi])


def test_stage_contract(ctx, result):
    assert ScoringStage.name == "scoring" and ScoringStage.title_zh == "满意度评价"
    assert ScoringStage().enabled(ctx.config)
    assert result.name == "scoring" and result.summary["weighted"] is True
    assert set(result.sheet_names) == set(result.tables)
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in name) for name in result.sheet_names.values())
    assert list(result.tables["scores"].columns) == SCORE_COLUMNS
    t = result.tables["item_district"]
    assert list(t.columns) == ITEM_DISTRICT_COLUMNS
    districts = ctx.study.codebook.categories("district")
    items = ctx.study.codebook.items
    assert len(t) == len(items) * (1 + len(districts))
    assert t["district"].iloc[: 1 + len(districts)].tolist() == ["全市", *districts]
    assert (t["scheme"] == "100/80/60/40/20").all()
    for name in ("item_scores", "district_heatmap", "district_indices", "groups", "ipa"):
        assert file_bytes(result.files[f"charts/{name}.png"])[:8] == b"\x89PNG\r\n\x1a\n"


def test_two_cores_give_the_same_tables(ctx, result):
    """Blocks on two threads: every table equal to the one-core run's, value for value and in the same order."""
    from dataclasses import replace

    two = ScoringStage().run(replace(ctx, cores=2))
    assert list(two.tables) == list(result.tables)
    for name, table in result.tables.items():
        pd.testing.assert_frame_equal(two.tables[name], table, check_exact=True, obj=name)
    assert two.summary == result.summary


def test_every_figure_has_an_interval_for_city_districts_and_groups(result):
    s = result.tables["scores"]
    assert {"city", "district", "age_band", "hukou", "income_band", "tenure"} <= set(s["domain_var"])
    assert s[["estimate", "se", "ci_low", "ci_high"]].notna().all().all()
    assert ((s["ci_low"] <= s["estimate"]) & (s["estimate"] <= s["ci_high"])).all()
    assert set(s["kind"]) == {"item", "level_index", "composite_index"}


def test_city_item_scores_recover_the_truth(result, truth):
    t = result.tables["item_district"]
    city = t[t["district"] == "全市"]
    for true_col, lo, hi in [("true_score_100", "score_ci_low", "score_ci_high"),
                             ("true_satisfied_rate", "satisfied_ci_low", "satisfied_ci_high"),
                             ("true_dissatisfied_rate", "dissatisfied_ci_low", "dissatisfied_ci_high")]:
        assert _coverage(city, truth, true_col, lo, hi).mean() >= MIN_COVERAGE, true_col
    assert _coverage(t[t["district"] != "全市"], truth, "true_score_100", "score_ci_low", "score_ci_high").mean() >= MIN_COVERAGE
    m = city.merge(truth, on=["item", "district"])
    assert (m["score"] - m["true_score_100"]).abs().max() < 3


def test_linear_scheme_and_importance_weights(ctx, truth):
    cfg = ScoringConfig(scheme="linear", item_weights="importance", groups=[], charts=False)
    res = score_study(ctx.results["weighting"].value, ctx.study.codebook, cfg)
    t = res.tables["item_district"]
    assert (t["scheme"] == "100/75/50/25/0").all()
    assert _coverage(t[t["district"] == "全市"], truth, "true_score_linear", "score_ci_low", "score_ci_high").mean() >= MIN_COVERAGE
    # item weights ∝ relative weights within each level
    w = res.tables["item_weights"].query("source == 'importance'").set_index("item")
    rw = res.tables["drivers"].query("model == 'items'").set_index("predictor")["relative_weight"]
    for level, g in w.groupby("level"):
        np.testing.assert_allclose(g["weight"], rw[g.index] / rw[g.index].sum())
    assert "相对权重" in res.tables["method"].set_index("aspect").loc["题目权重", "rule"]


def test_districts_built_to_differ_are_flagged(result):
    t = result.tables["item_district"].set_index(["item", "district"])
    scenarios = yaml.safe_load((DEMO / "scenarios.yaml").read_text(encoding="utf-8"))["scenarios"]
    for s in scenarios:
        row = t.loc[(s["item"], s["district"])]
        expected = "高于全市" if s["true_score_100"] > s["city_score_100"] else "低于全市"
        assert row["score_flag"] == expected, s["id"]
        assert row["score_p"] < 0.05
    # the same items elsewhere are mostly unflagged: flags are not handed out everywhere
    share = (result.tables["item_district"].query("district != '全市'")["score_flag"] != "").mean()
    assert share < 0.5


def test_awareness_rates(result, truth):
    a = result.tables["awareness"]
    city = a[(a["domain_var"] == "city") & (a["answer"] == "不了解/不适用")].rename(columns={"domain": "district"})
    m = city.merge(truth, on=["item", "district"])
    assert (m["estimate"] - m["true_special_rate"]).abs().max() < 0.03
    counts = result.tables["answer_counts"]
    assert (counts["n_valid"] + counts["n_special"] + counts["n_not_answered"] + counts["n_out_of_range"]
            == counts["n_respondents"]).all()


def test_reliability_drivers_and_ipa(result):
    r = result.tables["reliability"]
    assert set(r["level"]) == {"住房", "小区（社区）", "街区", "城区（城市）"}
    assert r["alpha"].between(0.6, 0.99).all()
    d = result.tables["drivers"]
    items = d[d["model"] == "items"]
    assert items["relative_weight"].sum() == pytest.approx(items["r2"].iloc[0], rel=1e-6)
    levels = d[d["model"] == "levels"]
    assert levels["lmg"].sum() == pytest.approx(levels["r2"].iloc[0], rel=1e-6)
    ipa = result.tables["ipa"]
    assert set(ipa["quadrant"]) <= {"优势保持区", "优先改进区", "次要改进区", "继续保持区"}
    city = ipa[ipa["domain_var"] == "city"]
    assert len(city) == len(items)
    hi_imp = city["importance"] >= city["importance_cut"]
    lo_perf = city["performance"] < city["performance_cut"]
    assert (city.loc[hi_imp & lo_perf, "quadrant"] == "优先改进区").all()


def test_report_chapter_reads_the_outputs(result, tmp_path):
    from citysurvey.outputs import write_csv
    from citysurvey.report import load_outputs
    from citysurvey.report.chapters import satisfaction as chapter

    folder = tmp_path / "scoring"
    folder.mkdir()
    for name, table in result.tables.items():
        write_csv(table, folder / f"{name}.csv")
    (tmp_path / "manifest.json").write_text(json.dumps({"study": {}, "counts": {}, "stages": [], "inputs": []}))
    out = load_outputs(tmp_path)
    f = chapter.facts(out)
    assert f.available and f.scheme == "100/80/60/40/20"
    city = result.tables["scores"].query("item == 'index:综合' and domain_var == 'city'").iloc[0]
    assert f.composite == f"{city['estimate']:.1f}"
    assert "新城区" in f.districts_below and "江口区" in f.districts_above
    for fact in ("lowest_items", "top_drivers", "priority_items", "group_differences", "min_rule"):
        assert f[fact] not in ("", "—"), fact
    for table in (chapter.level_table(out), chapter.item_table(out), chapter.district_table(out),
                  chapter.driver_table(out), chapter.reliability_table(out), chapter.level_table(out, "北山区")):
        assert table.count("\n") > 3
    fig = chapter.ipa_chart.draw(out)
    assert len(fig.axes) == 1
    missing = chapter.facts(load_outputs(_empty(tmp_path)))
    assert not missing.available and missing.composite == "—"


def _empty(tmp_path: Path) -> Path:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "manifest.json").write_text(json.dumps({"study": {}, "counts": {}, "stages": [], "inputs": []}))
    return empty


def test_unweighted_run_still_works_and_says_so(ctx):
    from dataclasses import replace

    bare = replace(ctx, results={})
    cfg = ctx.config.model_copy(update={"stages": {**ctx.config.stages,
                                                   "scoring": ScoringConfig(groups=[], charts=False)}})
    res = ScoringStage().run(replace(bare, config=cfg))
    assert res.summary["weighted"] is False
    assert "未加权" in res.tables["method"].set_index("aspect").loc["加权", "rule"]
    assert np.isfinite(res.tables["item_district"]["score_se"]).all()
