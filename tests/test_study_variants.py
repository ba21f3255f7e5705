"""Studies unlike the demo city: every crash and demo assumption of issue 11 as a test.

Each study is generated (tests/variant_studies.py) with its own column names: the
district variable is ``qu``, the id ``case_no`` is the last column, the groups are
``gender`` and ``age_group``. The report stage is off here (test_study_variants_report
renders); runs take a few seconds each.
"""
from __future__ import annotations

import os
import stat
import textwrap

import numpy as np
import pandas as pd
import pytest
import yaml

from citysurvey.config import load_study
from citysurvey.errors import ConfigError, StageError
from citysurvey.outputs import read_csv, sha256_file
from citysurvey.pipeline import read_manifest, record_report, run_study, validate_study
from citysurvey.registry import STAGES, stage_config_models
from citysurvey.report.chapters import methods, overview
from citysurvey.report.outputs import load_outputs
from citysurvey.report.stage import render_reports
from citysurvey.scoring.stage import DRIVER_COLUMNS

from variant_studies import FAST, synthetic_study


def _run(folder, **kw):
    return run_study(synthetic_study(folder, **kw))


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """A full run of a 3-district, 5-point study with an overall item and an open question."""
    return _run(tmp_path_factory.mktemp("base") / "study")


def _absent(output_dir) -> set[str]:
    return {g["key"] for g in read_manifest(output_dir)["absent"]}


# -- the crashes of the issue ---------------------------------------------------

def test_items_without_level_are_scored_without_indices(tmp_path):
    res = _run(tmp_path, levels=False)
    scores = res.results["scoring"].tables["scores"]
    assert set(scores.loc[scores["kind"] == "item", "item"]) >= {f"sat_{i}" for i in range(1, 9)}
    assert res.results["scoring"].tables["index_rules"].empty  # no level: no index, no KeyError
    assert "levels" in _absent(res.output_dir)
    # drivers still run: the unlevelled items form one group
    assert len(res.results["scoring"].tables["drivers"]) == 8


def test_no_district_runs_and_every_table_keeps_its_area_column(tmp_path):
    res = _run(tmp_path, district=None)
    est = res.results["estimation"].tables["estimates"]
    assert set(est["district"]) == {"全市"}
    assert "district" in _absent(res.output_dir)
    facts = overview.sample_facts(load_outputs(res.output_dir))
    assert facts.coverage == "" and "未设置所在区" in facts.district_range


def test_no_overall_item_writes_an_empty_drivers_table_with_its_header(tmp_path):
    res = _run(tmp_path, overall=False)
    drivers = read_csv(res.output_dir / "scoring" / "drivers.csv")
    assert list(drivers.columns) == DRIVER_COLUMNS and drivers.empty
    method = res.results["scoring"].tables["method"].set_index("aspect")["rule"]
    assert "未设置总体满意度题" in method["关键驱动因素"]
    assert "overall" in _absent(res.output_dir)


@pytest.mark.parametrize("case, item", [("empty_item", "sat_3"), ("single_answer_item", "sat_4")])
def test_an_item_with_no_or_one_answer_is_left_out_of_the_drivers(tmp_path, case, item):
    res = _run(tmp_path, **{case: True})
    drivers = res.results["scoring"].tables["drivers"]
    items = drivers[drivers["model"] == "items"]
    assert item not in set(items["predictor"]) and len(items) == 7
    assert np.isclose(items["relative_weight"].sum(), items["r2"].iloc[0], atol=0.02)  # the ε still sum to R²
    method = res.results["scoring"].tables["method"].set_index("aspect")["rule"]
    assert "满意度题" in method["驱动分析未纳入的题目"]
    est = res.results["estimation"].tables["estimates"]
    city = est[(est["variable"] == item) & (est["district"] == "全市") & (est["measure"] == "satisfied_share")]
    n_expected = 0 if case == "empty_item" else 1
    assert int(city["n"].iloc[0]) == n_expected


def test_text_chapter_of_a_small_study_without_repeated_answers(tmp_path):
    from citysurvey.report.chapters import text as text_chapter

    res = _run(tmp_path, n=60, unique_text=True,
               sections="text: {classify: {training_size: 500}}\nreport: {enabled: false}\n")
    floods = read_csv(res.output_dir / "text" / "floods.csv")
    assert floods.empty and "districts" in floods.columns
    out = load_outputs(res.output_dir)
    facts = text_chapter.facts(out, None)
    assert facts.n_answered != "—"
    text_chapter.flood_table(out, None)  # no KeyError: 'districts'


# -- demo assumptions -----------------------------------------------------------

def test_profile_variables_and_collapse_order_come_from_the_codebook(base):
    profile = base.results["sampling"].tables["sample_profile"]
    assert list(dict.fromkeys(profile["variable"])) == ["qu", "gender", "age_group"]
    assert base.results["weighting"].summary["collapse_order"] == ["age_group"]  # the ordered demographic one
    assert "income_band" not in str(read_manifest(base.output_dir)["stages"])
    assert "income" in _absent(base.output_dir)


def test_a_named_variable_the_study_lacks_is_a_config_error(tmp_path):
    study = synthetic_study(tmp_path, sections=textwrap.dedent("""\
        sampling: {profile_variables: [gender, income_band]}
        weighting: {collapse_order: [age_band]}
        """))
    with pytest.raises(ConfigError) as err:
        validate_study(study)
    text = str(err.value)
    assert "sampling.profile_variables" in text and "income_band" in text
    assert "weighting.collapse_order" in text and "age_band" in text  # both, in one message
    assert not (tmp_path / "out").exists()


def test_area_column_and_district_domain_have_one_name(base):
    est = read_csv(base.output_dir / "estimation" / "estimates.csv")
    assert "district" in est.columns and "qu" not in est.columns and "domain" not in est.columns
    assert set(est["district"]) == {"全市", "甲区", "乙区", "丙区"}
    scores = base.results["scoring"].tables["scores"]
    assert "district" in set(scores["domain_var"]) and "qu" not in set(scores["domain_var"])


def test_respondent_id_is_the_codebooks_not_the_first_column(base):
    weights = base.results["weighting"].tables["weights"]
    assert weights.columns[0] == "case_no"
    assert weights["case_no"].str.match(r"C\d{5}").all()


def test_report_reads_the_district_variable_from_the_codebook(base):
    out = load_outputs(base.output_dir)
    assert out.district_variable == "qu" and out.districts == ["甲区", "乙区", "丙区"]
    facts = overview.sample_facts(out)
    assert facts.n_districts == "3" and "各区有效样本" in facts.district_range
    assert "甲区" in str(overview.district_table(out))


def test_method_text_states_each_scale_used(tmp_path):
    study = synthetic_study(tmp_path, points=7)
    cb = yaml.safe_load((tmp_path / "codebook.yaml").read_text(encoding="utf-8"))
    cb["scales"]["s5"] = {"codes": [1, 2, 3, 4, 5], "labels": ["很差", "较差", "一般", "较好", "很好"],
                          "special": {99: "说不清"}}
    cb["variables"]["sat_1"]["scale"] = "s5"
    (tmp_path / "codebook.yaml").write_text(yaml.safe_dump(cb, allow_unicode=True), encoding="utf-8")
    responses = pd.read_csv(tmp_path / "responses.csv", dtype=str, keep_default_na=False)
    responses["sat_1"] = responses["sat_1"].map(lambda a: a if a == "99" else str(min(int(a), 5)))
    responses.to_csv(tmp_path / "responses.csv", index=False)
    res = run_study(study)
    rule = res.results["scoring"].tables["method"].set_index("aspect")["rule"]["满意率"]
    assert "7点量表选择最满意 3 档（极满意、很满意、满意）" in rule and "5点量表选择最满意 2 档（很好、较好）" in rule


def test_satisfied_means_the_same_top_boxes_in_estimation_and_scoring(tmp_path):
    res = run_study(synthetic_study(tmp_path, points=7, sections="scoring: {top_boxes: 3, charts: false}\ntext: {enabled: false}\nreport: {enabled: false}\n"))
    est = res.results["estimation"].tables["estimates"]
    scores = res.results["scoring"].tables["scores"]
    e = est[(est["measure"] == "satisfied_share") & (est["district"] == "全市")].set_index("variable")["estimate"]
    s = scores[(scores["measure"] == "satisfied_rate") & (scores["domain_var"] == "city")
               & (scores["kind"] == "item")].set_index("item")["estimate"]
    assert np.allclose(e.reindex(s.index), s, atol=1e-12)
    # and by hand: positions 5–7 of 7 on the weighted data
    data = res.results["weighting"].value.data
    x = pd.to_numeric(data["sat_2"], errors="coerce")
    valid = (x >= 1) & (x <= 7)
    w = res.results["weighting"].value.weights
    assert np.isclose(e["sat_2"], (w * (x >= 5))[valid].sum() / w[valid].sum())


def test_reverse_worded_items_are_turned_round_before_scoring(tmp_path):
    plain = run_study(synthetic_study(tmp_path / "plain", reverse_item=False))
    turned = run_study(synthetic_study(tmp_path / "turned", reverse_item=True))
    a, b = (r.results["estimation"].tables["estimates"].set_index(["variable", "district", "measure"])["estimate"]
            for r in (plain, turned))
    assert np.allclose(a.loc["sat_8"], b.loc["sat_8"])  # written reversed, declared reversed: the same answer


# -- every stage can be switched off; validate catches what run would fail on --

def test_every_stage_section_has_enabled():
    models = stage_config_models()
    assert set(models) == {s.name for s in STAGES}
    assert all("enabled" in m.model_fields for m in models.values())


def test_a_disabled_stage_writes_nothing_and_the_report_says_so(tmp_path):
    res = run_study(synthetic_study(tmp_path, sections="indicators: {enabled: false}\n" + FAST))
    assert not (res.output_dir / "indicators").exists()
    assert "stage:indicators" in _absent(res.output_dir)
    assert "“客观指标评价”环节" in methods.coverage_section(load_outputs(res.output_dir))


def test_validate_finds_a_scheme_that_does_not_fit_a_scale(tmp_path):
    study = synthetic_study(tmp_path, points=7, sections="scoring: {scheme: [20, 40, 60, 80, 100]}\n")
    with pytest.raises(ConfigError) as err:
        validate_study(study)
    assert "7 个选项" in str(err.value) and "sat_1" in str(err.value)


def test_config_errors_of_every_section_come_at_once(tmp_path):
    study = synthetic_study(tmp_path, sections="sampling: {bogus: 1}\nscoring: {top_boxes: 0}\ntext: {nope: 2}\n")
    with pytest.raises(ConfigError) as err:
        load_study(study)
    keys = [p.zh for p in err.value.problems]
    assert len(keys) == 3 and any("sampling.bogus" in k for k in keys) and any("text.nope" in k for k in keys)


@pytest.mark.parametrize("kw", [dict(points=10), dict(points=4), dict(points=11), dict(street=True),
                                dict(text=False), dict(income=True)])
def test_validate_then_run_on_other_shapes(tmp_path, kw):
    study = synthetic_study(tmp_path, n=150, **kw)
    validate_study(study)
    res = run_study(study)
    assert {"sampling", "weighting", "estimation", "scoring"} <= set(res.results)
    assert "text" not in res.results  # off in these studies; test_text_chapter… runs it


# -- runs never destroy -------------------------------------------------------

def test_a_misspelt_stage_is_an_error_listing_the_valid_ones(tmp_path):
    study = synthetic_study(tmp_path)
    with pytest.raises(ConfigError) as err:
        run_study(study, until="weigthing")
    assert "weigthing" in str(err.value) and "weighting" in str(err.value) and "scoring" in str(err.value)
    assert not (tmp_path / "out").exists()


def test_a_partial_run_keeps_later_outputs_and_marks_them_stale(tmp_path):
    study = synthetic_study(tmp_path)
    first = run_study(study).output_dir
    before = {p: sha256_file(first / p) for p in ("scoring/scores.csv", "estimation/estimates.csv")}
    # same inputs, partial run: nothing changes, nothing is stale
    run_study(study, until="weighting")
    m = read_manifest(first)
    assert all(s["status"] == "done" for s in m["stages"]) and m["complete"]
    assert {p: sha256_file(first / p) for p in before} == before
    # changed inputs, partial run: the stages after weighting keep their files but are stale
    responses = pd.read_csv(tmp_path / "responses.csv", dtype=str, keep_default_na=False)
    responses.iloc[:-20].to_csv(tmp_path / "responses.csv", index=False)
    run_study(study, until="weighting")
    m = read_manifest(first)
    status = {s["name"]: s["status"] for s in m["stages"]}
    assert status["weighting"] == "done" and status["estimation"] == status["scoring"] == "stale"
    assert not m["complete"]
    assert {p: sha256_file(first / p) for p in before} == before
    out = load_outputs(first)
    with pytest.raises(StageError) as err:
        render_reports(first)
    assert "estimation" in str(err.value) and "--allow-incomplete" in str(err.value)
    assert "“估计”环节的结果已过期" in methods.coverage_section(out)
    assert "“加权”环节" not in methods.coverage_section(out)


def test_outputs_have_ordinary_modes(base):
    mask = os.umask(0o022)
    os.umask(mask)
    files = [p for p in base.output_dir.rglob("*") if p.is_file()]
    assert files and all(stat.S_IMODE(p.stat().st_mode) == 0o666 & ~mask for p in files)
    dirs = [p for p in base.output_dir.rglob("*") if p.is_dir()]
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o777 & ~mask for p in dirs)


def test_manifest_is_rewritten_after_report(base):
    target = base.output_dir / "report" / "city_report.html"
    target.parent.mkdir(exist_ok=True)
    target.write_text("<html>报告</html>", encoding="utf-8")
    record_report(base.output_dir, {"seconds": 1.0, "n_reports": 1})
    m = read_manifest(base.output_dir)
    hashes = {o["path"]: o["sha256"] for o in m["outputs"]}
    assert hashes["report/city_report.html"] == sha256_file(target)
    assert m["stages"][-1]["name"] == "report" and m["stages"][-1]["status"] == "done"
    target.unlink()


def test_cli_names_the_valid_stages_and_refuses_stale_reports(tmp_path):
    from typer.testing import CliRunner

    from citysurvey.cli import app

    study = synthetic_study(tmp_path)
    res = CliRunner().invoke(app, ["run", str(study), "--until", "weigthing"])
    assert res.exit_code == 2 and "weigthing" in res.output and "estimation" in res.output
    res = CliRunner().invoke(app, ["report", str(study)])
    assert res.exit_code == 2 and "citysurvey run" in res.output  # nothing to report on yet


def test_a_table_without_its_columns_stops_at_the_hand_off(tmp_path):
    from citysurvey.estimation.stage import EstimationStage
    from citysurvey.stage import StageResult

    class Broken(EstimationStage):
        def run(self, ctx):
            table = super().run(ctx).tables["estimates"].drop(columns=["deff"])
            return StageResult(self.name, tables={"estimates": table})

    with pytest.raises(StageError) as err:
        run_study(synthetic_study(tmp_path), stages=[Broken()])
    assert "estimates" in str(err.value) and "deff" in str(err.value)
