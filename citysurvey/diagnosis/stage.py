"""The diagnosis stage: 主客观综合诊断 and 四单一表一库.

Reads the indicators stage's grades, the scoring stage's item scores and the
text stage's topic shares and quotes (through :mod:`.inputs`). A stage that did
not run degrades the diagnosis visibly: a ``notes`` row, a ``data_gaps`` column
on every row, and flags in the summary — never silently.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from ..excel import COMMON_HEADERS_ZH, PERCENT, workbook_bytes
from ..indicators.catalog import load_catalog
from ..indicators.config import IndicatorsConfig
from ..loading import CITY_AREA
from ..stage import RunContext, StageResult, section_enabled
from .classify import diagnose_frame
from .config import DiagnosisConfig
from .crosswalk import default_crosswalk, read_crosswalk
from .inputs import quotes_from_text, scores_from_scoring, streets_from_smallarea, voice_from_text
from .lists import SHEETS_ZH, action_plan, advantages, city_diseases, project_library, risk_notices, shortcomings
from .rules import diagnosis_rules
from .streets import diagnose_streets, street_summary

WORKBOOK = "diagnosis_lists.xlsx"
SHEETS = {**SHEETS_ZH, "diagnosis": "诊断明细", "streets": "街道诊断", "subjective_only": "仅主观信号",
          "crosswalk": "题目指标对应", "diagnosis_rules": "诊断规则", "notes": "说明"}
HEADERS_ZH = {
    **COMMON_HEADERS_ZH,
    "rank": "序号", "notice_no": "通知单编号", "area": "地区", "area_type": "地区类型", "indicator_id": "指标编号",
    "name": "指标名称", "level": "层级", "element": "要素", "unit": "单位", "value": "指标值", "stock": "存量（分母）",
    "rate": "问题占存量比例", "standard": "标准值", "method": "评价方法", "grade": "客观评价", "warning": "预警",
    "rule": "评价依据", "objective_status": "客观状态代码", "objective_zh": "客观状态", "item": "满意度题目",
    "items": "对应题目", "item_label": "题目内容", "item_level": "题目层级", "score": "满意度得分",
    "ci_low": "得分置信区间下限", "ci_high": "得分置信区间上限", "threshold": "满意阈值",
    "subjective_status": "主观状态代码", "subjective_zh": "主观状态", "topic": "意见话题", "share": "提及率",
    "share_ci_low": "提及率置信区间下限", "share_ci_high": "提及率置信区间上限", "city_share": "全市提及率",
    "share_ratio": "提及率倍数", "voice_status": "意见状态代码", "voice_zh": "居民意见", "quotes": "居民原话",
    "safety_related": "涉及安全", "quadrant": "象限", "diagnosis": "诊断结论", "short_type": "短板类型",
    "is_advantage": "优势", "is_shortcoming": "短板", "is_city_disease": "城市病", "is_risk": "风险隐患",
    "objective_gap": "客观差距", "subjective_gap": "主观差距", "voice_component": "居民意见分",
    "safety_component": "安全分", "priority": "优先级得分", "responsible_department": "责任部门",
    "action": "整治任务", "data_gaps": "数据缺口", "evidence": "诊断依据", "perception": "居民感知",
    "requirement": "整改要求", "reason": "原因", "task": "任务", "content": "内容", "target": "目标", "annual_targets": "年度目标",
    "start_year": "开始年份", "end_year": "完成年份", "project_id": "项目编号", "project_name": "项目名称",
    "project_type": "项目类型", "quantity": "规模", "priority_rank": "优先序号", "investment": "投资（万元）",
    "note": "备注", "source": "来源", "outcome": "结果", "condition": "条件", "topic_zh": "主题",
    "area_var": "地区变量", "district": "所在区", "item_level": "题目层级", "indicators": "对应指标",
    "published": "发布方式代码", "published_zh": "发布方式", "se": "标准误（模型估计为√MSE）", "n": "样本量",
    "n_eff": "有效样本量", "district_score": "所在区得分", "diff_district": "与所在区之差",
    "rank_in_district": "区内排名（低分在前）",
}
_WIDTHS = {"evidence": 80, "quotes": 50, "content": 40, "rule": 50, "requirement": 40, "note": 40, "condition": 50}
_FORMATS = {"rate": PERCENT, "share": PERCENT, "city_share": PERCENT, "share_ci_low": PERCENT,
            "share_ci_high": PERCENT}


@dataclass(frozen=True)
class Diagnosis:
    """The diagnosis frame (one row per indicator × area) and everything made from it."""

    frame: pd.DataFrame
    lists: dict[str, pd.DataFrame]
    crosswalk: pd.DataFrame
    subjective_only: pd.DataFrame
    rules: pd.DataFrame
    notes: pd.DataFrame
    degraded: dict[str, bool] = field(default_factory=dict)
    #: the street-level diagnosis (one row per street × 街区 item, :mod:`.streets`); empty without streets
    streets: pd.DataFrame = field(default_factory=pd.DataFrame)


def diagnose(grades: pd.DataFrame | None, catalog: pd.DataFrame, crosswalk: pd.DataFrame, *,
             scores: pd.DataFrame | None = None, voice: pd.DataFrame | None = None,
             quotes: pd.DataFrame | None = None, config: DiagnosisConfig | None = None,
             study_year: int, areas: list[str] | None = None, notes: list[tuple[str, str]] = ()) -> Diagnosis:
    """The whole diagnosis from tidy inputs (see :mod:`.inputs` for their columns).

    >>> d = diagnose(res.current, res.catalog, cw, scores=scores, voice=voice, study_year=2026)  # doctest: +SKIP
    >>> d.lists["city_diseases"][["area", "indicator_id"]]                                       # doctest: +SKIP
    """
    cfg = config or DiagnosisConfig()
    frame = diagnose_frame(grades, catalog, crosswalk, scores, voice, quotes, cfg, areas)
    plan = action_plan(frame, cfg, study_year=study_year)
    lists = {
        "advantages": advantages(frame), "shortcomings": shortcomings(frame), "city_diseases": city_diseases(frame),
        "risk_notices": risk_notices(frame, study_year), "action_plan": plan,
        "project_library": project_library(plan, frame, study_year=study_year),
    }
    degraded = {"objective": grades is None or len(grades) == 0, "subjective": scores is None, "voice": voice is None,
                "quotes": quotes is None}
    note_rows = list(notes)
    if degraded["objective"]:
        note_rows.append(("客观指标", "无客观指标评价：所有行的客观状态为“无客观评价”，不能判定优势、隐性问题和风险隐患。"))
    if degraded["subjective"]:
        note_rows.append(("满意度评分", "未运行满意度评分环节：主观状态均为“未评估”，不能判定优势、体感温差和城市病；"
                                    "客观不达标的指标仍列入短板清单和风险隐患通知单。"))
    if degraded["voice"]:
        note_rows.append(("意见建议", "未运行意见建议分析环节：没有提及率，城市病清单为空，优先级中的居民意见分为 0。"))
    elif degraded["quotes"]:
        note_rows.append(("意见建议", "意见建议分析未提供代表性原话，清单中的“居民原话”为空。"))
    return Diagnosis(frame=frame, lists=lists, crosswalk=crosswalk,
                     subjective_only=_subjective_only(crosswalk, scores, frame, cfg),
                     rules=diagnosis_rules(cfg), notes=pd.DataFrame(note_rows, columns=["topic", "note"]),
                     degraded=degraded)


def _subjective_only(crosswalk: pd.DataFrame, scores: pd.DataFrame | None, frame: pd.DataFrame,
                     cfg: DiagnosisConfig) -> pd.DataFrame:
    """Items with no diagnosed indicator in an area, with their scores: signals the report still mentions.

    An item is subjective-only in an area when it links to no indicator, or none of
    its indicators has objective data there.
    """
    from .classify import SUBJECTIVE_ZH, subjective_status

    cols = ["item", "item_label", "item_level", "topic", "area", "reason", "score", "ci_low", "ci_high",
            "subjective_status", "subjective_zh"]
    if scores is None:
        return pd.DataFrame(columns=cols)
    meta = crosswalk[crosswalk["item"].fillna("") != ""]
    if meta.empty:
        return pd.DataFrame(columns=cols)
    diagnosed = set(zip(frame["area"], frame["indicator_id"]))
    linked = meta.groupby("item", sort=False)["indicator_id"].apply(lambda s: [i for i in s if i]).to_dict()
    info = meta.drop_duplicates("item").set_index("item")
    rows = []
    for r in scores[scores["item"].isin(linked)].to_dict("records"):
        ids = linked[r["item"]]
        if any((r["area"], i) in diagnosed for i in ids):
            continue
        status = subjective_status(float(r["score"]), float(r["ci_low"]), float(r["ci_high"]),
                                   cfg.subjective.threshold, cfg)
        rows.append({**r, "item_label": info.at[r["item"], "item_label"], "item_level": info.at[r["item"], "item_level"],
                     "topic": info.at[r["item"], "topic"],
                     "reason": "题目无对应指标" if not ids else f"对应指标（{'、'.join(ids)}）无客观数据",
                     "subjective_status": status, "subjective_zh": SUBJECTIVE_ZH[status]})
    return pd.DataFrame(rows, columns=cols)


def _display(path: Path) -> str:
    try:
        return str(Path(path).relative_to(Path.cwd()))
    except ValueError:
        return str(path)


class DiagnosisStage:
    name = "diagnosis"
    title_zh = "主客观综合诊断"

    def enabled(self, config) -> bool:
        return section_enabled(config, self.name)

    def run(self, ctx: RunContext) -> StageResult:
        cfg: DiagnosisConfig = ctx.config.stages.get(self.name) or DiagnosisConfig()
        study = ctx.study
        base = ctx.config.path.parent if ctx.config.path else Path.cwd()
        notes: list[tuple[str, str]] = []
        ind = ctx.result("indicators")
        res = ind.value if ind is not None else None
        if res is not None:
            catalog = res.catalog
            grades = res.current if res.available else None
        else:  # the indicators stage did not run: the catalog is still needed for the crosswalk
            icfg = ctx.config.stages.get("indicators") or IndicatorsConfig()
            catalog = load_catalog(icfg.systems, icfg.catalog_files, icfg.overrides, base_dir=base)
            grades = None
            notes.append(("客观指标", "未运行客观指标评价环节。"))
        if cfg.crosswalk is not None:
            path = cfg.crosswalk if cfg.crosswalk.is_absolute() else base / cfg.crosswalk
            crosswalk = read_crosswalk(path, study.codebook, catalog, file=_display(path))
            notes.append(("题目指标对应", f"使用本研究的对应表 {_display(path)}。"))
        else:
            crosswalk, cw_notes = default_crosswalk(study.codebook, catalog)
            notes += [("题目指标对应", n) for n in cw_notes]
        district = study.codebook.district
        areas = [CITY_AREA] + (study.codebook.categories(district) if district else [])
        scores = scores_from_scoring(ctx.result("scoring"))
        street_vars = study.codebook.names(role="street")
        streets = streets_from_smallarea(ctx.result("smallarea"), street_vars)
        if street_vars and cfg.street_levels and streets is None:
            notes.append(("街道诊断", "未得到街道层面的估计（小区域估计环节未运行或没有结果），不作街道诊断。"))
        d = diagnose(grades, catalog, crosswalk, scores=scores,
                     voice=voice_from_text(ctx.result("text")), quotes=quotes_from_text(ctx.result("text")),
                     config=cfg, study_year=ctx.config.study.year if res is None or res.year is None else res.year,
                     areas=areas, notes=notes)
        street_table = diagnose_streets(streets, crosswalk, cfg, district_scores=scores, grades=grades)
        d = replace(d, streets=street_table)
        tables = {**d.lists, "diagnosis": d.frame, "streets": street_table, "subjective_only": d.subjective_only,
                  "crosswalk": d.crosswalk, "diagnosis_rules": d.rules, "notes": d.notes}
        files = {}
        if ctx.config.output.excel:
            files[WORKBOOK] = lists_workbook(d, title=f"{ctx.config.study.name} 四单一表一库")
        # diagnosis_lists.xlsx (in `files`) is the stage's workbook: a sheet per list with its own layout
        return StageResult(self.name, tables=tables, value=d, summary=_summary(d), files=files, sheet_names=SHEETS,
                           workbook=False)


def lists_workbook(d: Diagnosis, *, title: str = "") -> bytes:
    """One workbook, a sheet per list, Chinese headers; 说明 first so a reader sees any degradation."""
    sheets = {SHEETS["notes"]: d.notes if len(d.notes) else pd.DataFrame({"note": ["各环节结果齐全。"]})}
    sheets |= {SHEETS[k]: v for k, v in d.lists.items()}
    if len(d.streets):
        sheets[SHEETS["streets"]] = d.streets
    sheets |= {SHEETS["diagnosis"]: d.frame, SHEETS["subjective_only"]: d.subjective_only,
               SHEETS["crosswalk"]: d.crosswalk, SHEETS["diagnosis_rules"]: d.rules}
    return workbook_bytes(sheets, headers=HEADERS_ZH, number_formats=_FORMATS, widths=_WIDTHS, title=title)


def _summary(d: Diagnosis) -> dict:
    def pairs(t: pd.DataFrame) -> list[str]:
        return [f"{a}:{i}" for a, i in zip(t["area"], t["indicator_id"])]

    return {
        "counts": {k: len(v) for k, v in d.lists.items()},
        "city_diseases": pairs(d.lists["city_diseases"]),
        "risk_notices": pairs(d.lists["risk_notices"]),
        "advantages": pairs(d.lists["advantages"]),
        "top_priorities": pairs(d.lists["action_plan"].head(5)),
        "degraded": {k: v for k, v in d.degraded.items() if v},
        "notes": d.notes["note"].tolist(),
        "streets": street_summary(d.streets),
    }
