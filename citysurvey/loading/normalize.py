"""Column-by-column validation against the codebook.

Each column is checked on its *unique* values, then the answer is broadcast back
to rows, so a million rows cost about as much as their distinct values. A value
is normalised only where the intent is unambiguous (full-width digits, stray
spaces, aliases declared in the codebook); every such change is returned so the
cleaning log can account for it.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..codebook import Codebook, Scale, Variable

#: Cell contents that mean "no answer" in common survey exports (问卷星 writes "(跳过)").
MISSING_TOKENS = frozenset({"", "NA", "N/A", "NaN", "nan", "(跳过)", "（跳过）", "(空)", "（空）"})

CHANGE_NORMALISED = "规范化全角字符或空格"
CHANGE_ALIAS = "按编码本别名统一"
CHANGE_INVALID_TO_MISSING = "无效值设为缺失"


def canon(value: str) -> str:
    """The comparison key: NFKC (full-width → half-width) and trimmed."""
    return unicodedata.normalize("NFKC", value).strip()


@dataclass
class ColumnResult:
    values: pd.Series  # typed, validated values (index aligned with the input)
    changed: pd.Series  # bool: this cell was normalised
    change_reason: pd.Series  # reason for changed cells ("" elsewhere)
    invalid: pd.Series  # bool: this cell does not fit the codebook
    expected_zh: str  # what would have been valid, for messages
    expected_en: str


def _by_unique(raw: pd.Series, decode) -> tuple[pd.Series, pd.Series, pd.Series, pd.Series]:
    """Apply decode(str) -> (value, reason|None, ok) to unique values and broadcast."""
    idx, decoded = _decode_unique(raw, decode)
    vals = np.array([d[0] for d in decoded] + [None], dtype=object)
    return (pd.Series(vals[idx], index=raw.index), *_flags(raw, idx, decoded))


def _decode_unique(raw: pd.Series, decode) -> tuple[np.ndarray, list]:
    """Row → unique-value index (the last slot stands for NaN) and the decoded unique values."""
    codes, uniques = pd.factorize(raw, sort=False)
    decoded = [decode(u) for u in uniques]
    return np.where(codes < 0, len(uniques), codes), decoded


def _flags(raw: pd.Series, idx: np.ndarray, decoded: list) -> tuple[pd.Series, pd.Series, pd.Series]:
    reasons = np.array([d[1] or "" for d in decoded] + [""], dtype=object)
    ok = np.array([d[2] for d in decoded] + [True], dtype=bool)
    return (
        pd.Series(reasons[idx] != "", index=raw.index),
        pd.Series(reasons[idx], index=raw.index),
        pd.Series(~ok[idx], index=raw.index),
    )


def _missing(s: str) -> bool:
    return s in MISSING_TOKENS or canon(s) in MISSING_TOKENS


def category_lookup(var: Variable) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """Exact spellings → label, and canonical spellings → (label, reason)."""
    exact: dict[str, str] = {c: c for c in var.categories or []}
    for code, label in (var.codes or {}).items():
        exact[str(code)] = label
    loose: dict[str, tuple[str, str]] = {}
    for spelling, label in exact.items():
        loose[canon(spelling)] = (label, CHANGE_NORMALISED)
    for alias, label in var.aliases.items():
        loose[canon(alias)] = (label, CHANGE_ALIAS)
    return exact, loose


def make_decoder(exact: dict, loose: dict):
    """decode(str) -> (value, change reason or None, ok): exact spellings first, then canonical ones."""

    def decode(s: str):
        if _missing(s):
            return None, None, True
        if s in exact:
            return exact[s], None, True
        hit = loose.get(canon(s))
        if hit is not None:
            return hit[0], hit[1], True
        return None, None, False

    return decode


def validate_categorical(raw: pd.Series, var: Variable) -> ColumnResult:
    decode = make_decoder(*category_lookup(var))
    vals, changed, reason, invalid = _by_unique(raw, decode)
    cats = list(var.categories or [])
    typed = pd.Series(pd.Categorical(vals, categories=cats, ordered=var.ordered), index=raw.index)
    return ColumnResult(typed, changed, reason, invalid, "、".join(cats), ", ".join(cats))


def validate_likert(raw: pd.Series, scale: Scale, aliases: dict[str, str] | None = None) -> ColumnResult:
    exact = scale.answers()
    loose = {canon(k): (v, CHANGE_NORMALISED) for k, v in exact.items()}
    for alias, pos in {**scale.resolve_aliases(scale.aliases), **scale.resolve_aliases(aliases or {})}.items():
        loose[canon(alias)] = (pos, CHANGE_ALIAS)
    # "4.0" from a spreadsheet that stored numbers as floats
    loose.update({f"{c}.0": (exact[str(c)], CHANGE_NORMALISED) for c in [*scale.codes, *scale.special]})
    decode = make_decoder(exact, loose)

    # Build the Int8 array directly from per-unique codes: constructing it from objects is the slow part.
    idx, decoded = _decode_unique(raw, decode)
    positions = np.array([0 if d[0] is None else d[0] for d in decoded] + [0], dtype=np.int8)
    absent = np.array([d[0] is None for d in decoded] + [True], dtype=bool)
    typed = pd.Series(pd.arrays.IntegerArray(positions[idx], absent[idx]), index=raw.index)
    changed, reason, invalid = _flags(raw, idx, decoded)
    allowed = [f"{c}" for c in scale.codes] + [f"{c}({l})" for c, l in scale.special.items()]
    return ColumnResult(typed, changed, reason, invalid, "、".join(allowed), ", ".join(allowed))


def validate_number(raw: pd.Series, var: Variable, *, integer: bool) -> ColumnResult:
    def decode(s: str):
        if _missing(s):
            return None, None, True
        c = canon(s).replace(",", "")
        try:
            x = float(c)
        except ValueError:
            x = _seconds(c) if var.role == "duration" else None
            if x is None:
                return None, None, False
            return x, None, True  # '312秒' is how platforms write seconds, read as such like a code
        if np.isnan(x) or (integer and not x.is_integer()):
            return None, None, False
        if (var.min is not None and x < var.min) or (var.max is not None and x > var.max):
            return None, None, False
        return x, (CHANGE_NORMALISED if c != s else None), True

    vals, changed, reason, invalid = _by_unique(raw, decode)
    typed = pd.to_numeric(vals, errors="coerce").astype("float64")
    if integer:
        typed = typed.astype("Int64")
    lo = "-∞" if var.min is None else f"{var.min:g}"
    hi = "+∞" if var.max is None else f"{var.max:g}"
    kind_zh, kind_en = ("整数", "an integer") if integer else ("数字", "a number")
    return ColumnResult(typed, changed, reason, invalid, f"{lo} 至 {hi} 之间的{kind_zh}", f"{kind_en} from {lo} to {hi}")


_DURATION = re.compile(r"(?:(\d+(?:\.\d+)?)(?:小时|时|h))?(?:(\d+(?:\.\d+)?)(?:分钟|分|min|m))?"
                       r"(?:(\d+(?:\.\d+)?)(?:秒钟|秒|s))?")


def _seconds(text: str) -> float | None:
    """'312秒' → 312, '5分12秒' → 312, '1小时2分' → 3720: how platforms write 所用时间."""
    m = _DURATION.fullmatch(text.replace(" ", ""))
    if not m or not any(m.groups()):
        return None
    h, mi, se = (float(g) if g else 0.0 for g in m.groups())
    return h * 3600 + mi * 60 + se


def _canon_series(raw: pd.Series) -> pd.Series:
    """Vectorised :func:`canon`; NFKC only where a value is not plain ASCII (rare, and slow)."""
    out = raw.str.strip()
    wide = ~out.str.isascii()
    if wide.any():
        out[wide] = out[wide].map(canon)
    return out


def validate_date(raw: pd.Series) -> ColumnResult:
    # Vectorised: fieldwork timestamps are nearly all distinct, so per-unique parsing would be slow.
    missing = raw.isin(MISSING_TOKENS)
    typed = pd.to_datetime(raw.mask(missing), errors="coerce", format="ISO8601")
    retry = typed.isna() & ~missing
    changed = pd.Series(False, index=raw.index)
    if retry.any():  # full-width digits, 2026/7/1, 2026年7月1日: normalise the stragglers, then parse
        canonical = (
            _canon_series(raw[retry]).str.replace("/", "-", regex=False).str.replace("年", "-", regex=False)
            .str.replace("月", "-", regex=False).str.replace("日", "", regex=False)
        )
        typed[retry] = pd.to_datetime(canonical, errors="coerce", format="mixed")
        changed[retry] = typed[retry].notna()
    invalid = typed.isna() & ~missing
    reason = pd.Series(np.where(changed, CHANGE_NORMALISED, ""), index=raw.index)
    return ColumnResult(typed, changed, reason, invalid, "日期，如 2026-07-01 或 2026-07-01 09:30", "a date such as 2026-07-01")


def validate_text(raw: pd.Series) -> ColumnResult:
    # Open text is kept as written (the text stage cleans it); only "no answer" markers become missing.
    stripped = raw.str.strip()
    missing = stripped.isin(MISSING_TOKENS)
    typed = stripped.mask(missing).astype("string")
    false = pd.Series(False, index=raw.index)
    return ColumnResult(typed, false, pd.Series("", index=raw.index), false, "文本", "text")


def validate_id(raw: pd.Series) -> ColumnResult:
    stripped = _canon_series(raw)
    changed = stripped != raw
    invalid = stripped.isin(MISSING_TOKENS)
    typed = stripped.astype("string")
    reason = pd.Series(np.where(changed, CHANGE_NORMALISED, ""), index=raw.index)
    return ColumnResult(typed, changed, reason, invalid, "非空的问卷编号", "a non-empty respondent id")


def validate_column(raw: pd.Series, name: str, codebook: Codebook) -> ColumnResult:
    var = codebook.variables[name]
    if var.type == "categorical":
        return validate_categorical(raw, var)
    if var.type == "likert":
        return validate_likert(raw, codebook.scales[var.scale], var.aliases)  # type: ignore[index]
    if var.type in ("integer", "number"):
        return validate_number(raw, var, integer=var.type == "integer")
    if var.type == "date":
        return validate_date(raw)
    if var.type == "id":
        return validate_id(raw)
    return validate_text(raw)
