"""What report chapters compute from the outputs: formatted facts, tables, charts.

One module per chapter family; a chapter file in ``reports/chapters/`` calls
them so its prose holds no typed numbers. A stage that adds a chapter adds a
module here and a ``.qmd`` there.

When a chapter's outputs are absent its functions still return something
(facts print as "—", a table or chart says the data are missing), because
Quarto executes every cell even in content it will hide.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ...lazy import lazy_module
from ..numbers import MISSING
from ..tables import MarkdownTable, md_table

pd = lazy_module("pandas")


class Facts(Mapping):
    """Formatted numbers for prose: ``facts.n_valid`` → ``'1,203'``.

    A misspelt name raises (so a typo does not print "—" silently), unless the
    chapter's outputs are missing, when every fact is "—".
    """

    def __init__(self, values: dict[str, str] | None = None, *, missing: str = ""):
        self._values = dict(values or {})
        self.missing = missing  # which output is absent, "" when all are present

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        if name in self._values:
            return self._values[name]
        if self.missing:
            return MISSING
        raise AttributeError(f"no fact named {name!r}; known: {', '.join(sorted(self._values))}")

    def __getitem__(self, key: str) -> str:
        return self.__getattr__(key)

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    @property
    def available(self) -> bool:
        return not self.missing

    def notice(self, chapter: str) -> str:
        """A visible callout when the outputs are absent (Markdown; empty otherwise)."""
        if not self.missing:
            return ""
        return (f"::: {{.callout-warning}}\n## 本章数据缺失\n本次运行没有生成「{chapter}」所需的结果"
                f"（{self.missing}），本章从略。\n:::\n")


def absent_note(out, *keys: str) -> str:
    """The study's own statement of what it lacks, for the keys a chapter depends on ("" if none).

    The words come from the manifest (:mod:`citysurvey.coverage`), so a chapter and the
    method section say the same thing.
    """
    said = [g["zh"] for g in out.absent if g.get("key") in keys]
    return "\n".join(f"> {s}" for s in said) + ("\n" if said else "")


def omitted_callout(why: str) -> str:
    """A visible note that a chapter is left out and why (Markdown; "" when `why` is empty).

    For a chapter whose subject the study does not have (no streets, no earlier wave): the
    heading stays, so a reader looking for it learns why it is empty.
    """
    return f"::: {{.callout-note}}\n## 本章从略\n{why}\n:::\n" if why else ""


GAP_SHOWN_PP = 0.05  # a difference below this prints as 0.0 percentage points
NO_GAP = f"各类别构成与总体一致（差异均不足{2 * GAP_SHOWN_PP:g}个百分点）"  # (what rounds to 0.0 is under 0.1)


def largest_gap(rows, diff: str):
    """The row whose sample share differs most from the population's, or None.

    None also when that difference rounds to 0.0 percentage points: a sentence
    "比总体低0.0个百分点" says nothing a reader can use.
    """
    rows = rows.dropna(subset=[diff])
    if not len(rows):
        return None
    row = rows.loc[rows[diff].abs().idxmax()]
    return row if abs(row[diff]) >= GAP_SHOWN_PP else None


def gap_phrase(row, diff: str, who: str) -> str:
    """'年龄段为“18-34”的受访者占20.1%，比总体低5.2个百分点' for a row of the profile."""
    from ..numbers import fmt_num, fmt_pct

    direction = "高" if row[diff] > 0 else "低"
    return (f"{row['variable_label']}为“{row['category']}”的{who}占{fmt_pct(row['share_sample'])}，"
            f"比总体{direction}{fmt_num(abs(row[diff]))}个百分点")


def missing_table(what: str) -> MarkdownTable:
    return md_table(pd.DataFrame({"说明": [f"（{what}：数据缺失）"]}))


def missing_figure(what: str):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 1.2))
    ax.axis("off")
    ax.text(0.5, 0.5, f"（{what}：数据缺失）", ha="center", va="center")
    plt.close(fig)  # shown once, as the cell's result
    return fig


class ChartImage:
    """A chart as PNG bytes: a notebook shows it as an image (``image/png``), as it would a figure."""

    def __init__(self, png: bytes):
        self.png = png

    def _repr_png_(self) -> bytes:
        return self.png


def _folder_key(out, function, args: tuple, kwargs: dict) -> tuple:
    """A call on one output folder as it is now (a new run rewrites the manifest)."""
    if hasattr(out, "files_stamp"):  # every stage file as the outputs object found it
        stamp = out.files_stamp()
    else:
        manifest = out.root / "manifest.json"
        stamp = manifest.stat().st_mtime_ns if manifest.exists() else 0
    return str(out.root), stamp, function.__module__, function.__qualname__, args, tuple(sorted(kwargs.items()))


_computed: dict[tuple, Any] = {}


def shared_result(compute=None, *, saved: bool = False):
    """Compute a chapter's table once per output folder and process; each caller gets a copy.

    For results every document of a run needs alike (the city report and each district
    report ask for the same city-wide contrasts, some several times). With `saved` (facts,
    tables and Markdown: text), the report's chart step computes the result for the city and each
    district before the documents and saves it beside the figures
    (:func:`citysurvey.report.figures.obtain_result`): a document rendered on its own reads it.
    """
    import copy
    import functools

    def wrap(compute):
        registered = None
        if saved:
            from .. import figures

            registered = figures.register(compute, None, None, figures.RESULT)

        @functools.wraps(compute)
        def shared(out, *args, **kwargs):
            key = _folder_key(out, compute, args, kwargs)
            if key not in _computed:
                if registered is None:
                    _computed[key] = compute(out, *args, **kwargs)
                else:
                    from ..figures import obtain_result

                    _computed[key] = obtain_result(out, registered, args, kwargs)
            return copy.deepcopy(_computed[key])

        return shared

    return wrap if compute is None else wrap(compute)


def encode_result(value) -> str | None:
    """A saved result as JSON text: Facts of text, Markdown tables, text and lists of names only (None for anything else)."""
    import json

    if isinstance(value, Facts):
        if not all(isinstance(v, str) for v in value._values.values()):
            return None  # a number or a list would not come back as the same type
        data = {"facts": dict(value._values), "missing": value.missing}
    elif isinstance(value, MarkdownTable):
        data = {"table": str(value)}
    elif type(value) is str:  # Markdown a cell prints
        data = {"text": value}
    elif type(value) is list and all(type(v) is str for v in value):  # names (the districts)
        data = {"names": value}
    else:
        return None
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def decode_result(text: str):
    """What :func:`encode_result` wrote, as the Facts or table it was."""
    import json

    data = json.loads(text)
    if "table" in data:
        return MarkdownTable(data["table"])
    if "text" in data:
        return data["text"]
    if "names" in data:
        return data["names"]
    return Facts(data["facts"], missing=data["missing"])


def shared_chart(stage_file=None, *, areas: str | None = None):
    """Declare a chapter's chart: drawn once per run into ``<output>/figures/``, embedded by every document.

    The chart step before the documents draws it for the city and for each district
    (:mod:`citysurvey.report.figures`); a document's cell reads the saved PNG, and draws it only
    when the file is not there (a document rendered on its own, or by Quarto). With
    `stage_file` (a path under the output folder, or a function of `out` giving one), the PNG
    the analysis stage already wrote is shown for the city-wide call (``district=None``)
    instead of drawing it. `areas` says which calls the documents make (``"city"``, ``"each"``
    for the city and every district, ``"districts"``); by default it follows the function's
    ``district`` argument. The undecorated function stays available as ``.draw`` (tests
    measure its figure).
    """
    import functools

    def wrap(draw):
        from .. import figures

        registered = figures.register(draw, stage_file, areas)

        @functools.wraps(draw)
        def chart(out, *args, **kwargs):
            return ChartImage(figures.obtain(out, registered, args, kwargs))

        chart.draw = draw
        return chart

    return wrap
