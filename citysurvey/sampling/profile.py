"""The sample against the population: unweighted shares next to population shares."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..codebook import Codebook
from ..loading import CITY_AREA, MARGIN_SEP

PROFILE_COLUMNS = [
    "district", "variable", "variable_label", "category", "n_sample", "share_sample",
    "population", "share_population", "diff_pp",
]


def population_distribution(margins: pd.DataFrame, variable: str, district_var: str | None) -> pd.DataFrame:
    """Population by (district, category) from the most detailed margin holding `variable`.

    Returns columns district, category, population; district is ``全市`` for the
    city and each district where a margin crosses `variable` with the district.
    """
    names = margins["margin"].drop_duplicates()
    holding = [m for m in names if variable in m.split(MARGIN_SEP)]
    frames = []
    if not holding:
        return pd.DataFrame(columns=["district", "category", "population"])
    by_district = [m for m in holding if district_var and district_var in m.split(MARGIN_SEP)]
    source = by_district[0] if by_district else holding[0]
    rows = margins[margins["margin"] == source]
    if by_district and variable != district_var:
        d = rows.groupby([district_var, variable], sort=False)["population"].sum().reset_index()
        frames.append(d.rename(columns={district_var: "district", variable: "category"}))
    city = rows.groupby(variable, sort=False)["population"].sum().reset_index()
    frames.append(city.rename(columns={variable: "category"}).assign(district=CITY_AREA))
    return pd.concat(frames, ignore_index=True)[["district", "category", "population"]]


def sample_profile(responses: pd.DataFrame, codebook: Codebook, margins: pd.DataFrame | None,
                   variables: list[str]) -> pd.DataFrame:
    """Unweighted sample composition by district and for the city, with population shares.

    >>> sample_profile(data.responses, data.codebook, data.margins, ["sex", "age_band"])  # doctest: +SKIP
    """
    dvar = codebook.district
    variables = [v for v in ([dvar] if dvar else []) + list(variables) if v in responses.columns]
    out = []
    for var in dict.fromkeys(variables):
        cats = codebook.categories(var)
        groups = [(CITY_AREA, responses)]
        if dvar and var != dvar:
            groups += [(d, responses[responses[dvar] == d]) for d in codebook.categories(dvar)]
        pop = population_distribution(margins, var, dvar) if margins is not None else None
        for area, part in groups:
            counts = part[var].value_counts(dropna=True).reindex(cats, fill_value=0)
            frame = pd.DataFrame({"district": area, "variable": var,
                                  "variable_label": codebook.variables[var].label or var,
                                  "category": cats, "n_sample": counts.to_numpy()})
            total = frame["n_sample"].sum()
            frame["share_sample"] = frame["n_sample"] / total if total else np.nan
            if pop is not None and len(pop):
                p = pop[pop["district"] == area].set_index("category")["population"].reindex(cats)
                frame["population"] = p.to_numpy()
                frame["share_population"] = (p / p.sum()).to_numpy() if p.notna().any() else np.nan
            else:
                frame["population"] = np.nan
                frame["share_population"] = np.nan
            out.append(frame)
    if not out:  # neither a district nor a categorical demographic variable: nothing to profile
        return pd.DataFrame(columns=PROFILE_COLUMNS)
    profile = pd.concat(out, ignore_index=True)
    profile["diff_pp"] = 100 * (profile["share_sample"] - profile["share_population"])
    return profile[PROFILE_COLUMNS]
