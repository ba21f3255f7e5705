"""The estimation stage: every Likert item's satisfied share and mean position, city-wide and by district."""
from __future__ import annotations

import numpy as np
import pandas as pd

from dataclasses import replace
from typing import TYPE_CHECKING

from ..stage import RunContext, StageResult, lanes, run_design, section_enabled
from ..scoring.config import ScoringConfig, scoring_config
from ..scoring.items import box
from ..schemas import CITY_AREA as CITY

if TYPE_CHECKING:
    from ..weighting.design import SurveyDesign

#: the area column of every by-area table: ``全市`` or a district, whatever the codebook calls its variable
AREA = "district"


def item_matrix(responses: pd.DataFrame, codebook, items: list[str], scoring: ScoringConfig | None = None
                ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per item: 0/1 'satisfied' (the top boxes of its scale, ``scoring.top_boxes``) and the
    position, both NaN unless a valid answer.

    Special answers (negative codes) and blanks are not valid answers, so they
    are outside the item's denominator — a domain, not a zero.
    """
    scoring = scoring or ScoringConfig()
    sat, pos = {}, {}
    for it in items:
        k = codebook.scales[codebook.variables[it].scale].n_points
        x = pd.to_numeric(responses[it], errors="coerce").astype(float).to_numpy()
        x = np.where((x >= 1) & (x <= k), x, np.nan)
        pos[it] = x
        sat[it] = box(responses[it], k, top=scoring.boxes(k)[0])  # the one definition of 满意, shared with scoring
    return pd.DataFrame(sat, index=responses.index), pd.DataFrame(pos, index=responses.index)


def estimate_items(design: SurveyDesign, codebook, items: list[str], district: str | None, level: float = 0.95,
                   scoring: ScoringConfig | None = None, cores: int = 1) -> pd.DataFrame:
    """Satisfied share (logit CI) and mean position for every item, 全市 and by district, in one long table.

    ``cores`` ≥ 2: the four estimates (two measures, city and district) on two threads, with the same numbers.
    """
    from .estimators import svyciprop, svymean  # scipy: loaded when estimating, not when a config is read

    sat, pos = item_matrix(design.data, codebook, items, scoring)
    sat_names = {it: f"__sat_{it}" for it in items}
    pos_names = {it: f"__pos_{it}" for it in items}
    extra = pd.concat([sat.rename(columns=sat_names), pos.rename(columns=pos_names)], axis=1).reset_index(drop=True)
    data = pd.concat([design.data.reset_index(drop=True), extra], axis=1)
    d = replace(design, data=data)
    jobs = []
    with lanes(cores) as run:
        for by in ([None, district] if district else [None]):
            jobs.append((by, run(svyciprop, d, list(sat_names.values()), by, level=level), "satisfied_share"))
            jobs.append((by, run(svymean, d, list(pos_names.values()), by, level=level), "mean_position"))
        parts = []
        for by, job, measure in jobs:
            t = job.result().assign(measure=measure)
            # one name for the area column whatever the codebook calls its district variable
            parts.append(t.rename(columns={by: AREA}) if by else t.assign(**{AREA: CITY}))
    out = pd.concat(parts, ignore_index=True)
    back = {v: k for names in (sat_names, pos_names) for k, v in names.items()}
    out["variable"] = out["variable"].map(back)
    dom = AREA
    out[dom] = out[dom].astype(str)
    labels = {it: codebook.variables[it].label for it in items}
    levels = {it: codebook.variables[it].level or "" for it in items}
    out["label"] = out["variable"].map(labels)
    out["item_level"] = out["variable"].map(levels)
    cols = ["variable", "label", "item_level", "measure", dom, "estimate", "se", "ci_low", "ci_high", "n", "deff"]
    order = {it: i for i, it in enumerate(items)}
    out = out[cols].sort_values(
        ["measure", "variable", dom],
        key=lambda s: s.map(order) if s.name == "variable" else (s != CITY) if s.name == dom else s,
        kind="stable",
    )
    return out.reset_index(drop=True)


class EstimationStage:
    name = "estimation"
    title_zh = "估计"

    def enabled(self, config) -> bool:
        return section_enabled(config, self.name)

    def run(self, ctx: RunContext) -> StageResult:
        study = ctx.study
        district = study.codebook.district
        design, weighted = run_design(ctx)
        items = study.codebook.items
        table = estimate_items(design, study.codebook, items, district,
                               scoring=scoring_config(ctx.config), cores=ctx.cores)
        city = table[(table["measure"] == "satisfied_share") & (table[AREA] == CITY)]
        summary = {
            "weighted": weighted,
            "items": len(items),
            "domains": int(table[AREA].nunique()),
            "rows": len(table),
        }
        if len(city):
            lo, hi = city.loc[city["estimate"].idxmin()], city.loc[city["estimate"].idxmax()]
            summary["lowest_item"] = {"variable": lo["variable"], "satisfied_share": round(float(lo["estimate"]), 4)}
            summary["highest_item"] = {"variable": hi["variable"], "satisfied_share": round(float(hi["estimate"]), 4)}
            summary["max_se"] = round(float(city["se"].max()), 4)
        return StageResult(
            self.name, tables={"estimates": table}, value=table, summary=summary, sheet_names={"estimates": "满意度估计"}
        )
