"""The known population of 示例市: joint cell counts and the margins published from them."""
from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
from scipy.special import expit

from ._demo_spec import (
    AGE_BANDS,
    CATEGORIES,
    CELL_VARS,
    DEFAULT_MODEL,
    DEFAULT_SEED,
    DISTRICT_PROFILES,
    DISTRICTS,
    HUKOU,
    INCOME_BANDS,
    MARGINS,
    SEXES,
    TENURES,
)
from ._demo_streets import street_population

# Within-district structure shared by all districts (EST, in the spirit of §4.2).
_MALE_BY_AGE = (0.010, 0.010, 0.0, -0.035)  # more women among the old
_NON_HUKOU_BY_AGE = (1.45, 1.10, 0.70, 0.35)  # migrants are young
_INCOME_BY_AGE = (0.10, 0.35, 0.0, -0.60)
_INCOME_BY_HUKOU = (0.10, -0.20)
# Cumulative logits giving roughly 18/32/25/17/8 % of households (§4.2).
_INCOME_CUTS = np.log(np.array([0.18, 0.50, 0.75, 0.92]) / (1 - np.array([0.18, 0.50, 0.75, 0.92])))
_JITTER_SD = 0.08  # cell-level irregularity so the table is not a perfect product


def _income_probs(shift: float) -> np.ndarray:
    cum = expit(_INCOME_CUTS - shift)
    return np.diff(np.concatenate([[0.0], cum, [1.0]]))


def _tenure_probs(hukou: int, age: int, income: int, renting_scale: float) -> np.ndarray:
    rent = (0.14, 0.55)[hukou] * (1.6, 1.0, 0.8, 0.5)[age] * (1.2, 1.1, 1.0, 0.8, 0.6)[income]
    rent = min(0.85, rent * renting_scale)
    other = 0.08 if age == 0 else 0.04
    return np.array([1.0 - rent - other, rent, other])


def _largest_remainder(total: int, shares: np.ndarray) -> np.ndarray:
    raw = shares / shares.sum() * total
    out = np.floor(raw).astype(np.int64)
    short = total - int(out.sum())
    # ties broken by position so the result is deterministic
    order = np.argsort(-(raw - out), kind="stable")
    out[order[:short]] += 1
    return out


def make_population(seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """The joint table of adults 18+ by district × sex × age_band × hukou × income_band × tenure.

    Counts are integers and add up to each district's adult population exactly;
    the seed only adds small cell-level irregularities.

    >>> pop = make_population(seed=2026)
    >>> int(pop["population"].sum())
    1900000
    """
    rng = np.random.default_rng(np.random.SeedSequence([seed, 1]))
    frames = []
    for district in DISTRICTS:
        prof = DISTRICT_PROFILES[district]
        # scale the age pattern of migration so the district hits its non-hukou share
        h_scale = prof.non_hukou / float(np.dot(prof.ages, _NON_HUKOU_BY_AGE))
        shares = []
        for s, a, h, i in itertools.product(range(2), range(4), range(2), range(5)):
            p_sex = prof.male + _MALE_BY_AGE[a]
            p_sex = p_sex if s == 0 else 1.0 - p_sex
            p_non = h_scale * _NON_HUKOU_BY_AGE[a]
            p_h = p_non if h == 1 else 1.0 - p_non
            p_inc = _income_probs(prof.income_shift + _INCOME_BY_AGE[a] + _INCOME_BY_HUKOU[h])[i]
            p_ten = _tenure_probs(h, a, i, prof.renting / 0.25)  # 0.25 ≈ renting share of the base model
            shares.extend(prof.ages[a] * p_sex * p_h * p_inc * p_ten)
        shares = np.array(shares) * np.exp(rng.normal(0.0, _JITTER_SD, len(shares)))
        frames.append(_largest_remainder(prof.adults, shares))
    counts = np.concatenate(frames)
    rows = list(itertools.product(DISTRICTS, SEXES, AGE_BANDS, HUKOU, INCOME_BANDS, TENURES))
    pop = pd.DataFrame(rows, columns=list(CELL_VARS))
    for var in CELL_VARS:
        pop[var] = pd.Categorical(pop[var], categories=list(CATEGORIES[var]), ordered=True)
    pop["population"] = counts
    return pop


def population_margins(population: pd.DataFrame) -> pd.DataFrame:
    """Margins in the long format of ``StudyData.margins`` (blank where not part of the margin)."""
    cols = ["district", "street", "sex", "age_band", "hukou", "income_band"]
    streets = street_population(population, DEFAULT_MODEL)
    parts = []
    for margin in MARGINS:
        src = streets if "street" in margin else population
        g = src.groupby(list(margin), observed=True, sort=True)["population"].sum().reset_index()
        g.insert(0, "margin", "×".join(margin))
        for c in cols:
            if c not in margin:
                g[c] = ""
            else:
                g[c] = g[c].astype(str)
        parts.append(g[["margin", *cols, "population"]])
    out = pd.concat(parts, ignore_index=True)
    out["population"] = out["population"].astype(np.int64)
    return out


def read_population(path) -> pd.DataFrame:
    """Read ``population_cells.csv`` back into the categorical form of :func:`make_population`."""
    pop = pd.read_csv(path, dtype={v: str for v in CELL_VARS}, encoding="utf-8")
    for var in CELL_VARS:
        pop[var] = pd.Categorical(pop[var], categories=list(CATEGORIES[var]), ordered=True)
    pop["population"] = pop["population"].astype(np.int64)
    return pop
