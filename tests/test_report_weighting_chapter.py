"""加权与估计方法: facts, tables and chart from the weighting outputs, and the rendered chapter.

The fixture (tests/fixtures/report_weighting, rebuilt by its make_fixture.py) was
written by the real weighting stage: 99 respondents, one collapsed cell, trimmed
and re-raked weights.
"""
from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from conftest import render_city_without
from pypdf import PdfReader

from citysurvey.report import fmt_num, fmt_pct, load_outputs, render, report_metadata
from citysurvey.report.chapters import weighting

FIXTURE = Path(__file__).parent / "fixtures" / "report_weighting"
REPORTS = Path(__file__).resolve().parents[1] / "reports"


@pytest.fixture(scope="module")
def out():
    return load_outputs(FIXTURE)


def test_margin_shares_before_and_after(out):
    s = weighting.margin_shares(out)
    assert list(dict.fromkeys(s["variable"])) == ["district", "sex", "age_band", "hukou"]
    for _, part in s.groupby("variable"):
        for col in ("share_sample", "share_weighted", "share_population"):
            assert part[col].sum() == pytest.approx(1.0)
    # raking hits every margin: weighted shares are the population's, sample shares are not
    assert np.allclose(s["share_weighted"], s["share_population"], atol=1e-8)
    assert s["diff_before_pp"].abs().max() > 10
    margins = pd.read_csv(FIXTURE / "weighting/margins.csv", encoding="utf-8-sig")
    hukou = margins[margins["margin"] == "hukou"].set_index("cell")
    row = s[(s["variable"] == "hukou") & (s["category"] == "本市户籍")].iloc[0]
    assert row["n_sample"] == hukou.at["本市户籍", "n_sample"]
    assert row["share_population"] == pytest.approx(hukou.at["本市户籍", "target_share"])
    # the collapsed cell keeps its merged label, after the categories it overlaps
    ages = list(s.loc[s["variable"] == "age_band", "category"])
    assert ages == ["18-34", "35-59", "60+", "35-59 + 60+（合并格）"]


def test_margin_shares_within_a_district(out):
    s = weighting.margin_shares(out, "城西区")
    # the district itself is not a row, and hukou (a city-level margin) cannot be split by district
    assert list(dict.fromkeys(s["variable"])) == ["sex", "age_band"]
    margins = pd.read_csv(FIXTURE / "weighting/margins.csv", encoding="utf-8-sig")
    mine = margins[margins["cell"].str.startswith("城西区×")]
    assert s.loc[s["variable"] == "sex", "n_sample"].sum() == mine["n_sample"].sum()


def test_facts_come_from_the_outputs(out):
    w = weighting.weighting_facts(out)
    summary = json.loads((FIXTURE / "manifest.json").read_text(encoding="utf-8"))["stages"][-1]["summary"]
    diag = pd.read_csv(FIXTURE / "weighting/diagnostics.csv", encoding="utf-8-sig").set_index("district")
    city = diag.loc["全部 / all"]
    assert w.method == "迭代比例拟合（raking）"
    assert w.margins == "区×性别×年龄段、户籍"
    assert w.deff == fmt_num(city["deff_kish"], 2) and w.n_eff == f"{round(city['n_eff'])}"
    assert w.n_eff_share == fmt_pct(city["n_eff"] / city["n"])
    assert w.n == str(summary["n"]) and w.steps == "建立抽样设计 → 迭代比例拟合 → 截尾"
    assert f"截尾前有{summary['trimmed']}个权数超出界限" in w.trim and "重新校准" in w.trim
    assert summary["collapsed_cells"][0] in w.collapsed and w.n_collapsed == "1"
    assert w.converged == "达到" and w.tol == "0.000001%"
    assert w.deff_max == f"南湖区（{fmt_num(diag.at['南湖区', 'deff_kish'], 2)}）"
    assert w.merged_note and w.city_only == "" and w.compare == ""
    assert w.design == "以区为层（3层）、以受访者为初级抽样单元"
    assert w.item_deff == ""  # the fixture has no estimation outputs


def test_district_facts(out):
    w = weighting.weighting_facts(out, "南湖区")
    weights = pd.read_csv(FIXTURE / "weighting/weights.csv", encoding="utf-8-sig")
    mine = weights.loc[weights["district"] == "南湖区", "weight"]
    assert w.scope == "南湖区" and w.n_scope == str(len(mine))
    assert w.w_mean == f"{round(mine.mean()):,}" and w.w_max == f"{round(mine.max()):,}"
    assert w.city_only == "户籍只在全市层面控制，不能分区比较，本表从略。"
    assert w.compare.startswith("全市的设计效应为")


@pytest.mark.parametrize("share, text", [
    (3.28e-9, "0.0000003%"), (1e-8, "0.000001%"), (0.0, "0%"), (0.00123, "0.12%"), (float("nan"), "—"),
])
def test_tiny_shares_print_without_exponents(share, text):
    assert weighting.fmt_tiny_pct(share) == text


def test_tables(out):
    settings = weighting.settings_table(out)
    assert "区×性别×年龄段（17格）；户籍（2格）" in settings and "最大相对误差" in settings
    deff = weighting.deff_table(out).splitlines()
    # districts in the codebook's order (the sample profile's), the city last as the total
    assert [line.split("|")[1].strip() for line in deff[2:]] == ["城东区", "城西区", "南湖区", "全市"]
    margins = weighting.margins_table(out, "城东区")
    assert "性别" in margins and "户籍" not in margins


def test_table_rule_pads_every_column_and_caps_long_text():
    from citysurvey.report.tables import RULE_CAP, RULE_PAD

    long = "很长的说明文字" * 10
    table = weighting.md_table(pd.DataFrame({"区": ["甲"], "n": ["1"], "说明": [long]}), align="lrl", wide=(1,))
    rule = table.splitlines()[1].strip("|").split("|")
    assert rule[0] == ":" + "-" * (3 + RULE_PAD + 1)  # content width 3 (the minimum), padded
    assert rule[1] == "-" * (3 + 2 * RULE_PAD + 1) + ":"  # a `wide` column gets twice the padding
    assert rule[2] == ":" + "-" * (RULE_CAP + RULE_PAD + 1)  # long text capped, so short columns keep room
    assert long in table.splitlines()[2]  # the content itself is never cut


def test_chart_marks_median_and_mean(out):
    from citysurvey.plotting import use_theme

    use_theme()
    fig = weighting.weights_chart.draw(out, "城西区")
    labels = fig.axes[0].get_legend_handles_labels()[1]
    weights = pd.read_csv(FIXTURE / "weighting/weights.csv", encoding="utf-8-sig")
    mine = weights.loc[weights["district"] == "城西区", "weight"]
    assert f"城西区（{len(mine)}份）" in labels
    assert f"城西区中位数 {round(mine.median()):,}" in labels


def test_missing_outputs_still_give_something(tmp_path):
    shutil.copytree(FIXTURE, tmp_path / "out")
    shutil.rmtree(tmp_path / "out" / "weighting")
    out = load_outputs(tmp_path / "out")
    w = weighting.weighting_facts(out)
    assert not w.available and w.deff == "—" and "本章数据缺失" in w.notice("加权与估计方法")
    assert "数据缺失" in weighting.margins_table(out) and "数据缺失" in weighting.deff_table(out)
    assert weighting.weights_chart(out) is not None


@pytest.fixture(scope="module")
def city_report(tmp_path_factory):
    """The city report of the fixture, HTML and PDF, by the built-in engine."""
    folder = tmp_path_factory.mktemp("weighting_report")
    out = load_outputs(FIXTURE)
    meta = report_metadata([REPORTS / "city.qmd"], out)
    result = render(REPORTS / "city.qmd", {"output_dir": str(FIXTURE)}, folder, ("html", "pdf"), "builtin",
                    metadata=meta)
    return result.files


def test_rendered_city_report_has_the_chapter(city_report):
    html = city_report["html"].read_text(encoding="utf-8")
    for title in ("加权与估计方法", "权数的构建", "加权前后的样本构成", "设计效应与有效样本量", "权数分布", "估计方法"):
        assert title in html
    assert "加权设置与收敛情况" in html and "@tbl-weighting" not in html and "{python}" not in html
    pdf = "".join("".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(city_report["pdf"].read_bytes())).pages)
    w = weighting.weighting_facts(load_outputs(FIXTURE))
    assert "加权与估计方法" in pdf and f"设计效应为{w.deff}" in pdf
    assert "#ref" not in pdf and "@tbl" not in pdf and "@fig" not in pdf


def test_chapter_drops_out_without_weighting(tmp_path):
    html = render_city_without(FIXTURE, "weighting", tmp_path)
    assert "调查概况" in html and "加权与估计方法" not in html and "数据缺失" not in html
