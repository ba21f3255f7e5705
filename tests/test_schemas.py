"""Typed hand-off: the tables the report reads are checked when a stage hands them over and when read."""
from __future__ import annotations

import pandas as pd
import pytest

from citysurvey.errors import StageError
from citysurvey.pipeline import run_study
from citysurvey.report.outputs import load_outputs
from citysurvey.schemas import TABLES, check_handoff

from variant_studies import synthetic_study


def test_a_weighting_table_without_a_column_the_report_reads_stops_the_hand_off():
    weights = pd.DataFrame({"case_no": ["C1"], "base_weight": [1.0], "weight": [1.2]})
    with pytest.raises(StageError) as exc:
        check_handoff("weighting", {"weights": weights, "history": pd.DataFrame({"step": ["rake"], "description": ["x"]})})
    text = exc.value.format()
    assert "weighting/weights.csv" in text and "「weights」缺少列：g" in text
    assert "history" not in text  # a complete table passes


def test_every_schema_table_of_a_run_without_a_district_has_its_columns(tmp_path):
    res = run_study(synthetic_study(tmp_path, district=None))
    out = load_outputs(res.output_dir)
    checked = [rel for rel in TABLES if out.has(rel)]
    assert {"weighting/weights.csv", "weighting/diagnostics.csv", "weighting/margins.csv", "scoring/method.csv"} <= set(checked)
    for rel in checked:
        assert set(TABLES[rel]) <= set(out.table(rel).columns), rel


def test_the_report_refuses_an_output_that_lacks_a_column(tmp_path):
    res = run_study(synthetic_study(tmp_path))
    path = res.output_dir / "weighting" / "diagnostics.csv"
    table = pd.read_csv(path, encoding="utf-8-sig").drop(columns=["n_eff"])
    table.to_csv(path, index=False, encoding="utf-8-sig")
    with pytest.raises(StageError) as exc:
        load_outputs(res.output_dir).table("weighting/diagnostics.csv")
    assert "n_eff" in exc.value.format() and "diagnostics.csv" in exc.value.format()
