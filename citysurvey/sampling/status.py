"""Fieldwork monitoring: how far each quota cell is from its target.

>>> status = quota_status(read_plan("quota_plan.csv"), read_table("responses.csv"))  # doctest: +SKIP
>>> status.hardest(5)                                                                  # doctest: +SKIP

A respondent counts towards every plan row whose district and quota variables
it matches. Respondents that match no row of some quota (unknown district, a
category the plan does not have, a blank) are listed in ``outside`` with the
reason, so the field team can fix the record or the plan.

Cell status: ``short`` (below the tolerance range), ``within`` (in range, below
target), ``met`` (at or above target, within range), ``over`` (above the range).
The hardest-to-fill cells are the unfinished ones with the lowest fill rate;
ties go to the one with more interviews remaining.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import InputError, Problem
from ..headers import PERCENT
from .margins import margin_variables
from .plan import CITY_LABEL, PLAN_COLUMNS, PLAN_HEADERS_ZH, TYPE_ZH

STATUS_ZH = {"short": "未达下限", "within": "容差内", "met": "已达目标", "over": "超额"}
STATUS_HEADERS_ZH = PLAN_HEADERS_ZH | {
    "achieved": "已完成", "remaining": "剩余", "fill_rate": "完成率", "over_quota": "超出上限",
    "status": "状态", "hardest_rank": "难度排名", "cells_short": "未达下限单元数", "cells_over": "超额单元数",
    "row": "行号", "respondent_id": "样本编号", "reason_zh": "原因", "reason_en": "Reason (English)",
}
_ID_GUESSES = ("respondent_id", "resp_id", "rid", "id", "问卷编号", "样本编号", "编号")


@dataclass(frozen=True)
class QuotaStatus:
    """``cells``: the plan with ``achieved``, ``remaining``, ``fill_rate``,
    ``over_quota``, ``status`` and ``hardest_rank``; ``districts``: progress per
    district plus a ``全市`` row; ``outside``: respondents that fit no cell."""

    cells: pd.DataFrame
    districts: pd.DataFrame
    outside: pd.DataFrame
    n_responses: int

    def hardest(self, k: int = 10) -> pd.DataFrame:
        ranked = self.cells[self.cells["hardest_rank"].notna()].sort_values("hardest_rank")
        return ranked.head(k).reset_index(drop=True)

    def over_quota(self) -> pd.DataFrame:
        """Quota cells above their range, most over first (district totals are in ``districts``)."""
        over = self.cells[(self.cells["status"] == "over") & (self.cells["type"] != "district")]
        return over.sort_values("over_quota", ascending=False, kind="mergesort").reset_index(drop=True)

    def excel_sheets(self) -> dict[str, pd.DataFrame]:
        quota_cols = ["district", "margin", "type", "cell", "target", "min", "max", "achieved", "remaining",
                      "fill_rate", "over_quota", "status", "hardest_rank"]

        def zh(frame: pd.DataFrame) -> pd.DataFrame:
            out = frame.copy()
            if "type" in out:
                out["type"] = out["type"].map(TYPE_ZH)
            if "status" in out:
                out["status"] = out["status"].map(STATUS_ZH).fillna("")
            return out

        notes = pd.DataFrame(
            [
                ("样本总数", f"{self.n_responses:,} 份", f"{self.n_responses:,} responses"),
                ("未归入配额", f"{len(self.outside):,} 份", f"{len(self.outside):,} outside every cell"),
                ("完成率", "已完成 ÷ 目标", "achieved ÷ target"),
                ("剩余", "max(目标 − 已完成, 0)", "max(target − achieved, 0)"),
                ("超出上限", "max(已完成 − 上限, 0)", "max(achieved − max, 0)"),
                ("状态", "未达下限 < 下限；容差内 ≥ 下限且 < 目标；已达目标 ≥ 目标且 ≤ 上限；超额 > 上限",
                 "short < min; within ≥ min and < target; met ≥ target and ≤ max; over > max"),
                ("难度排名", "未完成单元按完成率从低到高排序（并列时剩余多者在前），1 = 最难完成",
                 "unfinished cells by fill rate, lowest first (ties: more remaining first); 1 = hardest"),
            ],
            columns=["item", "text_zh", "text_en"],
        )
        return {
            "进度汇总": self.districts,
            "最难完成": zh(self.hardest(20)[quota_cols]),
            "超额单元": zh(self.over_quota()[quota_cols]),
            "全部单元": zh(self.cells[quota_cols]),
            "未归入配额": self.outside,
            "说明": notes,
        }

    def to_excel(self, path: str | Path) -> Path:
        from ..excel import write_workbook  # openpyxl: loaded to write, not when a report reads the names

        formats = {"fill_rate": PERCENT, "hardest_rank": "0"}
        return write_workbook(self.excel_sheets(), path, headers=STATUS_HEADERS_ZH, number_formats=formats,
                              title="配额进度 / quota status")


def quota_status(plan: pd.DataFrame, responses: pd.DataFrame, *, codebook=None, id_column: str | None = None,
                 file: str | None = None) -> QuotaStatus:
    """Count ``responses`` against every row of ``plan`` (as read by :func:`read_plan`)."""
    district = _district_variable(plan)
    variables = list(dict.fromkeys([district, *(c for c in plan.columns if c not in PLAN_COLUMNS)]))
    missing = [v for v in variables if v not in responses.columns]
    if missing:
        raise InputError(Problem(
            zh=f"样本数据缺少配额变量列：{', '.join(missing)}（现有列：{', '.join(map(str, responses.columns[:30]))}）。",
            en=f"the responses lack quota variable column(s) {', '.join(missing)} "
               f"(columns: {', '.join(map(str, responses.columns[:30]))}).",
            file=file, hint_zh="请确认列名与配额方案一致。", hint_en="Check that the column names match the plan.",
        ))
    values = pd.DataFrame({v: _decode(responses[v], plan, v, codebook) for v in variables}, index=responses.index)
    counts = pd.Series(0, index=plan.index, dtype="int64")
    reasons: dict[object, list[tuple[str, str]]] = {}
    for margin, rows in plan.groupby("margin", sort=False):
        keys = list(dict.fromkeys([district, *margin_variables(margin)]))
        plan_keys = {tuple(r): i for i, r in zip(rows.index, rows[keys].itertuples(index=False, name=None))}
        known = {v: set(rows[v].dropna()) for v in keys}
        hits: dict[object, int] = {}
        for idx, key in zip(values.index, values[keys].itertuples(index=False, name=None)):
            i = plan_keys.get(key)
            if i is not None:
                hits[i] = hits.get(i, 0) + 1
            else:
                reasons.setdefault(idx, []).append(_why(key, keys, known, margin, district))
        for i, k in hits.items():
            counts[i] = k
    cells = _cell_table(plan, counts)
    outside = _outside_table(responses, values, reasons, district, codebook, id_column)
    return QuotaStatus(cells=cells, districts=_district_table(cells), outside=outside, n_responses=len(responses))


def _district_variable(plan: pd.DataFrame) -> str:
    names = plan.loc[plan["type"] == "district", "margin"].unique()
    if len(names) != 1:
        raise InputError(Problem(zh="配额方案中没有（唯一的）区样本量行。",
                                 en="the quota plan has no (single) district rows.",
                                 hint_zh="请使用 citysurvey quota design 生成的文件。",
                                 hint_en="Use a file written by citysurvey quota design."))
    return str(names[0])


def _decode(raw: pd.Series, plan: pd.DataFrame, var: str, codebook) -> pd.Series:
    """Map the responses' spellings (codes, aliases, full-width…) to the plan's labels; blanks → None."""
    from ..loading.normalize import MISSING_TOKENS, canon, category_lookup

    labels = [x for x in plan[var].dropna().unique()]
    exact: dict[str, str] = {str(x): str(x) for x in labels}
    loose: dict[str, str] = {canon(str(x)): str(x) for x in labels}
    if codebook is not None and var in codebook.variables and codebook.variables[var].type == "categorical":
        cb_exact, cb_loose = category_lookup(codebook.variables[var])
        exact |= cb_exact
        loose |= {k: v[0] for k, v in cb_loose.items()}

    def one(x):
        if x is None or (isinstance(x, float) and pd.isna(x)) or x is pd.NA:
            return None
        s = str(x).strip()
        if s in MISSING_TOKENS:
            return None
        return exact.get(s) or loose.get(canon(s)) or s

    return pd.Series([one(x) for x in raw.tolist()], index=raw.index, dtype=object)


def _why(key: tuple, keys: list[str], known: dict[str, set], margin: str, district: str) -> tuple[str, str]:
    for var, value in zip(keys, key):
        if value is None:
            return f"{var} 为空", f"{var} is blank"
        if value not in known[var]:
            if var == district:
                return f"{var}「{value}」不在配额方案中", f"{var} '{value}' is not in the plan"
            return f"{var}「{value}」不是配额「{margin}」的类别", f"{var} '{value}' is not a category of quota {margin}"
    cell = "×".join(str(v) for v in key)
    return f"单元 {cell} 不在配额方案中", f"cell {cell} is not in the plan"


def _cell_table(plan: pd.DataFrame, counts: pd.Series) -> pd.DataFrame:
    cells = plan.copy()
    cells["achieved"] = counts.astype("int64")
    cells["remaining"] = (cells["target"] - cells["achieved"]).clip(lower=0)
    cells["fill_rate"] = cells["achieved"] / cells["target"].where(cells["target"] > 0)
    cells["over_quota"] = (cells["achieved"] - cells["max"]).clip(lower=0)
    status = pd.Series("met", index=cells.index, dtype=object)
    status[cells["achieved"] < cells["target"]] = "within"
    status[cells["achieved"] < cells["min"]] = "short"
    status[cells["achieved"] > cells["max"]] = "over"
    cells["status"] = status
    open_ = cells[(cells["type"] != "district") & (cells["remaining"] > 0)].copy()
    open_["_fill"] = open_["fill_rate"].fillna(0.0)
    open_ = open_.sort_values(["_fill", "remaining", "district", "margin", "cell"],
                              ascending=[True, False, True, True, True], kind="mergesort")
    cells["hardest_rank"] = pd.Series(range(1, len(open_) + 1), index=open_.index, dtype="Int64")
    return cells


def _district_table(cells: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for d, part in cells.groupby("district", sort=False):
        top = part[part["type"] == "district"].iloc[0]
        quotas = part[part["type"] != "district"]
        rows.append({
            "district": d, "target": int(top["target"]), "achieved": int(top["achieved"]),
            "remaining": int(top["remaining"]), "fill_rate": top["fill_rate"],
            "cells_short": int((quotas["status"] == "short").sum()),
            "cells_over": int((quotas["status"] == "over").sum()),
        })
    table = pd.DataFrame(rows)
    city = {"district": CITY_LABEL, "target": int(table["target"].sum()), "achieved": int(table["achieved"].sum()),
            "remaining": int(table["remaining"].sum()), "cells_short": int(table["cells_short"].sum()),
            "cells_over": int(table["cells_over"].sum())}
    city["fill_rate"] = city["achieved"] / city["target"] if city["target"] else float("nan")
    return pd.concat([table, pd.DataFrame([city])], ignore_index=True)


def _outside_table(responses, values, reasons, district, codebook, id_column) -> pd.DataFrame:
    id_col = id_column or (codebook.respondent_id if codebook is not None else None)
    if id_col is None:
        id_col = next((c for c in _ID_GUESSES if c in responses.columns), None)
    if id_col is not None and id_col not in responses.columns:
        raise InputError(Problem(zh=f"样本数据中没有编号列「{id_col}」。", en=f"the responses have no id column '{id_col}'."))
    position = {idx: k for k, idx in enumerate(responses.index)}
    rows = []
    for idx, why in reasons.items():
        zh = list(dict.fromkeys(w[0] for w in why))
        en = list(dict.fromkeys(w[1] for w in why))
        rows.append({
            "row": position[idx] + 2,  # as Excel shows it: the header is row 1
            "respondent_id": None if id_col is None else responses.at[idx, id_col],
            **{v: values.at[idx, v] for v in values.columns},
            "reason_zh": "；".join(zh), "reason_en": "; ".join(en),
        })
    columns = ["row", "respondent_id", *values.columns, "reason_zh", "reason_en"]
    return pd.DataFrame(rows, columns=columns).sort_values("row", kind="mergesort").reset_index(drop=True)
