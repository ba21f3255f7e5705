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

from ..excel import COMMON_HEADERS_ZH, PERCENT, variable_values, workbook_bytes
from ..indicators.catalog import load_catalog
from ..indicators.config import IndicatorsConfig
from ..indicators.grading import METHOD_ZH
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
    """The diagnosis frame (one row per indicator × area) and everything made from it.

    Attributes
    ----------
    frame : pandas.DataFrame
        One row per indicator × area (columns in :func:`diagnose_frame`).
    lists : dict of str to pandas.DataFrame
        ``advantages`` (优势清单), ``shortcomings`` (短板清单), ``city_diseases`` (城市病清单),
        ``risk_notices`` (风险隐患通知单), ``action_plan`` (更新行动计划表), ``project_library``
        (更新项目库).
    crosswalk : pandas.DataFrame
        The item/topic → indicator links used.
    subjective_only : pandas.DataFrame
        Items with no diagnosed indicator in an area, with their scores and status.
    rules : pandas.DataFrame
        The thresholds in force (:func:`diagnosis_rules`).
    notes : pandas.DataFrame
        ``topic``, ``note``: what was missing and what that means for the lists.
    degraded : dict of str to bool
        Which inputs were missing: ``objective``, ``subjective``, ``voice``, ``quotes``.

    Examples
    --------
    >>> import pandas as pd
    >>> from citysurvey.diagnosis import diagnose
    >>> from citysurvey.indicators import national_catalog
    >>> crosswalk = pd.DataFrame({"item": ["q_waste"], "topic": ["D_WASTE"], "indicator_id": ["U02"]})
    >>> d = diagnose(None, national_catalog(["MOHURD_2024_4level"]), crosswalk, study_year=2026)
    >>> d.degraded
    {'objective': True, 'subjective': True, 'voice': True, 'quotes': True}
    >>> d.notes["topic"].tolist()
    ['客观指标', '满意度评分', '意见建议']
    """

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
    """The whole diagnosis from tidy inputs: statuses, verdicts, priorities, 四单一表一库.

    Each input may be missing (the stage that makes it did not run); the diagnosis then
    degrades as the notes say, never guessing. The quadrant rule is in
    :mod:`citysurvey.diagnosis.classify`, the priority score in :func:`priority_components`.

    Parameters
    ----------
    grades : pandas.DataFrame or None
        Graded indicators of the diagnosed year (``IndicatorResults.current``).
    catalog : pandas.DataFrame
        The study's indicator catalog (names, units, safety flags, departments, actions).
    crosswalk : pandas.DataFrame
        ``item``, ``topic``, ``indicator_id``: which satisfaction items and suggestion
        topics speak to which indicator (:func:`default_crosswalk`, :func:`read_crosswalk`).
    scores : pandas.DataFrame, optional
        ``item, area, score, ci_low, ci_high`` (0–100, 全市 and districts;
        :func:`scores_from_scoring`).
    voice : pandas.DataFrame, optional
        ``topic, area, share, ci_low, ci_high`` (share of residents raising the topic, 0–1;
        :func:`voice_from_text`).
    quotes : pandas.DataFrame, optional
        ``topic, area, quote``, redacted, best first (:func:`quotes_from_text`).
    config : DiagnosisConfig, optional
        Thresholds, rules and priority weights (default the defaults).
    study_year : int
        The study's year: numbers the notices and projects; the plan starts the year after.
    areas : list of str, optional
        Areas in the order the lists use (default the order they appear in).
    notes : list of (str, str)
        Notes to carry into the workbook's 说明 sheet.

    Returns
    -------
    Diagnosis
        ``frame`` (one row per indicator × area, :func:`diagnose_frame`'s columns), ``lists``
        (``advantages`` 优势清单, ``shortcomings`` 短板清单, ``city_diseases`` 城市病清单,
        ``risk_notices`` 风险隐患通知单, ``action_plan`` 更新行动计划表, ``project_library``
        更新项目库), ``crosswalk``, ``subjective_only`` (items with no diagnosed indicator
        in an area), ``rules`` (:func:`diagnosis_rules`), ``notes`` and ``degraded``.

    Examples
    --------
    >>> from citysurvey.datasets.tiny import tiny_graded_city
    >>> grades, catalog, crosswalk, scores, voice = tiny_graded_city()
    >>> from citysurvey.diagnosis import diagnose
    >>> d = diagnose(grades, catalog, crosswalk, scores=scores, voice=voice, study_year=2026)
    >>> print(d.frame[["area", "indicator_id", "quadrant", "diagnosis", "priority"]].round(1).to_string(index=False))
    area indicator_id quadrant diagnosis  priority
      全市          H02     隐性问题      风险隐患      59.0
      甲区          H02     隐性问题      风险隐患      50.0
      全市          U02     体感温差        短板      26.7
      甲区          U02     突出短板       城市病      47.5
    >>> print(d.lists["risk_notices"][["notice_no", "area", "name", "perception"]].to_string(index=False))
      notice_no area          name        perception
    FX-2026-001   全市 存在燃气安全隐患的住宅数量 居民较满意，未感知风险（隐性风险）
    FX-2026-002   甲区 存在燃气安全隐患的住宅数量 居民较满意，未感知风险（隐性风险）
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
    """The diagnosis stage of a run (``diagnosis:`` section, folder ``diagnosis/``).

    Reads the indicators stage's :class:`~citysurvey.indicators.IndicatorResults`, the
    scoring stage's item scores and the text stage's topic shares and quotes through the
    adapters of :mod:`citysurvey.diagnosis.inputs`, builds the crosswalk (the codebook's, or
    ``diagnosis.crosswalk``), runs :func:`diagnose` and writes the lists as tables and as
    ``diagnosis_lists.xlsx`` (:func:`lists_workbook`); its value is the :class:`Diagnosis`.

    Attributes
    ----------
    name : str
        ``"diagnosis"``.
    title_zh : str
        ``"主客观综合诊断"``.

    Examples
    --------
    >>> from citysurvey.diagnosis import DiagnosisStage
    >>> DiagnosisStage().name, DiagnosisStage().title_zh
    ('diagnosis', '主客观综合诊断')
    """
    name = "diagnosis"
    title_zh = "主客观综合诊断"

    def enabled(self, config) -> bool:
        """Whether the stage runs: the ``enabled`` key of its ``diagnosis:`` section.

        Parameters
        ----------
        config : StudyConfig
            The study config.

        Returns
        -------
        bool
            True to run it.

        Examples
        --------
        >>> from citysurvey.config import load_study
        >>> from citysurvey.diagnosis import DiagnosisStage
        >>> DiagnosisStage().enabled(load_study("analysis/demo_city/study.yaml"))
        True
        """
        return section_enabled(config, self.name)

    def run(self, ctx: RunContext) -> StageResult:
        r"""Diagnose from what the indicators, scoring and text stages handed over (:func:`diagnose`).

        Parameters
        ----------
        ctx : RunContext
            The run: config (``diagnosis:``), the codebook (the crosswalk), the results of the
            indicators, scoring and text stages (each may be missing: the lists then degrade,
            as their notes say).

        Returns
        -------
        StageResult
            The lists and the diagnosis frame as tables, ``diagnosis_lists.xlsx``
            (:func:`lists_workbook`), value the :class:`Diagnosis`, summary (counts per list,
            top priorities, what was degraded).

        Raises
        ------
        InputError
            A study crosswalk file that does not fit (see :func:`read_crosswalk`).

        Examples
        --------
        >>> import tempfile
        >>> from citysurvey.datasets.tiny import write_tiny_study
        >>> from citysurvey.pipeline import run_study
        >>> study = write_tiny_study(tempfile.mkdtemp())  # six respondents, two districts
        >>> from citysurvey.diagnosis import DiagnosisStage
        >>> from citysurvey.indicators import IndicatorsStage
        >>> from citysurvey.scoring import ScoringStage
        >>> res = run_study(study, stages=[ScoringStage(), IndicatorsStage(), DiagnosisStage()])
        >>> d = res.results["diagnosis"].value
        >>> d.frame[["area", "quadrant", "diagnosis"]].to_dict("records")
        [{'area': '全市', 'quadrant': '达标', 'diagnosis': '正常'}, {'area': '甲区', 'quadrant': '突出短板', 'diagnosis': '短板'}, {'area': '乙区', 'quadrant': '优势', 'diagnosis': '优势'}]
        >>> d.degraded["voice"], (res.output_dir / "diagnosis" / "diagnosis_lists.xlsx").exists()
        (True, True)
        """
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
            from ..text.lexicon import study_topic_names

            files[WORKBOOK] = lists_workbook(d, title=f"{ctx.config.study.name} 四单一表一库",
                                             topic_names=study_topic_names(ctx.config),
                                             variables=ctx.study.codebook.labels())
        # diagnosis_lists.xlsx (in `files`) is the stage's workbook: a sheet per list with its own layout
        return StageResult(self.name, tables=tables, value=d, summary=_summary(d), files=files, sheet_names=SHEETS,
                           workbook=False)


#: why a list can be empty, said on its sheet (the conditions are those of the 诊断规则 sheet)
EMPTY_LISTS = {
    "advantages": "没有客观达标且居民满意的指标（判定条件见“诊断规则”表）。",
    "shortcomings": "没有客观不达标或居民不满意的指标（判定条件见“诊断规则”表）。",
    "city_diseases": "没有客观不达标、居民不满意且意见反映集中的指标，本次未诊断出城市病（判定条件见“诊断规则”表）。",
    "risk_notices": "没有涉及安全且严重不达标的指标，本次无需发出风险隐患通知单。",
    "action_plan": "短板清单为空，没有需要列入更新行动计划的任务。",
    "project_library": "没有由问题数量指标生成的更新项目。",
    "subjective_only": "每个满意度题目都有对应的客观指标数据。",
}


def lists_workbook(d: Diagnosis, *, title: str = "", topic_names: dict[str, str] | None = None,
                   variables: dict[str, str] | None = None) -> bytes:
    """The lists as one workbook: a sheet per list, Chinese headers, 说明 first.

    Parameters
    ----------
    d : Diagnosis
        The diagnosis.
    title : str
        Written in the workbook's properties.
    topic_names : dict, optional
        Topic code → name: the workbook shows topics by name (意见话题, 诊断依据).
    variables : dict, optional
        Variable name → label (``Codebook.labels()``): the 街道诊断 sheet's 地区变量 reads 街道, not street.

    Returns
    -------
    bytes
        An .xlsx file: 说明 (the notes, so a reader sees any degradation first), 优势清单,
        短板清单, 城市病清单, 风险隐患通知单, 更新行动计划表, 更新项目库, 诊断明细, 仅主观信号,
        题目指标对应, 诊断规则. Byte-identical for the same diagnosis. An empty list's sheet says why.

    Examples
    --------
    >>> from citysurvey.datasets.tiny import tiny_graded_city
    >>> grades, catalog, crosswalk, scores, voice = tiny_graded_city()
    >>> import io, openpyxl
    >>> from citysurvey.diagnosis import diagnose, lists_workbook
    >>> d = diagnose(grades, catalog, crosswalk, scores=scores, voice=voice, study_year=2026)
    >>> openpyxl.load_workbook(io.BytesIO(lists_workbook(d))).sheetnames[:5]
    ['说明', '优势清单', '短板清单', '城市病清单', '风险隐患通知单']
    """
    names = topic_names or {}
    sheets = {SHEETS["notes"]: d.notes if len(d.notes) else pd.DataFrame({"note": ["各环节结果齐全。"]})}
    sheets |= {SHEETS[k]: _with_empty_note(k, v) for k, v in d.lists.items()}
    if len(d.streets):
        sheets[SHEETS["streets"]] = d.streets
    sheets |= {SHEETS["diagnosis"]: d.frame, SHEETS["subjective_only"]: _with_empty_note("subjective_only", d.subjective_only),
               SHEETS["crosswalk"]: d.crosswalk, SHEETS["diagnosis_rules"]: d.rules}
    sheets = {k: _topics_named_in_evidence(v, names) for k, v in sheets.items()}
    return workbook_bytes(sheets, headers=HEADERS_ZH, number_formats=_FORMATS, widths=_WIDTHS, title=title,
                          values=variable_values(variables or {}) | {"topic": names, "method": METHOD_ZH})


def _topics_named_in_evidence(table: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """The 诊断依据 sentence names its topic (话题 停车, not 话题 C_PARKING) in the workbook."""
    if "evidence" not in table.columns or not names:
        return table
    import re

    pattern = re.compile(r"话题 (\S+) ")
    table = table.copy()
    table["evidence"] = table["evidence"].map(
        lambda v: pattern.sub(lambda m: f"话题 {names.get(m.group(1), m.group(1))} ", v) if isinstance(v, str) else v)
    return table


def _with_empty_note(key: str, table: pd.DataFrame) -> pd.DataFrame:
    if not table.empty or key not in EMPTY_LISTS:
        return table
    table = table.copy()
    table.attrs["empty_note"] = f"（本表为空：{EMPTY_LISTS[key]}）"
    return table


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
