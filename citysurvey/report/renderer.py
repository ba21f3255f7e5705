"""Render a report document with Quarto when installed, else with the built-in engine.

>>> result = render("reports/city.qmd", {"output_dir": "output/demo_city"}, "output/demo_city/report")  # doctest: +SKIP
>>> result.engine, sorted(result.files)                                                                # doctest: +SKIP
('builtin', ['html', 'pdf'])

Next to the files a ``<name>.render.json`` records which engine made them; the
document itself receives the engine's description as the ``report_engine``
parameter and as the ``citysurvey-engine`` metadata.
"""
from __future__ import annotations

import datetime as dt
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ..errors import Problem, StageError
from . import builtin, quarto

Engine = Literal["auto", "quarto", "builtin"]
FORMATS = ("html", "pdf", "docx")


@dataclass(frozen=True)
class RenderResult:
    document: Path
    engine: str  # "quarto" or "builtin"
    engine_label: str
    files: dict[str, Path]
    record: Path
    seconds: float


def resolve_engine(engine: str) -> str:
    if engine == "auto":
        return "quarto" if quarto.quarto_exe() else "builtin"
    if engine not in ("quarto", "builtin"):
        raise StageError(Problem(zh=f"未知的渲染引擎「{engine}」。", en=f"unknown render engine {engine!r}.",
                                 hint_zh="可选：auto、quarto、builtin。", hint_en="Use auto, quarto or builtin."))
    return engine


def render(document: str | Path, params: dict[str, Any] | None = None, out_dir: str | Path | None = None,
           formats: tuple[str, ...] | list[str] = FORMATS, engine: Engine = "auto", *,
           metadata: dict[str, Any] | None = None, name: str | None = None,
           session: builtin.KernelSession | None = None,
           record_params: dict[str, Any] | None = None) -> RenderResult:
    """Render `document` (.qmd) to `out_dir` as ``<name>.html`` / ``<name>.pdf``.

    `params` are the document's parameters (Quarto ``-P``); `metadata` is extra
    front matter (Quarto ``-M``), e.g. from :func:`report_metadata`. `session`
    shares one kernel between several built-in renders. `record_params` replaces
    `params` in the JSON record (e.g. a path that is only valid during the run).
    """
    started = time.perf_counter()
    document = Path(document).resolve()
    out_dir = Path(out_dir).resolve() if out_dir else document.parent
    out_dir.mkdir(parents=True, exist_ok=True)
    name = name or document.stem
    formats = tuple(dict.fromkeys(formats))
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise StageError(Problem(zh=f"不支持的输出格式：{unknown or '（空）'}。", en=f"unsupported output formats: {unknown or '(none)'}.",
                                 hint_zh="可选：html、pdf、docx。", hint_en="Use html, pdf and/or docx."))
    used = resolve_engine(engine)
    if used == "quarto":
        label_en, label_zh = quarto.engine_label(quarto.require_exe())
    else:
        label_en, label_zh = builtin.engine_label()
    params = {**(params or {}), "report_engine": label_zh}
    metadata = {**(metadata or {}), "citysurvey-engine": label_en, "citysurvey-engine-zh": label_zh}
    if used == "quarto":
        files = quarto.render_quarto(document, params, out_dir, formats, metadata, name)
    elif session is not None:
        files = builtin.render_builtin(document, params, out_dir, formats, metadata, name, session)
    else:
        with builtin.KernelSession() as own:
            files = builtin.render_builtin(document, params, out_dir, formats, metadata, name, own)
    seconds = time.perf_counter() - started
    record = out_dir / f"{name}.render.json"
    record.write_text(json.dumps({
        "document": str(document),
        "engine": used,
        "engine_label": label_en,
        "versions": builtin.versions() if used == "builtin" else {"quarto": quarto.quarto_version(quarto.quarto_exe())},
        "params": record_params if record_params is not None else
        {k: v for k, v in params.items() if k != "report_engine"},
        "metadata": {k: v for k, v in metadata.items() if not k.startswith("citysurvey-engine")},
        "files": {fmt: path.name for fmt, path in files.items()},
        "seconds": round(seconds, 2),
        "rendered_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
    }, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
    return RenderResult(document, used, label_en, files, record, seconds)
