"""`citysurvey quota design|status|size` end to end."""
from __future__ import annotations

import textwrap

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from citysurvey.sampling.cli import quota_app
from citysurvey.sampling.example import liuzhou_margins

runner = CliRunner()


@pytest.fixture
def margins_csv(tmp_path):
    path = tmp_path / "margins.csv"
    liuzhou_margins().to_csv(path, index=False, encoding="utf-8-sig")
    return path


def test_design_writes_csv_and_xlsx(margins_csv, tmp_path):
    out = tmp_path / "plan" / "quota_plan.csv"
    res = runner.invoke(quota_app, ["design", str(margins_csv), "-n", "2000", "--floor", "300", "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "Kish deff = 1.0280" in res.output
    plan = pd.read_csv(out, encoding="utf-8-sig")
    assert plan.loc[plan["type"] == "district", "target"].tolist() == [300, 500, 465, 373, 362]
    wb = openpyxl.load_workbook(out.with_suffix(".xlsx"))
    assert wb.sheetnames[:2] == ["汇总", "设计代价"] and wb.sheetnames[-1] == "方法说明"


def test_design_reports_infeasible_floor(margins_csv, tmp_path):
    res = runner.invoke(quota_app, ["design", str(margins_csv), "-n", "1000", "--floor", "300",
                                    "-o", str(tmp_path / "p.csv")])
    assert res.exit_code == 2
    assert "5 districts × 300 = 1,500, more than the total 1,000" in res.output
    assert not (tmp_path / "p.csv").exists()


def test_design_with_codebook_and_power(margins_csv, tmp_path):
    codebook = tmp_path / "codebook.yaml"
    codebook.write_text(textwrap.dedent("""\
        respondent_id: rid
        variables:
          rid: {type: id}
          district: {type: categorical, role: district, categories: [城中区, 鱼峰区, 柳南区, 柳北区, 柳江区]}
          sex: {type: categorical, categories: [男, 女]}
          age_band: {type: categorical, categories: [18-34岁, 35-59岁, 60岁及以上]}
          hukou: {type: categorical, categories: [本市户籍, 非本市户籍]}
          income_band: {type: categorical, categories: [5000元以下, 5000-9999元, 10000-14999元, 15000-24999元, 25000元及以上]}
        """), encoding="utf-8")
    res = runner.invoke(quota_app, ["design", str(margins_csv), "-n", "1500", "--method", "power",
                                    "--codebook", str(codebook), "--marginal", "hukou", "-o", str(tmp_path / "p.csv")])
    assert res.exit_code == 0, res.output
    plan = pd.read_csv(tmp_path / "p.csv", encoding="utf-8-sig")
    assert set(plan["margin"]) == {"district", "district×sex×age_band", "district×hukou"}


def test_status_from_sav_with_codes(margins_csv, tmp_path):
    pyreadstat = pytest.importorskip("pyreadstat")
    plan_csv = tmp_path / "quota_plan.csv"
    assert runner.invoke(quota_app, ["design", str(margins_csv), "-n", "2000", "--floor", "300",
                                     "-o", str(plan_csv)]).exit_code == 0
    codebook = tmp_path / "codebook.yaml"
    codebook.write_text(textwrap.dedent("""\
        respondent_id: rid
        variables:
          rid: {type: id}
          district: {type: categorical, role: district, categories: [城中区, 鱼峰区, 柳南区, 柳北区, 柳江区],
                     codes: {1: 城中区, 2: 鱼峰区, 3: 柳南区, 4: 柳北区, 5: 柳江区}}
          sex: {type: categorical, categories: [男, 女], codes: {1: 男, 2: 女}}
        """), encoding="utf-8")
    data = pd.DataFrame({
        "rid": ["A", "B", "C"], "district": [1.0, 1.0, 9.0], "sex": [1.0, 2.0, 1.0],
        "age_band": ["18-34岁", "60岁及以上", "18-34岁"], "hukou": ["本市户籍"] * 3, "income_band": ["5000元以下"] * 3,
    })
    sav = tmp_path / "responses.sav"
    pyreadstat.write_sav(data, str(sav))
    out = tmp_path / "status.xlsx"
    res = runner.invoke(quota_app, ["status", str(plan_csv), str(sav), "--codebook", str(codebook), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "district「9」不在配额方案中" in res.output
    every = pd.read_excel(out, sheet_name="全部单元")
    row = every[(every["区"] == "城中区") & (every["单元"] == "女×60岁及以上")].iloc[0]
    assert row["已完成"] == 1


def test_status_missing_plan_file(tmp_path):
    res = runner.invoke(quota_app, ["status", str(tmp_path / "nope.csv"), str(tmp_path / "r.csv")])
    assert res.exit_code == 2
    assert "does not exist" in res.output or "not found" in res.output


def test_size_command():
    res = runner.invoke(quota_app, ["size", "--margin", "0.05", "--deff", "1"])
    assert res.exit_code == 0
    assert res.output.splitlines()[0] == "385"


@pytest.mark.parametrize("command", ["design", "status", "size"])
def test_help_has_examples(command):
    res = runner.invoke(quota_app, [command, "--help"])
    assert res.exit_code == 0
    assert "Examples" in res.output and "citysurvey quota" in res.output


def test_demo_city_plan_is_up_to_date(tmp_path, monkeypatch):
    """data_samples/demo_city/quota_plan.* are what the README command writes today."""
    from pathlib import Path

    repo = Path(__file__).resolve().parents[1]
    demo = repo / "data_samples" / "demo_city"
    if not (demo / "quota_plan.csv").exists():
        pytest.skip("demo city not generated")
    monkeypatch.chdir(repo)
    out = tmp_path / "quota_plan.csv"
    res = runner.invoke(quota_app, ["design", "data_samples/demo_city/population_margins.csv", "--total", "2000",
                                    "--floor", "300", "--codebook", "data_samples/demo_city/codebook.yaml",
                                    "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert out.read_bytes() == (demo / "quota_plan.csv").read_bytes()
    assert out.with_suffix(".xlsx").read_bytes() == (demo / "quota_plan.xlsx").read_bytes()


def test_design_names_a_district_left_without_interviews(margins_csv, tmp_path):
    res = runner.invoke(quota_app, ["design", str(margins_csv), "-n", "4", "-o", str(tmp_path / "plan.csv")])
    assert res.exit_code != 0
    assert "城中区" in res.output and "--floor" in res.output
    assert "inf" not in res.output
    assert not (tmp_path / "plan.csv").exists()
