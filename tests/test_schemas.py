"""Typed hand-off: the tables the report reads are checked when a stage hands them over and when read."""
from __future__ import annotations

import importlib
import re
from pathlib import Path

import pandas as pd
import pytest

from citysurvey.errors import StageError
from citysurvey.pipeline import run_study
from citysurvey.report.outputs import load_outputs
from citysurvey.schemas import SCHEMAS, TABLES, check_handoff, table_problems

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


# --- every table the report reads has a schema -------------------------------------------------

REPO = Path(__file__).resolve().parents[1]
#: read by the province report from a batch folder, never from one study's outputs (chapters/province.py)
NOT_A_STUDY_OUTPUT = {"rollup/city_overview.csv"}
_CSV = re.compile(r"""["']((?:data|[a-z]+)/[a-z_]+\.csv)["']""")


def _report_reads() -> set[str]:
    """Every ``<stage>/<table>.csv`` the report names: literals in its code and documents, and constants."""
    from citysurvey.registry import STAGES

    folders = {"data"} | {s.name for s in STAGES}
    sources = [*(REPO / "citysurvey" / "report").rglob("*.py"), *(REPO / "reports").rglob("*.qmd")]
    found = {m for p in sources for m in _CSV.findall(p.read_text(encoding="utf-8"))}
    # names built in code (diagnosis.LISTS is a dict comprehension over f-strings)
    for path in (REPO / "citysurvey" / "report" / "chapters").glob("*.py"):
        module = importlib.import_module(f"citysurvey.report.chapters.{path.stem}")
        for value in vars(module).values():
            values = value.values() if isinstance(value, dict) else [value]
            found |= {v for v in values if isinstance(v, str) and _CSV.fullmatch(f'"{v}"')}
    return {rel for rel in found if rel.split("/")[0] in folders} | (found & NOT_A_STUDY_OUTPUT)


def test_every_table_the_report_reads_has_a_schema():
    reads = _report_reads()
    # the scan finds what the chapters read (a scan that found nothing could not fail)
    assert {"text/quotes.csv", "diagnosis/action_plan.csv", "indicators/indicator_grades.csv",
            "sampling/quota_status.csv", "smallarea/street_table.csv", "waves/followup.csv"} <= reads
    unchecked = sorted(reads - set(SCHEMAS) - NOT_A_STUDY_OUTPUT)
    assert not unchecked, f"tables the report reads without a schema in citysurvey/schemas.py: {unchecked}"
    assert len(reads - NOT_A_STUDY_OUTPUT) >= 40


def test_every_schema_names_its_key_and_ranges_among_its_columns():
    for rel, schema in SCHEMAS.items():
        known = set(schema.columns) | set(schema.optional)
        named = {*schema.key, *schema.ranges, *schema.numeric, *schema.flags, *(c for o in schema.ordered for c in o)}
        assert named <= known, (rel, named - known)


# --- a broken table is refused, at hand-off and on read, naming the file, the column, what is wrong --

def _shares() -> pd.DataFrame:
    return pd.DataFrame({"district": ["全市", "全市", "甲区"], "base": "all", "topic": ["T1", "T2", "T1"],
                         "measure": "topic", "estimate": [0.2, 0.1, 0.3], "ci_low": [0.15, 0.05, 0.2],
                         "ci_high": [0.25, 0.15, 0.4], "n": 100, "n_mention": [20, 10, 30]})


def test_a_share_above_one_is_refused_at_the_hand_off_naming_table_row_and_column():
    check_handoff("text", {"topic_shares": _shares()})  # the sound table passes
    bad = _shares()
    bad.loc[2, ["estimate", "ci_high"]] = [1.3, 1.4]
    with pytest.raises(StageError) as exc:
        check_handoff("text", {"topic_shares": bad})
    text = exc.value.format()
    assert "text/topic_shares.csv" in text and "「topic_shares」" in text
    assert "列「estimate」" in text and "[0, 1]" in text and "第 4 行" in text and "1.3" in text
    assert "column 'estimate'" in text  # and in English


def test_a_repeated_key_is_refused_naming_the_key_and_the_row():
    bad = pd.concat([_shares(), _shares().iloc[[0]]], ignore_index=True)
    problems = table_problems("text/topic_shares.csv", bad, name="topic_shares")
    assert len(problems) == 1
    assert "district、base、topic、measure" in problems[0].zh and problems[0].row == 5
    assert problems[0].value == "全市 / all / T1 / topic"


def test_an_interval_that_misses_its_estimate_is_refused():
    bad = _shares()
    bad.loc[1, "ci_low"] = 0.12  # above the estimate 0.1
    [problem] = table_problems("text/topic_shares.csv", bad)
    assert "ci_low ≤ estimate ≤ ci_high" in problem.zh and problem.row == 3


def test_a_normal_interval_past_the_scales_end_passes_but_not_a_non_number():
    """A tiny domain's Wald interval may cross 0 or 1 (R's confint does too); its order is what counts."""
    wide = _shares()
    wide.loc[1, ["ci_low", "ci_high"]] = [-0.04, 0.24]
    wide.loc[2, "ci_high"] = 1.02
    assert table_problems("text/topic_shares.csv", wide) == []
    bad = _shares().astype({"ci_high": object})
    bad.loc[0, "ci_high"] = "n/a"
    assert len(table_problems("text/topic_shares.csv", bad)) >= 1


def test_text_in_a_number_column_and_a_flag_that_is_not_true_or_false_are_refused():
    bad = _shares().astype({"n_mention": object})
    bad.loc[0, "n_mention"] = "十"
    [problem] = table_problems("text/topic_shares.csv", bad)
    assert problem.column == "n_mention" and problem.value == "十" and "数值" in problem.zh
    tests = pd.DataFrame({"item": ["q1"], "label": ["x"], "kind": ["item"], "domain_var": ["qu"],
                          "p_value": [0.2], "significant": ["yes"]})
    [problem] = table_problems("scoring/group_tests.csv", tests)
    assert problem.column == "significant" and "True/False" in problem.zh


def test_an_empty_table_passes_only_where_the_schema_allows_it():
    empty_drivers = pd.DataFrame(columns=list(TABLES["scoring/drivers.csv"]))  # a study without an overall item
    assert table_problems("scoring/drivers.csv", empty_drivers) == []
    [problem] = table_problems("scoring/method.csv", pd.DataFrame(columns=["aspect", "rule"]))
    assert "不应为空" in problem.zh and "no rows" in problem.en


def test_an_optional_column_is_checked_only_when_present():
    frame = pd.DataFrame({"n": [100], "cv": [0.5], "deff_kish": [1.2], "n_eff": [83.0]})  # no district
    assert table_problems("weighting/diagnostics.csv", frame) == []
    frame["share_weighted"] = 1.5
    [problem] = table_problems("weighting/diagnostics.csv", frame)
    assert problem.column == "share_weighted"


def test_the_report_refuses_an_estimate_table_with_a_repeated_row_and_a_share_above_one(tmp_path):
    res = run_study(synthetic_study(tmp_path))
    out = load_outputs(res.output_dir)
    read = [rel for rel in SCHEMAS if out.has(rel)]
    for rel in read:  # a sound run passes every check on read
        out.table(rel)
    assert {"estimation/estimates.csv", "scoring/item_district.csv", "scoring/ipa.csv"} <= set(read)
    quotes = res.output_dir / "estimation" / "estimates.csv"
    table = pd.read_csv(quotes, encoding="utf-8-sig")
    pd.concat([table, table.iloc[[0]]]).to_csv(quotes, index=False, encoding="utf-8-sig")
    shares = res.output_dir / "scoring" / "item_district.csv"
    table = pd.read_csv(shares, encoding="utf-8-sig")
    table.loc[0, "satisfied_rate"] = 1.2
    table.to_csv(shares, index=False, encoding="utf-8-sig")
    fresh = load_outputs(res.output_dir)
    with pytest.raises(StageError) as exc:
        fresh.table("estimation/estimates.csv")
    assert str(quotes) in exc.value.format() and "重复" in exc.value.format()
    with pytest.raises(StageError) as exc:
        fresh.table("scoring/item_district.csv")
    text = exc.value.format()
    assert str(shares) in text and "satisfied_rate" in text and "第 2 行" in text and "citysurvey run" in text


def test_a_stage_that_hands_over_a_repeated_estimate_stops_the_run(tmp_path):
    from citysurvey.estimation.stage import EstimationStage
    from citysurvey.stage import StageResult

    class Repeating(EstimationStage):
        def run(self, ctx):
            table = super().run(ctx).tables["estimates"]
            return StageResult(self.name, tables={"estimates": pd.concat([table, table.iloc[[3]]], ignore_index=True)})

    with pytest.raises(StageError) as exc:
        run_study(synthetic_study(tmp_path), stages=[Repeating()])
    text = exc.value.format()
    assert "环节「estimation」交出的表「estimates」的键（variable、measure、district）有 1 行重复" in text
    assert "estimation/estimates.csv" in text and "This is a bug" in text
