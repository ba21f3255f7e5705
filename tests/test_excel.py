"""The shared workbook writer: readable back, formatted, byte-for-byte reproducible."""
from __future__ import annotations

import zipfile

import numpy as np
import openpyxl
import pandas as pd
import pytest

from citysurvey.excel import PERCENT, display_width, sheet_name, workbook_bytes, write_workbook


@pytest.fixture
def tables():
    return {
        "汇总": pd.DataFrame({
            "district": ["城东区", "城西区"],
            "n": pd.Series([300, 1700], dtype="int64"),
            "share": [0.15, 0.85],
            "note": [None, "触底"],
        }),
        "空表": pd.DataFrame({"a": pd.Series([], dtype="float64")}),
    }


def test_roundtrip_values_headers_and_formatting(tmp_path, tables):
    path = write_workbook(tables, tmp_path / "out.xlsx", headers={"district": "区", "n": "样本量"},
                          number_formats={"share": PERCENT})
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["汇总", "空表"]
    ws = wb["汇总"]
    assert [c.value for c in ws[1]] == ["区", "样本量", "占比", "note"]  # shared names get the glossary's header
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert [[c.value for c in row] for row in ws.iter_rows(min_row=2)] == [
        ["城东区", 300, 0.15, None],
        ["城西区", 1700, 0.85, "触底"],
    ]
    assert ws["B2"].number_format == "#,##0"
    assert ws["C2"].number_format == PERCENT
    assert ws.column_dimensions["A"].width >= display_width("城东区")
    back = pd.read_excel(path, sheet_name="汇总")
    assert back["样本量"].tolist() == [300, 1700]


def test_same_tables_give_same_bytes(tmp_path, tables):
    a = write_workbook(tables, tmp_path / "a.xlsx").read_bytes()
    b = write_workbook(tables, tmp_path / "b.xlsx").read_bytes()
    assert a == b
    with zipfile.ZipFile(tmp_path / "a.xlsx") as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert "2000-01-01T00:00:00Z" in core


def test_sheet_names_are_made_valid_and_unique():
    assert sheet_name("a/b:c?") == "a_b_c_"
    assert len(sheet_name("区" * 40)) == 31
    data = workbook_bytes({"x" * 40: pd.DataFrame({"a": [1]}), "X" * 40: pd.DataFrame({"a": [2]})})
    import io

    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert len(set(n.lower() for n in wb.sheetnames)) == 2


def test_numpy_and_missing_values(tmp_path):
    df = pd.DataFrame({"i": pd.array([1, None], dtype="Int64"), "f": [np.float64(1.5), np.nan],
                       "b": [True, False], "t": pd.to_datetime(["2026-07-01", None])})
    wb = openpyxl.load_workbook(write_workbook({"s": df}, tmp_path / "x.xlsx"))
    rows = [[c.value for c in r] for r in wb["s"].iter_rows(min_row=2)]
    assert rows[0][:3] == [1, 1.5, True]
    assert rows[1][:2] == [None, None]


def test_write_is_atomic_on_failure(tmp_path):
    target = tmp_path / "keep.xlsx"
    target.write_bytes(b"old")
    with pytest.raises(ValueError):
        write_workbook({}, target)
    assert target.read_bytes() == b"old"
    assert list(tmp_path.iterdir()) == [target]


def test_formats_follow_what_a_column_holds():
    """p-values show <0.001, shares %, scores one decimal, years plain, SEs enough decimals; a
    column mixing shares and scores is formatted row by row from its measure."""
    from citysurvey.excel import P_VALUE, SCORE, SE, YEAR

    frame = pd.DataFrame({
        "measure": ["score", "satisfied_rate"], "estimate": [72.31, 0.654], "se": [0.41, 0.0038],
        "p_value": [0.00089, 0.2], "fill_rate": [0.95, 1.02], "year": pd.Series([2026, 2025], dtype="int64"),
        "score_ci_low": [70.1, 71.2], "n_valid": pd.Series([300, 200], dtype="int64"),
    })
    wb = openpyxl.load_workbook(__import__("io").BytesIO(workbook_bytes({"表": frame})))
    ws = wb["表"]
    headers = [c.value for c in ws[1]]
    assert headers == ["指标", "估计值", "标准误", "p值", "完成率", "年份", "得分95%置信区间下限", "有效回答数"]
    fmt = {h: (ws.cell(2, j + 1).number_format, ws.cell(3, j + 1).number_format) for j, h in enumerate(headers)}
    assert fmt["估计值"] == (SCORE, PERCENT) and fmt["标准误"] == ("0.000", SE)
    assert fmt["p值"] == (P_VALUE, P_VALUE) and fmt["完成率"] == (PERCENT, PERCENT)
    assert fmt["年份"] == (YEAR, YEAR) and fmt["得分95%置信区间下限"][0] == SCORE
    assert fmt["有效回答数"][0] == "#,##0"


def test_repeated_headers_are_numbered_and_an_empty_sheet_says_why():
    frame = pd.DataFrame([[1, 2]], columns=["a", "b"])
    wb = openpyxl.load_workbook(__import__("io").BytesIO(workbook_bytes(
        {"表": frame, "空": pd.DataFrame({"theme": []})}, headers={"a": "与全市比较", "b": "与全市比较"})))
    assert [c.value for c in wb["表"][1]] == ["与全市比较", "与全市比较（2）"]
    assert [c.value for c in wb["空"][1]] == ["主题"] and "本表为空" in wb["空"].cell(2, 1).value


def test_codes_show_by_name_and_an_empty_sheet_keeps_its_own_reason():
    """`values` turns codes into names, a list of codes (A|B) into names joined by 、, and leaves an
    unknown code and other columns alone; a table's own empty note wins over the generic one."""
    frame = pd.DataFrame({"topics": ["C_PARKING|U_FLOOD", "C_PARKING", "X_NEW", None],
                          "topic": ["C_PARKING"] * 4})
    empty = pd.DataFrame({"theme": []})
    empty.attrs["empty_note"] = "（本表为空：未归入主题的意见只有3条。）"
    names = {"C_PARKING": "停车", "U_FLOOD": "内涝"}
    wb = openpyxl.load_workbook(__import__("io").BytesIO(workbook_bytes(
        {"表": frame, "空": empty}, values={"topics": names})))
    assert [wb["表"].cell(i, 1).value for i in range(2, 6)] == ["停车、内涝", "停车", "X_NEW", None]
    assert [wb["表"].cell(i, 2).value for i in range(2, 6)] == ["C_PARKING"] * 4
    assert wb["空"].cell(2, 1).value == "（本表为空：未归入主题的意见只有3条。）"
    assert frame["topics"].iloc[0] == "C_PARKING|U_FLOOD"  # the caller's table is untouched


def test_themes_say_why_none_were_found():
    """Too few unmatched answers: the themes table is empty and carries the reason with the numbers."""
    from citysurvey.text.keywords import DocTerms
    from citysurvey.text.themes import discover_themes

    dt = DocTerms.build(["停车 难", "路灯 坏", "公园 少"])
    out = discover_themes(dt, np.arange(3), np.ones(3), n_themes=None, max_themes=5, min_docs=30, top_terms=5)
    assert out.empty
    assert "3条" in out.attrs["empty_note"] and "30条" in out.attrs["empty_note"]


def _awkward_table() -> pd.DataFrame:
    """Every kind of cell the streaming writer treats differently: text needing escapes or openpyxl's
    own handling, numbers, missing values, dates, booleans, a long wrapped column, a mixed column."""
    return pd.DataFrame({
        "measure": ["score", "satisfied_rate", "score"],
        "estimate": [72.31, 0.654, np.nan],
        "n": pd.Series([1200, 35, 7], dtype="int64"),
        "p_value": [0.00089, np.inf, 0.2],
        "year": pd.Series([2026, 2025, 2024], dtype="int64"),
        "flag": [True, False, None],
        "label": ["<停车&路灯>", " 前后有空格 ", "=A1+1"],
        "code": ["#N/A", "", None],
        "date": pd.to_datetime(["2026-07-01", None, "2026-07-03"]),
        "description": ["说明" * 40, None, 3.5],
        "level": pd.array([1, None, 3], dtype="Int64"),
    })


def test_streamed_cells_match_openpyxl_cell_writer(monkeypatch):
    """The text fast path writes exactly the bytes openpyxl's own cell writer would."""
    import citysurvey.excel as excel

    sheets = {"表": _awkward_table(), "空": pd.DataFrame({"theme": []}), "无列": pd.DataFrame()}
    fast = workbook_bytes(sheets, number_formats={"n": "General"})
    monkeypatch.setattr(excel, "_fast_cell", lambda value: None)
    monkeypatch.setattr(excel, "_fragments", lambda values, series: [None] * len(values))
    assert workbook_bytes(sheets, number_formats={"n": "General"}) == fast


def test_formats_headers_widths_and_wrapping_survive_streaming():
    """Read back: Chinese headers in bold on a fill, frozen and filtered; per-column and per-row
    number formats on numbers only; a long column wrapped on every row; dates, booleans, text
    that looks like a formula or an error code kept as openpyxl keeps them; widths fit the text."""
    from citysurvey.excel import P_VALUE, SCORE, YEAR

    import io

    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes({"表": _awkward_table()}, headers={"label": "名称"})))
    ws = wb["表"]
    assert [c.value for c in ws[1]] == ["指标", "估计值", "样本量", "p值", "年份", "标记", "名称", "code", "date",
                                        "说明", "层级"]
    assert all(c.font.bold and c.fill.fgColor.rgb.endswith("DDEBF7") for c in ws[1])
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:K4"
    col = {c.value: c.column for c in ws[1]}

    def cells(name):
        return [ws.cell(r, col[name]) for r in (2, 3, 4)]

    assert [c.number_format for c in cells("估计值")[:2]] == [SCORE, PERCENT]
    assert cells("估计值")[2].value is None
    assert [c.value for c in cells("样本量")] == [1200, 35, 7]
    assert {c.number_format for c in cells("样本量")} == {"#,##0"}
    assert cells("p值")[0].number_format == P_VALUE and cells("p值")[0].value == 0.00089
    assert [c.number_format for c in cells("年份")] == [YEAR] * 3
    assert [c.value for c in cells("标记")] == [True, False, None]
    assert cells("标记")[0].number_format == "General"
    assert [c.value for c in cells("名称")] == ["<停车&路灯>", " 前后有空格 ", "=A1+1"]
    assert cells("名称")[2].data_type == "f"  # as openpyxl itself stores text starting with =
    assert cells("code")[0].data_type == "e" and cells("code")[1].value is None
    assert cells("date")[0].value == __import__("datetime").datetime(2026, 7, 1)
    assert cells("date")[0].is_date and cells("date")[1].value is None
    assert [c.value for c in cells("层级")] == [1, None, 3]
    wrapped = cells("说明")
    assert all(c.alignment.wrap_text and c.alignment.vertical == "top" for c in wrapped)
    assert wrapped[2].value == 3.5 and wrapped[2].number_format == "General"  # a mixed column has no dtype format
    letter = openpyxl.utils.get_column_letter
    assert ws.column_dimensions[letter(col["说明"])].width == 60
    assert ws.column_dimensions[letter(col["名称"])].width == display_width(" 前后有空格 ") + 2  # the widest value
    assert ws.column_dimensions[letter(col["样本量"])].width == display_width("样本量") + 2  # the header is wider
    assert ws.max_row == 4 and ws.max_column == 11
