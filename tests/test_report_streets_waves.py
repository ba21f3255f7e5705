"""The 街道满意度 and 与上期比较 chapters: their tables show the stages' numbers, and say what is absent."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from citysurvey.coverage import GAPS
from citysurvey.diagnosis import DiagnosisConfig
from citysurvey.diagnosis.streets import diagnose_streets
from citysurvey.outputs import write_csv
from citysurvey.report import load_outputs, report_metadata
from citysurvey.report.chapters import streets as sc
from citysurvey.report.chapters import waves as wc
from citysurvey.report.numbers import fmt_num

FIXTURE = Path(__file__).parent / "fixtures" / "report_outputs"
REPORTS = Path(__file__).resolve().parents[1] / "reports"
STREETS = {"甲区": ["一街道", "二街道", "三街道"], "乙区": ["四街道", "五街道"]}


def _street_rows() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    rows = []
    for district, names in STREETS.items():
        for k, area in enumerate(names):
            for item, label, kind, level in (("index:综合", "综合满意度指数", "index", "综合"),
                                             ("index:街区", "街区满意度指数", "index", "街区"),
                                             ("q_b01", "公园绿地", "item", "街区")):
                est = float(rng.uniform(62, 84))
                se = float(rng.uniform(1, 3))
                published = "suppressed" if (area == "五街道" and item == "index:综合") else ("model" if k == 1 else "direct")
                if published == "suppressed":
                    est_p = se_p = np.nan
                else:
                    est_p, se_p = est, se
                rows.append({"area_var": "street", "area": area, "district": district, "district_estimate": 73.0,
                             "item": item, "label": label, "level": level, "kind": kind, "measure": "score",
                             "estimate": est_p, "se": se_p, "ci_low": est_p - 1.96 * se_p, "ci_high": est_p + 1.96 * se_p,
                             "n": 30 + 5 * k, "n_eff": 25.0 + 4 * k, "cv": se / est, "published": published,
                             "published_zh": {"direct": "直接估计", "model": "模型估计", "suppressed": "不发布"}[published],
                             "mse_method": "Prasad–Rao"})
    return pd.DataFrame(rows)


def _changes() -> pd.DataFrame:
    rows = []
    for domain_var, domain in (("city", "全市"), ("district", "甲区"), ("district", "乙区")):
        for kind, item, label, level, diff, sig, comparable in (
                ("composite_index", "index:综合", "综合满意度指数", "综合", 1.26, True, True),
                ("level_index", "index:街区", "街区满意度指数", "街区", -0.3, False, True),
                ("item", "q_b01", "公园绿地", "街区", 4.04, True, True),
                ("item", "q_b02", "道路交通", "城区（城市）", -3.46, True, True),
                ("item", "q_b03", "街道整洁", "街区", 0.2, False, True)):
            change = "none" if not sig else ("improved" if diff > 0 else "worsened")
            rows.append({"kind": kind, "item": item, "item_previous": item, "label": label, "level": level,
                         "measure": "score", "domain_var": domain_var, "domain_var_label": domain_var, "domain": domain,
                         "year_previous": 2025, "estimate_previous": 70.0, "se_previous": 0.5, "n_previous": 900,
                         "year": 2026, "estimate": 70.0 + diff, "se": 0.6, "n": 950, "diff": diff, "diff_se": 0.78,
                         "diff_ci_low": diff - 1.53, "diff_ci_high": diff + 1.53, "z": diff / 0.78, "p_value": 0.01,
                         "p_adjusted": 0.02 if sig else 0.6, "significant": sig, "change": change,
                         "change_zh": {"improved": "显著改善", "worsened": "显著变差", "none": "无显著变化"}[change],
                         "comparable": comparable, "small_n": False, "note": ""})
    return pd.DataFrame(rows)


def _followup() -> pd.DataFrame:
    rows = []
    # one row per area × indicator, as the waves stage writes it (its schema's key)
    for area, indicator, status, zh in (("全市", "B04", "resolved", "已解决"), ("全市", "B05", "worse", "恶化"),
                                        ("甲区", "B04", "improved", "改善"), ("甲区", "B05", "unchanged", "无明显变化"),
                                        ("乙区", "B04", "improved", "改善")):
        rows.append({"area": area, "indicator_id": indicator, "name": f"{area}公园绿地服务半径覆盖率", "list_previous": "短板",
                     "item": "q_b01", "item_label": "公园绿地", "year_previous": 2025, "value_previous": 0.7,
                     "grade_previous": "一般", "score_previous": 66.0, "year": 2026, "value": 0.8, "grade": "较好",
                     "score": 70.1, "diagnosis_now": "正常" if status == "resolved" else "短板", "score_diff": 4.1,
                     "score_diff_ci_low": 1.0, "score_diff_ci_high": 7.2, "score_p_adjusted": 0.01,
                     "score_change": "improved", "grade_change": "up", "status": status, "status_zh": zh,
                     "evidence": "2025年：短板；2026年：…", "unit": "%"})
    return pd.DataFrame(rows)


def make_outputs(root: Path, *, streets: bool = True, waves: bool = True) -> Path:
    shutil.copytree(FIXTURE, root)
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    manifest["variables"] = {"respondent_id": "resp_id", "district": "district", "street": "street" if streets else None}
    manifest["absent"] = ([] if streets else [vars(GAPS["streets"])]) + ([] if waves else [vars(GAPS["waves"])])
    manifest["stages"].append({"name": "smallarea", "status": "done", "summary": {"method_sentence": "用 Fay–Herriot 模型。"}})
    (root / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    if streets:
        st = _street_rows()
        write_csv(st, root / "smallarea" / "street_table.csv")
        cw = pd.DataFrame({"item": ["q_b01"], "item_label": ["公园绿地"], "item_level": ["街区"], "topic": ["B"],
                           "indicator_id": ["B04"], "source": ["codebook"]})
        scores = pd.DataFrame({"item": ["q_b01", "q_b01"], "area": ["甲区", "乙区"], "score": [74.0, 71.0]})
        write_csv(diagnose_streets(st, cw, DiagnosisConfig(), district_scores=scores), root / "diagnosis" / "streets.csv")
    if waves:
        write_csv(_changes(), root / "waves" / "changes.csv")
        write_csv(_followup(), root / "waves" / "followup.csv")
    return root


@pytest.fixture(scope="module")
def full(tmp_path_factory):
    return load_outputs(make_outputs(tmp_path_factory.mktemp("o") / "out"))


@pytest.fixture(scope="module")
def bare(tmp_path_factory):
    return load_outputs(make_outputs(tmp_path_factory.mktemp("o") / "out", streets=False, waves=False))


def rows_of(table: str) -> list[list[str]]:
    lines = [ln for ln in str(table).splitlines()]
    return [[c.strip() for c in ln.strip().strip("|").split("|")] for ln in lines[:1] + lines[2:]]


def test_street_table_ranks_the_published_estimates_with_their_intervals(full):
    st = _street_rows()
    comp = st[st["item"] == "index:综合"].set_index("area")
    rows = rows_of(sc.street_table(full))
    header, body = rows[0], rows[1:]
    assert header[:3] == ["排名", "街道", "所在区"] and "综合满意度指数" in header and "街区满意度指数" in header
    assert [r[1] for r in body][:4] == list(comp["estimate"].dropna().sort_values(ascending=False).index)
    col = header.index("综合满意度指数")
    for r in body:
        s = comp.loc[r[1]]
        if s["published"] == "suppressed":
            assert r[0] == "—" and r[col] == "不发布"  # the suppressed street says so, unranked, last
        else:
            mark = "ᵐ" if s["published"] == "model" else ""
            assert r[col] == f"{fmt_num(s['estimate'])}{mark}（{fmt_num(s['ci_low'])}～{fmt_num(s['ci_high'])}）"
            assert r[header.index("样本量")] == str(int(s["n"]))
    assert body[-1][1] == "五街道"


def test_a_district_report_shows_only_its_streets(full):
    body = rows_of(sc.street_table(full, "乙区"))[1:]
    assert [r[1] for r in body] == ["四街道", "五街道"]
    assert "所在区" not in rows_of(sc.street_table(full, "乙区"))[0]
    f = sc.facts(full, "乙区")
    assert f.n_streets == "2" and f.n_suppressed == "1" and f.suppressed_streets == "五街道"


def test_street_diagnosis_facts_and_table_come_from_the_diagnosis_output(full):
    d = full.table("diagnosis/streets.csv")
    short = d[d["is_shortcoming"]]
    f = sc.facts(full)
    assert f.n_short == str(len(short)) and f.n_diagnosed == str(len(d))
    table = str(sc.diagnosis_table(full))
    for area, score in zip(short["area"], short["score"]):
        assert area in table and fmt_num(score) in table


def test_no_streets_is_said_plainly_and_the_body_is_hidden(bare):
    why = sc.absent_sentence(bare)
    assert why == GAPS["streets"].zh
    assert why in str(sc.street_table(bare)) and why in str(sc.diagnosis_table(bare))
    assert not sc.facts(bare).available
    meta = report_metadata([REPORTS / "city.qmd"], bare)
    assert meta["missing-streets"] is True and meta["missing-waves"] is True


def test_waves_index_and_item_tables_show_the_waves_changes(full):
    c = _changes()
    for district, domain in ((None, "全市"), ("甲区", "甲区")):
        rows = rows_of(wc.item_table(full, district))
        header, body = rows[0], rows[1:]
        assert header == ["题目", "层级", "2025年", "2026年", "变化", "差值标准误", "判断"]
        want = c[(c["domain"] == domain) & (c["kind"] == "item")]
        assert [r[0] for r in body] == list(want["label"])
        got = {r[0]: r[4] for r in body}
        assert got["公园绿地"] == "+4.0*▲" and got["道路交通"] == "-3.5*▼" and got["街道整洁"] == "+0.2"
        idx = rows_of(wc.index_table(full, district))[1:]
        assert [r[0] for r in idx] == ["综合满意度指数", "街区满意度指数"]
        assert idx[0][1:5] == ["70.0", "71.3", "+1.3*▲", "0.8"]
    f = wc.facts(full)
    assert f.n_improved == "1" and f.n_worsened == "1" and f.year_previous == "2025"
    assert "公园绿地（+4.0分）" in f.improved and "道路交通（-3.5分）" in f.worsened


def test_followup_table_is_the_areas_rows_with_their_status_and_evidence(full):
    city = rows_of(wc.followup_table(full))
    assert [r[-1] for r in city[1:]] == ["已解决", "恶化"]  # resolved first, worse last
    assert city[1][2] == "一般，66.0分" and city[1][3] == "较好，70.1分" and city[1][4] == "+4.1（1.0～7.2）"
    dist = rows_of(wc.followup_table(full, "甲区"))[1:]
    assert [r[-1] for r in dist] == ["改善", "无明显变化"]
    f = wc.facts(full)
    assert f.fu_resolved == "1" and f.fu_worse == "1" and f.n_followup == "2"
    assert "甲区2项（改善1项、无明显变化1项）" in f.by_area


def test_no_earlier_wave_is_said_plainly(bare):
    assert wc.absent_sentence(bare) == GAPS["waves"].zh
    for table in (wc.index_table(bare), wc.item_table(bare), wc.followup_table(bare)):
        assert GAPS["waves"].zh in str(table)


def test_a_study_without_streets_or_waves_gets_both_gaps():
    from citysurvey.codebook import load_codebook
    from citysurvey.coverage import study_gaps

    root = Path(__file__).resolve().parents[1]
    demo = load_codebook(root / "data_samples" / "demo_city" / "codebook.yaml")
    assert [g.key for g in study_gaps(demo) if g.key in ("streets", "waves")] == []
    assert [g.key for g in study_gaps(demo, has_previous_wave=False) if g.key in ("streets", "waves")] == ["waves"]
    no_street = demo.model_copy(update={"variables": {k: v for k, v in demo.variables.items() if v.role != "street"}})
    assert "streets" in [g.key for g in study_gaps(no_street)]


def test_city_report_renders_the_street_chapter_and_says_there_is_no_earlier_wave(tmp_path):
    """Rendered (built-in engine, HTML): the street chapter with its table; the waves chapter's heading and why."""
    import html as html_lib

    from citysurvey.report import KernelSession, render

    root = make_outputs(tmp_path / "out", waves=False)
    out = load_outputs(root)
    city = REPORTS / "city.qmd"
    meta = report_metadata([city], out)
    assert meta["missing-streets"] is False and meta["missing-smallarea"] is False and meta["missing-waves"] is True
    with KernelSession() as kernel:
        result = render(city, {"output_dir": str(root)}, tmp_path / "r", ("html",), "builtin", metadata=meta,
                        session=kernel)
    text = html_lib.unescape(re.sub(r"<[^>]+>", "", result.files["html"].read_text(encoding="utf-8")))
    assert "街道满意度" in text and "街道排名" in text and "街道诊断" in text
    top = _street_rows().query("item == 'index:综合'").sort_values("estimate", ascending=False).iloc[0]
    assert f"{top['area']}（{fmt_num(top['estimate'])}）" in text  # the highest street named in the prose
    assert "与上期比较" in text and GAPS["waves"].zh in text
    assert "显著改善" not in text.split("与上期比较")[-1].split("附录")[0]  # the body is hidden


def test_street_briefs_only_when_asked_or_named(full):
    from citysurvey.errors import StageError
    from citysurvey.report.config import ReportConfig
    from citysurvey.report.stage import _jobs

    names = [name for _doc, name, _p in _jobs(REPORTS, ReportConfig(districts="none"), full, None)]
    assert names == ["city_report"]  # off by default
    jobs = _jobs(REPORTS, ReportConfig(districts="none", streets=True), full, None)
    assert [p.get("street") for _d, _n, p in jobs][1:] == [s for names in STREETS.values() for s in names]
    assert all(d.name == "street.qmd" for d, _n, p in jobs if "street" in p)
    assert _jobs(REPORTS, ReportConfig(), full, "street:四街道") == [
        (REPORTS / "street.qmd", "street_report_四街道", {"street": "四街道"})]
    with pytest.raises(StageError, match="一街道"):  # the error lists the known streets
        _jobs(REPORTS, ReportConfig(), full, "street:六街道")


def test_street_brief_numbers_are_the_streets(full):
    st = _street_rows()
    me = st[(st["area"] == "二街道")].set_index("item")
    f = sc.street_facts(full, "二街道")
    comp = me.loc["index:综合"]
    assert f.district == "甲区" and f.n == str(int(comp["n"]))
    assert f.estimate == f"{fmt_num(comp['estimate'])}ᵐ（{fmt_num(comp['ci_low'])}～{fmt_num(comp['ci_high'])}）"
    ranks = st[(st["district"] == "甲区") & (st["item"] == "index:综合")].sort_values("estimate", ascending=False)
    assert f.rank == f"在甲区的3个街道中排第{list(ranks['area']).index('二街道') + 1}位"
    idx = rows_of(sc.street_index_table(full, "二街道"))
    assert [r[0] for r in idx[1:]] == ["综合满意度指数", "街区满意度指数"]
    assert sc.street_facts(full, "五街道").rank == "精度不足，不参与排名"
