"""Loading: file types, encodings, normalisation, bad input messages, cleaning log."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from citysurvey.config import load_study
from citysurvey.errors import ConfigError, InputError
from citysurvey.loading import load_study_data, read_table

from conftest import MINI_HEADER, MINI_ROWS, write_mini_study


def _load(study: Path):
    return load_study_data(load_study(study))


# -- file types and encodings ------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_encodings_read_the_same(tmp_path, encoding):
    data = _load(write_mini_study(tmp_path / encoding, encoding=encoding))
    assert list(data.responses.index) == ["A1", "A2", "A3", "A4"]
    assert data.responses.loc["A4", "suggestion"] == "路灯不亮"
    assert list(data.responses.columns[:1]) == ["submitted_at"]  # BOM did not leak into the first header


def test_xlsx_reads_like_csv(tmp_path):
    csv = _load(write_mini_study(tmp_path / "c"))
    xlsx = _load(write_mini_study(tmp_path / "x", responses_name="responses.xlsx"))
    pd.testing.assert_frame_equal(csv.responses, xlsx.responses)


def test_sav_reads_codes(tmp_path):
    pyreadstat = pytest.importorskip("pyreadstat")
    df = pd.DataFrame(MINI_ROWS, columns=MINI_HEADER)
    num = df.copy()
    num["sex"] = num["sex"].map({"男": 1, "女": 2, "1": 1, "2": 2}).astype(float)
    for c in ["duration_sec", "age"]:
        num[c] = num[c].astype(float)
    for c in ["q1", "q2", "q3", "q4"]:
        num[c] = pd.to_numeric(num[c].str.replace("５", "5"), errors="coerce")
    folder = tmp_path / "s"
    study = write_mini_study(folder)
    pyreadstat.write_sav(num, str(folder / "responses.sav"))
    study.write_text(study.read_text(encoding="utf-8").replace("responses.csv", "responses.sav"), encoding="utf-8")
    data = _load(study)
    assert data.responses.loc["A4", "sex"] == "男"
    assert data.responses.loc["A3", "q1"] == 5
    assert data.responses.loc["A2", "q3"] is pd.NA


def test_input_files_are_never_modified(tmp_path):
    study = write_mini_study(tmp_path / "m")
    before = {p.name: p.read_bytes() for p in study.parent.iterdir()}
    _load(study)
    assert {p.name: p.read_bytes() for p in study.parent.iterdir()} == before


# -- normalisation and typed values ---------------------------------------------

def test_values_are_normalised_and_typed(mini_study):
    r = _load(mini_study).responses
    assert r.loc["A3", "district"] == "甲区"  # alias
    assert r.loc["A4", "district"] == "乙区"  # stray space
    assert r.loc["A3", "sex"] == "女"  # code → label, not a change
    assert r.loc["A3", "q1"] == 5  # full-width digit
    assert r.loc["A2", "q2"] == -1  # special code 9 → first special answer
    assert r.loc["A2", "q3"] is pd.NA  # blank → not answered
    assert list(r["district"].cat.categories) == ["甲区", "乙区"]
    assert str(r["q1"].dtype) == "Int8"


def test_likert_labels_map_by_position(tmp_path):
    rows = [list(r) for r in MINI_ROWS[:4]]
    rows[0][7] = "非常满意"
    rows[1][7] = "不了解/不适用"
    r = _load(write_mini_study(tmp_path / "l", rows=rows)).responses
    assert r.loc["A1", "q1"] == 5
    assert r.loc["A2", "q1"] == -1


# -- cleaning log -----------------------------------------------------------------

def test_cleaning_log_accounts_for_every_row(mini_study):
    data = _load(mini_study)
    log = data.log
    assert log.n_input == len(MINI_ROWS)
    assert log.count("kept") + log.count("changed") + log.count("dropped") == log.n_input
    assert log.count("kept") + log.count("changed") == data.n
    summary = log.summary()
    assert summary.loc[summary["status"] == "total", "n"].item() == log.n_input
    assert summary.loc[summary["status"] != "total", "n"].sum() == log.n_input
    by_id = log.rows.set_index("respondent_id")
    assert by_id.loc["A5", "status"] == "dropped" and "用时过短" in by_id.loc["A5", "reason"]
    assert by_id.loc["A6", "status"] == "dropped" and "同一设备" in by_id.loc["A6", "reason"]
    assert by_id.loc["A7", "status"] == "dropped" and "甄别" in by_id.loc["A7", "reason"]
    assert by_id.loc["A3", "status"] == "changed"
    assert by_id.loc["A1", "status"] == "kept"
    assert by_id.loc["A1", "row"] == 2  # header is row 1, as in Excel
    ch = log.changes
    assert set(ch.loc[ch["respondent_id"] == "A3", "column"]) == {"district", "q1"}
    assert ch.loc[(ch["respondent_id"] == "A3") & (ch["column"] == "q1"), "before"].item() == "５"


def test_straightlining_rule(tmp_path):
    rows = [list(r) for r in MINI_ROWS[:4]]
    rows[1][7:11] = ["3", "3", "3", "3"]
    study = write_mini_study(tmp_path / "s", rows=rows, cleaning="cleaning: {straightline_min_items: 4}\n")
    log = _load(study).log
    assert "直线作答" in log.rows.set_index("respondent_id").loc["A2", "reason"]


def test_rules_can_be_switched_off(tmp_path):
    study = write_mini_study(
        tmp_path / "o", cleaning="cleaning: {min_age: null, speeder_ratio: null, duplicate_devices: keep}\n"
    )
    assert _load(study).log.count("dropped") == 0


def test_invalid_values_to_missing_when_asked(tmp_path):
    rows = [list(r) for r in MINI_ROWS[:4]]
    rows[0][8] = "7"
    study = write_mini_study(tmp_path / "v", rows=rows, cleaning="cleaning: {invalid_values: missing}\n")
    data = _load(study)
    assert data.responses.loc["A1", "q2"] is pd.NA
    ch = data.log.changes
    assert ch.loc[(ch["respondent_id"] == "A1") & (ch["column"] == "q2"), "reason"].item() == "无效值设为缺失"


# -- bad input: each kind with its message -------------------------------------------

def _bad_rows(col: str, value: str, row_index: int = 1):
    rows = [list(r) for r in MINI_ROWS]
    rows[row_index][MINI_HEADER.index(col)] = value
    return rows


def _assert_bilingual(msg: str, *fragments: str):
    assert "[错误]" in msg and "[Error]" in msg
    for f in fragments:
        assert f in msg, f"{f!r} not in message:\n{msg}"


@pytest.mark.parametrize(
    "col, value, zh",
    [
        ("district", "丙区", "不是编码本允许的取值"),  # unknown category
        ("q1", "7", "不是编码本允许的取值"),  # Likert out of range
        ("duration_sec", "abc", "不是编码本允许的取值"),  # not a number
        ("age", "150", "不是编码本允许的取值"),  # integer above max
        ("age", "30.5", "不是编码本允许的取值"),  # not an integer
        ("submitted_at", "2026-13-45", "不是编码本允许的取值"),  # impossible date
        ("district", "", "必填项为空"),  # required value blank
    ],
)
def test_bad_cell_names_file_row_column_value(tmp_path, col, value, zh):
    study = write_mini_study(tmp_path / "b", rows=_bad_rows(col, value))
    with pytest.raises(InputError) as exc:
        _load(study)
    _assert_bilingual(str(exc.value), "responses.csv", "第 3 行", f"列「{col}」", zh, "row 3", f"column '{col}'")
    if value:
        assert f"值「{value}」" in str(exc.value)


def test_all_bad_cells_reported_at_once(tmp_path):
    rows = _bad_rows("q1", "7", 0)
    rows[2][MINI_HEADER.index("q2")] = "8"
    with pytest.raises(InputError) as exc:
        _load(write_mini_study(tmp_path / "b", rows=rows))
    assert len(exc.value.problems) == 2


def test_missing_column(tmp_path):
    folder = tmp_path / "mc"
    study = write_mini_study(folder)
    df = pd.read_csv(folder / "responses.csv", dtype=str).drop(columns=["q3"])
    df.to_csv(folder / "responses.csv", index=False)
    with pytest.raises(InputError) as exc:
        _load(study)
    _assert_bilingual(str(exc.value), "缺少编码本要求的列", "q3", "required: false")


def test_duplicate_ids(tmp_path):
    with pytest.raises(InputError) as exc:
        _load(write_mini_study(tmp_path / "d", rows=_bad_rows("rid", "A1", 1)))
    _assert_bilingual(str(exc.value), "问卷编号重复", "第 3 行", "同编号还出现在第 2 行", "duplicate_ids: drop")


def test_duplicate_ids_dropped_when_asked(tmp_path):
    study = write_mini_study(tmp_path / "d", rows=_bad_rows("rid", "A1", 1), cleaning="cleaning: {duplicate_ids: drop}\n")
    log = _load(study).log
    assert "问卷编号重复" in log.rows.loc[1, "reason"]


def test_duplicate_header(tmp_path):
    folder = tmp_path / "dh"
    study = write_mini_study(folder)
    text = (folder / "responses.csv").read_text(encoding="utf-8").replace("q4", "q3", 1)
    (folder / "responses.csv").write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        _load(study)
    _assert_bilingual(str(exc.value), "列名重复", "q3")


def test_malformed_csv(tmp_path):
    folder = tmp_path / "mf"
    study = write_mini_study(folder)
    with open(folder / "responses.csv", "a", encoding="utf-8") as fh:
        fh.write("A9,2026-07-01,1,2,3,4,5,6,7,8,9,10,11,12,13\n")
    with pytest.raises(InputError) as exc:
        _load(study)
    _assert_bilingual(str(exc.value), "CSV 格式错误", "逗号")


def test_wrong_declared_encoding(tmp_path):
    folder = tmp_path / "enc"
    write_mini_study(folder, encoding="gbk")
    study = folder / "study.yaml"
    study.write_text(study.read_text(encoding="utf-8").replace("margins: margins.csv", "margins: margins.csv\n  encoding: utf-8"),
                     encoding="utf-8")
    with pytest.raises(InputError) as exc:
        _load(study)
    _assert_bilingual(str(exc.value), "无法按 utf-8 编码读取", "CSV UTF-8")


def test_unsupported_file_type(tmp_path):
    (tmp_path / "x.json").write_text("{}")
    with pytest.raises(InputError) as exc:
        read_table(tmp_path / "x.json")
    _assert_bilingual(str(exc.value), "不支持的文件类型", ".json")


# -- config errors -------------------------------------------------------------------

def _edit(study: Path, old: str, new: str) -> Path:
    study.write_text(study.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return study


def test_config_unknown_key(mini_study):
    _edit(mini_study, "output:", "outptu: {dir: x}\noutput:")
    with pytest.raises(ConfigError) as exc:
        load_study(mini_study)
    _assert_bilingual(str(exc.value), "outptu", "未知的配置项")


def test_config_missing_key(mini_study):
    _edit(mini_study, "name: 测试研究, ", "")
    with pytest.raises(ConfigError) as exc:
        load_study(mini_study)
    _assert_bilingual(str(exc.value), "study.name", "缺少必填项")


def test_config_wrong_type(mini_study):
    _edit(mini_study, "year: 2026", "year: 二〇二六")
    with pytest.raises(ConfigError) as exc:
        load_study(mini_study)
    _assert_bilingual(str(exc.value), "study.year", "应为整数", "二〇二六")


def test_config_input_file_missing(mini_study):
    _edit(mini_study, "responses: responses.csv", "responses: nowhere.csv")
    with pytest.raises(ConfigError) as exc:
        load_study(mini_study)
    _assert_bilingual(str(exc.value), "inputs.responses", "nowhere.csv", "不存在")


def test_config_bad_yaml(mini_study):
    _edit(mini_study, "inputs:", "inputs: [")
    with pytest.raises(ConfigError) as exc:
        load_study(mini_study)
    _assert_bilingual(str(exc.value), "YAML", "study.yaml")


def test_codebook_undefined_scale(mini_study):
    cb = mini_study.parent / "codebook.yaml"
    cb.write_text(cb.read_text(encoding="utf-8").replace("q4: {type: likert, scale: sat5", "q4: {type: likert, scale: sat7"),
                  encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        _load(mini_study)
    _assert_bilingual(str(exc.value), "sat7", "codebook.yaml")


# -- margins --------------------------------------------------------------------------

@pytest.mark.parametrize(
    "old, new, zh",
    [
        ("甲区,男,1000", "丁区,男,1000", "不是编码本中的类别"),
        ("甲区,男,1000", "甲区,男,-5", "人口数应为非负数字"),
        ("district×sex,甲区,男", "district,甲区,男", "不一致"),
    ],
)
def test_bad_margins(mini_study, old, new, zh):
    m = mini_study.parent / "margins.csv"
    m.write_text(m.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    with pytest.raises(InputError) as exc:
        _load(mini_study)
    _assert_bilingual(str(exc.value), "margins.csv", "第 2 行", zh)


def test_a_false_utf8_bom_is_named_and_gb18030_reads_the_file():
    """GBK bytes behind a UTF-8 BOM: say so with the line and byte, and let inputs.encoding read it."""
    from citysurvey.errors import InputError
    from citysurvey.textio import decode_bytes

    data = b"\xef\xbb\xbf" + "序号,性别\n1,男\n".encode("gbk")
    with pytest.raises(InputError) as err:
        decode_bytes(data, path="x.csv")
    msg = str(err.value)
    assert "BOM" in msg and "0xD0" in msg and "gb18030" in msg
    text, enc = decode_bytes(data, path="x.csv", encoding="gb18030")
    assert text.startswith("序号,性别") and enc == "gb18030"
