"""The 柳州 worked example of the domain README (§4.2–4.3), as data.

The residents (常住人口 2020) per district are the allocation example's
figures; the adult margins are the README's *illustrative* derived shares
(sex × age assumed independent within a district), for documentation and
tests — not for a real survey.

>>> liuzhou_margins()["margin"].unique().tolist()
['district×sex×age_band', 'district×hukou', 'income_band']
"""
from __future__ import annotations

import pandas as pd

#: 常住人口 2020 (domain README §4.2); the §4.3 allocation example is computed from these.
LIUZHOU_RESIDENTS = {"城中区": 225_000, "鱼峰区": 668_961, "柳南区": 617_925, "柳北区": 484_765, "柳江区": 503_772}

# district: adults 18+, male share, (18–34, 35–59, 60+) shares, non-local hukou share — README §4.2 (mostly I).
_ADULTS = {
    "城中区": (176_400, 0.4866, (0.302, 0.493, 0.205), 0.25),
    "鱼峰区": (523_100, 0.5239, (0.337, 0.465, 0.198), 0.30),
    "柳南区": (486_300, 0.5178, (0.335, 0.462, 0.203), 0.28),
    "柳北区": (389_800, 0.5070, (0.297, 0.485, 0.218), 0.22),
    "柳江区": (378_800, 0.5217, (0.289, 0.472, 0.239), 0.12),
}
AGE_BANDS = ("18-34岁", "35-59岁", "60岁及以上")
INCOME_BANDS = {"5000元以下": 0.18, "5000-9999元": 0.32, "10000-14999元": 0.25, "15000-24999元": 0.17, "25000元及以上": 0.08}


def liuzhou_margins() -> pd.DataFrame:
    """Adult population margins of the 柳州 example in the long format (integers)."""
    rows = []
    for d, (adults, male, ages, nonlocal_share) in _ADULTS.items():
        for sex, s in (("男", male), ("女", 1 - male)):
            for band, a in zip(AGE_BANDS, ages):
                rows.append({"margin": "district×sex×age_band", "district": d, "sex": sex, "age_band": band,
                             "population": round(adults * s * a)})
    for d, (adults, _male, _ages, nonlocal_share) in _ADULTS.items():
        for hukou, h in (("本市户籍", 1 - nonlocal_share), ("非本市户籍", nonlocal_share)):
            rows.append({"margin": "district×hukou", "district": d, "hukou": hukou,
                         "population": round(adults * h)})
    city = sum(v[0] for v in _ADULTS.values())
    for band, share in INCOME_BANDS.items():
        rows.append({"margin": "income_band", "income_band": band, "population": round(city * share)})
    cols = ["margin", "district", "sex", "age_band", "hukou", "income_band", "population"]
    return pd.DataFrame(rows).reindex(columns=cols)
