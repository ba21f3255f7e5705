"""Base weights from the sampling or quota plan."""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from ..errors import Problem, StageError
from .design import SurveyDesign
from .margins import Margin, code_margin


def base_weights(data: pd.DataFrame, plan: Margin, *, empty: str = "error", collapse_order: Sequence[str] = ()) -> np.ndarray:
    """Weight N_c / n_c for every respondent of quota cell c (population over achieved sample).

    >>> w = base_weights(responses, Margin.of(["district", "sex"], plan))  # doctest: +SKIP
    """
    c = code_margin(data.reset_index(drop=True), plan, np.ones(len(data)), empty=empty, collapse_order=collapse_order)
    n_c = np.bincount(c.codes, minlength=len(c.targets)).astype(float)
    if (n_c == 0).any():  # code_margin's policy already caught these; kept as a guard
        raise StageError(Problem(zh="配额格中有无样本的格。", en="a quota cell has no respondent."))
    return (c.targets / n_c)[c.codes]


def design_from_plan(
    data: pd.DataFrame,
    plan: Margin,
    *,
    strata: str | None = None,
    clusters: str | None = None,
    empty: str = "error",
    collapse_order: Sequence[str] = (),
) -> SurveyDesign:
    """A design whose weights are the plan's base weights."""
    w = base_weights(data, plan, empty=empty, collapse_order=collapse_order)
    return SurveyDesign.from_frame(data, weights=w, strata=strata, clusters=clusters)
