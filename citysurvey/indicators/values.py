"""Indicator values checked against the catalog: ids, units, possible values.

The loading stage has already checked the file's shape (areas, numbers,
duplicates); this adds what only the catalog knows. Every problem is reported at
once, naming file, row, column and value.
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..errors import InputError, Problem
from ..loading import CITY_AREA
from ..loading.normalize import canon
from ..loading.readers import FIRST_DATA_ROW

MAX_PROBLEMS = 200


def unit_key(unit: str, aliases: Mapping[str, str]) -> str:
    """Comparable spelling of a unit: NFKC, no spaces, aliases resolved."""
    u = canon(str(unit or "")).replace(" ", "")
    folded = {canon(k).replace(" ", ""): canon(v).replace(" ", "") for k, v in aliases.items()}
    return folded.get(u, u)


def check_values(values: pd.DataFrame, catalog: pd.DataFrame, *, file: str | None,
                 unit_aliases: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Check indicator values against the catalog and join them with it.

    Parameters
    ----------
    values : pandas.DataFrame
        Objective indicator values, in the file's row order: ``area``, ``year``,
        ``indicator_id``, ``value``, ``unit``, ``stock`` (the denominator of a problem count,
        may be blank), as :func:`citysurvey.loading.validate_indicators` returns them.
    catalog : pandas.DataFrame
        The study's catalog (:func:`load_catalog`).
    file : str or None
        The values file's name, for messages.
    unit_aliases : mapping, optional
        Another spelling of a unit → the catalog's (``indicators.unit_aliases``).

    Returns
    -------
    pandas.DataFrame
        ``values`` (without ``unit``) joined with the catalog's columns for its indicator.

    Raises
    ------
    InputError
        Every problem (up to 200), each with file, row (header = row 1), column and value: an
        unknown indicator, a unit that differs from the catalog's, a value outside what is
        possible (a negative count, a rate above 100), a stock that is not positive or smaller
        than the count.

    Examples
    --------
    >>> import pandas as pd
    >>> from citysurvey.indicators import check_values, national_catalog
    >>> values = pd.DataFrame({"area": ["全市", "甲区"], "year": [2026, 2026], "indicator_id": ["U02", "U02"],
    ...                        "value": [62.0, 120.0], "unit": ["%", "%"], "stock": [None, None]})
    >>> check_values(values, national_catalog(["MOHURD_2024_4level"]), file="indicators.csv")
    Traceback (most recent call last):
        ...
    citysurvey.errors.InputError: [错误] 文件 indicators.csv，第 3 行，列「value」，值「120.0」：取值不可能大于 100（城市生活垃圾资源化利用率，单位 %）。 ...
    """
    aliases = unit_aliases or {}
    cat = catalog.set_index("indicator_id")
    rows = values.reset_index(drop=True)
    problems: list[Problem] = []

    def add(i: int, column: str, value, zh: str, en: str, hint_zh: str = "", hint_en: str = "") -> None:
        problems.append(Problem(zh=zh, en=en, file=file, row=int(i) + FIRST_DATA_ROW, column=column, value=value,
                                hint_zh=hint_zh, hint_en=hint_en))

    known = rows["indicator_id"].isin(cat.index)
    for i in np.flatnonzero((~known).to_numpy()):
        add(i, "indicator_id", rows["indicator_id"].iat[i], "指标编号不在指标库中。", "unknown indicator id.",
            "请检查编号，或在 indicators.catalog_files 中增补省级/地方指标，或在 indicators.systems 中选择其所属体系。",
            "Check the id, add it as a provincial/local indicator (indicators.catalog_files) or select its system.")
    sub = rows[known.to_numpy()]
    info = cat.loc[sub["indicator_id"]].reset_index()
    info.index = sub.index
    written = sub["unit"].fillna("").astype(str)
    for i in sub.index[(written != "").to_numpy()]:
        if unit_key(written[i], aliases) != unit_key(info.at[i, "unit"], aliases):
            add(i, "unit", written[i], f"单位与指标库不一致（应为「{info.at[i, 'unit']}」）。",
                f"the unit differs from the catalog's ({info.at[i, 'unit']!r}).",
                "请换算为指标库的单位，或在 indicators.unit_aliases 中声明同义写法。",
                "Convert to the catalog's unit, or declare the spelling in indicators.unit_aliases.")
    value = sub["value"].astype(float)
    low, high = info["min_value"], info["max_value"]
    for i in sub.index[(low.notna() & (value < low)).to_numpy()]:
        add(i, "value", value[i], f"取值不可能小于 {low[i]:g}（{info.at[i, 'name']}）。",
            f"the value cannot be below {low[i]:g} ({info.at[i, 'indicator_id']}).",
            "请核对原始数据（问题数量、面积、比例不能为负）。", "Check the source data (counts and rates cannot be negative).")
    for i in sub.index[(high.notna() & (value > high)).to_numpy()]:
        add(i, "value", value[i], f"取值不可能大于 {high[i]:g}（{info.at[i, 'name']}，单位 {info.at[i, 'unit']}）。",
            f"the value cannot exceed {high[i]:g} ({info.at[i, 'indicator_id']}, unit {info.at[i, 'unit']}).",
            "比例请按百分数填写（如 85.5 表示 85.5%），不要超过 100。",
            "Give rates as percentages (85.5 means 85.5%), at most 100.")
    stock = sub["stock"].astype(float)
    counts = (info["direction"] == "problem_count").to_numpy()
    for i in sub.index[(stock.notna() & (stock <= 0)).to_numpy()]:
        add(i, "stock", stock[i], "存量（分母）应为正数。", "the stock (denominator) must be positive.")
    over = counts & (stock.notna() & (stock > 0) & (value > stock)).to_numpy()
    for i in sub.index[over]:
        add(i, "value", value[i], f"问题数量大于存量 {stock[i]:g}。", f"the problem count exceeds the stock {stock[i]:g}.",
            "stock 应为同口径的总量（如住宅总栋数）。", "stock must be the total of the same objects (e.g. all buildings).")
    if problems:
        raise InputError(problems[:MAX_PROBLEMS])
    out = rows.drop(columns=["unit"]).merge(catalog, on="indicator_id", how="left", validate="many_to_one")
    return out


def area_types(areas: pd.Series, districts: list[str] | None) -> pd.Series:
    """city / district / street: peers are areas of the same type."""
    d = set(districts or [])

    def kind(a: str) -> str:
        if a == CITY_AREA:
            return "city"
        if not d or a in d:
            return "district"
        return "street"

    return areas.map(kind)
