"""Population margins as the quota design needs them.

The long format (:class:`citysurvey.loading.StudyData`): ``margin`` names the
variables of a row joined by ``×``, those variable columns are filled and
``population`` holds the count. Here margins are grouped by their variable
set, summed down from a finer margin when the exact one is missing, and
checked against each other: different tables must describe the same districts
and, within a tolerance, the same number of people.
"""
from __future__ import annotations

import math

import pandas as pd

from ..errors import InputError, Problem, ProblemCollector, StageError
from .quotas import CELL_SEPARATOR, label


def margin_variables(name: str) -> tuple[str, ...]:
    """``district×sex×age_band`` → ``('district', 'sex', 'age_band')``; ``*`` is accepted for ``×``."""
    return tuple(part.strip() for part in str(name).replace("*", CELL_SEPARATOR).split(CELL_SEPARATOR) if part.strip())


def tidy_margins(margins: pd.DataFrame, source: str) -> pd.DataFrame:
    file = source or None
    missing = [c for c in ("margin", "population") if c not in margins.columns]
    if missing:
        raise InputError(Problem(
            zh=f"人口边际表缺少列：{', '.join(missing)}（现有列：{', '.join(map(str, margins.columns))}）。",
            en=f"the population margins lack column(s) {', '.join(missing)} (columns: {', '.join(map(str, margins.columns))}).",
            file=file, hint_zh="格式见 citysurvey/loading/study_data.py：margin、各变量列、population。",
            hint_en="See citysurvey/loading/study_data.py for the format: margin, one column per variable, population.",
        ))
    problems = ProblemCollector()
    out = margins.reset_index(drop=True).copy()
    out["margin"] = out["margin"].astype("string").str.strip()
    out["_vars"] = [margin_variables(m) if isinstance(m, str) else () for m in out["margin"]]
    out["_row"] = range(2, len(out) + 2)  # as Excel shows it: the header is row 1
    pop = pd.to_numeric(out["population"], errors="coerce")
    for i in range(len(out)):
        row = int(out.at[i, "_row"])
        if not out.at[i, "_vars"]:
            problems.add(Problem(zh="margin 为空。", en="margin is blank.", file=file, row=row, column="margin"))
            continue
        for var in out.at[i, "_vars"]:
            if var not in out.columns:
                problems.add(Problem(zh=f"margin 提到的变量「{var}」没有对应的列。",
                                     en=f"the margin names variable '{var}', which has no column.",
                                     file=file, row=row, column="margin", value=out.at[i, "margin"]))
            elif _blank(out.at[i, var]):
                problems.add(Problem(zh=f"margin「{out.at[i, 'margin']}」的行中变量「{var}」为空。",
                                     en=f"variable '{var}' is blank in a row of margin '{out.at[i, 'margin']}'.",
                                     file=file, row=row, column=var))
        value = pop.iat[i]
        if pd.isna(value) or not math.isfinite(value) or value < 0:
            problems.add(Problem(zh="人口应为非负数。", en="population must be a non-negative number.",
                                 file=file, row=row, column="population", value=out.at[i, "population"]))
    problems.raise_if_any(InputError)
    out["population"] = pop.astype("float64")
    for col in {v for vs in out["_vars"] for v in vs}:
        out[col] = out[col].map(lambda x: None if _blank(x) else str(x).strip())
    return out


def _blank(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA or str(x).strip() == ""


def group_margins(table: pd.DataFrame) -> dict[frozenset, pd.DataFrame]:
    groups: dict[frozenset, pd.DataFrame] = {}
    problems = ProblemCollector()
    for key, part in table.groupby(table["_vars"].map(frozenset), sort=False):
        cols = sorted(key)
        dup = part[part.duplicated(cols, keep=False)]
        for _, row in dup.iterrows():
            problems.add(Problem(
                zh=f"margin「{row['margin']}」中单元 {label(row[cols])} 出现了不止一次。",
                en=f"margin '{row['margin']}' lists cell {label(row[cols])} more than once.",
                row=int(row["_row"]), hint_zh="请合并或删除重复行。", hint_en="Merge or delete the duplicate rows.",
            ))
        groups[key] = part
    problems.raise_if_any(InputError)
    return groups


def pick_margin(by_vars, variables: list[str], source: str, required: bool = True,
          also: list[str] | None = None) -> pd.DataFrame | None:
    """The margin over exactly ``variables``, or the smallest finer one summed down to them.

    ``also`` names a margin that was looked for first, for the error message.
    """
    want = frozenset(variables)
    found = by_vars.get(want)
    if found is None:
        finer = sorted((k for k in by_vars if want < k), key=lambda k: (len(k), sorted(k)))
        if finer:
            found = by_vars[finer[0]]
    if found is None:
        if not required:
            return None
        names = sorted({str(p["margin"].iat[0]) for p in by_vars.values()})
        wanted = [CELL_SEPARATOR.join(v) for v in ([also] if also else []) + [variables]]
        wanted_zh, wanted_en = "」或「".join(wanted), "' or '".join(wanted)
        raise InputError(Problem(
            zh=f"人口边际中没有「{wanted_zh}」（或更细的）边际；现有：{'、'.join(names) or '（无）'}。",
            en=f"the population margins have no '{wanted_en}' margin (or a finer one); "
               f"available: {', '.join(names) or '(none)'}.",
            file=source or None,
            hint_zh="请补充该边际，或用 --interlock / --marginal 选择已有的变量。",
            hint_en="Add that margin, or choose variables that have margins with --interlock / --marginal.",
        ))
    summed = found.groupby(variables, sort=False, dropna=False)["population"].sum().reset_index()
    summed.attrs["margin"] = CELL_SEPARATOR.join(variables)
    summed.attrs["source_margin"] = str(found["margin"].iat[0])
    return summed


def district_populations(by_vars, inter: pd.DataFrame, district: str) -> tuple[dict[str, float], str]:
    own = by_vars.get(frozenset([district]))
    if own is not None:
        return dict(zip(own[district], own["population"])), district
    totals = inter.groupby(district, sort=False)["population"].sum()
    return dict(totals.items()), inter.attrs["margin"]


def check_agreement(pops, pops_name, inter, marg, district, rtol) -> None:
    """Margins from different tables must describe the same districts and (nearly) the same people."""
    problems = ProblemCollector()
    city = sum(pops.values())
    for m in [inter, *marg.values()]:
        name = m.attrs["source_margin"]
        if district in m.columns:
            totals = m.groupby(district, sort=False)["population"].sum()
            for d in pops:
                if d not in totals.index:
                    problems.add(Problem(zh=f"区「{d}」出现在「{pops_name}」中，但不在「{name}」中。",
                                         en=f"district '{d}' is in '{pops_name}' but not in '{name}'."))
                elif _differ(totals[d], pops[d], rtol):
                    problems.add(Problem(
                        zh=f"区「{d}」的人口在「{pops_name}」中为 {pops[d]:,.0f}，在「{name}」中为 {totals[d]:,.0f}，"
                           f"相差 {_gap(totals[d], pops[d]):.1%}，超过允许的 {rtol:.1%}。",
                        en=f"district '{d}' has population {pops[d]:,.0f} in '{pops_name}' but {totals[d]:,.0f} in "
                           f"'{name}', a gap of {_gap(totals[d], pops[d]):.1%}, more than the {rtol:.1%} allowed.",
                        hint_zh="请核对两张边际表的口径（常住/户籍、年龄范围、年份）。",
                        hint_en="Check that both margins count the same people (residents, ages, year).",
                    ))
            for d in totals.index:
                if d not in pops:
                    problems.add(Problem(zh=f"区「{d}」出现在「{name}」中，但不在「{pops_name}」中。",
                                         en=f"district '{d}' is in '{name}' but not in '{pops_name}'."))
        elif _differ(m["population"].sum(), city, rtol):
            total = m["population"].sum()
            problems.add(Problem(
                zh=f"全市人口在「{pops_name}」中合计 {city:,.0f}，在「{name}」中合计 {total:,.0f}，"
                   f"相差 {_gap(total, city):.1%}，超过允许的 {rtol:.1%}。",
                en=f"the city population sums to {city:,.0f} in '{pops_name}' but {total:,.0f} in '{name}', "
                   f"a gap of {_gap(total, city):.1%}, more than the {rtol:.1%} allowed.",
                hint_zh="请核对口径；如确为不同来源，可放宽 --margin-rtol。",
                hint_en="Check that they count the same people; if the sources differ by design, raise --margin-rtol.",
            ))
    problems.raise_if_any(StageError)


def _gap(a: float, b: float) -> float:
    return abs(a - b) / max(abs(b), 1e-12)


def _differ(a: float, b: float, rtol: float) -> bool:
    return _gap(a, b) > rtol + 1e-12
