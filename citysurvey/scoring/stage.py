"""The scoring stage (满意度评价): weighted item scores, indices, domain flags, reliability, key drivers, IPA.

Built on the weighting stage's design (``ctx.results['weighting'].value``; an
unweighted design stratified by district if there is none) and on
:mod:`citysurvey.estimation` for every estimate and variance.

Tables (``<output>/scoring/<name>.csv``; Excel sheet in brackets)
------------------------------------------------------------------

``item_district`` (分区题目得分) — **stable columns, read by the diagnosis stage.**
One row per item (every Likert item, the overall item included) × area, the
city first (``district == "全市"``) then the districts in codebook order:

========================  =====================================================================
item, label, level        codebook name, label, level (住房 … 城区（城市）, 总体)
topic, indicators         lexicon topic; objective indicator ids joined by ``;``
district                  ``全市`` or the district
n                         respondents with a valid (on-scale) answer
score                     weighted mean score on ``scheme`` (0–100)
score_se, score_ci_low,   its design-based SE and interval
score_ci_high
satisfied_rate            weighted share in the top boxes (满意率, 0–1), logit interval in
satisfied_ci_low/high     ``satisfied_ci_low`` / ``satisfied_ci_high``
dissatisfied_rate         weighted share in the bottom boxes (不满意率), interval likewise
dissatisfied_ci_low/high
valid_rate                weighted share of answered questionnaires with an on-scale answer
                          (知晓/适用率; the rest chose 不了解/不适用)
score_diff, score_p,      district − city score, its p value (adjusted, see ``p_adjust``) and
score_flag                ``高于全市`` / ``低于全市`` / empty (not significant, city rows, small n)
satisfied_diff,           the same for the satisfied rate
satisfied_p,
satisfied_flag
importance                the item's relative weight in the city key-driver model (% of R²)
quadrant                  IPA quadrant in this area (优势保持区 / 优先改进区 / 次要改进区 / 继续保持区)
scheme                    the scoring scheme, e.g. ``100/80/60/40/20``
========================  =====================================================================

``scores`` (满意度得分) — tidy, one row per estimate: ``kind`` (item /
level_index / composite_index), ``item`` (``q_h01``, ``index:住房``, ``index:综合``),
``label``, ``level``, ``measure`` (score / satisfied_rate / dissatisfied_rate),
``domain_var`` (``city``, ``district`` or a group variable), ``domain_var_label``,
``domain``, ``estimate``, ``se``, ``ci_low``, ``ci_high``, ``n``, ``deff``, then the
test against the city: ``diff``, ``diff_se``, ``diff_ci_low``, ``diff_ci_high``,
``p_value``, ``p_adjusted``, ``significant``, ``flag``, ``small_n``, and ``scheme``.

``awareness`` (知晓率与适用率): item × answer (有效回答 or each special answer) × domain,
weighted share of those who answered the item. ``answer_counts`` (回答情况): unweighted
counts per item. ``index_rules`` (指数规则) and ``item_weights`` (题目权重): the min-items
rule and weights actually used. ``group_tests`` (组间差异检验): Wald F test that all
groups of a domain variable share one mean score. ``reliability`` (信度分析),
``drivers`` (关键驱动因素), ``ipa`` (重要性表现分析), ``method`` (方法说明).

Charts (``charts/*.png``): item scores, district heat map, district indices,
group comparisons, IPA.
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from ..codebook import LEVELS, Codebook
from ..errors import Problem, StageError
from ..privacy import CellRule, cell_rule
from ..stage import Later, RunContext, StageResult, lanes, run_design
from ..weighting.design import SurveyDesign
from . import charts as ch
from .config import SCHEME_NAMES, ScoringConfig, scoring_config
from .domains import CITY, adjust_p, compare_each_to_city, estimate, group_tests
from .drivers import driver_matrix, fit_drivers, ipa, ipa_rule
from .indices import COMPOSITE, index_label, index_name, resolve_item_weights, resolve_level_weights, respondent_indices
from .items import VALID_LABEL_ZH, answer_counts, awareness_frames, item_frames, scale_of, scored_items
from .reliability import reliability_table

MEASURES = {"score": "__score__", "satisfied_rate": "__sat__", "dissatisfied_rate": "__dis__"}
MEASURE_ZH = {"score": "满意度得分", "satisfied_rate": "满意率", "dissatisfied_rate": "不满意率"}
SCORE_COLUMNS = [
    "kind", "item", "label", "level", "measure", "domain_var", "domain_var_label", "domain", "estimate", "se",
    "ci_low", "ci_high", "n", "deff", "diff", "diff_se", "diff_ci_low", "diff_ci_high", "p_value", "p_adjusted",
    "significant", "flag", "small_n", "scheme",
]
DISTRICT = "district"  # domain_var of the district rows (the codebook's own name may differ)
DRIVER_COLUMNS = [
    "model", "predictor", "label", "level", "coef", "se", "ci_low", "ci_high", "statistic", "p_value", "std_coef",
    "r_with_overall", "relative_weight", "relative_weight_pct", "lmg", "lmg_pct", "rank", "n", "r2",
]
ITEM_DISTRICT_COLUMNS = [
    "item", "label", "level", "topic", "indicators", "district", "n", "score", "score_se", "score_ci_low",
    "score_ci_high", "satisfied_rate", "satisfied_ci_low", "satisfied_ci_high", "dissatisfied_rate",
    "dissatisfied_ci_low", "dissatisfied_ci_high", "valid_rate", "score_diff", "score_p", "score_flag",
    "satisfied_diff", "satisfied_p", "satisfied_flag", "importance", "quadrant", "scheme",
]
SHEETS = {
    "item_district": "分区题目得分", "scores": "满意度得分", "awareness": "知晓率与适用率", "answer_counts": "回答情况",
    "index_rules": "指数规则", "item_weights": "题目权重", "group_tests": "组间差异检验", "reliability": "信度分析",
    "drivers": "关键驱动因素", "ipa": "重要性表现分析", "method": "方法说明",
}


def domain_variables(codebook: Codebook, data: pd.DataFrame, cfg: ScoringConfig) -> list[str]:
    """District first, then the groups (configured, or every categorical demographic variable present)."""
    district = codebook.district
    if cfg.groups is None:
        groups = [n for n in codebook.names(type="categorical", role="demographic") if n in data.columns]
    else:
        groups = list(cfg.groups)
        bad = [g for g in groups if g not in data.columns or g not in codebook.variables]
        if bad:
            raise StageError(Problem(
                zh=f"scoring.groups 中的变量 {bad} 不在数据中。", en=f"scoring.groups names variables {bad} not in the data.",
                hint_zh=f"可用的分类变量：{', '.join(codebook.names(type='categorical'))}",
                hint_en="Use categorical variables of the codebook.",
            ))
    out = [district] if district and district in data.columns else []
    return out + [g for g in groups if g != district]


class ScoringStage:
    """The scoring stage of a run (``scoring:`` section, folder ``scoring/``).

    ``run(ctx)`` scores the weighting stage's design (an unweighted one stratified by
    district when weighting did not run, see :func:`citysurvey.stage.run_design`) with
    :func:`score_study`; ``check(config, study)`` lists, before any stage runs, a scheme
    that does not fit a scale, overlapping boxes, an unknown overall item or group.

    Attributes
    ----------
    name : str
        ``"scoring"``: the folder, the config section and the key in ``RunContext.results``.
    title_zh : str
        ``"满意度评价"``, shown in progress and the report.

    Examples
    --------
    >>> from citysurvey.scoring import ScoringStage
    >>> from citysurvey.config import load_study
    >>> stage = ScoringStage()
    >>> stage.name, stage.title_zh
    ('scoring', '满意度评价')
    >>> stage.enabled(load_study("analysis/demo_city/study.yaml"))
    True
    """
    name = "scoring"
    title_zh = "满意度评价"

    def enabled(self, config) -> bool:
        """Whether the stage runs: the ``enabled`` key of its ``scoring:`` section.

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
        >>> from citysurvey.scoring import ScoringStage
        >>> ScoringStage().enabled(load_study("analysis/demo_city/study.yaml"))
        True
        """
        return scoring_config(config).enabled

    def check(self, config, study) -> list[Problem]:
        """What would stop the stage, found before any stage runs (``citysurvey validate``).

        Parameters
        ----------
        config : StudyConfig
            The study config.
        study : StudyData
            The validated data.

        Returns
        -------
        list of Problem
            The scheme or boxes against every scale used, the overall item, the groups; empty
            when all is well.

        Examples
        --------
        >>> from citysurvey.config import load_study
        >>> from citysurvey.pipeline import validate_study
        >>> from citysurvey.scoring import ScoringStage
        >>> cfg, study = validate_study("analysis/demo_city/study.yaml")
        >>> ScoringStage().check(cfg, study)
        []
        >>> bad = cfg.model_copy(update={"stages": {**cfg.stages, "scoring": cfg.stages["scoring"].model_copy(
        ...     update={"scheme": [0.0, 100.0]})}})
        >>> print(ScoringStage().check(bad, study)[0].format())
        [错误] 列「q_h01」：评分方案有 2 个分值，但题目「q_h01」的量表有 5 个选项。 请让 scoring.scheme 的分值个数与量表一致，或使用 step / linear。
        [Error] column 'q_h01': the scoring scheme has 2 scores but item 'q_h01' has a 5-point scale. Give one score per scale point in scoring.scheme, or use step / linear.
        """
        cfg, codebook = scoring_config(config), study.codebook
        problems: list[Problem] = []
        seen_scales: set[str] = set()
        for it in codebook.items:
            if codebook.variables[it].scale in seen_scales:
                continue
            seen_scales.add(codebook.variables[it].scale)
            try:
                scale_of(codebook, it, cfg)
            except StageError as exc:
                problems.extend(exc.problems)
        for step in (lambda: scored_items(codebook, cfg.overall_item),
                     lambda: domain_variables(codebook, study.responses, cfg)):
            try:
                step()
            except StageError as exc:
                problems.extend(exc.problems)
        return problems

    def run(self, ctx: RunContext) -> StageResult:
        r"""Score the run's design (:func:`citysurvey.stage.run_design`) with :func:`score_study`.

        Parameters
        ----------
        ctx : RunContext
            The run: config, validated data, the weighting stage's result if it ran.

        Returns
        -------
        StageResult
            :func:`score_study`'s tables, summary and charts (``weighted`` says whether the
            weighting stage's design was used).

        Raises
        ------
        StageError
            As :func:`score_study`.

        Examples
        --------
        >>> import tempfile
        >>> from citysurvey.datasets.tiny import write_tiny_study
        >>> from citysurvey.pipeline import run_study
        >>> study = write_tiny_study(tempfile.mkdtemp())  # six respondents, two districts
        >>> from citysurvey.scoring import ScoringStage
        >>> res = run_study(study, stages=[ScoringStage()])
        >>> t = res.results["scoring"].tables["item_district"]
        >>> t.query("district == '全市'")[["item", "score"]].round(2).to_dict("records")
        [{'item': 'q1', 'score': 66.67}, {'item': 'q2', 'score': 73.33}, {'item': 'q9', 'score': 76.67}]
        >>> res.results["scoring"].summary["weighted"]
        False
        """
        study = ctx.study
        design, weighted = run_design(ctx)  # unweighted: still design-based, strata by district
        result = score_study(design, study.codebook, scoring_config(ctx.config), weighted=weighted, cores=ctx.cores,
                             cells=cell_rule(ctx))
        if "topic" in result.tables["item_district"].columns:  # the item's lexicon topic, by name in the workbook
            from ..text.lexicon import study_topic_names

            result.workbook_values["topic"] = study_topic_names(ctx.config)
            result.headers["topic"] = "话题"
        return result


def score_study(design: SurveyDesign, codebook: Codebook, cfg: ScoringConfig, *, weighted: bool = True,
                cores: int = 1, cells: CellRule | None = None) -> StageResult:
    """Everything the scoring stage computes, from a design whose data hold the validated responses.

    Parameters
    ----------
    design : SurveyDesign
        The weighted design; its data are the validated responses (Likert items as scale
        positions, special answers negative), with the codebook's district and group columns.
    codebook : Codebook
        The study's codebook: items, their scales and levels, the overall item, the district.
    cfg : ScoringConfig
        The ``scoring:`` section (scheme, boxes, weights, min-items rule, tests).
    weighted : bool
        Whether ``design`` carries calibrated weights (stated in the method table and the
        summary; an unweighted design still gives design-based SEs).
    cores : int
        Cores to use: with 2 or more, the estimates, the tests against the city and the group
        tests run as independent blocks on two threads (the same numbers as on one).
    cells : CellRule, optional
        The minimum-cell rule (:mod:`citysurvey.privacy`): the charts draw only the domains it publishes
        (the pipeline blanks the others in the tables when the stage returns). None: no rule.

    Returns
    -------
    StageResult
        ``tables``: ``item_district``, ``scores``, ``awareness``, ``answer_counts``,
        ``index_rules``, ``item_weights``, ``group_tests``, ``reliability``, ``drivers``,
        ``ipa``, ``method``, whose columns are listed in :mod:`citysurvey.scoring.stage`
        (``item_district`` has :data:`ITEM_DISTRICT_COLUMNS`, ``scores`` :data:`SCORE_COLUMNS`);
        ``summary``: the scheme, the indices with their intervals, the min-items rule, the
        flagged differences, alpha per level, the key drivers' R² and top items; ``files``:
        the charts when ``cfg.charts``.

    Raises
    ------
    StageError
        The data lack the codebook's items; a scheme whose length differs from a scale;
        top and bottom boxes that overlap; an overall item or group that is not in the study.

    Examples
    --------
    >>> import pandas as pd
    >>> from citysurvey.codebook import Codebook
    >>> from citysurvey.weighting import svydesign
    >>> from citysurvey.scoring import ScoringConfig, score_study
    >>> five = {"codes": [1, 2, 3, 4, 5], "labels": ["很不满意", "不满意", "一般", "满意", "很满意"]}
    >>> cb = Codebook.model_validate({"respondent_id": "id", "scales": {"s5": five}, "variables": {
    ...     "id": {"type": "id"},
    ...     "district": {"type": "categorical", "role": "district", "categories": ["甲区", "乙区"]},
    ...     "q1": {"type": "likert", "scale": "s5", "level": "住房", "label": "住房质量"},
    ...     "q2": {"type": "likert", "scale": "s5", "level": "住房", "label": "物业服务"},
    ...     "q3": {"type": "likert", "scale": "s5", "level": "街区", "label": "街道整洁"},
    ...     "q9": {"type": "likert", "scale": "s5", "role": "overall", "label": "总体满意"}}})
    >>> df = pd.DataFrame({"id": range(1, 9), "district": ["甲区"] * 4 + ["乙区"] * 4,
    ...                    "q1": [5, 4, 4, 3, 2, 3, 4, 5], "q2": [4, 4, 5, 3, 3, 2, 4, 4],
    ...                    "q3": [5, 5, 4, 4, 3, 2, 2, 3], "q9": [5, 4, 4, 3, 2, 3, 3, 4]})
    >>> res = score_study(svydesign(df, strata="district"), cb, ScoringConfig(charts=False))
    >>> city = res.tables["item_district"].query("district == '全市'")
    >>> print(city[["item", "n", "score", "satisfied_rate"]].round(3).to_string(index=False))
    item  n  score  satisfied_rate
      q1  8   75.0           0.625
      q2  8   72.5           0.625
      q3  8   70.0           0.500
      q9  8   70.0           0.500
    >>> res.summary["indices"]["综合满意度指数"]
    [71.88, 63.78, 79.97]
    """
    from threadpoolctl import threadpool_limits

    # hundreds of small (n × few) variance products: multithreaded BLAS only adds contention, 5–10× slower
    with threadpool_limits(limits=1, user_api="blas"):
        return _score_study(design, codebook, cfg, weighted=weighted, cores=cores, cells=cells or CellRule(0))


def _score_study(design: SurveyDesign, codebook: Codebook, cfg: ScoringConfig, *, weighted: bool,
                 cores: int, cells: CellRule) -> StageResult:
    data = design.data
    by_level_all, overall = scored_items(codebook, cfg.overall_item)
    by_level = {lv: its for lv, its in by_level_all.items() if lv in LEVELS}  # levels that form an index
    items = [it for it in codebook.items if it in data.columns]
    missing = [it for its in by_level.values() for it in its if it not in data.columns]
    if missing or not items:
        raise StageError(Problem(
            zh=f"数据中缺少满意度题目 {missing or '（全部）'}。", en=f"the data lack Likert items {missing or '(all)'}.",
            hint_zh="请检查编码本与数据是否对应。", hint_en="Check that the codebook matches the data.",
        ))
    k = scale_of(codebook, items[0], cfg)[0]
    scheme = cfg.scheme_label(k)
    labels = {it: codebook.variables[it].label or it for it in items}
    level_of = {it: codebook.variables[it].level or "总体" for it in items}
    frames = item_frames(data, codebook, items, cfg)
    scores = frames["score"]

    # key drivers first: importance-based item weights need them
    drivers, driver_info, importance = _drivers_items(design, scores, by_level, overall, cfg, labels, level_of)
    item_w = resolve_item_weights(cfg.item_weights, by_level, importance)
    level_w = resolve_level_weights(cfg.level_weights, list(by_level))
    idx, rules = respondent_indices(scores, item_w, level_w, cfg.min_share, cfg.min_count)
    if "items" in driver_info and len(by_level) >= 2:
        lv_table, lv_info = _drivers_levels(design, scores[overall], idx[list(by_level)], cfg)
        drivers = pd.concat([drivers, lv_table], ignore_index=True)
        driver_info["levels"] = lv_info

    # one augmented design: derived columns are estimated like any survey variable
    cols: dict[str, np.ndarray] = {}
    meta: dict[str, tuple[str, str]] = {}  # column → (item key, measure)
    for m, prefix in MEASURES.items():
        src = frames[{"score": "score", "satisfied_rate": "satisfied", "dissatisfied_rate": "dissatisfied"}[m]]
        for it in items:
            cols[prefix + it] = src[it].to_numpy()
            meta[prefix + it] = (it, m)
    for lv in idx.columns:
        key = index_name(lv)
        cols["__score__" + key] = idx[lv].to_numpy()
        meta["__score__" + key] = (key, "score")
    aw, aw_meta = awareness_frames(data, codebook, items, cfg)
    dvars = domain_variables(codebook, data, cfg)
    # the estimators read only the columns named to them: the domain variables and the derived columns,
    # held without a copy (at 1,000,000 respondents every copy of these columns is about 2 GB)
    extra = pd.DataFrame(cols, index=data.index, copy=False)
    d = replace(design, data=pd.concat([data[dvars], extra, aw], axis=1))

    score_cols = [c for c, (_, m) in meta.items() if m == "score"]
    rate_cols = [c for c, (_, m) in meta.items() if m != "score"]
    with lanes(cores) as run:
        est_parts, aw_parts, test_parts = _domain_estimates(run, d, score_cols, rate_cols, [c for c, _, _ in aw_meta],
                                                            dvars, codebook.district, cfg.level)
        # these read no estimate: queued behind them, they fill a lane while the last ones run
        reliab = run(reliability_table, scores, by_level, labels, cfg.reliability_missing, cfg.level)
        counts = run(answer_counts, data, codebook, items, cfg)
        est_parts, aw_parts, test_parts = _results(est_parts), _results(aw_parts), _results(test_parts)
        reliab, counts = reliab.result(), counts.result()
    var_labels = {v: (codebook.variables[v].label or v) for v in dvars}
    var_labels["city"] = CITY
    score_table = _score_table(est_parts, [t for t in test_parts if "_omnibus" not in t], meta, labels, level_of,
                               var_labels, cfg, scheme)
    omnibus = _group_test_table([t for t in test_parts if "_omnibus" in t], meta, labels, level_of, var_labels, cfg)
    awareness = _awareness_table(aw_parts, aw_meta, labels, level_of, var_labels)

    district = codebook.district if codebook.district in dvars else None
    ipa_table = _ipa_table(score_table, drivers, district, cfg, labels, level_of)
    item_district = _item_district(score_table, awareness, ipa_table, drivers, codebook, items, district, scheme)
    weights_table = pd.DataFrame(
        [{"level": lv, "item": it, "label": labels[it], "weight": w,
          "source": "importance" if cfg.item_weights == "importance" else ("given" if isinstance(cfg.item_weights, dict) else "equal")}
         for lv, ws in item_w.items() for it, w in ws.items()]
        + [{"level": COMPOSITE, "item": index_name(lv), "label": index_label(lv), "weight": w,
            "source": "given" if isinstance(cfg.level_weights, dict) else "equal"} for lv, w in level_w.items()]
    )
    rules.insert(1, "label", rules["level"].map(index_label))
    scale = codebook.scales[codebook.variables[items[0]].scale]
    scales = {codebook.variables[it].scale: codebook.scales[codebook.variables[it].scale] for it in items}
    method = _method_table(cfg, scheme, list(reversed(scale.labels)), weighted, rules, overall, driver_info, labels,
                           scales=[list(reversed(s.labels)) for s in scales.values()])
    # one name for the district in every table, whatever the codebook calls its variable
    if codebook.district and codebook.district != DISTRICT:
        score_table, awareness, omnibus, ipa_table = (
            t.assign(domain_var=t["domain_var"].replace({codebook.district: DISTRICT}))
            for t in (score_table, awareness, omnibus, ipa_table))
    if overall is None:  # the sheets say why they are empty
        for table in (drivers, ipa_table):
            if table.empty:
                table.attrs["empty_note"] = ("（本表为空：本研究没有总体满意度题（编码本 role: overall 或 "
                                             "scoring.overall_item），无法做关键驱动因素与重要性—表现分析。）")
    tables = {
        "item_district": item_district, "scores": score_table, "awareness": awareness, "answer_counts": counts,
        "index_rules": rules, "item_weights": weights_table, "group_tests": omnibus, "reliability": reliab,
        "drivers": drivers, "ipa": ipa_table, "method": method,
    }
    drawn = {k: cells.published(f"scoring/{k}", t) for k, t in
             (("scores", score_table), ("item_district", item_district), ("ipa", ipa_table))}
    files = _charts(drawn["scores"], drawn["item_district"], drawn["ipa"]) if cfg.charts else {}
    summary = _summary(score_table, reliab, drivers, driver_info, ipa_table, cfg, scheme, weighted, rules)
    return StageResult("scoring", tables=tables, value=score_table, summary=summary, files=files, sheet_names=SHEETS)


class _CityTests:
    """One domain variable's tests against the city, read (like a future) from the future of
    :func:`compare_each_to_city` when asked for, on the thread that reads the parts."""

    def __init__(self, tests, by: str):
        self.tests, self.by = tests, by

    def result(self) -> pd.DataFrame:
        t = self.tests.result()[self.by]
        t["domain_var"] = self.by
        return t


def _results(parts: list) -> list:
    return [p.result() for p in parts]


def _domain_estimates(run, d: SurveyDesign, score_cols: list[str], rate_cols: list[str], aw_cols: list[str],
                      dvars: list[str], district: str | None, level: float):
    """Every domain variable's estimates, awareness shares, tests against the city and group tests, as futures.

    Started through ``run`` (:func:`citysurvey.stage.lanes`), the largest block first so that the rest fill the
    other lane meanwhile. The parts come in the order of a one-thread run: for each of the city and
    the domain variables, its estimates, then its awareness shares (city and district only: by group
    they add little and cost as much as the scores), its test against the city and its group test.
    """
    against_city = run(compare_each_to_city, d, score_cols + rate_cols, dvars, level)  # the city's side once
    est_parts, aw_parts, test_parts = [], [], []
    for by in [None, *dvars]:
        est_parts.append(run(_labelled, by or "city", estimate, d, score_cols, rate_cols, by, level))
        if by in (None, district):
            aw_parts.append(run(_labelled, by or "city", estimate, d, [], aw_cols, by, level))
        if by is not None:
            test_parts.append(_CityTests(against_city, by))  # not on a lane: it would wait there
            test_parts.append(run(_group_tests, d, score_cols, by))
    return est_parts, aw_parts, test_parts


def _labelled(domain_var: str, fn, *args) -> pd.DataFrame:
    part = fn(*args)
    part["domain_var"] = domain_var
    return part


def _group_tests(d: SurveyDesign, cols: list[str], by: str) -> pd.DataFrame:
    g = group_tests(d, cols, by)
    g["domain_var"] = by
    return g.assign(_omnibus=True)


# -- key drivers ---------------------------------------------------------------

def driver_predictors(scores: pd.DataFrame, by_level: dict[str, list[str]], overall: str, min_n: int
                      ) -> tuple[dict[str, list[str]], list[str]]:
    """Items fit to explain the overall item, by level, and those left out.

    An item enters only when at least ``min_n`` respondents answered it and their
    answers vary: an empty or near-empty item (a question skipped by design, or
    asked of a handful) has no importance to estimate and would make the
    correlation matrix singular. Items without a level form one group.
    """
    groups = by_level or {"总体": [c for c in scores.columns if c != overall]}
    kept: dict[str, list[str]] = {}
    left_out: list[str] = []
    for level, items in groups.items():
        for it in items:
            x = scores[it].dropna()
            if len(x) >= min_n and x.nunique() >= 2:
                kept.setdefault(level, []).append(it)
            else:
                left_out.append(it)
    return kept, left_out


def _drivers_items(design, scores, by_level, overall, cfg, labels, level_of):
    if overall is None:
        return empty_drivers(), {"skipped": "no_overall"}, None
    groups, left_out = driver_predictors(scores, by_level, overall, cfg.min_domain_n)
    X = driver_matrix(scores, groups, cfg.drivers_missing)
    n_used = int((scores[overall].notna() & X.notna().all(axis=1)).sum()) if X.shape[1] else 0
    if X.shape[1] == 0 or n_used < X.shape[1] + cfg.min_domain_n:
        return empty_drivers(), {"skipped": "too_few", "left_out": left_out, "outcome": overall}, None
    table, info = fit_drivers(design, scores[overall], X, cfg.level)
    table.insert(0, "model", "items")
    table.insert(2, "label", table["predictor"].map(labels))
    table.insert(3, "level", table["predictor"].map(level_of))
    table["n"], table["r2"] = info["n"], info["r2"]
    importance = dict(zip(table["predictor"], table["relative_weight"]))
    importance |= {it: 0.0 for it in left_out}  # importance weights: an item left out weighs nothing
    return table[DRIVER_COLUMNS], {"items": info, "outcome": overall, "left_out": left_out}, importance


DRIVERS_SKIPPED_ZH = {
    "no_overall": "本次调查未设置总体满意度题，关键驱动因素分析从略",
    "too_few": "总体满意度题与各题的有效回答过少，关键驱动因素分析从略",
}


def empty_drivers() -> pd.DataFrame:
    """The drivers table when no model is fitted: its columns, no rows (the report reads the header)."""
    return pd.DataFrame(columns=DRIVER_COLUMNS)


def _drivers_levels(design, y, levels: pd.DataFrame, cfg):
    table, info = fit_drivers(design, y, levels, cfg.level)
    table.insert(0, "model", "levels")
    table["predictor"] = table["predictor"].map(index_name)
    table.insert(2, "label", table["predictor"].map(lambda s: index_label(s.split(":", 1)[1])))
    table.insert(3, "level", table["predictor"].map(lambda s: s.split(":", 1)[1]))
    table["n"], table["r2"] = info["n"], info["r2"]
    return table, info


# -- tables --------------------------------------------------------------------

def _kind(key: str) -> str:
    if key == index_name(COMPOSITE):
        return "composite_index"
    return "level_index" if key.startswith("index:") else "item"


def _score_table(est_parts, test_parts, meta, labels, level_of, var_labels, cfg, scheme) -> pd.DataFrame:
    est = pd.concat(est_parts, ignore_index=True)
    if test_parts:
        tests = pd.concat(test_parts, ignore_index=True)
        est = est.merge(tests.drop(columns=["statistic", "df"]), on=["variable", "domain", "domain_var"], how="left")
    else:
        for c in ("diff", "diff_se", "diff_ci_low", "diff_ci_high", "p_value"):
            est[c] = np.nan
    est["item"] = est["variable"].map(lambda c: meta[c][0])
    est["measure"] = est["variable"].map(lambda c: meta[c][1])
    est["kind"] = est["item"].map(_kind)
    est["label"] = [labels.get(i) or index_label(i.split(":", 1)[1]) for i in est["item"]]
    est["level"] = [level_of.get(i) or i.split(":", 1)[1] for i in est["item"]]
    est["domain_var_label"] = est["domain_var"].map(var_labels)
    est["small_n"] = (est["domain_var"] != "city") & (est["n"] < cfg.min_domain_n)
    # one family per measure × domain variable: e.g. all item and index scores of all districts
    est["p_adjusted"] = np.nan
    for _, idx in est[est["domain_var"] != "city"].groupby(["measure", "domain_var"]).groups.items():
        est.loc[idx, "p_adjusted"] = adjust_p(est.loc[idx, "p_value"], cfg.p_adjust)
    est["significant"] = (est["p_adjusted"] < cfg.alpha) & ~est["small_n"]
    est["flag"] = np.where(est["significant"], np.where(est["diff"] > 0, "高于全市", "低于全市"), "")
    est["scheme"] = np.where(est["measure"] == "score", scheme, "")
    order_items = {k: i for i, k in enumerate(dict.fromkeys(v[0] for v in meta.values()))}
    order_measure = {m: i for i, m in enumerate(MEASURES)}
    order_var = {v: i for i, v in enumerate(var_labels)}
    order_var["city"] = -1
    est["_o"] = np.arange(len(est))  # estimation already returns domains in codebook order
    est = est.sort_values(
        ["measure", "item", "domain_var", "_o"],
        key=lambda s: s.map(order_measure) if s.name == "measure" else s.map(order_items) if s.name == "item"
        else s.map(order_var) if s.name == "domain_var" else s,
        kind="stable",
    )
    return est[SCORE_COLUMNS].reset_index(drop=True)


def _group_test_table(parts, meta, labels, level_of, var_labels, cfg) -> pd.DataFrame:
    cols = ["item", "label", "kind", "domain_var", "domain_var_label", "statistic", "df", "df_denom", "p_value",
            "p_adjusted", "significant"]
    if not parts:
        return pd.DataFrame(columns=cols)
    t = pd.concat(parts, ignore_index=True)
    t["item"] = t["variable"].map(lambda c: meta[c][0])
    t["kind"] = t["item"].map(_kind)
    t["label"] = [labels.get(i) or index_label(i.split(":", 1)[1]) for i in t["item"]]
    t["domain_var_label"] = t["domain_var"].map(var_labels)
    t["p_adjusted"] = np.nan
    for _, idx in t.groupby("domain_var").groups.items():
        t.loc[idx, "p_adjusted"] = adjust_p(t.loc[idx, "p_value"], cfg.p_adjust)
    t["significant"] = t["p_adjusted"] < cfg.alpha
    return t[cols]


def _awareness_table(parts, aw_meta, labels, level_of, var_labels) -> pd.DataFrame:
    a = pd.concat(parts, ignore_index=True)
    info = {c: (it, ans) for c, it, ans in aw_meta}
    a["item"] = a["variable"].map(lambda c: info[c][0])
    a["answer"] = a["variable"].map(lambda c: info[c][1])
    a["label"] = a["item"].map(labels)
    a["level"] = a["item"].map(level_of)
    a["domain_var_label"] = a["domain_var"].map(var_labels)
    cols = ["item", "label", "level", "answer", "domain_var", "domain_var_label", "domain", "estimate", "se",
            "ci_low", "ci_high", "n"]
    return a[cols].reset_index(drop=True)


def _ipa_table(scores, drivers, district, cfg, labels, level_of) -> pd.DataFrame:
    cols = ["domain_var", "domain", "item", "label", "level", "importance", "performance", "importance_cut",
            "performance_cut", "quadrant"]
    if drivers.empty:
        return pd.DataFrame(columns=cols)
    imp = drivers[drivers["model"] == "items"].set_index("predictor")["relative_weight_pct"]
    perf = scores[(scores["kind"] == "item") & (scores["measure"] == "score")]
    parts = []
    for var in ["city"] + ([district] if district else []):
        rows = perf[perf["domain_var"] == var]
        for dom, r in rows.groupby("domain", sort=False):
            t = ipa(imp, r.set_index("item")["estimate"].reindex(imp.index), cfg.ipa_cut)
            t = t.rename_axis("item").reset_index()
            t["domain_var"], t["domain"] = var, dom
            parts.append(t)
    out = pd.concat(parts, ignore_index=True)
    out["label"] = out["item"].map(labels)
    out["level"] = out["item"].map(level_of)
    return out[cols]


def _item_district(scores, awareness, ipa_table, drivers, codebook, items, district, scheme) -> pd.DataFrame:
    sel = scores[(scores["kind"] == "item") & scores["domain_var"].isin(["city", district])]

    def wide(measure: str, names: dict[str, str]) -> pd.DataFrame:
        part = sel[sel["measure"] == measure].set_index(["item", "domain"])
        return part[list(names)].rename(columns=names)

    out = wide("score", {"n": "n", "estimate": "score", "se": "score_se", "ci_low": "score_ci_low",
                         "ci_high": "score_ci_high", "diff": "score_diff", "p_adjusted": "score_p", "flag": "score_flag"})
    out = out.join(wide("satisfied_rate", {"estimate": "satisfied_rate", "ci_low": "satisfied_ci_low",
                                           "ci_high": "satisfied_ci_high", "diff": "satisfied_diff",
                                           "p_adjusted": "satisfied_p", "flag": "satisfied_flag"}))
    out = out.join(wide("dissatisfied_rate", {"estimate": "dissatisfied_rate", "ci_low": "dissatisfied_ci_low",
                                              "ci_high": "dissatisfied_ci_high"}))
    aw = awareness[(awareness["answer"] == VALID_LABEL_ZH) & awareness["domain_var"].isin(["city", district])]
    out = out.join(aw.set_index(["item", "domain"])["estimate"].rename("valid_rate"))
    if not ipa_table.empty:
        out = out.join(ipa_table.set_index(["item", "domain"])["quadrant"])
    else:
        out["quadrant"] = ""
    out = out.reset_index().rename(columns={"domain": "district"})
    imp = drivers[drivers["model"] == "items"].set_index("predictor")["relative_weight_pct"] if not drivers.empty else pd.Series(dtype=float)
    out["importance"] = out["item"].map(imp)
    out["label"] = out["item"].map(lambda it: codebook.variables[it].label)
    out["level"] = out["item"].map(lambda it: codebook.variables[it].level or "总体")
    out["topic"] = out["item"].map(lambda it: codebook.variables[it].topic or "")
    out["indicators"] = out["item"].map(lambda it: ";".join(codebook.variables[it].indicators))
    out["scheme"] = scheme
    areas = [CITY] + (codebook.categories(district) if district else [])
    out["_i"] = out["item"].map({it: i for i, it in enumerate(items)})
    out["_a"] = out["district"].map({a: i for i, a in enumerate(areas)}).fillna(len(areas))
    out = out.sort_values(["_i", "_a"], kind="stable")
    for c in ("score_flag", "satisfied_flag", "quadrant"):
        out[c] = out[c].fillna("")
    return out[ITEM_DISTRICT_COLUMNS].reset_index(drop=True)


def box_rule(answers: list[str], cfg: ScoringConfig, *, top: bool) -> str:
    """满意率/不满意率 on one scale, in words: which answers count (answers: most → least satisfied)."""
    n = cfg.boxes(len(answers))[0 if top else 1]
    chosen = answers[:n] if top else answers[-n:]
    return f"{len(answers)}点量表选择{'最满意' if top else '最不满意'} {n} 档（{'、'.join(chosen)}）"


def _method_table(cfg: ScoringConfig, scheme, answers, weighted, rules, overall, driver_info, labels,
                  scales: list[list[str]] | None = None) -> pd.DataFrame:
    pct = f"{cfg.level:.0%}"
    adj = {"none": "不作多重比较校正", "holm": "Holm 法校正", "fdr_bh": "Benjamini–Hochberg 法控制错误发现率（FDR）"}[cfg.p_adjust]
    rule_text = "；".join(
        f"{r['label']}：{r['items']}个层级中至少有{r['required']}个" if r["level"] == COMPOSITE
        else f"{r['label']}：{r['items']}项中至少答{r['required']}项" for _, r in rules.iterrows()
    )
    if isinstance(cfg.item_weights, dict):
        iw = "用户给定的题目权重（层级内归一化）"
    elif cfg.item_weights == "importance":
        iw = "按关键驱动分析的相对权重（层级内归一化；权重由同一样本估计，区间未计入其不确定性）"
    else:
        iw = "层级内各题等权"
    rows = [
        ("评分方案", f"{scheme}（依次对应{'、'.join(answers)}；"
                 f"{SCHEME_NAMES[cfg.scheme].format(step=100 / len(answers), lin=100 / (len(answers) - 1)) if isinstance(cfg.scheme, str) else '自定义分值'}）"),
        # every scale the items use is stated: a 5-point and a 7-point item count different answers
        ("满意率", "；".join(box_rule(a, cfg, top=True) for a in scales or [answers]) + "的加权比例"),
        ("不满意率", "；".join(box_rule(a, cfg, top=False) for a in scales or [answers]) + "的加权比例"),
        ("特殊回答", "“不了解/不适用”及量表外取值视为缺失，不计入该题分母；另报知晓/适用率"),
        ("加权", "按加权环节的校准权数估计" if weighted else "未加权（无加权结果），按区分层"),
        ("题目权重", iw),
        ("层级权重", "各层级等权" if cfg.level_weights == "equal" else "用户给定的层级权重"),
        ("最少作答规则", f"受访者在某层级有效作答题数不少于该层级题数的 {cfg.min_share:.0%}（向上取整，且不少于 {cfg.min_count} 项）才计算其层级指数；"
                      f"综合指数对层级同样适用。{rule_text}"),
        ("置信区间", f"{pct}置信区间；得分用泰勒线性化标准误，比率用 logit 区间（设计自由度）"),
        ("与全市比较", f"区或群体减全市之差的设计检验（t 检验）：对差值整体线性化，计入区是全市一部分带来的协方差；"
                    f"显著性水平 {cfg.alpha:g}，{adj}（每个指标 × 分组变量为一族）；样本量少于 {cfg.min_domain_n} 的组不标记"),
        ("组间差异", "同一分组变量各组得分相等的 Wald F 检验（设计自由度）"),
        ("信度", f"各层级 Cronbach's α（未加权，{ '成对删除' if cfg.reliability_missing == 'pairwise' else '列表删除'}缺失），Feldt 区间，删除该题后的 α"),
    ]
    if driver_info.get("skipped"):
        rows.append(("关键驱动因素", DRIVERS_SKIPPED_ZH[driver_info["skipped"]]))
    if driver_info.get("left_out"):
        rows.append(("驱动分析未纳入的题目", "、".join(labels.get(i, i) for i in driver_info["left_out"])
                     + f"（有效回答少于 {cfg.min_domain_n} 份或回答全部相同，无法估计其重要性）"))
    if "items" in driver_info:
        info = driver_info["items"]
        rows.append(("关键驱动因素", f"以“{labels.get(overall, overall)}”得分为因变量、各题得分为自变量的加权最小二乘回归（设计标准误），"
                               f"n = {info['n']}，R² = {info['r2']:.3f}；缺答题目"
                               + ("以该受访者同层级已答题目均分填补" if cfg.drivers_missing == "impute" else "的受访者不参与（列表删除）")
                               + "；相对重要性用 Johnson 相对权重（层级指数模型另给 LMG/Shapley 分解）"))
        rows.append(("重要性—表现分析", ipa_rule(cfg.ipa_cut)))
    return pd.DataFrame(rows, columns=["aspect", "rule"])


def _charts(scores, item_district, ipa_table) -> dict[str, Later]:
    """The stage's charts, drawn later (on a background process while the next stages run)."""
    from ..plotting import chart_png

    files = {
        "charts/item_scores.png": Later(chart_png, (ch.item_scores_chart, scores)),
        "charts/district_indices.png": Later(chart_png, (ch.district_index_chart, scores)),
        "charts/groups.png": Later(chart_png, (ch.group_chart, scores)),
    }
    if item_district["district"].nunique() > 1:
        files["charts/district_heatmap.png"] = Later(chart_png, (ch.district_heatmap, item_district))
    if not ipa_table.empty:
        files["charts/ipa.png"] = Later(chart_png, (ch.ipa_chart, ipa_table))
    return files


def _summary(scores, reliab, drivers, driver_info, ipa_table, cfg, scheme, weighted, rules) -> dict:
    city = scores[(scores["domain_var"] == "city") & (scores["measure"] == "score")]
    idx = city[city["kind"] != "item"]
    flagged = scores[scores["significant"] & (scores["measure"] == "score")]
    out = {
        "scheme": scheme,
        "weighted": weighted,
        "items": int((city["kind"] == "item").sum()),
        "indices": {r["label"]: [round(float(r["estimate"]), 2), round(float(r["ci_low"]), 2), round(float(r["ci_high"]), 2)]
                    for _, r in idx.iterrows()},
        "min_items_rule": {r["level"]: int(r["required"]) for _, r in rules.iterrows()},
        "flagged_scores": int(len(flagged)),
        "flagged_by_domain_var": {k: int(v) for k, v in flagged.groupby("domain_var").size().items()},
        "alpha": {lv: round(float(g["alpha"].iloc[0]), 3) for lv, g in reliab.groupby("level", sort=False)},
        "p_adjust": cfg.p_adjust,
    }
    if driver_info.get("skipped"):
        out["drivers_skipped"] = driver_info["skipped"]
    if "items" in driver_info:
        items = drivers[drivers["model"] == "items"].sort_values("rank")
        out["drivers_r2"] = round(driver_info["items"]["r2"], 4)
        out["top_drivers"] = items["predictor"].head(5).tolist()
        city_ipa = ipa_table[ipa_table["domain_var"] == "city"]
        out["priority_items"] = city_ipa.loc[city_ipa["quadrant"] == "优先改进区", "item"].tolist()
    return out
