"""Report tables as Pandoc pipe tables.

A cell that shows ``md_table(df)`` gives Markdown, which Quarto and the built-in
engine both turn into a real table in HTML and Typst (an HTML DataFrame would
not reach the PDF). Format numbers first (see :mod:`.numbers`); this module
only lays out text.

>>> print(md_table(pd.DataFrame({"区": ["城东区"], "样本量": ["392"]}), align="lr"))
| 区     | 样本量 |
|:---------------|---------------:|
| 城东区 |    392 |
"""
from __future__ import annotations

import math
import unicodedata

from ..lazy import lazy_module

pd = lazy_module("pandas")


def _width(text: str) -> int:
    # CJK characters take two columns in an editor; keeps the source aligned for writers
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * (width - _width(text))
    return gap + text if right else text + gap


def _cell(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return str(value).replace("|", r"\|").replace("\n", " ")


class MarkdownTable(str):
    """A str that Jupyter displays as Markdown (text/markdown)."""

    def _repr_markdown_(self) -> str:
        return str(self)


#: Pandoc sizes a wide pipe table's columns by its dash counts, and Typst takes each cell's padding out
#: of its column. Capping a long text column's share and padding every column keeps short columns
#: (区, 等级, 编号) from wrapping one character per line.
RULE_CAP = 24
RULE_PAD = 8


def md_table(frame: pd.DataFrame, align: str | None = None, *, wide: tuple[int, ...] = ()) -> MarkdownTable:
    """`frame` as a pipe table; `align` is one of l/r/c per column (default: numbers right).

    Columns listed in `wide` get twice the padding (digits between Chinese characters set wider
    in Typst than the source suggests).
    """
    if align is None:
        align = "".join("r" if pd.api.types.is_numeric_dtype(frame[c]) else "l" for c in frame.columns)
    return pipe_table(list(frame.columns), frame.itertuples(index=False), align, wide=wide)


def pipe_table(columns: list, rows, align: str, *, wide: tuple[int, ...] = ()) -> MarkdownTable:
    """:func:`md_table` of a header and rows of values (no DataFrame, so no pandas, for tables built from JSON).

    >>> print(pipe_table(["区", "样本量"], [["城东区", "392"]], "lr"))
    | 区     | 样本量 |
    |:---------------|---------------:|
    | 城东区 |    392 |
    """
    cols = [str(c) for c in columns]
    rows = [[_cell(v) for v in row] for row in rows]
    if len(align) != len(cols):
        raise ValueError(f"align has {len(align)} letters for {len(cols)} columns")
    widths = [max([_width(c)] + [_width(r[i]) for r in rows] + [3]) for i, c in enumerate(cols)]
    # dash counts follow content width, so wide tables get sensible relative column widths
    rule = {"l": lambda w: ":" + "-" * (w + 1), "r": lambda w: "-" * (w + 1) + ":",
            "c": lambda w: ":" + "-" * w + ":"}

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(_pad(t, w, a == "r") for t, w, a in zip(cells, widths, align)) + " |"

    rule_widths = [min(w, RULE_CAP) + RULE_PAD * (2 if i in wide else 1) for i, w in enumerate(widths)]
    sep = "|" + "|".join(rule[a](w) for a, w in zip(align, rule_widths)) + "|"
    return MarkdownTable("\n".join([line(cols), sep, *(line(r) for r in rows)]))
