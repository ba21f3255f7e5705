"""The Quarto path.

With the real Quarto CLI on PATH the shipped reports are rendered by it;
without it those tests are skipped (Quarto cannot be installed here) and a
stand-in ``quarto`` checks how citysurvey calls the CLI.
"""
from __future__ import annotations

import json
import os
import shutil
import stat
import sys
import textwrap
from pathlib import Path

import pytest

from citysurvey.errors import StageError
from citysurvey.report import load_outputs, render, report_metadata

FIXTURE = Path(__file__).parent / "fixtures" / "report_outputs"
REPORTS = Path(__file__).resolve().parents[1] / "reports"

needs_quarto = pytest.mark.skipif(
    shutil.which("quarto") is None,
    reason="Quarto CLI not on PATH (install from quarto.org); the built-in engine is tested instead",
)


@pytest.mark.quarto
@needs_quarto
@pytest.mark.parametrize("document, district", [("city.qmd", None), ("district.qmd", "城西区")])
def test_real_quarto_renders_the_reports(tmp_path, document, district):
    out = load_outputs(FIXTURE)
    params = {"output_dir": str(FIXTURE.resolve())} | ({"district": district} if district else {})
    result = render(REPORTS / document, params, tmp_path, ("html", "pdf"), "quarto",
                    metadata=report_metadata([REPORTS / document], out, district))
    assert result.engine == "quarto"
    html = result.files["html"].read_text(encoding="utf-8")
    assert "1,203" in html and "Quarto" in html
    assert result.files["pdf"].read_bytes().startswith(b"%PDF")
    assert json.loads(result.record.read_text(encoding="utf-8"))["engine"] == "quarto"


FAKE_QUARTO = textwrap.dedent("""\
    #!{python}
    import json, os, sys
    from pathlib import Path
    args = sys.argv[1:]
    if args == ["--version"]:
        print("1.6.40")
        sys.exit(0)
    with open(os.environ["FAKE_QUARTO_LOG"], "a", encoding="utf-8") as log:
        log.write(json.dumps({{"cwd": os.getcwd(), "args": args}}, ensure_ascii=False) + "\\n")
    if os.environ.get("FAKE_QUARTO_FAIL"):
        print("ERROR: something Quarto did not like", file=sys.stderr)
        sys.exit(1)
    out = Path(args[args.index("--output-dir") + 1]) / args[args.index("--output") + 1]
    out.write_text("rendered by fake quarto", encoding="utf-8")
    """)


@pytest.fixture
def fake_quarto(tmp_path, monkeypatch):
    folder = tmp_path / "bin"
    folder.mkdir()
    exe = folder / "quarto"
    exe.write_text(FAKE_QUARTO.format(python=sys.executable), encoding="utf-8")
    exe.chmod(exe.stat().st_mode | stat.S_IEXEC)
    log = tmp_path / "calls.jsonl"
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_QUARTO_LOG", str(log))
    return lambda: [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


@pytest.mark.skipif(sys.platform == "win32", reason="the stand-in quarto is a POSIX script")
def test_auto_engine_calls_quarto_with_parameters_and_metadata(tmp_path, fake_quarto):
    out = load_outputs(FIXTURE)
    meta = report_metadata([REPORTS / "district.qmd"], out, "城西区")
    result = render(REPORTS / "district.qmd", {"output_dir": "/data/out", "district": "城西区"}, tmp_path / "r",
                    ("html", "pdf"), "auto", metadata=meta, name="district_城西区")
    assert result.engine == "quarto"
    assert {k: p.name for k, p in result.files.items()} == {"html": "district_城西区.html", "pdf": "district_城西区.pdf"}
    calls = fake_quarto()
    assert [c["args"][c["args"].index("--to") + 1] for c in calls] == ["html", "typst"]  # PDF through Typst
    args = calls[0]["args"]
    assert args[:2] == ["render", "district.qmd"] and calls[0]["cwd"] == str(REPORTS)
    assert ["-P", "output_dir:/data/out"] == args[args.index("output_dir:/data/out") - 1:][:2]
    assert "district:城西区" in args
    assert "missing-sampling:false" in args  # booleans as YAML, not the string "False"
    assert "title:示例市2026年城市体检社会满意度调查报告" in args
    assert any(a.startswith("report_engine:本报告由 Quarto 1.6.40") for a in args)
    record = json.loads(result.record.read_text(encoding="utf-8"))
    assert record["engine"] == "quarto" and record["versions"] == {"quarto": "1.6.40"}


@pytest.mark.skipif(sys.platform == "win32", reason="the stand-in quarto is a POSIX script")
def test_quarto_failure_is_reported_bilingually(tmp_path, fake_quarto, monkeypatch):
    monkeypatch.setenv("FAKE_QUARTO_FAIL", "1")
    with pytest.raises(StageError, match="something Quarto did not like") as err:
        render(REPORTS / "city.qmd", {}, tmp_path, ("html",), "quarto")
    assert "Quarto 渲染失败" in str(err.value) and "city.qmd" in str(err.value) and "--engine builtin" in str(err.value)


def test_quarto_engine_without_quarto_says_how_to_get_it(tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(StageError, match="quarto.org"):
        render(REPORTS / "city.qmd", {}, tmp_path, ("html",), "quarto")
