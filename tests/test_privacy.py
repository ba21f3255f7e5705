"""Minimum-cell suppression (citysurvey/privacy.py) on a study unlike the demo.

The generated study (tests/variant_studies.py: district variable ``qu``, id ``case_no``, groups
``gender`` and ``age_group``) has one district of 3 respondents, one of 40 and one of 200. It is
run twice, with the default threshold (5) and with the rule off (``privacy: {min_cell: 0}``); the
second run gives the tiny district's true values, which must then appear in no shared file of the
first (CSV, workbook, HTML report), while the 40-respondent district's are published unchanged.
"""
from __future__ import annotations

import html
import json
import math
import re
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from citysurvey.config import load_study
from citysurvey.errors import ConfigError
from citysurvey.outputs import read_csv
from citysurvey.pipeline import run_study
from citysurvey.privacy import CELLS, REASON, STATUS, SUPPRESSED, CellRule, PrivacyConfig

from variant_studies import synthetic_study

BIG, SMALL, TINY = "甲区", "乙区", "丙区"
SECTIONS = "scoring: {charts: true}\ntext: {enabled: true}\nreport: {engine: builtin, formats: [html]}\n"


def _study(folder: Path, privacy: str = "") -> Path:
    path = synthetic_study(folder, districts=(BIG, SMALL, TINY), district_sizes=(200, 40, 3),
                           sections=SECTIONS + privacy)
    path.write_text(path.read_text(encoding="utf-8").replace("excel: false", "excel: true"), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    on = run_study(_study(tmp_path_factory.mktemp("on") / "study"))
    off = run_study(_study(tmp_path_factory.mktemp("off") / "study", "privacy: {min_cell: 0}\n"))
    return on.output_dir, off.output_dir


def _shared(folder: Path, *suffixes: str) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in suffixes
                  and p.relative_to(folder).parts[0] != "data")


def _key(v: float) -> float:
    return float(f"{v:.9g}")


def _numbers(frame: pd.DataFrame) -> set[float]:
    out = set()
    for col in frame.columns:
        for v in pd.to_numeric(frame[col], errors="coerce").dropna():
            if math.isfinite(v):
                out.add(_key(float(v)))
    return out


def _xlsx_numbers(path: Path) -> set[float]:
    wb = load_workbook(path, read_only=True)
    out = {_key(float(c)) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row
           if isinstance(c, (int, float)) and not isinstance(c, bool) and math.isfinite(c)}
    wb.close()
    return out


def _json_numbers(data) -> set[float]:
    if isinstance(data, dict):
        return set().union(*(_json_numbers(v) for v in data.values())) if data else set()
    if isinstance(data, list):
        return set().union(*(_json_numbers(v) for v in data)) if data else set()
    if isinstance(data, (int, float)) and not isinstance(data, bool) and math.isfinite(data):
        return {_key(float(data))}
    return set()


def _tiny_rows(relpath: str, frame: pd.DataFrame) -> pd.Series:
    cells = CELLS[relpath.removesuffix(".csv")]
    domain = cells.domain.replace("{district}", "qu")
    return frame[domain].astype(str) == TINY if domain in frame.columns else pd.Series(False, index=frame.index)


def _secret(off: Path) -> set[float]:
    """The tiny district's values (not whole numbers) that no other published cell of the open run also holds."""
    tiny, other = set(), set()
    for path in _shared(off, ".csv"):
        rel = path.relative_to(off).as_posix()
        frame = read_csv(path)
        if rel.removesuffix(".csv") in CELLS:
            mask = _tiny_rows(rel, frame)
            tiny |= {v for v in _numbers(frame[mask]) if v != int(v)}
            other |= _numbers(frame[~mask])
        else:
            other |= _numbers(frame)
    return tiny - other


def test_the_tiny_districts_values_are_in_no_shared_csv_or_workbook(runs):
    on, off = runs
    secret = _secret(off)
    assert len(secret) >= 50  # estimates, SEs, intervals, scores, shares of 3 respondents
    leaks = {}
    for path in _shared(on, ".csv"):
        found = secret & _numbers(read_csv(path))
        if found:
            leaks[path.relative_to(on).as_posix()] = sorted(found)[:3]
    for path in _shared(on, ".xlsx"):
        found = secret & _xlsx_numbers(path)
        if found:
            leaks[path.relative_to(on).as_posix()] = sorted(found)[:3]
    for path in _shared(on, ".json"):  # the manifest, the report's figures and tables as drawn
        found = secret & _json_numbers(json.loads(path.read_text(encoding="utf-8")))
        if found:
            leaks[path.relative_to(on).as_posix()] = sorted(found)[:3]
    assert not leaks


def test_the_40_respondent_district_is_published_unchanged(runs):
    on, off = runs
    for rel, col in [("estimation/estimates.csv", "district"), ("scoring/item_district.csv", "district"),
                     ("scoring/scores.csv", "domain"), ("text/topic_shares.csv", "district")]:
        a, b = read_csv(on / rel), read_csv(off / rel)
        a, b = a[a[col] == SMALL].reset_index(drop=True), b[b[col] == SMALL].reset_index(drop=True)
        assert len(a) and (a[STATUS] == "published").all()
        pd.testing.assert_frame_equal(a.drop(columns=[STATUS, REASON]), b, check_dtype=False)


def test_suppressed_rows_say_so_and_the_city_row_never_is(runs):
    on, _ = runs
    est = read_csv(on / "estimation" / "estimates.csv")
    tiny = est[est["district"] == TINY]
    assert len(tiny) and (tiny[STATUS] == SUPPRESSED).all()
    assert tiny[["estimate", "se", "ci_low", "ci_high", "n"]].isna().all().all()
    assert tiny[REASON].str.contains("5").all()
    city = est[est["district"] == "全市"]
    assert (city[STATUS] == "published").all() and city["estimate"].notna().all()
    # the workbook names the status in Chinese
    wb = load_workbook(on / "estimation" / "estimation.xlsx", read_only=True)
    cells = {c for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)}
    wb.close()
    assert {"样本过少不发布", "发布状态"} <= cells


def test_a_distribution_within_the_tiny_district_is_suppressed_whole(runs):
    on, _ = runs
    for rel, col, values in [("text/topic_shares.csv", "district", ["estimate", "n_mention"]),
                             ("text/answer_status.csv", "district", ["n", "share"]),
                             ("text/quotes.csv", "district", ["quote"])]:
        t = read_csv(on / rel)
        tiny = t[t[col] == TINY]
        assert (tiny[STATUS] == SUPPRESSED).all(), rel
        assert tiny[values].isna().all().all(), rel
    sugg = read_csv(on / "text" / "suggestions.csv")
    assert TINY not in set(sugg["qu"].dropna())  # its respondents' answers are not linked to it
    assert sugg["case_no"].isna().sum() == 3
    floods = read_csv(on / "text" / "floods.csv")
    assert not floods["districts"].fillna("").str.contains(TINY).any()


def test_sample_counts_by_category_stay_published(runs):
    on, _ = runs
    profile = read_csv(on / "sampling" / "sample_profile.csv")
    assert profile.loc[(profile["district"] == "全市") & (profile["category"] == TINY), "n_sample"].item() == 3


def test_the_report_never_shows_the_tiny_district_and_says_why(runs):
    on, _ = runs
    report = on / "report"
    assert not (report / f"district_report_{TINY}.html").exists()
    assert (report / f"district_report_{SMALL}.html").exists()
    text = (report / "city_report.html").read_text(encoding="utf-8")
    parts = re.split(r'<h1[^>]*\bid="([^"]+)"[^>]*>', text)
    chapters = {k: html.unescape(re.sub(r"<[^>]+>", "", re.sub(r"<script.*?</script>|<style.*?</style>", "", b,
                                                             flags=re.S)))
                for k, b in zip(parts[1::2], parts[2::2])}
    # named only where respondents are counted (the sample and its weights), never beside an estimate
    assert {k for k, body in chapters.items() if TINY in body} <= {"sec-sample", "sec-weighting"}
    methods = chapters["sec-methods"]
    assert "未加权样本量少于 5 人的分组不发布估计值" in methods and "有 1 个分组样本过少、不发布" in methods


def test_threshold_zero_turns_the_rule_off(runs):
    _, off = runs
    est = read_csv(off / "estimation" / "estimates.csv")
    assert STATUS not in est.columns and est.loc[est["district"] == TINY, "estimate"].notna().all()
    assert (off / "report" / f"district_report_{TINY}.html").exists()


@pytest.mark.parametrize("min_cell", [0, 1])
def test_threshold_zero_or_one_leaves_a_table_as_it_is(min_cell):
    t = pd.DataFrame({"domain_var": ["city", "age_group"], "domain": ["全市", "60+"], "estimate": [70.0, 50.0],
                      "n": [100, 1]})
    assert CellRule(min_cell).apply("scoring/scores", t) is t
    assert not PrivacyConfig(min_cell=min_cell).active


def test_the_rule_reads_each_tables_own_counts():
    """A group domain of another study; a wave change is suppressed when either wave's count is small."""
    rule = CellRule(5)
    scores = pd.DataFrame({"domain_var": ["city", "age_group", "age_group"], "domain": ["全市", "60+", "18-39"],
                           "estimate": [70.0, 50.0, 72.0], "n": [3, 4, 40], "significant": [False, True, True]})
    out = rule.apply("scoring/scores", scores)
    assert out[STATUS].tolist() == ["published", SUPPRESSED, "published"]  # the city row never is
    assert out["estimate"].isna().tolist() == [False, True, False] and out["significant"].tolist() == [False, False, True]
    changes = pd.DataFrame({"domain_var": ["gender", "gender"], "domain": ["男", "女"], "estimate": [1.0, 2.0],
                            "n": [50, 50], "n_previous": [60, 2], "diff": [0.5, 0.7]})
    assert rule.apply("waves/changes", changes)[STATUS].tolist() == ["published", SUPPRESSED]
    # a table without a count reads the domain's respondents in the study
    ipa = pd.DataFrame({"domain_var": ["district", "district"], "domain": ["东区", "西区"], "performance": [70.0, 60.0]})
    sized = CellRule(5, {("qu", "东区"): 40, ("qu", "西区"): 3}, district="qu")
    assert sized.apply("scoring/ipa", ipa)["performance"].isna().tolist() == [False, True]
    # applying it twice changes nothing
    pd.testing.assert_frame_equal(rule.apply("scoring/scores", out), out)


@pytest.mark.parametrize("value, zh", [("-1", "数值过小"), ("five", "应为整数"), ("2.5", "应为整数"),
                                       ("5000", "数值过大")])
def test_a_bad_threshold_is_refused_at_load_in_both_languages(tmp_path, value, zh):
    path = synthetic_study(tmp_path / "study", sections=f"privacy: {{min_cell: {value}}}\n")
    with pytest.raises(ConfigError) as err:
        load_study(path)
    [p] = err.value.problems
    assert "privacy.min_cell" in p.zh and zh in p.zh
    assert "privacy.min_cell" in p.en and "invalid" in p.en


def test_a_misspelt_privacy_key_is_named(tmp_path):
    path = synthetic_study(tmp_path / "study", sections="privacy: {min_cells: 10}\n")
    with pytest.raises(ConfigError) as err:
        load_study(path)
    [p] = err.value.problems
    assert "privacy.min_cells" in p.zh and "未知的配置项" in p.zh and "privacy.min_cells" in p.en


def test_the_threshold_is_read_from_the_study(tmp_path):
    assert load_study(synthetic_study(tmp_path / "a", sections="privacy: {min_cell: 10}\n")).privacy.min_cell == 10
    assert load_study(synthetic_study(tmp_path / "b", sections="")).privacy.min_cell == 5


def test_a_street_of_few_respondents_and_the_streets_of_a_tiny_district():
    """The small-area rule decides for a street of enough respondents; a street of fewer is suppressed, and a
    street in a district too small to publish does not carry that district's estimate."""
    rule = CellRule(5, {("qu", "东区"): 300, ("qu", "西区"): 4}, district="qu")
    est = pd.DataFrame({"area_var": ["jd"] * 3, "area": ["一街", "二街", "三街"], "district": ["东区", "东区", "西区"],
                        "district_estimate": [70.0, 70.0, 55.5], "estimate": [71.0, 66.0, 56.0],
                        "direct": [71.5, 80.0, 50.0], "n": [40, 3, 4], "published": ["model"] * 3})
    out = rule.apply("smallarea/estimates", est)
    assert out[STATUS].tolist() == ["published", SUPPRESSED, SUPPRESSED]
    assert out["estimate"].isna().tolist() == [False, True, True] and out["direct"].isna().tolist() == [False, True, True]
    assert out["district_estimate"].isna().tolist() == [False, False, True]
    assert rule.published("smallarea/estimates", est)["area"].tolist() == ["一街"]


def test_a_report_on_the_tiny_district_alone_is_refused(runs):
    from citysurvey.errors import StageError
    from citysurvey.report.config import ReportConfig
    from citysurvey.report.stage import render_reports

    on, _ = runs
    with pytest.raises(StageError) as err:
        render_reports(on, ReportConfig(engine="builtin", formats=["html"]), only=TINY)
    [p] = err.value.problems
    assert "privacy.min_cell" in p.zh and "privacy.min_cell" in p.en


def test_every_shared_table_with_a_domain_is_covered_or_said_why_not(runs):
    # a new stage table with a district, group or area column must either go through the rule (CELLS) or say why its
    # rows reveal no answer (NOT_COVERED): a table nobody decided on fails here
    from citysurvey.privacy import DOMAIN_COLUMNS, NOT_COVERED

    on, _ = runs
    undecided = []
    for path in _shared(on, ".csv"):
        rel = path.relative_to(on).with_suffix("").as_posix()
        if rel.startswith("report/"):
            continue
        columns = set(pd.read_csv(path, nrows=0).columns)
        if columns & (DOMAIN_COLUMNS | {"qu"}) and rel not in CELLS and rel not in NOT_COVERED:
            undecided.append(rel)
    assert undecided == []
    assert not set(CELLS) & set(NOT_COVERED)
