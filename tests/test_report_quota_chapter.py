"""配额完成情况 in 调查概况: facts and tables from the quota status outputs, with and without a plan.

The fixture (tests/fixtures/report_weighting, rebuilt by its make_fixture.py) has
the sampling stage's quota tables for a plan of 120 interviews, 99 achieved.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from citysurvey.report import KernelSession, fmt_pct, load_outputs, render, report_metadata
from citysurvey.report.chapters import quota

FIXTURE = Path(__file__).parent / "fixtures" / "report_weighting"
REPORTS = Path(__file__).resolve().parents[1] / "reports"


def csv(name: str) -> pd.DataFrame:
    return pd.read_csv(FIXTURE / "sampling" / name, encoding="utf-8-sig")


@pytest.fixture(scope="module")
def out():
    return load_outputs(FIXTURE)


def without_plan(tmp_path: Path):
    shutil.copytree(FIXTURE, tmp_path / "out")
    for name in ("quota_districts.csv", "quota_status.csv", "quota_outside.csv"):
        (tmp_path / "out" / "sampling" / name).unlink()
    return load_outputs(tmp_path / "out")


def test_city_facts(out):
    q = quota.quota_facts(out)
    city = csv("quota_districts.csv").set_index("district").loc["全市"]
    cells = csv("quota_status.csv").query("type != 'district'")
    assert q.target == f"{int(city['target']):,}" and q.achieved == f"{int(city['achieved']):,}"
    assert q.fill_rate == fmt_pct(city["fill_rate"])
    assert q.n_cells == str(len(cells)) and q.n_short == str((cells["status"] == "short").sum())
    assert q.n_districts_met == "1" and q.districts_below.startswith("城西区（")
    assert q.hard_margins == "区×性别×年龄段" and q.soft_margins == "户籍"
    first = cells.sort_values("hardest_rank").iloc[0]
    assert q.hardest.startswith(f"{first['district']}“{first['cell']}”（性别×年龄段；")


def test_hardest_cells_follow_the_stage_ranking(out):
    h = quota.hardest_cells(out)
    assert len(h) == quota.HARDEST_N and list(h["hardest_rank"]) == sorted(h["hardest_rank"])
    assert (h["remaining"] > 0).all() and (h["type"] != "district").all()
    mine = quota.hardest_cells(out, "城西区", None)
    assert set(mine["district"]) == {"城西区"} and len(mine) == int(csv("quota_status.csv").query(
        "district == '城西区' and type != 'district'")["hardest_rank"].notna().sum())


def test_tables(out):
    d = quota.district_table(out)
    assert d.splitlines()[0].split("|")[1].strip() == "区" and "82.5%" in d  # the city row: 99 of 120
    city = quota.hardest_table(out).splitlines()
    assert city[0].split("|")[1].strip() == "区" and len(city) == 2 + quota.HARDEST_N
    assert "性别×年龄段：女×60+" in city[2] and "未达下限" in city[2]
    district = quota.hardest_table(out, "南湖区").splitlines()
    assert district[0].split("|")[1].strip() == "配额单元"  # the district is the report's, not a column


def test_city_section_has_prose_and_numbered_tables(out):
    text = quota.quota_section(out)
    assert text.count("::: {#tbl-quota-districts}") == 1 and "[@tbl-quota-districts]" in text
    assert "::: {#tbl-quota-hardest}" in text and "\n: 最难完成的配额单元\n" in text
    assert "未达到的是城西区" in text and "加权环节" in text
    assert "无法归入配额单元" not in text  # the fixture has nobody outside the plan


def test_district_sections(out):
    done = quota.quota_section(out, "城东区")
    assert "城东区配额目标样本量为22份" in done and "该区所有配额单元均已达到目标" in done
    assert "tbl-quota-hardest" not in done
    short = quota.quota_section(out, "城西区")
    assert "::: {#tbl-quota-hardest}" in short and "城西区未完成的配额单元" in short


def test_respondents_outside_the_plan_are_counted(tmp_path):
    shutil.copytree(FIXTURE, tmp_path / "out")
    outside = pd.DataFrame([{"row": 7, "respondent_id": "R006", "district": "城北区", "sex": "男",
                             "age_band": "18-34", "hukou": "本市户籍", "reason_zh": "district「城北区」不在配额方案中",
                             "reason_en": "district '城北区' is not in the plan"}])
    outside.to_csv(tmp_path / "out/sampling/quota_outside.csv", index=False, encoding="utf-8-sig")
    assert "另有1份有效问卷无法归入配额单元" in quota.quota_section(load_outputs(tmp_path / "out"))


def test_no_plan_says_so(tmp_path):
    out = without_plan(tmp_path)
    q = quota.quota_facts(out)
    assert not q.available and q.target == "—"
    assert quota.quota_section(out).strip() == quota.NO_PLAN
    assert quota.quota_section(out, "城东区").strip() == quota.NO_PLAN
    assert "数据缺失" in quota.district_table(out) and "数据缺失" in quota.hardest_table(out)


def test_rendered_reports_show_the_subsection(tmp_path):
    plain = without_plan(tmp_path)
    with KernelSession() as kernel:
        city = render(REPORTS / "city.qmd", {"output_dir": str(FIXTURE)}, tmp_path / "city", ("html",), "builtin",
                      metadata=report_metadata([REPORTS / "city.qmd"], load_outputs(FIXTURE)), session=kernel)
        district = render(REPORTS / "district.qmd", {"output_dir": str(plain.root), "district": "城西区"},
                          tmp_path / "district", ("html",), "builtin",
                          metadata=report_metadata([REPORTS / "district.qmd"], plain, "城西区"), session=kernel)
    html = city.files["html"].read_text(encoding="utf-8")
    assert "配额完成情况" in html and "各区配额完成情况" in html and "最难完成的配额单元" in html
    assert html.index("配额完成情况") > html.index("样本构成")  # a subsection of 调查概况
    assert "@tbl-quota" not in html and "tbl-quota-hardest" in html
    html = district.files["html"].read_text(encoding="utf-8")
    assert "配额完成情况" in html and "本次调查未设定配额方案" in html
