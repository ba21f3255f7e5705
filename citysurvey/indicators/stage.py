"""The indicators stage: catalog, validated values, grades, level composites, comparisons, trends."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..outputs import sha256_file
from ..stage import RunContext, StageResult, section_enabled
from .catalog import load_catalog
from .compare import compare_areas, trends
from .config import NO_STANDARD, IndicatorsConfig
from .grading import METHOD_ZH, composite_grades, grade_values, grading_rules
from .peers import PEER_FILE, load_peer_group
from .values import area_types, check_values

SHEETS_ZH = {"catalog": "指标库", "indicator_grades": "指标评价", "level_grades": "层级评价",
             "indicator_comparison": "地区比较", "indicator_trends": "年度变化", "grading_rules": "评价规则"}

#: Chinese column headers for the stage workbook
HEADERS_ZH = {
    "area": "地区", "area_type": "地区类型", "year": "年份", "indicator_id": "指标编号", "name": "指标名称",
    "level": "层级", "element": "要素", "unit": "单位", "direction": "方向", "value": "指标值", "stock": "存量（分母）",
    "rate": "问题占存量比例", "standard": "标准值", "standard_low": "区间下限", "standard_high": "区间上限",
    "standard_source": "标准来源", "method": "评价方法", "quantity": "评价量", "attainment": "达标得分",
    "grade": "评价结果", "grade_points": "评价得分", "warning": "预警", "rule": "评价依据", "weight": "权重",
    "safety_related": "涉及安全", "responsible_department": "责任部门", "action": "整治任务", "membership": "来源层级",
    "system": "指标体系", "standard_note": "标准说明", "min_value": "最小可能值", "max_value": "最大可能值",
    "source": "出处", "scope": "范围", "n_indicators": "指标数", "n_graded": "参评指标数", "composite": "综合得分",
    "compared": "比较量", "rank": "排名", "n_areas": "地区数", "city_compared": "全市比较量", "vs_city": "与全市比较",
    "vs_city_zh": "与全市比较", "previous_year": "上期年份", "previous_value": "上期指标值",
    "previous_compared": "上期比较量", "previous_grade": "上期评价", "change": "变化", "trend": "趋势",
    "trend_zh": "趋势", "method_zh": "方法", "outcome": "结果", "condition": "条件", "threshold": "阈值",
}


@dataclass(frozen=True)
class IndicatorResults:
    """What the indicators stage hands to the diagnosis: grades of every year, the year diagnosed.

    Attributes
    ----------
    catalog : pandas.DataFrame
        The study's catalog (:func:`load_catalog`).
    grades : pandas.DataFrame
        Every value graded (:func:`grade_values`), all years.
    year : int or None
        The year diagnosed (``indicators.year``, else the study's year if present, else the
        latest); None without indicator data.
    composites : pandas.DataFrame
        Level, element and overall composites (:func:`composite_grades`).
    comparison : pandas.DataFrame
        Ranks and comparison with 全市 in ``year`` (:func:`compare_areas`).
    trends : pandas.DataFrame
        Change since the previous year (:func:`trends`).
    rules : pandas.DataFrame
        The cut-offs in force (:func:`grading_rules`).
    notes : list of str
        Sentences for the report (no data, a year not in the data).
    available : bool
        Whether there is anything graded (a property); ``current`` is ``grades`` of ``year``.

    Examples
    --------
    >>> from citysurvey.indicators import IndicatorsConfig, evaluate, national_catalog
    >>> res = evaluate(None, national_catalog(["MOHURD_2024_4level"]), IndicatorsConfig())
    >>> res.available, res.notes
    (False, ['本研究未提供客观指标数据（inputs.indicators），未做客观评价。'])
    """

    catalog: pd.DataFrame
    grades: pd.DataFrame
    year: int | None
    composites: pd.DataFrame
    comparison: pd.DataFrame
    trends: pd.DataFrame
    rules: pd.DataFrame
    notes: list[str] = field(default_factory=list)

    @property
    def available(self) -> bool:
        return self.year is not None and len(self.grades) > 0

    @property
    def current(self) -> pd.DataFrame:
        """Grades of the diagnosed year."""
        return self.grades[self.grades["year"] == self.year].reset_index(drop=True)


def _display(path: Path | None) -> str | None:
    if path is None:
        return None
    try:
        return str(Path(path).relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def evaluate(values: pd.DataFrame | None, catalog: pd.DataFrame, cfg: IndicatorsConfig, *,
             districts: list[str] | None = None, study_year: int | None = None,
             file: str | None = None, city_peers: pd.DataFrame | None = None) -> IndicatorResults:
    """Validate, grade, compose and compare indicator values: the whole stage without the pipeline.

    Parameters
    ----------
    values : pandas.DataFrame or None
        The study's indicator values (``area``, ``year``, ``indicator_id``, ``value``,
        ``unit``, ``stock``); None or empty when the study has none.
    catalog : pandas.DataFrame
        The study's catalog (:func:`load_catalog`).
    cfg : IndicatorsConfig
        The ``indicators:`` section.
    districts : list of str, optional
        The codebook's districts: areas named so are districts, 全市 is the city, others are
        streets or other areas.
    study_year : int, optional
        The study's year: diagnosed when the data have it and ``cfg.year`` is not set.
    file : str, optional
        The values file's name, for messages.
    city_peers : pandas.DataFrame, optional
        Other cities' values of a peer group (see :func:`grade_values`).

    Returns
    -------
    IndicatorResults
        Grades of every year, the year diagnosed, composites, comparisons, trends, rules and
        notes; an empty result with a note when there are no values.

    Raises
    ------
    InputError
        Values that do not fit the catalog (see :func:`check_values`).

    Examples
    --------
    >>> import pandas as pd
    >>> from citysurvey.indicators import IndicatorsConfig, evaluate, national_catalog
    >>> values = pd.DataFrame({"area": ["全市", "甲区", "乙区"] * 2, "year": [2026] * 6,
    ...                        "indicator_id": ["H02"] * 3 + ["U02"] * 3,
    ...                        "value": [12.0, 10.0, 2.0, 62.0, 55.0, 70.0], "unit": ["栋"] * 3 + ["%"] * 3,
    ...                        "stock": [4000.0, 2500.0, 1500.0, None, None, None]})
    >>> res = evaluate(values, national_catalog(["MOHURD_2024_4level"]), IndicatorsConfig(),
    ...                districts=["甲区", "乙区"], study_year=2026)
    >>> res.year, res.available
    (2026, True)
    >>> print(res.current[["area", "indicator_id", "method", "grade", "warning"]].to_string(index=False))
    area indicator_id method grade warning
      全市          H02   rate    较好      正常
      甲区          H02   rate    较好      正常
      乙区          H02   rate    较好      正常
      全市          U02  ratio    较好      正常
      甲区          U02  ratio    一般    黄色预警
      乙区          U02  ratio    很好      正常
    """
    rules = grading_rules(cfg)
    if values is None or len(values) == 0:
        empty = pd.DataFrame()
        return IndicatorResults(catalog, empty, None, empty, empty, empty, rules,
                                ["本研究未提供客观指标数据（inputs.indicators），未做客观评价。"])
    checked = check_values(values, catalog, file=file, unit_aliases=cfg.unit_aliases)
    checked["area_type"] = area_types(checked["area"], districts)
    grades = grade_values(checked, cfg, city_peers)
    years = sorted(int(y) for y in grades["year"].dropna().unique())
    year = cfg.year if cfg.year is not None else (study_year if study_year in years else years[-1])
    notes = []
    if year not in years:
        notes.append(f"指定的评价年份 {year} 不在指标数据中（现有 {years}）。")
    return IndicatorResults(
        catalog=catalog, grades=grades, year=year, composites=composite_grades(grades, cfg),
        comparison=compare_areas(grades, year), trends=trends(grades, tolerance=cfg.trend_tolerance),
        rules=rules, notes=notes,
    )


class IndicatorsStage:
    """The indicators stage of a run (``indicators:`` section, folder ``indicators/``).

    Loads the catalog (national base, the study's files, overrides), then :func:`evaluate` on
    the study's indicator values (and a peer group's, when ``peer_group`` is set). Tables:
    ``catalog``, ``grading_rules`` and, with data, ``indicator_grades`` (:func:`grade_values`'s
    columns), ``level_grades``, ``indicator_comparison``, ``indicator_trends``; its value is
    the :class:`IndicatorResults`.

    Attributes
    ----------
    name : str
        ``"indicators"``.
    title_zh : str
        ``"客观指标评价"``.

    Examples
    --------
    >>> from citysurvey.config import load_study
    >>> from citysurvey.indicators import IndicatorsStage
    >>> stage = IndicatorsStage()
    >>> stage.name, stage.title_zh, stage.enabled(load_study("analysis/demo_city/study.yaml"))
    ('indicators', '客观指标评价', True)
    """
    name = "indicators"
    title_zh = "客观指标评价"

    def enabled(self, config) -> bool:
        """Whether the stage runs: the ``enabled`` key of its ``indicators:`` section.

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
        >>> from citysurvey.indicators import IndicatorsStage
        >>> IndicatorsStage().enabled(load_study("analysis/demo_city/study.yaml"))
        True
        """
        return section_enabled(config, self.name)

    def run(self, ctx: RunContext) -> StageResult:
        r"""Load the catalog and grade the study's indicator values (:func:`evaluate`).

        Parameters
        ----------
        ctx : RunContext
            The run: config (``indicators:``; catalog files and a peer group relative to
            study.yaml), the validated indicator values and the codebook's districts.

        Returns
        -------
        StageResult
            Tables ``catalog``, ``grading_rules`` and, with data, ``indicator_grades``,
            ``level_grades``, ``indicator_comparison``, ``indicator_trends``; value the
            :class:`IndicatorResults`; summary (year, grades counted, red warnings, failing
            safety indicators, the peer group's hash).

        Raises
        ------
        ConfigError, InputError
            A catalog or values that do not fit (see :func:`load_catalog`, :func:`check_values`).

        Examples
        --------
        >>> import tempfile
        >>> from citysurvey.datasets.tiny import write_tiny_study
        >>> from citysurvey.pipeline import run_study
        >>> study = write_tiny_study(tempfile.mkdtemp())  # six respondents, two districts
        >>> from citysurvey.indicators import IndicatorsStage
        >>> res = run_study(study, stages=[IndicatorsStage()])
        >>> res.results["indicators"].value.current[["area", "grade", "warning"]].to_dict("records")
        [{'area': '全市', 'grade': '较好', 'warning': '正常'}, {'area': '甲区', 'grade': '一般', 'warning': '黄色预警'}, {'area': '乙区', 'grade': '很好', 'warning': '正常'}]
        """
        cfg: IndicatorsConfig = ctx.config.stages.get(self.name) or IndicatorsConfig()
        base = ctx.config.path.parent if ctx.config.path else Path.cwd()
        catalog = load_catalog(cfg.systems, cfg.catalog_files, cfg.overrides, base_dir=base)
        study = ctx.study
        district = study.codebook.district
        districts = study.codebook.categories(district) if district else None
        city_peers, peer_group = None, None
        if cfg.peer_group is not None:
            folder = cfg.peer_group if cfg.peer_group.is_absolute() else (base / cfg.peer_group).resolve()
            city_peers = load_peer_group(folder, own_study=ctx.config.study.id)
            # recorded in the manifest: a batch re-runs the study when its peers change
            peer_group = {"folder": str(folder), "sha256": sha256_file(folder / PEER_FILE),
                          "n_cities": int(city_peers["study_id"].nunique())}
        res = evaluate(study.indicators, catalog, cfg, districts=districts, study_year=ctx.config.study.year,
                       file=_display(study.sources.get("indicators")), city_peers=city_peers)
        tables = {"catalog": catalog, "grading_rules": res.rules}
        summary: dict = {"n_catalog": len(catalog), "available": res.available, "notes": res.notes}
        if peer_group is not None:
            summary["peer_group"] = peer_group
        if res.available:
            tables |= {"indicator_grades": res.grades, "level_grades": res.composites,
                       "indicator_comparison": res.comparison, "indicator_trends": res.trends}
            cur = res.current
            summary |= {
                "year": res.year,
                "n_indicators": int(cur["indicator_id"].nunique()),
                "grades": {g: int(n) for g, n in cur["grade"].value_counts().items()},
                "red_warnings": int((cur["warning"] == "红色预警").sum()),
                "no_standard": int((cur["grade"] == NO_STANDARD).sum()),
                "safety_red": sorted(f"{a}:{i}" for a, i in cur.loc[
                    cur["safety_related"] & (cur["grade"] == "较差"), ["area", "indicator_id"]].itertuples(index=False)),
            }
        return StageResult(self.name, tables=tables, value=res, summary=summary,
                           sheet_names={k: v for k, v in SHEETS_ZH.items() if k in tables}, headers=HEADERS_ZH,
                           workbook_values={"method": METHOD_ZH})
