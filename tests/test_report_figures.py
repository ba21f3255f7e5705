"""The chart step: every report figure drawn once per run, saved, and embedded by the documents."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pytest

from citysurvey.report import figures
from citysurvey.report.chapters import ChartImage, shared_chart
from citysurvey.report.outputs import ReportOutputs

DRAWN: list = []


def _figure(label: str):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(2, 1))
    ax.set_title(label)
    plt.close(fig)
    return fig


@shared_chart()
def area_chart(out, district: str | None = None):
    DRAWN.append(("area", district))
    return _figure(district or "全市")


@shared_chart("scoring/charts/stage.png")
def staged_chart(out, district: str | None = None):
    DRAWN.append(("staged", district))
    return _figure(district or "全市")


@pytest.fixture(autouse=True, scope="module")
def _registered():
    yield
    for name in ("test_report_figures.area_chart", "test_report_figures.staged_chart"):
        figures.REGISTRY.pop(name, None)  # later tests plan the real charts only


@pytest.fixture
def out(tmp_path):
    DRAWN.clear()
    return ReportOutputs(tmp_path, {"started_at": "2026-12-06T01:00:00+00:00"})


def test_a_document_on_its_own_draws_once_and_writes_nothing_into_the_outputs(out):
    first = area_chart(out, "城东区")
    again = area_chart(out, district="城东区")  # however the call is spelt
    assert isinstance(first, ChartImage) and first.png.startswith(b"\x89PNG")
    assert again.png == first.png
    assert DRAWN == [("area", "城东区")]
    assert not (out.root / figures.FOLDER).exists()  # the output folder is read, never written


def test_the_city_wide_call_shows_the_stage_file_and_a_district_is_drawn(out):
    stage = out.root / "scoring" / "charts" / "stage.png"
    stage.parent.mkdir(parents=True)
    stage.write_bytes(b"\x89PNG the stage's own")
    assert staged_chart(out).png == b"\x89PNG the stage's own"
    assert staged_chart(out, "城西区").png.startswith(b"\x89PNG")
    assert DRAWN == [("staged", "城西区")]


def test_outputs_of_another_run_never_meet_an_older_figure(out):
    area_chart(out, "城东区")
    rerun = ReportOutputs(out.root, {"started_at": "2026-12-06T02:00:00+00:00"})
    area_chart(rerun, "城东区")
    assert DRAWN == [("area", "城东区"), ("area", "城东区")]


def test_the_chart_step_plans_each_area_and_draws_what_the_documents_then_read(out):
    plan = figures.planned_calls(["城东区", "城西区"], city=True)
    city_charts = {c.chart for c in plan[None]}
    assert {"test_report_figures.area_chart", "satisfaction.item_chart", "text.heatmap"} <= city_charts
    # a chart without a district argument is the city's only; a per-district chart is planned for each district
    assert "satisfaction.item_chart" not in {c.chart for c in plan["城东区"]}
    assert {c.chart for c in plan["城东区"]} == {c.chart for c in plan["城西区"]}
    mine = {area: [c for c in calls if c.chart.startswith("test_report_figures.")] for area, calls in plan.items()}
    for calls in mine.values():
        assert figures.draw_calls(out, calls) == []
    drawn = sorted(DRAWN, key=str)
    saved = sorted(p.name.split("-")[0] for p in (out.root / figures.FOLDER).glob("*.png"))
    assert saved == ["test_report_figures.area_chart"] * 3 + ["test_report_figures.staged_chart"] * 3
    DRAWN.clear()
    figures._DRAWN.clear()  # a fresh process: only the saved files
    area_chart(out)
    area_chart(out, "城西区")
    staged_chart(out, "城东区")
    assert DRAWN == []  # the documents only read what the step saved
    assert drawn == sorted([("area", None), ("area", "城东区"), ("area", "城西区"), ("staged", None),
                            ("staged", "城东区"), ("staged", "城西区")], key=str)


def test_a_chart_that_fails_in_the_step_is_left_to_its_document(out):
    @shared_chart()
    def broken(out, district: str | None = None):
        raise ValueError("no data")

    try:
        problems = figures.draw_calls(out, [figures.Call(figures.REGISTRY["test_report_figures.broken"].name,
                                                         (("district", None),))])
        assert problems and "ValueError: no data" in problems[0]
        with pytest.raises(ValueError, match="no data"):
            broken(out)
    finally:
        figures.REGISTRY.pop("test_report_figures.broken", None)


COMPUTED: list = []


def test_the_step_saves_facts_and_tables_that_a_document_on_its_own_then_reads(out):
    from citysurvey.report import chapters
    from citysurvey.report.chapters import Facts, shared_result
    from citysurvey.report.tables import MarkdownTable

    @shared_result(saved=True)
    def area_facts(out, district: str | None = None) -> Facts:
        COMPUTED.append(district)
        return Facts({"scope": district or "全市", "n": "1,203"}, missing="" if district else "weights.csv")

    @shared_result(saved=True)
    def city_table(out) -> MarkdownTable:
        COMPUTED.append("table")
        return MarkdownTable("| 区 | 样本 |\n|:--|--:|\n| 城东区 | 1,203 |\n")

    names = ["test_report_figures.area_facts", "test_report_figures.city_table"]
    try:
        assert [figures.REGISTRY[n].areas for n in names] == [figures.EACH, figures.CITY]
        plan = figures.planned_calls(["城东区"], city=True)
        mine = [c for calls in plan.values() for c in calls if c.chart in names]
        assert figures.draw_calls(out, mine) == []
        assert sorted(COMPUTED, key=str) == sorted([None, "城东区", "table"], key=str)
        assert len(list((out.root / figures.FOLDER).glob("*.json"))) == 3
        COMPUTED.clear()
        chapters._computed.clear()  # a fresh process: only the saved files
        city, east, table = area_facts(out), area_facts(out, district="城东区"), city_table(out)
        assert COMPUTED == []  # read, not computed
        assert (dict(city), city.missing, dict(east), east.missing) == (
            {"scope": "全市", "n": "1,203"}, "weights.csv", {"scope": "城东区", "n": "1,203"}, "")
        assert isinstance(table, MarkdownTable) and table == "| 区 | 样本 |\n|:--|--:|\n| 城东区 | 1,203 |\n"
        # the run's manifest, rewritten after the chart step (timings, a re-render's record), changes nothing
        (out.root / "manifest.json").write_text('{"started_at": "2026-12-06T01:00:00+00:00", "stages": []}',
                                                encoding="utf-8")
        chapters._computed.clear()
        later = ReportOutputs(out.root, {"started_at": "2026-12-06T01:00:00+00:00"})
        assert area_facts(later, district="城东区") == east and COMPUTED == []
        # a stage file that changed does
        (out.root / "weighting").mkdir()
        (out.root / "weighting" / "weights.csv").write_text("id,w\n1,1.0\n", encoding="utf-8")
        chapters._computed.clear()
        area_facts(ReportOutputs(out.root, {"started_at": "2026-12-06T01:00:00+00:00"}), district="城东区")
        assert COMPUTED == ["城东区"]
        COMPUTED.clear()
        # outputs of another run never meet the saved results of an earlier one
        rerun = ReportOutputs(out.root, {"started_at": "2026-12-06T02:00:00+00:00"})
        area_facts(rerun, "城东区")
        assert COMPUTED == ["城东区"]
    finally:
        for n in names:
            figures.REGISTRY.pop(n, None)


def test_only_text_facts_and_tables_are_saved():
    from citysurvey.report.chapters import Facts, decode_result, encode_result
    from citysurvey.report.tables import MarkdownTable

    assert encode_result(Facts({"n": 3})) is None  # a number would come back as another type
    assert encode_result(object()) is None
    facts = decode_result(encode_result(Facts({"a": "城东区"}, missing="x.csv")))
    assert dict(facts) == {"a": "城东区"} and facts.missing == "x.csv"
    assert type(decode_result(encode_result(MarkdownTable("| a |")))) is MarkdownTable
    text = decode_result(encode_result("- **小区停车**（提及率12.0%）"))  # Markdown a cell prints
    assert type(text) is str and text == "- **小区停车**（提及率12.0%）"
    names = decode_result(encode_result(["城东区", "城西区"]))  # the districts
    assert type(names) is list and names == ["城东区", "城西区"]
    assert encode_result(["城东区", 3]) is None and encode_result(("城东区",)) is None
