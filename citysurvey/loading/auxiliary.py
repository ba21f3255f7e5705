"""Population margins and objective indicator values: the study's other inputs."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..codebook import Codebook
from ..errors import InputError, Problem
from .normalize import canon, category_lookup, make_decoder
from ..schemas import CITY_AREA
from .readers import FIRST_DATA_ROW

MARGIN_SEP = "×"


def _number(raw: pd.Series) -> pd.Series:
    return pd.to_numeric(raw.map(lambda s: canon(s).replace(",", "")), errors="coerce")


def _required_columns(df: pd.DataFrame, needed: list[str], file: str, what_zh: str, what_en: str) -> None:
    missing = [c for c in needed if c not in df.columns]
    if missing:
        raise InputError(
            [
                Problem(
                    zh=f"{what_zh}缺少必需的列。", en=f"the {what_en} file lacks a required column.",
                    file=file, row=1, column=c,
                    hint_zh=f"必需的列：{', '.join(needed)}。", hint_en=f"Required columns: {', '.join(needed)}.",
                )
                for c in missing
            ]
        )


def _margin_cell_decoder(var):
    """Blank → "" (the variable is not part of that row's margin); unknown → None."""
    decode = make_decoder(*category_lookup(var))

    def cell(s: str):
        value, _reason, ok = decode(s)
        if not ok:
            return None
        return "" if value is None else value

    return cell


def validate_margins(raw: pd.DataFrame, codebook: Codebook, *, file: str) -> pd.DataFrame:
    """Long-form margins: `margin`, variable columns, `population`.

    The `margin` name lists the variables of the row joined by ``×`` (e.g.
    ``district×sex×age_band``); exactly those variable columns are filled.
    """
    _required_columns(raw, ["margin", "population"], file, "人口边际表", "population margins")
    var_cols = [c for c in raw.columns if c not in ("margin", "population")]
    problems: list[Problem] = []
    for c in var_cols:
        if c not in codebook.variables or codebook.variables[c].type != "categorical":
            problems.append(
                Problem(
                    zh="该列不是编码本中的分类变量。", en="this column is not a categorical variable of the codebook.",
                    file=file, row=1, column=c,
                    hint_zh="边际表的列名须与编码本变量名一致。", hint_en="Margin columns must be named as codebook variables.",
                )
            )
    if problems:
        raise InputError(problems)
    out = pd.DataFrame({"margin": raw["margin"].map(canon)})
    for c in var_cols:
        col = raw[c]
        decoded = col.map(_margin_cell_decoder(codebook.variables[c]))
        for i in np.flatnonzero(decoded.isna().to_numpy()):
            problems.append(
                Problem(
                    zh=f"不是编码本中的类别（允许：{'、'.join(codebook.variables[c].categories or [])}）。",
                    en="not a category of the codebook.",
                    file=file, row=i + FIRST_DATA_ROW, column=c, value=col.iat[i],
                    hint_zh="请与编码本的类别名称保持一致，或在编码本中添加别名。",
                    hint_en="Use the codebook's category names, or add an alias to the codebook.",
                )
            )
        out[c] = decoded
    pop = _number(raw["population"])
    for i in np.flatnonzero((pop.isna() | (pop < 0)).to_numpy()):
        problems.append(
            Problem(
                zh="人口数应为非负数字。", en="population must be a non-negative number.",
                file=file, row=i + FIRST_DATA_ROW, column="population", value=raw["population"].iat[i],
            )
        )
    out["population"] = pop
    if not problems:
        filled = out[var_cols].ne("")
        for i, (name, mask) in enumerate(zip(out["margin"], filled.to_numpy())):
            used = [c for c, m in zip(var_cols, mask) if m]
            if set(name.split(MARGIN_SEP)) != set(used):  # order of the names does not matter
                problems.append(
                    Problem(
                        zh=f"边际名称「{name}」与填写的变量列（{MARGIN_SEP.join(used) or '无'}）不一致。",
                        en=f"margin name '{name}' does not match the filled variable columns ({MARGIN_SEP.join(used) or 'none'}).",
                        file=file, row=i + FIRST_DATA_ROW, column="margin", value=name,
                        hint_zh=f"margin 应写成所用变量以「{MARGIN_SEP}」连接，如 district×sex。",
                        hint_en=f"Name a margin by its variables joined with '{MARGIN_SEP}', e.g. district×sex.",
                    )
                )
                if len(problems) >= 50:
                    break
    if problems:
        raise InputError(problems)
    return out


def validate_indicators(raw: pd.DataFrame, codebook: Codebook, *, file: str) -> pd.DataFrame:
    """Objective indicator values: `area`, `year`, `indicator_id`, `value` (+ `unit`, `stock`).

    Areas are the whole city (``全市``), a district, or a street or community
    (a category of a codebook variable with role street / community); the
    indicator catalogue checks ids and units in the indicators stage.
    """
    _required_columns(raw, ["area", "year", "indicator_id", "value"], file, "指标数据表", "indicators")
    problems: list[Problem] = []
    district = codebook.district
    # the district first, then areas below it (streets, communities): an area is any of their categories
    levels = [district] if district else []
    levels += [n for n, v in codebook.variables.items() if v.role in ("street", "community")]
    decoders = [make_decoder(*category_lookup(codebook.variables[v])) for v in levels]

    def area(s: str):
        if canon(s) == CITY_AREA:
            return CITY_AREA
        for decode in decoders:
            found = decode(s)[0]
            if found is not None:
                return found
        return None

    out = pd.DataFrame({"area": raw["area"].map(area)})
    for i in np.flatnonzero(out["area"].isna().to_numpy()):
        problems.append(
            Problem(
                zh=f"地区既不是「{CITY_AREA}」也不是编码本中的区、街道或社区。",
                en=f"area is neither '{CITY_AREA}' nor a district, street or community of the codebook.",
                file=file, row=i + FIRST_DATA_ROW, column="area", value=raw["area"].iat[i],
            )
        )
    year = _number(raw["year"])
    value = _number(raw["value"])
    for col, series in (("year", year), ("value", value)):
        for i in np.flatnonzero(series.isna().to_numpy()):
            problems.append(
                Problem(zh="应为数字。", en="must be a number.", file=file, row=i + FIRST_DATA_ROW, column=col, value=raw[col].iat[i])
            )
    out["year"] = year.astype("Int64")
    out["indicator_id"] = raw["indicator_id"].map(canon)
    out["value"] = value
    out["unit"] = raw["unit"].map(canon) if "unit" in raw.columns else ""
    out["stock"] = _number(raw["stock"]) if "stock" in raw.columns else np.nan
    dup = out.duplicated(["area", "year", "indicator_id"], keep="first")
    for i in np.flatnonzero(dup.to_numpy()):
        problems.append(
            Problem(
                zh="同一地区、年份、指标出现多次。", en="the same area, year and indicator appears more than once.",
                file=file, row=i + FIRST_DATA_ROW, column="indicator_id", value=out["indicator_id"].iat[i],
                hint_zh="每个地区每年每项指标只填一行。", hint_en="Give one row per area, year and indicator.",
            )
        )
    if problems:
        raise InputError(problems)
    return out
