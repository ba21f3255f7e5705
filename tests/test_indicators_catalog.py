"""The indicator catalog: shipped national base, study overrides, and errors that name file, row and column."""
from __future__ import annotations

import textwrap

import pandas as pd
import pytest

from citysurvey.errors import ConfigError, InputError
from citysurvey.indicators import CATALOG_COLUMNS, load_catalog, national_catalog

REFERENCE = "/work/shared/domain/indicators_reference.csv"


def test_national_catalog_is_the_reference_with_provenance_and_defaults():
    cat = national_catalog()
    assert list(cat.columns) == list(CATALOG_COLUMNS)
    assert len(cat) == 128 and cat["indicator_id"].is_unique
    c = cat.set_index("indicator_id")
    # provenance kept, EST defaults marked as such
    assert c.at["H02", "source"].startswith("name/unit: SRC-CODE; std: EST")
    assert "dept/weight/safety/action: EST" in c.at["H02", "source"]
    assert c.at["H02", "direction"] == "problem_count" and c.at["H02", "standard"] == 0
    assert bool(c.at["H02", "safety_related"]) and not bool(c.at["C05", "safety_related"])
    assert c.at["C01", "responsible_department"] == "民政局"
    assert c.at["B04", "standard"] == 90 and c.at["B04", "direction"] == "higher_better"
    assert c.at["U14", "direction"] == "lower_better" and c.at["U14", "standard"] == 45
    assert c.at["X04", "direction"] == "interval" and (c.at["X04", "standard_low"], c.at["X04", "standard_high"]) == (80, 120)
    assert pd.isna(c.at["U05", "standard"]) and c.at["U05", "standard_source"] == "none"
    assert (cat["weight"] == 1).all()
    # the level keeps the codebook's full-width spelling, so joins with item levels work
    assert "小区（社区）" in set(cat["level"])


@pytest.mark.skipif(not __import__("os").path.exists(REFERENCE), reason="domain reference not available")
def test_names_units_and_standards_match_the_domain_reference():
    ref = pd.read_csv(REFERENCE, dtype=str, keep_default_na=False).set_index("indicator_id")
    cat = national_catalog().set_index("indicator_id")
    assert set(ref.index) == set(cat.index)
    for iid, r in ref.iterrows():
        assert cat.at[iid, "name"] == r["name_zh"] and cat.at[iid, "unit"] == r["unit"]
        std = pd.to_numeric(r["standard_value"], errors="coerce")
        assert (pd.isna(std) and pd.isna(cat.at[iid, "standard"])) or std == cat.at[iid, "standard"], iid


def test_systems_filter_and_unknown_system():
    assert set(national_catalog(["MOHURD_2024_4level"])["system"]) == {"MOHURD_2024_4level"}
    assert len(national_catalog(["MOHURD_2024_4level"])) == 69
    with pytest.raises(ConfigError, match="MOHURD_1999"):
        national_catalog(["MOHURD_1999"])


def test_study_file_overrides_standards_and_adds_local_indicators(tmp_path):
    f = tmp_path / "local.csv"
    f.write_text(textwrap.dedent("""\
        indicator_id,standard,standard_source,weight,level,element,name,unit,direction,membership,safety_related,responsible_department
        B04,85,广西园林城市标准,2,,,,,,,,
        U05,-,,,,,,,,,,
        GX01,,,,城区（城市）,安全韧性,电动自行车火灾起数,起,problem_count,provincial,true,消防救援支队
        """), encoding="utf-8")
    cat = load_catalog(["MOHURD_2024_4level"], [f]).set_index("indicator_id")
    assert cat.at["B04", "standard"] == 85 and cat.at["B04", "standard_source"] == "广西园林城市标准"
    assert cat.at["B04", "weight"] == 2 and cat.at["B04", "name"] == "公园绿化活动场地服务半径覆盖率"  # blanks keep
    assert cat.at["GX01", "membership"] == "provincial" and bool(cat.at["GX01", "safety_related"])
    assert cat.at["GX01", "weight"] == 1 and cat.at["GX01", "direction"] == "problem_count"
    assert cat.index[-1] == "GX01"


def test_inline_overrides_apply_after_files_and_can_clear_a_standard(tmp_path):
    cat = load_catalog(["MOHURD_2024_4level"], [], {"U01": {"standard": 75, "standard_source": "省定"},
                                                    "U07": {"standard": None}, "C05": {"safety_related": True}})
    c = cat.set_index("indicator_id")
    assert c.at["U01", "standard"] == 75 and c.at["U01", "standard_source"] == "省定"
    assert pd.isna(c.at["U07", "standard"])
    assert bool(c.at["C05", "safety_related"])


def test_relative_catalog_files_resolve_against_the_study_folder(tmp_path):
    (tmp_path / "cat.csv").write_text("indicator_id,standard\nU01,72\n", encoding="utf-8")
    cat = load_catalog(["MOHURD_2024_4level"], ["cat.csv"], base_dir=tmp_path)
    assert cat.set_index("indicator_id").at["U01", "standard"] == 72


def test_catalog_file_errors_name_file_row_column_and_value(tmp_path):
    f = tmp_path / "bad.csv"
    f.write_text(textwrap.dedent("""\
        indicator_id,direction,standard,level,name,unit
        U01,upward,,,,
        U02,,abc,,,
        ZZ9,,,,新指标,
        """), encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_catalog(["MOHURD_2024_4level"], [f])
    msg = str(exc.value)
    assert "缺少必填字段" in msg and "第 4 行" in msg and "ZZ9" in msg  # new id without level/unit/direction
    f.write_text("indicator_id,direction,standard\nU01,upward,\nU02,,abc\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_catalog(["MOHURD_2024_4level"], [f])
    msg = str(exc.value)
    assert "方向应为" in msg and "upward" in msg
    assert "应为数字" in msg and "abc" in msg and "列「standard」" in msg
    f.write_text("indicator_id,colour\nU01,red\n", encoding="utf-8")
    with pytest.raises(InputError, match="未知的指标库列"):
        load_catalog(["MOHURD_2024_4level"], [f])
