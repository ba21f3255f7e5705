"""``citysurvey quota …``: design a quota plan and monitor fieldwork against it.

The lead mounts this sub-app with ``app.add_typer(quota_app, name="quota")``.
"""
from __future__ import annotations

import math
from enum import Enum
from pathlib import Path
from typing import Optional

import pandas as pd
import typer
from rich.console import Console
from rich.table import Table

from ..errors import CitySurveyError, InputError, Problem

quota_app = typer.Typer(
    name="quota",
    help="配额设计与执行监控 / Quota design and fieldwork monitoring.\n\n"
    "design：由人口边际设计各区样本量与区内配额；status：对照已回收样本查看配额进度。",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


class Method(str, Enum):
    proportional = "proportional"
    power = "power"
    neyman = "neyman"


def _fail(exc: CitySurveyError) -> None:
    err.print(exc.format(), style="red", markup=False, soft_wrap=True)  # long numbers must not break across lines
    raise typer.Exit(code=2)


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.replace("，", ",").split(",") if part.strip()]


@quota_app.command()
def design(
    margins: Path = typer.Argument(..., help="人口边际表（长格式 CSV/xlsx：margin、各变量列、population） / population margins"),
    total: int = typer.Option(..., "--total", "-n", help="总有效样本量 / total valid interviews"),
    floor: int = typer.Option(0, help="每区最少样本量 / minimum interviews per district"),
    method: Method = typer.Option(Method.proportional, help="区间分配方法 / allocation across districts"),
    power: float = typer.Option(0.5, help="幂分配的指数（0.5 = 平方根分配） / exponent for --method power"),
    sd: Optional[Path] = typer.Option(None, help="Neyman 分配所需各区标准差（district,sd 两列） / per-district SDs for neyman"),
    interlock: str = typer.Option("sex,age_band", help="区内交叉（硬）配额变量 / interlocking (hard) quota variables"),
    marginal: str = typer.Option("hukou,income_band", help="区内边际（软）配额变量，可为空 / marginal (soft) quota variables"),
    tolerance: float = typer.Option(5.0, help="硬配额容差（占该区样本的百分点） / hard-quota tolerance, pp of the district sample"),
    marginal_tolerance: Optional[float] = typer.Option(None, help="软配额容差，默认同 --tolerance / soft-quota tolerance"),
    deff: float = typer.Option(1.5, help="区内假定设计效应（EST，仅影响误差界） / assumed within-district design effect"),
    confidence: float = typer.Option(0.95, help="置信水平 / confidence level"),
    margin_rtol: float = typer.Option(0.01, help="不同边际表人口合计允许的相对差异 / allowed relative gap between margins"),
    allow_empty_cells: bool = typer.Option(False, help="允许人口为 0 的单元（目标为 0） / accept zero-population cells"),
    district: str = typer.Option("district", help="区变量名 / name of the district variable"),
    codebook: Optional[Path] = typer.Option(None, help="编码本，用于校验并统一类别名称 / codebook to validate category labels"),
    output: Path = typer.Option(Path("quota_plan.csv"), "--out", "-o",
                                help="配额方案 CSV；同名 .xlsx 写在旁边 / plan CSV; the .xlsx goes next to it"),
) -> None:
    """设计配额方案 / Design a quota plan: sample per district, quotas within districts.

    Writes the tidy plan (CSV, UTF-8 with BOM) and a formatted Excel workbook with
    the same name: a summary, what the design costs, one sheet per district with
    targets, tolerance ranges and blank 'achieved' columns, and the method.

    Examples:

        citysurvey quota design data_samples/demo_city/population_margins.csv --total 2000 --floor 300 --codebook data_samples/demo_city/codebook.yaml --out data_samples/demo_city/quota_plan.csv

        citysurvey quota design margins.csv -n 3000 --method power --power 0.5 --interlock sex,age_band --marginal hukou --tolerance 3

        citysurvey quota design margins.csv -n 2000 --method neyman --sd district_sd.csv
    """
    from .plan import design_quota_plan

    try:
        table = _read_margins(margins, codebook)
        sds = _read_sd(sd, district) if sd is not None else None
        plan = design_quota_plan(
            table, total, floor=floor, method=method.value, power=power, sd=sds, interlock=_split(interlock),
            marginal=_split(marginal), tolerance=tolerance, marginal_tolerance=marginal_tolerance, deff=deff,
            confidence=confidence, margin_rtol=margin_rtol, allow_empty_cells=allow_empty_cells, district=district,
            source=str(margins),
        )
        csv_path = output if output.suffix.lower() == ".csv" else output.with_suffix(".csv")
        xlsx_path = csv_path.with_suffix(".xlsx")
        plan.to_csv(csv_path)
        plan.to_excel(xlsx_path)
    except CitySurveyError as exc:
        _fail(exc)
    _print_plan(plan)
    out.print(f"已写出 / written: {csv_path}  {xlsx_path}", markup=False)


@quota_app.command()
def status(
    plan: Path = typer.Argument(..., help="quota design 生成的配额方案 CSV / the plan CSV written by quota design"),
    responses: Path = typer.Argument(..., help="已回收样本（CSV/xlsx/.sav） / responses collected so far"),
    codebook: Optional[Path] = typer.Option(None, help="编码本：把代码/别名映射为类别名称（.sav 需要） / codebook to map codes"),
    sheet: Optional[str] = typer.Option(None, help="xlsx 的工作表名 / worksheet of an xlsx file"),
    id_column: Optional[str] = typer.Option(None, help="样本编号列 / respondent id column"),
    output: Optional[Path] = typer.Option(None, "--out", "-o", help="进度工作簿 .xlsx（默认：方案旁的 quota_status.xlsx） / status workbook"),
    top: int = typer.Option(10, help="列出最难完成的前 N 个单元 / show the N hardest-to-fill cells"),
    show_all: bool = typer.Option(False, "--all", help="在终端列出全部单元 / print every cell"),
) -> None:
    """查看配额进度 / Check fieldwork progress against a quota plan.

    Prints progress per district, the hardest-to-fill cells, over-quota cells and
    respondents outside every cell; writes the same tables (and every cell) to an
    Excel workbook.

    Examples:

        citysurvey quota status data_samples/demo_city/quota_plan.csv data_samples/demo_city/responses.csv --codebook data_samples/demo_city/codebook.yaml --out output/demo_city/quota_status.xlsx

        citysurvey quota status quota_plan.csv export.sav --codebook codebook.yaml -o status_0612.xlsx --top 20
    """
    from ..loading import read_table
    from .plan import read_plan
    from .status import quota_status

    try:
        cb = _load_codebook(codebook)
        table = read_table(responses, sheet=_sheet(sheet))
        result = quota_status(read_plan(plan), table, codebook=cb, id_column=id_column, file=str(responses))
        xlsx = output or plan.with_name("quota_status.xlsx")
        result.to_excel(xlsx)
    except CitySurveyError as exc:
        _fail(exc)
    _print_status(result, top=top, show_all=show_all)
    out.print(f"已写出 / written: {xlsx}", markup=False)


@quota_app.command()
def size(
    margin: float = typer.Option(0.05, help="误差界（比例为 0.05 = ±5 个百分点） / margin of error"),
    p: float = typer.Option(0.5, help="预期比例 / expected proportion"),
    sd: Optional[float] = typer.Option(None, help="估计均值时的标准差（给出则按均值计算） / SD, for a mean"),
    confidence: float = typer.Option(0.95, help="置信水平 / confidence level"),
    deff: float = typer.Option(1.5, help="设计效应（EST） / design effect"),
    valid_rate: float = typer.Option(1.0, help="预期有效率（0–1） / expected valid rate"),
    margins: Optional[Path] = typer.Option(None, help="人口边际表：按区计算 / population margins, for per-district sizes"),
    district: str = typer.Option("district", help="区变量名 / name of the district variable"),
) -> None:
    """计算所需样本量 / Sample size for a proportion or mean, city-wide or per district.

    Examples:

        citysurvey quota size --margin 0.05 --deff 1.5

        citysurvey quota size --margin 0.05 --deff 1.5 --valid-rate 0.85 --margins data_samples/demo_city/population_margins.csv
    """
    from .size import domain_sample_sizes, sample_size

    try:
        if margins is None:
            r = sample_size(margin=margin, p=p, sd=sd, confidence=confidence, deff=deff, valid_rate=valid_rate)
            out.print(f"{r.n_valid:,}", markup=False)
            out.print(r.explanation_zh, markup=False)
            out.print(r.explanation_en, markup=False)
            return
        pops = _district_populations(_read_margins(margins, None), district, str(margins))
        t = domain_sample_sizes(pops, margin=margin, p=p, sd=sd, confidence=confidence, deff=deff,
                                valid_rate=valid_rate)
    except CitySurveyError as exc:
        _fail(exc)
    grid = Table(title="所需样本量 / required sample size")
    for col in ("区 district", "人口 population", "有效 valid", "发放 fielded"):
        grid.add_column(col, justify="left" if col.startswith("区") else "right")
    for row in t.itertuples(index=False):
        grid.add_row(str(row.domain), f"{row.population:,.0f}", f"{row.n_valid:,}", f"{row.n_fielded:,}")
    out.print(grid)
    out.print(t["explanation_zh"].iat[0], markup=False)


# --- helpers -----------------------------------------------------------------------------------


def _load_codebook(path: Optional[Path]):
    if path is None:
        return None
    from ..codebook import load_codebook

    return load_codebook(path)


def _read_margins(path: Path, codebook_path: Optional[Path]) -> pd.DataFrame:
    from ..loading import read_margins, read_table

    if codebook_path is not None:
        return read_margins(path, _load_codebook(codebook_path))
    return read_table(path)


def _district_populations(table: pd.DataFrame, district: str, source: str) -> dict[str, float]:
    from .margins import margin_variables

    names = table["margin"].astype(str).map(margin_variables)
    pop = pd.to_numeric(table["population"], errors="coerce")
    own = table[names.map(lambda v: v == (district,))]
    if own.empty:
        own = table[names.map(lambda v: district in v)]
        first = own["margin"].iat[0] if len(own) else None
        own = own[own["margin"] == first]
    if own.empty:
        raise InputError(Problem(zh=f"人口边际中没有含「{district}」的边际。",
                                 en=f"the population margins have no margin with '{district}'.", file=source))
    return pop[own.index].groupby(own[district], sort=False).sum().to_dict()


def _read_sd(path: Path, district: str) -> dict[str, float]:
    from ..loading import read_table

    t = read_table(path)
    for col in (district, "sd"):
        if col not in t.columns:
            raise InputError(Problem(zh=f"标准差文件缺少列「{col}」。", en=f"the SD file lacks column '{col}'.",
                                     file=str(path), hint_zh="应有 district 与 sd 两列。",
                                     hint_en="It needs the columns district and sd."))
    return dict(zip(t[district].str.strip(), pd.to_numeric(t["sd"], errors="coerce")))


def _sheet(sheet: Optional[str]):
    return int(sheet) if sheet is not None and sheet.isdigit() else sheet


def _pct(x: float) -> str:
    return "" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.1%}"


def _print_plan(plan) -> None:
    grid = Table(title="各区样本分配 / allocation by district")
    for col, just in (("区 district", "left"), ("人口 population", "right"), ("按比例 proportional", "right"),
                      ("样本 n", "right"), ("约束 bound", "left"), ("误差界 ±moe", "right")):
        grid.add_column(col, justify=just)
    bound_zh = {"floor": "底线 floor", "population": "人口上限 cap", "": ""}
    for r in plan.districts.itertuples(index=False):
        grid.add_row(str(r.district), f"{r.population:,.0f}", f"{r.proportional:,.1f}", f"{r.n:,}",
                     bound_zh.get(r.bound, str(r.bound)), _pct(r.moe))
    out.print(grid)
    d = dict(zip(plan.design["measure"], plan.design["value"]))
    out.print(
        f"设计代价 / price of the design: Kish deff = {d['deff_allocation']:.4f}，有效样本量 effective n = "
        f"{d['n_effective']:,.0f}（损失 lost {d['n_lost']:,.0f}）；全市误差界 city moe ±{d['moe_city']:.2%} "
        f"（按比例分配 proportional ±{d['moe_city_proportional']:.2%}），区内假定 deff {d['deff_assumed']:g}",
        markup=False,
    )
    kinds = plan.cells["type"].value_counts()
    out.print(f"配额单元 / quota cells: 硬 hard {kinds.get('hard', 0)}，软 soft {kinds.get('soft', 0)}", markup=False)


def _print_status(result, *, top: int, show_all: bool) -> None:
    from ..excel import display_width
    from .status import STATUS_ZH

    grid = Table(title=f"配额进度 / progress ({result.n_responses:,} 份样本 responses)")
    for col in ("区 district", "目标 target", "已完成 achieved", "剩余 remaining", "完成率 fill",
                "未达下限 short", "超额 over"):
        grid.add_column(col, justify="left" if col.startswith("区") else "right")
    for r in result.districts.itertuples(index=False):
        grid.add_row(str(r.district), f"{r.target:,}", f"{r.achieved:,}", f"{r.remaining:,}", _pct(r.fill_rate),
                     f"{r.cells_short:,}", f"{r.cells_over:,}")
    out.print(grid)

    def cells_table(title: str, frame: pd.DataFrame) -> None:
        t = Table(title=title)
        label_width = max([display_width(str(c)) for c in frame["cell"]] + [8])
        for col in ("区 district", "单元 cell", "目标 target", "范围 range", "已完成 achieved", "完成率 fill", "状态 status"):
            t.add_column(col, justify="right" if col.split()[0] in ("目标", "已完成", "完成率") else "left",
                         min_width=label_width if col.startswith("单元") else None)  # never cut a cell's name
        for r in frame.itertuples(index=False):
            t.add_row(str(r.district), str(r.cell), f"{r.target:,}", f"{r.min}–{r.max}", f"{r.achieved:,}",
                      _pct(r.fill_rate), STATUS_ZH.get(r.status, r.status))
        out.print(t)

    quota_cells = result.cells[result.cells["type"] != "district"]
    if show_all:
        cells_table("全部单元 / all cells", quota_cells)
    hardest = result.hardest(top)
    if len(hardest):
        cells_table(f"最难完成的 {len(hardest)} 个单元 / hardest to fill", hardest)
    over = result.over_quota()
    if len(over):
        shown = over.head(top)
        more = f"，另 {len(over) - len(shown)} 个见工作簿 / {len(over) - len(shown)} more in the workbook" \
            if len(over) > len(shown) else ""
        cells_table(f"超额最多的单元 / most over quota ({len(over)}{more})", shown)
    else:
        out.print("没有超额单元 / no cell is over quota.", markup=False)
    if len(result.outside):
        out.print(f"未归入任何配额单元的样本 / respondents outside every cell: {len(result.outside):,}", markup=False)
        reasons = result.outside["reason_zh"].value_counts().head(5)
        for reason, k in reasons.items():
            out.print(f"  {k:>5,}  {reason}", markup=False)
    else:
        out.print("所有样本均归入配额单元 / every respondent fits a quota cell.", markup=False)
