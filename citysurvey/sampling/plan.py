"""A quota plan: sample per district, quotas within each district, and what the design costs.

>>> plan = design_quota_plan(margins, total=2000, floor=300)   # doctest: +SKIP
>>> plan.cells.head()                                          # doctest: +SKIP
>>> plan.to_csv("quota_plan.csv"); plan.to_excel("quota_plan.xlsx")  # doctest: +SKIP

``margins`` is the long format of :class:`citysurvey.loading.StudyData`:
columns ``margin`` (e.g. ``district×sex×age_band``), one column per variable,
``population``. Interlocking quotas come from the margin over
district × the interlocking variables (or a finer one, summed). A marginal
quota for a variable uses its district-level margin when there is one and
otherwise applies the city-wide shares inside every district.
"""
from __future__ import annotations

import io
import math
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import __version__
from ..errors import InputError, Problem, ProblemCollector, StageError
from ..headers import COMMON_HEADERS_ZH, DECIMAL, INTEGER, PERCENT
from ..schemas import CITY_AREA as CITY_LABEL
from ..textio import decode_bytes
from .allocation import METHOD_ZH, Allocation, allocate
from .margins import check_agreement, district_populations, group_margins, margin_variables, pick_margin, tidy_margins
from .quotas import CELL_SEPARATOR, interlocking_targets, label, marginal_targets, tolerance_range
from .size import DEFAULT_CONFIDENCE, DEFAULT_DEFF, margin_of_error

#: Quota types in the tidy plan. Interlocking quotas are hard, marginal ones soft (domain README §2.4).
TYPE_ZH = {"district": "区样本量", "hard": "硬配额（交叉）", "soft": "软配额（边际）"}
#: Reading the plan back needs these columns (plus one per quota variable).
PLAN_COLUMNS = ["district", "margin", "type", "cell", "population", "share", "exact", "target",
                "tolerance_pp", "min", "max"]
#: Margins from different sources may disagree a little; beyond this relative gap we stop.
DEFAULT_MARGIN_RTOL = 0.01

PLAN_HEADERS_ZH = COMMON_HEADERS_ZH | {
    "margin": "配额维度", "type": "类型", "cell": "单元", "share": "人口占比", "exact": "精确配额",
    "target": "目标", "tolerance_pp": "容差（百分点）", "min": "下限", "max": "上限",
    "achieved": "已完成", "remaining": "剩余", "note": "备注",
    "proportional": "按人口比例（精确）", "n": "分配样本量", "bound": "约束",
    "sampling_fraction": "抽样比", "design_weight": "设计权重（人口/样本）",
    "moe_srs": "误差界（不含区内设计效应）", "moe": "误差界（含区内设计效应）",
    "measure": "指标", "value": "数值", "note_zh": "说明", "note_en": "Note (English)",
    "item": "项目", "text_zh": "说明", "text_en": "Description (English)",
}


@dataclass(frozen=True)
class QuotaPlan:
    """The designed plan.

    ``cells``: the tidy plan, one row per quota — ``district``, ``margin``,
    ``type`` (district / hard / soft), ``cell`` (display label), one column per
    quota variable (blank when not part of the row's margin), ``population``,
    ``share`` (within the district), ``exact``, ``target``, ``tolerance_pp``,
    ``min``, ``max``. ``districts``: the allocation with per-district margins
    of error. ``design``: what the design costs (Kish deff, effective n, city
    margin of error). ``method``: the method, in words, for the workbook.
    """

    cells: pd.DataFrame
    districts: pd.DataFrame
    design: pd.DataFrame
    method: pd.DataFrame
    allocation: Allocation
    variables: tuple[str, ...]
    params: dict = field(default_factory=dict)

    @property
    def deff(self) -> float:
        return self.allocation.deff

    @property
    def n_effective(self) -> float:
        return self.allocation.n_effective

    def to_csv(self, path: str | Path) -> Path:
        """Write the tidy plan as UTF-8 CSV with a BOM (so Excel shows the Chinese)."""
        return write_plan_csv(self.cells, path)

    def excel_sheets(self) -> dict[str, pd.DataFrame]:
        """Sheet name → table: 汇总, 设计代价, one sheet per district, 方法说明."""
        from ..excel import sheet_name  # openpyxl: loaded for a workbook, not when a report reads a plan's names

        sheets = {"汇总": self.districts, "设计代价": self.design}
        for district in self.districts["district"]:
            if district == CITY_LABEL:
                continue
            part = self.cells[self.cells["district"] == district]
            sheet = part[["margin", "type", "cell", "population", "share", "exact", "target", "min", "max"]].copy()
            sheet["margin"] = sheet["margin"].map(_margin_zh)
            sheet["type"] = sheet["type"].map(TYPE_ZH)
            for blank in ("achieved", "remaining", "note"):
                sheet[blank] = None  # filled in by the field team
            sheets[sheet_name(str(district))] = sheet.reset_index(drop=True)
        sheets["方法说明"] = self.method
        return sheets

    def to_excel(self, path: str | Path) -> Path:
        from ..excel import write_workbook

        districts = self.districts.copy()
        districts["bound"] = districts["bound"].map({"floor": "底线", "population": "人口上限"}).fillna("")
        # Chinese description first: the stable English key is for machines.
        design = self.design[["note_zh", "value", "note_en", "measure"]]
        sheets = self.excel_sheets() | {"汇总": districts, "设计代价": design}
        return write_workbook(sheets, path, headers=PLAN_HEADERS_ZH, number_formats=PLAN_FORMATS,
                              title="配额方案 / quota plan")


PLAN_FORMATS = {
    "share": PERCENT, "sampling_fraction": "0.000%", "moe": PERCENT, "moe_srs": PERCENT,
    "exact": DECIMAL, "proportional": DECIMAL, "design_weight": DECIMAL, "population": INTEGER,
    "value": "#,##0.000",
}


def design_quota_plan(
    margins: pd.DataFrame,
    total: int,
    *,
    floor: int | Mapping[str, int] = 0,
    method: str = "proportional",
    power: float = 0.5,
    sd: Mapping[str, float] | None = None,
    interlock: Sequence[str] = ("sex", "age_band"),
    marginal: Sequence[str] = ("hukou", "income_band"),
    tolerance: float = 5.0,
    marginal_tolerance: float | None = None,
    deff: float = DEFAULT_DEFF,
    confidence: float = DEFAULT_CONFIDENCE,
    margin_rtol: float = DEFAULT_MARGIN_RTOL,
    allow_empty_cells: bool = False,
    district: str = "district",
    source: str = "",
) -> QuotaPlan:
    """Design a quota plan for ``total`` valid interviews from population ``margins``.

    ``tolerance`` (hard quotas) and ``marginal_tolerance`` (soft quotas, default
    the same) are in percentage points of the district sample. ``deff`` is the
    design effect assumed for quota sampling plus weighting within a district
    (EST 1.5, domain README §2.3); it only enters the margins of error.
    """
    interlock, marginal = list(interlock), list(marginal)
    marginal_tolerance = tolerance if marginal_tolerance is None else marginal_tolerance
    _check_parameters(interlock, marginal, district, tolerance, marginal_tolerance, deff)
    table = tidy_margins(margins, source)
    by_vars = group_margins(table)
    inter = pick_margin(by_vars, [district, *interlock], source)
    pops, pops_name = district_populations(by_vars, inter, district)
    marg = {}
    for var in marginal:
        found = pick_margin(by_vars, [district, var], source, required=False)
        marg[var] = found if found is not None else pick_margin(by_vars, [var], source, also=[district, var])
    check_agreement(pops, pops_name, inter, marg, district, margin_rtol)

    alloc = allocate(pops, total, method=method, floor=floor, power=power, sd=sd)
    _check_no_empty_district(alloc)
    cells = _build_cells(alloc, inter, marg, district, interlock, tolerance, marginal_tolerance,
                         allow_empty_cells)
    variables = tuple([district, *interlock, *marginal])
    districts = _district_table(alloc, deff, confidence)
    design = _design_table(alloc, deff, confidence)
    params = {
        "total": int(total), "floor": alloc.floor, "method": method, "power": alloc.power,
        "interlock": interlock, "marginal": marginal, "tolerance_pp": tolerance,
        "marginal_tolerance_pp": marginal_tolerance, "deff_assumed": deff, "confidence": confidence,
        "margin_rtol": margin_rtol, "source": source, "populations_from": pops_name,
    }
    method_table = _method_table(params, alloc, inter, marg, district)
    return QuotaPlan(cells=cells, districts=districts, design=design, method=method_table,
                     allocation=alloc, variables=variables, params=params)


# --- building the plan -------------------------------------------------------------------------


def _build_cells(alloc, inter, marg, district, interlock, tol, mtol, allow_empty) -> pd.DataFrame:
    problems = ProblemCollector()
    rows: list[dict] = []
    categories = {v: list(dict.fromkeys(inter[v])) for v in interlock}
    for rec in alloc.table.itertuples(index=False):
        d, n = rec.district, int(rec.n)
        rows.append({"district": d, "margin": district, "type": "district", "cell": d, district: d,
                     "population": rec.population, "share": 1.0, "exact": rec.exact, "target": n,
                     "tolerance_pp": 0.0, "min": n, "max": n})
        grid = pd.DataFrame(list(itertools.product(*categories.values())), columns=interlock)
        part = inter[inter[district] == d].drop(columns=[district])
        grid = grid.merge(part, on=interlock, how="left").fillna({"population": 0.0})
        _empty_cells(grid, interlock, d, inter.attrs["source_margin"], allow_empty, problems)
        for cell in interlocking_targets(grid, n, interlock).to_dict("records"):
            rows.append(_quota_row(d, district, inter.attrs["margin"], "hard", interlock, cell, n, tol))
        for var, m in marg.items():
            city_level = district not in m.columns
            part = m if city_level else m[m[district] == d].drop(columns=[district])
            _empty_cells(part, [var], d, m.attrs["source_margin"], allow_empty, problems)
            for cell in marginal_targets(part, n, var).to_dict("records"):
                rows.append(_quota_row(d, district, m.attrs["margin"], "soft", [var], cell, n, mtol))
    problems.raise_if_any(StageError)
    variables = list(dict.fromkeys([district, *interlock, *marg]))
    columns = ["district", "margin", "type", "cell", *[v for v in variables if v != "district"],
               "population", "share", "exact", "target", "tolerance_pp", "min", "max"]
    cells = pd.DataFrame(rows).reindex(columns=columns)
    return cells.astype({"target": "int64", "min": "int64", "max": "int64", "population": "float64"})


def _quota_row(d, district, margin, kind, variables, cell, n, tol) -> dict:
    low, high = tolerance_range(int(cell["target"]), n, tol)
    row = {"district": d, "margin": margin, "type": kind, "cell": label(cell[v] for v in variables), district: d}
    row |= {v: cell[v] for v in variables}
    return row | {"population": cell["population"], "share": cell["share"], "exact": cell["exact"],
                  "target": int(cell["target"]), "tolerance_pp": float(tol), "min": low, "max": high}


def _empty_cells(cells, variables, d, margin, allow_empty, problems) -> None:
    if allow_empty:
        return
    for cell in cells[cells["population"] <= 0].to_dict("records"):
        problems.add(Problem(
            zh=f"区「{d}」的单元 {label(cell[v] for v in variables)} 在「{margin}」中人口为 0 或缺失，无法设定配额。",
            en=f"district '{d}': cell {label(cell[v] for v in variables)} has zero or missing population in "
               f"'{margin}', so it cannot get a quota.",
            hint_zh="请补齐人口数据；若该单元确实无人，请使用 --allow-empty-cells（目标为 0）。",
            hint_en="Complete the margins; if the cell really is empty, use --allow-empty-cells (target 0).",
        ))


def _check_no_empty_district(alloc: Allocation) -> None:
    """A district with people but no interviews cannot be weighted up: its Kish deff, effective n
    and margins of error are undefined (inf). Stop and name it, with the floor that fixes it."""
    problems = ProblemCollector()
    big_n = float(alloc.table["population"].sum())
    for rec in alloc.table[(alloc.table["n"] == 0) & (alloc.table["population"] > 0)].itertuples(index=False):
        needed = math.ceil(big_n / rec.population)  # total at which its proportional share reaches one interview
        problems.add(Problem(
            zh=f"区「{rec.district}」（人口 {rec.population:,.0f}）按当前分配只得到 0 份访问（精确值 {rec.exact:.2f}，"
               f"取整为 0）：该区无法加权还原，全市 Kish 设计效应、有效样本量和误差界都无定义。",
            en=f"district '{rec.district}' (population {rec.population:,.0f}) gets 0 interviews under this allocation "
               f"(exact {rec.exact:.2f}, rounded to 0): it cannot be weighted up, so the city's Kish design effect, "
               f"effective n and margin of error are undefined.",
            hint_zh=f"请设定每区底线样本量（命令行 --floor，例如 --floor 30；Python 中 floor=30），"
                    f"或把总样本量提高到至少 {needed:,}。",
            hint_en=f"Set a floor per district (--floor on the command line, e.g. --floor 30; floor=30 in Python), "
                    f"or raise the total to at least {needed:,}.",
        ))
    problems.raise_if_any(StageError)


def _district_table(alloc: Allocation, deff: float, confidence: float) -> pd.DataFrame:
    t = alloc.table.copy()
    t["sampling_fraction"] = t["n"] / t["population"]
    t["design_weight"] = t["population"] / t["n"].where(t["n"] > 0)
    t["moe_srs"] = [margin_of_error(n, confidence=confidence, population=p) for n, p in zip(t["n"], t["population"])]
    t["moe"] = [margin_of_error(n, confidence=confidence, deff=deff, population=p)
                for n, p in zip(t["n"], t["population"])]
    big_n, n = t["population"].sum(), int(t["n"].sum())
    city = {
        "district": CITY_LABEL, "population": big_n, "share": 1.0, "proportional": float(alloc.total),
        "exact": float(alloc.total), "n": n, "bound": "", "sampling_fraction": n / big_n,
        "design_weight": big_n / n,
        "moe_srs": margin_of_error(n, confidence=confidence, deff=alloc.deff, population=big_n),
        "moe": margin_of_error(n, confidence=confidence, deff=deff * alloc.deff, population=big_n),
    }
    t = pd.concat([t, pd.DataFrame([city])], ignore_index=True)
    return t.astype({"n": "int64"})


def _design_table(alloc: Allocation, deff: float, confidence: float) -> pd.DataFrame:
    t = alloc.table
    n, big_n = alloc.total, float(t["population"].sum())
    k = alloc.deff
    moe_prop = margin_of_error(n, confidence=confidence, deff=deff, population=big_n)
    moe_plan = margin_of_error(n, confidence=confidence, deff=deff * k, population=big_n)
    moe_d = [margin_of_error(x, confidence=confidence, deff=deff, population=p) for x, p in zip(t["n"], t["population"])]
    rows = [
        ("total", float(n), "总样本量（有效问卷）", "total valid interviews"),
        ("deff_allocation", k, "分配造成的 Kish 设计效应 n·Σ W_h²/n_h（比例分配为 1）",
         "Kish design effect of the allocation, n·Σ W_h²/n_h (1 for proportional allocation)"),
        ("n_effective", n / k, "全市估计的有效样本量 n/deff", "effective sample size for city-wide estimates, n/deff"),
        ("n_lost", n - n / k, "因不等比例分配损失的样本量 n − n_eff", "interviews lost to disproportionate allocation"),
        ("deff_assumed", deff, "假定的区内设计效应（配额+加权，EST）",
         "design effect assumed within districts (quotas + weighting, EST)"),
        ("moe_city_proportional", moe_prop, "全市误差界：若按比例分配", "city margin of error if allocated proportionally"),
        ("moe_city", moe_plan, "全市误差界：本方案", "city margin of error under this plan"),
        ("moe_district_min", min(moe_d), "各区误差界：最小", "smallest district margin of error"),
        ("moe_district_max", max(moe_d), "各区误差界：最大", "largest district margin of error"),
        ("confidence", confidence, "置信水平", "confidence level"),
    ]
    return pd.DataFrame(rows, columns=["measure", "value", "note_zh", "note_en"])


def _method_table(params, alloc: Allocation, inter, marg, district) -> pd.DataFrame:
    floor = params["floor"]
    floor_zh = f"每区至少 {floor:,} 份" if isinstance(floor, int) else "各区底线：" + "、".join(f"{k} {v}" for k, v in floor.items())
    floor_en = f"at least {floor:,} per district" if isinstance(floor, int) else "floors: " + ", ".join(f"{k} {v}" for k, v in floor.items())
    method = params["method"]
    basis_zh = {"proportional": "N_h", "power": f"N_h^{params['power']}", "neyman": "N_h·S_h"}[method]
    soft_sources = "；".join(
        f"{v}：{m.attrs['source_margin']}" + ("（全市比例，用于各区）" if district not in m.columns else "")
        for v, m in marg.items()
    ) or "无"
    soft_sources_en = "; ".join(
        f"{v}: {m.attrs['source_margin']}" + (" (city-wide shares applied in every district)" if district not in m.columns else "")
        for v, m in marg.items()
    ) or "none"
    rows = [
        ("数据来源", f"人口边际 {params['source'] or '（内存数据）'}；区人口取自「{params['populations_from']}」",
         f"population margins {params['source'] or '(in memory)'}; district populations from '{params['populations_from']}'"),
        ("分配方法", f"{METHOD_ZH[method]}：各区样本 n_h = clip(λ·{basis_zh}, 底线, 人口)，λ 使总和为 {params['total']:,}；{floor_zh}",
         f"{method}: n_h = clip(λ·{basis_zh}, floor, population) with λ making the total {params['total']:,}; {floor_en}"),
        ("取整规则", "最大余数法：先取整数部分，剩余名额依次给小数部分最大者；并列时给精确值较大者，再按区名（Unicode 顺序）",
         "largest remainder: floors first, spare units to the largest fractional parts; ties go to the larger exact "
         "value, then to the district name in Unicode order"),
        ("区内硬配额", f"{inter.attrs['margin']}（来自「{inter.attrs['source_margin']}」）按人口占比分配，受控取整"
         "（Cox 1987），保证各单元、行合计、列合计均为精确值的上取整或下取整，且总和等于该区样本量",
         f"{inter.attrs['margin']} (from '{inter.attrs['source_margin']}') by population share with controlled "
         "rounding (Cox 1987): every cell and every row/column total is its exact value rounded up or down, "
         "and the cells add up to the district sample"),
        ("区内软配额", f"逐变量按人口占比、最大余数法取整：{soft_sources}",
         f"one variable at a time by population share, largest remainder: {soft_sources_en}"),
        ("容差", f"硬配额 ±{params['tolerance_pp']:g} 个百分点、软配额 ±{params['marginal_tolerance_pp']:g} 个百分点"
         "（以该区样本量计，向下取整到整份）",
         f"hard quotas ±{params['tolerance_pp']:g} pp, soft quotas ±{params['marginal_tolerance_pp']:g} pp "
         "of the district sample, rounded down to whole interviews"),
        ("设计效应", f"不等比例分配的 Kish 设计效应 deff = n·Σ W_h²/n_h = {alloc.deff:.4f}，"
         f"全市有效样本量 {alloc.n_effective:,.0f}；城市总体估计须用权重 N_h/n_h 还原",
         f"Kish design effect of the allocation deff = n·Σ W_h²/n_h = {alloc.deff:.4f}, effective n "
         f"{alloc.n_effective:,.0f}; city-wide estimates must weight by N_h/n_h"),
        ("误差界", f"比例 p = 0.5、置信水平 {params['confidence']:.0%}：e = z·√(deff·(1−n/N)·p(1−p)/n)，"
         f"区内假定 deff = {params['deff_assumed']:g}（EST，可调整）",
         f"for p = 0.5 at {params['confidence']:.0%} confidence: e = z·√(deff·(1−n/N)·p(1−p)/n), "
         f"assuming deff = {params['deff_assumed']:g} within districts (EST, adjustable)"),
        ("使用方法", "各区工作表的「已完成」「剩余」「备注」列留空，供执行中填写；进度可用 citysurvey quota status 自动统计",
         "the 'achieved', 'remaining' and 'note' columns of each district sheet are left blank for fieldwork; "
         "citysurvey quota status fills them from the responses"),
        ("生成工具", f"citysurvey {__version__}", f"citysurvey {__version__}"),
    ]
    return pd.DataFrame(rows, columns=["item", "text_zh", "text_en"])


def _margin_zh(margin: str) -> str:
    return CELL_SEPARATOR.join(PLAN_HEADERS_ZH.get(v, v) for v in margin_variables(margin))


def _check_parameters(interlock, marginal, district, tol, mtol, deff) -> None:
    problems = ProblemCollector()
    if not interlock:
        problems.add(Problem(zh="至少需要一个交叉配额变量。", en="at least one interlocking variable is needed."))
    both = set(interlock) & set(marginal)
    if both:
        problems.add(Problem(zh=f"变量 {', '.join(sorted(both))} 既是交叉配额又是边际配额。",
                             en=f"variable(s) {', '.join(sorted(both))} are both interlocking and marginal."))
    if district in interlock or district in marginal:
        problems.add(Problem(zh=f"区变量「{district}」不应列入配额变量（区总是第一层）。",
                             en=f"the district variable '{district}' must not be a quota variable (districts always come first)."))
    for name, value in (("tolerance", tol), ("marginal_tolerance", mtol)):
        if not 0 <= value <= 100:
            problems.add(Problem(zh=f"容差 {name} = {value} 应在 0 到 100 个百分点之间。",
                                 en=f"{name} = {value} must be between 0 and 100 percentage points."))
    if deff <= 0:
        problems.add(Problem(zh=f"设计效应 {deff} 应大于 0。", en=f"the design effect {deff} must be greater than 0."))
    problems.raise_if_any(StageError)


# --- reading and writing the tidy plan ---------------------------------------------------------


def write_plan_csv(cells: pd.DataFrame, path: str | Path) -> Path:
    """The tidy plan as the project writes every table: UTF-8 with a BOM (Excel shows the Chinese)."""
    from ..outputs import write_csv

    out = cells.copy()
    out["share"] = out["share"].round(6)  # enough to rebuild the targets; fewer digits to read
    out["exact"] = out["exact"].round(4)
    return write_csv(out, path)


def read_plan(path: str | Path) -> pd.DataFrame:
    """Read a plan written by :meth:`QuotaPlan.to_csv` (or saved back from Excel as CSV)."""
    path = Path(path)
    if not path.exists():
        raise InputError(Problem(zh="找不到配额方案文件。", en="the quota plan file does not exist.", file=str(path)))
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        raise InputError(Problem(
            zh="请使用 quota design 生成的 CSV 配额方案（xlsx 仅供查看）。",
            en="use the CSV plan written by quota design (the xlsx is for reading).", file=str(path),
        ))
    text, _ = decode_bytes(path.read_bytes(), path=path)
    plan = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    missing = [c for c in PLAN_COLUMNS if c not in plan.columns]
    if missing:
        raise InputError(Problem(zh=f"配额方案缺少列：{', '.join(missing)}。",
                                 en=f"the quota plan lacks column(s): {', '.join(missing)}.", file=str(path),
                                 hint_zh="请使用 citysurvey quota design 生成的文件。",
                                 hint_en="Use a file written by citysurvey quota design."))
    problems = ProblemCollector()
    for col in ("target", "min", "max", "population", "share", "exact", "tolerance_pp"):
        values = pd.to_numeric(plan[col], errors="coerce")
        for i in values[values.isna()].index[:5]:
            problems.add(Problem(zh="应为数字。", en="must be a number.", file=str(path), row=int(i) + 2,
                                 column=col, value=plan.at[i, col]))
        plan[col] = values
    problems.raise_if_any(InputError)
    plan = plan.astype({"target": "int64", "min": "int64", "max": "int64"})
    for col in plan.columns:
        if plan[col].dtype == object or str(plan[col].dtype).startswith("str"):
            plan[col] = plan[col].map(lambda x: None if x == "" else x)
    return plan
