"""The tables a stage hands to the report and the diagnosis: what each must hold.

One definition, checked twice: when the stage returns its result (the pipeline,
so a stage that drops a column or writes a share above 1 fails at once, naming
the table and the column) and when the report reads a finished output folder
(which may come from another version, or have been edited by hand). Only what
readers rely on is listed; a stage may add other columns.

A :class:`Schema` says which columns a table must have, which it may have
(a study without districts, without an overall item …), which hold numbers or
true/false flags, the key that identifies a row, the range of values that make
sense (shares in [0, 1], counts ≥ 0) and the columns that must be ordered in
every row (``ci_low ≤ estimate ≤ ci_high``). ``empty=False`` says a written
table must have rows; every other table may legitimately be empty.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from .errors import Problem, StageError
from .lazy import lazy_module

np = lazy_module("numpy")
pd = lazy_module("pandas")

#: the area of the whole-city rows of every by-area table (the districts' rows carry their own names)
CITY_AREA = "全市"
INF = math.inf
SHARE = (0.0, 1.0)  # shares, rates, p-values
PCT = (0.0, 100.0)  # scores on the 0–100 scale, percentages
COUNT = (0.0, INF)  # counts, SEs, weights, deff


@dataclass(frozen=True)
class Schema:
    """What one table must hold; see the module docstring."""

    columns: tuple[str, ...]
    optional: tuple[str, ...] = ()
    numeric: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    key: tuple[str, ...] = ()
    ranges: dict[str, tuple[float, float]] = field(default_factory=dict)
    ordered: tuple[tuple[str, ...], ...] = ()
    empty: bool = True

    def numbers(self) -> tuple[str, ...]:
        """The columns that must hold numbers: those declared numeric and those with a range."""
        return tuple(dict.fromkeys((*self.numeric, *self.ranges)))


def _s(columns: str, optional: str = "", *, num: str = "", flags: str = "", key: str = "",
       ranges: dict | None = None, ordered: tuple[str, ...] = (), empty: bool = True) -> Schema:
    """A schema from space-separated column names (the table below reads as a list)."""
    return Schema(tuple(columns.split()), tuple(optional.split()), tuple(num.split()), tuple(flags.split()),
                  tuple(key.split()), dict(ranges or {}), tuple(tuple(o.split()) for o in ordered), empty)


def _r(spec: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """``{"a b": SHARE}`` → ``{"a": SHARE, "b": SHARE}``.

    An interval's bounds only have to be numbers: a normal-approximation interval of a small
    domain may cross the scale's ends (R's ``confint`` on ``svymean`` does too); their order
    against the estimate is checked by ``ordered``.
    """
    return {c: (-INF, INF) if ("ci_low" in c or "ci_high" in c) else rng
            for cols, rng in spec.items() for c in cols.split()}


CI = "ci_low estimate ci_high"  # every interval contains its estimate

SCHEMAS: dict[str, Schema] = {
    "data/cleaning_summary.csv": _s("status reason n", key="status reason", ranges=_r({"n": COUNT}), empty=False),
    "sampling/sample_profile.csv": _s(
        "district variable variable_label category n_sample share_sample population share_population diff_pp",
        num="population diff_pp", key="district variable category",
        ranges=_r({"n_sample population": COUNT, "share_sample share_population": SHARE}), empty=False),
    # the quota chapter (report/chapters/quota.py); written only when the study names a quota plan
    "sampling/quota_districts.csv": _s(
        "district target achieved remaining fill_rate cells_short cells_over", key="district",
        ranges=_r({"target achieved remaining fill_rate cells_short cells_over": COUNT})),
    "sampling/quota_status.csv": _s(
        "district margin type cell target min max achieved remaining fill_rate status", "hardest_rank",
        key="district margin cell", ranges=_r({"target min max achieved remaining fill_rate hardest_rank": COUNT}),
        ordered=("min max",)),
    "sampling/quota_outside.csv": _s("district"),
    # the weighting chapter (report/chapters/weighting.py)
    "weighting/weights.csv": _s("base_weight weight g", "district", ranges=_r({"base_weight weight g": COUNT}),
                                empty=False),
    "weighting/margins.csv": _s("margin cell n_sample target achieved rel_error", num="rel_error",
                                key="margin cell", ranges=_r({"n_sample target achieved": COUNT})),
    "weighting/diagnostics.csv": _s("n cv deff_kish n_eff", "district max_min_ratio share_weighted",
                                    key="district", ranges=_r({"n cv n_eff max_min_ratio": COUNT,
                                                               "deff_kish": (1.0, INF), "share_weighted": SHARE}),
                                    empty=False),
    "weighting/history.csv": _s("step description"),
    "weighting/trimming.csv": _s("when lower_cap upper_cap", "rounds", num="lower_cap upper_cap rounds",
                                 ordered=("lower_cap upper_cap",)),
    "estimation/estimates.csv": _s(
        "variable label item_level measure district estimate se ci_low ci_high n deff", num="estimate deff",
        key="variable measure district", ranges=_r({"se n": COUNT}), ordered=(CI,), empty=False),
    # the satisfaction chapter (report/chapters/satisfaction.py)
    "scoring/scores.csv": _s(
        "kind item label level measure domain_var domain estimate se ci_low ci_high n significant flag",
        "domain_var_label diff p_value scheme", num="estimate diff", flags="significant",
        key="kind item measure domain_var domain", ranges=_r({"se n": COUNT, "p_value": SHARE}),
        ordered=(CI,), empty=False),
    "scoring/method.csv": _s("aspect rule", key="aspect", empty=False),  # every chapter's method text quotes it
    "scoring/item_district.csv": _s(
        "item label level district n score score_ci_low score_ci_high satisfied_rate dissatisfied_rate valid_rate "
        "score_flag satisfied_flag quadrant", "importance scheme",
        key="item district",
        ranges=_r({"n importance": COUNT, "score score_ci_low score_ci_high": PCT,
                   "satisfied_rate dissatisfied_rate valid_rate": SHARE}),
        ordered=("score_ci_low score score_ci_high",)),
    # empty when the study has no overall-satisfaction item
    "scoring/drivers.csv": _s(
        "model predictor label level relative_weight relative_weight_pct rank n r2",
        "ci_low ci_high p_value std_coef lmg_pct coef", num="std_coef coef",
        key="model predictor", ranges=_r({"relative_weight r2 p_value": SHARE, "relative_weight_pct lmg_pct": PCT,
                                          "rank n": COUNT}),
        ordered=("ci_low coef ci_high",)),
    "scoring/group_tests.csv": _s("item label kind domain_var p_value significant", "domain_var_label",
                                  flags="significant", key="item kind domain_var", ranges=_r({"p_value": SHARE})),
    "scoring/index_rules.csv": _s("label level items", "index", key="label", ranges=_r({"items": COUNT})),
    "scoring/ipa.csv": _s("domain_var domain item label level importance performance quadrant",
                          key="domain_var domain item", ranges=_r({"importance": COUNT, "performance": PCT})),
    "scoring/reliability.csv": _s("level item label alpha alpha_ci_low alpha_ci_high raises_alpha n k",
                                  num="alpha alpha_ci_low alpha_ci_high", flags="raises_alpha", key="level item",
                                  ranges=_r({"alpha alpha_ci_low alpha_ci_high": (-INF, 1.0), "n k": COUNT}),
                                  ordered=("alpha_ci_low alpha_ci_high",)),
    # the previous wave's composite, when an older run left it (report/chapters/summary.py)
    "scoring/previous_wave.csv": _s("item domain estimate", "wave", num="estimate"),
    # the text chapter (report/chapters/text.py); absent when the study asks no open question
    "text/answer_status.csv": _s("district status status_zh n share", key="district status",
                                 ranges=_r({"n": COUNT, "share": SHARE})),
    "text/topic_shares.csv": _s(
        "district topic estimate ci_low ci_high", "base measure label level n n_mention se",
        key="district base topic measure", ranges=_r({"estimate ci_low ci_high": SHARE, "n n_mention se": COUNT}),
        ordered=(CI,)),
    "text/topic_shares_by_group.csv": _s(
        "variable category topic estimate ci_low ci_high", "base measure label level n n_mention se",
        key="variable category base topic measure",
        ranges=_r({"estimate ci_low ci_high": SHARE, "n n_mention se": COUNT}), ordered=(CI,)),
    "text/keywords.csv": _s("group method rank keyword n_answers", "group_variable",
                            # by rank: the keywords of a domain too small to publish are blanked (privacy.py)
                            key="group_variable group method rank", ranges=_r({"rank n_answers": COUNT})),
    "text/themes.csv": _s("theme top_terms n_answers n_respondents examples", key="theme",
                          ranges=_r({"n_answers n_respondents": COUNT})),
    "text/quotes.csv": _s("district topic rank quote n_same", "label", key="district topic rank",
                          ranges=_r({"rank n_same": COUNT})),
    "text/floods.csv": _s("text_redacted n_respondents districts", key="text_redacted",
                          ranges=_r({"n_respondents": COUNT})),
    # the indicators chapter (report/chapters/indicators.py)
    "indicators/indicator_grades.csv": _s(
        "area year indicator_id name level unit value standard method grade warning",
        "rate safety_related", num="value standard rate", flags="safety_related", key="area year indicator_id"),
    "indicators/indicator_trends.csv": _s(
        "area year indicator_id name method value grade trend trend_zh", "previous_year previous_value previous_grade",
        num="value previous_year previous_value", key="area year indicator_id"),
    "indicators/level_grades.csv": _s("area year scope level n_indicators composite grade", "element",
                                      key="area year scope level element",
                                      ranges=_r({"n_indicators": COUNT, "composite": PCT})),
    "indicators/grading_rules.csv": _s("scope method method_zh outcome condition"),
    # the diagnosis chapter (report/chapters/diagnosis.py) and the diagnosis stage's lists
    "diagnosis/diagnosis.csv": _s(
        "area indicator_id name grade diagnosis priority", "unit rule score ci_low ci_high threshold topic share "
        "city_share short_type responsible_department", key="area indicator_id",
        ranges=_r({"priority": COUNT, "share city_share": SHARE, "score ci_low ci_high": PCT}),
        ordered=("ci_low score ci_high",)),
    **{f"diagnosis/{name}.csv": _s(
        f"area indicator_id name {extra}", "score ci_low ci_high share city_share priority",
        key=key or "area indicator_id",
        ranges=_r({"priority": COUNT, "share city_share": SHARE, "score ci_low ci_high": PCT}),
        ordered=("ci_low score ci_high",))
       for name, extra, key in (("advantages", "", ""), ("shortcomings", "rank", ""),
                                ("city_diseases", "rank", ""), ("risk_notices", "rank notice_no", "notice_no"),
                                ("action_plan", "rank", ""))},
    "diagnosis/project_library.csv": _s("project_id project_name area indicator_id", key="project_id"),
    "diagnosis/notes.csv": _s("topic note"),
    "diagnosis/diagnosis_rules.csv": _s("rule outcome condition"),
    "diagnosis/subjective_only.csv": _s("item topic area score ci_low ci_high", key="item area",
                                        ranges=_r({"score ci_low ci_high": PCT}), ordered=("ci_low score ci_high",)),
    # the street chapter (report/chapters/streets.py); empty or absent for a study without streets
    "smallarea/street_table.csv": _s(
        "area_var area district district_estimate item label level kind measure estimate se ci_low ci_high n "
        "n_eff cv published published_zh", num="district_estimate estimate", key="area_var area item measure",
        ranges=_r({"se n n_eff cv": COUNT}), ordered=(CI,)),
    "diagnosis/streets.csv": _s(
        "area_var area district item item_label published score ci_low ci_high district_score subjective_status "
        "subjective_zh diagnosis is_shortcoming is_advantage evidence", flags="is_shortcoming is_advantage",
        key="area_var area item", ranges=_r({"score ci_low ci_high district_score": PCT}),
        ordered=("ci_low score ci_high",)),
    # the waves chapter (report/chapters/waves.py); written when the study names an earlier wave
    "waves/changes.csv": _s(
        "kind item label level measure domain_var domain year_previous estimate_previous year estimate diff "
        "diff_se significant change change_zh comparable", "diff_ci_low diff_ci_high",
        num="estimate_previous estimate diff year year_previous", flags="significant comparable",
        key="kind item measure domain_var domain", ranges=_r({"diff_se": COUNT}),
        ordered=("diff_ci_low diff diff_ci_high",)),
    "waves/followup.csv": _s(
        "area indicator_id name list_previous item_label grade_previous score_previous grade score diagnosis_now "
        "status status_zh evidence", "item year_previous year score_diff score_diff_ci_low score_diff_ci_high",
        num="score_diff", key="area indicator_id",  # an indicator on both earlier lists is followed once
        ranges=_r({"score_previous score": PCT}), ordered=("score_diff_ci_low score_diff score_diff_ci_high",)),
    "waves/trends.csv": _s("year kind item label level measure domain_var domain estimate", "ci_low ci_high",
                           num="year estimate", key="year kind item measure domain_var domain", ordered=(CI,)),
}

#: the columns each table must have (what the report's readers rely on by name)
TABLES: dict[str, tuple[str, ...]] = {rel: s.columns for rel, s in SCHEMAS.items()}


def missing_columns(relpath: str, columns) -> list[str]:
    return [c for c in TABLES.get(relpath, ()) if c not in set(columns)]


_TRUE_FALSE = {True, False, "True", "False", "true", "false", 1, 0}


def _row(frame: pd.DataFrame, mask) -> int:
    """The first offending row as the user sees it in the CSV (header = row 1); `mask` a Series or array."""
    return int(np.asarray(mask).nonzero()[0][0]) + 2


def table_problems(relpath: str, frame: pd.DataFrame, *, name: str | None = None, file: str | None = None,
                   lead: tuple[str, str] = ("", ""), hint: tuple[str, str] = ("", "")) -> list[Problem]:
    """Everything wrong with `frame` against the schema of `relpath` (none: no problems).

    `name` is how the message calls the table (the stage's table name at hand-off),
    `file` where it is (the output path when read); `lead` (zh, en) opens each message,
    `hint` (zh, en) says what to do.
    """
    schema = SCHEMAS.get(relpath)
    if schema is None:
        return []
    name = name or relpath
    file = file or relpath
    hint_zh, hint_en = hint

    def problem(zh: str, en: str, **where) -> Problem:
        return Problem(zh=f"{lead[0]}表「{name}」{zh}", en=f"{lead[1]}table {name!r} {en}", file=file, hint_zh=hint_zh,
                       hint_en=hint_en, **where)

    missing = [c for c in schema.columns if c not in frame.columns]
    if missing:
        return [problem(f"缺少列：{'、'.join(missing)}。", f"lacks the columns: {', '.join(missing)}.",
                        column=missing[0])]
    out: list[Problem] = []
    if frame.empty:
        if not schema.empty:
            out.append(problem("没有任何数据行，此表不应为空。", "has no rows; this table may not be empty."))
        return out
    present = set(frame.columns)
    # numbers as float arrays: the same tests on pandas Series cost a report process a third of a second
    # over its few dozen tables, each operation's overhead many times its work
    values: dict[str, np.ndarray] = {}
    for col in schema.numbers():
        if col not in present:
            continue
        raw = frame[col]
        if raw.dtype.kind in "biuf":  # read as numbers (or flags) already: nothing can fail to be one
            values[col] = raw.to_numpy(dtype=float, na_value=np.nan)
            continue
        num = pd.to_numeric(raw, errors="coerce")
        bad = raw.notna() & num.isna()
        if bad.any():
            i = _row(frame, bad)
            out.append(problem(f"的列「{col}」应为数值，有 {int(bad.sum())} 行不是。",
                               f"column {col!r} must hold numbers; {int(bad.sum())} rows do not.",
                               row=i, column=col, value=_plain(raw[bad].iloc[0])))
            continue
        values[col] = num.to_numpy(dtype=float, na_value=np.nan)
    for col in schema.flags:
        if col not in present:
            continue
        raw = frame[col]
        if raw.dtype.kind == "b":
            continue
        bad = raw.notna() & ~raw.map(lambda v: isinstance(v, (bool, np.bool_, int, np.integer, str)) and v in _TRUE_FALSE)
        if bad.any():
            out.append(problem(f"的列「{col}」应为 True/False，有 {int(bad.sum())} 行不是。",
                               f"column {col!r} must be True/False; {int(bad.sum())} rows are not.",
                               row=_row(frame, bad), column=col, value=_plain(raw[bad].iloc[0])))
    for col, (lo, hi) in schema.ranges.items():
        if col not in values:
            continue
        v = values[col]
        slack = 1e-9 * (1.0 + np.abs(v))
        with np.errstate(invalid="ignore"):  # inf - inf at an open end; a comparison with NaN is False
            bad = (v < lo - slack) | (v > hi + slack)
        if bad.any():
            span = f"[{_fmt(lo)}, {_fmt(hi)}]"
            out.append(problem(f"的列「{col}」有 {int(bad.sum())} 行超出允许范围 {span}。",
                               f"column {col!r} has {int(bad.sum())} rows outside {span}.",
                               row=_row(frame, bad), column=col, value=_plain(frame[col][bad].iloc[0])))
    for cols in schema.ordered:
        if not all(c in values for c in cols):
            continue
        bad = np.zeros(len(frame), dtype=bool)
        for a, b in zip(cols, cols[1:]):
            x, y = values[a], values[b]
            with np.errstate(invalid="ignore"):
                bad |= x > y + 1e-9 * (1.0 + np.abs(y))  # False where either is NaN
        if bad.any():
            chain = " ≤ ".join(cols)
            out.append(problem(f"有 {int(bad.sum())} 行不满足 {chain}（区间须包含其估计值）。",
                               f"has {int(bad.sum())} rows where {chain} does not hold.",
                               row=_row(frame, bad), column=cols[0],
                               value=" / ".join(str(frame[c][bad].iloc[0]) for c in cols)))
    key = [c for c in schema.key if c in present]  # an optional key column (district …) may be absent
    if key:
        dup = frame.duplicated(subset=key, keep="first")
        if dup.any():
            first = frame[dup].iloc[0]
            out.append(problem(f"的键（{'、'.join(key)}）有 {int(dup.sum())} 行重复，每行应唯一。",
                               f"has {int(dup.sum())} rows repeating the key ({', '.join(key)}); "
                               "each must be unique.",
                               row=_row(frame, dup), column=key[0],
                               value=" / ".join(str(first[c]) for c in key)))
    return out


def _plain(v):
    """A cell as the user would write it (1.3, not np.float64(1.3))."""
    return v.item() if hasattr(v, "item") else v


def _fmt(x: float) -> str:
    return "∞" if x == INF else "-∞" if x == -INF else f"{x:g}"


def check_handoff(stage: str, tables: dict[str, pd.DataFrame]) -> None:
    """Every table of a stage result against its schema; the error names the table, the column, what is wrong."""
    problems = []
    for name, frame in tables.items():
        relpath = f"{stage}/{name}.csv"
        # the stage is named first: the table is not written yet
        problems += table_problems(relpath, frame, name=name, lead=(f"环节「{stage}」交出的", f"stage {stage!r} handed over "),
                                   hint=("这是程序缺陷，请报告给 citysurvey 维护者。", "This is a bug; please report it."))
    if problems:
        raise StageError(problems)


def check_read(relpath: str, frame: pd.DataFrame, path: str) -> None:
    """A table read back from an output folder against its schema (the report's side of the hand-off)."""
    problems = table_problems(relpath, frame, file=path, hint=(
        "该文件可能来自旧版本的 citysurvey 或被手工改动过，请重新运行流程（citysurvey run）。",
        "It may come from an older citysurvey or have been edited by hand; re-run the pipeline (citysurvey run)."))
    if problems:
        raise StageError(problems)
