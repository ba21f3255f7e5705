"""The indicator catalog: data, not code.

The national base (``data/national.csv``, copied from the domain reference with its
provenance column kept) is filtered to the study's systems; a study then adds
provincial/local indicators or overrides fields from its own CSV files and from
inline ``overrides`` in study.yaml. One row per indicator:

==========================  ===========================================================
indicator_id                H02, C05, … (unique)
system, membership          e.g. MOHURD_2024_4level; national / provincial / local
level, element              住房 / 安全耐久 (the 2021 system has dimensions and no element)
name, unit                  存在燃气安全隐患的住宅数量, 栋
direction                   higher_better, lower_better, interval, problem_count (target 0)
standard                    the standard value; blank = 无标准
standard_low/high           the band of an interval indicator
standard_source             where the standard comes from (KNOW, EST, a local document…)
min_value, max_value        possible values; outside is an input error (negative counts, >100%)
weight                      weight in the level composite
responsible_department      default lead department for the action plan (EST)
safety_related              failures go on the 风险隐患通知单 whatever residents think
action                      name of the remedial task for the action plan / project library
source                      provenance of name, unit, standard and the EST defaults
==========================  ===========================================================

In an override file a blank cell keeps the catalog's value and ``-`` clears it
(``standard: -`` makes an indicator 无标准).

>>> cat = national_catalog(["MOHURD_2024_4level"])
>>> c05 = cat.set_index("indicator_id").loc["C05"]
>>> c05["direction"], float(c05["standard"]), c05["responsible_department"]
('problem_count', 0.0, '住房和城乡建设局')
"""
from __future__ import annotations

from collections.abc import Mapping
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import ConfigError, InputError, Problem
from ..loading.normalize import canon
from ..loading.readers import FIRST_DATA_ROW, read_table

DIRECTIONS: tuple[str, ...] = ("higher_better", "lower_better", "interval", "problem_count")
MEMBERSHIPS: tuple[str, ...] = ("national", "provincial", "local")
TEXT_COLUMNS = ("system", "membership", "level", "element", "name", "unit", "direction", "standard_source",
                "standard_note", "responsible_department", "action", "source")
NUMBER_COLUMNS = ("standard", "standard_low", "standard_high", "min_value", "max_value", "weight")
CATALOG_COLUMNS: tuple[str, ...] = (
    "indicator_id", "system", "membership", "level", "element", "name", "unit", "direction", "standard",
    "standard_low", "standard_high", "standard_source", "standard_note", "min_value", "max_value", "weight",
    "responsible_department", "safety_related", "action", "source",
)
REQUIRED_FOR_NEW = ("level", "name", "unit", "direction")
CLEAR = {"-", "—", "－"}
_TRUE = {"true", "1", "yes", "y", "是", "t"}
_FALSE = {"false", "0", "no", "n", "否", "f", ""}


def national_catalog(systems: list[str] | None = None) -> pd.DataFrame:
    """The national base catalog shipped with the package, optionally filtered to ``systems``.

    Parameters
    ----------
    systems : list of str, optional
        Indicator systems to keep (``MOHURD_2024_4level`` …; ``indicators.systems``); default all.

    Returns
    -------
    pandas.DataFrame
        One row per indicator with :data:`CATALOG_COLUMNS` (described in the module text:
        id, system, level, element, name, unit, direction, standard and its band and source,
        possible values, weight, department, safety flag, action, provenance), typed.

    Raises
    ------
    ConfigError
        A system that is not in the national base (the known ones are listed).

    Examples
    --------
    >>> from citysurvey.indicators import national_catalog
    >>> cat = national_catalog(["MOHURD_2024_4level"])
    >>> u02 = cat.set_index("indicator_id").loc["U02"]
    >>> len(cat), u02["name"], u02["unit"], u02["direction"], float(u02["standard"])
    (69, '城市生活垃圾资源化利用率', '%', 'higher_better', 60.0)
    """
    with resources.files(__package__).joinpath("data/national.csv").open("rb") as fh:
        raw = pd.read_csv(fh, dtype=str, keep_default_na=False, encoding="utf-8")
    cat = _typed(raw, file="citysurvey/indicators/data/national.csv")
    if systems is not None:
        unknown = sorted(set(systems) - set(cat["system"]))
        if unknown:
            raise ConfigError(Problem(
                zh=f"指标体系「{'、'.join(unknown)}」不在国家基础指标库中（可选：{'、'.join(sorted(set(cat['system'])))}）。",
                en=f"systems {unknown} are not in the national base catalog (known: {sorted(set(cat['system']))}).",
                column="indicators.systems",
                hint_zh="地方体系请用 indicators.catalog_files 提供。",
                hint_en="Supply a local system through indicators.catalog_files.",
            ))
        cat = cat[cat["system"].isin(systems)]
    return cat.reset_index(drop=True)


def load_catalog(systems: list[str], files: list[Path] = (), overrides: Mapping[str, Mapping] | None = None,
                 *, base_dir: Path | None = None) -> pd.DataFrame:
    """The study's catalog: the national base for ``systems``, then each file in order, then inline overrides.

    Parameters
    ----------
    systems : list of str
        Indicator systems of the national base (``indicators.systems``).
    files : list of pathlib.Path
        Provincial or local catalog files (CSV or xlsx, ``indicators.catalog_files``): rows of
        a known ``indicator_id`` override its fields (blank keeps, ``-`` clears), new ids add
        indicators (``level``, ``name``, ``unit`` and ``direction`` required).
    overrides : mapping, optional
        ``indicators.overrides`` of study.yaml: indicator id → field → value, applied last.
    base_dir : pathlib.Path, optional
        Folder relative file paths are read from (the study.yaml's).

    Returns
    -------
    pandas.DataFrame
        The catalog, columns as :func:`national_catalog`.

    Raises
    ------
    ConfigError
        An unknown system.
    InputError
        A file that cannot be read, an unknown column, a bad cell, a new indicator missing a
        required field: every problem with its file, row, column and value.

    Examples
    --------
    >>> from citysurvey.indicators import load_catalog
    >>> cat = load_catalog(["MOHURD_2024_4level"], overrides={"U02": {"standard": 65}})
    >>> float(cat.set_index("indicator_id").loc["U02", "standard"])
    65.0
    """
    cat = national_catalog(systems)
    for f in files:
        path = Path(f) if base_dir is None or Path(f).is_absolute() else Path(base_dir) / f
        cat = apply_catalog_rows(cat, read_table(path), file=str(f))
    if overrides:
        rows = pd.DataFrame([{"indicator_id": k, **{c: _as_text(v) for c, v in fields.items()}}
                             for k, fields in overrides.items()]).fillna("")
        cat = apply_catalog_rows(cat, rows, file="study.yaml (indicators.overrides)", rows_are_lines=False)
    return cat


def _as_text(v) -> str:
    if v is None:
        return "-"
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def apply_catalog_rows(cat: pd.DataFrame, raw: pd.DataFrame, *, file: str, rows_are_lines: bool = True) -> pd.DataFrame:
    """Override fields of known indicators and add new ones from ``raw`` (a catalog file as strings).

    Parameters
    ----------
    cat : pandas.DataFrame
        The catalog so far.
    raw : pandas.DataFrame
        Rows read as text: ``indicator_id`` and any of :data:`CATALOG_COLUMNS`. A blank cell
        keeps the catalog's value, ``-`` clears it.
    file : str
        The file's name, for messages.
    rows_are_lines : bool
        Whether ``raw``'s rows are the file's lines (messages then give the row number).

    Returns
    -------
    pandas.DataFrame
        The catalog with the overrides applied and the new indicators appended (their
        ``membership`` defaults to ``local``).

    Raises
    ------
    InputError
        No ``indicator_id`` column, an unknown column, a cell of the wrong type, a new
        indicator without level, name, unit or direction.

    Examples
    --------
    >>> import pandas as pd
    >>> from citysurvey.indicators import apply_catalog_rows, national_catalog
    >>> raw = pd.DataFrame({"indicator_id": ["U02", "L01"], "standard": ["65", ""], "level": ["", "街区"],
    ...                     "name": ["", "口袋公园数量"], "unit": ["", "个"], "direction": ["", "higher_better"]})
    >>> cat = apply_catalog_rows(national_catalog(["MOHURD_2024_4level"]), raw, file="local.csv")
    >>> print(cat.set_index("indicator_id").loc[["U02", "L01"], ["name", "standard", "membership"]].to_string())
                          name  standard membership
    indicator_id
    U02           城市生活垃圾资源化利用率      65.0   national
    L01                 口袋公园数量       NaN      local
    """
    problems: list[Problem] = []

    def where(i: int) -> int | None:
        return i + FIRST_DATA_ROW if rows_are_lines else None

    if "indicator_id" not in raw.columns:
        raise InputError(Problem(zh="指标库文件缺少 indicator_id 列。", en="the catalog file lacks an indicator_id column.",
                                 file=file, row=1 if rows_are_lines else None, column="indicator_id"))
    for c in raw.columns:
        if c not in CATALOG_COLUMNS:
            problems.append(Problem(
                zh="未知的指标库列。", en="unknown catalog column.", file=file, row=1 if rows_are_lines else None,
                column=str(c), hint_zh=f"可用的列：{', '.join(CATALOG_COLUMNS)}。",
                hint_en=f"Known columns: {', '.join(CATALOG_COLUMNS)}.",
            ))
    if problems:
        raise InputError(problems)
    try:  # cell checks on the file itself, so problems point at its own rows
        _typed(raw.reindex(columns=list(CATALOG_COLUMNS), fill_value="").fillna("").astype(str), file=file,
               rows_are_lines=rows_are_lines, partial=True)
    except InputError as exc:
        problems.extend(exc.problems)
    out = cat.set_index("indicator_id")
    records = {i: dict(r) for i, r in out.iterrows()}
    order = list(out.index)
    seen: dict[str, int] = {}
    for i, row in enumerate(raw.astype(str).to_dict("records")):
        iid = canon(row.get("indicator_id", ""))
        if not iid:
            problems.append(Problem(zh="指标编号为空。", en="empty indicator id.", file=file, row=where(i),
                                    column="indicator_id"))
            continue
        if iid in seen:
            problems.append(Problem(zh="同一指标在文件中出现多次。", en="the indicator appears more than once in the file.",
                                    file=file, row=where(i), column="indicator_id", value=iid))
            continue
        seen[iid] = i
        fields = {c: str(v).strip() for c, v in row.items() if c != "indicator_id" and canon(v) != ""}
        if iid in records:
            rec = dict(records[iid])
        else:
            missing = [c for c in REQUIRED_FOR_NEW if c not in fields or fields[c] in CLEAR]
            if missing:
                problems.append(Problem(
                    zh=f"新增指标缺少必填字段：{'、'.join(missing)}。", en=f"a new indicator lacks: {', '.join(missing)}.",
                    file=file, row=where(i), column=missing[0], value=iid,
                    hint_zh="新增的省级/地方指标须给出 level、name、unit、direction。",
                    hint_en="A provincial/local indicator needs level, name, unit and direction.",
                ))
                continue
            rec = {c: "" for c in CATALOG_COLUMNS if c != "indicator_id"}
            rec.update(system="local", membership="local", weight="1", safety_related="false")
            order.append(iid)
        for c, v in fields.items():
            rec[c] = "" if v in CLEAR else v
        records[iid] = {c: ("" if _isna(v) else v) for c, v in rec.items()}
    if problems:
        raise InputError(problems)
    merged = pd.DataFrame([{"indicator_id": k, **{c: _text(records[k].get(c, "")) for c in CATALOG_COLUMNS[1:]}}
                           for k in order])
    return _typed(merged, file=file, rows_are_lines=False)


def _isna(v) -> bool:
    return v is None or (isinstance(v, float) and np.isnan(v))


def _text(v) -> str:
    if _isna(v):
        return ""
    if isinstance(v, (bool, np.bool_)):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _typed(raw: pd.DataFrame, *, file: str, rows_are_lines: bool = True, partial: bool = False) -> pd.DataFrame:
    """Strings → typed catalog, every problem reported at once (`partial`: blank cells are allowed)."""
    problems: list[Problem] = []
    missing = [c for c in CATALOG_COLUMNS if c not in raw.columns]
    if missing:
        raise InputError(Problem(zh=f"指标库缺少列：{'、'.join(missing)}。", en=f"the catalog lacks columns: {missing}.",
                                 file=file, row=1))
    out = pd.DataFrame({"indicator_id": raw["indicator_id"].map(canon)})
    ids = out["indicator_id"]

    def row_of(i: int) -> int | None:
        return i + FIRST_DATA_ROW if rows_are_lines else None

    for c in TEXT_COLUMNS:
        # strip only: NFKC would turn 小区（社区） into 小区(社区) and break joins with the codebook's levels
        out[c] = raw[c].fillna("").astype(str).str.strip()
    for c in ("direction", "membership"):
        out[c] = out[c].map(canon).str.lower()
    for c in NUMBER_COLUMNS:
        text = raw[c].fillna("").astype(str).map(canon)
        text = text.where(~text.isin(CLEAR), "")
        num = pd.to_numeric(text, errors="coerce")
        for i in np.flatnonzero((num.isna() & (text != "")).to_numpy()):
            problems.append(Problem(zh="应为数字。", en="must be a number.", file=file, row=row_of(i), column=c,
                                    value=text.iat[i], hint_zh=f"指标 {ids.iat[i]}。", hint_en=f"Indicator {ids.iat[i]}."))
        out[c] = num.astype(float)
    flags = raw["safety_related"].fillna("").astype(str).map(lambda s: canon(s).lower())
    flags = flags.where(~flags.isin(CLEAR), "")
    for i in np.flatnonzero((~flags.isin(_TRUE | _FALSE)).to_numpy()):
        problems.append(Problem(zh="应为 true 或 false。", en="must be true or false.", file=file, row=row_of(i),
                                column="safety_related", value=flags.iat[i]))
    out["safety_related"] = flags.isin(_TRUE)
    blank_ok = (lambda col: out[col] == "") if partial else (lambda col: pd.Series(False, index=out.index))
    for i in np.flatnonzero((~out["direction"].isin(DIRECTIONS) & ~blank_ok("direction")).to_numpy()):
        problems.append(Problem(
            zh=f"方向应为 {'、'.join(DIRECTIONS)} 之一。", en=f"direction must be one of {', '.join(DIRECTIONS)}.",
            file=file, row=row_of(i), column="direction", value=out["direction"].iat[i],
        ))
    for i in np.flatnonzero((~out["membership"].isin(MEMBERSHIPS) & ~blank_ok("membership")).to_numpy()):
        problems.append(Problem(
            zh=f"membership 应为 {'、'.join(MEMBERSHIPS)} 之一。", en=f"membership must be one of {', '.join(MEMBERSHIPS)}.",
            file=file, row=row_of(i), column="membership", value=out["membership"].iat[i],
        ))
    for i in np.flatnonzero((out["weight"].fillna(0) < 0).to_numpy()):
        problems.append(Problem(zh="权重不能为负。", en="a weight cannot be negative.", file=file, row=row_of(i),
                                column="weight", value=out["weight"].iat[i]))
    bad_band = out["standard_low"].notna() & out["standard_high"].notna() & (out["standard_low"] > out["standard_high"])
    for i in np.flatnonzero(bad_band.to_numpy()):
        problems.append(Problem(zh="区间下限大于上限。", en="standard_low exceeds standard_high.", file=file,
                                row=row_of(i), column="standard_low", value=out["standard_low"].iat[i]))
    for i in np.flatnonzero(ids.duplicated().to_numpy()):
        problems.append(Problem(zh="指标编号重复。", en="duplicate indicator id.", file=file, row=row_of(i),
                                column="indicator_id", value=ids.iat[i]))
    if problems:
        raise InputError(problems)
    out["weight"] = out["weight"].fillna(1.0)
    return out[list(CATALOG_COLUMNS)].reset_index(drop=True)
