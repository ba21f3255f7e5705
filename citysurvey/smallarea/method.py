"""The method sentences and the publication-rule table of the small-area stage."""
from __future__ import annotations

import pandas as pd

from .config import SmallAreaConfig
from .estimate import zero_variance_fits


def rule_table(cfg: SmallAreaConfig) -> pd.DataFrame:
    """The publication rule, one row per outcome, in the order it is applied."""
    p = cfg.publish
    return pd.DataFrame([
        {"order": 1, "published": "direct", "published_zh": "直接估计",
         "condition": f"direct_cv ≤ {p.direct_max_cv:g} and n_eff ≥ {p.direct_min_n_eff:g}",
         "condition_zh": f"直接估计变异系数 ≤ {p.direct_max_cv:.0%} 且有效样本量 ≥ {p.direct_min_n_eff:g}"},
        {"order": 2, "published": "model", "published_zh": "模型估计",
         "condition": f"otherwise, model_cv ≤ {p.model_max_cv:g}",
         "condition_zh": f"否则，模型估计（基准化后）的变异系数（√MSE/估计值）≤ {p.model_max_cv:.0%}"},
        {"order": 3, "published": "suppressed", "published_zh": "不发布",
         "condition": "otherwise", "condition_zh": "其余情形：精度不足，不发布"},
    ])


def covariates_zh(cfg: SmallAreaConfig) -> str:
    names = ["所在区同一指标的直接估计" if c == "district_estimate" else f"指标 {c.split(':', 1)[-1]} 的地区值"
             for c in cfg.covariates]
    return "、".join(["截距", *names])


def method_table(cfg: SmallAreaConfig, areas: list[str], area_labels: dict[str, str], fits: pd.DataFrame) -> pd.DataFrame:
    p = cfg.publish
    cov = covariates_zh(cfg)
    mse = {"REML": "Prasad–Rao 近似（g1+g2+2g3）", "ML": "Datta–Lahiri 近似（g1+g2+2g3 减去 ML 偏差项）"}[cfg.method]
    zero = (f"σ²_u 估计为 0 时改用参数自助法（{cfg.bootstrap_reps} 次，González-Manteiga 等 2008）"
            if cfg.zero_variance == "bootstrap" else
            "σ²_u 估计为 0 的题目改用 Li–Lahiri（2010）调整似然重新估计（估计值恒为正），MSE 用其二阶近似")
    boot = {"auto": zero,
            "bootstrap": f"全部用参数自助法（{cfg.bootstrap_reps} 次）", "analytic": "不用自助法"}[cfg.mse]
    bench = {"ratio": "比率基准化：各地区模型估计乘以同一因子，使按人口占比加权之和等于所在区的直接估计",
             "difference": "差值基准化：各地区模型估计加上同一差值，使按人口占比加权之和等于所在区的直接估计",
             "none": "不做基准化"}[cfg.benchmark]
    d_text = ("平滑：所在区直接估计的设计方差 × 区样本量 ÷ 地区样本量（广义方差函数，地区沿用所在区的单位方差和设计效应）"
              if cfg.sampling_variance == "smoothed" else "各地区直接估计自身的设计方差")
    n_fb = int(fits["fallback"].sum()) if len(fits) else 0
    n_zero = int(zero_variance_fits(fits).sum()) if len(fits) else 0
    rows = [
        ("地区", "、".join(area_labels.get(a, a) for a in areas) + "（编码本中区以下的地区：区 → 街道 → 社区）"),
        ("直接估计", "加权设计下的地区域估计（泰勒线性化标准误）；有效样本量 = 样本量 ÷ 设计效应"),
        ("抽样方差", d_text),
        ("模型", f"Fay–Herriot 地区层次模型：协变量为{cov}；地区随机效应方差用 {cfg.method} 估计"
                f"（Fisher 得分迭代，不收敛或不如边界时改用对（限制）似然的一维搜索；本次 {n_fb} 个模型用了该搜索，"
                f"{n_zero} 个模型 σ²_u 的（限制）似然估计为 0）"),
        ("均方误差", f"{mse}；{boot}；"
                  + ("协变量“区直接估计”本身是抽样估计，其抽样方差及与地区自身误差的协方差另加入 MSE（参照 Ybarra–Lohr 2008）；"
                     if "district_estimate" in cfg.covariates else "") + f"无样本（或样本少于 {cfg.min_n}）的地区用合成估计 x'β̂，MSE = σ²_u + x'Var(β̂)x"),
        ("基准化", bench + "；基准化的 MSE 加上调整量的平方"),
        ("发布规则", f"直接估计变异系数 ≤ {p.direct_max_cv:.0%} 且有效样本量 ≥ {p.direct_min_n_eff:g} 时发布直接估计；"
                  f"否则模型估计变异系数 ≤ {p.model_max_cv:.0%} 时发布模型估计；否则不发布"
                  "（阈值为统计机构常用做法，可在 smallarea.publish 中设置）"),
        ("置信区间", f"{cfg.level:.0%}区间：估计值 ± z × 标准误（直接估计）或 √MSE（模型估计）"),
    ]
    return pd.DataFrame(rows, columns=["topic", "method"])


def method_sentence(cfg: SmallAreaConfig) -> str:
    """One sentence for the report's method appendix."""
    p = cfg.publish
    return (f"街道、社区层面的满意度用 Fay–Herriot 地区层次模型（{cfg.method} 估计，协变量：{covariates_zh(cfg)}）"
            f"借用全区信息得到经验最佳线性无偏预测（EBLUP），再按人口占比基准化到所在区的直接估计；"
            f"直接估计变异系数不超过 {p.direct_max_cv:.0%} 且有效样本量不少于 {p.direct_min_n_eff:g} 时发布直接估计，"
            f"否则模型估计变异系数不超过 {p.model_max_cv:.0%} 时发布模型估计，其余不发布。")
