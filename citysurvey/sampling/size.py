"""Sample size for a proportion or a mean, and the margin of error a sample buys.

The variance of a mean from a sample of ``n`` out of ``N`` under a design with
design effect ``deff`` is ``deff · (1 − n/N) · S² / n``. Setting ``z`` times its
square root equal to the margin ``e`` and solving for ``n`` gives

    n₀ = z² · S² / e²          (S² = p(1−p) for a proportion)
    n  = deff · n₀ / (1 + deff · n₀ / N)

which is what :func:`sample_size` computes, then rounds up and divides by the
expected valid (response × usable) rate to get how many to field. The domain
README's "≥ 385 for ±5 pp at 95 %" is the ``deff = 1``, ``N = ∞`` case.

>>> r = sample_size(margin=0.05)
>>> r.n_valid
385
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from statistics import NormalDist

import pandas as pd

from ..errors import Problem, StageError

#: EST defaults (domain README §2.3): deff 1.5–2 with quotas and weights; the
#: valid rate is local practice, not a rule.
DEFAULT_DEFF = 1.5
DEFAULT_CONFIDENCE = 0.95


@dataclass(frozen=True)
class SampleSize:
    """A required sample size and the arithmetic behind it."""

    n_valid: int  # completed, valid interviews needed
    n_fielded: int  # interviews to field given the expected valid rate
    n0: float  # simple random sample size, infinite population
    n_deff: float  # after the design effect
    n_fpc: float  # after the finite population correction
    z: float
    explanation_zh: str
    explanation_en: str


def z_value(confidence: float) -> float:
    """Two-sided normal quantile, e.g. 1.96 for 0.95."""
    _check_range("confidence", "置信水平", confidence, 0.0, 1.0)
    return NormalDist().inv_cdf(1 - (1 - confidence) / 2)


def sample_size(
    *,
    margin: float,
    p: float = 0.5,
    sd: float | None = None,
    confidence: float = DEFAULT_CONFIDENCE,
    deff: float = 1.0,
    population: float | None = None,
    valid_rate: float = 1.0,
) -> SampleSize:
    """Interviews needed to estimate a proportion ``p`` (or a mean with ``sd``) within ±``margin``.

    ``margin`` is on the estimate's scale: 0.05 = ±5 percentage points for a
    proportion, or score points for a mean. ``population`` (N) enables the
    finite population correction; ``valid_rate`` (0–1] is the expected share of
    fielded interviews that end up valid.
    """
    if margin <= 0:
        raise StageError(_bad("margin", "误差界", margin, "应大于 0", "must be greater than 0"))
    _check_range("valid_rate", "有效率", valid_rate, 0.0, 1.0, include_high=True)
    if deff < 1e-9:
        raise StageError(_bad("deff", "设计效应", deff, "应大于 0", "must be greater than 0"))
    if population is not None and population <= 0:
        raise StageError(_bad("population", "总体规模", population, "应大于 0", "must be greater than 0"))
    z = z_value(confidence)
    if sd is None:
        _check_range("p", "预期比例", p, 0.0, 1.0)
        variance, formula, given = p * (1 - p), "p(1−p)", f"p = {p:g}"
    else:
        if sd <= 0:
            raise StageError(_bad("sd", "标准差", sd, "应大于 0", "must be greater than 0"))
        variance, formula, given = sd**2, "S²", f"S = {sd:g}"
    n0 = z**2 * variance / margin**2
    n_deff = n0 * deff
    n_fpc = n_deff / (1 + n_deff / population) if population else n_deff
    # Round before ceil so 384.0000000001 from float noise does not become 385.
    n_valid = max(1, math.ceil(round(n_fpc, 9)))
    if population:
        n_valid = min(n_valid, math.floor(population))
    n_fielded = math.ceil(round(n_valid / valid_rate, 9))

    arithmetic = f"n₀ = z²·{formula}/e² = {z:.3f}²×{variance:.4g}/{margin:g}² = {n0:,.1f}（{given}）"
    zh = [arithmetic]
    en = [arithmetic.replace("（", " (").replace("）", ")")]
    if deff != 1:
        zh.append(f"乘以设计效应 {deff:g} → {n_deff:,.1f}")
        en.append(f"times design effect {deff:g} → {n_deff:,.1f}")
    if population:
        zh.append(f"有限总体校正 n/(1+n/N)，N = {population:,.0f} → {n_fpc:,.1f}")
        en.append(f"finite population correction n/(1+n/N), N = {population:,.0f} → {n_fpc:,.1f}")
    zh.append(f"向上取整为 {n_valid:,} 份有效问卷")
    en.append(f"rounded up to {n_valid:,} valid interviews")
    if valid_rate < 1:
        zh.append(f"按预期有效率 {valid_rate:.0%} 需发放 {n_fielded:,} 份")
        en.append(f"at an expected valid rate of {valid_rate:.0%}, field {n_fielded:,}")
    m_zh, m_en = _margin_text(margin, sd)
    head_zh = f"置信水平 {confidence:.0%}、误差界 ±{m_zh}："
    head_en = f"{confidence:.0%} confidence, margin ±{m_en}: "
    return SampleSize(
        n_valid=n_valid,
        n_fielded=n_fielded,
        n0=n0,
        n_deff=n_deff,
        n_fpc=n_fpc,
        z=z,
        explanation_zh=head_zh + "；".join(zh) + "。",
        explanation_en=head_en + "; ".join(en) + ".",
    )


def margin_of_error(
    n: float,
    *,
    p: float = 0.5,
    sd: float | None = None,
    confidence: float = DEFAULT_CONFIDENCE,
    deff: float = 1.0,
    population: float | None = None,
) -> float:
    """Half-width of the confidence interval a sample of ``n`` gives (the inverse of :func:`sample_size`)."""
    if n <= 0:
        return math.inf
    variance = p * (1 - p) if sd is None else sd**2
    fpc = max(0.0, 1 - n / population) if population else 1.0
    return z_value(confidence) * math.sqrt(deff * fpc * variance / n)


def domain_sample_sizes(
    populations: Mapping[str, float] | pd.Series,
    *,
    margin: float,
    p: float = 0.5,
    sd: float | None = None,
    confidence: float = DEFAULT_CONFIDENCE,
    deff: float = 1.0,
    valid_rate: float = 1.0,
    city_label: str = "全市",
) -> pd.DataFrame:
    """Sample size per reporting domain (district) and for the city as a whole.

    One row per domain plus two rows: ``全市（仅全市精度）`` — what a city-wide
    estimate alone needs — and ``合计（各区均达精度）`` — the sum of the domain
    sizes, what the survey needs if every district must reach the margin.
    """
    populations = pd.Series(populations, dtype="float64")
    rows = []
    for name, pop in populations.items():
        r = sample_size(margin=margin, p=p, sd=sd, confidence=confidence, deff=deff, population=pop,
                        valid_rate=valid_rate)
        rows.append(_row(str(name), pop, r))
    city = sample_size(margin=margin, p=p, sd=sd, confidence=confidence, deff=deff,
                       population=float(populations.sum()), valid_rate=valid_rate)
    rows.append(_row(f"{city_label}（仅全市精度）", float(populations.sum()), city))
    total = {
        "domain": "合计（各区均达精度）",
        "population": float(populations.sum()),
        "n_valid": sum(r["n_valid"] for r in rows[:-1]),
        "n_fielded": sum(r["n_fielded"] for r in rows[:-1]),
        "explanation_zh": "各区所需样本量之和。",
        "explanation_en": "Sum of the district sizes.",
    }
    rows.append(total)
    return pd.DataFrame(rows, columns=["domain", "population", "n_valid", "n_fielded", "explanation_zh",
                                       "explanation_en"])


def _row(name: str, pop: float, r: SampleSize) -> dict:
    return {"domain": name, "population": pop, "n_valid": r.n_valid, "n_fielded": r.n_fielded,
            "explanation_zh": r.explanation_zh, "explanation_en": r.explanation_en}


def _margin_text(margin: float, sd: float | None) -> tuple[str, str]:
    if sd is None:
        return f"{margin * 100:g} 个百分点", f"{margin * 100:g} percentage points"
    return f"{margin:g}", f"{margin:g}"


def _check_range(name: str, name_zh: str, value: float, low: float, high: float, include_high: bool = False) -> None:
    ok = low < value <= high if include_high else low < value < high
    if not ok:
        bracket = "]" if include_high else ")"
        raise StageError(_bad(name, name_zh, value, f"应在 ({low:g}, {high:g}{bracket} 之间",
                              f"must be in ({low:g}, {high:g}{bracket}"))


def _bad(name: str, name_zh: str, value, zh: str, en: str) -> Problem:
    return Problem(zh=f"参数 {name_zh}（{name}）= {value} {zh}。", en=f"parameter {name} = {value} {en}.")
