"""Indicator values against the catalog: clear errors naming file, row, column and value."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from citysurvey.errors import InputError
from citysurvey.indicators import IndicatorsConfig, check_values, national_catalog

CATALOG = national_catalog(["MOHURD_2024_4level"])


def values(*rows):
    return pd.DataFrame([{"area": a, "year": 2026, "indicator_id": i, "value": float(v), "unit": u,
                          "stock": np.nan if s is None else float(s)} for a, i, v, u, s in rows])


def problems(df, **kw):
    with pytest.raises(InputError) as exc:
        check_values(df, CATALOG, file="indicators.csv", unit_aliases=IndicatorsConfig().unit_aliases, **kw)
    return exc.value.problems, str(exc.value)


def test_valid_values_join_the_catalog():
    out = check_values(values(("全市", "C05", 100, "个", 2000), ("全市", "B04", 91.5, "％", None),
                              ("全市", "U07", 12, "m²/人", None), ("全市", "U22", 3, "处", None)),
                       CATALOG, file="x.csv", unit_aliases=IndicatorsConfig().unit_aliases)
    assert list(out["name"])[0] == "停车泊位缺口数" and "unit" in out.columns  # the catalog's unit
    assert list(out["unit"]) == ["个", "%", "平方米/人", "个"]


def test_every_problem_is_listed_with_its_row():
    probs, msg = problems(values(
        ("全市", "C05", 100, "个", 2000),      # row 2: fine
        ("全市", "Q99", 1, "", None),          # row 3: unknown id
        ("城东区", "B04", 91, "米", None),      # row 4: wrong unit
        ("城东区", "H02", -3, "栋", 100),       # row 5: negative count
        ("城东区", "U17", 120, "%", None),      # row 6: rate above 100%
        ("城东区", "H01", 300, "栋", 200),      # row 7: more problems than stock
        ("城东区", "H03", 3, "栋", 0),          # row 8: zero stock
    ))
    where = {(p.row, p.column) for p in probs}
    assert where == {(3, "indicator_id"), (4, "unit"), (5, "value"), (6, "value"), (7, "value"), (8, "stock")}
    assert all(p.file == "indicators.csv" for p in probs)
    assert "Q99" in msg and "indicators.catalog_files" in msg
    assert "应为「%」" in msg and "米" in msg
    assert "不可能小于 0" in msg and "不可能大于 100" in msg and "大于存量" in msg
    assert "[Error]" in msg  # bilingual


def test_unknown_id_of_another_system_points_to_systems():
    _, msg = problems(values(("全市", "E01", 30, "%", None)))
    assert "indicators.systems" in msg
