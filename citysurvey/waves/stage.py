"""The waves stage (历年变化与整改成效): change since the earlier wave(s) and the follow-up of its problems.

Runs after the diagnosis when ``waves.previous`` names at least one earlier wave.
It compares this wave's scoring ``scores`` table with the latest earlier wave's
(:mod:`.changes`), follows up that wave's 城市病 and 短板 with this wave's
diagnosis (:mod:`.followup`), and draws the trends over every wave named.

Tables (``<output>/waves/<name>.csv``; Excel sheet in brackets): ``changes``
(变化), one row per item or index × measure × domain (city, districts, groups)
matched across the waves; ``followup`` (上年问题整改成效); ``unmatched``
(未匹配题目), items, groups or domain variables found in one wave only;
``trends`` (历年趋势), every estimate in every wave; ``waves`` (比较的调查),
the waves compared; ``method`` (方法说明).
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import Problem, StageError
from ..privacy import cell_rule, published_rows
from ..scoring.stage import scoring_config
from ..stage import Later, RunContext, StageResult
from . import charts as ch
from .changes import CHANGE_ZH, compare_waves, trends
from .config import WavesConfig
from .followup import RULE_ZH, STATUS_ZH, followup
from .previous import Wave, load_wave

SHEETS = {"changes": "变化", "followup": "上年问题整改成效", "unmatched": "未匹配题目", "trends": "历年趋势",
          "waves": "比较的调查", "method": "方法说明"}
HEADERS_ZH = {
    "item_previous": "上期变量名", "year_previous": "上期年份", "estimate_previous": "上期估计值",
    "se_previous": "上期标准误", "n_previous": "上期样本量", "year": "年份", "diff_se": "差值标准误", "z": "z 值",
    "change": "变化代码", "change_zh": "变化", "comparable": "口径可比", "note": "说明", "list_previous": "上期清单",
    "value_previous": "上期指标值", "grade_previous": "上期评级", "score_previous": "上期得分", "value": "本期指标值",
    "grade": "本期评级", "score": "本期得分", "diagnosis_now": "本期诊断", "score_diff": "得分变化",
    "score_diff_ci_low": "得分变化下限", "score_diff_ci_high": "得分变化上限", "score_p_adjusted": "校正后p值",
    "score_change": "得分变化判断", "grade_change": "评级变化", "status": "状态代码", "status_zh": "整改状态",
    "evidence": "依据", "what": "类别", "name": "名称", "present_in": "出现于", "path": "路径", "study_id": "研究编号",
    "aspect": "方面", "rule": "规则", "area": "地区", "indicator_id": "指标编号", "item_label": "题目内容",
}


def waves_config(config) -> WavesConfig:
    cfg = (getattr(config, "stages", {}) or {}).get("waves")
    return cfg if isinstance(cfg, WavesConfig) else WavesConfig()


class WavesStage:
    name = "waves"
    title_zh = "历年变化与整改成效"

    def enabled(self, config) -> bool:
        return waves_config(config).active

    def run(self, ctx: RunContext) -> StageResult:
        cfg = waves_config(ctx.config)
        base = ctx.config.path.parent if ctx.config.path else Path.cwd()
        waves = sorted((load_wave(p if p.is_absolute() else base / p) for p in cfg.previous), key=lambda w: w.year)
        year = ctx.config.study.year
        _check_years(waves, year)
        scoring = ctx.result("scoring")
        if scoring is None or "scores" not in scoring.tables:
            raise StageError(Problem(
                zh="历年比较需要本期的满意度评价结果，但满意度评价环节没有运行。",
                en="the wave comparison needs this wave's scoring results, but the scoring stage did not run.",
                hint_zh="请启用 scoring 环节，或删除 study.yaml 中的 waves.previous。",
                hint_en="Enable the scoring stage, or remove waves.previous from study.yaml.",
            ))
        scfg = scoring_config(ctx.config)
        latest = waves[-1]
        _check_boxes(latest, scfg, ctx.study.codebook)
        scores = published_rows(scoring.tables["scores"])  # a suppressed domain is not compared (privacy.py)
        cmp = compare_waves(scores, latest.scores, year=year, year_previous=latest.year, rename=cfg.rename,
                            alpha=scfg.alpha, p_adjust=scfg.p_adjust, min_n=scfg.min_domain_n,
                            items_now=scoring.tables.get("item_weights"), items_before=latest.item_weights)
        district = ctx.study.codebook.district
        diag = ctx.result("diagnosis")
        labels = {n: (v.label or n) for n, v in ctx.study.codebook.variables.items()}
        fup = followup({k: latest.lists[k] for k in cfg.followup_lists if k in latest.lists},
                       diag.value.frame if diag is not None else None, cmp.changes, year=year,
                       year_previous=latest.year, rename=cfg.rename, district_var=district, labels=labels)
        trend = trends(scores, year, [(w.year, w.scores) for w in waves], cfg.rename,
                       domain_vars=("city", district) if district else ("city",))
        tables = {
            "changes": cmp.changes, "followup": fup, "unmatched": cmp.unmatched, "trends": trend,
            "waves": _waves_table(waves, ctx, year), "method": _method(scfg, latest, year, cfg, bool(diag)),
        }
        cells = cell_rule(ctx)  # a domain too small to publish is not drawn (privacy.py)
        files = _charts(cells.published("waves/changes", cmp.changes), cells.published("waves/trends", trend),
                        district, cfg) if cfg.charts else {}
        return StageResult(self.name, tables=tables, value=cmp, summary=_summary(cmp.changes, fup, latest, year),
                           files=files, sheet_names=SHEETS, headers=HEADERS_ZH)


def _check_years(waves: list[Wave], year: int) -> None:
    years = [w.year for w in waves]
    bad = [w for w in waves if w.year >= year]
    if bad or len(set(years)) < len(years):
        w = bad[0] if bad else waves[0]
        raise StageError(Problem(
            zh=f"上期结果的年份（{'、'.join(map(str, years))}）须早于本期（{year}）且互不相同。",
            en=f"earlier waves' years ({', '.join(map(str, years))}) must precede this wave ({year}) and differ.",
            file=str(w.path),
            hint_zh="请检查 waves.previous 是否指向了本期或重复的输出文件夹。",
            hint_en="Check that waves.previous does not name this wave's or the same output folder twice.",
        ))


def _check_boxes(wave: Wave, scfg, codebook) -> None:
    """满意率 and 不满意率 are comparable only when they count the same boxes on every scale used."""
    from ..scoring.config import ScoringConfig

    keys = {k: v for k, v in wave.scoring_config.items() if k in ("top_boxes", "bottom_boxes") and v is not None}
    before = ScoringConfig(**keys)
    for k in sorted({codebook.scales[codebook.variables[it].scale].n_points for it in codebook.items}):
        for i, key in enumerate(("top_boxes", "bottom_boxes")):
            now, then = scfg.boxes(k)[i], before.boxes(k)[i]
            if now != then:
                raise StageError(Problem(
                    zh=f"本期 scoring.{key} 在 {k} 点量表上计 {now} 档，{wave.year}年计 {then} 档：满意率口径不同，不能比较。",
                    en=f"scoring.{key} counts {now} boxes of a {k}-point scale here and {then} in {wave.year}; "
                       "the rates are not comparable.",
                    file=str(wave.path), hint_zh=f"请使用与上期相同的设置（scoring.{key}: {wave.scoring_config.get(key)}）。",
                    hint_en=f"Use the earlier wave's setting (scoring.{key}: {wave.scoring_config.get(key)}).",
                ))


def _waves_table(waves: list[Wave], ctx: RunContext, year: int) -> pd.DataFrame:
    rows = [{"year": w.year, "study_id": w.study_id, "name": w.name, "path": str(w.path), "role": "上期" if w is waves[-1] else "往期"}
            for w in waves]
    rows.append({"year": year, "study_id": ctx.config.study.id, "name": ctx.config.study.name, "path": "", "role": "本期"})
    return pd.DataFrame(rows)


def _method(scfg, latest: Wave, year: int, cfg: WavesConfig, has_diagnosis: bool) -> pd.DataFrame:
    adj = {"none": "不作多重比较校正", "holm": "Holm 法校正", "fdr_bh": "Benjamini–Hochberg 法控制错误发现率（FDR）"}[scfg.p_adjust]
    renames = "；".join(f"{a}（{latest.year}年为 {b}）" for a, b in cfg.rename.items()) or "无"
    rows = [
        ("比较对象", f"{year}年与{latest.year}年（上期）；两期为相互独立的样本"),
        ("变化的标准误", "差值 = 本期估计 − 上期估计；两期独立，标准误 = √(本期标准误² + 上期标准误²)，各期标准误为其设计标准误"
                       "（分层、整群与校准权数）；若两期为追踪样本（同一批受访者），此标准误偏大，检验偏保守"),
        ("置信区间与检验", f"{1 - scfg.alpha:.0%}置信区间，正态近似（z 检验）；显著性水平 {scfg.alpha:g}，{adj}"
                          "（每个指标 × 分组变量为一族，与满意度评价的区间比较相同）；任一期样本量少于 "
                          f"{scfg.min_domain_n} 的组不标记"),
        ("题目匹配", f"按变量名匹配；声明的改名：{renames}；只在一期出现的题目列入“未匹配题目”，不计算变化"),
        ("指数口径", "层级指数与综合指数只有在两期题目相同时才比较；题目不同时给出两期数值但不作显著性判断"),
        ("改善与变差", "得分和满意率上升为改善，不满意率下降为改善"),
    ]
    if has_diagnosis:
        rows.append(("整改成效判定", RULE_ZH))
    return pd.DataFrame(rows, columns=["aspect", "rule"])


def _charts(changes: pd.DataFrame, trend: pd.DataFrame, district: str | None, cfg: WavesConfig) -> dict[str, Later]:
    """The stage's charts, drawn later (on a background process while the next stages run)."""
    from ..plotting import chart_png

    files = {}
    city_items = changes[(changes["kind"] == "item") & (changes["measure"] == "score") & (changes["domain_var"] == "city")]
    if len(city_items):
        files["charts/change_slope.png"] = Later(chart_png, (ch.slope_chart, changes, cfg.top_changes))
    if ((trend["kind"] != "item") & (trend["domain_var"] == "city")).any():
        files["charts/index_trend.png"] = Later(chart_png, (ch.index_trend_chart, trend))
    if district and (changes["domain_var"] == district).any() and (changes["kind"] != "item").any():
        files["charts/district_change.png"] = Later(chart_png, (ch.district_change_heatmap, changes, district))
    return files


def _summary(changes: pd.DataFrame, fup: pd.DataFrame, latest: Wave, year: int) -> dict:
    city = changes[(changes["domain_var"] == "city") & (changes["measure"] == "score")]
    return {
        "year_previous": latest.year,
        "year": year,
        "compared": int(len(changes)),
        "significant": int(changes["significant"].sum()),
        "city_improved": city.loc[city["change"] == "improved", "item"].tolist(),
        "city_worsened": city.loc[city["change"] == "worsened", "item"].tolist(),
        "followup": {STATUS_ZH[k]: int(v) for k, v in fup["status"].value_counts().items()} if len(fup) else {},
        "change_labels": CHANGE_ZH,
    }
