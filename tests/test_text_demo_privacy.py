"""The demo city end to end: no name, phone, ID, QQ/WeChat ID or full address written in the answers
reaches any output outside the restricted data/ folder (CSV, xlsx, HTML, PDF, docx, JSON)."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from citysurvey.config import load_study
from citysurvey.pipeline import run_study

from conftest import REPO

DEMO_STUDY = REPO / "analysis" / "demo_city" / "study.yaml"
# added to answers of respondents the cleaning keeps: kinds the demo generator does not write
EXTRA = [
    "，有事加我QQ 5566778899", "，我微信 lihua_2024abc", "。联系人：欧阳明辉", "，我叫谭永福，住了三十年",
    "，我家在和平路18号金色家园6栋1单元1502室", "，vx：wang_xy_88", "。反映人：禤嘉豪 13907712345",
    "，物业经理蒋文涛不作为", "，我爸爸龚德明腿脚不好",
]
SECRETS = ["5566778899", "lihua_2024abc", "欧阳明辉", "谭永福", "和平路18号金色家园6栋1单元1502室", "1502室",
           "wang_xy_88", "禤嘉豪", "13907712345", "蒋文涛", "龚德明"]


def _text_of(path) -> str | None:
    if path.suffix in (".csv", ".html", ".json", ".md", ".txt", ".qmd"):
        return path.read_text(encoding="utf-8-sig", errors="replace")
    if path.suffix == ".xlsx":
        import openpyxl

        wb = openpyxl.load_workbook(path, read_only=True)
        return "\n".join(str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row
                         if v is not None)
    if path.suffix == ".pdf":
        from pypdf import PdfReader

        return "".join(p.extract_text() or "" for p in PdfReader(path).pages)
    if path.suffix == ".docx":
        docx = pytest.importorskip("docx")
        d = docx.Document(str(path))
        cells = [c.text for t in d.tables for r in t.rows for c in r.cells]
        return "\n".join([p.text for p in d.paragraphs] + cells)
    return None


@pytest.mark.slow
def test_no_personal_data_of_the_answers_leaves_the_restricted_folder(tmp_path):
    cfg = load_study(DEMO_STUDY)
    responses = pd.read_csv(cfg.inputs.responses, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    issues = pd.read_csv(REPO / "data_samples" / "demo_city" / "planted_issues.csv", dtype=str, keep_default_na=False)
    labels = pd.read_csv(REPO / "data_samples" / "demo_city" / "suggestion_labels.csv", dtype=str, keep_default_na=False)
    keep = ~responses.iloc[:, 0].isin(set(issues["resp_id"])) & (labels["informative"] == "1").to_numpy()
    rows = responses.index[keep][:len(EXTRA) * 3]
    for i, r in enumerate(rows):
        responses.loc[r, "suggestion"] += EXTRA[i % len(EXTRA)]
    path = tmp_path / "responses.csv"
    responses.to_csv(path, index=False, encoding="utf-8-sig")
    out = tmp_path / "demo_city"
    cfg = cfg.model_copy(update={"output": cfg.output.model_copy(update={"dir": out}),
                                 "inputs": cfg.inputs.model_copy(update={"responses": path})})
    res = run_study(cfg)
    raw = res.output_dir / "data" / "validated_responses.csv"
    raw_text = raw.read_text(encoding="utf-8-sig")
    # what the demo generator planted, found in the raw answers by its own formats
    planted = set(re.findall(r"(?<!\d)1[3589]\d{9}(?!\d)|(?<!\d)\d{17}[\dX](?!\d)|0772-\d{7}", raw_text))
    planted |= set(re.findall(r"(?:我住|我家是)([^，。（）\n]{0,12}?\d+栋\d单元\d0\d室)", raw_text))
    planted |= set(re.findall(r"联系人：([王李张刘陈](?:女士|先生|阿姨|师傅))", raw_text))
    planted |= set(SECRETS)
    assert len(planted) >= 30 and all(s in raw_text for s in SECRETS)
    seen = set()
    leaks = []
    for f in res.output_dir.rglob("*"):
        rel = f.relative_to(res.output_dir).as_posix()
        if not f.is_file() or rel.startswith("data/"):
            continue
        text = _text_of(f)
        if text is None:
            continue
        seen.add(f.suffix)
        flat = re.sub(r"\s+", "", text)
        leaks += [(rel, s) for s in planted if s in text or re.sub(r"\s+", "", s) in flat]
    assert {".csv", ".xlsx", ".html", ".pdf"} <= seen, seen
    assert not leaks, leaks[:20]
