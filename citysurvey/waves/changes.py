"""Change since an earlier wave, per item and index, measure and domain, with its design-based SE.

Two waves are independent samples (fresh cross-sections of the same population),
so the covariance of their estimates is zero and the variance of the change is
the sum of the variances::

    Δ = ȳ₂ − ȳ₁,   se(Δ) = √(se₁² + se₂²)

where each se is the wave's own design-based SE (strata, clusters, calibration),
as its scoring stage reported it. The interval is Δ ± z·se(Δ) and the test is a
z test: each wave's design degrees of freedom are in the hundreds, so the normal
reference loses nothing against t. A panel (the same respondents re-interviewed)
is not independent: a positive covariance makes these SEs too large, so the test
is conservative there. p values are adjusted within each family (measure ×
domain variable, as the scoring stage does for its district flags) with the
study's ``scoring.p_adjust`` method and compared with ``scoring.alpha``.

Items are matched by variable name, after the declared renames; items asked in
one wave only are listed in ``unmatched``, never dropped silently. An index is
compared only as far as its items are the same: ``comparable`` is false (and the
change never flagged) when the index's items differ between the waves.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from ..errors import Problem, StageError
from ..scoring.domains import adjust_p
from ..scoring.indices import COMPOSITE, index_name

LOWER_IS_BETTER = frozenset({"dissatisfied_rate"})
CHANGE_ZH = {"improved": "显著改善", "worsened": "显著变差", "none": "无显著变化", "not_compared": "口径不同，不比较"}
CHANGE_COLUMNS = [
    "kind", "item", "item_previous", "label", "level", "measure", "domain_var", "domain_var_label", "domain",
    "year_previous", "estimate_previous", "se_previous", "n_previous", "year", "estimate", "se", "n",
    "diff", "diff_se", "diff_ci_low", "diff_ci_high", "z", "p_value", "p_adjusted", "significant", "change",
    "change_zh", "comparable", "small_n", "note",
]
UNMATCHED_COLUMNS = ["what", "name", "label", "domain_var", "present_in", "year", "note"]
TREND_COLUMNS = ["year", "kind", "item", "label", "level", "measure", "domain_var", "domain", "estimate", "se",
                 "ci_low", "ci_high", "n"]


def diff_se(se_now, se_before):
    """SE of the difference of two independent estimates: √(se₁² + se₂²).

    >>> from citysurvey.waves import diff_se
    >>> float(diff_se(3.0, 4.0))
    5.0
    """
    return np.sqrt(np.square(se_now) + np.square(se_before))


@dataclass(frozen=True)
class Comparison:
    changes: pd.DataFrame  # CHANGE_COLUMNS
    unmatched: pd.DataFrame  # UNMATCHED_COLUMNS


def _rename_back(frame: pd.DataFrame, rename: dict[str, str]) -> pd.DataFrame:
    """An earlier wave's table with its item and domain-variable names translated to this wave's."""
    back = {before: now for now, before in rename.items()}
    out = frame.copy()
    out["item_previous"] = out["item"]
    out["item"] = out["item"].map(lambda i: back.get(i, i))
    out["domain_var"] = out["domain_var"].map(lambda v: back.get(v, v))
    return out


def index_items(item_weights: pd.DataFrame | None, rename_back: dict[str, str] | None = None) -> dict[str, frozenset]:
    """Index key (``index:住房``, ``index:综合``) → the items (or level indices) it is made of."""
    if item_weights is None or item_weights.empty:
        return {}
    back = rename_back or {}
    w = item_weights[item_weights["weight"].astype(float) > 0]
    return {index_name(lv): frozenset(back.get(i, i) for i in g["item"].astype(str)) for lv, g in w.groupby("level")}


def _index_notes(now: dict[str, frozenset], before: dict[str, frozenset]) -> dict[str, str]:
    """Index key → why it is not comparable ('' when it is); the composite inherits its levels' differences."""
    notes = {}
    for key in set(now) | set(before):
        a, b = now.get(key, frozenset()), before.get(key, frozenset())
        parts = []
        if a - b:
            parts.append(f"上期无：{'、'.join(sorted(a - b))}")
        if b - a:
            parts.append(f"本期无：{'、'.join(sorted(b - a))}")
        notes[key] = "；".join(parts)
    comp = index_name(COMPOSITE)
    if comp in now or comp in before:
        bad = [k.split(":", 1)[1] for k, n in notes.items() if n and k != comp]
        if bad and not notes.get(comp):
            notes[comp] = f"层级题目不同：{'、'.join(sorted(bad))}"
    return notes


def check_schemes(current: pd.DataFrame, previous: pd.DataFrame, year_previous: int) -> None:
    """Scores on different schemes (100/80/… against 100/75/…) are not comparable: stop and say so."""
    if "scheme" not in current.columns or "scheme" not in previous.columns:
        return
    a = set(current.loc[current["measure"] == "score", "scheme"].dropna().astype(str)) - {""}
    b = set(previous.loc[previous["measure"] == "score", "scheme"].dropna().astype(str)) - {""}
    if a and b and a != b:
        raise StageError(Problem(
            zh=f"本期评分方案（{'、'.join(sorted(a))}）与{year_previous}年（{'、'.join(sorted(b))}）不同，得分不能直接比较。",
            en=f"this wave's scoring scheme ({', '.join(sorted(a))}) differs from {year_previous}'s ({', '.join(sorted(b))}); "
               "scores cannot be compared.",
            hint_zh="请在 study.yaml 的 scoring.scheme 中使用与上期相同的方案。",
            hint_en="Use the earlier wave's scheme in scoring.scheme of study.yaml.",
        ))


def compare_waves(current: pd.DataFrame, previous: pd.DataFrame, *, year: int, year_previous: int,
                  rename: dict[str, str] | None = None, alpha: float = 0.05, p_adjust: str = "fdr_bh",
                  min_n: int = 30, items_now: pd.DataFrame | None = None,
                  items_before: pd.DataFrame | None = None) -> Comparison:
    """Every estimate of `current` (a scoring ``scores`` table) against the same one in `previous`.

    >>> cmp = compare_waves(now.tables["scores"], wave.scores, year=2026, year_previous=2025,
    ...                     rename={"q_c05": "q_c12"})                      # doctest: +SKIP
    >>> cmp.changes.query("domain == '全市' and measure == 'score' and significant")  # doctest: +SKIP
    """
    rename = rename or {}
    check_schemes(current, previous, year_previous)
    before = _rename_back(previous, rename)
    keys = ["item", "measure", "domain_var", "domain"]
    clash = before[before.duplicated(keys, keep=False)]
    if len(clash):  # e.g. rename {q5: q4} while the earlier wave also has a q5
        names = sorted(set(clash["item_previous"]))
        raise StageError(Problem(
            zh=f"改名后上期有两个变量都对应本期的 {clash['item'].iloc[0]}（上期变量：{'、'.join(names)}）。",
            en=f"after the renames two earlier variables ({', '.join(names)}) both stand for {clash['item'].iloc[0]}.",
            hint_zh="请检查 study.yaml 中 waves.rename 的对应关系。", hint_en="Check waves.rename in study.yaml.",
        ))
    cols = ["estimate", "se", "n", "item_previous", "label"]
    vars_now, vars_before = set(current["domain_var"]), set(before["domain_var"])
    common = vars_now & vars_before
    m = current[current["domain_var"].isin(common)].merge(
        before.loc[before["domain_var"].isin(common), keys + cols].rename(
            columns={c: f"{c}_previous" for c in cols if c != "item_previous"}),
        on=keys, how="inner", validate="one_to_one")
    m["year"], m["year_previous"] = year, year_previous
    m["diff"] = m["estimate"] - m["estimate_previous"]
    m["diff_se"] = diff_se(m["se"], m["se_previous"])
    q = stats.norm.ppf(1 - alpha / 2)
    m["diff_ci_low"] = m["diff"] - q * m["diff_se"]
    m["diff_ci_high"] = m["diff"] + q * m["diff_se"]
    with np.errstate(invalid="ignore", divide="ignore"):
        m["z"] = m["diff"] / m["diff_se"]
    m["p_value"] = 2 * stats.norm.sf(np.abs(m["z"]))

    back = {b: n for n, b in rename.items()}
    notes_idx = _index_notes(index_items(items_now), index_items(items_before, back)) if items_now is not None else {}
    m["note"] = [notes_idx.get(i, "") if k != "item" else "" for i, k in zip(m["item"], m["kind"])]
    relabel = (m["kind"] == "item") & (m["label"].astype(str) != m["label_previous"].astype(str))
    m.loc[relabel, "note"] = "题目表述不同，上期为「" + m.loc[relabel, "label_previous"].astype(str) + "」"
    m["comparable"] = ~((m["kind"] != "item") & (m["note"] != ""))
    m["small_n"] = (m["domain_var"] != "city") & ((m["n"] < min_n) | (m["n_previous"] < min_n))
    m["p_adjusted"] = np.nan
    testable = m["comparable"]
    for _, idx in m[testable].groupby(["measure", "domain_var"]).groups.items():
        m.loc[idx, "p_adjusted"] = adjust_p(m.loc[idx, "p_value"], p_adjust)
    m["significant"] = (m["p_adjusted"] < alpha) & ~m["small_n"] & m["comparable"]
    better = np.where(m["measure"].isin(LOWER_IS_BETTER), -m["diff"], m["diff"])
    m["change"] = np.where(~m["comparable"], "not_compared",
                           np.where(m["significant"], np.where(better > 0, "improved", "worsened"), "none"))
    m["change_zh"] = m["change"].map(CHANGE_ZH)
    if "domain_var_label" not in m.columns:
        m["domain_var_label"] = m["domain_var"]
    m["_o"] = np.arange(len(m))  # keep the scoring table's order (measure, item, domain)
    changes = m.sort_values("_o")[CHANGE_COLUMNS].reset_index(drop=True)
    return Comparison(changes, _unmatched(current, before, vars_now, vars_before, year, year_previous))


def _unmatched(now: pd.DataFrame, before: pd.DataFrame, vars_now: set, vars_before: set, year: int,
               year_previous: int) -> pd.DataFrame:
    rows = []

    def items(t: pd.DataFrame) -> pd.DataFrame:
        return t[(t["kind"] == "item") & (t["domain_var"] == "city")].drop_duplicates("item")

    a, b = items(now), items(before)
    for r in a[~a["item"].isin(b["item"])].itertuples():
        rows.append(("题目", r.item, r.label, "", "本期", year, f"{year_previous}年未调查该题（或未声明改名），不计算变化"))
    for r in b[~b["item"].isin(a["item"])].itertuples():
        rows.append(("题目", r.item_previous, r.label, "", "上期", year_previous,
                     f"{year}年未调查该题（若已改名，请在 waves.rename 中声明），不计算变化"))
    for v in sorted(vars_now - vars_before - {"city"}):
        rows.append(("分组变量", v, "", v, "本期", year, f"{year_previous}年无该分组变量"))
    for v in sorted(vars_before - vars_now - {"city"}):
        rows.append(("分组变量", v, "", v, "上期", year_previous, f"{year}年无该分组变量"))
    for v in sorted((vars_now & vars_before) - {"city"}):
        da, db = set(now.loc[now["domain_var"] == v, "domain"]), set(before.loc[before["domain_var"] == v, "domain"])
        rows += [("分组", d, "", v, "本期", year, f"{year_previous}年无该组") for d in sorted(da - db)]
        rows += [("分组", d, "", v, "上期", year_previous, f"{year}年无该组") for d in sorted(db - da)]
    return pd.DataFrame(rows, columns=UNMATCHED_COLUMNS)


def trends(current: pd.DataFrame, year: int, waves: list[tuple[int, pd.DataFrame]],
           rename: dict[str, str] | None = None, domain_vars: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Every estimate of this wave and the same estimate in each earlier wave (this wave's names), long."""
    keys = ["item", "measure", "domain_var", "domain"]
    now = current if domain_vars is None else current[current["domain_var"].isin(domain_vars)]
    order = now[keys].assign(_o=np.arange(len(now)))
    parts = [now.assign(year=year)]
    for y, t in waves:
        t = _rename_back(t, rename or {}).drop(columns=["label", "level", "kind"], errors="ignore")
        t = t.merge(now[keys + ["label", "level", "kind"]], on=keys, how="inner")
        parts.append(t.assign(year=y))
    out = pd.concat([p[TREND_COLUMNS] for p in parts], ignore_index=True).merge(order, on=keys)
    return out.sort_values(["_o", "year"], kind="stable").drop(columns="_o").reset_index(drop=True)
