"""The true answer model of the demo city and the exact population truth it implies."""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import ndtr

from ._demo_spec import (
    ALL_ITEMS,
    CATEGORIES,
    CITY_TOTAL,
    DEFAULT_MODEL,
    DISTRICTS,
    ITEMS,
    SCORE_100,
    SCORE_LINEAR,
    ModelParams,
)
from ._demo_streets import ALL_STREETS, street_codes, street_item_effects, street_population

_N_ITEMS = len(ITEMS)  # ordinary items; the overall item is the last column everywhere


def cell_codes(frame: pd.DataFrame, var: str) -> np.ndarray:
    """Positions of `var`'s values in its category list (works for str or categorical columns)."""
    cats = list(CATEGORIES[var])
    codes = pd.Categorical(frame[var].astype(str), categories=cats).codes
    if (codes < 0).any():
        bad = sorted(set(frame[var].astype(str)[codes < 0]))
        raise ValueError(f"{var}: unknown categories {bad}")
    return np.asarray(codes, dtype=np.int64)


def district_item_effects(model: ModelParams = DEFAULT_MODEL) -> np.ndarray:
    """(district, item) effects on the latent scale, ordinary items only."""
    rng = np.random.default_rng(model.district_noise_seed)
    eff = rng.normal(0.0, model.district_noise_sd, (len(DISTRICTS), _N_ITEMS))
    names = [it.name for it in ITEMS]
    for d, name in enumerate(DISTRICTS):
        eff[d] += model.district_general.get(name, 0.0)
    for (district, item), value in model.planted.items():
        eff[DISTRICTS.index(district), names.index(item)] += value
    return eff


def linear_predictor(frame: pd.DataFrame, model: ModelParams = DEFAULT_MODEL) -> np.ndarray:
    """Latent means, shape (rows, items incl. overall), for rows holding the cell variables (and the street)."""
    eff = np.zeros((len(frame), _N_ITEMS))
    eff += district_item_effects(model)[cell_codes(frame, "district")]
    if "street" in frame.columns:
        eff += street_item_effects(model)[street_codes(frame)]
    for var, cats in CATEGORIES.items():
        if var == "district":
            continue
        codes = cell_codes(frame, var)
        table = np.zeros((len(cats), _N_ITEMS))
        for cat, v in model.general.get(var, {}).items():
            table[cats.index(cat)] += v
        for j, it in enumerate(ITEMS):
            for cat, v in model.specific.get(it.name, {}).get(var, {}).items():
                table[cats.index(cat), j] += v
        eff += table[codes]
    base = np.array([it.baseline for it in ITEMS])
    overall = ALL_ITEMS[-1].baseline + model.overall_slope * eff.mean(axis=1)
    return np.column_stack([base + eff, overall])


def street_shift(frame: pd.DataFrame, model: ModelParams = DEFAULT_MODEL) -> np.ndarray:
    """What the street adds to :func:`linear_predictor` (rows × items incl. overall), for cell-level η."""
    eff = street_item_effects(model)[street_codes(frame)]
    return np.column_stack([eff, model.overall_slope * eff.mean(axis=1)])


def noise_sd(model: ModelParams = DEFAULT_MODEL) -> tuple[np.ndarray, np.ndarray]:
    """Per item: sd of the latent given the respondent effect u, and the total sd."""
    cond = np.full(_N_ITEMS + 1, np.sqrt(1.0 + model.sd_level**2))
    cond[-1] = model.sd_overall_noise
    total = np.sqrt(cond**2 + model.sd_respondent**2)
    return cond, total


def category_probs(eta: np.ndarray, model: ModelParams = DEFAULT_MODEL) -> np.ndarray:
    """P(answer = 1..5) for latent means `eta` (rows × items) → (rows, items, 5).

    The respondent effect integrates out in closed form under the probit link:
    P(Y ≤ c) = Φ((τ_c − η) / sd_total). :func:`category_probs_quadrature` checks this.
    """
    _, total = noise_sd(model)
    cum = ndtr((np.asarray(model.cuts)[None, None, :] - eta[..., None]) / total[None, :, None])
    return np.diff(cum, axis=-1, prepend=0.0, append=1.0)


def category_probs_quadrature(eta: np.ndarray, model: ModelParams = DEFAULT_MODEL, nodes: int = 40) -> np.ndarray:
    """Same as :func:`category_probs` by Gauss–Hermite integration over the respondent effect."""
    x, w = np.polynomial.hermite.hermgauss(nodes)
    u = np.sqrt(2.0) * model.sd_respondent * x
    cond, _ = noise_sd(model)
    z = (np.asarray(model.cuts)[None, None, None, :] - eta[None, ..., None] - u[:, None, None, None]) / cond[None, None, :, None]
    cum = np.tensordot(w / np.sqrt(np.pi), ndtr(z), axes=1)
    return np.diff(cum, axis=-1, prepend=0.0, append=1.0)


def special_probs(frame: pd.DataFrame) -> np.ndarray:
    """P(不了解/不适用) per row and item (rows × items incl. overall); depends on the cell only."""
    age = cell_codes(frame, "age_band")
    non_hukou = cell_codes(frame, "hukou") == 1
    out = np.zeros((len(frame), len(ALL_ITEMS)))
    for j, it in enumerate(ALL_ITEMS):
        p = it.p9 * np.asarray(it.p9_age)[age]
        p = np.where(non_hukou, p * it.p9_non_hukou, p)
        out[:, j] = np.minimum(p, 0.6)
    return out


def true_item_satisfaction(
    population: pd.DataFrame, by: str | None = "district", model: ModelParams = DEFAULT_MODEL
) -> pd.DataFrame:
    """Exact population values of every item, per group of `by` plus the whole city (全市).

    Among valid answers (special code excluded), each cell weighs count × P(valid).
    Rates are proportions in [0, 1]; scores use 100/80/60/40/20 and 100/75/50/25/0.

    >>> from citysurvey.datasets import make_population
    >>> truth = true_item_satisfaction(make_population())
    >>> truth.query("item == 'q_c04'").set_index("district")["true_score_100"].idxmin()
    '北山区'
    """
    if "street" not in population.columns:  # the answers depend on the street: the truth sums over streets
        population = street_population(population, model)
    eta = linear_predictor(population, model)
    probs = category_probs(eta, model)
    p9 = special_probs(population)
    n = population["population"].to_numpy(dtype=float)
    groups: list[tuple[str, np.ndarray]] = []
    if by is not None:
        values = population[by].astype(str).to_numpy()
        cats = list(ALL_STREETS if by == "street" else CATEGORIES.get(by, sorted(set(values))))
        groups = [(c, values == c) for c in cats]
    groups.append((CITY_TOTAL, np.ones(len(population), dtype=bool)))
    rows = []
    for name, mask in groups:
        w = n[mask, None] * (1.0 - p9[mask])  # (cells, items)
        dist = np.einsum("ci,cik->ik", w, probs[mask]) / w.sum(axis=0)[:, None]
        special = (n[mask, None] * p9[mask]).sum(axis=0) / n[mask].sum()
        for j, it in enumerate(ALL_ITEMS):
            d = dist[j]
            rows.append(
                {
                    "item": it.name,
                    (by or "group"): name,
                    "true_mean_position": float(d @ np.arange(1, 6)),
                    "true_score_100": float(d @ SCORE_100),
                    "true_score_linear": float(d @ SCORE_LINEAR),
                    "true_satisfied_rate": float(d[3] + d[4]),
                    "true_dissatisfied_rate": float(d[0] + d[1]),
                    "true_special_rate": float(special[j]),
                }
            )
    out = pd.DataFrame(rows)
    order = {it.name: k for k, it in enumerate(ALL_ITEMS)}
    key = by or "group"
    group_order = {g: k for k, (g, _) in enumerate(groups)}
    out = out.sort_values(["item", key], key=lambda s: s.map(order) if s.name == "item" else s.map(group_order))
    return out.reset_index(drop=True)

