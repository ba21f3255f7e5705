"""Open suggestions with known topics, and the population mention rates they imply.

Who writes what: a respondent writes something with a probability that falls with
age; the text is informative more often when some item was answered 1 or 2; its
1–3 topics are drawn without replacement with weights that grow with how badly
the respondent rated the items of each topic. The same vectorised planner is used
for samples and for the Monte Carlo truth, so the two agree by construction.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ._demo_phrases import (
    CLOSERS,
    CONTACT_NAMES,
    DISTRICT_PHRASES,
    ID_REGIONS,
    JOINERS,
    NON_INFORMATIVE,
    OPENERS,
    PHRASES,
    ROADS,
    TYPOS,
    VARIANTS,
    XIAOQU,
)
from ._demo_spec import CITY_TOTAL, DISTRICTS, ITEMS

TOPICS: tuple[str, ...] = tuple(sorted(PHRASES))
_TOPIC_OF_ITEM = np.array([TOPICS.index(it.topic) for it in ITEMS])
# Weight of an item's topic by the answer given (index 0 = special or blank, then 1..5).
_ANSWER_WEIGHT = np.array([0.05, 4.0, 2.0, 0.25, 0.05, 0.02])
_BACKGROUND_WEIGHT = 0.04
# Some problems come to mind first when people write; topics backed by several items are damped.
_SALIENCE = {
    "C_PARKING": 2.0, "U_TRAFFIC": 1.6, "C_PROPERTY": 1.5, "H_ELDER": 1.5, "U_FLOOD": 1.5, "H_AFFORD": 1.3,
    "C_ELDERCARE": 1.2, "H_SAFETY": 0.6, "B_ORDER": 0.6, "U_SAFETY": 0.6, "U_SMART": 0.7, "C_RENOV": 0.7,
    "U_HERITAGE": 0.7, "B_VITALITY": 0.7, "B_OLDAREA": 0.8, "U_ENV": 0.8, "B_EDU_CULTURE": 0.8,
}
_SALIENCE_VEC = np.array([_SALIENCE.get(t, 1.0) for t in TOPICS])
P_TEXT_BY_AGE = np.array([0.90, 0.87, 0.82, 0.75])
P_INFORMATIVE = (0.62, 0.88)  # without / with an answer of 1 or 2 on some item
P_N_TOPICS = np.array([0.60, 0.30, 0.10])
P_PERSONAL = 0.05  # informative texts that carry a phone number, ID number or address
P_TYPO = 0.30
P_VARIANT = 0.30


def topic_input(answers: np.ndarray) -> np.ndarray:
    """Answers as 1..5 with special (9) and blank (0) both mapped to 0."""
    return np.where((answers >= 1) & (answers <= 5), answers, 0)


def plan_suggestions(answers: np.ndarray, age_codes: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Who writes, whether it is informative, and which topics (index into TOPICS, −1 = none).

    `answers` holds the ordinary items as 1..5, 0 for special or blank.
    """
    n = len(answers)
    has_text = rng.random(n) < P_TEXT_BY_AGE[age_codes]
    low = ((answers >= 1) & (answers <= 2)).any(axis=1)
    informative = has_text & (rng.random(n) < np.where(low, P_INFORMATIVE[1], P_INFORMATIVE[0]))
    weight = np.full((n, len(TOPICS)), _BACKGROUND_WEIGHT)
    np.add.at(weight.T, _TOPIC_OF_ITEM, _ANSWER_WEIGHT[answers].T)
    weight *= _SALIENCE_VEC
    # Gumbel top-k: sampling without replacement proportional to weight, vectorised.
    keys = np.log(weight) - np.log(-np.log(rng.random(weight.shape)))
    order = np.argsort(-keys, axis=1, kind="stable")[:, :3]
    k = 1 + np.searchsorted(np.cumsum(P_N_TOPICS), rng.random(n), side="right")
    topics = np.where(np.arange(3)[None, :] < np.minimum(k, 3)[:, None], order, -1)
    topics[~informative] = -1
    return has_text, informative, topics


class _Draws:
    """A pool of uniforms from the numpy generator, so text assembly stays fast and seeded."""

    def __init__(self, rng: np.random.Generator, size: int):
        self._u = rng.random(max(size, 16))
        self._i = 0

    def u(self) -> float:
        if self._i >= len(self._u):  # generous pools make this rare; wrap deterministically
            self._i = 0
        v = self._u[self._i]
        self._i += 1
        return float(v)

    def pick(self, seq):
        return seq[int(self.u() * len(seq))]

    def chance(self, p: float) -> bool:
        return self.u() < p

    def digits(self, n: int) -> str:
        return "".join(str(int(self.u() * 10)) for _ in range(n))


def _id_number(d: _Draws) -> str:
    year = 1950 + int(d.u() * 56)
    month, day = 1 + int(d.u() * 12), 1 + int(d.u() * 28)
    body = f"{d.pick(ID_REGIONS)}{year}{month:02d}{day:02d}{d.digits(3)}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body, weights)) % 11]  # GB 11643 check digit
    return body + check


def _personal(d: _Draws, district: str) -> tuple[str, str]:
    """(prefix, suffix) that wrap a text with personal data."""
    phone = "1" + d.pick("3589") + d.digits(9)
    addr = f"{1 + int(d.u() * 20)}栋{1 + int(d.u() * 4)}单元{1 + int(d.u() * 7)}0{1 + int(d.u() * 4)}室"
    kind = int(d.u() * 6)
    if kind == 0:
        return "", f"，有问题可以打我电话{phone}"
    if kind == 1:
        return "", f"。联系人：{d.pick(CONTACT_NAMES)} {phone}"
    if kind == 2:
        return f"我住{d.pick(XIAOQU[district])}{addr}，", ""
    if kind == 3:
        return "", f"（我家是{addr}，可以上门看看）"
    if kind == 4:
        return "", f"，座机0772-{2 + int(d.u() * 7)}{d.digits(6)}"
    return "", f"。身份证号{_id_number(d)}，希望有人回复"


def _phrase(d: _Draws, topic: str, district: str) -> str:
    special = DISTRICT_PHRASES.get((district, topic))
    text = d.pick(special) if special and d.chance(0.5) else d.pick(PHRASES[topic])
    return text.format(road=d.pick(ROADS[district]), xq=d.pick(XIAOQU[district]))


def _mess_up(d: _Draws, text: str) -> str:
    if d.chance(P_VARIANT):
        for word, variants in VARIANTS.items():
            if word in text:
                text = text.replace(word, d.pick(variants), 1)
                break
    if d.chance(P_TYPO):
        for word, typo in TYPOS.items():
            if word in text:
                text = text.replace(word, typo, 1)
                break
    return text


def compose(d: _Draws, topics: list[str], district: str, personal: bool = False) -> str:
    """One suggestion on `topics`, optionally carrying personal data."""
    parts = [_phrase(d, t, district).rstrip("。！？!?") for t in topics]
    if len(parts) > 1 and d.chance(0.25):
        text = " ".join(f"{k}{d.pick(('、', '.', '．'))}{p}" for k, p in enumerate(parts, start=1))
    else:
        text = parts[0]
        for p in parts[1:]:
            text += d.pick(JOINERS) + p
    text = _mess_up(d, d.pick(OPENERS) + text)
    if personal:
        pre, post = _personal(d, district)
        return pre + text + post + d.pick(("", "。"))
    return text + (d.pick(CLOSERS) if not text.endswith(("？", "！")) else "")


def write_suggestions(
    has_text: np.ndarray, informative: np.ndarray, topics: np.ndarray, districts: np.ndarray, rng: np.random.Generator
) -> tuple[list[str], list[str], list[int]]:
    """Texts, '|'-joined topic labels and personal-data flags for planned suggestions."""
    d = _Draws(rng, 80 * len(has_text))
    texts, labels, personal = [], [], []
    for i in range(len(has_text)):
        if not has_text[i]:
            texts.append(""), labels.append(""), personal.append(0)
            continue
        if not informative[i]:
            texts.append(d.pick(NON_INFORMATIVE)), labels.append(""), personal.append(0)
            continue
        names = [TOPICS[t] for t in topics[i] if t >= 0]
        flag = d.chance(P_PERSONAL)
        texts.append(compose(d, names, districts[i], flag)), labels.append("|".join(names)), personal.append(int(flag))
    return texts, labels, personal


def true_topic_rates(population: pd.DataFrame, per_cell: int = 200, seed: int = 0, model=None) -> pd.DataFrame:
    """Share of adults whose suggestion mentions each topic, by district and 全市 (Monte Carlo).

    There is no closed form (topics depend on all answers jointly), so every
    population cell is simulated `per_cell` times and weighted by its count; the
    standard error of a district rate is about 0.002 or less.

    >>> from citysurvey.datasets import make_population
    >>> rates = true_topic_rates(make_population(), per_cell=10)
    >>> list(rates.columns)
    ['district', 'topic', 'true_mention_rate']
    """
    from ._demo_model import cell_codes, linear_predictor, special_probs
    from ._demo_sample import simulate_answers  # the sample module owns the answer process
    from ._demo_spec import DEFAULT_MODEL

    model = model or DEFAULT_MODEL
    rng = np.random.default_rng(np.random.SeedSequence([seed, 5]))
    eta, p9 = linear_predictor(population, model), special_probs(population)
    ages = cell_codes(population, "age_band")
    dist = cell_codes(population, "district")
    weight = population["population"].to_numpy(dtype=float)
    totals = np.zeros((len(DISTRICTS), len(TOPICS)))
    for d in range(len(DISTRICTS)):  # one district at a time keeps memory small
        rep = np.repeat(np.flatnonzero(dist == d), per_cell)
        answers = simulate_answers(population.iloc[rep], rng, model, eta[rep], p9[rep])
        _, _, topics = plan_suggestions(topic_input(answers[:, : len(ITEMS)]), ages[rep], rng)
        for k in range(3):
            has = topics[:, k] >= 0
            np.add.at(totals[d], topics[has, k], weight[rep][has] / per_cell)
    size = np.bincount(dist, weights=weight, minlength=len(DISTRICTS))
    rows = []
    for name, rate in [*zip(DISTRICTS, totals / size[:, None]), (CITY_TOTAL, totals.sum(0) / size.sum())]:
        rows.extend({"district": name, "topic": t, "true_mention_rate": float(r)} for t, r in zip(TOPICS, rate))
    return pd.DataFrame(rows)
