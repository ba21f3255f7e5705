"""The provincial summary report of a batch: ``reports/province.qmd`` through the report engine."""
from __future__ import annotations

from pathlib import Path

from ..extras import require_report
from ..report.renderer import FORMATS, render
from ..report.stage import SOURCE_REPORTS

SUMMARY_DOCUMENT = "province.qmd"
SUMMARY_NAME = "province_report"


def render_summary(batch_dir: Path, *, formats: list[str] | tuple[str, ...] = (), engine: str = "auto",
                   reports_dir: Path = SOURCE_REPORTS) -> dict[str, Path]:
    """Render the summary into ``<batch_dir>/report/``; every format the engine offers by default."""
    require_report("生成汇总报告", "rendering the summary report")
    result = render(Path(reports_dir) / SUMMARY_DOCUMENT, {"batch_dir": str(Path(batch_dir).resolve())},
                    Path(batch_dir) / "report", tuple(formats) or FORMATS, engine, name=SUMMARY_NAME,
                    record_params={"batch_dir": ".."})
    return result.files
