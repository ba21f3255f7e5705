"""Drawing a biased online sample from the demo city, with optional planted data problems."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ._demo_model import cell_codes, linear_predictor, noise_sd, special_probs, street_shift
from ._demo_spec import (
    AGE_BANDS,
    ALL_ITEMS,
    BIAS,
    CELL_VARS,
    DEFAULT_MODEL,
    DISTRICT_ALIASES,
    DISTRICTS,
    FIELDWORK,
    ITEM_NAMES,
    ITEMS,
    QUOTA_ADHERENCE,
    SPECIAL_CODE,
    ModelParams,
)
from ._demo_streets import assign_streets
from ._demo_suggestions import plan_suggestions, topic_input, write_suggestions

_LEVELS = tuple(dict.fromkeys(it.level for it in ITEMS))
_LEVEL_OF_ITEM = np.array([_LEVELS.index(it.level) for it in ITEMS])
_BLANK = np.array([it.blank for it in ALL_ITEMS])
_MEDIAN_DURATION = np.array([470.0, 520.0, 600.0, 720.0])  # seconds, by age band
_DURATION_SD = 0.33  # log scale
_MIN_GENUINE_DURATION = 234  # 0.45 × the typical median

#: Share of kept respondents for each planted drop reason.
ISSUE_RATES = {"speeder": 0.010, "straightliner": 0.008, "duplicate_device": 0.010, "under_age": 0.005}
ALIAS_RATE = 0.01


def simulate_answers(
    cells: pd.DataFrame,
    rng: np.random.Generator,
    model: ModelParams = DEFAULT_MODEL,
    eta: np.ndarray | None = None,
    p9: np.ndarray | None = None,
) -> np.ndarray:
    """Answers (rows × items incl. overall): 1..5, 9 for 不了解/不适用, 0 for blank."""
    n = len(cells)
    eta = linear_predictor(cells, model) if eta is None else eta
    p9 = special_probs(cells) if p9 is None else p9
    cond, _ = noise_sd(model)
    u = rng.normal(0.0, model.sd_respondent, n)
    v = rng.normal(0.0, model.sd_level, (n, len(_LEVELS)))
    e = rng.normal(0.0, 1.0, (n, len(ALL_ITEMS)))
    latent = eta + u[:, None]
    latent[:, :-1] += v[:, _LEVEL_OF_ITEM] + e[:, :-1]
    latent[:, -1] += cond[-1] * e[:, -1]
    answers = (1 + (latent[..., None] > np.asarray(model.cuts)).sum(axis=-1)).astype(np.int8)
    answers[rng.random((n, len(ALL_ITEMS))) < p9] = SPECIAL_CODE
    answers[rng.random((n, len(ALL_ITEMS))) < _BLANK] = 0
    return answers


def _propensity(population: pd.DataFrame, bias: dict[str, dict[str, float]]) -> np.ndarray:
    p = population["population"].to_numpy(dtype=float)
    for var, factors in bias.items():
        p = p * population[var].astype(str).map(factors).fillna(1.0).to_numpy(dtype=float)
    return p


def _draw_cells(population: pd.DataFrame, n: int, rng: np.random.Generator, bias) -> np.ndarray:
    """Cell index of each respondent: districts partly follow an equal quota, cells the bias."""
    dist = cell_codes(population, "district")
    sizes = np.bincount(dist, weights=population["population"].to_numpy(dtype=float), minlength=len(DISTRICTS))
    share = QUOTA_ADHERENCE / len(DISTRICTS) + (1 - QUOTA_ADHERENCE) * sizes / sizes.sum()
    per_district = rng.multinomial(n, share)
    prop = _propensity(population, bias)
    out = []
    for d, m in enumerate(per_district):
        idx = np.flatnonzero(dist == d)
        counts = rng.multinomial(m, prop[idx] / prop[idx].sum())
        out.append(np.repeat(idx, counts))
    return np.concatenate(out)


def _ages(age_codes: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    lo = np.array([18, 35, 50, 60])[age_codes]
    hi = np.array([34, 49, 59, 60])[age_codes]
    age = lo + np.floor(rng.random(len(age_codes)) * (hi - lo + 1)).astype(int)
    # online respondents over 60 are mostly in their sixties
    old = age_codes == 3
    age[old] = np.minimum(60 + np.floor(rng.exponential(6.5, old.sum())).astype(int), 92)
    return age


def _durations(age_codes: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    d = _MEDIAN_DURATION[age_codes] * np.exp(rng.normal(0.0, _DURATION_SD, len(age_codes)))
    idle = rng.random(len(d)) < 0.01  # a tab left open
    d[idle] *= 3 + 5 * rng.random(idle.sum())
    # genuine answers never look like speeding; redraw the fast tail above the floor, no spike
    fast = d < _MIN_GENUINE_DURATION
    d[fast] = _MIN_GENUINE_DURATION + rng.uniform(0, 150, fast.sum())
    return np.minimum(np.round(d), 7200).astype(np.int64)


def _timestamps(n: int, rng: np.random.Generator) -> np.ndarray:
    days = np.arange(31)
    # early push by 社区网格员, a reminder mid-month, a tail
    w = np.exp(-days / 9.0) + 0.25 + 0.6 * np.exp(-0.5 * ((days - 15) / 1.5) ** 2)
    day = rng.choice(31, size=n, p=w / w.sum())
    kind = rng.random(n)
    hour = np.where(kind < 0.35, rng.normal(12.5, 1.0, n), np.where(kind < 0.8, rng.normal(20.5, 1.5, n), rng.uniform(7, 23, n)))
    secs = np.clip(hour * 3600, 6 * 3600, 24 * 3600 - 1).astype(np.int64)
    start = np.datetime64(FIELDWORK[0] + "T00:00:00", "s")
    return start + (day * 86400 + secs).astype("timedelta64[s]")


def _device_ids(n: int, rng: np.random.Generator) -> np.ndarray:
    raw = rng.integers(0, 2**48, size=n, dtype=np.int64)
    while len(np.unique(raw)) < n:  # collisions are astronomically rare; redraw to stay unique
        raw = rng.integers(0, 2**48, size=n, dtype=np.int64)
    return np.array([f"wx_{x:012x}" for x in raw], dtype=object)


def _straight(answers: np.ndarray) -> np.ndarray:
    """Rows whose answered items (1..5) are all identical, with at least 10 answered."""
    valid = (answers >= 1) & (answers <= 5)
    lo = np.where(valid, answers, 99).min(axis=1)
    hi = np.where(valid, answers, -1).max(axis=1)
    return (valid.sum(axis=1) >= 10) & (lo == hi)


def draw_sample(
    population: pd.DataFrame,
    n: int = 3000,
    rng: np.random.Generator | int | None = None,
    *,
    model: ModelParams = DEFAULT_MODEL,
    bias: dict[str, dict[str, float]] | None = None,
    planted_issues: bool = False,
    suggestions: bool = True,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Draw `n` respondents the way an online questionnaire reaches people.

    Young, high-income and 本市户籍 residents answer more often, 60+ much less;
    districts only partly follow a quota of ~500 each. With ``planted_issues``
    about n/30 extra rows that cleaning must drop are added (speeders,
    straight-liners, repeat submissions from one device, under-18s) and ~1% of
    district names are written as variants. Returns ``(responses, labels)``.

    ``responses`` has the columns of responses.csv: items are nullable ``Int8``
    (1–5, 9 = 不了解/不适用, ``<NA>`` = blank). ``labels`` has one row per
    response: ``resp_id``; ``issue`` ('' for a clean row, ``district_alias`` for
    a kept row with a variant district spelling, else the drop reason
    ``speeder`` / ``straightliner`` / ``duplicate_device`` / ``under_age``);
    ``topics`` ('|'-joined lexicon codes); ``informative``; ``has_personal_data``.

    >>> from citysurvey.datasets import make_population
    >>> responses, labels = draw_sample(make_population(), 500, rng=1)
    >>> len(responses), bool((labels["issue"] == "").all())
    (500, True)
    """
    rng = np.random.default_rng(rng)
    bias = BIAS if bias is None else bias
    eta_cells = linear_predictor(population, model)
    p9_cells = special_probs(population)
    counts = {k: int(round(n * r)) for k, r in ISSUE_RATES.items()} if planted_issues else dict.fromkeys(ISSUE_RATES, 0)

    cells = _draw_cells(population, n + counts["speeder"] + counts["straightliner"], rng, bias)
    young = np.flatnonzero(population["age_band"].astype(str).to_numpy() == AGE_BANDS[0])
    prop = _propensity(population, bias)[young]
    cells = np.concatenate([cells, rng.choice(young, size=counts["under_age"], p=prop / prop.sum())])
    # Kept rows first, then speeders, straight-liners, under-18s; duplicates are appended later.
    issue = np.array(
        [""] * n + [k for k in ("speeder", "straightliner", "under_age") for _ in range(counts[k])], dtype=object
    )
    order = rng.permutation(n + counts["speeder"] + counts["straightliner"])  # keep issue rows spread over districts
    cells[: len(order)] = cells[order]
    frame = population.iloc[cells][list(CELL_VARS)].reset_index(drop=True)
    # streets come from a stream of their own, so every other draw stays as it was without them
    frame.insert(1, "street", assign_streets(frame["district"], rng.spawn(1)[0], model))
    answers = simulate_answers(frame, rng, model, eta_cells[cells] + street_shift(frame, model), p9_cells[cells])
    age_codes = cell_codes(frame, "age_band")
    m = len(frame)

    age = _ages(age_codes, rng)
    duration = _durations(age_codes, rng)
    submitted = _timestamps(m, rng)
    age_band = frame["age_band"].astype(str).to_numpy().astype(object)

    speed = issue == "speeder"
    answers[speed] = rng.integers(1, 6, size=(speed.sum(), len(ALL_ITEMS)))
    duration[speed] = rng.integers(45, 141, size=speed.sum())
    straight = issue == "straightliner"
    answers[straight] = rng.choice([5, 5, 5, 3, 4], size=straight.sum())[:, None]
    under = issue == "under_age"
    age[under] = rng.integers(16, 18, size=under.sum())
    age_band[under] = np.where(rng.random(under.sum()) < 0.6, "", AGE_BANDS[0])

    # Real answers never straight-line by accident: nudge one item of any such row.
    accidental = _straight(answers) & ~straight
    for r in np.flatnonzero(accidental):
        j = int(np.flatnonzero((answers[r] >= 1) & (answers[r] <= 5))[0])
        answers[r, j] = answers[r, j] - 1 if answers[r, j] > 1 else 2

    has_text, informative, topics = plan_suggestions(topic_input(answers[:, : len(ITEMS)]), age_codes, rng)
    careless = speed | straight
    has_text[careless] &= rng.random(careless.sum()) < 0.4
    informative[careless] = False
    topics[careless] = -1
    districts = frame["district"].astype(str).to_numpy()
    if suggestions:
        texts, labels, personal = write_suggestions(has_text, informative, topics, districts, rng)
    else:
        texts, labels, personal = [""] * m, [""] * m, [0] * m

    out = frame.astype(str)
    out.insert(0, "device_id", _device_ids(m, rng))
    out.insert(0, "duration_sec", duration)
    out.insert(0, "submitted_at", submitted)
    out.insert(out.columns.get_loc("sex") + 1, "age", age)
    out["age_band"] = age_band
    out["suggestion"] = texts
    lab = pd.DataFrame(
        {"issue": issue, "topics": labels, "informative": (informative & has_text).astype(int), "has_personal_data": personal}
    )

    if counts["duplicate_device"]:
        out, answers, lab = _add_duplicates(out, answers, lab, counts["duplicate_device"], rng)
    if planted_issues:
        _plant_aliases(out, lab, rng)

    for j, name in enumerate(ITEM_NAMES):
        col = answers[:, j]
        out[name] = pd.arrays.IntegerArray(col.astype(np.int8), col == 0)
    profile = ["district", "street", "sex", "age", "age_band", "hukou", "income_band", "tenure"]
    out = out[["submitted_at", "duration_sec", "device_id", *profile, *ITEM_NAMES, "suggestion"]]
    out["suggestion"] = out["suggestion"].astype("string").replace("", pd.NA)

    # The platform numbers rows in submission order.
    order = np.lexsort((np.arange(len(out)), out["submitted_at"].to_numpy()))
    out = out.iloc[order].reset_index(drop=True)
    lab = lab.iloc[order].reset_index(drop=True)
    width = max(5, len(str(len(out))))
    ids = [f"R{k:0{width}d}" for k in range(1, len(out) + 1)]
    out.insert(0, "resp_id", ids)
    lab.insert(0, "resp_id", ids)
    return out, lab


def _add_duplicates(out: pd.DataFrame, answers: np.ndarray, lab: pd.DataFrame, k: int, rng: np.random.Generator):
    """A later submission from the device of an earlier genuine respondent."""
    end = np.datetime64(FIELDWORK[1] + "T23:59:59", "s")
    early = out["submitted_at"].to_numpy() < end - np.timedelta64(2, "D")  # room for the later submission
    eligible = np.flatnonzero((lab["issue"].to_numpy() == "") & early)
    src = np.sort(rng.choice(eligible, size=k, replace=False))
    dup = out.iloc[src].copy()
    delay = (300 + rng.integers(0, 2 * 86400, size=k)).astype("timedelta64[s]")
    dup["submitted_at"] = dup["submitted_at"].to_numpy() + delay
    faster = np.round(dup["duration_sec"].to_numpy() * np.exp(rng.normal(-0.3, 0.2, k)))  # the form is familiar now
    dup["duration_sec"] = np.maximum(faster, _MIN_GENUINE_DURATION).astype(np.int64)
    dup_answers = answers[src].copy()
    # half re-answer a few items differently; the rest submit the same form twice
    for r in np.flatnonzero(rng.random(k) < 0.5):
        for j in rng.choice(len(ITEMS), size=3, replace=False):
            if 1 <= dup_answers[r, j] <= 5:
                dup_answers[r, j] = min(5, max(1, dup_answers[r, j] + rng.choice([-1, 1])))
    dup_lab = lab.iloc[src].copy()
    drop_text = rng.random(k) < 0.5
    dup.loc[drop_text, "suggestion"] = ""
    dup_lab.loc[drop_text, ["topics"]] = ""
    dup_lab.loc[drop_text, ["informative", "has_personal_data"]] = 0
    dup_lab["issue"] = "duplicate_device"
    return (
        pd.concat([out, dup], ignore_index=True),
        np.concatenate([answers, dup_answers]),
        pd.concat([lab, dup_lab], ignore_index=True),
    )


def _plant_aliases(out: pd.DataFrame, lab: pd.DataFrame, rng: np.random.Generator) -> None:
    by_district: dict[str, list[str]] = {}
    for alias, name in DISTRICT_ALIASES.items():
        by_district.setdefault(name, []).append(alias)
    genuine = np.flatnonzero(lab["issue"].to_numpy() == "")
    rows = np.sort(rng.choice(genuine, size=int(round(ALIAS_RATE * len(genuine))), replace=False))
    for r in rows:
        options = by_district[out.at[r, "district"]]
        out.at[r, "district"] = options[int(rng.integers(len(options)))]
    lab.loc[rows, "issue"] = "district_alias"
