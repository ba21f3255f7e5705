"""The small-area stage (街道、社区估计): streets and communities below the district.

Built on the weighting stage's design and the scoring stage's definitions of
scores and indices. For every item and index, per area (street, community):
the direct estimate, the Fay–Herriot EBLUP with its MSE, benchmarking to the
district's direct estimate, and the estimate the publication rule picks.

Tables (``<output>/smallarea/<name>.csv``)
------------------------------------------
``estimates`` (小区域估计): one row per area variable × area × outcome, every figure:
direct estimate (``direct``, ``direct_se``, ``direct_cv``, ``n``, ``n_eff``), the sampling
variance used (``sampling_variance``), ``eblup`` and ``eblup_rmse`` (``mse_method``),
``benchmarked`` and ``benchmarked_rmse``, ``model_cv``, then ``published`` (direct / model /
suppressed) with ``estimate``, ``se``, ``ci_low``, ``ci_high``, ``cv`` of the published one.

``street_table`` (街道估计): the published columns only, for the report: area, district,
item, label, estimate, se (the RMSE for a model estimate), CI, n, n_eff, cv, published, method.

``fits`` (模型拟合): one per area variable × outcome: σ²_u, β, log-likelihood, iterations,
convergence, fallback, MSE method. ``rule`` (发布规则) and ``method`` (方法说明).

Chart: ``charts/<area_var>_ranking.png``, the grid ranking the areas on each index.
"""
from __future__ import annotations

from ..privacy import CellRule, cell_rule
from ..stage import Later, RunContext, StageResult, run_design
from .config import SmallAreaConfig
from .estimate import area_variables, estimate_small_areas, zero_variance_fits
from .method import method_sentence, method_table, rule_table

AREA_KIND_ZH = {"street": "街道", "community": "社区"}
SHEETS = {"estimates": "小区域估计", "street_table": "街道估计", "fits": "模型拟合", "rule": "发布规则", "method": "方法说明"}
#: Chinese headers of the stage's workbook (columns the common glossary does not have)
HEADERS_ZH = {
    "area_var": "地区变量", "area_label": "地区层级", "area": "地区", "population_share": "人口占比",
    "district_estimate": "所在区直接估计", "direct": "直接估计", "direct_se": "直接估计标准误",
    "direct_cv": "直接估计变异系数", "sampling_variance": "抽样方差", "eblup": "EBLUP估计",
    "eblup_rmse": "EBLUP均方根误差", "mse_method": "MSE方法", "benchmarked": "基准化估计",
    "benchmarked_rmse": "基准化均方根误差", "model_cv": "模型变异系数", "published": "发布方式（代码）",
    "published_zh": "发布方式", "cv": "变异系数", "method": "方法", "areas_fitted": "拟合地区数",
    "covariates": "协变量", "sigma2_u": "地区效应方差σ²u", "beta": "回归系数", "loglik": "对数似然",
    "iterations": "迭代次数", "converged": "是否收敛", "fallback": "备用算法", "mean_gamma": "平均收缩系数γ",
    "topic": "事项", "order": "顺序", "condition": "条件（代码）", "condition_zh": "条件",
}

STREET_COLUMNS = ["area_var", "area", "district", "district_estimate", "item", "label", "level", "kind", "measure", "estimate", "se",
                  "ci_low", "ci_high", "n", "n_eff", "cv", "published", "published_zh", "mse_method"]


def smallarea_config(config) -> SmallAreaConfig:
    cfg = (getattr(config, "stages", {}) or {}).get("smallarea")
    return cfg if isinstance(cfg, SmallAreaConfig) else SmallAreaConfig()


class SmallAreaStage:
    name = "smallarea"
    title_zh = "街道社区估计"

    def enabled(self, config) -> bool:
        return smallarea_config(config).enabled

    def run(self, ctx: RunContext) -> StageResult:
        from ..scoring.stage import scoring_config

        study = ctx.study
        cfg = smallarea_config(ctx.config)
        areas = area_variables(study.codebook, cfg)
        if not areas or study.codebook.district is None:
            return StageResult(self.name, summary={"areas": [], "note": "编码本中没有街道/社区变量 / no street or community variable"},
                               workbook=False)
        design, weighted = run_design(ctx)  # the one rule for the unweighted fallback
        return smallarea_result(design, study, cfg, scoring_config(ctx.config), weighted=weighted,
                                cells=cell_rule(ctx))


def smallarea_result(design, study, cfg: SmallAreaConfig, scoring, *, weighted: bool = True,
                     cells: CellRule | None = None) -> StageResult:
    """The stage's tables, charts and summary; the charts draw only the areas `cells` (the minimum-cell
    rule, :mod:`citysurvey.privacy`) publishes."""
    tables = estimate_small_areas(design, study.codebook, cfg, scoring, margins=study.margins, indicators=study.indicators)
    est, fits = tables["estimates"], tables["fits"]
    areas = area_variables(study.codebook, cfg)
    labels = {a: study.codebook.variables[a].label or a for a in areas}
    method = method_table(cfg, areas, labels, fits)
    if not weighted:
        method.loc[len(method)] = ("加权", "未加权（无加权结果），按区分层")
    street = est[STREET_COLUMNS].copy() if len(est) else est
    out = {"estimates": est, "street_table": street, "fits": fits, "rule": rule_table(cfg), "method": method}
    files = {}
    if cfg.charts and len(est):
        from ..plotting import chart_png
        from .charts import ranking_grid

        drawn = (cells or CellRule(0)).published("smallarea/estimates", est)
        for a in (a for a in areas if (drawn["area_var"] == a).any()):  # no chart of areas all suppressed
            # the chart names the kind of area (街道/社区), not the question's wording (「您所在的街道」)
            kind = AREA_KIND_ZH.get(study.codebook.variables[a].role, labels[a].removeprefix("所在"))
            # drawn later, on a background process while the next stages run
            files[f"charts/{a}_ranking.png"] = Later(chart_png, (ranking_grid, drawn[drawn["area_var"] == a], kind))
    summary = {"areas": {a: int(est.loc[est["area_var"] == a, "area"].nunique()) for a in areas}, "weighted": weighted,
               "method_sentence": method_sentence(cfg)}
    if len(est):
        summary["published"] = {k: int(v) for k, v in est["published"].value_counts().sort_index().items()}
        summary["sigma2_u_zero"] = int(zero_variance_fits(fits).sum())
        summary["fallback_fits"] = int(fits["fallback"].sum())
    return StageResult("smallarea", tables=out, value=est, summary=summary, files=files, sheet_names=SHEETS,
                       headers=HEADERS_ZH)
