"""居民意见建议分析: facts, tables, quotes and charts from the text stage's outputs, and the rendered chapter.

The fixture (tests/fixtures/report_text, rebuilt by its make_fixture.py) holds the
text stage's tables for 300 synthetic respondents: 南湖区 raises 内涝积水 far more
than the city, women raise 适老化 far more than men, and the quotes carry
redaction placeholders and Markdown characters.
"""
from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from conftest import render_city_without
from pypdf import PdfReader

from citysurvey.report import fmt_int, fmt_pct, load_outputs, render, report_metadata
from citysurvey.report.chapters import text as chapter

FIXTURE = Path(__file__).parent / "fixtures" / "report_text"
REPORTS = Path(__file__).resolve().parents[1] / "reports"


def _csv(name: str) -> pd.DataFrame:
    return pd.read_csv(FIXTURE / "text" / name, encoding="utf-8-sig", keep_default_na=False, na_values=[""])


@pytest.fixture(scope="module")
def out():
    return load_outputs(FIXTURE)


def test_districts_flagged_only_where_the_intervals_part(out):
    c = chapter.compare_to_city(out)
    s = _csv("topic_shares.csv")
    s = s[(s["base"] == "all") & (s["measure"] == "topic")]
    city = s[s["district"] == "全市"].set_index("topic")
    for _, r in s[s["district"] != "全市"].iterrows():
        flag = c[(c["district"] == r["district"]) & (c["topic"] == r["topic"])]["flag"].iloc[0]
        above = r["ci_low"] > city.at[r["topic"], "ci_high"]
        below = r["ci_high"] < city.at[r["topic"], "ci_low"]
        assert flag == ("高于全市" if above else "低于全市" if below else "")
    assert set(c.loc[c["flag"] == "高于全市", "district"] + c.loc[c["flag"] == "高于全市", "topic"]) == {"南湖区U_FLOOD"}


def test_city_facts_come_from_the_outputs(out):
    f = chapter.facts(out)
    status = _csv("answer_status.csv").set_index(["district", "status"])
    assert f.n_respondents == "300" and f.n_informative == fmt_int(status.at[("全市", "informative"), "n"])
    assert f.share_non_informative == fmt_pct(status.at[("全市", "non_informative"), "share"])
    s = _csv("topic_shares.csv")
    city = s[(s["district"] == "全市") & (s["base"] == "all") & (s["measure"] == "topic")]
    top = city.sort_values("estimate", ascending=False).iloc[0]
    assert f.top_topics.startswith(f"{top['label']}（{fmt_pct(top['estimate'])}，95%置信区间{fmt_pct(top['ci_low'])}～")
    assert f.districts_above.startswith("南湖区的内涝积水/排水防涝（") and f.n_above == "1"
    assert f.n_topics == "5" and f.n_levels == "4" and f.n_heat == "5"
    # floods: the single-district one is pointed out; PII counts name what was redacted
    assert f.flood_text == "有2条意见各被5名及以上受访者重复填写，合计12人，重复最多的一条出现7次，下表列出其中重复最多的2条"
    assert "南湖区" in f.flood_note and "电话3处" in f.pii and "姓名1处" in f.pii
    assert f.weights_text.startswith("未加权") and f.status_compare == "" and f.district_compare == ""
    assert f.group_variables == "性别" and "“女”" in f.group_main and "适老化/加装电梯" in f.group_main


def test_accuracy_is_stated_only_when_the_run_measured_it(out, tmp_path):
    assert not re.search(r"\d", chapter.facts(out).accuracy)  # the fixture's stage recorded no F1
    shutil.copytree(FIXTURE, tmp_path / "out")
    path = tmp_path / "out" / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["stages"][-1]["summary"]["classifier"]["evaluation"] = {"macro_f1": 0.8765}
    path.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    assert "宏平均 F1 为0.88" in chapter.facts(load_outputs(tmp_path / "out")).accuracy


def test_training_names_the_labelled_answers_the_model_learned_from(out, tmp_path):
    assert chapter.facts(out).training == "12,000句按词表和日常说法生成的句子"  # the fixture's model: generated only
    shutil.copytree(FIXTURE, tmp_path / "out")
    path = tmp_path / "out" / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["stages"][-1]["summary"]["classifier"]["labelled_answers"] = 6371
    path.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    assert chapter.facts(load_outputs(tmp_path / "out")).training.endswith("和6,371条人工标注的居民意见")


def test_interval_level_follows_the_stage(out, tmp_path):
    assert chapter.facts(out).ci == "95%置信区间" and "95%置信区间" in chapter.topic_table(out)
    shutil.copytree(FIXTURE, tmp_path / "out")
    path = tmp_path / "out" / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["config"]["stages"]["text"]["ci_level"] = 0.9
    path.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    other = load_outputs(tmp_path / "out")
    assert "90%置信区间" in chapter.facts(other).top_topics and "90%置信区间" in chapter.topic_table(other)


def test_district_facts_and_tables(out):
    f = chapter.facts(out, "南湖区")
    assert f.scope == "南湖区" and f.n_respondents == "100"
    assert f.district_compare.startswith("与全市相比，南湖区居民提及内涝积水/排水防涝（42.0%，全市16.3%）")
    assert f.status_compare.startswith("全市这三项占比分别为")
    assert "其中2条也有南湖区的受访者填写" in f.flood_text and f.flood_note == ""
    table = chapter.topic_table(out, "南湖区").splitlines()
    assert table[0].split("|")[1].strip() == "主题" and "全市" in table[0] and "层级" not in table[0]
    assert "内涝积水/排水防涝" in table[2] and "高于全市" in table[2]
    assert "城区（城市）" in chapter.level_table(out, "南湖区")
    status = chapter.status_table(out, "南湖区").splitlines()
    assert [line.split("|")[1].strip() for line in status[2:]] == ["南湖区", "全市"]


def test_city_tables(out):
    status = chapter.status_table(out).splitlines()
    # districts in the codebook's order (the sample profile's), the city last
    assert [line.split("|")[1].strip() for line in status[2:]] == ["城东区", "城西区", "南湖区", "全市"]
    topics = chapter.topic_table(out).splitlines()
    assert "层级" in topics[0] and "提及人数" in topics[0] and len(topics) == 2 + 5
    keywords = chapter.keyword_table(out).splitlines()
    assert keywords[-1].split("|")[1].strip() == "全市" and "积水、下雨、看海" in keywords[-2]
    groups = chapter.group_table(out)
    assert "性别" in groups and "女（" in groups
    floods = chapter.flood_table(out)
    assert "南湖路一下雨就看海｜淹了三次" in floods  # a resident's | cannot split the table


def test_quotes_are_short_varied_and_literal(out):
    q = chapter.pick_quotes(out)
    assert q.groupby("topic").size().max() <= chapter.QUOTES_PER_TOPIC
    assert not q["quote"].duplicated().any()  # the 适老化 list repeats a 停车 quote: shown once
    flood = q[q["topic"] == "U_FLOOD"]["quote"].tolist()
    assert all(len(x) <= chapter.SHORT_QUOTE for x in flood)  # the long rank-1 quote gives way to short ones
    md = chapter.quotes_markdown(out)
    assert r"雨水口堵了\*急\*" in md and "*急*" not in md.replace(r"\*", "")
    assert r"\#1号楼" in md and "〔电话〕" in md
    assert md.splitlines()[0].startswith("- **内涝积水/排水防涝**（提及率16.3%）")


def test_themes(out, tmp_path):
    md = chapter.themes_markdown(out)
    assert md.startswith("- **新主题1**（6人）：江边、步道、座桥、连通。例：“江边步道能不能修座桥”")
    shutil.copytree(FIXTURE, tmp_path / "out")
    pd.DataFrame(columns=_csv("themes.csv").columns).to_csv(tmp_path / "out/text/themes.csv", index=False)
    assert chapter.themes_markdown(load_outputs(tmp_path / "out")).startswith("这类意见不足30条")


def test_md_escape_keeps_text_literal():
    assert chapter.md_escape("*急* #1 [链接](x)|") == r"\*急\* \#1 \[链接\]\(x\)｜"


def test_charts(out):
    from citysurvey.plotting import use_theme

    use_theme()
    fig = chapter.topic_chart.draw(out, "南湖区")
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == ["住房", "小区（社区）", "街区", "城区（城市）", "全市"]
    heat = chapter.heatmap.draw(out)
    texts = [t.get_text() for t in heat.axes[0].texts]
    assert "42.0▲" in texts and sum("▲" in t for t in texts) == 1
    assert [t.get_text() for t in heat.axes[0].get_xticklabels()] == ["城东区", "城西区", "南湖区", "全市"]


def test_missing_outputs_still_give_something(tmp_path):
    shutil.copytree(FIXTURE, tmp_path / "out")
    shutil.rmtree(tmp_path / "out" / "text")
    out = load_outputs(tmp_path / "out")
    f = chapter.facts(out)
    assert not f.available and f.top_topics == "—" and "本章数据缺失" in f.notice("居民意见建议分析")
    for table in (chapter.status_table(out), chapter.topic_table(out, "南湖区"), chapter.keyword_table(out),
                  chapter.group_table(out), chapter.flood_table(out)):
        assert "数据缺失" in table
    assert chapter.topic_chart(out) is not None and chapter.heatmap(out) is not None
    assert chapter.pick_quotes(out).empty


@pytest.fixture(scope="module")
def city_report(tmp_path_factory):
    """The city report of the fixture, HTML and PDF, by the built-in engine."""
    folder = tmp_path_factory.mktemp("text_report")
    out = load_outputs(FIXTURE)
    meta = report_metadata([REPORTS / "city.qmd"], out)
    assert meta["missing-text"] is False
    result = render(REPORTS / "city.qmd", {"output_dir": str(FIXTURE)}, folder, ("html", "pdf"), "builtin",
                    metadata=meta)
    return result.files


def test_rendered_city_report_has_the_chapter(city_report):
    html = city_report["html"].read_text(encoding="utf-8")
    for title in ("居民意见建议分析", "作答情况", "居民最关心的问题", "各区差异", "群体差异", "关键词",
                  "词表未覆盖的新主题", "代表性意见", "方法说明"):
        assert title in html
    assert "提及率最高的主题" in html and "{python}" not in html and "@tbl-text" not in html and "@fig-text" not in html
    pdf = "".join("".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(city_report["pdf"].read_bytes())).pages)
    f = chapter.facts(load_outputs(FIXTURE))
    assert "居民意见建议分析" in pdf and f"其中{f.n_informative}人写下了有实质内容的意见建议" in pdf
    assert "雨水口堵了*急*" in pdf  # escaped in Markdown, literal on the page
    assert "#ref" not in pdf and "@tbl" not in pdf and "@fig" not in pdf


def test_chapter_drops_out_without_text(tmp_path):
    html = render_city_without(FIXTURE, "text", tmp_path)
    assert "调查概况" in html and "居民意见建议分析" not in html and "数据缺失" not in html
