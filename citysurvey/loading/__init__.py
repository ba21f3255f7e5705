"""Loading: raw files → validated study data (the first stage of every run)."""
from __future__ import annotations

from pathlib import Path

from ..codebook import Codebook, load_codebook
from ..config import StudyConfig
from .auxiliary import CITY_AREA, MARGIN_SEP, validate_indicators, validate_margins
from .platform import apply_column_map
from .readers import read_raw, read_table
from .responses import validate_responses
from .study_data import CleaningLog, StudyData

__all__ = [
    "CITY_AREA", "MARGIN_SEP", "CleaningLog", "StudyData", "load_study_data", "read_table", "read_raw",
    "read_margins", "validate_responses", "validate_margins", "validate_indicators",
]


def _name(path: Path, cfg: StudyConfig | None = None) -> str:
    """Show paths relative to the working folder when possible, as the user typed them."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def read_margins(path: str | Path, codebook: Codebook) -> "pd.DataFrame":  # noqa: F821
    path = Path(path)
    return validate_margins(read_table(path), codebook, file=_name(path))


def load_study_data(cfg: StudyConfig) -> StudyData:
    """Read and validate every input of a study.

    >>> from citysurvey.config import load_study
    >>> data = load_study_data(load_study("analysis/demo_city/study.yaml"))  # doctest: +SKIP
    >>> data.log.summary()                                                      # doctest: +SKIP
    """
    inp = cfg.inputs
    codebook = load_codebook(inp.codebook)
    file = _name(inp.responses)
    raw = read_raw(inp.responses, encoding=inp.encoding, sheet=inp.sheet, header_rows=inp.header_rows)
    frame, renamed, notes = apply_column_map(raw.frame, inp.columns, codebook, file=file)
    labels = {renamed.get(c, c): v for c, v in raw.value_labels.items()}
    user_missing = {renamed.get(c, c): v for c, v in raw.user_missing.items()}
    responses, log = validate_responses(
        frame, codebook, cfg.cleaning, file=file, first_row=raw.first_row, missing_values=tuple(inp.missing_values),
        value_labels=labels, user_missing=user_missing, notes=(*raw.notes, *notes))
    margins = read_margins(inp.margins, codebook) if inp.margins else None
    indicators = (
        validate_indicators(read_table(inp.indicators), codebook, file=_name(inp.indicators)) if inp.indicators else None
    )
    sources = {k: v for k, v in {"responses": inp.responses, "codebook": inp.codebook, "margins": inp.margins,
                                 "indicators": inp.indicators, "quota_plan": inp.quota_plan}.items() if v is not None}
    return StudyData(responses=responses, codebook=codebook, log=log, margins=margins, indicators=indicators,
                     sources=sources)
