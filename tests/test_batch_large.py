"""What a large study (1,000,000 respondents, see bench/bench_batch.py --large) needs of the stages."""
from __future__ import annotations

import numpy as np
import pandas as pd


def test_a_stage_workbook_leaves_per_respondent_tables_of_large_studies_in_csv(tmp_path, monkeypatch):
    from openpyxl import load_workbook

    from citysurvey import pipeline
    from citysurvey.stage import StageResult
    from citysurvey.writer import OutputWriter

    monkeypatch.setattr(pipeline, "MAX_SHEET_ROWS", 5)
    long, short = pd.DataFrame({"w": np.arange(6.0)}), pd.DataFrame({"w": np.arange(5.0)})
    with OutputWriter(workers=0) as writer:
        pipeline._write_stage(StageResult("weighting", tables={"weights": long, "margins": short}), tmp_path, writer,
                              excel=True)
    assert len(pd.read_csv(tmp_path / "weights.csv")) == 6  # the CSV keeps every row
    wb = load_workbook(tmp_path / "weighting.xlsx")
    assert wb["weights"].max_row == 3 and "weights.csv" in wb["weights"]["A2"].value
    assert wb["margins"].max_row == 6
