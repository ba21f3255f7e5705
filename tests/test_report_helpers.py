"""Number formatting, tables, reading the outputs and chapter facts (no kernel, fast)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from citysurvey.errors import StageError
from citysurvey.report import (
    fmt_date, fmt_date_range, fmt_int, fmt_num, fmt_pct, fmt_pp, fmt_wan, load_outputs, md_table, report_metadata,
)
from citysurvey.report.chapters import Facts, methods, overview

FIXTURE = Path(__file__).parent / "fixtures" / "report_outputs"
REPORTS = Path(__file__).resolve().parents[1] / "reports"


@pytest.mark.parametrize("func, value, expected", [
    (fmt_int, 1203, "1,203"),
    (fmt_int, 1_234_567.5, "1,234,568"),
    (fmt_pct, 0.12345, "12.3%"),
    (fmt_pct, 0.00049, "0.0%"),
    (fmt_pct, 0.1235, "12.4%"),  # half-up, not banker's rounding
    (fmt_pp, 2.04, "+2.0个百分点"),
    (fmt_pp, -0.04, "0.0个百分点"),  # no "-0.0"
    (fmt_wan, 1_105_000, "110.5万"),
    (fmt_wan, 9_999, "9,999"),
    (fmt_wan, 250_000_000, "2.5亿"),
    (fmt_num, 0.125, "0.1"),
    (fmt_int, float("nan"), "—"),
    (fmt_pct, None, "—"),
])
def test_number_formats(func, value, expected):
    assert func(value) == expected


def test_dates():
    assert fmt_date("2026-07-01") == "2026年7月1日"
    assert fmt_date_range("2026-07-01", "2026-07-31") == "2026年7月1日至7月31日"
    assert fmt_date_range("2025-12-20", "2026-01-10") == "2025年12月20日至2026年1月10日"
    assert fmt_date_range(None, None) == "—"


def test_md_table_aligns_cjk_and_escapes_pipes():
    text = md_table(pd.DataFrame({"区": ["城东区", "a|b"], "n": [392, 7]}))
    lines = text.splitlines()
    # numbers right-aligned; widths count CJK as 2 (城东区 = 6), plus the rule's padding
    from citysurvey.report.tables import RULE_PAD

    assert lines[1] == "|:" + "-" * (6 + RULE_PAD + 1) + "|" + "-" * (3 + RULE_PAD + 1) + ":|"
    assert r"a\|b" in text
    assert text._repr_markdown_() == str(text)


def test_load_outputs_reads_bom_csv_and_manifest():
    out = load_outputs(FIXTURE)
    assert out.study["city"] == "示例市"
    profile = out.table("sampling/sample_profile.csv")
    assert list(profile.columns)[0] == "district"  # the BOM is not part of the first name
    assert out.districts == ["城东区", "城西区", "南湖区"]
    assert out.has("sampling") and not out.has("weighting")


def test_load_outputs_errors_are_bilingual_and_actionable(tmp_path):
    with pytest.raises(StageError, match="manifest.json") as err:
        load_outputs(tmp_path)
    assert "citysurvey run" in str(err.value)
    out = load_outputs(FIXTURE)
    with pytest.raises(StageError, match="城北区"):
        out.check_district("城北区")
    broken = tmp_path / "out"
    shutil.copytree(FIXTURE, broken)
    (broken / "data" / "cleaning_summary.csv").write_text("status,n\nkept,3\n", encoding="utf-8-sig")
    with pytest.raises(StageError, match="reason"):
        load_outputs(broken).table("data/cleaning_summary.csv")


def test_facts_are_computed_from_the_outputs():
    out = load_outputs(FIXTURE)
    manifest = json.loads((FIXTURE / "manifest.json").read_text(encoding="utf-8"))
    s = overview.sample_facts(out)
    assert s.n_valid == fmt_int(manifest["counts"]["n_valid"]) == "1,203"
    assert s.fieldwork == "2026年7月1日至7月31日"
    assert s.drop_rate == "6.5%"  # 83 / 1286
    assert s.largest_gap.startswith("年龄段为“18-34”")
    d = overview.sample_facts(out, "城西区")
    assert d.n_scope == "421" and d.share_of_city == "35.0%"
    assert "家庭月收入" in d.without_population  # no district margins for income in the fixture
    c = overview.cleaning_facts(out)
    assert c.top_drop_reason.startswith("答题用时过短") and c.top_drop_n == "41"
    m = methods.methods_facts(out, "engine X")
    assert m.n_stages == "2" and m.report_engine == "engine X"


def test_a_sample_matching_its_population_reads_as_matching_not_as_a_zero_gap(tmp_path):
    s = overview.sample_facts(load_outputs(FIXTURE))
    assert s.gap_clause.startswith("样本与总体构成偏差最大的是年龄段为“18-34”") and s.gap_clause.endswith("已由加权校正。")
    shutil.copytree(FIXTURE, tmp_path / "out")
    path = tmp_path / "out" / "sampling" / "sample_profile.csv"
    profile = pd.read_csv(path, encoding="utf-8-sig")
    profile["diff_pp"] = profile["diff_pp"].clip(-0.04, 0.04)  # every gap prints as 0.0
    profile.to_csv(path, index=False, encoding="utf-8-sig")
    s = overview.sample_facts(load_outputs(tmp_path / "out"))
    assert "0.0个百分点" not in s.gap_clause + s.gap_sentence
    assert s.gap_clause == "样本各类别构成与总体一致（差异均不足0.1个百分点）。"
    assert s.gap_sentence == "各类别构成与总体一致（差异均不足0.1个百分点）。"


def test_facts_raise_on_typos_but_print_dash_when_outputs_are_missing(tmp_path):
    with pytest.raises(AttributeError, match="n_kep"):
        Facts({"n_kept": "1"}).n_kep
    shutil.copytree(FIXTURE, tmp_path / "out")
    shutil.rmtree(tmp_path / "out" / "sampling")
    out = load_outputs(tmp_path / "out")
    s = overview.sample_facts(out)
    assert s.largest_gap == "—"
    assert "本章数据缺失" in s.notice("调查概况")
    assert "数据缺失" in overview.profile_table(out)


def test_report_metadata_names_the_study_and_flags_missing_chapters(tmp_path):
    out = load_outputs(FIXTURE)
    meta = report_metadata([REPORTS / "city.qmd"], out)
    assert meta["title"] == "示例市2026年城市体检社会满意度调查报告"
    assert meta["missing-sampling"] is False and meta["missing-data"] is False
    shutil.copytree(FIXTURE, tmp_path / "out")
    shutil.rmtree(tmp_path / "out" / "sampling")
    meta = report_metadata([REPORTS / "district.qmd"], load_outputs(tmp_path / "out"), "城东区")
    assert meta["missing-sampling"] is True
    assert meta["subtitle"] == "城东区分报告"
