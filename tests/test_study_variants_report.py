"""Reports of studies unlike the demo, rendered once per study (HTML and PDF, built-in engine).

1. The demo city stripped of its district, income, overall item and open question:
   every chapter that would have used them says so, and the method section names
   each missing piece once.
2. A generated study on a 7-point scale with its own column names (and a multi-select
   question where the codebook knows the type).
"""
from __future__ import annotations

import html
import io
import re
import typing

import pytest
from pypdf import PdfReader

from citysurvey.codebook import VariableType
from citysurvey.coverage import GAPS
from citysurvey.pipeline import read_manifest, run_study

from variant_studies import stripped_study, synthetic_study

REPORT = "report: {engine: builtin, formats: [html, pdf], districts: [甲区]}\n"


def _chapters(path) -> dict[str, str]:
    """Plain text of each level-1 chapter of an HTML report, keyed by its id."""
    text = path.read_text(encoding="utf-8")
    parts = re.split(r'<h1[^>]*\bid="([^"]+)"[^>]*>', text)
    out = {}
    for key, body in zip(parts[1::2], parts[2::2]):
        body = re.sub(r"<script.*?</script>|<style.*?</style>", "", body, flags=re.S)
        out[key] = html.unescape(re.sub(r"<[^>]+>", "", body))
    return out


def _pdf_text(path) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages)


@pytest.fixture(scope="module")
def stripped(tmp_path_factory):
    res = run_study(stripped_study(tmp_path_factory.mktemp("stripped") / "study", n=500))
    return res.output_dir


def test_stripped_study_renders_html_and_pdf(stripped):
    folder = stripped / "report"
    assert (folder / "city_report.html").is_file() and (folder / "city_report.pdf").is_file()
    assert not list(folder.glob("district_report_*"))  # no district, no district reports
    absent = {g["key"] for g in read_manifest(stripped)["absent"]}
    assert {"district", "overall", "text", "income"} <= absent


def test_every_chapter_says_what_is_absent(stripped):
    ch = _chapters(stripped / "report" / "city_report.html")
    said = {k: GAPS[k].zh for k in ("district", "overall", "text", "income")}
    assert said["district"] in ch["sec-sample"] and said["income"] in ch["sec-sample"]
    assert said["district"] in ch["sec-weighting"]
    assert said["overall"] in ch["sec-satisfaction"] and said["district"] in ch["sec-satisfaction"]
    assert said["district"] in ch["sec-indicators"]
    assert all(s in ch["sec-diagnosis"] for s in (said["overall"], said["text"], said["district"]))
    assert "sec-text" not in ch  # the text chapter is left out …
    methods = ch["sec-methods"]
    for s in said.values():  # … and the method section names each missing piece exactly once
        assert methods.count(s) == 1
    # what the study lacks is never described as if it were there
    body = "".join(ch.values())
    assert "各区结果" not in body and "关键驱动因素与重要性" not in body and "家庭月收入" not in body
    assert "未设置所在区题" in ch["摘要"]


def test_stripped_pdf_says_the_same(stripped):
    text = re.sub(r"\s+", "", _pdf_text(stripped / "report" / "city_report.pdf"))
    for key in ("district", "overall", "text", "income"):
        assert re.sub(r"\s+", "", GAPS[key].zh) in text


MULTISELECT = "multiselect" in typing.get_args(VariableType)


@pytest.fixture(scope="module")
def seven_point(tmp_path_factory):
    folder = tmp_path_factory.mktemp("seven") / "study"
    study = synthetic_study(folder, n=300, points=7, multiselect=MULTISELECT,
                            sections="text: {enabled: false}\n" + REPORT)
    return run_study(study).output_dir


def test_seven_point_study_renders_city_and_district_reports(seven_point):
    folder = seven_point / "report"
    for name in ("city_report", "district_report_甲区"):
        assert (folder / f"{name}.html").is_file() and (folder / f"{name}.pdf").is_file()
    ch = _chapters(folder / "city_report.html")
    # 满意率 on the scale actually used: the top two of seven answers
    assert "极满意" in ch["sec-satisfaction"] and "很满意" in ch["sec-satisfaction"]
    assert "甲区" in ch["sec-sample"] and "乙区" in ch["sec-satisfaction"]
    assert GAPS["income"].zh in ch["sec-methods"] and GAPS["text"].zh not in ch["sec-methods"]


def test_facts_the_study_does_not_give_are_left_out_of_sentences(seven_point):
    # the generated study names no organisation and no fieldwork dates: the sentences that would state them say
    # what is known and leave the rest out, in the city report and in a district's
    folder = seven_point / "report"
    for name in ("city_report", "district_report_甲区"):
        body = "".join(_chapters(folder / f"{name}.html").values())
        assert not re.search(r"由\s*—|为\s*—|于\s*—|约\s*—\s*人", body), name
        assert "组织，" not in body and "调查时间为" not in body and "{python}" not in body, name
    sample = _chapters(folder / "city_report.html")["sec-sample"]
    assert "调查对象为变体市常住居民。共回收问卷" in re.sub(r"\s+", "", sample)
