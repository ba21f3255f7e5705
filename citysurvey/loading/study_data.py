"""Validated study data: what the loading stage hands to every later stage."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..codebook import Codebook


@dataclass(frozen=True)
class CleaningLog:
    """Accounts for every input row.

    ``rows``: one row per input row — ``row`` (1-based row number as seen in
    Excel, header = row 1), ``respondent_id``, ``status`` (kept / changed /
    dropped), ``reason`` (Chinese, ``；``-joined).
    ``notes``: bilingual lines on what reading decided for the whole file (the sheet chosen, an
    empty unnamed column ignored, columns renamed, variables derived).
    ``changes``: one row per changed cell — ``row``, ``respondent_id``,
    ``column``, ``before``, ``after``, ``reason``.
    """

    rows: pd.DataFrame
    changes: pd.DataFrame
    ignored_columns: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # what reading decided for the whole file (sheet chosen, column dropped…)

    def summary(self) -> pd.DataFrame:
        """Counts by status and reason; the ``total`` row equals the input rows."""
        counts = self.rows.groupby(["status", "reason"], sort=True).size().rename("n").reset_index()
        order = {"kept": 0, "changed": 1, "dropped": 2}
        counts = counts.sort_values(["status", "reason"], key=lambda s: s.map(order) if s.name == "status" else s)
        total = pd.DataFrame([{"status": "total", "reason": "", "n": len(self.rows)}])
        return pd.concat([counts, total], ignore_index=True)

    @property
    def n_input(self) -> int:
        return len(self.rows)

    def count(self, status: str) -> int:
        return int((self.rows["status"] == status).sum())


@dataclass(frozen=True)
class StudyData:
    """The validated inputs of one study.

    ``responses``: one row per kept respondent, indexed by respondent id (in input
    order). Categorical columns are pandas ``category`` dtype whose categories are
    the codebook's labels in codebook order. Likert items are nullable ``Int8``:
    the scale *position* 1 (least satisfied) … k (most satisfied); a negative
    number for a special answer (−1 = the scale's first special code, e.g.
    不了解/不适用, −2 the second); ``<NA>`` when not answered. Numbers are
    float64, dates ``datetime64``, text ``string``.

    ``margins``: population margins in long form — columns ``margin`` (e.g.
    ``district×sex×age_band``), one column per codebook variable used by any
    margin (blank where that variable is not part of the row's margin), and
    ``population``. Category values use the codebook's labels.

    ``indicators``: objective indicator values — ``area``, ``year``,
    ``indicator_id``, ``value``, ``unit``, ``stock`` (denominator for
    problem-count indicators, may be blank); ``None`` when the study has none.
    """

    responses: pd.DataFrame
    codebook: Codebook
    log: CleaningLog
    margins: pd.DataFrame | None = None
    indicators: pd.DataFrame | None = None
    sources: dict[str, Path] = field(default_factory=dict)

    @property
    def n(self) -> int:
        return len(self.responses)
