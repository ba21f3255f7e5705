"""The report stage: read a run's outputs and render the Quarto reports in ``reports/``.

Report documents use :func:`load_outputs`, the number formatters and
:func:`md_table`; the pipeline uses ``ReportStage`` (in ``.stage``) and :func:`render`.

>>> from citysurvey.report import load_outputs, fmt_int
>>> out = load_outputs("output/demo_city")     # doctest: +SKIP
>>> fmt_int(out.counts["n_valid"])               # doctest: +SKIP
'1,203'
"""
from .builtin import InProcessSession, KernelSession
from .numbers import fmt_date, fmt_date_range, fmt_int, fmt_num, fmt_pct, fmt_pp, fmt_seconds, fmt_wan
from .outputs import CITY_AREA, ReportOutputs, load_outputs, report_metadata
from .renderer import RenderResult, render
from .tables import md_table

__all__ = [
    "CITY_AREA", "ReportOutputs", "load_outputs", "report_metadata", "md_table", "render", "RenderResult",
    "KernelSession", "InProcessSession", "fmt_date", "fmt_date_range", "fmt_int", "fmt_num", "fmt_pct", "fmt_pp", "fmt_seconds",
    "fmt_wan",
]
