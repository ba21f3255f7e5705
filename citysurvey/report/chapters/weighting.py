"""加权与估计方法: how the weights were built and what they cost in precision.

Reads the weighting stage's tables (``weighting/weights.csv``, ``margins.csv``,
``diagnostics.csv``, ``history.csv``, ``trimming.csv`` when weights were
trimmed), its summary and settings in ``manifest.json``, and
``estimation/estimates.csv`` for the realised design effects. Never reweights.
``district=None`` is the city report.

>>> w = weighting_facts(load_outputs("output/demo_city"))   # doctest: +SKIP
>>> w.method, w.deff, w.n_eff                                # doctest: +SKIP
('迭代比例拟合（raking）', '1.65', '1,818')
"""
from __future__ import annotations

import math
import re

from ...headers import COMMON_HEADERS_ZH
from ...lazy import lazy_module
from ..numbers import MISSING, fmt_int, fmt_num, fmt_pct, fmt_pp, fmt_wan
from ..outputs import CITY_AREA, ReportOutputs
from ..tables import MarkdownTable, md_table
from . import GAP_SHOWN_PP, NO_GAP, Facts, gap_phrase, largest_gap, missing_figure, missing_table, shared_chart, shared_result

np = lazy_module("numpy")
pd = lazy_module("pandas")

WEIGHTS = "weighting/weights.csv"
MARGINS = "weighting/margins.csv"
DIAGNOSTICS = "weighting/diagnostics.csv"
HISTORY = "weighting/history.csv"
TRIMMING = "weighting/trimming.csv"
PROFILE = "sampling/sample_profile.csv"
ESTIMATES = "estimation/estimates.csv"
MERGED = " + "  # joins the categories of a collapsed cell (weighting.margins.code_margin)
SEP = "×"  # joins the variables of a margin and the categories of a cell (weighting.margins.SEP)
ALL_ROW = "全部 / all"  # diagnose()'s whole-sample row
DISTRICT_WORD = "区"  # one word for the district variable in every table and sentence
METHOD_ZH = {
    "rake": "迭代比例拟合（raking）",
    "poststratify": "事后分层（post-stratification）",
    "linear": "线性校准（广义回归估计，GREG）",
    "logit": "logit 有界校准",
}
STEP_ZH = {"design": "建立抽样设计", "rake": "迭代比例拟合", "poststratify": "事后分层", "trim": "截尾",
           "calibrate:linear": "线性校准", "calibrate:raking": "指数校准", "calibrate:logit": "logit 有界校准"}
LOGIT_DEFAULT_BOUNDS = (0.3, 3.0)  # what the weighting stage uses for logit when no bounds are set


# -- reading ------------------------------------------------------------------------

def _stage_summary(out: ReportOutputs) -> dict:
    for stage in out.manifest.get("stages", []):
        if stage.get("name") == "weighting":
            return stage.get("summary") or {}
    return {}


def _settings(out: ReportOutputs) -> dict:
    """The run's ``weighting:`` section as recorded in the manifest ({} for older manifests)."""
    return ((out.manifest.get("config") or {}).get("stages") or {}).get("weighting") or {}


def district_variable(out: ReportOutputs) -> str | None:
    """Name of the district variable, as the codebook calls it (recorded in the manifest)."""
    return out.district_variable


def variable_labels(out: ReportOutputs) -> dict[str, str]:
    """Chinese names of variables: the codebook's (via the sample profile), else the shared headers."""
    labels = {k: v for k, v in COMMON_HEADERS_ZH.items()}
    if out.has(PROFILE):
        p = out.table(PROFILE)
        labels |= dict(zip(p["variable"].astype(str), p["variable_label"].astype(str)))
    labels["district"] = DISTRICT_WORD
    dvar = district_variable(out)
    if dvar:
        labels[dvar] = DISTRICT_WORD
    return labels


def margin_label(name: str, labels: dict[str, str]) -> str:
    """``district×sex×age_band`` → ``区×性别×年龄段``."""
    return SEP.join(labels.get(v, v) for v in str(name).split(SEP))


def _weights(out: ReportOutputs, district: str | None) -> pd.DataFrame:
    w = out.table(WEIGHTS)
    dvar = district_variable(out)
    if district and dvar in w.columns:
        w = w[w[dvar].astype(str) == district]
    return w


def _diagnostics(out: ReportOutputs) -> pd.DataFrame:
    d = out.table(DIAGNOSTICS)
    dvar = d.columns[0]
    if dvar != "n":
        d = d.rename(columns={dvar: "area"})
        d["area"] = d["area"].astype(str).replace({ALL_ROW: CITY_AREA})
    else:
        d.insert(0, "area", CITY_AREA)
    return d


@shared_result
def margin_shares(out: ReportOutputs, district: str | None = None) -> pd.DataFrame:
    """Each margin variable's categories: unweighted sample, weighted and population shares.

    One row per (variable, category), from the margin cells the weights were
    calibrated to (a variable in several margins is read from the first one).
    With a district, only margins that contain the district variable can be
    split, and shares are within that district. Merged (collapsed) cells keep
    their merged label, e.g. ``50-59 + 60+``.
    """
    m = out.table(MARGINS)
    dvar = district_variable(out)
    labels = variable_labels(out)
    order = _category_order(out)
    rows, seen = [], set()
    for margin, part in m.groupby("margin", sort=False):
        variables = str(margin).split(SEP)
        cats = part["cell"].astype(str).str.split(SEP, expand=True)
        if cats.shape[1] != len(variables):
            continue  # a category label containing "×": cannot be split safely, leave it out
        cats.columns = variables
        if district:
            if dvar not in variables:
                continue
            keep = cats[dvar] == district
            part, cats = part[keep], cats[keep]
        for var in variables:
            if var in seen or (district and var == dvar):
                continue
            seen.add(var)
            g = part.groupby(cats[var].to_numpy(), sort=False)[["n_sample", "target", "achieved"]].sum()
            g = g.loc[_ordered(list(g.index), order.get(var, []))]
            rows.append(pd.DataFrame({
                "variable": var,
                "variable_label": labels.get(var, var),
                "category": [f"{c}（合并格）" if MERGED in c else c for c in g.index.astype(str)],
                "n_sample": g["n_sample"].to_numpy(),
                "share_sample": (g["n_sample"] / g["n_sample"].sum()).to_numpy(),
                "share_weighted": (g["achieved"] / g["achieved"].sum()).to_numpy(),
                "share_population": (g["target"] / g["target"].sum()).to_numpy(),
            }))
    cols = ["variable", "variable_label", "category", "n_sample", "share_sample", "share_weighted", "share_population"]
    table = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=cols)
    # calibration leaves ~1e-10 of noise; unrounded, equal shares could print 31.8% and 31.9%
    shares = ["share_sample", "share_weighted", "share_population"]
    table[shares] = table[shares].astype(float).round(8)
    table["diff_before_pp"] = (table["share_sample"] - table["share_population"]) * 100
    table["diff_after_pp"] = (table["share_weighted"] - table["share_population"]) * 100
    return table


def _ordered(categories: list[str], known: list[str]) -> list[str]:
    """The codebook's order; merged cells ("35-59 + 60+") after the categories they overlap."""
    plain = [c for c in categories if MERGED not in c]
    if not all(c in known for c in plain):
        known = plain  # the profile does not list them all: keep the margins' order
    return sorted(plain, key=known.index) + [c for c in categories if MERGED in c]


def _category_order(out: ReportOutputs) -> dict[str, list[str]]:
    """Each variable's categories in the codebook's order, as the sample profile lists them."""
    if not out.has(PROFILE):
        return {}
    p = out.table(PROFILE)
    p = p[p["district"].astype(str) == CITY_AREA]
    return {str(v): list(dict.fromkeys(part["category"].astype(str))) for v, part in p.groupby("variable", sort=False)}


# -- wording ------------------------------------------------------------------------

def fmt_tiny_pct(share) -> str:
    """A tiny share as a percentage to one significant digit, never in exponent form.

    ``fmt_tiny_pct(3.3e-9) == '0.0000003%'``; 0.01% and above as ``fmt_pct`` with two decimals.
    """
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return MISSING
    x = abs(float(share))
    if x == 0:
        return "0%"
    if x >= 1e-4:
        return fmt_pct(x, 2)
    pct = x * 100
    digits = -math.floor(math.log10(pct))  # the first significant digit
    return f"{pct:.{digits}f}%"


def _bounds_text(cfg: dict, method: str) -> str:
    bounds = cfg.get("bounds")
    if bounds is None and method == "logit":
        bounds = LOGIT_DEFAULT_BOUNDS
    if bounds is None:
        return "未限定权数调整倍数" if cfg else MISSING
    lo, hi = bounds
    return f"权数调整倍数（加权后权数 ÷ 初始权数）限定在{fmt_num(lo, 2)}～{fmt_num(hi, 2)}倍"


def _trim_text(out: ReportOutputs, cfg: dict, summary: dict) -> str:
    trim = cfg.get("trim")
    if not out.has(TRIMMING):
        return "未对权数截尾" if (cfg or summary) and not trim else MISSING
    t = out.table(TRIMMING)
    after = t[t["when"] == "after"].iloc[-1] if (t["when"] == "after").any() else t.iloc[-1]
    caps = []
    if after["lower_cap"] > 0:
        caps.append(f"下限{fmt_num(after['lower_cap'])}")
    if np.isfinite(after["upper_cap"]):
        mult = (trim or {}).get("upper_mult") if not (trim or {}).get("upper") else None
        caps.append(f"上限{fmt_num(after['upper_cap'])}" + (f"，即平均权数的{fmt_num(mult, 1)}倍" if mult else ""))
    text = f"对权数截尾（{'、'.join(caps) or '无界限'}），截尾前有{fmt_int(summary.get('trimmed', 0))}个权数超出界限"
    if trim and trim.get("recalibrate"):
        text += f"，截尾与重新校准交替{fmt_int(after['rounds'])}轮，使权数和各边际同时满足要求"
    return text


def _collapsed_text(summary: dict, cfg: dict) -> str:
    cells = summary.get("collapsed_cells") or []
    if cells:
        return f"{fmt_int(len(cells))}个无样本或无人口的控制格与相邻类别合并（{'；'.join(cells)}）"
    if cfg.get("empty") == "error" or not (cfg or summary):
        return "未合并控制格" if cfg else MISSING
    return "各控制格均有样本，未合并控制格"


def _empty_rule(cfg: dict, labels: dict[str, str], summary: dict | None = None) -> str:
    summary = summary or {}
    if not cfg:
        return MISSING
    if cfg.get("empty") == "error":
        return "控制格无样本时停止并报错"
    # the order the stage used (the codebook's when the config names none)
    order = "、".join(labels.get(v, v) for v in summary.get("collapse_order", cfg.get("collapse_order")) or [])
    return f"控制格无样本时与相邻类别合并（依次合并{order}）" if order else "控制格无样本时与相邻类别合并"


def _steps(out: ReportOutputs) -> list[str]:
    if not out.has(HISTORY):
        return []
    return [str(s) for s in out.table(HISTORY)["step"]]


def _design_text(out: ReportOutputs) -> str:
    """Strata and PSUs of the variance design, from the history's ``design`` step."""
    if not out.has(HISTORY):
        return MISSING
    h = out.table(HISTORY)
    row = h[h["step"] == "design"]
    text = str(row["description"].iloc[0]) if len(row) else ""
    found = dict(re.findall(r"(\w+)=(\d+)", text))
    if not found:
        return MISSING
    n, strata, psu = (int(found.get(k, 0)) for k in ("n", "strata", "psu"))
    strata_text = f"以区为层（{fmt_int(strata)}层）" if strata > 1 else "不分层"
    psu_text = "以受访者为初级抽样单元" if psu == n else f"以{fmt_int(psu)}个初级抽样单元计算"
    return f"{strata_text}、{psu_text}"


def _item_deff_text(out: ReportOutputs, district: str | None) -> str:
    """The realised design effects of the satisfied shares: what the weights cost in practice."""
    if not out.has(ESTIMATES):
        return ""
    e = out.table(ESTIMATES)
    scope = district or CITY_AREA
    rows = e[(e["measure"] == "satisfied_share") & (e["district"].astype(str) == scope)]["deff"].dropna()
    if not len(rows):
        return ""
    return (f"{scope}各题满意率估计的实际设计效应中位数为{fmt_num(rows.median(), 2)}"
            f"（{fmt_num(rows.min(), 2)}～{fmt_num(rows.max(), 2)}）。它除权数差异外，还受分层和校准变量与满意度相关程度的影响，"
            "因此与 Kish 设计效应不完全相同。")


# -- facts --------------------------------------------------------------------------

@shared_result(saved=True)
def weighting_facts(out: ReportOutputs, district: str | None = None) -> Facts:
    """Formatted numbers and phrases for the chapter's prose (city, or one district)."""
    for needed in (WEIGHTS, MARGINS, DIAGNOSTICS):
        if not out.has(needed):
            return Facts({}, missing=needed)
    summary, cfg = _stage_summary(out), _settings(out)
    labels = variable_labels(out)
    method = str(summary.get("method") or cfg.get("method") or "")
    margins = out.table(MARGINS)
    margin_names = list(dict.fromkeys(margins["margin"].astype(str)))
    scope = district or CITY_AREA

    w_all = out.table(WEIGHTS)
    w = _weights(out, district)
    weights = w["weight"].to_numpy(dtype=float)
    diag = _diagnostics(out).set_index("area")
    here = diag.loc[scope] if scope in diag.index else None
    city = diag.loc[CITY_AREA] if CITY_AREA in diag.index else None
    by_district = diag.drop(index=CITY_AREA, errors="ignore")

    max_err = summary.get("max_abs_rel_margin_error")
    if max_err is None:
        max_err = float(margins["rel_error"].abs().max())
    tol = cfg.get("tol")

    shares = margin_shares(out, district)
    gap = largest_gap(shares, "diff_before_pp")
    max_after = float(shares["diff_after_pp"].abs().max()) if len(shares) else float("nan")
    dvar = district_variable(out)
    city_only = [labels.get(m, m) for m in margin_names if district and dvar not in m.split(SEP)]

    base = w_all["base_weight"].to_numpy(dtype=float)
    equal_base = bool(np.allclose(base, base[0])) if len(base) else True
    steps = _steps(out)

    values = {
        "scope": scope,
        "method": METHOD_ZH.get(method, method or MISSING),
        "steps": " → ".join(STEP_ZH.get(s, s) for s in steps) or MISSING,
        "n": fmt_int(len(w_all)),
        "n_scope": fmt_int(len(w)),
        "n_margins": fmt_int(len(margin_names)),
        "margins": "、".join(margin_label(m, labels) for m in margin_names),
        "margin_variables": "、".join(dict.fromkeys(labels.get(v, v) for m in margin_names for v in m.split(SEP))),
        "n_cells": fmt_int(len(margins)),
        "base": (f"各样本的初始权数相等，均为总体人数 ÷ 样本量（{fmt_num(base[0])}）" if equal_base
                 else f"初始权数取自抽样设计（{fmt_num(base.min())}～{fmt_num(base.max())}），并等比例调整到总体人数"),
        "bounds": _bounds_text(cfg, method),
        "trim": _trim_text(out, cfg, summary),
        "collapsed": _collapsed_text(summary, cfg),
        "n_collapsed": fmt_int(len(summary.get("collapsed_cells") or [])),
        "merged_note": ("标注“合并格”的类别是加权时合并的控制格，其样本和人口不再区分原类别。"
                        if shares["category"].str.endswith("（合并格）").any() else ""),
        "max_error": fmt_tiny_pct(max_err),
        "tol": fmt_tiny_pct(tol) if tol is not None else MISSING,
        "converged": ("达到" if max_err < tol else "未达到") if tol is not None else "对照",
        "sum_weights": fmt_wan(w_all["weight"].sum()),
        "sum_weights_scope": fmt_wan(weights.sum()),
        # the margins, before and after
        "largest_gap": gap_phrase(gap, "diff_before_pp", "样本") if gap is not None else "",
        "after": (f"加权后各类别占比与总体占比一致（差异均小于{fmt_num(2 * GAP_SHOWN_PP)}个百分点）"
                  if max_after < GAP_SHOWN_PP else f"加权后各类别占比与总体占比的差异最大为{fmt_pp(max_after, unit=False)}个百分点"),
        "city_only": (f"{'、'.join(city_only)}只在全市层面控制，不能分区比较，本表从略。" if city_only else ""),
        # precision
        "deff": fmt_num(here["deff_kish"], 2) if here is not None else MISSING,
        "n_eff": fmt_int(here["n_eff"]) if here is not None else MISSING,
        "n_eff_share": fmt_pct(here["n_eff"] / here["n"]) if here is not None else MISSING,
        "cv": fmt_num(here["cv"], 2) if here is not None else MISSING,
        "deff_city": fmt_num(city["deff_kish"], 2) if city is not None else MISSING,
        "n_eff_city": fmt_int(city["n_eff"]) if city is not None else MISSING,
        "deff_min": _area_value(by_district, "deff_kish", "idxmin"),
        "deff_max": _area_value(by_district, "deff_kish", "idxmax"),
        "design": _design_text(out),
        "item_deff": _item_deff_text(out, district),
        # the weights themselves
        "w_mean": fmt_int(weights.mean()) if len(weights) else MISSING,
        "w_median": fmt_int(np.median(weights)) if len(weights) else MISSING,
        "w_min": fmt_int(weights.min()) if len(weights) else MISSING,
        "w_max": fmt_int(weights.max()) if len(weights) else MISSING,
        "w_ratio": fmt_num(weights.max() / weights.min(), 1) if len(weights) and weights.min() > 0 else MISSING,
        "g_min": fmt_num(w["g"].min(), 2) if len(w) else MISSING,
        "g_max": fmt_num(w["g"].max(), 2) if len(w) else MISSING,
    }
    values["table_notes"] = values["merged_note"] + values["city_only"]  # one span: two would touch
    # before and after weighting, or nothing where no margin splits by district (city_only says why), and the table's
    # notes (one span: two would touch)
    before = f"加权前偏差最大的是：{values['largest_gap']}" if values["largest_gap"] else f"加权前{NO_GAP}"
    values["comparison"] = (f"{before}；{values['after']}。" if len(shares) else "") \
        + values["table_notes"]
    if district:
        values["compare"] = f"全市的设计效应为{values['deff_city']}，有效样本量约{values['n_eff_city']}份。"
    else:
        values["compare"] = ""
    return Facts(values)


def _area_value(frame: pd.DataFrame, col: str, which: str) -> str:
    """``城东区（1.43）``: the district with the smallest/largest value."""
    if not len(frame) or frame[col].isna().all():
        return MISSING
    area = getattr(frame[col], which)()
    return f"{area}（{fmt_num(frame.at[area, col], 2)}）"


# -- tables -------------------------------------------------------------------------

@shared_result(saved=True)
def settings_table(out: ReportOutputs) -> MarkdownTable:
    """How the weights were made: method, margins, bounds, trimming, empty cells, convergence."""
    if not (out.has(MARGINS) and out.has(WEIGHTS) and out.has(DIAGNOSTICS)):
        return missing_table("加权设置")
    f = weighting_facts(out)
    cfg = _settings(out)
    labels = variable_labels(out)
    margins = out.table(MARGINS)
    per_margin = margins.groupby("margin", sort=False).size()
    iters = f"，最多迭代{fmt_int(cfg['max_iter'])}次" if cfg.get("max_iter") and f.method.startswith("迭代") else ""
    rows = [
        ("加权方法", f.method),
        ("初始权数", f.base),
        ("控制边际", "；".join(f"{margin_label(m, labels)}（{fmt_int(k)}格）" for m, k in per_margin.items())),
        ("权数界限", f.bounds),
        ("截尾", f.trim),
        ("空格处理", f"{_empty_rule(cfg, labels, _stage_summary(out))}；本次合并{f.n_collapsed}格"),
        ("收敛标准", f"任一控制格的相对误差小于{f.tol}{iters}"),
        ("收敛结果", f"最大相对误差{f.max_error}（{f.converged}收敛标准）"),
        ("加权步骤", f.steps),
        ("加权样本", f"{f.n}份，权数之和{f.sum_weights}人"),
    ]
    return md_table(pd.DataFrame(rows, columns=["项目", "设置与结果"]), align="ll")


@shared_result(saved=True)
def margins_table(out: ReportOutputs, district: str | None = None) -> MarkdownTable:
    """Unweighted sample share, weighted share and population share of each margin category."""
    if not (out.has(MARGINS) and out.has(DIAGNOSTICS)):
        return missing_table("加权前后的样本构成")
    s = margin_shares(out, district)
    table = pd.DataFrame({
        "控制变量": s["variable_label"].where(~s["variable_label"].duplicated(), ""),
        "类别": s["category"],
        "样本量": s["n_sample"].map(fmt_int),
        "加权前占比": s["share_sample"].map(fmt_pct),
        "加权后占比": s["share_weighted"].map(fmt_pct),
        "总体占比": s["share_population"].map(fmt_pct),
        "加权前偏差": s["diff_before_pp"].map(lambda x: fmt_pp(x, unit=False)),
    })
    return md_table(table, align="llrrrrr")


@shared_result(saved=True)
def deff_table(out: ReportOutputs) -> MarkdownTable:
    """Kish design effect, effective sample size and weight spread, by district and for the city."""
    if not out.has(DIAGNOSTICS):
        return missing_table("设计效应与有效样本量")
    d = _diagnostics(out)
    order = {name: i for i, name in enumerate([*out.districts, CITY_AREA])}  # the codebook's order, city last
    d = d.assign(_pos=d["area"].map(order).fillna(len(order) - 0.5)).sort_values("_pos", kind="mergesort")
    table = pd.DataFrame({
        DISTRICT_WORD: d["area"],
        "样本量": d["n"].map(fmt_int),
        "最大/最小权数": d["max_min_ratio"].map(lambda x: fmt_num(x, 1)),
        "权数变异系数": d["cv"].map(lambda x: fmt_num(x, 2)),
        "设计效应": d["deff_kish"].map(lambda x: fmt_num(x, 2)),
        "有效样本量": d["n_eff"].map(fmt_int),
        "有效样本占比": (d["n_eff"] / d["n"]).map(fmt_pct),
    })
    return md_table(table, align="l" + "r" * (table.shape[1] - 1))


# -- chart --------------------------------------------------------------------------

@shared_chart()
def weights_chart(out: ReportOutputs, district: str | None = None):
    """Histogram of the final weights (residents each respondent stands for); a district over the city."""
    import matplotlib.pyplot as plt

    from ...plotting import PALETTE, axes_margins, pct_axis

    if not out.has(WEIGHTS):
        return missing_figure("权数分布")
    w_all = out.table(WEIGHTS)["weight"].to_numpy(dtype=float)
    bins = np.linspace(0, w_all.max() * 1.02, 41)
    fig, ax = plt.subplots(figsize=(7.2, 3.0))
    if district:
        # shares of each sample, so the district's shape compares with the city's despite its size
        mine = _weights(out, district)["weight"].to_numpy(dtype=float)
        ax.hist(w_all, bins=bins, weights=np.full(len(w_all), 1 / len(w_all)), color=PALETTE[5], alpha=0.45,
                label=f"{CITY_AREA}（{fmt_int(len(w_all))}份）")
        if len(mine):
            ax.hist(mine, bins=bins, weights=np.full(len(mine), 1 / len(mine)), color=PALETTE[0], alpha=0.85,
                    label=f"{district}（{fmt_int(len(mine))}份）")
        pct_axis(ax, axis="y")
        shown = mine
    else:
        ax.hist(w_all, bins=bins, color=PALETTE[0], label=f"{CITY_AREA}（{fmt_int(len(w_all))}份）")
        shown = w_all
    if len(shown):
        # named in the legend: text next to the lines would sit on the tallest bars
        for value, name, style in ((np.median(shown), "中位数", ":"), (shown.mean(), "平均", "--")):
            ax.axvline(value, color=PALETTE[1], linestyle=style, linewidth=1.4,
                       label=f"{district or ''}{name} {fmt_int(value)}")
    ax.set_xlabel("权数（每份样本代表的常住人口数）")
    ax.set_ylabel("占样本的比例" if district else "样本数")
    ax.set_xlim(0, bins[-1])
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda x, _: fmt_int(x)))
    ax.legend(loc="upper right", frameon=False)
    ax.grid(axis="x", visible=False)
    axes_margins(fig.axes[0])  # texts at the edges known: no tight_layout measuring the whole chart
    plt.close(fig)  # shown once, as the cell's result
    return fig
