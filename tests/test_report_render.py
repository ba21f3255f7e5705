"""The real reports: the fixture outputs rendered to HTML and PDF by the report stage (built-in engine)."""
from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from pypdf import PdfReader

from citysurvey.errors import StageError
from citysurvey.report import KernelSession, load_outputs, render, report_metadata
from citysurvey.report.config import ReportConfig
from citysurvey.report.stage import ReportStage, render_reports
from citysurvey.stage import RunContext

FIXTURE = Path(__file__).parent / "fixtures" / "report_outputs"
REPORTS = Path(__file__).resolve().parents[1] / "reports"
MANIFEST = json.loads((FIXTURE / "manifest.json").read_text(encoding="utf-8"))


def run_stage(out_dir: Path, **section) -> SimpleNamespace:
    config = SimpleNamespace(stages={"report": ReportConfig(engine="builtin", **section)}, path=None)
    ctx = RunContext(config=config, study=None, out_dir=out_dir)
    result = ReportStage().run(ctx)
    return SimpleNamespace(result=result, folder=out_dir / "report")


@pytest.fixture(scope="module")
def staged(tmp_path_factory):
    """The stage run once on a copy of the fixture: the city report and one district report."""
    out_dir = tmp_path_factory.mktemp("run") / "staging"
    shutil.copytree(FIXTURE, out_dir)
    return run_stage(out_dir, districts=("城西区",))


def pdf_pages(path: Path) -> list[str]:
    return [p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages]


def embedded_fonts(path: Path) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(path.read_bytes())).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            names.add(str(font.get("/BaseFont", "")))
            for desc in font.get("/DescendantFonts", []):
                names.add(str(desc.get_object().get("/BaseFont", "")))
    return names


def test_stage_writes_city_and_district_reports_with_records(staged):
    names = sorted(p.name for p in staged.folder.iterdir())
    assert names == sorted([
        "city_report.docx", "city_report.html", "city_report.pdf", "city_report.render.json",
        "district_report_城西区.docx", "district_report_城西区.html", "district_report_城西区.pdf",
        "district_report_城西区.render.json",
    ])  # no build folders left behind
    summary = staged.result.summary
    assert summary["engine"] == "builtin" and summary["n_reports"] == 2
    record = json.loads((staged.folder / "city_report.render.json").read_text(encoding="utf-8"))
    assert record["engine"] == "builtin"
    assert record["params"] == {"output_dir": ".."}  # not the staging folder, which is renamed


def test_pdf_has_cjk_font_chapters_and_sample_size(staged):
    pdf = staged.folder / "city_report.pdf"
    fonts = embedded_fonts(pdf)
    assert any("CJK" in f for f in fonts), fonts
    pages = pdf_pages(pdf)
    text = "".join("".join(pages).split())  # Typst spaces CJK and digits; compare without spaces
    for title in ("摘要", "调查概况", "数据清理", "样本构成", "附录一统计明细表", "附录三方法说明", "目录"):
        assert title in text
    n_valid = f"{MANIFEST['counts']['n_valid']:,}"
    assert f"有效样本{n_valid}份" in text
    assert MANIFEST["study"]["name"] in "".join(pages[0].split())  # title page
    assert "内置渲染引擎" in text  # the document says which engine made it
    assert "�" not in text and "@fig" not in text and "#ref" not in text and "{python}" not in text
    assert "表1" in text and "图1" in text


def test_html_is_self_contained_with_numbers_from_the_outputs(staged):
    html = (staged.folder / "city_report.html").read_text(encoding="utf-8")
    assert "http://" not in html and "https://" not in html
    assert "<script" not in html  # nothing to fetch or run
    assert f"有效样本{MANIFEST['counts']['n_valid']:,}份" in html
    assert MANIFEST["study"]["name"] in html
    assert "data:image/png;base64," in html
    district = (staged.folder / "district_report_城西区.html").read_text(encoding="utf-8")
    assert "城西区分报告" in district and "其中城西区有效样本421份" in district


def test_chapter_with_missing_outputs_is_skipped(tmp_path):
    out_dir = tmp_path / "out"
    shutil.copytree(FIXTURE, out_dir)
    (out_dir / "data" / "cleaning_summary.csv").unlink()
    outputs = load_outputs(out_dir)
    meta = report_metadata([REPORTS / "city.qmd"], outputs)
    assert meta["missing-data"] is True
    with KernelSession() as kernel:
        result = render(REPORTS / "city.qmd", {"output_dir": str(out_dir)}, tmp_path / "r", ("html",), "builtin",
                        metadata=meta, session=kernel)
    html = result.files["html"].read_text(encoding="utf-8")
    assert "调查概况" in html and "样本构成" in html
    assert "数据清理" not in html and "数据缺失" not in html


def test_stage_rejects_unknown_districts(tmp_path):
    shutil.copytree(FIXTURE, tmp_path / "out")
    with pytest.raises(StageError, match="城北区"):
        run_stage(tmp_path / "out", districts=("城北区",), formats=("html",))


def test_rerendering_a_finished_output_folder_swaps_the_report_folder(tmp_path):
    out_dir = tmp_path / "out"
    shutil.copytree(FIXTURE, out_dir)
    (out_dir / "report").mkdir()
    (out_dir / "report" / "old.txt").write_text("previous run", encoding="utf-8")
    with pytest.raises(StageError):  # fails before writing anything: the old reports stay
        render_reports(out_dir, ReportConfig(engine="builtin", districts=("城北区",)))
    assert (out_dir / "report" / "old.txt").exists()
    summary = render_reports(out_dir, ReportConfig(engine="builtin", districts="none", formats=("html",)))
    assert summary["n_reports"] == 1
    assert sorted(p.name for p in (out_dir / "report").iterdir()) == ["city_report.html", "city_report.render.json"]
    assert not (out_dir / ".report.partial").exists()


def test_config_defaults_and_validation():
    cfg = ReportConfig()
    assert cfg.engine == "auto" and cfg.formats == ("html", "pdf", "docx") and cfg.districts == "all"
    with pytest.raises(Exception):
        ReportConfig(formats=("odt",))
    with pytest.raises(Exception):
        ReportConfig(colour="red")
    assert ReportStage().enabled(SimpleNamespace(stages={"report": ReportConfig(enabled=False)})) is False


def html_counts(html: str) -> dict[str, int]:
    import re

    body = html[html.index("</nav>"):] if "</nav>" in html else html  # not the table of contents
    return {"h1": len(re.findall(r"<h1[ >]", body)) - ("<h1 class=\"title\"" in body),
            "h2": len(re.findall(r"<h2[ >]", body)),
            "tables": len(re.findall(r"<table[ >]", body)),
            "figures": len(re.findall(r"<img ", body))}


def test_word_document_has_the_htmls_headings_tables_and_figures(staged):
    """The .docx opens with python-docx; headings, real Word tables and PNG figures match the HTML,
    captions carry 表 N / 图 N, and the styles name an East Asian font."""
    from docx import Document
    from docx.oxml.ns import qn

    for stem in ("city_report", "district_report_城西区"):
        doc = Document(str(staged.folder / f"{stem}.docx"))
        expected = html_counts((staged.folder / f"{stem}.html").read_text(encoding="utf-8"))
        styles = [p.style.name for p in doc.paragraphs]
        got = {"h1": styles.count("Heading 1"), "h2": styles.count("Heading 2"), "tables": len(doc.tables),
               "figures": len(doc.inline_shapes)}
        assert got == expected and expected["tables"] > 0 and expected["figures"] > 0, stem
        captions = [p.text for p in doc.paragraphs if p.style.name == "Table Caption"]
        assert captions[0].startswith("表 1") and len(captions) == expected["tables"]
        figures = [p.text for p in doc.paragraphs if p.style.name == "Image Caption"]
        assert figures[0].startswith("图 1")
    fonts = doc.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "宋体"
    assert doc.styles["Heading 1"].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "黑体"


def test_only_renders_one_document_and_keeps_the_others(tmp_path):
    out_dir = tmp_path / "out"
    shutil.copytree(FIXTURE, out_dir)
    cfg = ReportConfig(engine="builtin", formats=("html",))
    seen = []
    summary = render_reports(out_dir, cfg, only="城西区", progress=lambda name, status, s: seen.append((name, status)))
    assert [r["name"] for r in summary["reports"]] == ["district_report_城西区"]
    assert seen == [("district_report_城西区", "start"), ("district_report_城西区", "done")]
    render_reports(out_dir, cfg, only="city")
    names = sorted(p.name for p in (out_dir / "report").iterdir())
    assert names == ["city_report.html", "city_report.render.json",
                     "district_report_城西区.html", "district_report_城西区.render.json"]
    with pytest.raises(StageError, match="城北区"):
        render_reports(out_dir, cfg, only="城北区")


LONE_RENDER = r'''
import json, sys
from pathlib import Path
from citysurvey.report.config import ReportConfig
from citysurvey.report.stage import render_reports

if __name__ == "__main__":
    render_reports(Path(sys.argv[1]), ReportConfig(engine="builtin", formats=("html",)), target=Path(sys.argv[2]),
                   only="城西区")
    print(json.dumps(sorted({m.split(".")[0] for m in sys.modules})))
'''


def test_a_district_on_its_own_after_the_stage_reads_its_results_and_loads_no_pandas(staged, tmp_path):
    """``report --only`` after a run: every table, fact and figure is read as the chart step saved it, so the
    process never imports pandas or numpy (a quarter of its time), and the page is the stage's own."""
    import subprocess
    import sys

    script = tmp_path / "lone.py"
    script.write_text(LONE_RENDER, encoding="utf-8")
    root = Path(__file__).resolve().parents[1]
    proc = subprocess.run([sys.executable, str(script), str(staged.folder.parent), str(tmp_path / "lone")],
                          cwd=root, capture_output=True, text=True, timeout=300,
                          env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
                               "MPLBACKEND": "Agg"})
    assert proc.returncode == 0, proc.stderr
    loaded = set(json.loads(proc.stdout.splitlines()[-1]))
    assert {"citysurvey", "IPython"} <= loaded  # the check sees what was imported
    assert not loaded & {"pandas", "numpy", "matplotlib"}
    name = "district_report_城西区.html"
    assert (tmp_path / "lone" / name).read_bytes() == (staged.folder / name).read_bytes()
