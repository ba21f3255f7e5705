"""Minimum-cell suppression: a domain of too few respondents is not published.

The project's standard: "tiny cells are suppressed where a respondent could be identified".
A statistical office's disclosure-control rule does it this way, and so does this module,
the one place the rule lives:

- one threshold, ``privacy.min_cell`` in study.yaml (default 5 unweighted respondents: a common
  practice (EST), not a law; 0 or 1 turns the rule off);
- a row of a shared table about a domain (a district, a group, a street) is *suppressed* when its
  unweighted count is below the threshold: the count the row is based on (``n``, and
  ``n_previous`` for a change between waves) or, for a table without one, the number of the
  study's respondents in the domain. Its estimate, SE, interval and every count or share that
  could reveal an answer are blanked; ``cell_status`` says ``suppressed`` (样本过少不发布 in the
  workbooks) and ``cell_reason`` why. The whole-city row is never suppressed;
- a distribution within a tiny domain (topic mentions, answer status, keywords, quotes) is
  suppressed as a whole: every row of that domain;
- a count of 0 reveals no one's answer and is not suppressed;
- per-respondent redacted suggestions (text/suggestions.csv) of a tiny district's respondents lose
  their district and id (the weights table links ids to districts), and a repeated answer does not
  name a tiny district among its sources (text/floods.csv);
- counts of respondents by category (the sample profile, weighting margins) are not answers
  and stay published: they describe who was interviewed, which the weighting must show;
- the small-area stage's own publication rule (direct / model / suppressed) decides for a street
  of at least ``min_cell`` respondents; a street of fewer is suppressed whatever it says (its model
  estimate still carries their answers), and a street of a district too small to publish does not
  show that district's estimate.

Which tables the rule covers, and how each names its domain, its counts and its values, is
:data:`CELLS` below. The pipeline applies :meth:`CellRule.apply` to every stage's tables when
the stage returns (before a later stage reads them and before they are written as CSV and
workbook), so a suppressed domain is not diagnosed, compared, ranked or shown in the report;
a stage drawing charts draws only :meth:`CellRule.published` rows. The full values are never
written (only a stage's in-memory ``value`` keeps them, for the Python API).

>>> import pandas as pd
>>> from citysurvey.privacy import CellRule
>>> rule = CellRule(min_cell=5)
>>> t = pd.DataFrame({"variable": ["q1"] * 3, "district": ["全市", "甲区", "乙区"], "estimate": [0.6, 0.7, 0.2],
...                   "se": [0.01, 0.02, 0.2], "n": [43, 40, 3]})
>>> print(rule.apply("estimation/estimates", t)[["district", "estimate", "n", "cell_status"]].to_string(index=False))
district  estimate    n cell_status
      全市       0.6 43.0   published
      甲区       0.7 40.0   published
      乙区       NaN  NaN  suppressed
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from pydantic import BaseModel, ConfigDict, Field

from .lazy import lazy_module
from .schemas import CITY_AREA

pd = lazy_module("pandas")
np = lazy_module("numpy")

STATUS = "cell_status"
REASON = "cell_reason"
PUBLISHED, SUPPRESSED = "published", "suppressed"
STATUS_ZH = {PUBLISHED: "发布", SUPPRESSED: "样本过少不发布"}
#: the workbook's headers and value names of the two columns the rule adds
HEADERS_ZH = {STATUS: "发布状态", REASON: "不发布原因"}
WORKBOOK_VALUES = {STATUS: STATUS_ZH}
DEFAULT_MIN_CELL = 5


def rule_on(min_cell: int) -> bool:
    """Whether a threshold suppresses anything: 0 and 1 turn the rule off."""
    return min_cell > 1


class PrivacyConfig(BaseModel):
    """The ``privacy:`` section of study.yaml.

    ``min_cell``: a domain (district, group, street …) whose estimate rests on fewer unweighted
    respondents than this is not published in any shared output. Default 5: a common practice of
    statistical offices (EST), not a law; raise it when a domain's respondents could be known
    (e.g. 10), set 0 or 1 to turn the rule off.

    >>> from citysurvey.privacy import PrivacyConfig
    >>> PrivacyConfig().min_cell, PrivacyConfig(min_cell=10).active, PrivacyConfig(min_cell=1).active
    (5, True, False)
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    #: a domain (district, group …) of fewer unweighted respondents is not published in any shared output
    #: (estimates, SEs, intervals, counts and shares blanked, marked 样本过少不发布); default 5 is a common
    #: practice (EST), not a law; 0 or 1 turns the rule off
    min_cell: int = Field(default=DEFAULT_MIN_CELL, ge=0, le=1000, strict=True)

    @property
    def active(self) -> bool:
        return rule_on(self.min_cell)


@dataclass(frozen=True)
class Cells:
    """How one table names its domains, the counts the rule reads and the values it blanks.

    ``domain`` is the column holding the domain's value (甲区, 60岁及以上 …); ``var`` the column
    naming the domain's variable (``domain_var``), or None when the domain is always a district
    (the study's district variable). ``counts``: columns of unweighted counts; empty → the
    number of the study's respondents in the domain. ``values`` are blanked, ``flags`` set to
    False. ``whole`` names values of ``var`` whose rows are about everyone, not a domain (the
    keywords of a topic across the city), like the whole-city rows.
    """

    domain: str
    values: tuple[str, ...]
    var: str | None = None
    counts: tuple[str, ...] = ("n",)
    flags: tuple[str, ...] = ()
    whole: tuple[str, ...] = ()


def _c(domain: str, values: str, *, var: str | None = None, counts: str = "n", flags: str = "",
       whole: str = "") -> Cells:
    return Cells(domain, tuple(values.split()), var, tuple(counts.split()), tuple(flags.split()), tuple(whole.split()))


EST = "estimate se ci_low ci_high"
#: stage/table → its cells; a table not listed here holds no domain-level answers (or is restricted)
CELLS: dict[str, "Cells | tuple[Cells, ...]"] = {
    "estimation/estimates": _c("district", f"{EST} n deff"),
    "scoring/scores": _c("domain", f"{EST} n deff diff diff_se diff_ci_low diff_ci_high p_value p_adjusted flag",
                         var="domain_var", flags="significant"),
    "scoring/item_district": _c(
        "district", "n score score_se score_ci_low score_ci_high satisfied_rate satisfied_ci_low satisfied_ci_high "
        "dissatisfied_rate dissatisfied_ci_low dissatisfied_ci_high valid_rate score_diff score_p score_flag "
        "satisfied_diff satisfied_p satisfied_flag quadrant"),
    "scoring/awareness": _c("domain", f"{EST} n", var="domain_var"),
    "scoring/ipa": _c("domain", "performance performance_cut quadrant", var="domain_var", counts=""),
    "text/answer_status": _c("district", "n share", counts=""),
    "text/topic_shares": _c("district", f"{EST} n n_mention deff"),
    "text/topic_shares_by_group": _c("category", f"{EST} n n_mention deff", var="variable"),
    "text/keywords": _c("group", "keyword score n_answers group_answers", var="group_variable",
                        counts="group_answers", whole="topic"),
    "text/quotes": _c("district", "quote n_same", counts=""),
    "waves/changes": _c("domain", "estimate_previous se_previous n_previous estimate se n diff diff_se diff_ci_low "
                                  "diff_ci_high z p_value p_adjusted change change_zh", var="domain_var",
                        counts="n n_previous", flags="significant"),
    "waves/trends": _c("domain", f"{EST} n", var="domain_var"),
    # per respondent (redacted answers): a respondent of a domain too small to publish is not linked to it,
    # neither by the domain nor by the id (which the weights table links to the district)
    "text/suggestions": _c("{district}", "{district} {id}", counts=""),
    # a street or community of too few respondents: its direct and its model estimate (the EBLUP still carries
    # their answers, with weight γ); a street of a district too small to publish: that district's estimate
    "smallarea/estimates": (_c("area", f"{EST} cv direct direct_se direct_cv sampling_variance eblup eblup_rmse "
                                       "benchmarked benchmarked_rmse model_cv n n_eff published published_zh",
                               var="area_var"),
                            _c("district", "district_estimate", counts="")),
    "smallarea/street_table": (_c("area", f"{EST} cv n n_eff published published_zh", var="area_var"),
                               _c("district", "district_estimate", counts="")),
    "waves/followup": _c("area", "score_previous score score_diff score_diff_ci_low score_diff_ci_high "
                                 "score_p_adjusted score_change", counts=""),
}

#: Shared tables that have a domain column but are not in :data:`CELLS`, and why their rows need no suppression (a
#: test runs a study and fails on a table with a domain column that is in neither: each new table is a decision).
NOT_COVERED: dict[str, str] = {
    "sampling/sample_profile": "counts of respondents by category: who was interviewed, not what anyone answered",
    "sampling/quota_districts": "the quota plan: targets and counts of interviews",
    "sampling/quota_outside": "interviews outside the quota plan: counts",
    "sampling/quota_status": "quota fulfilment: counts of interviews",
    "weighting/diagnostics": "weights' design effects and counts by district: who was interviewed",
    "weighting/weights": "a weight per respondent: no answer (the answers with an id are suppressed by district)",
    "diagnosis/advantages": "reads the published rows of scoring and text only",
    "diagnosis/shortcomings": "reads the published rows of scoring and text only",
    "diagnosis/city_diseases": "reads the published rows of scoring and text only",
    "diagnosis/risk_notices": "reads the published rows of scoring and text only",
    "diagnosis/diagnosis": "reads the published rows of scoring and text only",
    "diagnosis/subjective_only": "reads the published rows of scoring and text only",
    "diagnosis/action_plan": "reads the published rows of scoring and text only",
    "diagnosis/project_library": "reads the published rows of scoring and text only",
    "diagnosis/streets": "reads the small-area stage's published streets only",
    "indicators/indicator_grades": "objective indicators: no respondent's answer",
    "indicators/indicator_comparison": "objective indicators: no respondent's answer",
    "indicators/indicator_trends": "objective indicators: no respondent's answer",
    "indicators/level_grades": "objective indicators: no respondent's answer",
}
#: The columns that name a domain in the stages' tables (besides the study's own district variable).
DOMAIN_COLUMNS = frozenset(("district", "domain", "area", "category", "group"))


@dataclass(frozen=True)
class CellRule:
    """The threshold and the study's domain sizes: what :meth:`apply` needs for any table.

    ``sizes`` maps (variable, value) → respondents; ``district`` is the study's district variable and
    ``respondent_id`` its id (a table of :data:`CELLS` names them ``{district}`` and ``{id}``).
    """

    min_cell: int = DEFAULT_MIN_CELL
    sizes: Mapping[tuple[str, str], int] = field(default_factory=dict)
    district: str | None = None
    respondent_id: str | None = None

    @property
    def active(self) -> bool:
        return rule_on(self.min_cell)

    @classmethod
    def of(cls, config, study) -> "CellRule":
        """The rule of a study: its config's ``privacy.min_cell``, its respondents' domain sizes."""
        min_cell = study_min_cell(config)
        codebook = getattr(study, "codebook", None)
        district = getattr(codebook, "district", None)
        ids = getattr(codebook, "respondent_id", None)
        if not rule_on(min_cell) or study is None:
            return cls(min_cell, {}, district, ids)
        responses = study.responses
        names = set(codebook.names(type="categorical")) | {district} if codebook is not None else set()
        sizes: dict[tuple[str, str], int] = {}
        for var in sorted(n for n in names if n and n in responses.columns):
            for value, count in responses[var].value_counts().items():  # counted first: a million rows
                sizes[(var, str(value))] = int(count)
        return cls(min_cell, sizes, district, ids)

    def suppressed(self, relpath: str, table: "pd.DataFrame") -> "np.ndarray":
        """Rows of `table` (``stage/table``) the rule suppresses (all False for a table it does not cover)."""
        out = np.zeros(len(table), dtype=bool)
        specs = self._specs(relpath, table)
        if specs and STATUS in table.columns:  # suppressed already (the rule is applied once more when written)
            out |= np.array(table[STATUS] == SUPPRESSED, dtype=bool)
        for cells in specs:
            out |= self._mask(cells, table)
        return out

    def _mask(self, cells: Cells, table: "pd.DataFrame") -> "np.ndarray":
        """Rows whose domain (by `cells`) is too small: a count below the threshold (a count of 0 reveals
        nothing and an estimate of no one is blank already), or, without counts, the domain's respondents."""
        counts = [c for c in cells.counts if c in table.columns]
        small = {f"{k}\x00{d}" for (k, d), size in self.sizes.items() if size < self.min_cell}
        if not counts and not small:  # most studies have no tiny domain: a per-respondent table is not read
            return np.zeros(len(table), dtype=bool)
        domain = table[cells.domain].astype(str)
        var = table[cells.var].astype(str) if cells.var and cells.var in table.columns else None
        city = np.array(domain == CITY_AREA, dtype=bool)
        if var is not None:
            city |= np.array(var.isin(["city", "nan", "", *cells.whole]), dtype=bool)
        out = np.zeros(len(table), dtype=bool)
        if counts:
            for col in counts:
                v = pd.to_numeric(table[col], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
                with np.errstate(invalid="ignore"):
                    out |= (v > 0) & (v < self.min_cell)
        else:
            names = self._vars(var, table)
            out |= np.array((names.astype(str) + "\x00" + domain).isin(small), dtype=bool)
        return out & ~city

    def apply(self, relpath: str, table: "pd.DataFrame") -> "pd.DataFrame":
        """`table` with its suppressed rows blanked and the status and reason columns (a table the rule
        does not cover, or an inactive rule: `table` itself)."""
        specs = self._specs(relpath, table)
        if not specs:
            return table
        out = table.copy()
        done = np.array(table[STATUS] == SUPPRESSED, dtype=bool) if STATUS in table.columns else np.zeros(len(table), bool)
        for cells in specs:
            mask = self._mask(cells, table)
            done |= mask
            if not mask.any():
                continue
            for col in cells.values:
                if col in out.columns:
                    if out[col].dtype.kind in "biu":
                        out[col] = out[col].astype(float)
                    elif out[col].dtype.kind not in "f":
                        out[col] = out[col].astype(object)
                    out.loc[mask, col] = np.nan
            for col in cells.flags:
                if col in out.columns:
                    out.loc[mask, col] = False
        pick = done.astype(np.intp)  # object arrays at once: a million rows' strings in milliseconds
        out[STATUS] = np.array([PUBLISHED, SUPPRESSED], dtype=object)[pick]
        out[REASON] = np.array(["", self.reason_zh()], dtype=object)[pick]
        return out

    def published(self, relpath: str, table: "pd.DataFrame") -> "pd.DataFrame":
        """The rows of `table` the rule publishes: what a chart, a ranking or a comparison may use."""
        mask = self.suppressed(relpath, table)
        return table[~mask] if mask.any() else table

    def _specs(self, relpath: str, table: "pd.DataFrame") -> list[Cells]:
        """The table's :class:`Cells` that apply to it (``{district}`` and ``{id}`` read as this study's
        column names); none when the rule is off or the table is not covered."""
        spec = CELLS.get(relpath.removesuffix(".csv"))
        if spec is None or not self.active or table.empty:
            return []
        names = {"{district}": self.district or "", "{id}": self.respondent_id or ""}
        out = []
        for cells in (spec if isinstance(spec, tuple) else (spec,)):
            cells = replace(cells, domain=names.get(cells.domain, cells.domain),
                            values=tuple(names.get(c, c) for c in cells.values))
            if cells.domain in table.columns:
                out.append(cells)
        return out

    def too_small(self, var: str, value) -> bool:
        """Whether the study's domain ``var = value`` has fewer respondents than the threshold."""
        return self.active and 0 <= self.sizes.get((var, str(value)), -1) < self.min_cell

    def domains(self, relpath: str, table: "pd.DataFrame") -> set[str]:
        """The domains (``variable=value``) with a suppressed row in `table`."""
        out = set()
        for cells in self._specs(relpath, table):
            mask = self._mask(cells, table)
            var = table[cells.var].astype(str) if cells.var and cells.var in table.columns else None
            names = self._vars(var, table)[mask]
            out |= {f"{k}={d}" for k, d in zip(names, table.loc[mask, cells.domain].astype(str))}
        return out

    def _vars(self, var: "pd.Series | None", table: "pd.DataFrame") -> "pd.Series":
        """The study's variable of each row's domain: the ``var`` column, whose ``district`` (the tables' own
        name for the district domain) is the study's district variable; the district without one."""
        if var is None:
            return pd.Series(self.district or "", index=table.index)
        return var.replace({"district": self.district}) if self.district else var

    def reason_zh(self) -> str:
        return f"未加权样本量少于 {self.min_cell}（最小发布单元，privacy.min_cell）"

    def apply_all(self, stage: str, tables: Mapping[str, "pd.DataFrame"]) -> tuple[dict, dict[str, int]]:
        """Every table of a stage through :meth:`apply`; also the suppressed rows' count by table."""
        out, counts = {}, {}
        for name, table in tables.items():
            out[name] = self.apply(f"{stage}/{name}", table)
            if out[name] is not table and (k := int((out[name][STATUS] == SUPPRESSED).sum())):
                counts[name] = k
        return out, counts


def cell_rule(ctx) -> CellRule:
    """The run's rule (:attr:`RunContext.cells`, set by the pipeline; made from the config and data otherwise)."""
    rule = getattr(ctx, "cells", None)
    return rule if rule is not None else CellRule.of(ctx.config, ctx.study)


def study_min_cell(config) -> int:
    """The study's threshold (the default when the config has no ``privacy:`` section)."""
    section = getattr(config, "privacy", None)
    return int(getattr(section, "min_cell", DEFAULT_MIN_CELL))


def published_rows(table: "pd.DataFrame") -> "pd.DataFrame":
    """The rows of a table the rule has been applied to (``cell_status``) that are published: what a reader
    of written outputs (the report, a later wave) may show, rank or compare."""
    if STATUS not in table.columns:
        return table
    keep = table[STATUS].astype(str) != SUPPRESSED
    return table if keep.all() else table[keep].reset_index(drop=True)


def note_zh(min_cell: int, n_domains: int) -> str:
    """The report's one sentence on the rule (never naming a suppressed domain's values)."""
    if not rule_on(min_cell):
        return ""
    if n_domains == 0:
        return (f"按最小发布单元规则，未加权样本量少于 {min_cell} 人的分组不发布估计值，以免识别出个别受访者；"
                f"本次调查各分组的样本量均达到这一要求，全部发布。")
    return (f"按最小发布单元规则，未加权样本量少于 {min_cell} 人的分组不发布估计值，以免识别出个别受访者；"
            f"本次调查有 {n_domains} 个分组样本过少、不发布（表中标注“样本过少不发布”），也不参与排名、诊断与比较。")


__all__ = ["PrivacyConfig", "CellRule", "Cells", "CELLS", "study_min_cell", "note_zh",
           "run_note_zh", "publishable", "published_rows", "cell_rule",
           "STATUS", "REASON", "PUBLISHED", "SUPPRESSED", "STATUS_ZH", "HEADERS_ZH", "WORKBOOK_VALUES"]


def publishable(result, rule: CellRule):
    """A stage's result with the rule applied to its tables (the pipeline's one call, when the stage
    returns); the summary gains ``suppressed_rows`` by table when the rule suppressed any."""
    tables, counts = rule.apply_all(result.name, result.tables)
    if not counts and all(tables[k] is result.tables[k] for k in tables):
        return result
    summary = result.summary
    if counts:
        # read from the tables as the stage returned them: the rule may blank a domain column itself
        domains = set().union(*(rule.domains(f"{result.name}/{k}", result.tables[k]) for k in counts))
        summary = summary | {"suppressed_rows": counts, "suppressed_domains": sorted(domains)}
    return replace(result, tables=tables, summary=summary)


def run_note_zh(manifest: dict) -> str:
    """The report's sentence for a run (its manifest): the threshold and how many domains it suppressed."""
    min_cell = int(((manifest.get("config") or {}).get("privacy") or {}).get("min_cell", DEFAULT_MIN_CELL))
    domains = set()
    for stage in manifest.get("stages") or []:
        domains |= set((stage.get("summary") or {}).get("suppressed_domains") or [])
    return note_zh(min_cell, len(domains))
