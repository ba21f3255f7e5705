"""Write a draft: codebook.yaml, study.yaml, margins.csv, indicators.csv, init_report.md/.xlsx."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import yaml

from ..codebook import Codebook
from ..excel import write_workbook
from ..sampling.population_tables import write_margins
from ..textio import write_text_atomic
from .draft import Draft, relpath
from .indicators import convert_indicators

CONFIDENCE_ORDER = {"低": 0, "中": 1, "高": 2}


def _dump(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120, default_flow_style=None)


def write_draft(draft: Draft, raw: Path, out: Path, *, tables: list[Path] = (), indicators: Path | None = None
                ) -> list[Path]:
    """Write every file of the draft into `out`; returns the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    Codebook.model_validate(draft.codebook)  # a draft that does not parse is a bug here, not the user's
    header = (f"# 编码本草稿，由 citysurvey init 根据 {raw.name} 生成；请对照 init_report.md 逐项核对。\n"
              f"# Draft codebook written by `citysurvey init` from {raw.name}; check it against init_report.md.\n")
    write_text_atomic(out / "codebook.yaml", header + _dump(draft.codebook))
    written.append(out / "codebook.yaml")
    variables = draft.codebook["variables"]
    inputs: dict = {"responses": relpath(raw, out), "codebook": "codebook.yaml"}
    todo: list[str] = []
    if draft.margins is not None:
        write_margins(draft.margins, out / "margins.csv")
        written.append(out / "margins.csv")
        inputs["margins"] = "margins.csv"
    else:
        todo.append("  # margins: margins.csv   # TODO 人口边际表：citysurvey margins <人口表…> --codebook codebook.yaml "
                    "--out margins.csv / population margins")
    systems: list[str] = []
    if indicators is not None:
        table, systems, notes, questions = convert_indicators(indicators)
        draft.notes += notes
        draft.questions += questions
        if len(table):
            from ..outputs import write_csv

            write_csv(table, out / "indicators.csv")
            written.append(out / "indicators.csv")
            inputs["indicators"] = "indicators.csv"
    else:
        todo.append("  # indicators: indicators.csv   # TODO 客观指标（area, year, indicator_id, value, unit）/ objective indicators")
    if draft.header_rows != 1:
        inputs["header_rows"] = draft.header_rows
    if draft.missing_values:
        inputs["missing_values"] = draft.missing_values
    inputs["columns"] = draft.columns
    demographics = [n for n, v in variables.items() if v.get("role") == "demographic" and v["type"] == "categorical"]
    in_margins = []
    if draft.margins is not None:
        in_margins = [v for v in demographics if v in draft.margins.columns and (draft.margins[v] != "").any()]
    missing_pop = [v for v in demographics if v not in in_margins]
    for v in missing_pop:
        draft.questions.append(f"没有 {variables[v].get('label', v)}（{v}）的人口数据：它不参与加权，只作比较分组。"
                               f"若有人口表，用 citysurvey margins 加入。 / no population table for {v}: it is not weighted on.")
    year = _year(raw, draft)
    study = {
        "study": {"id": _study_id(out), "name": "待填写：调查名称", "city": "待填写：城市", "year": year},
        "inputs": inputs,
        "cleaning": {"min_age": 18 if any(v.get("role") == "screening" for v in variables.values()) else None},
        "sampling": {"profile_variables": in_margins or demographics},
        "weighting": {"margins": [m for m in _weighting_margins(draft.margins, variables) if m not in draft.sparse_margins]}
        if draft.margins is not None else {"enabled": False},
        "scoring": {"groups": [v for v in demographics if v != "district"]},
        **({"indicators": {"systems": systems}} if systems else {}),
        "output": {"dir": _output_dir(out)},
    }
    if draft.margins is not None:
        order = [v for v in ("age_band", "education", "income_band") if v in in_margins]
        study["weighting"]["collapse_order"] = order
    draft.questions[:0] = ["请填写 study.name（调查名称）与 study.city（城市）。 / Fill in study.name and study.city."]
    text = ("# 研究配置草稿，由 citysurvey init 生成；路径相对本文件。TODO 行是需要您补充的内容。\n"
            "# Draft study config written by `citysurvey init`; paths are relative to this file. TODO lines are yours.\n")
    for section, body in study.items():
        block = yaml.safe_dump({section: body}, allow_unicode=True, sort_keys=False, width=1000,
                               default_flow_style=False) if section == "inputs" else _dump({section: body})
        if section == "inputs":
            lines = block.splitlines()
            block = "\n".join(lines[:3] + todo + lines[3:]) + "\n"
        text += block
    write_text_atomic(out / "study.yaml", text)
    written.append(out / "study.yaml")
    written += _write_report(draft, raw, out, tables, indicators)
    return written


def _output_dir(out: Path) -> str:
    """The repository's layout (analysis/<study>/ → output/<study>/) when the draft sits in it."""
    if out.resolve().parent.name == "analysis":
        return f"../../output/{_study_id(out)}"
    return "output"


def _study_id(out: Path) -> str:
    name = re.sub(r"[^A-Za-z0-9_\-]", "_", out.resolve().name).strip("_")
    return name or "study"


def _weighting_margins(margins, variables: dict) -> list[str]:
    """Margins to weight on: all but those of areas below the district (streets, communities).

    Those margins serve the small-area stage; raking to dozens of street cells of ~50 answers
    each buys little and can fail to converge, so a study adds them to the weighting by choice.
    """
    areas = {n for n, v in variables.items() if v.get("role") in ("street", "community")}
    names = list(dict.fromkeys(margins["margin"]))
    return [m for m in names if not areas & set(m.split("×"))]


def _year(raw: Path, draft: Draft) -> int:
    """The fieldwork year: from the submit times, else the file name, else this year."""
    if draft.year:
        return draft.year
    m = re.search(r"(20\d\d)", raw.name)
    if m:
        return int(m[1])
    import datetime as dt

    return dt.date.today().year


def _write_report(draft: Draft, raw: Path, out: Path, tables, indicators) -> list[Path]:
    g = pd.DataFrame([vars(x) for x in draft.guesses], columns=["column", "variable", "what", "value", "evidence",
                                                                 "confidence"])
    g = g.sort_values("confidence", key=lambda s: s.map(CONFIDENCE_ORDER), kind="stable")
    lines = [f"# citysurvey init：{raw.name} 的起草报告 / draft report", "",
             f"- 原始数据 / raw: `{raw.name}`",
             f"- 人口表 / population tables: {', '.join(f'`{Path(t).name}`' for t in tables) or '无 / none'}",
             f"- 指标 / indicators: {f'`{indicators.name}`' if indicators else '无 / none'}", "",
             "## 需要您回答的问题 / Questions for you", ""]
    lines += [f"{i}. {q}" for i, q in enumerate(draft.questions, 1)] or ["（无 / none）"]
    lines += ["", "## 读取与转换说明 / Notes", ""] + [f"- {n}" for n in draft.notes]
    lines += ["", "## 每一项推断及其依据 / Every guess and its evidence (低置信度在前 / least sure first)", "",
              "| 列 column | 变量 variable | 推断 what | 结果 guess | 依据 evidence | 置信度 |", "|---|---|---|---|---|---|"]
    for r in g.itertuples():
        cells = [str(x).replace("|", "/").replace("\n", " ") for x in (r.column, r.variable, r.what, r.value, r.evidence,
                                                                        r.confidence)]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "## 下一步 / Next", "", "```bash", "citysurvey validate study.yaml", "citysurvey run study.yaml", "```", ""]
    write_text_atomic(out / "init_report.md", "\n".join(lines))
    q = pd.DataFrame({"问题 question": draft.questions})
    write_workbook({"问题": q, "推断": g.rename(columns={"column": "列", "variable": "变量", "what": "推断", "value": "结果",
                                                     "evidence": "依据", "confidence": "置信度"}),
                    "说明": pd.DataFrame({"说明 note": draft.notes})}, out / "init_report.xlsx", title="citysurvey init")
    return [out / "init_report.md", out / "init_report.xlsx"]
