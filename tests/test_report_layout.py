"""Tables on the page: repeated headers, landscape pages, 注 lines under a table, widths that fit.

Each test runs the report filter and template on a small Markdown document through pandoc
and Typst (no kernel), then reads the PDF or Word file back as a reader would see it.
"""
from __future__ import annotations

import io
import subprocess

import pytest
import yaml

from citysurvey.report.builtin import PANDOC_DATA, pandoc_path, typst_fonts

FILTER = PANDOC_DATA / "filters" / "citysurvey.lua"
TEMPLATE = PANDOC_DATA / "templates" / "citysurvey.typ"
SOURCE = "测试调查"
LONG_NAME = "未达标配建的养老服务设施数量（或未达标小区数）"


def _table(rows: int, districts: int = 7, label: str = "tbl-wide", caption: str = "各区指标评价") -> str:
    cols = ["指标名称", "全市"] + [f"第{i + 1}区" for i in range(districts - 1)]
    head = "| " + " | ".join(cols) + " |"
    rule = "|:" + "-" * 12 + "|" + "|".join("-" * 14 + ":" for _ in cols[1:]) + "|"
    body = [f"| {LONG_NAME if r == 0 else f'第{r + 1}项指标'} | " + " | ".join("一般○" for _ in cols[1:]) + " |"
            for r in range(rows)]
    return f"::: {{#{label}}}\n" + "\n".join([head, rule, *body]) + f"\n\n: {caption}\n\n:::\n"


def _run(body: str, to: str, tmp_path, name: str = "doc") -> bytes:
    (tmp_path / f"{name}.md").write_text(body, encoding="utf-8")
    meta = {"title": "版式测试", "source": SOURCE, "lang": "zh"}
    if to == "typst":
        fonts = typst_fonts()
        meta |= {"mainfont": fonts.main, "headingfont": fonts.heading, "codefont": fonts.code}
    (tmp_path / "meta.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    out = tmp_path / f"{name}.{'typ' if to == 'typst' else to}"
    args = [pandoc_path(), f"{name}.md", "-f", "markdown", "-t", to, f"--data-dir={PANDOC_DATA}",
            f"--lua-filter={FILTER}", "--metadata-file=meta.yaml", "-o", out.name]
    if to == "typst":
        args += ["--standalone", f"--template={TEMPLATE}"]
    subprocess.run(args, cwd=tmp_path, check=True, capture_output=True)
    if to != "typst":
        return out.read_bytes()
    import typst

    return typst.compile(str(out), root=str(tmp_path), font_paths=typst_fonts().paths)


def _pages(pdf: bytes):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(pdf)).pages


def _text(page) -> str:
    return "".join(page.extract_text().split())


def test_a_long_table_repeats_its_header_on_every_page(tmp_path):
    pdf = _run("# 附表\n\n" + _table(rows=120, districts=3), "typst", tmp_path)
    pages = [p for p in _pages(pdf) if "项指标" in _text(p)]
    assert len(pages) >= 3  # the table runs over several pages …
    assert all("指标名称全市第1区第2区" in _text(p) for p in pages)  # … and each starts with the header row
    assert SOURCE in _text(pages[-1]) and SOURCE not in _text(pages[0])  # 资料来源 once, at the end


def test_a_landscape_block_puts_a_wide_table_on_landscape_pages_and_keeps_rows_on_one_line(tmp_path):
    body = "# 附录\n\n正文在纵向页面上。\n\n::: {.landscape}\n\n" + _table(rows=12) + "\n:::\n\n后文回到纵向页面。\n"
    pages = _pages(_run(body, "typst", tmp_path))
    shape = [(float(p.mediabox.width) > float(p.mediabox.height), _text(p)) for p in pages]
    landscape = [t for wide, t in shape if wide]
    assert len(landscape) == 1 and "各区指标评价" in landscape[0]
    assert not any("各区指标评价" in t for wide, t in shape if not wide)
    assert any("后文回到纵向页面" in t for wide, t in shape if not wide)
    # the page is wide enough for the long name to stay on one line: no cell wraps
    lines = [ln.replace(" ", "") for ln in pages[[w for w, _ in shape].index(True)].extract_text().splitlines()]
    assert any(LONG_NAME in ln for ln in lines), lines[:5]


def test_a_note_sits_under_its_table_before_the_source_line(tmp_path):
    note = "::: {.table-note}\n注：满意率为选择满意及以上的加权比例。\n:::\n"
    body = "# 结果\n\n" + _table(rows=3, districts=2, label="tbl-a", caption="满意率") + "\n" + note + "\n后文。\n"
    text = "".join(_text(p) for p in _pages(_run(body, "typst", tmp_path)))
    table, note_at, source = text.index("第3项指标"), text.index("注：满意率"), text.index("资料来源：" + SOURCE)
    assert table < note_at < source < text.index("后文")
    html = _run(body, "html", tmp_path).decode()
    assert html.index("注：满意率") < html.index("资料来源：") and 'class="table-note"' in html


def test_word_gets_a_landscape_section_holding_the_table_and_the_note_in_the_source_style(tmp_path):
    from docx import Document
    from docx.enum.section import WD_ORIENT

    body = ("# 附录\n\n纵向。\n\n::: {.landscape}\n\n" + _table(rows=5) +
            "\n::: {.table-note}\n注：● 红色预警。\n:::\n\n:::\n\n纵向。\n")
    doc = Document(io.BytesIO(_run(body, "docx", tmp_path)))
    orient = [s.orientation for s in doc.sections]
    assert orient[:2] == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE]
    assert doc.sections[1].page_width > doc.sections[1].page_height
    assert len(doc.tables) == 1 and doc.tables[0].rows[0].cells[0].text == "指标名称"
    note = next(p for p in doc.paragraphs if p.text.startswith("注："))
    assert note.style.name == "Source"


@pytest.mark.parametrize("to", ["html", "typst"])
def test_html_ignores_the_orientation_and_typst_marks_it(tmp_path, to):
    body = "::: {.landscape}\n\n" + _table(rows=2) + "\n:::\n"
    (tmp_path / "b.md").write_text(body, encoding="utf-8")
    out = subprocess.run([pandoc_path(), "b.md", "-t", to, f"--lua-filter={FILTER}"], cwd=tmp_path,
                         capture_output=True, text=True, check=True).stdout
    assert ("#page(flipped: true" in out) == (to == "typst")
    assert "各区指标评价" in out
