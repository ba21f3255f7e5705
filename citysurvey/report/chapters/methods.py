"""方法说明 (appendix): how the numbers were made — stages, inputs, software.

Reads ``manifest.json`` only, so its tables are built without pandas (a lone document loads none).
"""
from __future__ import annotations

from pathlib import PurePath

from ...privacy import run_note_zh
from ..numbers import fmt_date, fmt_int, fmt_num, fmt_seconds
from ..outputs import STATUS_ZH, ReportOutputs
from ..tables import MarkdownTable, pipe_table
from . import Facts

ROLE_ZH = {"responses": "问卷数据", "codebook": "编码手册", "margins": "人口控制数", "indicators": "体检指标",
           "config": "研究配置"}


def methods_facts(out: ReportOutputs, report_engine: str = "") -> Facts:
    m = out.manifest
    stages = m.get("stages", [])
    return Facts({
        "package_version": str(m.get("package_version", "—")),
        "run_date": fmt_date(m.get("started_at")),
        "n_stages": fmt_int(len(stages)),
        "stage_names": "、".join(s.get("title_zh") or s.get("name", "") for s in stages),
        "total_seconds": fmt_seconds(sum(float(s.get("seconds") or 0) for s in stages)),
        "n_inputs": fmt_int(len(m.get("inputs", []))),
        "report_engine": report_engine or "—",
    })


def coverage_section(out: ReportOutputs) -> str:
    """本次调查未涵盖的内容: each piece the study lacks, once, and any stage output missing or stale.

    Markdown for an ``output: asis`` cell; empty when the study has everything.
    """
    lines = [f"- {g['zh']}" for g in out.absent]
    lines += [f"- “{b['title_zh']}”环节的结果{STATUS_ZH[b['status']]}，本报告相应内容不可用或未反映最新数据。"
              for b in out.incomplete()]
    if not lines:
        return ""
    return "## 本次调查未涵盖的内容 {.unnumbered}\n\n" + "\n".join(lines) + "\n"


def privacy_section(out: ReportOutputs) -> str:
    """最小发布单元: one sentence on the minimum-cell rule and how many domains it suppressed (never their
    values; the report reads only published rows). Empty when the study turned the rule off."""
    note = run_note_zh(out.manifest)
    return f"## 最小发布单元 {{.unnumbered}}\n\n{note}\n" if note else ""


def stages_table(out: ReportOutputs) -> MarkdownTable:
    stages = out.manifest.get("stages", [])
    rows = [[str(i + 1), s.get("title_zh") or s.get("name", ""), s.get("name", ""), fmt_seconds(s.get("seconds"))]
            for i, s in enumerate(stages)]
    return pipe_table(["序号", "环节", "代号", "用时"], rows, "rllr")


def inputs_table(out: ReportOutputs) -> MarkdownTable:
    rows = [[ROLE_ZH.get(i.get("role", ""), i.get("role", "")), PurePath(str(i.get("path", ""))).name,
             fmt_num((i.get("bytes") or 0) / 1024, 1),
             # the first 12 hex digits identify a file in practice; the manifest keeps all 64
             str(i.get("sha256", ""))[:12]] for i in out.manifest.get("inputs", [])]
    return pipe_table(["文件", "文件名", "大小（KB）", "SHA-256（前12位）"], rows, "llrl")
