"""Population tables as yearbooks print them → the long margins CSV (`citysurvey margins`)."""
from __future__ import annotations

import math

import pandas as pd
import pytest
import yaml
from openpyxl import Workbook
from typer.testing import CliRunner

from citysurvey.cli import app
from citysurvey.codebook import Codebook
from citysurvey.errors import InputError
from citysurvey.loading import validate_margins
from citysurvey.sampling.population_tables import age_interval, population_margins

from platform_export import DISTRICTS, population_table
from test_loading_platform import CODEBOOK


@pytest.fixture
def codebook() -> Codebook:
    data = yaml.safe_load(CODEBOOK)
    data["variables"]["hukou"] = {"type": "categorical", "role": "demographic", "label": "户籍",
                                  "categories": ["本市户籍", "外地户籍"], "aliases": {"户籍人口": "本市户籍"}}
    return Codebook.model_validate(data)


def _cell(m: pd.DataFrame, **where) -> float:
    mask = pd.Series(True, index=m.index)
    for k, v in where.items():
        mask &= m[k] == v
    assert mask.sum() == 1, where
    return float(m.loc[mask, "population"].item())


def test_yearbook_table_with_title_merged_header_totals_and_note(tmp_path, codebook):
    population_table(tmp_path / "pop.xlsx")
    m, notes = population_margins([tmp_path / "pop.xlsx"], codebook)
    assert set(m["margin"]) == {"district×sex×age_band"}
    assert len(m) == 3 * 2 * 3
    # the generator puts 1000(k+1) + 100 j in group j (6 male, then 6 female groups) of district k;
    # 18-24岁 + 25-34岁 → 18-34 is groups 0 and 1
    for k, d in enumerate(DISTRICTS):
        base = 1000 * (k + 1)
        assert _cell(m, district=d, sex="男", age_band="18-34") == 2 * base + 100 * (0 + 1)
        assert _cell(m, district=d, sex="女", age_band="55+") == 2 * base + 100 * (10 + 11)
    assert m["population"].sum() == sum(12 * 1000 * (k + 1) + 100 * 66 for k in range(3))
    assert any("资料来源" in n for n in notes)
    assert any("已核对" in n for n in notes) and not any("警告" in n for n in notes)
    validate_margins(m.astype({"population": str}), codebook, file="margins.csv")


def test_age_groups_straddling_a_band_are_split_by_years(tmp_path, codebook):
    wb = Workbook()
    ws = wb.active
    ws.append(["地区", "15-19岁", "20-34岁", "35-54岁", "55岁及以上", "0-14岁", "合计"])
    ws.append(["青山区", 500, 3000, 4000, 2500, 1000, 11000])
    wb.save(tmp_path / "age.xlsx")
    m, notes = population_margins([tmp_path / "age.xlsx"], codebook)
    # 15-19: years 18 and 19 of five go to 18-34
    assert _cell(m, district="青山区", age_band="18-34") == pytest.approx(3000 + 500 * 2 / 5)
    assert _cell(m, district="青山区", age_band="55+") == 2500
    assert any("15-19岁" in n and "按年数比例拆分" in n for n in notes)
    assert any("0-14岁" in n and "略去" in n for n in notes)


def test_gbk_hukou_table_rescaled_to_the_first_table(tmp_path, codebook):
    population_table(tmp_path / "pop.xlsx")
    lines = ["各区户籍人口与外来人口（单位：人）", "区县,户籍人口,外地户籍,合计"]
    for k, d in enumerate(DISTRICTS):
        lines.append(f"{d},{20000 * (k + 1)},{10000 * (k + 1)},{30000 * (k + 1)}")
    lines.append("合计,120000,60000,180000")
    lines.append("注：户籍人口含未成年人。")
    (tmp_path / "hukou.csv").write_bytes("\n".join(lines).encode("gbk"))
    m, notes = population_margins([tmp_path / "pop.xlsx", tmp_path / "hukou.csv"], codebook)
    hk = m[m["margin"] == "district×hukou"]
    age = m[m["margin"] == "district×sex×age_band"]
    for d in DISTRICTS:  # each district's 户籍 split keeps its 2:1 shares and the age table's total
        total = age.loc[age["district"] == d, "population"].sum()
        assert _cell(hk, district=d, hukou="本市户籍") == pytest.approx(total * 2 / 3)
        assert _cell(hk, district=d, hukou="外地户籍") == pytest.approx(total / 3)
    assert any("缩放" in n for n in notes)
    m2, _ = population_margins([tmp_path / "pop.xlsx", tmp_path / "hukou.csv"], codebook, rescale=False)
    assert _cell(m2[m2["margin"] == "district×hukou"], district="青山区", hukou="本市户籍") == 20000


def test_unknown_name_is_named_with_its_cell_and_the_fix(tmp_path, codebook):
    (tmp_path / "edu.csv").write_bytes("区县,大学本科,合计\n青山区,100,100\n高新区,50,50\n".encode("gbk"))
    with pytest.raises(InputError) as exc:
        population_margins([tmp_path / "edu.csv"], codebook)
    text = str(exc.value)
    assert "大学本科" in text and "高新区" in text and "aliases" in text
    assert "第 3 行" in text and "列「A」" in text  # 高新区 is in cell A3


def test_total_that_does_not_add_up_is_a_warning(tmp_path, codebook):
    (tmp_path / "sex.csv").write_text("区县,男,女,合计\n青山区,100,120,230\n", encoding="utf-8")
    m, notes = population_margins([tmp_path / "sex.csv"], codebook)
    assert any("警告" in n and "230" in n and "220" in n for n in notes)
    assert m["population"].sum() == 220


def test_no_total_is_a_warning_and_units_of_ten_thousand(tmp_path, codebook):
    (tmp_path / "sex.csv").write_text("单位：万人\n区县,男,女\n青山区,1.5,1.25\n", encoding="utf-8")
    m, notes = population_margins([tmp_path / "sex.csv"], codebook)
    assert _cell(m, district="青山区", sex="男") == 15000 and _cell(m, district="青山区", sex="女") == 12500
    assert any("没有合计" in n for n in notes)
    assert any("万人" in n for n in notes)


def test_age_interval_readings():
    assert age_interval("20-24岁") == (20, 25)
    assert age_interval("65岁及以上") == (65, math.inf)
    assert age_interval("60+") == (60, math.inf)
    assert age_interval("18岁以下") == (0, 18)
    assert age_interval("本科") is None


def test_margins_command_writes_a_file_the_run_reads(tmp_path, codebook):
    population_table(tmp_path / "pop.xlsx")
    (tmp_path / "codebook.yaml").write_text(CODEBOOK, encoding="utf-8")
    res = CliRunner().invoke(app, ["margins", str(tmp_path / "pop.xlsx"), "--codebook", str(tmp_path / "codebook.yaml"),
                                   "--out", str(tmp_path / "out" / "margins.csv")])
    assert res.exit_code == 0, res.output
    from citysurvey.loading import read_margins
    from citysurvey.codebook import load_codebook

    m = read_margins(tmp_path / "out" / "margins.csv", load_codebook(tmp_path / "codebook.yaml"))
    assert len(m) == 18 and m["population"].sum() == 91800
    first = (tmp_path / "out" / "margins.csv").read_bytes()
    CliRunner().invoke(app, ["margins", str(tmp_path / "pop.xlsx"), "--codebook", str(tmp_path / "codebook.yaml"),
                             "--out", str(tmp_path / "out" / "margins.csv")])
    assert (tmp_path / "out" / "margins.csv").read_bytes() == first
    bad = CliRunner().invoke(app, ["margins", str(tmp_path / "nope.xlsx"), "--codebook", str(tmp_path / "codebook.yaml"),
                                   "--out", str(tmp_path / "m.csv")])
    assert bad.exit_code == 2 and "找不到文件" in bad.output.replace("\n", "")


def test_streets_under_districts_two_label_columns(tmp_path, codebook):
    data = codebook.model_dump(exclude_defaults=True)
    data["variables"]["street"] = {"type": "categorical", "role": "street", "categories": ["东湖街道", "青山街道", "望江街道"]}
    cb = Codebook.model_validate(data)
    (tmp_path / "streets.csv").write_text("区县,街道,常住人口\n青山区,东湖街道,100\n,青山街道,300\n河东区,望江街道,600\n",
                                          encoding="utf-8")
    m, notes = population_margins([tmp_path / "streets.csv"], cb)
    assert set(m["margin"]) == {"district×street"}
    assert _cell(m, district="青山区", street="青山街道") == 300  # the merged 区县 cell fills down
    assert _cell(m, district="河东区", street="望江街道") == 600


def _long_rows() -> list[tuple[str, str, str, int]]:
    """The numbers of ``population_table`` (the wide yearbook table), one row per 区县 × 性别 × 年龄组."""
    groups = ["18-24岁", "25-34岁", "35-44岁", "45-54岁", "55-64岁", "65岁及以上"]
    return [(d, sex, grp, 1000 * (k + 1) + 100 * (6 * s + j))
            for k, d in enumerate(DISTRICTS) for s, sex in enumerate(["男", "女"]) for j, grp in enumerate(groups)]


def test_long_table_gives_the_margins_of_the_wide_table_with_the_same_numbers(tmp_path, codebook):
    population_table(tmp_path / "wide.xlsx")
    wide, _ = population_margins([tmp_path / "wide.xlsx"], codebook)
    rows = _long_rows()
    text = "区县,性别,年龄组,常住人口\n" + "".join(f"{d},{s},{g},{n}\n" for d, s, g, n in rows)
    (tmp_path / "long.csv").write_text(text + f"合计,,,{sum(n for *_, n in rows)}\n", encoding="utf-8")
    long, notes = population_margins([tmp_path / "long.csv"], codebook)
    pd.testing.assert_frame_equal(long, wide)
    assert any("已核对 1 个合计" in n for n in notes) and not any("警告" in n for n in notes)
    # without a 合计 row: the same margins, and a warning that nothing could be checked
    (tmp_path / "bare.csv").write_text(text, encoding="utf-8")
    bare, notes = population_margins([tmp_path / "bare.csv"], codebook)
    pd.testing.assert_frame_equal(bare, wide)
    assert any("没有合计" in n for n in notes)


def test_long_table_in_ten_thousands_with_merged_labels_and_subtotals(tmp_path, codebook):
    population_table(tmp_path / "wide.xlsx")
    wide, _ = population_margins([tmp_path / "wide.xlsx"], codebook)
    lines, prev = ["表1 分区县、性别、年龄组常住人口", "区县,性别,年龄组,2020年常住人口（万人）"], None
    for d in DISTRICTS:
        part = [r for r in _long_rows() if r[0] == d]
        for d_, s, g, n in part:
            # the district and sex written once, as merged cells export
            lines.append(f"{d_ if d_ != prev else ''},{s if g == '18-24岁' else ''},{g},{n / 10000:g}")
            prev = d_
        lines.append(f"{d},合计,,{sum(n for *_, n in part) / 10000:g}")  # a district subtotal
    lines.append(f"合计,,,{sum(n for *_, n in _long_rows()) / 10000 + 0.5:g}")  # off by 5,000
    (tmp_path / "long.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    long, notes = population_margins([tmp_path / "long.csv"], codebook)
    long["population"] = long["population"].round(3)
    pd.testing.assert_frame_equal(long, wide)
    assert any("万人" in n for n in notes)
    assert any("已核对 4 个合计" in n for n in notes)
    warnings = [n for n in notes if "警告" in n]
    assert len(warnings) == 1 and "96,800" in warnings[0] and "91,800" in warnings[0]


def test_long_table_with_an_unknown_label_names_its_cell(tmp_path, codebook):
    (tmp_path / "long.csv").write_text("区县,性别,年龄组,常住人口\n青山区,男,18-34岁,10\n青山区,男性,35-54岁,20\n",
                                       encoding="utf-8")
    with pytest.raises(InputError) as exc:
        population_margins([tmp_path / "long.csv"], codebook)
    text = exc.value.format()
    assert "long.csv，第 3 行，列「B」，值「男性」" in text and "row 3, column 'B'" in text and "sex 的 aliases" in text


def test_two_count_columns_are_refused_naming_both(tmp_path, codebook):
    (tmp_path / "two.csv").write_text("区县,性别,常住人口,年末人口\n青山区,男,100,80\n青山区,女,120,90\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        population_margins([tmp_path / "two.csv"], codebook)
    text = exc.value.format()
    assert "C「常住人口」" in text and "D「年末人口」" in text and "第 1 行" in text and "Keep one column" in text


def test_one_label_column_and_a_dated_count_column(tmp_path, codebook):
    (tmp_path / "d.csv").write_text("区县,2020年常住人口（万人）\n青山区,1.5\n河东区,2\n合计,3.5\n", encoding="utf-8")
    m, notes = population_margins([tmp_path / "d.csv"], codebook)
    assert _cell(m, district="青山区") == 15000 and _cell(m, district="河东区") == 20000
    assert any("读作人口数" in n for n in notes) and any("已核对 1 个合计" in n for n in notes)
