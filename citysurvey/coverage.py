"""What a study has, and what it lacks: the report names each missing piece once.

A study need not have a district question, an overall item, an open question,
population margins or objective indicators; the run adapts (a stage skips the
part it cannot do) and :func:`study_gaps` lists what was left out, in the words
the report prints. The pipeline writes the list to ``manifest.json`` under
``absent``; the report's method section states each entry, and each chapter that
is concerned states its own.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

from .codebook import LEVELS, Codebook


@dataclass(frozen=True)
class Gap:
    key: str  # district | overall | text | margins | indicators | levels | income | streets | waves | stage:<name>
    zh: str
    en: str


GAPS: dict[str, Gap] = {g.key: g for g in (
    Gap("district", "本次调查未设置所在区（区县）题，不作分区比较，也不出分区报告。",
        "the survey has no district question: no district comparisons and no district reports."),
    Gap("overall", "本次调查未设置总体满意度题，关键驱动因素分析与重要性—表现分析从略。",
        "the survey has no overall satisfaction item: key drivers and IPA are left out."),
    Gap("text", "本次调查未设置开放式意见建议题，意见建议文本分析从略。",
        "the survey has no open suggestion question: the text analysis is left out."),
    Gap("margins", "未提供人口控制数（inputs.margins），结果未加权，样本构成未与总体比较。",
        "no population margins (inputs.margins): results are unweighted and the sample is not compared with the population."),
    Gap("indicators", "未提供城市体检指标数据（inputs.indicators），客观指标评价从略，诊断只依据居民评价。",
        "no objective indicators (inputs.indicators): their grading is left out and the diagnosis rests on residents' views."),
    Gap("levels", "满意度题均未标注层级（住房、小区（社区）、街区、城区（城市）），未计算分层指数与综合指数。",
        "no Likert item has a level: no level or composite indices."),
    Gap("demographics", "本次调查未设置人口特征题（编码本中无 role: demographic 的变量），不报告样本构成。",
        "the survey has no demographic question (no role: demographic in the codebook): no sample profile."),
    Gap("income", "本次调查未询问家庭收入，样本构成、加权与分组比较均不含收入。",
        "the survey has no income question: profile, weighting and group comparisons leave income out."),
    Gap("streets", "本次调查未设置所在街道题（编码本中无 role: street 的变量），不作街道层面的估计、排名与诊断。",
        "the survey has no street question (no role: street in the codebook): no street estimates, ranking or diagnosis."),
    Gap("waves", "本研究未指定上期调查结果（waves.previous），不作与上期的比较，也不评估上年问题整改成效。",
        "no earlier wave is named (waves.previous): no change since the previous wave and no follow-up of its problems."),
)}


def _has_income(codebook: Codebook) -> bool:
    return any("收入" in (v.label or "") or "income" in n.lower()
               for n, v in codebook.variables.items() if v.type == "categorical")


def study_gaps(codebook: Codebook, *, overall_item: str | None = None, text_column: str | None = None,
               has_margins: bool = True, has_indicators: bool = True, has_previous_wave: bool = True,
               disabled: dict[str, str] | None = None) -> list[Gap]:
    """Every piece the study lacks, in the order the report states them.

    ``disabled`` maps stages switched off in the config to their Chinese titles.
    """
    gaps = []
    if codebook.district is None:
        gaps.append(GAPS["district"])
    if overall_item is None and not codebook.names(type="likert", role="overall"):
        gaps.append(GAPS["overall"])
    if text_column is None and not codebook.names(role="suggestion"):
        gaps.append(GAPS["text"])
    if not has_margins:
        gaps.append(GAPS["margins"])
    if not has_indicators:
        gaps.append(GAPS["indicators"])
    if codebook.items and not any(codebook.variables[i].level in LEVELS for i in codebook.items):
        gaps.append(GAPS["levels"])
    if not codebook.names(role="demographic"):
        gaps.append(GAPS["demographics"])
    if not _has_income(codebook):
        gaps.append(GAPS["income"])
    if codebook.district is not None and not codebook.names(role="street"):
        gaps.append(GAPS["streets"])  # without a district there are no streets below it either: "district" says it
    if not has_previous_wave:
        gaps.append(GAPS["waves"])
    for name, title in (disabled or {}).items():
        gaps.append(Gap(f"stage:{name}", f"本次未开展“{title}”环节（研究配置中 {name}.enabled 为 false）。",
                        f"the {name} stage was switched off ({name}.enabled: false)."))
    return gaps


def gaps_for_manifest(gaps: list[Gap]) -> list[dict]:
    return [asdict(g) for g in gaps]
