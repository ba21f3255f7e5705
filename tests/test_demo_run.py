"""The main job on the demo city: what `make demo` runs, checked end to end."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from citysurvey.config import load_study
from citysurvey.outputs import read_csv
from citysurvey.pipeline import run_study, validate_study

from conftest import REPO

DEMO_STUDY = REPO / "analysis" / "demo_city" / "study.yaml"


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    cfg = load_study(DEMO_STUDY)
    out = tmp_path_factory.mktemp("demo") / "demo_city"
    cfg = cfg.model_copy(update={"output": cfg.output.model_copy(update={"dir": out})})
    return run_study(cfg)


def test_cleaning_finds_exactly_the_planted_issues():
    _cfg, data = validate_study(DEMO_STUDY)
    planted = pd.read_csv(REPO / "data_samples/demo_city/planted_issues.csv")
    log = data.log.rows.set_index("respondent_id")
    expected_status = {"district_alias": "changed", "fullwidth_digit": "changed", "speeder": "dropped",
                       "duplicate_device": "dropped", "straightliner": "dropped", "under_age": "dropped"}
    got = planted.assign(status=planted["resp_id"].map(log["status"]))
    assert (got["status"] == got["issue"].map(expected_status)).all()
    # nothing else was dropped or changed
    per_respondent = got.drop_duplicates("resp_id")["status"]
    assert data.log.count("dropped") == (per_respondent == "dropped").sum()
    assert data.log.count("changed") == (per_respondent == "changed").sum()


def test_demo_outputs(demo_run):
    out = demo_run.output_dir
    summary = read_csv(out / "data/cleaning_summary.csv")
    assert summary.loc[summary["status"] == "total", "n"].item() == demo_run.study.log.n_input
    quota = read_csv(out / "sampling/quota_districts.csv")
    assert set(quota["district"]) >= set(demo_run.study.codebook.categories("district"))
    # dropped interviews do not count towards quotas
    assert quota.loc[quota["district"] == "全市", "achieved"].item() <= demo_run.study.n


def test_demo_reports_render_with_the_builtin_engine(demo_run):
    """The reports CI renders: a CJK font embedded, the chapters and the computed sample size in the
    text, and an HTML that asks for nothing from the network."""
    from pypdf import PdfReader

    report = demo_run.output_dir / "report"
    pdf = PdfReader(report / "city_report.pdf")
    fonts = set()
    for page in pdf.pages:
        for f in (page.get("/Resources") or {}).get("/Font", {}).values():
            obj = f.get_object()
            fonts.add(str(obj.get("/BaseFont")))
            for d in obj.get("/DescendantFonts") or []:
                fonts.add(str(d.get_object().get("/BaseFont")))
    assert any("CJK" in f for f in fonts), fonts
    text = "".join(p.extract_text() for p in pdf.pages).replace(" ", "").replace("\n", "")
    for title in ["摘要", "调查概况", "满意度评价", "方法说明"]:
        assert title in text, title
    assert f"有效样本{demo_run.study.n:,}份" in text
    render = json.loads((report / "city_report.render.json").read_text(encoding="utf-8"))
    assert render["engine"] in ("builtin", "quarto")
    html = (report / "city_report.html").read_text(encoding="utf-8")
    assert "http://" not in html and "https://" not in html
    assert f"{demo_run.study.n:,}" in html
    districts = demo_run.study.codebook.categories("district")
    for d in districts:
        assert (report / f"district_report_{d}.pdf").exists() and (report / f"district_report_{d}.html").exists()


def test_demo_manifest_accounts_for_inputs_and_outputs(demo_run):
    manifest = json.loads((demo_run.output_dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["complete"] and manifest["counts"]["n_valid"] == demo_run.study.n
    roles = {i["role"] for i in manifest["inputs"]}
    assert {"responses", "codebook", "margins", "indicators"} <= roles
    listed = {o["path"] for o in manifest["outputs"]}
    assert "report/city_report.pdf" in listed and "scoring/scores.csv" in listed


def test_no_personal_data_leaves_the_restricted_folder(demo_run):
    """Phone and ID numbers planted in the demo suggestions appear only in data/ (restricted)."""
    import re

    import openpyxl

    from pypdf import PdfReader

    pattern = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)|(?<!\d)\d{17}[\dXx](?!\d)|\d{3,4}-\d{7,8}")
    raw = (demo_run.output_dir / "data" / "validated_responses.csv").read_text(encoding="utf-8-sig")
    assert pattern.search(raw), "the demo should contain personal data for this test to mean anything"
    leaks = []
    for path in demo_run.output_dir.rglob("*"):
        rel = path.relative_to(demo_run.output_dir).as_posix()
        if not path.is_file() or rel.startswith("data/"):
            continue
        if path.suffix in (".csv", ".html", ".json"):
            text = re.sub(r"[0-9a-f]{64}", "", path.read_text(encoding="utf-8-sig"))  # sha256s are not numbers
        elif path.suffix == ".xlsx":  # text cells only: numbers are not personal data
            wb = openpyxl.load_workbook(path, read_only=True)
            text = "\n".join(v for ws in wb.worksheets for row in ws.iter_rows(values_only=True)
                             for v in row if isinstance(v, str))
        elif path.suffix == ".pdf":
            text = "".join(p.extract_text() for p in PdfReader(path).pages)
        else:
            continue
        if pattern.search(text):
            leaks.append((rel, pattern.search(text).group()))
    assert not leaks, leaks


def test_demo_compares_with_its_2025_wave(demo_run):
    """The demo names its committed 2025 outputs as its previous wave: the 2025 城市病 are followed up."""
    out = demo_run.output_dir / "waves"
    f = read_csv(out / "followup.csv").set_index(["area", "indicator_id"])
    assert f.loc[("城东区", "C10"), "status"] == "resolved"  # planted: waste sorting fixed by 2026
    for key in [("南湖区", "U22"), ("北山区", "C05"), ("城东区", "H07")]:  # the planted 城市病 persist
        assert f.loc[key, "list_previous"] == "城市病" and f.loc[key, "diagnosis_now"] == "城市病", key
        assert f.loc[key, "status"] != "resolved"
    for chart in ("change_slope", "index_trend", "district_change"):
        assert (out / "charts" / f"{chart}.png").stat().st_size > 10_000
