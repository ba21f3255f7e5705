"""Read a Quarto document (.qmd) into front matter, Markdown blocks and code cells.

Only the subset of Quarto that the built-in engine can render is accepted:
front matter; ``{{< include >}}`` and ``{{< pagebreak >}}``; ```` ```{python} ````
cells with ``#|`` options (label, fig-cap, tbl-cap, echo, output, include, eval,
warning, tags: [parameters]); callouts; ``content-visible``/``content-hidden``;
``@fig-``/``@tbl-`` cross-references; inline ``{python} expr``. Anything else
stops with a bilingual message naming the file and line, so nothing Quarto
would have interpreted reaches the reader raw.

>>> doc = parse_qmd(Path("reports/city.qmd"))     # doctest: +SKIP
>>> [type(b).__name__ for b in doc.blocks][:2]     # doctest: +SKIP
['MarkdownBlock', 'CodeCell']
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import Problem, StageError


class QmdError(StageError):
    """A document uses something the built-in engine does not understand."""


@dataclass(frozen=True)
class Loc:
    file: Path
    line: int  # 1-based, as an editor shows it


def problem(loc: Loc | None, zh: str, en: str, hint_zh: str = "", hint_en: str = "") -> Problem:
    return Problem(zh=zh, en=en, file=str(loc.file) if loc else None, row=loc.line if loc else None,
                   hint_zh=hint_zh, hint_en=hint_en)


def fail(loc: Loc | None, zh: str, en: str, hint_zh: str = "", hint_en: str = "") -> QmdError:
    return QmdError(problem(loc, zh, en, hint_zh, hint_en))


HINT_QUARTO_ZH = "内置引擎只支持 Quarto 的一个子集；请改用支持的写法，或安装 Quarto（quarto.org）后用 --engine quarto 渲染。"
HINT_QUARTO_EN = ("The built-in engine supports a subset of Quarto; use a supported form, or install Quarto "
                  "(quarto.org) and render with --engine quarto.")


@dataclass
class Line:
    text: str
    loc: Loc
    verbatim: bool = False  # inside a plain code block: passed through untouched


@dataclass
class InlineExpr:
    code: str
    loc: Loc


@dataclass
class MarkdownBlock:
    lines: list[Line]
    inlines: list[InlineExpr] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


@dataclass
class CodeCell:
    source: str  # without the #| option lines
    options: dict[str, Any]
    loc: Loc  # the opening fence
    option_locs: dict[str, Loc] = field(default_factory=dict)

    def opt(self, key: str, default: Any = None) -> Any:
        return self.options.get(key, default)

    @property
    def is_parameters(self) -> bool:
        return "parameters" in (self.options.get("tags") or [])


@dataclass
class QmdDocument:
    path: Path
    meta: dict[str, Any]
    meta_locs: dict[str, Loc]
    blocks: list[MarkdownBlock | CodeCell]
    files: list[Path]  # the document and every included file
    labels: dict[str, Loc]  # fig-/tbl- labels defined, where
    refs: list[tuple[str, Loc]]  # fig-/tbl- cross-references used, where

    @property
    def cells(self) -> list[CodeCell]:
        return [b for b in self.blocks if isinstance(b, CodeCell)]


# --- front matter -----------------------------------------------------------------------------

def split_front_matter(text: str, path: Path) -> tuple[dict, dict[str, Loc], list[str], int]:
    """(metadata, key → location, body lines, line number of the first body line)."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return {}, {}, lines, 1
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        raise fail(Loc(path, 1), "文件开头的 YAML 头部没有结束行（---）。",
                   "the YAML front matter at the top is not closed by a '---' line.")
    meta, locs = load_yaml_with_locs("\n".join(lines[1:end]), path, first_line=2)
    return meta, locs, lines[end + 1:], end + 2


def load_yaml_with_locs(text: str, path: Path, first_line: int = 1) -> tuple[dict, dict[str, Loc]]:
    """Parse YAML and remember the line of every top-level and format key (for messages)."""
    try:
        data = yaml.safe_load(text) or {}
        node = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = first_line + (mark.line if mark else 0)
        raise fail(Loc(path, line), f"YAML 格式错误：{getattr(exc, 'problem', exc)}",
                   f"invalid YAML: {getattr(exc, 'problem', exc)}",
                   "请检查缩进和冒号。", "Check indentation and colons.") from None
    if not isinstance(data, dict):
        raise fail(Loc(path, first_line), "YAML 头部应为键值映射。", "the YAML header must be a mapping.")
    locs: dict[str, Loc] = {}

    def walk(n, prefix: str, depth: int) -> None:
        if not isinstance(n, yaml.MappingNode) or depth > 2:
            return
        for key, value in n.value:
            name = f"{prefix}{key.value}"
            locs[name] = Loc(path, first_line + key.start_mark.line)
            walk(value, name + ".", depth + 1)

    walk(node, "", 0)
    return data, locs


# --- includes ---------------------------------------------------------------------------------

FENCE = re.compile(r"^\s*(`{3,}|~{3,})\s*(.*?)\s*$")
SHORTCODE = re.compile(r"(\{\{\{?)([<%])\s*([A-Za-z][\w-]*)(.*?)[>%]\}\}(\}?)")
INCLUDE_LINE = re.compile(r"^\s*\{\{<\s*include\s+(.+?)\s*>\}\}\s*$")


def _expand(lines: list[Line], stack: tuple[Path, ...], files: list[Path]) -> list[Line]:
    out: list[Line] = []
    fence: str | None = None
    for line in lines:
        m = FENCE.match(line.text)
        if fence is not None:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) and not m.group(2):
                fence = None
            out.append(line)
            continue
        if m:
            fence = m.group(1)
            out.append(line)
            continue
        inc = INCLUDE_LINE.match(line.text)
        if not inc:
            out.append(line)
            continue
        # relative to the file holding the shortcode; the reports only include from the main
        # document, where Quarto resolves the same way
        target = (line.loc.file.parent / inc.group(1).strip("\"'")).resolve()
        if not target.is_file():
            raise fail(line.loc, f"被包含的文件不存在：{inc.group(1)}", f"included file not found: {inc.group(1)}")
        if target in stack:
            raise fail(line.loc, "文件包含形成循环。", "the includes form a cycle.")
        files.append(target)
        text = target.read_text(encoding="utf-8-sig")
        if text.lstrip().startswith("---\n") and text.splitlines()[0].strip() == "---":
            raise fail(Loc(target, 1), "被包含的章节文件不能有 YAML 头部。",
                       "an included chapter file cannot have YAML front matter.",
                       "请把设置写在主文档或 _quarto.yml 中。", "Put settings in the main document or _quarto.yml.")
        sub = [Line(t, Loc(target, i + 1)) for i, t in enumerate(text.splitlines())]
        out.extend(_expand(sub, stack + (target,), files))
        out.append(Line("", line.loc))  # keep a blank line so blocks do not run together
    return out


# --- Markdown checks --------------------------------------------------------------------------

CELL_OPTIONS = {"label", "fig-cap", "tbl-cap", "echo", "output", "include", "eval", "warning", "tags"}
CALLOUTS = {"note", "tip", "warning", "important", "caution"}
DIV_FENCE = re.compile(r"^\s*(:{3,})\s*(\{.*\}|[A-Za-z][\w-]*)?\s*$")
CODE_SPAN = re.compile(r"(?<!`)`(?!`)\{(\w+)\}\s+([^`]+?)`(?!`)|(`+)(.+?)\3")
# pandoc's citation syntax: '@' not after a word character; keys may hold internal punctuation
CITE = re.compile(r"(?<![\w\\@])-?@(\w+(?:[:.#$%&\-+?<>~/]\w+)*)")
GLUED_REF = re.compile(r"(?<=[^\s\[;(（-])@((?:fig|tbl)-\w+)")
LABEL_ATTR = re.compile(r"\{[^}]*#((?:fig|tbl)-[\w-]+)[^}]*\}")


def _check_markdown(line: Line, labels: dict[str, Loc], refs: list[tuple[str, Loc]],
                    inlines: list[InlineExpr]) -> None:
    text = line.text
    loc = line.loc
    for m in SHORTCODE.finditer(text):
        if m.group(1) == "{{{" and m.group(5) == "}":
            continue  # escaped shortcode, shown literally
        name = m.group(3)
        if m.group(2) == "<" and name == "pagebreak":
            continue
        if name == "include":
            raise fail(loc, "include 短代码必须单独占一行。", "an include shortcode must be on a line of its own.")
        raise fail(loc, f"内置引擎不支持短代码「{name}」。", f"the built-in engine does not support the shortcode '{name}'.",
                   HINT_QUARTO_ZH, HINT_QUARTO_EN)
    plain = []
    last = 0
    for m in CODE_SPAN.finditer(text):
        plain.append(text[last:m.start()])
        last = m.end()
        if m.group(1):
            lang = m.group(1)
            if lang != "python":
                raise fail(loc, f"内置引擎只执行 Python 行内代码，不支持「{{{lang}}}」。",
                           f"the built-in engine runs inline Python only, not '{{{lang}}}'.",
                           HINT_QUARTO_ZH, HINT_QUARTO_EN)
            inlines.append(InlineExpr(m.group(2).strip(), loc))
    plain.append(text[last:])
    prose = " ".join(plain)
    for m in LABEL_ATTR.finditer(prose):
        _define(labels, m.group(1), loc)
    m = GLUED_REF.search(prose)
    if m:
        raise fail(loc, f"交叉引用 @{m.group(1)} 紧贴前面的文字，Pandoc 不会识别它。",
                   f"the cross-reference @{m.group(1)} touches the text before it, so Pandoc does not see it.",
                   f"请写成 [@{m.group(1)}] 或在 @ 前加空格。", f"Write [@{m.group(1)}] or put a space before '@'.")
    for m in CITE.finditer(prose):
        key = m.group(1)
        prefix = key.split("-", 1)[0] if "-" in key else ""
        if prefix in ("fig", "tbl"):
            refs.append((key, loc))
        elif prefix in ("sec", "eq", "lst", "thm", "lem", "cor", "prp", "cnj", "def", "exm", "exr", "sol", "rem"):
            raise fail(loc, f"内置引擎只支持图表交叉引用（@fig-、@tbl-），不支持 @{key}。",
                       f"the built-in engine supports figure/table cross-references (@fig-, @tbl-) only, not @{key}.",
                       HINT_QUARTO_ZH, HINT_QUARTO_EN)
        else:
            raise fail(loc, f"内置引擎不支持文献引用 @{key}。", f"the built-in engine does not support citations (@{key}).",
                       "如需输出字面的 @，请写成 \\@。", r"For a literal '@', write \@.")
    _check_div(line, labels)


def _check_div(line: Line, labels: dict[str, Loc]) -> None:
    m = DIV_FENCE.match(line.text)
    if not m or not m.group(2):
        return
    attrs = m.group(2)
    classes = re.findall(r"(?:^|\s|\{)\.([\w-]+)", attrs) if attrs.startswith("{") else [attrs]
    keys = dict(re.findall(r'([\w-]+)="?([^"\s}]*)"?', attrs)) if attrs.startswith("{") else {}
    ident = re.search(r"#([\w-]+)", attrs)
    if ident and ident.group(1).startswith(("fig-", "tbl-")):
        _define(labels, ident.group(1), line.loc)
    for cls in classes:
        if cls.startswith("callout-") and cls.removeprefix("callout-") not in CALLOUTS:
            raise fail(line.loc, f"未知的提示框类型「{cls}」。", f"unknown callout type '{cls}'.",
                       "可用：" + "、".join(f"callout-{c}" for c in sorted(CALLOUTS)),
                       "Known: " + ", ".join(f"callout-{c}" for c in sorted(CALLOUTS)))
        if cls.startswith(("panel-", "column-", "page-columns")) or cls in ("aside", "appendix", "hidden"):
            raise fail(line.loc, f"内置引擎不支持 Quarto 的版式类「.{cls}」。",
                       f"the built-in engine does not support the Quarto layout class '.{cls}'.",
                       HINT_QUARTO_ZH, HINT_QUARTO_EN)
    for key in keys:
        if key.startswith("layout") or key in ("when-profile", "unless-profile"):
            raise fail(line.loc, f"内置引擎不支持属性「{key}」。", f"the built-in engine does not support the attribute '{key}'.",
                       HINT_QUARTO_ZH, HINT_QUARTO_EN)


def _define(labels: dict[str, Loc], label: str, loc: Loc) -> None:
    if label in labels and labels[label] != loc:
        first = labels[label]
        raise fail(loc, f"标签「{label}」重复（首次出现在 {first.file.name} 第 {first.line} 行）。",
                   f"the label '{label}' is defined twice (first at {first.file.name} line {first.line}).")
    labels[label] = loc


# --- cells ------------------------------------------------------------------------------------

EXEC_INFO = re.compile(r"^\{\s*([A-Za-z][\w+-]*)\s*(.*?)\}$")
#: libyaml's parser where PyYAML has it: it halves the reading of a document's hundred-odd `#|` lines
#: (20 → 9 ms for district.qmd); the values are the same (the constructor is PyYAML's own)
_OPTION_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _cell(fence_loc: Loc, body: list[Line], labels: dict[str, Loc]) -> CodeCell:
    option_lines: list[Line] = []
    for line in body:
        if line.text.startswith("#|"):
            option_lines.append(line)
        else:
            break
    code = "\n".join(line.text for line in body[len(option_lines):])
    options: dict[str, Any] = {}
    locs: dict[str, Loc] = {}
    for line in option_lines:
        raw = line.text[2:].strip()
        if not raw:
            continue
        try:
            parsed = yaml.load(raw, Loader=_OPTION_LOADER)  # noqa: S506 — a safe loader
        except yaml.YAMLError:
            parsed = None
        if not isinstance(parsed, dict) or len(parsed) != 1:
            raise fail(line.loc, f"无法读取单元格选项：{raw}", f"cannot read the cell option: {raw}",
                       "格式应为 #| 键: 值", "Write '#| key: value'.")
        (key, value), = parsed.items()
        if key not in CELL_OPTIONS:
            raise fail(line.loc, f"内置引擎不支持单元格选项「{key}」。", f"the built-in engine does not support the cell option '{key}'.",
                       "支持：" + "、".join(sorted(CELL_OPTIONS)) + "。", "Supported: " + ", ".join(sorted(CELL_OPTIONS)) + ".")
        _check_option(key, value, line.loc)
        options[key] = value
        locs[key] = line.loc
    cell = CodeCell(code, options, fence_loc, locs)
    label = options.get("label")
    if label:
        if "fig-cap" in options and not label.startswith("fig-"):
            raise fail(locs["label"], f"带 fig-cap 的单元格标签应以 fig- 开头：{label}",
                       f"a cell with fig-cap needs a label starting with fig-: {label}")
        if "tbl-cap" in options and not label.startswith("tbl-"):
            raise fail(locs["label"], f"带 tbl-cap 的单元格标签应以 tbl- 开头：{label}",
                       f"a cell with tbl-cap needs a label starting with tbl-: {label}")
        _define(labels, label, locs["label"])
    return cell


def _check_option(key: str, value: Any, loc: Loc) -> None:
    ok = {
        "label": lambda v: isinstance(v, str) and re.fullmatch(r"[A-Za-z][\w-]*", v),
        "fig-cap": lambda v: isinstance(v, str),
        "tbl-cap": lambda v: isinstance(v, str),
        "echo": lambda v: isinstance(v, bool),
        "output": lambda v: isinstance(v, bool) or v == "asis",
        "include": lambda v: isinstance(v, bool),
        "eval": lambda v: isinstance(v, bool),
        "warning": lambda v: isinstance(v, bool),
        "tags": lambda v: isinstance(v, list) and all(isinstance(t, str) for t in v),
    }[key]
    if not ok(value):
        raise fail(loc, f"单元格选项「{key}」的取值无效：{value!r}", f"invalid value for the cell option '{key}': {value!r}")


# --- the document -----------------------------------------------------------------------------

def parse_qmd(path: Path) -> QmdDocument:
    path = Path(path).resolve()
    if not path.is_file():
        raise fail(None, f"找不到文档：{path}", f"document not found: {path}")
    text = path.read_text(encoding="utf-8-sig")
    meta, meta_locs, body, first = split_front_matter(text, path)
    files = [path]
    lines = _expand([Line(t, Loc(path, first + i)) for i, t in enumerate(body)], (path,), files)

    blocks: list[MarkdownBlock | CodeCell] = []
    labels: dict[str, Loc] = {}
    refs: list[tuple[str, Loc]] = []
    md = MarkdownBlock([])
    i = 0
    while i < len(lines):
        line = lines[i]
        m = FENCE.match(line.text)
        if not m:
            _check_markdown(line, labels, refs, md.inlines)
            md.lines.append(line)
            i += 1
            continue
        fence, info = m.group(1), m.group(2)
        end = i + 1
        while end < len(lines):
            c = FENCE.match(lines[end].text)
            if c and c.group(1)[0] == fence[0] and len(c.group(1)) >= len(fence) and not c.group(2):
                break
            end += 1
        if end == len(lines):
            raise fail(line.loc, "代码块没有结束行。", "the code block is never closed.")
        engine = EXEC_INFO.match(info)
        if engine and not info.startswith(("{.", "{#", "{=")):
            name, rest = engine.group(1), engine.group(2).strip()
            if name != "python":
                raise fail(line.loc, f"内置引擎只执行 Python 代码块，不支持「{{{name}}}」。",
                           f"the built-in engine runs Python cells only, not '{{{name}}}'.",
                           HINT_QUARTO_ZH, HINT_QUARTO_EN)
            if rest:
                raise fail(line.loc, f"代码块头部的选项不受支持：{rest}", f"options in the cell header are not supported: {rest}",
                           "请改用 #| 选项行。", "Use '#| key: value' lines instead.")
            if md.lines:
                blocks.append(md)
                md = MarkdownBlock([])
            blocks.append(_cell(line.loc, lines[i + 1:end], labels))
        else:
            md.lines.extend(Line(x.text, x.loc, True) for x in lines[i:end + 1])  # plain code block: shown as is
        i = end + 1
    if md.lines:
        blocks.append(md)

    params = [c for c in blocks if isinstance(c, CodeCell) and c.is_parameters]
    if len(params) > 1:
        raise fail(params[1].loc, "文档中有多个 parameters 单元格。", "the document has more than one parameters cell.")
    for key, loc in refs:
        if key not in labels:
            raise fail(loc, f"交叉引用 @{key} 找不到对应的图表标签。", f"the cross-reference @{key} has no matching figure/table label.",
                       "请检查单元格的 #| label。", "Check the cell's '#| label'.")
    return QmdDocument(path, meta, meta_locs, blocks, files, labels, refs)
