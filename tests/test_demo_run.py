"""The main job on the demo city: what `make demo` runs, checked end to end."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from citysurvey.config import load_study
from citysurvey.outputs import read_csv
from citysurvey.pipeline import run_study, validate_study

from conftest import REPO, near_empty_pages

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


def test_demo_city_report_keeps_detail_in_an_appendix_and_wide_tables_on_landscape_pages(demo_run):
    """The body ends before 附录一; the long per-item, per-group and method tables are in the
    appendix; the indicator tables by district sit on landscape pages, in the PDF and in Word."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from pypdf import PdfReader

    report = demo_run.output_dir / "report"
    pages = PdfReader(report / "city_report.pdf").pages
    texts = ["".join(p.extract_text().split()) for p in pages]
    first = next(i for i, t in enumerate(texts) if t.startswith("附录一"))
    body, appendix = "".join(texts[:first]), "".join(texts[first:])
    for caption in ("各题目满意度得分、满意率与知晓/适用率", "意见建议关键词", "客观指标评价结果", "客观指标分档规则",
                    "主客观综合诊断规则", "加权设置与收敛情况", "输入文件"):
        assert caption not in body and caption in appendix, caption
    for chapter in ("满意度评价", "居民意见建议分析", "客观指标评价", "主客观综合诊断"):
        assert chapter in body
    wide = [t for p, t in zip(pages, texts) if float(p.mediabox.width) > float(p.mediabox.height)]
    assert any("各区客观指标评价" in t for t in wide) and all(texts.index(t) > first for t in wide)
    assert "注：" in "".join(wide)
    doc = Document(report / "city_report.docx")
    assert WD_ORIENT.LANDSCAPE in [s.orientation for s in doc.sections]


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
            # sha256s and the digests in the report's figure and result file names are not numbers
            text = re.sub(r"[0-9a-f]{64}|-[0-9a-f]{12}(?=\.(?:png|json)\b)", "", path.read_text(encoding="utf-8-sig"))
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


def _summary_text(pdf_path) -> str:
    """The 摘要 as pypdf reads it, without spaces: from its heading to the first numbered chapter."""
    from pypdf import PdfReader

    # word joiners keep an interval on one line; they are not text
    pages = ["".join(p.extract_text().replace("\u2060", "").split()) for p in PdfReader(pdf_path).pages]
    start = next(i for i, t in enumerate(pages) if t.startswith("摘要"))  # the TOC lists 摘要 mid-page
    text = "".join(pages[start:start + 3])
    return text[: text.index("1调查概况")] if "1调查概况" in text else text


def test_summary_states_the_findings_with_the_tables_numbers(demo_run):
    """The city 摘要 names the overall index with its CI, the worst item and every 城市病 with the
    numbers of the output tables (formatted as the tables format them)."""
    from citysurvey.report.numbers import fmt_num

    out = demo_run.output_dir
    scores = read_csv(out / "scoring/scores.csv")
    scores = scores[scores["measure"] == "score"]
    summary = _summary_text(out / "report" / "city_report.pdf")
    comp = scores[(scores["item"] == "index:综合") & (scores["domain_var"] == "city")].iloc[0]
    assert f"{fmt_num(comp['estimate'])}分（95%置信区间{fmt_num(comp['ci_low'])}～{fmt_num(comp['ci_high'])}）" in summary
    items = scores[(scores["kind"] == "item") & (scores["domain_var"] == "city") & (scores["level"] != "总体")]
    worst = items.nsmallest(1, "estimate").iloc[0]
    assert f"最低的是{worst['label']}（{fmt_num(worst['estimate'])}分）" in summary
    diseases = read_csv(out / "diagnosis/city_diseases.csv")
    assert len(diseases) > 0  # the demo plants city diseases: the check below must not be vacuous
    for _, d in diseases.head(5).iterrows():
        assert f"{d['area']}{d['name']}" in summary, d["name"]
        assert f"满意度{fmt_num(d['score'])}分" in summary
    for district in scores.loc[scores["domain_var"] == "district", "domain"].unique():
        assert district in summary  # each district's place
    dsum = _summary_text(out / "report" / f"district_report_{district}.pdf")
    dcomp = scores[(scores["item"] == "index:综合") & (scores["domain"] == district)].iloc[0]
    assert f"{district}居民综合满意度指数为{fmt_num(dcomp['estimate'])}分" in dsum


def test_workbooks_speak_chinese_with_formats_by_column_type(demo_run):
    """Every header of every demo workbook is Chinese and unique; p-values carry the <0.001 format
    and shares a percentage; no sheet is a bare header row."""
    import re

    from openpyxl import load_workbook

    from citysurvey.excel import P_VALUE, PERCENT

    english, repeated, bare, p_cols, share_cols = [], [], [], 0, 0
    for path in sorted(demo_run.output_dir.rglob("*.xlsx")):
        for ws in load_workbook(path).worksheets:
            headers = [c.value for c in ws[1] if c.value is not None]
            english += [f"{path.name}:{ws.title}:{h}" for h in headers if re.fullmatch(r"[\x00-\x7f]+", str(h))]
            repeated += [f"{path.name}:{ws.title}:{h}" for h in headers if headers.count(h) > 1]
            if ws.max_row < 2:
                bare.append(f"{path.name}:{ws.title}")
            for j, h in enumerate(headers, start=1):
                values = [ws.cell(i, j) for i in range(2, min(ws.max_row, 50) + 1)
                          if isinstance(ws.cell(i, j).value, float)]
                if not values:
                    continue
                if h in ("p值", "校正后p值"):
                    p_cols += 1
                    assert all(c.number_format == P_VALUE for c in values), (path.name, ws.title, h)
                if h in ("满意率", "不满意率", "完成率", "样本占比", "总体占比", "占比"):
                    share_cols += 1
                    assert all(c.number_format == PERCENT for c in values), (path.name, ws.title, h)
    assert not english, english
    assert not repeated, repeated
    assert not bare, bare
    assert p_cols >= 3 and share_cols >= 3  # the checks above saw real columns


def test_workbook_cells_show_names_not_internal_codes(demo_run):
    """Status, kind, direction, variable and margin cells read in Chinese (有效意见, 综合指数, 性别, 区×户籍);
    an English word in a cell stays only under a header that names it a code (题目代码, 研究编号)."""
    import re

    from openpyxl import load_workbook

    code_header = re.compile(r"代码|变量名|编号|关键词")
    english = set()
    for path in sorted(demo_run.output_dir.rglob("*.xlsx")):
        for ws in load_workbook(path, read_only=True).worksheets:
            rows = ws.iter_rows(max_row=3000, values_only=True)
            headers = next(rows, ())
            for row in rows:
                for h, v in zip(headers, row):
                    if (isinstance(v, str) and re.fullmatch(r"[a-z][a-z_×]+[a-z]", v)
                            and not code_header.search(str(h))):
                        english.add(f"{path.name}:{ws.title}:{h}:{v}")
    assert not english, sorted(english)[:20]


def test_workbooks_show_topics_by_name_and_say_why_a_sheet_is_empty(demo_run):
    """No topic code (C_PARKING) in any workbook cell but under a header naming it a code (话题代码,
    next to its name); an empty sheet gives its own reason, never the generic note alone."""
    import re

    from openpyxl import load_workbook

    from citysurvey.excel import EMPTY_NOTE
    from citysurvey.text.lexicon import load_lexicon

    codes = set(load_lexicon().topics)
    coded, generic, empty = [], [], {}
    for path in sorted(demo_run.output_dir.rglob("*.xlsx")):
        for ws in load_workbook(path, read_only=True).worksheets:
            rows = list(ws.iter_rows(values_only=True))
            headers = rows[0]
            if len(rows) == 2 and str(rows[1][0]).startswith("（本表为空"):
                empty[f"{path.name}:{ws.title}"] = rows[1][0]
                generic += [f"{path.name}:{ws.title}"] if rows[1][0] == EMPTY_NOTE else []
            for row in rows[1:]:
                for h, v in zip(headers, row):
                    if isinstance(v, str) and "代码" not in str(h) and codes & set(re.split(r"[|、;；，, ]", v)):
                        coded.append(f"{path.name}:{ws.title}:{h}:{v[:30]}")
    assert not coded, coded[:10]
    assert not generic, generic
    assert "新主题" in empty["text.xlsx:新主题发现"]  # the demo's answers all fall under lexicon topics


def test_no_chart_of_the_demo_reports_has_overlapping_or_cut_labels(demo_run):
    """Every chart the city and a district report draw: no two texts overlap and none leaves the
    figure (boxes measured on the Agg renderer), and no name is cut with "…"."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.text import Text

    from citysurvey.plotting import label_problems, use_theme
    from citysurvey.report import load_outputs
    from citysurvey.report.chapters import diagnosis, overview, satisfaction, text, weighting

    use_theme()
    out = load_outputs(demo_run.output_dir)
    district = out.districts[0]
    charts = {
        "样本构成": lambda d: overview.profile_chart.draw(out, d), "题目得分": lambda d: satisfaction.item_chart.draw(out),
        "分区热力图": lambda d: satisfaction.heatmap.draw(out), "各区指数": lambda d: satisfaction.district_chart.draw(out),
        "群体": lambda d: satisfaction.group_chart.draw(out), "IPA": lambda d: satisfaction.ipa_chart.draw(out, d),
        "话题": lambda d: text.topic_chart.draw(out, d), "话题热力图": lambda d: text.heatmap.draw(out),
        "四象限": lambda d: diagnosis.quadrant_chart.draw(out, d), "权数": lambda d: weighting.weights_chart.draw(out, d),
    }
    problems = []
    for name, draw in charts.items():
        for d in (None, district):
            fig = draw(d)
            problems += [f"{name}（{d or '全市'}）: {p}" for p in label_problems(fig)]
            problems += [f"{name}: cut {t.get_text()!r}" for t in fig.findobj(Text) if "…" in t.get_text()]
    assert not problems, "\n".join(problems)


def test_no_page_is_left_nearly_empty_by_accident(demo_run, tmp_path):
    """The city report and a district report of the demo (see conftest.near_empty_pages)."""
    from citysurvey.report import load_outputs

    out = load_outputs(demo_run.output_dir)
    problems = near_empty_pages(out.root, [None, out.districts[-1]], tmp_path)
    assert not problems, "\n".join(problems)


def test_summary_states_the_change_since_the_previous_wave_only_when_one_is_given(demo_run, tmp_path):
    import shutil

    from citysurvey.report import load_outputs
    from citysurvey.report.chapters import summary

    # the demo names its 2025 wave: the waves stage's table gives the sentence
    change = summary.headline_facts(load_outputs(demo_run.output_dir)).change
    assert "不与2025年比较" in change and "显著改善的有" in change  # 2025 lacked q_u13: composite not compared
    out_dir = tmp_path / "out"
    shutil.copytree(demo_run.output_dir, out_dir, ignore=shutil.ignore_patterns("report", "*.xlsx", "*.png", "waves"))
    assert summary.headline_facts(load_outputs(out_dir)).change == ""  # no earlier wave, no sentence
    scores = read_csv(out_dir / "scoring/scores.csv")
    comp = scores[(scores["item"] == "index:综合") & (scores["measure"] == "score")]
    before = comp[["item", "domain", "estimate"]].assign(estimate=comp["estimate"] - 1.5, wave="2025年调查")
    before.to_csv(out_dir / summary.PREVIOUS_WAVE, index=False, encoding="utf-8-sig")
    out = load_outputs(out_dir)
    city = summary.headline_facts(out)
    assert city.change.startswith("与2025年调查（") and city.change.endswith("相比上升1.5分。")
    district = comp.loc[comp["domain_var"] == "district", "domain"].iloc[0]
    assert "上升1.5分" in summary.headline_facts(out, district).change


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
