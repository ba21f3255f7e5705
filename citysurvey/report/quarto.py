"""The Quarto path: hand the document to the real Quarto CLI (PDF through its typst format).

Used when ``quarto`` is on PATH, as on a report writer's machine. Parameters go
in with ``-P`` (Quarto injects them after the cell tagged ``parameters``) and
computed metadata with ``-M``.
"""
from __future__ import annotations

import functools
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from ..errors import Problem, StageError

TARGETS = {"html": ("html", "html"), "pdf": ("typst", "pdf"), "docx": ("docx", "docx")}  # our format → (quarto --to, extension)


def quarto_exe() -> str | None:
    return shutil.which("quarto")


@functools.lru_cache(maxsize=4)
def quarto_version(exe: str) -> str:
    proc = subprocess.run([exe, "--version"], capture_output=True, text=True)
    return proc.stdout.strip() or "?"


def engine_label(exe: str) -> tuple[str, str]:
    from .. import __version__

    v = quarto_version(exe)
    return (f"Quarto {v} (citysurvey {__version__})",
            f"本报告由 Quarto {v} 渲染生成（citysurvey {__version__}）")


def _scalar(value: Any) -> str:
    # Quarto reads -P/-M values as YAML: booleans and numbers must not arrive as quoted strings
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    return str(value)


def command(exe: str, document: Path, fmt: str, params: dict, metadata: dict, name: str, out_dir: Path) -> list[str]:
    to, ext = TARGETS[fmt]
    cmd = [exe, "render", document.name, "--to", to, "--output", f"{name}.{ext}", "--output-dir", str(out_dir)]
    for key, value in params.items():
        cmd += ["-P", f"{key}:{_scalar(value)}"]
    for key, value in metadata.items():
        cmd += ["-M", f"{key}:{_scalar(value)}"]
    return cmd


def require_exe() -> str:
    exe = quarto_exe()
    if exe is None:
        raise StageError(Problem(
            zh="找不到 Quarto 命令行工具（quarto）。", en="the Quarto CLI (quarto) is not on PATH.",
            hint_zh="请从 quarto.org 安装 Quarto，或改用 --engine builtin。",
            hint_en="Install Quarto from quarto.org, or use --engine builtin.",
        ))
    return exe


def render_quarto(document: Path, params: dict[str, Any], out_dir: Path, formats: tuple[str, ...],
                  metadata: dict[str, Any], name: str) -> dict[str, Path]:
    exe = require_exe()
    if "pdf" in formats:
        from .builtin import typst_fonts

        typst_fonts()  # Quarto's Typst would also draw empty boxes without a CJK font
    written: dict[str, Path] = {}
    with tempfile.TemporaryDirectory(prefix=f".{name}.quarto-", dir=out_dir) as tmp:
        for fmt in formats:
            cmd = command(exe, document, fmt, params, metadata, name, Path(tmp))
            proc = subprocess.run(cmd, cwd=document.parent, capture_output=True, text=True)
            if proc.returncode != 0:
                tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-12:])
                raise StageError(Problem(
                    zh=f"Quarto 渲染失败：\n{tail}", en="Quarto failed (message above).", file=str(document),
                    hint_zh="可用 --engine builtin 改用内置引擎对照。", hint_en="Try --engine builtin to compare.",
                ))
            ext = TARGETS[fmt][1]
            produced = Path(tmp) / f"{name}.{ext}"
            if not produced.exists():  # older Quarto ignores --output-dir for single files
                produced = document.parent / f"{name}.{ext}"
            if not produced.exists():
                raise StageError(Problem(zh=f"Quarto 未生成 {name}.{ext}。", en=f"Quarto did not write {name}.{ext}.",
                                         file=str(document)))
            target = out_dir / f"{name}.{ext}"
            shutil.move(str(produced), target)
            written[fmt] = target
    return written
