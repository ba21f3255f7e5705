"""Build the Word reference document the reports' .docx output takes its styles from.

    python scripts/build_reference_docx.py      # writes citysurvey/report/pandoc/reference.docx

Starts from pandoc's own reference.docx (so every style pandoc writes exists) and
sets what a Chinese government report expects and pandoc's default lacks:
East Asian fonts (宋体 body, 黑体 headings, with Noto CJK named first for machines
without the Windows fonts), numbered headings (一、 / 1.1), captions, and a
bordered table style. The result is committed; rerun this after changing it.
"""
from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "citysurvey" / "report" / "pandoc" / "reference.docx"

BODY_FONT = ("Times New Roman", "宋体")  # (Latin, East Asian)
HEADING_FONT = ("Arial", "黑体")
HEADINGS = {1: 16, 2: 14, 3: 12}  # pt: 三号, 四号, 小四
BODY_PT = 12  # 小四


def _set_fonts(style, latin: str, east_asian: str) -> None:
    from docx.oxml.ns import qn

    style.font.name = latin
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), latin)
    fonts.set(qn("w:eastAsia"), east_asian)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)  # a theme font would override the named one


def _heading_numbering(doc) -> int:
    """A multilevel list (1 / 1.1 / 1.1.1) linked to Heading 1–3; returns its numId."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    numbering = doc.part.numbering_part.element
    abstract_id = 90
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        f'<w:pStyle w:val="Heading{i + 1}"/>'
        f'<w:lvlText w:val="{".".join(f"%{k + 1}" for k in range(i + 1))}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="0" w:firstLine="0"/></w:pPr></w:lvl>'
        for i in range(3)
    )
    abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
                         f'<w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>')
    first_num = next(iter(numbering.findall("{*}num")), None)
    if first_num is not None:
        first_num.addprevious(abstract)  # abstractNum elements precede num elements
    else:
        numbering.append(abstract)
    num_id = 90
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>'))
    return num_id


def _number_heading(style, num_id: int, level: int) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    ppr = style.element.get_or_add_pPr()
    ppr.insert(0, parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def _table_style(doc) -> None:
    """pandoc writes tables in the style "Table": give it full single borders and a bold header row."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    style = doc.styles["Table"]
    tblpr = style.element.find(qn("w:tblPr"))
    if tblpr is None:
        tblpr = style.element.makeelement(qn("w:tblPr"), {})
        style.element.append(tblpr)
    for old in tblpr.findall(qn("w:tblBorders")):
        tblpr.remove(old)
    edges = "".join(f'<w:{e} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                    for e in ("top", "left", "bottom", "right", "insideH", "insideV"))
    tblpr.append(parse_xml(f'<w:tblBorders {nsdecls("w")}>{edges}</w:tblBorders>'))
    header = parse_xml(f'<w:tblStylePr {nsdecls("w")} w:type="firstRow"><w:rPr><w:b/></w:rPr>'
                       f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="DDEBF7"/></w:tcPr></w:tblStylePr>')
    style.element.append(header)


def build() -> bytes:
    import pypandoc
    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    default = subprocess.run([pypandoc.get_pandoc_path(), "--print-default-data-file", "reference.docx"],
                             capture_output=True, check=True).stdout
    doc = Document(io.BytesIO(default))
    styles = doc.styles
    for style in styles:
        if style.type == WD_STYLE_TYPE.PARAGRAPH and not (style.name or "").startswith(("Heading", "TOC", "Title")):
            _set_fonts(style, *BODY_FONT)
    styles["Normal"].font.size = Pt(BODY_PT)
    for name in ("Body Text", "First Paragraph"):
        styles[name].paragraph_format.first_line_indent = Pt(BODY_PT * 2)  # 首行缩进两字
    num_id = _heading_numbering(doc)
    for level, size in HEADINGS.items():
        style = styles[f"Heading {level}"]
        _set_fonts(style, *HEADING_FONT)
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = RGBColor(0, 0, 0)
        _number_heading(style, num_id, level - 1)
    for style in styles:
        if (style.name or "") in ("Title", "TOC Heading"):
            _set_fonts(style, *HEADING_FONT)
            style.font.color.rgb = RGBColor(0, 0, 0)
    styles["Title"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for name in ("Table Caption", "Image Caption"):
        styles[name].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        styles[name].font.italic = False
        styles[name].font.bold = True
        styles[name].font.size = Pt(10.5)  # 五号
    _table_style(doc)
    props = doc.core_properties
    props.author = props.last_modified_by = "citysurvey"
    props.title = "城市体检社会满意度调查报告"
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def main() -> None:
    TARGET.write_bytes(build())
    print(TARGET, file=sys.stderr)


if __name__ == "__main__":
    main()
