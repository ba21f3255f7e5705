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

    Parameters
    ----------
    data : pandas.DataFrame
        The respondents, with the plan's variables.
    plan : Margin
        Population per quota cell.
    empty : {"error", "collapse"}
        A cell with population but no respondent: stop, or merge it with a neighbour along
        ``collapse_order``.
    collapse_order : sequence of str
        Ordered variables whose neighbouring categories may be merged.

    Returns
    -------
    numpy.ndarray
        One weight per respondent; they sum to the plan's population.

    Raises
    ------
    StageError
        A respondent outside every cell, or an empty cell with ``empty="error"``.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"district": ["甲区"] * 4 + ["乙区"] * 4, "sex": ["男", "女", "女", "女", "男", "男", "女", "男"],
    ...                    "q1": [5, 4, 3, 4, 2, 3, 3, 4], "w": [100.0] * 4 + [300.0] * 4})
    >>> from citysurvey.weighting import Margin, base_weights
    >>> base_weights(df, Margin.of("district", {"甲区": 400, "乙区": 1200})).tolist()
    [100.0, 100.0, 100.0, 100.0, 300.0, 300.0, 300.0, 300.0]
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
    """A design whose weights are the quota plan's base weights (:func:`base_weights`).

    Parameters
    ----------
    data : pandas.DataFrame
        The respondents.
    plan : Margin
        Population per quota cell.
    strata, clusters : str, optional
        As :func:`svydesign`.
    empty, collapse_order
        As :func:`base_weights`.

    Returns
    -------
    SurveyDesign
        The design, its history noting the plan.

    Raises
    ------
    StageError
        As :func:`base_weights` and :func:`svydesign`.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"district": ["甲区"] * 4 + ["乙区"] * 4, "sex": ["男", "女", "女", "女", "男", "男", "女", "男"],
    ...                    "q1": [5, 4, 3, 4, 2, 3, 3, 4], "w": [100.0] * 4 + [300.0] * 4})
    >>> from citysurvey.weighting import Margin, design_from_plan
    >>> d = design_from_plan(df, Margin.of("district", {"甲区": 400, "乙区": 1200}), strata="district")
    >>> float(d.weights.sum()), d.strata_labels
    (1600.0, ('乙区', '甲区'))
    """
    w = base_weights(data, plan, empty=empty, collapse_order=collapse_order)
    return SurveyDesign.from_frame(data, weights=w, strata=strata, clusters=clusters)
