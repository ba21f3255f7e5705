"""Shared fixtures: a tiny hand-made study whose every value is known."""
from __future__ import annotations

import os

# as citysurvey/__init__.py does, before any test module imports openpyxl itself
os.environ.setdefault("OPENPYXL_LXML", "False")

import textwrap  # noqa: E402
from pathlib import Path

import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[1]


def redacted(text: str) -> str:
    """An answer as the text stage redacts it: normalised first (full-width digits, spaces), then redacted."""
    from citysurvey.text.clean import normalise
    from citysurvey.text.redact import redact

    return redact(normalise(text))


def home_part(address: str) -> str:
    """What goes of a written address: all but its administrative run (南京市鼓楼区…, which stays in the text by
    decision: see citysurvey.text.address.admin_lead)."""
    from citysurvey.text.address import admin_lead

    return address[admin_lead(address, 0, len(address)):]


def assert_address_goes(out: str, text: str, address: str) -> None:
    """``address`` in ``text`` is redacted from its road or estate on, and its administrative run stays."""
    from citysurvey.text.clean import normalise

    home = home_part(address)
    assert out == normalise(text).replace(home, "〔地址〕", 1), out
    assert address[:len(address) - len(home)].strip() in out, out


def assert_item_gone(text: str, item: str) -> None:
    """``item`` of ``text`` is redacted: not in the redacted answer (both normalised)."""
    from citysurvey.text.clean import normalise

    out = redacted(text)
    assert normalise(item) not in out, out


def assert_item_kept(text: str, item: str) -> None:
    """``item`` of ``text`` is in the redacted answer as written (both normalised)."""
    from citysurvey.text.clean import normalise

    out = redacted(text)
    assert normalise(item) in out, out


def batch_spans_as_one(texts: list[str]) -> list[tuple[int, int, str]]:
    """The spans of ``texts`` (normalised here) found one text at a time, as offsets into the newline-joined batch, after
    checking that the batch path (Redactor.find_many: a pre-check picks the lines) finds the same."""
    from citysurvey.text.clean import normalise
    from citysurvey.text.redact import Redactor

    texts = [normalise(t) for t in texts]
    r = Redactor()
    big = "\n".join(texts)
    starts = [sum(len(t) + 1 for t in texts[:k]) for k in range(len(texts))]
    one = [(s.start + at, s.end + at, s.kind) for t, at in zip(texts, starts) for s in r.find(t)]
    assert [(s.start, s.end, s.kind) for s in r.find_many(big)] == one
    return one


def assert_whole_name_gone(text: str, name: str) -> None:
    """The name in ``text`` is redacted, whole: no trace of it, and its last character not left after the placeholder."""
    out = redacted(text)
    assert "〔姓名〕" in out and name not in out, out
    assert name[-1] not in out.split("〔姓名〕")[1][:1], out

MINI_CODEBOOK = textwrap.dedent(
    """\
    respondent_id: rid
    scales:
      sat5:
        codes: [1, 2, 3, 4, 5]
        labels: [非常不满意, 不满意, 一般, 满意, 非常满意]
        special: {9: 不了解/不适用}
    variables:
      rid: {type: id, label: 问卷编号}
      submitted_at: {type: date, role: fieldwork_date, label: 提交时间}
      duration_sec: {type: number, min: 0, role: duration, label: 答题用时}
      device_id: {type: text, role: device, label: 设备}
      district:
        type: categorical
        role: district
        label: 所在区
        categories: [甲区, 乙区]
        aliases: {甲: 甲区}
        allow_missing: false
      sex: {type: categorical, role: demographic, label: 性别, categories: [男, 女], codes: {1: 男, 2: 女}}
      age: {type: integer, min: 0, max: 120, role: screening, label: 年龄}
      q1: {type: likert, scale: sat5, level: 住房, label: 住房质量}
      q2: {type: likert, scale: sat5, level: 小区（社区）, label: 停车}
      q3: {type: likert, scale: sat5, level: 街区, label: 街道整洁}
      q4: {type: likert, scale: sat5, level: 城区（城市）, label: 交通}
      suggestion: {type: text, role: suggestion, label: 意见建议}
    """
)

MINI_ROWS = [
    # rid, submitted_at, duration, device, district, sex, age, q1..q4, suggestion
    ["A1", "2026-07-01 09:00", "600", "d1", "甲区", "男", "30", "4", "5", "3", "2", "停车难"],
    ["A2", "2026-07-01 10:00", "540", "d2", "乙区", "女", "65", "3", "9", "", "4", "无"],
    ["A3", "2026-07-02 11:00", "580", "d3", "甲", "2", "45", "５", "4", "4", "3", ""],
    ["A4", "2026-07-02 12:00", "620", "d4", " 乙区", "1", "52", "2", "2", "3", "1", "路灯不亮"],
    ["A5", "2026-07-03 08:00", "90", "d5", "甲区", "男", "28", "4", "4", "3", "5", "快一点"],
    ["A6", "2026-07-03 09:00", "600", "d1", "甲区", "男", "30", "4", "5", "3", "2", "停车难"],
    ["A7", "2026-07-03 10:00", "610", "d7", "乙区", "女", "16", "3", "3", "4", "4", ""],
]
MINI_HEADER = ["rid", "submitted_at", "duration_sec", "device_id", "district", "sex", "age",
               "q1", "q2", "q3", "q4", "suggestion"]

MINI_MARGINS = textwrap.dedent(
    """\
    margin,district,sex,population
    district×sex,甲区,男,1000
    district×sex,甲区,女,1100
    district×sex,乙区,男,800
    district×sex,乙区,女,900
    """
)


def write_mini_study(folder: Path, *, rows=None, encoding: str = "utf-8", responses_name: str = "responses.csv",
                     cleaning: str = "", report: bool = False) -> Path:
    """A study of 7 hand-made rows; the report stage is off unless asked for (it takes seconds)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "codebook.yaml").write_text(MINI_CODEBOOK, encoding="utf-8")
    (folder / "margins.csv").write_text(MINI_MARGINS, encoding="utf-8")
    df = pd.DataFrame(rows if rows is not None else MINI_ROWS, columns=MINI_HEADER)
    path = folder / responses_name
    if path.suffix == ".csv":
        df.to_csv(path, index=False, encoding=encoding, lineterminator="\n")
    elif path.suffix == ".xlsx":
        df.to_excel(path, index=False)
    study = folder / "study.yaml"
    study.write_text(
        textwrap.dedent(
            f"""\
            study: {{id: mini, name: 测试研究, city: 测试市, year: 2026}}
            inputs:
              responses: {responses_name}
              codebook: codebook.yaml
              margins: margins.csv
            output: {{dir: out}}
            """
        )
        + cleaning
        + ("" if report else "report: {enabled: false}\n"),
        encoding="utf-8",
    )
    return study


@pytest.fixture
def mini_study(tmp_path: Path) -> Path:
    return write_mini_study(tmp_path / "mini")


def render_city_without(fixture: Path, folder: str, tmp_path: Path) -> str:
    """Render the city report (HTML, built-in engine) from `fixture` with one stage's outputs removed."""
    import shutil

    from citysurvey.report import KernelSession, load_outputs, render, report_metadata

    shutil.copytree(fixture, tmp_path / "out")
    shutil.rmtree(tmp_path / "out" / folder)
    out = load_outputs(tmp_path / "out")
    city = REPO / "reports" / "city.qmd"
    meta = report_metadata([city], out)
    assert meta[f"missing-{folder}"] is True
    with KernelSession() as kernel:
        result = render(city, {"output_dir": str(tmp_path / "out")}, tmp_path / "r", ("html",), "builtin",
                        metadata=meta, session=kernel)
    return result.files["html"].read_text(encoding="utf-8")


def _inked_share(png: bytes) -> float:
    """Share of the page's text area (inside the margins, above the page number) with any ink on the row."""
    import io

    import numpy as np
    from PIL import Image

    page = np.asarray(Image.open(io.BytesIO(png)).convert("L"))
    h = page.shape[0]
    body = page[int(h * 0.09): int(h * 0.91)]
    return float((body < 200).any(axis=1).mean())


#: a chapter's last page holds more than its last few lines: ink on 4% of the rows is about four lines
#: of text (the 摘要's two lines that once spilled past its page took 2%; the shortest end of a chapter
#: on the demo, the last rows of a table with its source line, takes 6%)
SPILL_SHARE = 0.04


def near_empty_pages(output_dir: Path, districts: list[str | None], tmp_path: Path) -> list[str]:
    """Render the report of each area (None: the city report) to PDF and every page to an image with
    typst's own PNG output; name each page with ink on under 12% of its rows that is not deliberate.

    Deliberate: the cover, the contents, or the last page of a chapter (the next page starts a
    chapter). Even then it holds more than a spill: a chapter whose last three lines or fewer run
    onto a page of their own (the 摘要 past its page) should have kept them on the page before."""
    import re

    import typst
    from pypdf import PdfReader

    from citysurvey.report import KernelSession, load_outputs, report_metadata
    from citysurvey.report.builtin import render_builtin, typst_fonts

    out = load_outputs(output_dir)
    # a chapter starts the next page, maybe under a chart that floated to the top of that page
    chapter_start = re.compile(r"^(资料来源：[^图]*图\d+\D*?)?(\d+[^\d.]|摘要|附录)")
    problems = []
    with KernelSession() as kernel:
        for district in districts:
            path = REPO / "reports" / ("district.qmd" if district else "city.qmd")
            params = {"output_dir": str(out.root), "report_engine": "测试"} | ({"district": district} if district else {})
            name = f"pages_{district or 'city'}"
            files = render_builtin(path, params, tmp_path, ("pdf",), report_metadata([path], out, district), name,
                                   kernel, keep_build=True)
            typ = tmp_path / f".{name}.build" / "body.typ"
            pngs = typst.compile(str(typ), root=str(typ.parent), font_paths=typst_fonts().paths, format="png", ppi=24)
            texts = ["".join(p.extract_text().split()) for p in PdfReader(files["pdf"]).pages]
            assert len(pngs) == len(texts) > 5
            for i, png in enumerate(pngs):
                share = _inked_share(png)
                if share >= 0.12 or i == 0 or texts[i].startswith("目录"):
                    continue
                if i + 1 < len(texts) and chapter_start.match(texts[i + 1]) and share >= SPILL_SHARE:
                    continue  # a chapter's last page: the next chapter starts on a new page
                problems.append(f"{name} page {i + 1}: ink on {share:.0%} of rows: {texts[i][:40]}")
    return problems
