"""The built-in engine: render a .qmd without the Quarto CLI.

.qmd → notebook → executed on a real Jupyter kernel (nbclient, as Quarto's
Jupyter engine does) → Pandoc Markdown → pandoc → self-contained HTML, and
pandoc ``-t typst`` → typst → PDF. The pandoc data folder next to this module
holds the template, Lua filter and Chinese translations.

>>> with KernelSession() as kernel:                                   # doctest: +SKIP
...     files = render_builtin(Path("reports/city.qmd"), {"output_dir": "output/demo_city"},
...                            Path("out"), ("html", "pdf"), {}, "city", kernel)
"""
from __future__ import annotations

import contextlib
import datetime
import functools
import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

import yaml

from ..errors import Problem, StageError
from .qmd import CODE_SPAN, SHORTCODE, CodeCell, Loc, MarkdownBlock, QmdDocument, fail, parse_qmd

PANDOC_DATA = Path(__file__).with_name("pandoc")
LANG = "zh"
CELL_TIMEOUT = 600  # seconds per cell; a report cell only reads outputs

# --- settings: _quarto.yml + front matter -----------------------------------------------------

TOP_KEYS = {"title", "subtitle", "author", "date", "lang", "toc", "toc-depth", "toc-title", "number-sections",
            "format", "execute", "jupyter", "params", "description", "keywords"}
FORMAT_KEYS = {
    "html": {"toc", "toc-depth", "toc-title", "number-sections", "embed-resources", "css"},
    "docx": {"toc", "toc-depth", "toc-title", "number-sections", "reference-doc"},
    "typst": {"toc", "toc-depth", "toc-title", "number-sections", "section-numbering", "papersize", "margin",
              "mainfont", "fontsize", "keep-typ"},
}
EXECUTE_KEYS = {"echo", "warning", "output", "eval", "include", "freeze", "cache"}
PASSED_ON = ("title", "subtitle", "author", "date", "description", "keywords")


@dataclass
class Settings:
    meta: dict[str, Any]  # title, subtitle, author, date…
    execute: dict[str, Any]  # document defaults for cell options
    formats: dict[str, dict[str, Any]]  # "html" / "typst" → effective options
    project_file: Path | None = None


def find_project(start: Path) -> Path | None:
    for folder in [start, *start.parents]:
        candidate = folder / "_quarto.yml"
        if candidate.is_file():
            return candidate
    return None


def _formats(value: Any) -> dict[str, dict]:
    if value is None:
        return {}
    if isinstance(value, str):
        return {value: {}}
    if isinstance(value, list):
        return {str(v): {} for v in value}
    return {str(k): (v if isinstance(v, dict) else {}) for k, v in value.items()}


def _check_keys(data: dict, locs: dict[str, Loc], path: Path, allowed: set[str]) -> None:
    for key, value in data.items():
        loc = locs.get(key, Loc(path, 1))
        if key == "engine" and value not in ("jupyter",):
            raise fail(loc, f"内置引擎只支持 Jupyter（Python）引擎，不支持「{value}」。",
                       f"the built-in engine supports the Jupyter (Python) engine only, not '{value}'.")
        if key == "engine":
            continue
        if key not in allowed:
            raise fail(loc, f"内置引擎不认识设置项「{key}」。", f"the built-in engine does not understand the setting '{key}'.",
                       "支持：" + "、".join(sorted(allowed)) + "。", "Supported: " + ", ".join(sorted(allowed)) + ".")
    jupyter = data.get("jupyter")
    if jupyter is not None and not (isinstance(jupyter, str) and jupyter.startswith("python")):
        raise fail(locs.get("jupyter"), f"内置引擎只支持 Python 内核，不支持「{jupyter}」。",
                   f"the built-in engine supports Python kernels only, not {jupyter!r}.")
    for fmt, opts in _formats(data.get("format")).items():
        floc = locs.get(f"format.{fmt}", locs.get("format", Loc(path, 1)))
        if fmt == "pdf":
            raise fail(floc, "内置引擎通过 Typst 生成 PDF，请用 format: typst 而不是 pdf（LaTeX）。",
                       "the built-in engine makes PDF through Typst: use format: typst, not pdf (LaTeX).")
        for key in opts:
            if fmt in FORMAT_KEYS and key not in FORMAT_KEYS[fmt]:
                raise fail(locs.get(f"format.{fmt}.{key}", floc),
                           f"内置引擎不支持 {fmt} 格式的设置项「{key}」。",
                           f"the built-in engine does not support the {fmt} option '{key}'.",
                           "支持：" + "、".join(sorted(FORMAT_KEYS[fmt])) + "。",
                           "Supported: " + ", ".join(sorted(FORMAT_KEYS[fmt])) + ".")
    execute = data.get("execute") or {}
    for key in execute:
        if key not in EXECUTE_KEYS:
            raise fail(locs.get(f"execute.{key}", locs.get("execute")), f"内置引擎不支持执行选项「{key}」。",
                       f"the built-in engine does not support the execute option '{key}'.")


def load_settings(doc: QmdDocument) -> Settings:
    from .qmd import load_yaml_with_locs

    project: dict = {}
    project_file = find_project(doc.path.parent)
    if project_file is not None:
        project, plocs = load_yaml_with_locs(project_file.read_text(encoding="utf-8-sig"), project_file)
        proj = project.pop("project", None) or {}
        if proj.get("type", "default") != "default":
            raise fail(plocs.get("project.type"), f"内置引擎只支持默认项目类型，不支持「{proj.get('type')}」。",
                       f"the built-in engine supports the default project type only, not '{proj.get('type')}'.")
        _check_keys(project, plocs, project_file, TOP_KEYS)
    _check_keys(doc.meta, doc.meta_locs, doc.path, TOP_KEYS)
    merged = {**project, **doc.meta}
    execute = {**(project.get("execute") or {}), **(doc.meta.get("execute") or {})}
    pf, df = _formats(project.get("format")), _formats(doc.meta.get("format"))
    top = {k: merged[k] for k in ("toc", "toc-depth", "toc-title", "number-sections") if k in merged}
    formats = {}
    for fmt in ("html", "typst", "docx"):
        formats[fmt] = {**top, **pf.get(fmt, {}), **df.get(fmt, {})}
    meta = {k: merged[k] for k in PASSED_ON if k in merged}
    return Settings(meta, execute, formats, project_file)


# --- fonts ------------------------------------------------------------------------------------

SERIF_CJK = ("Noto Serif CJK SC", "Source Han Serif SC", "Noto Serif SC", "Source Han Serif CN")
MONO_CJK = ("Noto Sans Mono CJK SC", "Sarasa Mono SC")


@dataclass(frozen=True)
class TypstFonts:
    main: list[str]
    heading: list[str]
    code: list[str]
    paths: list[str]
    #: the fonts Typst found (a typst.Fonts), handed to every compile of this process: each compile given
    #: only `paths` scanned and loaded the system's fonts again, most of a short document's PDF time
    found: Any = field(default=None, compare=False, repr=False)


@functools.lru_cache(maxsize=8)
def typst_fonts(requested: tuple[str, ...] = ()) -> TypstFonts:
    """Fonts for the PDF; raises before compiling when Typst sees no CJK font (it would draw tofu silently)."""
    import typst

    from ..plotting import CJK_FAMILIES, NoCJKFontError, find_cjk_font, no_cjk_font_problem

    paths: list[str] = []
    found = typst.Fonts(font_paths=paths)
    families = set(found.families())
    if not families & {*CJK_FAMILIES, *SERIF_CJK}:
        # e.g. a pip-installed font Typst would not scan; asking matplotlib costs its import, so only then
        with contextlib.suppress(NoCJKFontError):
            paths.append(str(find_cjk_font().path.parent))
        found = typst.Fonts(font_paths=paths)
        families = set(found.families())
    sans = [f for f in CJK_FAMILIES if f in families]
    serif = [f for f in SERIF_CJK if f in families]
    if not sans and not serif:
        raise NoCJKFontError(no_cjk_font_problem("Typst"))
    cjk_body = (serif or sans)[:1]
    main = [f for f in requested if f in families] + cjk_body
    heading = (sans or serif)[:1]
    code = [f for f in ("DejaVu Sans Mono",) if f in families] + [f for f in MONO_CJK if f in families][:1] + heading
    return TypstFonts(list(dict.fromkeys(main)), heading, list(dict.fromkeys(code)), paths, found)


# --- notebook ---------------------------------------------------------------------------------

PREAMBLE = '''\
get_ipython().run_line_magic("reset", "-f")
import os as _cs_os, warnings as _cs_warnings
_cs_os.chdir({cwd!r})
_cs_warnings.resetwarnings()
{warnings}
import sys as _cs_sys
if "matplotlib.pyplot" in _cs_sys.modules:  # an earlier document's figures and settings; a fresh process has none
    import matplotlib as _cs_mpl, matplotlib.pyplot as _cs_plt
    _cs_plt.close("all")
    _cs_mpl.rcdefaults()
    from matplotlib_inline.backend_inline import set_matplotlib_formats as _cs_formats
    _cs_formats("png")

def _cs_inline(value):
    from IPython.display import display
    md = getattr(value, "_repr_markdown_", None)
    display({{"text/markdown": md() if callable(md) else str(value)}}, raw=True)

def _cs_inlines(*thunks):
    # all inline expressions of a Markdown block in one cell: a cell round trip costs more than most expressions
    for _cs_k, _cs_thunk in enumerate(thunks):
        try:
            _cs_value = _cs_thunk()
        except BaseException:
            print("{marker}%d" % _cs_k)  # tells the engine which expression failed
            raise
        _cs_inline(_cs_value)

def _cs_dataframe_markdown(frame):
    from citysurvey.report.tables import md_table
    return str(md_table(frame))

_cs_markdown = get_ipython().display_formatter.formatters["text/markdown"]
if "pandas" in _cs_sys.modules:
    _cs_markdown.for_type(_cs_sys.modules["pandas"].DataFrame, _cs_dataframe_markdown)
else:  # by name, not importing pandas: a document whose tables are all saved never loads it
    for _cs_module in ("pandas", "pandas.core.frame"):  # where DataFrame says it is defined: pandas 3, pandas 2
        _cs_markdown.for_type_by_name(_cs_module, "DataFrame", _cs_dataframe_markdown)
'''


@dataclass
class _Plan:
    """Which notebook cell came from which part of the document."""

    cells: list = field(default_factory=list)  # nbformat cells
    origin: list[tuple[str, Loc | None]] = field(default_factory=list)  # (kind, where)
    by_block: dict[int, list[int]] = field(default_factory=dict)  # id(block) → notebook cell indices


class _Node(dict):
    """A notebook or cell as nbformat's NotebookNode is: a dict whose keys read as attributes."""

    def __getattr__(self, key: str):
        try:
            return self[key]
        except KeyError:
            raise AttributeError(key) from None


def build_notebook(doc: QmdDocument, params: dict[str, Any], execute: dict[str, Any]):
    plan = _Plan()

    def add(source: str, kind: str, loc: Loc | None, block=None) -> None:
        # what nbformat.v4.new_code_cell makes, without nbformat (its import and a schema check per cell were
        # most of this function's time); KernelSession hands nbclient a real notebook made from it
        plan.cells.append(_Node(id=f"cell-{len(plan.cells)}", cell_type="code", metadata=_Node(),
                                execution_count=None, source=source, outputs=[]))
        plan.origin.append((kind, loc))
        if block is not None:
            plan.by_block.setdefault(id(block), []).append(len(plan.cells) - 1)

    warnings = "" if execute.get("warning", True) else '_cs_warnings.filterwarnings("ignore")'
    add(PREAMBLE.format(cwd=str(doc.path.parent), warnings=warnings, marker=INLINE_FAILED), "setup", None)
    # paths as str: repr(Path) would need pathlib imported in the kernel
    injected = "\n".join(f"{k} = {str(v) if isinstance(v, PurePath) else v!r}" for k, v in params.items())
    if params and not any(c.is_parameters for c in doc.cells):
        add(injected, "params", None)  # papermill/Quarto put them first when no cell is tagged
    for block in doc.blocks:
        if isinstance(block, MarkdownBlock):
            if block.inlines:
                thunks = ", ".join(f"lambda: ({expr.code})" for expr in block.inlines)
                add(f"_cs_inlines({thunks})", "inline", [expr.loc for expr in block.inlines], block)
            continue
        if not block.opt("eval", execute.get("eval", True)):
            continue
        add(block.source, "cell", block.loc, block)
        if block.is_parameters and params:
            add(injected, "params", block.loc)
    nb = _Node(nbformat=4, nbformat_minor=5, metadata=_Node(), cells=plan.cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb, plan


class KernelSession:
    """One Jupyter kernel shared by several documents: imports stay loaded between them.

    Each document starts with ``%reset -f`` and its own working folder, so names
    do not leak from one document to the next.
    """

    def __init__(self, timeout: int = CELL_TIMEOUT):
        self.timeout = timeout
        self._client = None
        self._stack = contextlib.ExitStack()

    def __enter__(self) -> "KernelSession":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._stack.close()
        self._client = None

    def _ensure(self, cwd: Path):
        if self._client is None:
            import nbformat
            from nbclient import NotebookClient

            client = NotebookClient(nbformat.v4.new_notebook(), kernel_name="python3", timeout=self.timeout,
                                    allow_errors=False, record_timing=False,
                                    # the kernel warns about plain TCP on every start; it only talks to us
                                    extra_arguments=["--IPKernelApp.log_level=ERROR"])
            try:
                self._stack.enter_context(client.setup_kernel(cwd=str(cwd)))
            except Exception as exc:  # no kernel: name the fix rather than show jupyter's traceback
                raise StageError(Problem(
                    zh=f"无法启动 Python 内核：{exc}", en=f"cannot start a Python kernel: {exc}",
                    hint_zh="请确认已安装 ipykernel（pip install ipykernel）。",
                    hint_en="Make sure ipykernel is installed (pip install ipykernel).",
                )) from None
            self._client = client
        return self._client

    def execute(self, nb, plan: _Plan, doc: QmdDocument):
        from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

        import nbformat

        client = self._ensure(doc.path.parent)
        nb = nbformat.from_dict(nb)
        client.nb = nb
        for index, cell in enumerate(nb.cells):
            try:
                client.execute_cell(cell, index)
            except CellExecutionError as exc:
                raise _execution_error(exc, _origin(plan.origin[index], cell), doc) from None
            except CellTimeoutError:
                kind, loc = _origin(plan.origin[index], cell)
                raise fail(loc, f"代码运行超过 {self.timeout} 秒未结束。", f"the code ran longer than {self.timeout} s.") from None
            except DeadKernelError:
                self.close()
                kind, loc = _origin(plan.origin[index], cell)
                raise fail(loc, "Python 内核意外退出（内存不足？）。", "the Python kernel died (out of memory?).") from None
        return nb


class _CellError(Exception):
    """A cell's exception in the shape nbclient reports it (ename, evalue, traceback)."""

    def __init__(self, exc: BaseException):
        import traceback

        super().__init__(str(exc))
        self.ename, self.evalue = type(exc).__name__, str(exc)
        self.traceback = "".join(traceback.format_exception(exc))


class _Outputs:
    """The outputs of one cell in notebook form and in the order they came: streams and displays."""

    def __init__(self):
        self.items: list[dict] = []

    def stream(self, name: str, text: str) -> None:
        if self.items and self.items[-1].get("output_type") == "stream" and self.items[-1]["name"] == name:
            self.items[-1]["text"] += text  # a kernel merges consecutive writes the same way
        elif text:
            self.items.append({"output_type": "stream", "name": name, "text": text})

    def display(self, data: dict, metadata: dict | None = None, kind: str = "display_data") -> None:
        import base64

        data = {mime: base64.b64encode(v).decode("ascii") if isinstance(v, bytes) else v for mime, v in data.items()}
        self.items.append({"output_type": kind, "data": data, "metadata": metadata or {}})


class _Stream:
    def __init__(self, outputs: _Outputs, name: str):
        self.outputs, self.name = outputs, name

    def write(self, text: str) -> int:
        self.outputs.stream(self.name, text)
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


_own_shell = None  # the IPython shell an InProcessSession made in this process


def inside_ipython() -> bool:
    """True in a notebook or IPython: that shell is this process's one, and a document would reset it."""
    import sys

    module = sys.modules.get("IPython.core.interactiveshell")
    if module is None or not module.InteractiveShell.initialized():
        return False
    return module.InteractiveShell.instance() is not _own_shell


class InProcessSession:
    """Execute documents in this process on an IPython shell, the way a Jupyter kernel would.

    Same contract as :class:`KernelSession` (``%reset -f`` and the document's folder
    before each document; display outputs, streams and errors recorded per cell), without
    starting a kernel process or importing everything again in it. It changes the
    process's working folder, matplotlib backend and warning filters, so the report
    stage runs it inside worker processes (:mod:`citysurvey.report.workers`).
    """

    def __init__(self, timeout: int = CELL_TIMEOUT, *, spare_core: bool = True):
        self.timeout = timeout  # kept for the same signature; a cell in this process cannot be interrupted
        #: False in a process that has one core to itself (a batch's Dask worker): no head start for Typst
        #: beside pandoc (:func:`_warm_typst`), which there would only add its own compile to the render's CPU
        self.spare_core = spare_core
        self._shell = None

    def __enter__(self) -> "InProcessSession":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._shell = None

    def _ensure(self):
        if self._shell is None:
            from IPython.core.interactiveshell import InteractiveShell
            from traitlets.config import Config

            import sys

            global _own_shell
            config = Config()
            config.HistoryManager.enabled = False  # no sqlite history shared by the workers
            # no output cache (Out, _): results are recorded per cell (_ResultHook), and flushing the cache
            # on each document's %reset ran a full garbage collection
            config.InteractiveShell.cache_size = 0
            main = sys.modules["__main__"]
            shell = InteractiveShell.instance(config=config)
            _own_shell = shell
            # the shell installs its namespace as __main__; multiprocessing (the report's workers) needs the real one
            sys.modules["__main__"] = main
            shell.enable_gui = lambda gui=None: None  # the inline backend needs no event loop
            # IPython prints numpy's float64 like a float only if numpy was loaded when it first formats a
            # value; a lone document may load numpy later, or never: by name, it is printed the same either way
            plain = shell.display_formatter.formatters["text/plain"]
            plain.for_type_by_name("numpy", "float64", lambda obj, p, cycle: p.text(plain.float_format % obj))
            _quick_reset(shell)
            self._shell = shell
            self._inline = False
        return self._shell

    def _inline_figures(self, shell) -> None:
        """Figures left open show at the end of a cell, as in a kernel (matplotlib's inline backend).

        Switched on once matplotlib is in use: a document whose figures are all saved already
        never loads matplotlib, which is a good part of a lone document's start.
        """
        if not self._inline:
            shell.enable_matplotlib("inline")
            self._inline = True

    def execute(self, nb, plan: _Plan, doc: QmdDocument):
        import contextlib
        import os
        import sys
        import warnings

        shell = self._ensure()
        folder = os.getcwd()
        loaded = "matplotlib" in sys.modules
        # the document's working folder, warning filters and rcParams are its own, as in a kernel
        with warnings.catch_warnings(), (sys.modules["matplotlib"].rc_context() if loaded else contextlib.nullcontext()):
            warnings.showwarning = _warning_to_stderr  # into the cell's stderr, whoever records warnings here
            try:
                return self._cells(shell, nb, plan, doc)
            finally:
                os.chdir(folder)
                if not loaded and "matplotlib" in sys.modules:  # first loaded by this document: its settings go
                    sys.modules["matplotlib"].rc_file_defaults()

    def _cells(self, shell, nb, plan: _Plan, doc: QmdDocument):
        import sys

        Publisher = _capture_classes()
        for index, cell in enumerate(nb.cells):
            outputs = _Outputs()
            if "matplotlib.pyplot" in sys.modules:
                self._inline_figures(shell)
            saved = shell.display_pub, shell.display_trap.hook, sys.stdout, sys.stderr
            # run_cell installs display_trap.hook as sys.displayhook: the value of the last expression
            shell.display_pub, shell.display_trap.hook = Publisher(outputs), _ResultHook(shell, outputs, cell.source)
            sys.stdout, sys.stderr = _Stream(outputs, "stdout"), _Stream(outputs, "stderr")
            try:
                result = shell.run_cell(cell.source, store_history=False)
                if not self._inline and "matplotlib.pyplot" in sys.modules:
                    _show_open_figures(outputs)  # pyplot came in during this cell, before the inline backend
            finally:
                shell.display_pub, shell.display_trap.hook, sys.stdout, sys.stderr = saved
            cell["outputs"] = outputs.items
            error = result.error_before_exec or result.error_in_exec
            if error is not None:
                raise _execution_error(_CellError(error), _origin(plan.origin[index], cell), doc) from None
        return nb


def _quick_reset(shell) -> None:
    """``%reset -f`` (each document's first line) on this shell without IPython's full garbage collection.

    IPython's magic clears the namespace and then runs ``gc.collect()`` over the whole process:
    a tenth of a second per document once pandas and matplotlib are loaded, for memory the
    collector reclaims anyway. Any other use of ``%reset`` goes to IPython's own magic.
    """
    magic = shell.find_line_magic("reset")
    if getattr(magic, "quick", False):  # the shell is the process's one: set up by an earlier session
        return

    def reset(line: str = "") -> None:
        if line.split() != ["-f"]:
            return magic(line)
        shell.reset(new_session=False)

    reset.quick = True
    shell.register_magic_function(reset, "line", "reset")


def _show_open_figures(outputs: _Outputs) -> None:
    """What the inline backend does at the end of a cell: each open figure shown as PNG, then closed."""
    import io

    import matplotlib.pyplot as plt

    for number in plt.get_fignums():
        fig = plt.figure(number)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", bbox_inches="tight")
        outputs.display({"image/png": buf.getvalue(), "text/plain": repr(fig)}, {})
        plt.close(fig)


def _warning_to_stderr(message, category, filename, lineno, file=None, line=None) -> None:
    import sys
    import warnings

    sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))


class _ResultHook:
    """The value of a cell's last expression as an execute_result (none after a trailing semicolon)."""

    def __init__(self, shell, outputs: _Outputs, source: str):
        self.shell, self.outputs, self.source = shell, outputs, source

    def __call__(self, value=None) -> None:
        from IPython.core.displayhook import DisplayHook

        if value is None or DisplayHook.semicolon_at_end_of_expression(self.source):
            return
        data, metadata = self.shell.display_formatter.format(value)
        self.outputs.display(data, metadata, kind="execute_result")


@functools.lru_cache(maxsize=1)
def _capture_classes():
    from IPython.core.displaypub import DisplayPublisher

    class Publisher(DisplayPublisher):
        """display() calls of a cell, in order."""

        def __init__(self, outputs: _Outputs):
            super().__init__()
            self.outputs = outputs

        def publish(self, data, metadata=None, source=None, *, transient=None, update=False, **kwargs):
            self.outputs.display(data, metadata)

        def clear_output(self, wait=False):
            self.outputs.items.clear()

    return Publisher


ANSI = re.compile(r"\x1b\[[0-9;]*m")
INLINE_FAILED = "\x1fcitysurvey-inline-failed:"


def _origin(origin: tuple[str, Any], cell) -> tuple[str, Loc | None]:
    """(kind, place) of a failed cell; for a block's inline expressions, the one that failed."""
    kind, where = origin
    if not isinstance(where, list):
        return kind, where
    printed = "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream")
    found = re.findall(re.escape(INLINE_FAILED) + r"(\d+)", printed)
    return kind, where[int(found[-1])] if found else (where[0] if where else None)


def _execution_error(exc, origin: tuple[str, Loc | None], doc: QmdDocument) -> StageError:
    kind, loc = origin
    ename, evalue = getattr(exc, "ename", "Error"), ANSI.sub("", str(getattr(exc, "evalue", "")))
    if ename in ("StageError", "InputError", "ConfigError", "NoCJKFontError", "CitySurveyError"):
        # already a bilingual message for the user; say only where it happened
        where_zh = f"{loc.file} 第 {loc.line} 行" if loc else str(doc.path)
        where_en = f"{loc.file.name} line {loc.line}" if loc else doc.path.name
        return StageError(Problem(zh=f"报告代码出错（{where_zh}）：\n{evalue}",
                                  en=f"a report cell failed ({where_en}); the message is above."))
    tb = ANSI.sub("", str(getattr(exc, "traceback", "")))
    # an inline expression is one line: its traceback says nothing the message does not
    tail = "" if kind == "inline" else "\n" + "\n".join(tb.strip().splitlines()[-6:])
    what = "行内表达式" if kind == "inline" else "代码单元格"
    what_en = "inline expression" if kind == "inline" else "code cell"
    return fail(loc, f"{what}执行出错：{ename}: {evalue}{tail}", f"the {what_en} failed: {ename}: {evalue}")


# --- Markdown assembly ------------------------------------------------------------------------

FIG_WIDTH = "100%"
#: Height / width of the tallest picture shown at the full text width: an A4 page's text block (15.8 × 24.7 cm)
#: less room for the caption and the source line. A taller chart (one row per item: 40 items and more) is
#: shown narrower, so it never runs past the page into the page number.
MAX_FIG_RATIO = 1.3


def _fig_width(build: Path, image: str) -> str:
    """The width for a picture of the build folder: the text width, or less for a tall PNG."""
    head = (build / image).read_bytes()[:24] if image.endswith(".png") else b""
    if len(head) < 24 or head[12:16] != b"IHDR":
        return FIG_WIDTH
    width, height = int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
    ratio = height / max(width, 1)
    return FIG_WIDTH if ratio <= MAX_FIG_RATIO else f"{int(100 * MAX_FIG_RATIO / ratio)}%"


def _fence(text: str, classes: str) -> str:
    ticks = "`" * max(3, max((len(m) for m in re.findall(r"`+", text)), default=0) + 1)
    return f"{ticks} {{{classes}}}\n{text.rstrip()}\n{ticks}"


def _markdown_text(block: MarkdownBlock, results: list[str]) -> str:
    values = iter(results)

    def inline(m: re.Match) -> str:
        return next(values) if m.group(1) else m.group(0)

    def shortcode(m: re.Match) -> str:
        if m.group(1) == "{{{":
            return m.group(0)[1:-1]  # escaped: show the shortcode itself
        return "\n\n::: {.cs-pagebreak}\n:::\n\n"

    out = []
    for line in block.lines:
        text = line.text
        if not line.verbatim:
            text = CODE_SPAN.sub(inline, text)
            text = SHORTCODE.sub(shortcode, text)
        out.append(text)
    return "\n".join(out)


class _Figures:
    def __init__(self, folder: Path, stem: str):
        self.folder, self.stem, self.n = folder, stem, 0

    def width(self, image: str) -> str:
        """The width a saved picture is shown at (see :func:`_fig_width`)."""
        return _fig_width(self.folder.parent, image)

    def save(self, data: str, ext: str) -> str:
        import base64

        self.n += 1
        self.folder.mkdir(parents=True, exist_ok=True)
        name = f"{self.stem}-{self.n}.{ext}"
        (self.folder / name).write_bytes(base64.b64decode(data))
        return f"{self.folder.name}/{name}"


def _cell_markdown(cell: CodeCell, outputs: list, execute: dict, figures: _Figures) -> str:
    if not cell.opt("include", execute.get("include", True)):
        return ""
    parts: list[str] = []
    if cell.opt("echo", execute.get("echo", True)):
        parts.append(_fence(cell.source, ".python .cell-code"))
    output = cell.opt("output", execute.get("output", True))
    show_warnings = cell.opt("warning", execute.get("warning", True))
    images: list[str] = []
    body: list[str] = []
    if output is not False:
        asis = output == "asis"
        for out in outputs:
            kind = out.get("output_type")
            if kind == "stream":
                if out.get("name") == "stderr" and not show_warnings:
                    continue
                text = out.get("text", "")
                body.append(text if asis and out.get("name") == "stdout" else
                            _fence(text, f".cell-output .cell-output-{out.get('name', 'stdout')}"))
            elif kind in ("display_data", "execute_result"):
                data = out.get("data", {})
                if "text/markdown" in data:
                    body.append(data["text/markdown"])
                elif "image/png" in data:
                    images.append(figures.save(data["image/png"], "png"))
                elif "image/jpeg" in data:
                    images.append(figures.save(data["image/jpeg"], "jpg"))
                elif "text/html" in data and "text/plain" not in data:
                    raise fail(cell.loc, "单元格输出只有 HTML，PDF 中无法显示。", "the cell output is HTML only and cannot go into the PDF.",
                               "表格请用 citysurvey.report.md_table(df) 输出。", "Show tables with citysurvey.report.md_table(df).")
                elif "text/plain" in data:
                    text = data["text/plain"]
                    body.append(text if asis else _fence(text, ".cell-output .cell-output-display"))
    label = cell.opt("label", "")
    fig_cap, tbl_cap = cell.opt("fig-cap"), cell.opt("tbl-cap")
    if label.startswith("fig-") or fig_cap is not None:
        if not images:
            raise fail(cell.loc, f"图表单元格「{label or fig_cap}」没有画出图形。",
                       f"the figure cell '{label or fig_cap}' produced no image.",
                       "请确认单元格最后显示了图形（例如 plt.show() 或返回 fig）。",
                       "Make sure the cell displays a figure (e.g. plt.show() or ends with fig).")
        ident = f"#{label}" if label.startswith("fig-") else ""
        caption = fig_cap or ""
        if len(images) == 1:
            parts.append(f"![{caption}]({images[0]}){{{ident} width={figures.width(images[0])}}}".replace("{ ", "{"))
        else:
            inner = "\n\n".join(f"![]({img}){{width={figures.width(img)}}}" for img in images)
            parts.append(f"::: {{{ident}}}\n{inner}\n\n{caption}\n\n:::" if ident else inner)
        images = []
    if label.startswith("tbl-") or tbl_cap is not None:
        table = "\n\n".join(b for b in body if b.lstrip().startswith("|"))
        if not table:
            raise fail(cell.loc, f"表格单元格「{label or tbl_cap}」没有输出表格。", f"the table cell '{label or tbl_cap}' produced no table.",
                       "请用 md_table(df) 输出表格。", "Show the table with md_table(df).")
        body = [b for b in body if not b.lstrip().startswith("|")]
        ident = f"#{label}" if label.startswith("tbl-") else ""
        caption = f"\n\n: {tbl_cap}" if tbl_cap else ""
        parts.append(f"::: {{{ident}}}\n{table}{caption}\n\n:::" if ident else f"{table}{caption}")
    parts.extend(body)
    parts.extend(f"![]({img}){{width={figures.width(img)}}}" for img in images)
    return "\n\n".join(p.strip("\n") for p in parts)


def assemble(doc: QmdDocument, nb, plan: _Plan, execute: dict, figures: _Figures) -> str:
    chunks: list[str] = []
    for block in doc.blocks:
        idx = plan.by_block.get(id(block), [])
        if isinstance(block, MarkdownBlock):
            results = []
            for i in idx:  # one cell; each inline expression displayed one Markdown output, in order
                outs = nb.cells[i].get("outputs", [])
                results += [o["data"]["text/markdown"] for o in outs if o.get("output_type") == "display_data"
                            and "text/markdown" in o.get("data", {})]
            chunks.append(_markdown_text(block, results))
        else:
            outputs = nb.cells[idx[0]].get("outputs", []) if idx else []
            chunks.append("\n" + _cell_markdown(block, outputs, execute, figures) + "\n")
    return "\n".join(chunks) + "\n"


# --- pandoc and typst -------------------------------------------------------------------------

def pandoc_path() -> str:
    import pypandoc

    return pypandoc.get_pandoc_path()


@functools.lru_cache(maxsize=1)
def versions() -> dict[str, str]:
    import typst

    out = subprocess.run([pandoc_path(), "--version"], capture_output=True, text=True, check=True).stdout
    return {"pandoc": out.split()[1], "typst": getattr(typst, "__version__", "?")}


def engine_label() -> tuple[str, str]:
    from .. import __version__

    v = versions()
    en = f"citysurvey {__version__} built-in engine (pandoc {v['pandoc']}, Typst {v['typst']})"
    zh = f"本报告由 citysurvey {__version__} 内置渲染引擎生成（pandoc {v['pandoc']}，Typst {v['typst']}）"
    return en, zh


def _run_pandoc(args: list[str], doc: QmdDocument, build: Path, meanwhile=None) -> None:
    """pandoc with `args` in `build`; `meanwhile()`, if given, runs here while pandoc works."""
    with subprocess.Popen([pandoc_path(), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          cwd=build) as proc:
        if meanwhile is not None:
            meanwhile()
        _, stderr = proc.communicate()
    noise = [ln for ln in stderr.splitlines() if ln.strip()]
    if proc.returncode != 0:
        detail = "\n".join(noise[-8:])
        raise StageError(Problem(zh=f"pandoc 转换失败：\n{detail}", en="pandoc failed (message above).",
                                 file=str(doc.path),
                                 hint_zh=f"中间文件保留在 {build}。", hint_en=f"Intermediate files are kept in {build}."))


def _source(md: Path) -> list[str]:
    """pandoc's input arguments for the document's body: its Markdown, or the syntax tree read from it once."""
    return [md.name, "-f", "json" if md.suffix == ".json" else "markdown"]


def read_once(md: Path, doc: QmdDocument) -> Path:
    """The body's pandoc syntax tree (``body.json``), read from its Markdown once for all the formats.

    Reading the Markdown was about half of each writer's pandoc run (0.25 of 0.5 s on a city
    report); from the tree each writer reads in a few hundredths of a second and writes the
    same bytes (Lua filter and writer options apply as before, per format).
    """
    tree = md.with_suffix(".json")
    _run_pandoc([md.name, "-f", "markdown", "-t", "json", "-o", tree.name], doc, md.parent)
    return tree


def to_html(md: Path, meta: Path, settings: dict, doc: QmdDocument, target: Path) -> None:
    """Self-contained HTML: the pictures the document made are embedded here, anything else by pandoc.

    pandoc's ``--embed-resources`` reads its whole output back to embed a dozen PNGs, a fifth of a
    district report's HTML time; so where the page holds nothing but the build folder's images,
    they are written in as ``data:`` URIs directly (:func:`_embed_images`), as pandoc writes them.
    """
    args = [*_source(md), "-t", "html5", "--standalone",
            f"--data-dir={PANDOC_DATA}", f"--template={PANDOC_DATA / 'templates' / 'citysurvey.html'}",
            f"--lua-filter={PANDOC_DATA / 'filters' / 'citysurvey.lua'}", f"--metadata-file={meta.name}",
            "--resource-path=.", "--wrap=none"]
    if settings.get("toc", False):
        args += ["--toc", f"--toc-depth={settings.get('toc-depth', 2)}"]
    if settings.get("number-sections", False):
        args.append("--number-sections")
    css = settings.get("css")
    sheets = [f"--css={(doc.path.parent / sheet).resolve()}" for sheet in ([css] if isinstance(css, str) else css or [])]
    if not sheets:
        plain = md.with_suffix(".html")
        _run_pandoc([*args, "-o", plain.name], doc, md.parent)
        html = _embed_images(plain.read_text(encoding="utf-8"), md.parent)
        if html is not None:
            target.write_text(html, encoding="utf-8")
            return
    _run_pandoc([*args, "--embed-resources", *sheets, "-o", str(target)], doc, md.parent)


_IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
                ".svg": "image/svg+xml"}
_IMG = re.compile(r'<img ([^>]*?)src="([^"]*)"([^>]*)>')
_ALT = re.compile(r'\balt="([^"]*)"')
#: anything else a browser would fetch: left to pandoc's --embed-resources
_FETCHED = re.compile(r'<(?:link|script|video|audio|source|iframe|object|embed|track|input)\b[^>]*\b(?:src|href|data)="'
                      r'(?!data:|#)|url\(\s*[\'"]?(?!data:|#)', re.IGNORECASE)


def _embed_images(html: str, folder: Path) -> str | None:
    """`html` with each ``<img>`` of a file under `folder` as a ``data:`` URI, or None when the page
    needs more than that (another resource, an image elsewhere), for pandoc to embed instead."""
    import base64

    root = folder.resolve()
    missing = []

    def embed(m: re.Match) -> str:
        before, src, after = m.groups()
        if src.startswith("data:"):
            return m.group(0)
        path = (folder / src).resolve()
        kind = _IMAGE_TYPES.get(path.suffix.lower())
        if kind is None or "://" in src or not path.is_relative_to(root) or not path.is_file():
            missing.append(src)
            return m.group(0)
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        alt = _ALT.search(before + after)
        label = f'role="img" aria-label="{alt.group(1)}" ' if alt and "aria-label=" not in before + after else ""
        return f'<img {label}{before}src="data:{kind};base64,{data}"{after}>'

    out = _IMG.sub(embed, html)
    if missing or _FETCHED.search(html):
        return None
    return out


def _requested_fonts(settings: dict) -> tuple[str, ...]:
    requested = settings.get("mainfont")
    return tuple([requested] if isinstance(requested, str) else requested or [])


def to_pdf(md: Path, meta: Path, settings: dict, doc: QmdDocument, target: Path, *, warm: bool = True) -> None:
    """PDF through pandoc's Typst writer and Typst; `warm`: Typst reads the pictures while pandoc works."""
    import typst

    fonts = typst_fonts(_requested_fonts(settings))
    typ = md.with_suffix(".typ")
    font_meta = md.parent / "fonts.yaml"
    numbered = bool(settings.get("number-sections") or settings.get("section-numbering"))
    extra = {"mainfont": fonts.main, "headingfont": fonts.heading, "codefont": fonts.code,
             "number-sections": numbered}
    for key in ("papersize", "fontsize", "margin", "toc", "toc-depth", "toc-title"):
        if key in settings:
            extra[key] = settings[key]
    font_meta.write_text(yaml.safe_dump(extra, allow_unicode=True), encoding="utf-8")
    args = [*_source(md), "-t", "typst", "--standalone",
            f"--data-dir={PANDOC_DATA}", f"--template={PANDOC_DATA / 'templates' / 'citysurvey.typ'}",
            f"--lua-filter={PANDOC_DATA / 'filters' / 'citysurvey.lua'}",
            f"--metadata-file={meta.name}", f"--metadata-file={font_meta.name}", "--wrap=none", "-o", typ.name]
    _run_pandoc(args, doc, md.parent, meanwhile=(lambda: _warm_typst(md.parent, fonts)) if warm else None)
    try:
        pdf, warnings = typst.compile_with_warnings(str(typ), root=str(md.parent), font_paths=fonts.found or fonts.paths,
                                                    timestamp=pdf_timestamp())
    except typst.TypstError as exc:
        raise StageError(Problem(zh=f"Typst 排版失败：{exc}", en=f"Typst failed: {exc}", file=str(typ),
                                 hint_zh="该 .typ 文件已保留，可据此排查。", hint_en="The .typ file is kept for inspection.")) from None
    bad_fonts = [str(w) for w in warnings or [] if "font" in str(w).lower()]
    if bad_fonts:
        raise StageError(Problem(zh="Typst 字体警告：" + "；".join(bad_fonts), en="Typst font warnings: " + "; ".join(bad_fonts),
                                 file=str(typ), hint_zh="请安装 fonts-noto-cjk。", hint_en="Install fonts-noto-cjk."))
    target.write_bytes(pdf)


def pdf_timestamp() -> datetime.datetime | None:
    """The PDF's date as seconds since 1970 from ``SOURCE_DATE_EPOCH`` (the reproducible-builds convention,
    which pandoc honours for the docx), so that a render repeated with it set gives the same bytes;
    None when unset: Typst dates the PDF by the clock."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise StageError(Problem(zh=f"环境变量 SOURCE_DATE_EPOCH 的值“{value}”不是整数秒数。",
                                 en=f"SOURCE_DATE_EPOCH is {value!r}, not a whole number of seconds.",
                                 column="SOURCE_DATE_EPOCH", value=value,
                                 hint_zh="请设为自 1970-01-01 UTC 起的秒数（如 1767225600），或删除该变量。",
                                 hint_en="Set it to seconds since 1970-01-01 UTC (e.g. 1767225600), or unset it."))
    return datetime.datetime.fromtimestamp(int(value), datetime.timezone.utc)


def _warm_typst(build: Path, fonts: TypstFonts, *, pictures: bool = True) -> None:
    """Typst's first compile in a process loads the fonts and decodes every picture, and keeps both for the
    next compile of the process: done on a page of a few words and the pictures while pandoc writes the
    Typst source, the document's own compile then only lays it out (a third less on a district report).
    Without `pictures`, only the fonts (:func:`_prepare_typst`, while the cells run)."""
    import typst

    def quoted(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    lines = []
    for families in (fonts.main, fonts.heading, fonts.code):
        names = ", ".join(quoted(f) for f in families)
        lines += [f"#text(font: ({names},))[城市体检 Aa1]", f"#text(font: ({names},), weight: \"bold\")[城市体检 Aa1]"]
    figures = build / "figures"
    found = sorted(figures.glob("*.png")) + sorted(figures.glob("*.jp*g")) if pictures and figures.is_dir() else []
    lines += [f"#image({quoted(p.relative_to(build).as_posix())}, width: 1cm)" for p in found]
    warm = build / ("warm.typ" if pictures else "warm-fonts.typ")
    warm.write_text("\n".join(lines) + "\n", encoding="utf-8")
    try:
        typst.compile(str(warm), root=str(build), font_paths=fonts.found or fonts.paths)
    except Exception:  # noqa: BLE001 — only a head start: the document's compile reports any problem
        pass


def _prepare_typst(build: Path, settings: dict):
    """The PDF's fonts found (:func:`typst_fonts`) and loaded on a thread while the cells run; a Future.

    Typst works without holding Python's lock, and the cells leave the second core idle when a
    document renders alone, so finding and loading the fonts (a tenth to a fifth of a second
    before, and beside, the PDF's pandoc) costs it no time. The Future raises what
    :func:`typst_fonts` raises (no CJK font): the render asks for it as soon as its cells are done.
    """
    import threading
    from concurrent.futures import Future

    done: Future = Future()

    def work() -> None:
        try:
            fonts = typst_fonts(_requested_fonts(settings))
            _warm_typst(build, fonts, pictures=False)
        except BaseException as exc:  # noqa: BLE001 — handed to the render, which raises it
            done.set_exception(exc)
        else:
            done.set_result(fonts)

    threading.Thread(target=work, name="typst-fonts", daemon=True).start()
    return done


LAST_PHASES: dict[str, dict[str, float]] = {}  # document name → seconds per phase of its last render (bench)
REFERENCE_DOCX = PANDOC_DATA / "reference.docx"  # styles for Word; scripts/build_reference_docx.py makes it


def to_docx(md: Path, meta: Path, settings: dict, doc: QmdDocument, target: Path) -> None:
    """Word through pandoc: real Word tables, PNG figures, styles (CJK fonts, numbered headings) from the reference."""
    args = [*_source(md), "-t", "docx", f"--data-dir={PANDOC_DATA}",
            f"--reference-doc={REFERENCE_DOCX}", f"--lua-filter={PANDOC_DATA / 'filters' / 'citysurvey.lua'}",
            f"--metadata-file={meta.name}", "--resource-path=.", "-o", str(target)]
    if settings.get("toc", False):
        args += ["--toc", f"--toc-depth={settings.get('toc-depth', 2)}"]
    _run_pandoc(args, doc, md.parent)


def render_builtin(document: Path, params: dict[str, Any], out_dir: Path, formats: tuple[str, ...],
                   metadata: dict[str, Any], name: str, kernel: KernelSession, keep_build: bool = False) -> dict[str, Path]:
    """Render one document; returns format → file written."""
    doc = parse_qmd(document)
    settings = load_settings(doc)
    build = out_dir / f".{name}.build"
    if build.exists():
        shutil.rmtree(build)
    build.mkdir(parents=True)
    fonts = _prepare_typst(build, settings.formats["typst"]) if "pdf" in formats else None
    nb, plan = build_notebook(doc, params, settings.execute)
    clock = time.perf_counter()
    nb = kernel.execute(nb, plan, doc)
    phases = {"cells": time.perf_counter() - clock}
    if fonts is not None:
        fonts.result()  # no CJK font for the PDF: stop before pandoc and Typst (it would print empty boxes)
    figures = _Figures(build / "figures", name)
    body = assemble(doc, nb, plan, settings.execute, figures)
    (build / "body.md").write_text(body, encoding="utf-8")
    en, zh = engine_label()
    meta = {"lang": LANG, "toc-title": "目录", **settings.meta, **metadata,
            "citysurvey-engine": en, "citysurvey-engine-zh": zh}
    meta.setdefault("title", doc.path.stem)
    (build / "meta.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8")
    pdf = to_pdf if getattr(kernel, "spare_core", True) else functools.partial(to_pdf, warm=False)
    writers = {"html": (to_html, "html"), "pdf": (pdf, "typst"), "docx": (to_docx, "docx")}
    wanted = [fmt for fmt in writers if fmt in formats]
    source = build / "body.md"
    # reading once is one more pandoc process in front of the writers: it pays when three writers
    # share two cores (a city's run, a batch worker), while two writers side by side (HTML and PDF
    # of a lone district) each read faster than that process starts and writes the tree
    if len(wanted) > 2:
        clock = time.perf_counter()
        source = read_once(source, doc)
        phases["read"] = time.perf_counter() - clock

    def write(fmt: str) -> Path:
        convert, options = writers[fmt]
        target = out_dir / f"{name}.{fmt}"
        clock = time.perf_counter()
        convert(source, build / "meta.yaml", settings.formats[options], doc, target)
        phases[fmt] = time.perf_counter() - clock
        return target

    # the formats at once: each is a pandoc process (and Typst for the PDF), so a document alone
    # (``--only``) uses both cores; the first failure, in the order html, pdf, docx, is raised
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=len(wanted) or 1) as pool:
        futures = {fmt: pool.submit(write, fmt) for fmt in wanted}
    written: dict[str, Path] = {fmt: futures[fmt].result() for fmt in wanted}
    LAST_PHASES.update({name: {k: round(v, 2) for k, v in phases.items()}})
    if not keep_build and not settings.formats["typst"].get("keep-typ"):
        shutil.rmtree(build, ignore_errors=True)
    return written

