"""The diagnosis thresholds in force, as a table for the report's method appendix."""
from __future__ import annotations

import pandas as pd

from .config import DiagnosisConfig

SRC = "默认值（EST，可在 study.yaml 的 diagnosis 中修改）"


def diagnosis_rules(cfg: DiagnosisConfig) -> pd.DataFrame:
    """The diagnosis thresholds in force, as a table for the report's method appendix.

    Parameters
    ----------
    cfg : DiagnosisConfig
        The ``diagnosis:`` section.

    Returns
    -------
    pandas.DataFrame
        ``rule`` (客观状态, 主观状态, 居民意见, 象限, 清单, 优先级 …), ``outcome``, ``condition``
        (in words, with the configured numbers) and ``source`` (the default and where to
        change it).

    Examples
    --------
    >>> from citysurvey.diagnosis import DiagnosisConfig, diagnosis_rules
    >>> rules = diagnosis_rules(DiagnosisConfig())
    >>> rules.query("rule == '客观状态'")[["outcome", "condition"]].to_dict("records")
    [{'outcome': '达标', 'condition': '指标评价为很好、较好'}, {'outcome': '不达标', 'condition': '指标评价为一般、较差'}, {'outcome': '无客观评价', 'condition': '无指标数据或评价为无标准'}]
    """
    s, v, p = cfg.subjective, cfg.voice, cfg.priority
    ref = f"{s.threshold:g} 分" if s.reference == "absolute" else "该题全市得分（全市行用 {s.threshold:g} 分）"
    dis = "得分 95% 置信区间上限低于阈值" if s.dissatisfied_when == "ci" else "得分低于阈值"
    sat = "得分不低于阈值" if s.satisfied_when == "estimate" else "得分 95% 置信区间下限不低于阈值"
    ci = "，且提及率置信区间下限高于全市" if v.require_ci else ""
    w = p.objective + p.subjective + p.voice + p.safety
    rows = [
        ("客观状态", "达标", f"指标评价为{'、'.join(cfg.objective_good)}"),
        ("客观状态", "不达标", f"指标评价为{'、'.join(cfg.objective_poor)}"),
        ("客观状态", "无客观评价", "无指标数据或评价为无标准"),
        ("主观状态", "阈值", ref),
        ("主观状态", "满意", sat),
        ("主观状态", "不满意", dis),
        ("主观状态", "不确定", "介于满意与不满意之间"),
        ("主观状态", "多题对应一项指标", "取该地区得分最低的题目（任何一题显示问题即反映）"),
        ("居民意见", "反映集中（区）", f"提及率 ≥ {100 * v.often_min_share:g}% 且 ≥ 全市提及率的 {v.often_ratio:g} 倍{ci}"),
        ("居民意见", "反映集中（全市）", f"提及率 ≥ {100 * v.city_often_share:g}%"),
        ("象限", "优势", "达标且满意 → 优势清单"),
        ("象限", "体感温差", "达标但不满意 → 短板清单（服务管理类）"),
        ("象限", "隐性问题", f"不达标但满意 → 涉及安全且评价为{'、'.join(cfg.risk_grades)}的列风险隐患通知单，其余列短板清单"),
        ("象限", "突出短板", "不达标且不满意 → 短板清单；居民反映集中的同时列城市病清单"),
        ("象限", "不达标", "不达标、满意度不确定或无数据 → 短板清单"),
        ("风险隐患通知单", "涉及安全且严重不达标", f"涉及安全的指标评价为{'、'.join(cfg.risk_grades)}，无论居民是否满意，均列入"),
        ("优先级", "公式", f"100 ×（{p.objective:g}×客观差距 + {p.subjective:g}×主观差距 + {p.voice:g}×居民意见 + "
                         f"{p.safety:g}×安全）/ {w:g}"),
        ("优先级", "客观差距", "（100 − 评价得分）/ 60：较差 1、一般 0.67、较好 0.33、很好 0；无客观评价 0"),
        ("优先级", "主观差距", f"（阈值 − 得分）/（阈值 − {p.subjective_floor:g}），截断到 0–1；无得分 0"),
        ("优先级", "居民意见", f"（区提及率 / 全市提及率 − 1）/ {p.voice_full_ratio - 1:g}，截断到 0–1；"
                           f"全市行为提及率 / {100 * v.city_often_share:g}%；无数据 0"),
        ("优先级", "安全", "列入风险隐患通知单为 1，否则 0"),
        ("优先级", "同分排序", "安全、客观差距、主观差距依次从大到小，再按指标库顺序"),
        ("街道诊断", "范围", (f"{'、'.join(cfg.street_levels)}层级的题目，按街道诊断（小区域估计环节发布的估计）"
                          if cfg.street_levels else "不作街道诊断（diagnosis.street_levels 为空）")),
        ("街道诊断", "不发布的街道", "按发布规则精度不足、不发布估计的街道不作诊断，表中注明“不发布”"),
        ("街道诊断", "满意与不满意", "与区相同的规则，用发布的估计值及其95%区间（模型估计为 ±1.96×√MSE）"
                                + ("；阈值取所在区该题得分" if s.reference == "city" else "")),
        ("街道诊断", "客观与居民意见", "客观状态取该街道对应指标中最差的评价（无街道指标数据时为无客观评价）；"
                                 "提及率不分街道估计，街道层面不判定城市病"),
        ("行动计划", "年限", f"研究年份次年起 {cfg.plan_years} 年；问题数量按年平均分解"),
    ]
    out = pd.DataFrame(rows, columns=["rule", "outcome", "condition"])
    out["source"] = SRC
    return out
