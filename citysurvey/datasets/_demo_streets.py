"""Streets (街道) of the demo city: names, population shares and the street-level truth.

Each district has ten streets. A street's residents have the district's make-up
(the same cell shares), so the street only shifts answers: a general street
effect plus a smaller item-specific one on the latent scale, centred within the
district (population-weighted), so district values barely move. These effects
are the known truth small-area estimates are checked against.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ._demo_spec import DISTRICTS, ITEMS, ModelParams

STREETS: dict[str, tuple[str, ...]] = {
    "城东区": ("东门街道", "朝阳街道", "东湖街道", "文昌街道", "太平街道", "迎春街道", "新华街道", "东风街道", "和平街道",
               "白鹭洲街道"),
    "城西区": ("西关街道", "西湖街道", "长乐街道", "望城街道", "光明街道", "建设街道", "胜利街道", "人民路街道", "西山街道",
               "桃源街道"),
    "南湖区": ("南湖街道", "南门街道", "湖滨街道", "荷花街道", "南苑街道", "金沙街道", "渔港街道", "青年街道",
               "南湖高新技术产业园区街道", "柳岸街道"),
    "北山区": ("北门街道", "北山街道", "松林街道", "石岭街道", "工人村街道", "矿区街道", "北站街道", "青松街道", "翠屏街道",
               "北山工业园区社区管理服务中心"),
    "江口区": ("江口街道", "码头街道", "江北街道", "沙洲街道", "江湾街道", "白沙街道", "大桥街道", "渡口街道", "滨江街道",
               "江口镇"),
    "新城区": ("新城街道", "高新街道", "科技城街道", "未来城街道", "会展中心街道", "新区街道", "学府街道", "云谷街道",
               "智慧港街道", "新城经济技术开发区街道"),
}
ALL_STREETS: tuple[str, ...] = tuple(s for d in DISTRICTS for s in STREETS[d])
STREET_DISTRICT = np.repeat(np.arange(len(DISTRICTS)), [len(STREETS[d]) for d in DISTRICTS])


def street_shares(model: ModelParams) -> np.ndarray:
    """Each street's share of its district's residents (sums to 1 within a district)."""
    rng = np.random.default_rng(np.random.SeedSequence([model.street_seed, 1]))
    out = np.empty(len(ALL_STREETS))
    for d in range(len(DISTRICTS)):
        r = STREET_DISTRICT == d
        out[r] = rng.dirichlet(np.full(r.sum(), 6.0))
    return out


def street_item_effects(model: ModelParams) -> np.ndarray:
    """(street, item) effects on the latent scale, ordinary items only; weighted mean 0 per district."""
    rng = np.random.default_rng(np.random.SeedSequence([model.street_seed, 2]))
    general = rng.normal(0.0, model.street_sd, len(ALL_STREETS))
    specific = rng.normal(0.0, model.street_item_sd, (len(ALL_STREETS), len(ITEMS)))
    eff = general[:, None] + specific
    share = street_shares(model)
    for d in range(len(DISTRICTS)):
        r = STREET_DISTRICT == d
        eff[r] -= share[r] @ eff[r]
    return eff


def street_codes(frame: pd.DataFrame) -> np.ndarray:
    codes = pd.Categorical(frame["street"].astype(str), categories=list(ALL_STREETS)).codes
    if (codes < 0).any():
        raise ValueError(f"street: unknown streets {sorted(set(frame['street'].astype(str)[codes < 0]))}")
    return np.asarray(codes, dtype=np.int64)


def street_population(population: pd.DataFrame, model: ModelParams) -> pd.DataFrame:
    """The cell table split by street: each cell's count shared out by the street shares (integers)."""
    share = street_shares(model)
    dist = pd.Categorical(population["district"].astype(str), categories=list(DISTRICTS)).codes
    counts = population["population"].to_numpy(dtype=np.int64)
    per = np.array([len(STREETS[d]) for d in DISTRICTS])
    k = per[dist]
    start = np.concatenate([[0], np.cumsum(per)])[dist]
    rows = np.repeat(np.arange(len(population)), k)
    street = np.concatenate([np.arange(s, s + n) for s, n in zip(start, k)])
    raw = counts[rows] * share[street]
    base = np.floor(raw).astype(np.int64)
    frac = raw - base
    # largest remainder within each cell, ties by position: integers adding up to the cell exactly
    short = counts - np.bincount(rows, weights=base, minlength=len(population)).astype(np.int64)
    order = np.lexsort((np.arange(len(rows)), -frac, rows))
    rank = np.empty(len(rows), dtype=np.int64)
    rank[order] = np.arange(len(rows)) - np.repeat(np.concatenate([[0], np.cumsum(k)[:-1]]), k)
    base += rank < short[rows]
    out = population.iloc[rows].reset_index(drop=True)
    out.insert(1, "street", pd.Categorical(np.asarray(ALL_STREETS, dtype=object)[street], categories=list(ALL_STREETS)))
    out["population"] = base
    return out


def assign_streets(districts: pd.Series, rng: np.random.Generator, model: ModelParams) -> np.ndarray:
    """A street for each respondent, drawn with the street shares of their district."""
    share = street_shares(model)
    d = pd.Categorical(districts.astype(str), categories=list(DISTRICTS)).codes
    out = np.empty(len(d), dtype=object)
    u = rng.random(len(d))
    for k in range(len(DISTRICTS)):
        r = np.flatnonzero(d == k)
        cum = np.cumsum(share[STREET_DISTRICT == k])
        pick = np.minimum(np.searchsorted(cum, u[r] * cum[-1], side="right"), len(cum) - 1)
        out[r] = np.asarray(STREETS[DISTRICTS[k]], dtype=object)[pick]
    return out
