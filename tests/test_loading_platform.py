"""Loading platform exports as they come: column maps, headers, sheets, SPSS, multi-select, derived."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pandas as pd
import pytest

from citysurvey.codebook import Codebook
from citysurvey.config import load_study
from citysurvey.errors import ConfigError, InputError
from citysurvey.loading import load_study_data, read_raw
from citysurvey.loading.readers import excel_column

from platform_export import AGE_ANSWERS, ITEMS, Q_AGE, Q_MULTI, SEVEN, platform_export

CODEBOOK = textwrap.dedent(
    """\
    respondent_id: rid
    scales:
      sat7:
        codes: [1, 2, 3, 4, 5, 6, 7]
        labels: [非常不满意, 不满意, 比较不满意, 一般, 比较满意, 满意, 非常满意]
        special: {8: [不清楚, 说不清]}
        aliases: {很满意: 非常满意}
    variables:
      rid: {type: id, label: 序号}
      submitted: {type: date, role: fieldwork_date, label: 提交答卷时间}
      duration: {type: number, role: duration, min: 0, label: 所用时间}
      ip: {type: text, role: device, label: 来自IP}
      district: {type: categorical, role: district, label: 所在区, categories: [青山区, 河东区, 新港区]}
      sex: {type: categorical, role: demographic, label: 性别, categories: [男, 女]}
      age_answer: {type: categorical, label: 年龄段, categories: [18-24岁, 25-34岁, 35-44岁, 45-54岁, 55-64岁, 65岁及以上]}
      age_band:
        type: categorical
        role: demographic
        label: 年龄段（权数）
        categories: [18-34, 35-54, 55+]
        derive:
          source: age_answer
          map: {18-24岁: 18-34, 25-34岁: 18-34, 35-44岁: 35-54, 45-54岁: 35-54, 55-64岁: 55+, 65岁及以上: 55+}
      q1: {type: likert, scale: sat7, level: 住房, label: 房屋质量与安全}
      q2: {type: likert, scale: sat7, level: 住房, label: 燃气使用安全}
      q3: {type: likert, scale: sat7, level: 小区（社区）, label: 小区停车}
      q12: {type: multiselect, label: 优先改善, options: [公园绿地, 停车设施, 养老服务, 教育资源, 其他], other: 其他, required: false}
      advice: {type: text, role: suggestion, label: 意见建议}
    """
)
COLUMNS = {
    "序号": "rid", "提交答卷时间": "submitted", "所用时间": "duration", "来自IP": "ip",
    "1、您所在的区：": "district", "3、您的性别：": "sex", "4、您的年龄段：": "age_answer",
    ITEMS[0][0]: "q1", "re:6、.*—燃气.*": "q2", "re:7、.*—小区停车": "q3",
    Q_MULTI: "q12", "re:13、.*意见建议.*": "advice",
}


def _study(folder: Path, frame: pd.DataFrame | None = None, *, name: str = "export.csv", inputs: dict | None = None,
           codebook: str = CODEBOOK, columns: dict | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "codebook.yaml").write_text(codebook, encoding="utf-8")
    if frame is not None:
        if name.endswith(".csv"):
            frame.to_csv(folder / name, index=False, encoding="utf-8-sig")
        else:
            frame.to_excel(folder / name, index=False)
    import yaml

    inp = {"responses": name, "codebook": "codebook.yaml", "columns": COLUMNS if columns is None else columns,
           **(inputs or {})}
    cfg = {"study": {"id": "p", "name": "平台导出", "city": "青川市", "year": 2026}, "inputs": inp,
           "cleaning": {"speeder_ratio": None, "straightline_min_items": None}, "output": {"dir": "out"}}
    (folder / "study.yaml").write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    return folder / "study.yaml"


def _load(study: Path):
    return load_study_data(load_study(study))


def test_platform_export_reads_with_a_column_map(tmp_path):
    raw = platform_export(40)
    data = _load(_study(tmp_path, raw))
    r = data.responses
    assert len(r) == 40
    first = raw.iloc[0]
    assert r["duration"].iat[0] == float(first["所用时间"].removesuffix("秒"))  # 312秒 → 312
    assert r["submitted"].iat[0] == pd.Timestamp(first["提交答卷时间"].replace("/", "-"))  # 2026/5/12 8:00:41
    seven = SEVEN
    for var, (header, _) in zip(["q1", "q2", "q3"], ITEMS[:3]):
        want = raw[header].map(lambda v: seven.index(v) + 1 if v in seven else -1 if v in ("不清楚", "说不清")
                               else pd.NA)
        got = r[var].astype(object).where(r[var].notna(), pd.NA).tolist()
        assert got == want.tolist()
    # both wordings of the one special code map to it; (跳过) is no answer
    assert set(r["q1"].dropna()) <= {-1, 3, 4, 5, 6, 7}
    assert "ip" not in data.log.ignored_columns and "来源" in data.log.ignored_columns
    assert any("inputs.columns" in n for n in data.log.notes)


def test_derived_merge_map_bands_answers(tmp_path):
    raw = platform_export(40)
    data = _load(_study(tmp_path, raw))
    merged = {"18-24岁": "18-34", "25-34岁": "18-34", "35-44岁": "35-54", "45-54岁": "35-54", "55-64岁": "55+",
              "65岁及以上": "55+"}
    assert data.responses["age_band"].astype(str).tolist() == raw[Q_AGE].map(merged).tolist()
    assert list(data.responses["age_band"].cat.categories) == ["18-34", "35-54", "55+"]
    assert any("派生变量 age_band" in n for n in data.log.notes)


def test_derived_bands_from_cut_points(tmp_path):
    cb = CODEBOOK.replace("age_answer: {type: categorical, label: 年龄段, categories: [18-24岁, 25-34岁, 35-44岁, 45-54岁, 55-64岁, 65岁及以上]}",
                          "age: {type: integer, label: 年龄, role: screening}")
    cb = cb.replace("source: age_answer\n      map: {18-24岁: 18-34, 25-34岁: 18-34, 35-44岁: 35-54, 45-54岁: 35-54, 55-64岁: 55+, 65岁及以上: 55+}",
                    "source: age\n      cuts: [18, 35, 55]")
    raw = platform_export(6)
    raw[Q_AGE] = ["17", "18", "34", "35", "54", "80"]
    study = _study(tmp_path, raw, codebook=cb, columns={**COLUMNS, "4、您的年龄段：": "age"})
    data = load_study_data(load_study(study).model_copy(update={"cleaning": load_study(study).cleaning.model_copy(
        update={"min_age": None})}))
    assert data.responses["age_band"].astype(object).where(data.responses["age_band"].notna(), None).tolist() == \
        [None, "18-34", "18-34", "35-54", "35-54", "55+"]
    assert any("1 人低于 18" in n for n in data.log.notes)


def test_derive_map_must_cover_every_source_category():
    import yaml

    data = yaml.safe_load(CODEBOOK)
    del data["variables"]["age_band"]["derive"]["map"]["65岁及以上"]
    with pytest.raises(ValueError, match="65岁及以上"):
        Codebook.model_validate(data)


def test_column_map_key_that_matches_nothing_names_the_headers(tmp_path):
    study = _study(tmp_path, platform_export(5), columns={**COLUMNS, "re:99、.*": "advice"})
    with pytest.raises(InputError) as exc:
        _load(study)
    text = str(exc.value)
    assert "应恰好匹配一个表头" in text and "must match exactly one header" in text and "1、您所在的区：" in text


def test_column_map_to_an_unknown_variable(tmp_path):
    study = _study(tmp_path, platform_export(5), columns={**COLUMNS, "来源": "source"})
    with pytest.raises(InputError, match="not a codebook variable"):
        _load(study)


def test_multiselect_joined_cell(tmp_path):
    raw = platform_export(40)
    data = _load(_study(tmp_path, raw))
    r = data.responses
    options = ["公园绿地", "停车设施", "养老服务", "教育资源"]
    for j, opt in enumerate(options, 1):
        want = raw[Q_MULTI].map(lambda v, o=opt: pd.NA if v == "(空)" else int(o in v.split("┋")))
        assert r[f"q12_{j}"].astype(object).where(r[f"q12_{j}"].notna(), pd.NA).tolist() == want.tolist()
    other = raw[Q_MULTI].str.contains("其他")
    assert r["q12_5"].fillna(0).astype(int).tolist() == other.astype(int).tolist()
    assert (r.loc[other.to_numpy(), "q12_other"] == "菜市场太远").all()
    assert r.loc[~other.to_numpy(), "q12_other"].isna().all()
    assert any("多选题 q12" in n for n in data.log.notes)


def test_multiselect_from_01_columns(tmp_path):
    raw = platform_export(20)
    joined = raw.pop(Q_MULTI)
    labels = ["公园绿地", "停车设施", "养老服务", "教育资源", "其他〖请注明〗"]
    cols = {}
    for j, lab in enumerate(labels, 1):
        header = f"12({lab})"
        raw[header] = joined.map(lambda v, lab=lab: "0" if v == "(空)" else str(int(lab[:2] in v)))
        cols[header] = f"q12_{j}"
    raw["12(其他〖请注明〗)文本"] = joined.map(lambda v: v.split(":")[1] if ":" in v else "")
    cols["12(其他〖请注明〗)文本"] = "q12_other"
    columns = {k: v for k, v in COLUMNS.items() if v != "q12"} | cols
    r = _load(_study(tmp_path, raw, columns=columns)).responses
    assert r["q12_2"].tolist() == joined.map(lambda v: int("停车设施" in v)).tolist()
    assert r["q12_other"].dropna().tolist() == ["菜市场太远"] * int(joined.str.contains("其他").sum())


def test_multiselect_unknown_choice_names_row_and_value(tmp_path):
    raw = platform_export(5)
    raw.loc[2, Q_MULTI] = "公园绿地┋地铁"
    with pytest.raises(InputError) as exc:
        _load(_study(tmp_path, raw))
    text = str(exc.value)
    assert "第 4 行" in text and "地铁" in text and "options" in text


def test_likert_aliases_on_scale_and_item(tmp_path):
    raw = platform_export(10)
    raw.loc[0, ITEMS[0][0]] = "很满意"
    raw.loc[1, ITEMS[0][0]] = "还行"
    cb = CODEBOOK.replace("q1: {type: likert, scale: sat7, level: 住房, label: 房屋质量与安全}",
                          "q1: {type: likert, scale: sat7, level: 住房, label: 房屋质量与安全, aliases: {还行: 一般}}")
    data = _load(_study(tmp_path, raw, codebook=cb))
    assert data.responses["q1"].iat[0] == 7 and data.responses["q1"].iat[1] == 4
    ch = data.log.changes
    assert set(ch.loc[ch["column"] == "q1", "reason"]) == {"按编码本别名统一"}


def test_likert_alias_to_an_unknown_answer_is_a_codebook_error():
    import yaml

    data = yaml.safe_load(CODEBOOK)
    data["variables"]["q1"]["aliases"] = {"还行": "中等"}
    with pytest.raises(ValueError, match="中等"):
        Codebook.model_validate(data)


def test_special_code_with_several_wordings_is_one_code():
    import yaml

    cb = Codebook.model_validate(yaml.safe_load(CODEBOOK))
    assert cb.scales["sat7"].special == {8: "不清楚/说不清"}
    answers = cb.scales["sat7"].answers()
    assert answers["不清楚"] == answers["说不清"] == answers["8"] == -1


def test_code_download_with_skip_codes(tmp_path):
    text_raw = platform_export(30)
    text_raw.loc[3, ITEMS[0][0]] = "(跳过)"
    raw = platform_export(30, codes=True)
    raw.loc[3, ITEMS[0][0]] = "-3"
    study = _study(tmp_path, raw, inputs={"missing_values": ["-3"]})
    cb = CODEBOOK.replace("categories: [青山区, 河东区, 新港区]", "categories: [青山区, 河东区, 新港区], codes: {1: 青山区, 2: 河东区, 3: 新港区}")
    cb = cb.replace("categories: [男, 女]", "categories: [男, 女], codes: {1: 男, 2: 女}")
    cb = cb.replace("65岁及以上]}", "65岁及以上], codes: {1: 18-24岁, 2: 25-34岁, 3: 35-44岁, 4: 45-54岁, 5: 55-64岁, 6: 65岁及以上}}")
    (tmp_path / "codebook.yaml").write_text(cb, encoding="utf-8")
    text_version = _load(_study(tmp_path / "t", text_raw))
    data = _load(study)
    for q in ["q1", "q2", "q3", "district", "age_band"]:
        pd.testing.assert_series_equal(data.responses[q].reset_index(drop=True),
                                       text_version.responses[q].reset_index(drop=True), check_names=False)
    ch = data.log.changes
    skipped = (raw[ITEMS[0][0]] == "-3").sum()
    assert skipped > 0
    assert (ch.loc[ch["column"] == "q1", "reason"] == "平台跳过代码视为未作答").sum() == skipped
    # without the declaration -3 is an error that says what to do
    study2 = _study(tmp_path / "no", raw)
    (tmp_path / "no" / "codebook.yaml").write_text(cb, encoding="utf-8")
    with pytest.raises(InputError, match="-3"):
        _load(study2)


def test_minutes_and_seconds_durations(tmp_path):
    raw = platform_export(3)
    raw["所用时间"] = ["312秒", "5分12秒", "1小时2分"]
    r = _load(_study(tmp_path, raw)).responses
    assert r["duration"].tolist() == [312.0, 312.0, 3720.0]


def test_trailing_empty_column_is_dropped_and_logged(tmp_path):
    raw = platform_export(5)
    raw[""] = ""
    study = _study(tmp_path, raw)
    text = (tmp_path / "export.csv").read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].endswith(",")
    data = _load(study)
    letter = excel_column(raw.shape[1] - 1)
    assert any(f"第 {letter} 列" in n and "全空" in n for n in data.log.notes)


def test_unnamed_column_with_data_names_its_letter(tmp_path):
    raw = platform_export(5)
    raw.insert(2, "", ["", "", "x", "", ""])
    with pytest.raises(InputError) as exc:
        _load(_study(tmp_path, raw))
    text = str(exc.value)
    assert "第 C 列" in text and "column C" in text and "第 4 行" in text and "「x」" in text


def test_header_only_file_fails_validation(tmp_path):
    raw = platform_export(3).iloc[:0]
    with pytest.raises(InputError) as exc:
        _load(_study(tmp_path, raw))
    assert "没有任何答卷" in str(exc.value) and "no responses" in str(exc.value)


def test_two_row_header_with_merged_titles(tmp_path):
    from openpyxl import Workbook

    raw = platform_export(8)
    wb = Workbook()
    ws = wb.active
    top, bottom = [], []
    for c in raw.columns:
        if "—" in c:
            t, b = c.split("—")
            top.append(t if t not in top else None)
            bottom.append(b)
        else:
            top.append(c)
            bottom.append(None)
    ws.append(top)
    ws.append(bottom)
    ws.merge_cells(start_row=1, start_column=top.index(ITEMS[0][0].split("—")[0]) + 1, end_row=1,
                   end_column=top.index(ITEMS[0][0].split("—")[0]) + 2)
    for row in raw.itertuples(index=False):
        ws.append(list(row))
    wb.save(tmp_path / "export.xlsx")
    table = read_raw(tmp_path / "export.xlsx", header_rows=2)
    assert list(table.frame.columns) == list(raw.columns)
    assert table.first_row == 3
    data = _load(_study(tmp_path, None, name="export.xlsx", inputs={"header_rows": 2}))
    assert len(data.responses) == 8
    assert data.log.rows["row"].iat[0] == 3


def test_sheet_detection_skips_a_cover_sheet(tmp_path):
    raw = platform_export(12)
    with pd.ExcelWriter(tmp_path / "export.xlsx") as xw:
        pd.DataFrame({"说明": ["本文件由问卷星导出", "共 12 份答卷", "请勿外传"]}).to_excel(xw, sheet_name="说明", index=False)
        raw.to_excel(xw, sheet_name="答卷数据", index=False)
    data = _load(_study(tmp_path, None, name="export.xlsx"))
    assert len(data.responses) == 12
    assert any("答卷数据" in n and "inputs.sheet" in n for n in data.log.notes)
    with pytest.raises(InputError, match="inputs.sheet"):
        _load(_study(tmp_path / "s", None, name="../export.xlsx", inputs={"sheet": "Sheet9"}))


def test_spss_value_labels_and_user_missing(tmp_path):
    pyreadstat = pytest.importorskip("pyreadstat")
    raw = platform_export(20)
    seven = SEVEN
    df = pd.DataFrame({
        "rid": raw["序号"].astype(float),
        "district": raw["1、您所在的区："].map({"青山区": 1.0, "河东区": 2.0, "新港区": 3.0}),
        "sex": raw["3、您的性别："].map({"男": 1.0, "女": 2.0}),
        "age_answer": raw[Q_AGE].map({a: float(i) for i, a in enumerate(AGE_ANSWERS, 1)}),
        "q1": raw[ITEMS[0][0]].map(lambda v: float(seven.index(v) + 1) if v in seven else 8.0 if v != "(跳过)" else 99.0),
    })
    df.loc[0, "sex"] = 9.0  # 拒答, a user-missing code the codebook has no category for
    labels = {"district": {1.0: "青山区", 2.0: "河东区", 3.0: "新港区"}, "sex": {1.0: "男", 2.0: "女", 9.0: "拒答"},
              "age_answer": {float(i): a for i, a in enumerate(AGE_ANSWERS, 1)},
              "q1": {**{float(i): s for i, s in enumerate(seven, 1)}, 8.0: "不清楚", 99.0: "跳过"}}
    pyreadstat.write_sav(df, str(tmp_path / "export.sav"), variable_value_labels=labels,
                         missing_ranges={"sex": [9.0], "q1": [8.0, 99.0]})
    cb = textwrap.dedent(CODEBOOK).split("  q2:")[0] + "  advice: {type: text, required: false}\n"
    cb = cb.replace("  submitted: {type: date, role: fieldwork_date, label: 提交答卷时间}\n", "").replace(
        "  duration: {type: number, role: duration, min: 0, label: 所用时间}\n", "").replace(
        "  ip: {type: text, role: device, label: 来自IP}\n", "")
    data = _load(_study(tmp_path, None, name="export.sav", codebook=cb, columns={}))
    r = data.responses.reset_index(drop=True)
    assert r["district"].astype(str).tolist() == raw["1、您所在的区："].tolist()  # codes → labels
    assert pd.isna(r.loc[0, "sex"])  # user-missing 拒答 → missing, logged
    q1 = raw[ITEMS[0][0]]
    assert (r.loc[q1.isin(["不清楚", "说不清"]).to_numpy(), "q1"] == -1).all()  # user-missing 8 → special
    assert r.loc[(q1 == "(跳过)").to_numpy(), "q1"].isna().all()  # user-missing 99 → missing
    ch = data.log.changes
    assert (ch["reason"] == "SPSS 用户缺失值设为缺失").sum() == 1 + int((q1 == "(跳过)").sum())
    assert ((ch["column"] == "district") & (ch["reason"] == "按 SPSS 值标签转换")).sum() == 20


def test_header_rows_out_of_range_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="header_rows"):
        load_study(_study(tmp_path, platform_export(2), inputs={"header_rows": 4}))


def test_excel_column_letters():
    assert [excel_column(i) for i in (0, 25, 26, 27, 701, 702)] == ["A", "Z", "AA", "AB", "ZZ", "AAA"]
