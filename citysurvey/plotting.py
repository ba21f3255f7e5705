"""The project's one plotting theme: seaborn's look, a CJK font, report-sized figures.

Every chart in the reports (and any stage that draws one) calls :func:`use_theme`
first, so all charts share fonts, colours and sizes. Chinese text needs a CJK
font; without one matplotlib draws empty boxes, so we stop with a message
saying how to install one instead.

>>> from citysurvey.plotting import use_theme
>>> font = use_theme()          # doctest: +SKIP
>>> font.family                 # doctest: +SKIP
'Noto Sans CJK SC'
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from .errors import Problem, StageError

#: Simplified-Chinese families in order of preference. Noto/Source Han first:
#: free, complete and what Debian's fonts-noto-cjk installs; then common OS fonts.
CJK_FAMILIES: tuple[str, ...] = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Noto Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "SimHei",
    "Noto Sans CJK JP",  # same glyph set; SC variants preferred above for mainland forms
)

#: A muted qualitative palette that survives greyscale printing.
PALETTE: tuple[str, ...] = ("#2F5D8C", "#D9822B", "#5B8E3E", "#A23B3B", "#7A5C99", "#8C8C8C")

#: Marks of a value significantly above / below its reference (the city), in charts and tables alike.
UP, DOWN = "▲", "▼"

#: Figure size (inches) that fits an A4 text column at a readable font size.
FIGSIZE: tuple[float, float] = (7.2, 4.0)
DPI = 160  # PNG figures: sharp in print, small enough to embed in the HTML
#: inches between a chart's texts and the figure's edge, as ``tight_layout`` leaves (1.08 × the font size)
LAYOUT_PAD = 0.144

INSTALL_HINT_ZH = (
    "请安装中文字体，例如 Debian/Ubuntu：sudo apt-get install fonts-noto-cjk；"
    "macOS/Windows 一般已自带（苹方/微软雅黑）。安装后如仍找不到，请删除 matplotlib 字体缓存（~/.cache/matplotlib）。"
)
INSTALL_HINT_EN = (
    "Install a CJK font, e.g. on Debian/Ubuntu: sudo apt-get install fonts-noto-cjk "
    "(macOS and Windows ship PingFang / Microsoft YaHei). If it is still not found, delete "
    "matplotlib's font cache (~/.cache/matplotlib)."
)


@dataclass(frozen=True)
class CJKFont:
    family: str
    path: Path  # a file of the family; its folder is handed to typst as a font path


class NoCJKFontError(StageError):
    """No Chinese font is installed where matplotlib can see it."""


def no_cjk_font_problem(where: str = "matplotlib") -> Problem:
    return Problem(
        zh=f"找不到中文（CJK）字体（{where}），图表和报告中的汉字将显示为空白方框。",
        en=f"no CJK font found ({where}); Chinese text in charts and reports would print as empty boxes.",
        hint_zh=INSTALL_HINT_ZH,
        hint_en=INSTALL_HINT_EN,
    )


@functools.lru_cache(maxsize=1)
def find_cjk_font() -> CJKFont:
    """The preferred installed CJK font, or :class:`NoCJKFontError` saying how to install one."""
    from matplotlib import font_manager

    found = _match(font_manager.fontManager)
    if found is None:
        # matplotlib caches its font list: a font installed after the cache was built is invisible
        found = _match(font_manager._load_fontmanager(try_read_cache=False))
    if found is None:
        raise NoCJKFontError(no_cjk_font_problem())
    return found


def _match(manager) -> CJKFont | None:
    by_name: dict[str, Path] = {}
    for entry in manager.ttflist:
        by_name.setdefault(entry.name, Path(entry.fname))
    for family in CJK_FAMILIES:
        if family in by_name:
            return CJKFont(family, by_name[family])
    return None


#: seaborn's "whitegrid" style (seaborn 0.13, ``sns.axes_style("whitegrid")``) and its sizes of the
#: "notebook" context, which the other contexts scale (:data:`CONTEXT_SCALE`), written out so that
#: setting the theme does not import seaborn and with it scipy (more than half a second of a
#: document's start). Only seaborn's default colour map ("rocket") is left out: it exists once
#: seaborn is imported, and every chart names its own map. A test checks that the theme equals
#: what ``sns.set_theme`` sets.
SEABORN_WHITEGRID: dict = {
    "axes.axisbelow": True, "axes.edgecolor": ".8", "axes.facecolor": "white", "axes.grid": True,
    "axes.labelcolor": ".15", "axes.spines.bottom": True, "axes.spines.left": True, "axes.spines.right": True,
    "axes.spines.top": True, "figure.facecolor": "white", "font.family": ["sans-serif"],
    "font.sans-serif": ["Arial", "DejaVu Sans", "Liberation Sans", "Bitstream Vera Sans", "sans-serif"],
    "grid.color": ".8", "grid.linestyle": "-", "lines.solid_capstyle": "round", "patch.edgecolor": "w",
    "patch.force_edgecolor": True, "text.color": ".15", "xtick.bottom": False, "xtick.color": ".15",
    "xtick.direction": "out", "xtick.top": False, "ytick.color": ".15", "ytick.direction": "out",
    "ytick.left": False, "ytick.right": False,
}
SEABORN_NOTEBOOK: dict = {
    "axes.linewidth": 1.25, "grid.linewidth": 1, "lines.linewidth": 1.5, "lines.markersize": 6, "patch.linewidth": 1,
    "xtick.major.width": 1.25, "ytick.major.width": 1.25, "xtick.minor.width": 1, "ytick.minor.width": 1,
    "xtick.major.size": 6, "ytick.major.size": 6, "xtick.minor.size": 4, "ytick.minor.size": 4,
    "font.size": 12, "axes.labelsize": 12, "axes.titlesize": 12, "xtick.labelsize": 11, "ytick.labelsize": 11,
    "legend.fontsize": 11, "legend.title_fontsize": 12,
}
CONTEXT_SCALE = {"paper": .8, "notebook": 1, "talk": 1.5, "poster": 2}


def theme_rc(font_family: str, context: str = "paper") -> dict:
    """The rcParams of the shared theme: seaborn's whitegrid style and `context` sizes, then the house settings."""
    from cycler import cycler
    from matplotlib.colors import to_rgb

    scale = CONTEXT_SCALE[context]
    return {
        **{key: value * scale for key, value in SEABORN_NOTEBOOK.items()},  # as seaborn multiplies, to the last bit
        **SEABORN_WHITEGRID,
        "axes.prop_cycle": cycler("color", [to_rgb(c) for c in PALETTE]),  # as seaborn's set_palette stores it
        "font.family": [font_family],
        "font.sans-serif": [font_family, "DejaVu Sans"],
        "axes.unicode_minus": False,  # CJK fonts often lack U+2212; use ASCII hyphen-minus
        "figure.figsize": FIGSIZE,
        "figure.dpi": DPI,
        "savefig.dpi": DPI,
        "savefig.bbox": "tight",
        "axes.titlesize": 11,
        # titles at the top of their axes, as matplotlib puts them when no tick label is above the plot;
        # left to find that out (None) it measured every axis's tick labels again on each draw, a
        # tenth of a chart's time. A chart with tick labels on top leaves room with the title's pad.
        "axes.titley": 1.0,
        "axes.labelsize": 10,
        "xtick.labelsize": 9,
        "ytick.labelsize": 9,
        "legend.fontsize": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "grid.color": "#E3E3E3",
        "pdf.fonttype": 42,  # embed TrueType so PDFs keep selectable Chinese text
    }


def use_theme(*, context: str = "paper") -> CJKFont:
    """Apply the shared theme (:func:`theme_rc`) with the CJK font; return the font used."""
    import matplotlib as mpl

    font = find_cjk_font()
    mpl.rcParams.update(theme_rc(font.family, context))
    return font


def figure_png(fig) -> bytes:
    """A figure as PNG bytes, cut to its ink as ``savefig(bbox_inches="tight")`` cuts it, then closed.

    No timestamp, so the same figure gives the same bytes. The figure is drawn once and the
    picture cut from it (:func:`_tight_png`): ``savefig`` lays every chart out twice (once to
    find the tight box, once to draw), which was a third of the report's chart time.
    """
    import io

    import matplotlib.pyplot as plt

    png = _tight_png(fig)
    if png is None:
        buf = io.BytesIO()
        fig.savefig(buf, format="png", bbox_inches="tight", metadata={"Software": None})
        png = buf.getvalue()
    plt.close(fig)
    return png


def _tight_png(fig) -> bytes | None:
    """The figure drawn once on Agg and cut to its tight box plus ``savefig.pad_inches``, or None
    where that would not match ``savefig``: another dpi or face colour for saving, ink beyond the
    figure's edge, a see-through background.

    The padding that falls beyond the figure's edge is filled with its face colour, as
    ``savefig`` fills it. The picture may sit up to half a pixel from where ``savefig`` puts it.
    Saved as RGB with light compression: an opaque chart loses nothing, and the PNG is smaller
    and quicker to write than matplotlib's RGBA.
    """
    import io

    import matplotlib as mpl
    import numpy as np
    from matplotlib.colors import to_rgba
    from PIL import Image

    rc = mpl.rcParams
    dpi = fig.dpi
    if rc["savefig.dpi"] not in ("figure", dpi) or rc["savefig.facecolor"] != "auto" \
            or rc["savefig.transparent"] or rc["savefig.pad_inches"] == "layout":
        return None
    face = to_rgba(fig.get_facecolor())
    if face[3] != 1:
        return None
    canvas = agg_canvas(fig)
    canvas.draw()
    ink = fig.get_tightbbox(canvas.get_renderer())
    if ink is None:
        return None
    box = ink.padded(rc["savefig.pad_inches"])
    width, height = int(box.width * dpi), int(box.height * dpi)  # as savefig sizes its canvas
    rgba = np.asarray(canvas.buffer_rgba())
    rows, cols = rgba.shape[:2]
    # ink (not padding) beyond the edge: savefig would show it, a cut cannot
    if ink.x0 * dpi < -0.5 or ink.y0 * dpi < -0.5 or ink.x1 * dpi > cols + 0.5 or ink.y1 * dpi > rows + 0.5:
        return None
    # Agg's rows run top down from the canvas's whole-pixel height: savefig's tight canvas puts the box's
    # bottom edge at its last row
    left, top = round(box.x0 * dpi), round(rows - box.y0 * dpi - height)
    picture = np.empty((height, width, 3), dtype=np.uint8)
    picture[:] = np.round(np.array(face[:3]) * 255).astype(np.uint8)
    src_x, src_y = max(left, 0), max(top, 0)
    end_x, end_y = min(left + width, cols), min(top + height, rows)
    if end_x <= src_x or end_y <= src_y:
        return None
    inside = rgba[src_y:end_y, src_x:end_x]
    if (inside[..., 3] != 255).any():
        return None  # something see-through: keep matplotlib's RGBA
    picture[src_y - top:end_y - top, src_x - left:end_x - left] = inside[..., :3]
    buf = io.BytesIO()
    Image.fromarray(picture).save(buf, format="png", compress_level=1, dpi=(dpi, dpi))
    return buf.getvalue()


#: rcParams that decide which font files a text is set in and how its glyphs are sized
FONT_SETTINGS = ("font.family", "font.sans-serif", "font.serif", "font.monospace", "font.cursive", "font.fantasy",
                 "text.hinting", "text.hinting_factor", "text.kerning_factor")
_METRICS: dict = {}  # (text, font, dpi, font settings) → (width, height, descent) in pixels, for every figure
_METRICS_LIMIT = 20_000  # a city's figures ask for about 550 sizes; each entry keeps a font properties copy


def _font_settings() -> tuple:
    import matplotlib as mpl
    from matplotlib import font_manager

    rc = mpl.rcParams
    # a font added to the manager may change which file a family resolves to
    return (*(str(rc[k]) for k in FONT_SETTINGS if k in rc), len(font_manager.fontManager.ttflist))


@functools.cache
def _agg_canvas():
    """An Agg canvas whose renderer measures each text once per process, for every figure.

    matplotlib keeps the sizes of texts per renderer, and each figure has a renderer of its own, so
    each chart measured its tick labels, titles and legends anew: FreeType sets each text (1 ms for
    a Chinese font), which was a third of a report's chart step. The sizes depend only on the text,
    its font, the resolution and the font settings, all in the key; the picture is the same to the
    byte. Math text (``$…$``) is measured as matplotlib does, each time.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg

    class Renderer(RendererAgg):
        def get_text_width_height_descent(self, s, prop, ismath):
            if ismath is not False:
                return super().get_text_width_height_descent(s, prop, ismath)
            key = (s, prop.copy(), self.dpi, _font_settings())
            size = _METRICS.get(key)
            if size is None:
                if len(_METRICS) >= _METRICS_LIMIT:
                    _METRICS.clear()
                size = _METRICS[key] = super().get_text_width_height_descent(s, prop, ismath)
            return size

    class Canvas(FigureCanvasAgg):
        def get_renderer(self):
            key = (*self.figure.bbox.size, self.figure.dpi)  # as FigureCanvasAgg keeps its renderer
            if getattr(self, "_renderer_key", None) != key:
                self.renderer = Renderer(*key)
                self._renderer_key = key
            return self.renderer

    return Canvas


def agg_canvas(fig):
    """`fig`'s Agg canvas, made one that measures each text once per process (:func:`_agg_canvas`).

    A figure on another backend, or on a canvas class of its own, is given a new canvas only when it
    has no Agg canvas at all, as :meth:`matplotlib.figure.Figure.savefig` would draw it.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = fig.canvas
    if type(canvas) is FigureCanvasAgg or not isinstance(canvas, FigureCanvasAgg):
        canvas = _agg_canvas()(fig)
    return canvas


def chart_png(draw, *args, **kwargs) -> bytes:
    """``draw(*args, **kwargs)`` in the shared theme, as PNG bytes.

    A stage hands a chart over as ``Later(chart_png, (draw, table))``: it is then drawn on a
    background process while the next stages run (:mod:`citysurvey.writer`).
    """
    use_theme()
    return figure_png(draw(*args, **kwargs))


def heatmap(data, *, ax, annot=None, fmt: str = "", cmap=None, vmin=None, vmax=None, center=None,
            linewidths: float = 0, linecolor="white", cbar: bool = True, cbar_kws: dict | None = None,
            annot_kws: dict | None = None):
    """``seaborn.heatmap`` of a DataFrame, drawn as seaborn 0.13 draws it, without importing seaborn.

    seaborn brings scipy in with it (more than half a second of a report's start) for a picture
    of coloured cells, so the charts draw it here: a masked ``pcolormesh`` (empty cells left
    blank), the rows from the top, a colour bar without outline, tick labels at the cells' centres
    (the column names turned upright where they would overlap) and each cell's text in dark grey or
    white as its colour is light or dark. `annot`: True for the values, or an array of the cells'
    texts; each is formatted with `fmt`. Where seaborn laid the figure out by painting it, it is laid out without painting.
    A test draws both and compares the pixels.
    """
    import matplotlib as mpl
    import matplotlib.pyplot as plt
    import numpy as np
    import pandas as pd

    values = np.ma.masked_where(np.asarray(pd.isnull(data)), data.to_numpy())
    calc = values.astype(float).filled(np.nan)
    vmin = np.nanmin(calc) if vmin is None else vmin
    vmax = np.nanmax(calc) if vmax is None else vmax
    cmap = mpl.colormaps[cmap] if isinstance(cmap, str) else cmap
    if center is not None:  # a diverging map recentred on `center`, cut to the data's range
        bad = cmap(np.ma.masked_invalid([np.nan]))[0]
        under, over = cmap(-np.inf), cmap(np.inf)
        under_set, over_set = under != cmap(0), over != cmap(cmap.N - 1)
        vrange = max(vmax - center, center - vmin)
        cmin, cmax = mpl.colors.Normalize(center - vrange, center + vrange)([vmin, vmax])
        cmap = mpl.colors.ListedColormap(cmap(np.linspace(cmin, cmax, 256))).with_extremes(
            bad=bad, under=under if under_set else None, over=over if over_set else None)
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)
    mesh = ax.pcolormesh(values, cmap=cmap, vmin=vmin, vmax=vmax, linewidths=linewidths, edgecolor=linecolor)
    rows, cols = data.shape
    ax.set(xlim=(0, cols), ylim=(0, rows))
    ax.invert_yaxis()
    if cbar:
        bar = ax.figure.colorbar(mesh, None, ax, **(cbar_kws or {}))
        bar.outline.set_linewidth(0)
    ax.set(xticks=np.arange(cols) + .5, yticks=np.arange(rows) + .5)
    x_labels = ax.set_xticklabels(data.columns.to_numpy())
    y_labels = ax.set_yticklabels(data.index.to_numpy(), rotation="vertical")
    plt.setp(y_labels, va="center")
    ax.figure.draw_without_rendering()  # the tick labels' places, to see whether they overlap

    def overlap(labels) -> bool:
        boxes = [label.get_window_extent() for label in labels]
        return bool(boxes) and max(box.count_overlaps(boxes) for box in boxes) > 1

    if overlap(x_labels):
        plt.setp(x_labels, rotation="vertical")
    if overlap(y_labels):
        plt.setp(y_labels, rotation="horizontal")
    ax.set(xlabel=data.columns.name or "", ylabel=data.index.name or "")
    if annot is not None and annot is not False:
        mesh.update_scalarmappable()
        texts = values if annot is True else np.asarray(annot)
        xs, ys = np.meshgrid(np.arange(cols) + .5, np.arange(rows) + .5)
        for x, y, value, colour, text in zip(xs.flat, ys.flat, mesh.get_array().flat, mesh.get_facecolors(), texts.flat):
            if value is np.ma.masked:
                continue
            rgb = np.asarray(colour[:3])
            rgb = np.where(rgb <= .03928, rgb / 12.92, ((rgb + .055) / 1.055) ** 2.4)  # W3C relative luminance
            ax.text(x, y, ("{:" + fmt + "}").format(text), **{"color": ".15" if rgb.dot([.2126, .7152, .0722]) > .408
                                                             else "w", "ha": "center", "va": "center",
                                                             **(annot_kws or {})})
    return ax


def pct_axis(ax, axis: str = "x", decimals: int = 0) -> None:
    """Format an axis holding shares (0–1) as percentages."""
    from matplotlib.ticker import PercentFormatter

    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_formatter(PercentFormatter(xmax=1, decimals=decimals))


def text_height(size: float) -> float:
    """Inches a line of text of `size` points takes up (matplotlib's line spacing, 1.2)."""
    return size * 1.2 / 72


def widest_text(fig, texts, size: float, weight: str = "normal") -> float:
    """Inches the widest of `texts` takes at `size` points in the theme's font (0 for none).

    Reads the font's metrics only, as the draw will: nothing is laid out.
    """
    from matplotlib.font_manager import FontProperties

    renderer = agg_canvas(fig).get_renderer()
    font = FontProperties(size=size, weight=weight)
    widths = [renderer.get_text_width_height_descent(line, font, ismath=False)[0]
              for text in texts for line in str(text).split("\n")]
    return max(widths, default=0.0) / fig.dpi


def fixed_margins(fig, *, left: float, bottom: float, top: float, right: float = LAYOUT_PAD,
                  row_gap: float | None = None) -> None:
    """Place a chart's axes with margins in inches, for a chart whose texts are known before it is drawn.

    What ``tight_layout`` finds by laying every axis out and measuring it (a fifth of a chart's
    time), computed from the few texts that decide it. `row_gap` is the space between rows of axes.
    Ink that still reaches past the figure's edge is not cut: :func:`figure_png` then saves the
    figure as ``savefig(bbox_inches="tight")`` does, which takes it in.
    """
    w, h = fig.get_size_inches()
    spec = {"left": left / w, "right": 1 - right / w, "bottom": bottom / h, "top": 1 - top / h}
    rows = max((ax.get_subplotspec().get_gridspec().nrows for ax in fig.axes if ax.get_subplotspec()), default=1)
    if row_gap is not None and rows > 1:
        inner = h - top - bottom
        spec["hspace"] = row_gap * rows / (inner - row_gap * (rows - 1))  # matplotlib's unit: the mean row's height
    fig.subplots_adjust(**spec)


def axes_margins(ax, *, below: float = 0.0, legend_right: bool = False) -> None:
    """:func:`fixed_margins` for a figure of one axes with its ticks at the left and the bottom.

    The margins follow from the texts at the edges alone: the tick labels (from the axis's locator and
    formatter, without laying a tick out), the axis labels and the title. `below`: inches kept free
    under the axis (a figure legend there); `legend_right`: the axes' legend stands right of it.
    """
    import matplotlib as mpl

    rc = mpl.rcParams
    fig = ax.figure

    def labels(axis, view) -> list[str]:
        low, high = sorted(view)
        locs = [loc for loc in axis.get_majorticklocs() if low - 1e-9 * abs(high - low) <= loc <= high + 1e-9 * abs(high - low)]
        return [text for text in axis.get_major_formatter().format_ticks(locs) if text]

    def lines(texts) -> int:
        return max((str(t).count("\n") + 1 for t in texts), default=0)

    def tick_room(axis: str, shown: bool) -> float:
        return (rc[f"{axis}tick.major.pad"] + (rc[f"{axis}tick.major.size"] if shown else 0)) / 72

    y_labels, x_labels = labels(ax.yaxis, ax.get_ylim()), labels(ax.xaxis, ax.get_xlim())
    left = widest_text(fig, y_labels, rc["ytick.labelsize"]) + tick_room("y", rc["ytick.left"]) + LAYOUT_PAD
    if ax.get_ylabel():
        left += text_height(rc["axes.labelsize"]) * lines([ax.get_ylabel()]) + rc["axes.labelpad"] / 72
    bottom = text_height(rc["xtick.labelsize"]) * lines(x_labels) + tick_room("x", rc["xtick.bottom"]) + LAYOUT_PAD
    if ax.get_xlabel():
        bottom += text_height(rc["axes.labelsize"]) * lines([ax.get_xlabel()]) + rc["axes.labelpad"] / 72
    top = LAYOUT_PAD
    title = ax.get_title(loc="left") or ax.get_title() or ax.get_title(loc="right")
    if title:
        top += text_height(rc["axes.titlesize"]) * lines([title]) + rc["axes.titlepad"] / 72
    right = LAYOUT_PAD
    if legend_right and ax.get_legend() is not None:
        right += ax.get_legend().get_window_extent(fig.canvas.get_renderer()).width / fig.dpi
    fixed_margins(fig, left=left, bottom=bottom + below, top=top, right=right)


def wrap_label(text: str, width: int = 10) -> str:
    r"""A long name on balanced lines instead of cut with "…".

    >>> wrap_label("医疗、教育、文体等城市公共服务", 8)
    '医疗、教育、文体\n等城市公共服务'
    >>> wrap_label("老旧小区改造成效", 7)
    '老旧小区\n改造成效'

    Chinese has no spaces to break at: lines are cut to even lengths, and a line never
    starts with a closing mark or ends with an opening bracket.
    """
    import math

    text = str(text).strip()
    if len(text) <= width:
        return text
    n = math.ceil(len(text) / width)
    size = math.ceil(len(text) / n)
    lines, rest = [], text
    while len(rest) > size:
        cut = size
        while cut < len(rest) and rest[cut] in "、，。）)：；" and cut < size + 2:
            cut += 1  # keep punctuation with the line it closes
        if rest[cut - 1] in "（(":
            cut -= 1
        lines.append(rest[:cut])
        rest = rest[cut:]
    lines.append(rest)
    return "\n".join(line for line in lines if line)


def _agg_renderer(fig):
    """Lay `fig` out with the Agg renderer (a closed pyplot figure has lost its canvas) and return it.

    Laid out as a draw would, without painting a pixel: the boxes of the text are all that is read.
    """
    if not hasattr(fig.canvas, "get_renderer"):
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        FigureCanvasAgg(fig)
    fig.draw_without_rendering()
    return fig.canvas.get_renderer()


def _text_boxes(fig, renderer):
    """(text, pixel box) of every text a draw of `fig` shows; tick labels only of the ticks drawn."""
    from matplotlib.text import Text

    tick_texts, shown = set(), []
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                tick_texts.update({id(tick.label1), id(tick.label2)})
            for tick in axis._update_ticks():  # the ticks inside the view: the ones drawn
                shown += [t for t in (tick.label1, tick.label2) if t.get_visible()]
    shown += [t for t in fig.findobj(Text) if id(t) not in tick_texts and t.get_visible()]
    boxes = []
    for t in shown:
        if not t.get_text().strip():
            continue
        box = t.get_window_extent(renderer)
        if box.width > 0 and box.height > 0:
            boxes.append((t, box))
    return boxes


def label_problems(fig, tolerance: float = 1.0) -> list[str]:
    """Text in a drawn figure that overlaps other text or sticks out of the figure (for tests).

    Draws with the Agg renderer and compares the window extents of every visible text
    (tick labels, axis titles, annotations, legend entries). Returns one line per problem.
    """
    renderer = _agg_renderer(fig)
    boxes = _text_boxes(fig, renderer)
    frame = fig.bbox
    problems = []
    for t, b in boxes:
        if b.x0 < frame.x0 - tolerance or b.y0 < frame.y0 - tolerance or b.x1 > frame.x1 + tolerance \
                or b.y1 > frame.y1 + tolerance:
            problems.append(f"outside the figure: {t.get_text()!r}")
    for i, (t1, b1) in enumerate(boxes):
        for t2, b2 in boxes[i + 1:]:
            w = min(b1.x1, b2.x1) - max(b1.x0, b2.x0)
            h = min(b1.y1, b2.y1) - max(b1.y0, b2.y0)
            if w > tolerance and h > tolerance:
                problems.append(f"overlap: {t1.get_text()!r} / {t2.get_text()!r}")
    return problems


RING_RADII = (4, 8, 13, 19, 26, 34, 43, 53, 64, 76, 90, 105, 120)  # points from a label's point
ALIGN_SHIFT = {"left": 0.0, "bottom": 0.0, "center": 0.5, "right": 1.0, "top": 1.0}


def place_labels(ax, xs, ys, labels, *, fontsize: float = 7.0, color: str = "#333333") -> list:
    """Label points without overlap: each label takes the nearest free spot around its point.

    Deterministic (no random repelling): candidates on rings of growing radius are tried in a fixed
    order against the boxes of the text already inside the axes and of every point; a label placed
    away from its point gets a thin leader line. Returns the annotations.

    A label stays inside the axes, so only what can be there is measured: the axes' own texts and
    legends. Tick labels, axis labels and titles stand outside the axes' box, where no label goes;
    laying the whole figure out to measure them was a third of an IPA chart's time. Each label is
    laid out once, and its box at a candidate spot follows from that box by moving it.
    """
    import math

    import numpy as np
    from matplotlib.text import Text
    from matplotlib.transforms import Bbox, IdentityTransform

    fig = ax.figure
    renderer = agg_canvas(fig).get_renderer()
    ax.apply_aspect()
    ax.get_xlim(), ax.get_ylim()  # the view limits, autoscaled now as a draw would, before reading transData
    area = ax.get_window_extent(renderer)
    legends = [lg for lg in (ax.get_legend(), *fig.legends) if lg is not None and lg.get_visible()]
    taken = [t.get_window_extent(renderer) for t in ax.texts if t.get_visible() and t.get_text().strip()]
    taken += [lg.get_window_extent(renderer) for lg in legends]
    data = list(zip(xs, ys))
    pts = ax.transData.transform(data)
    r_px = 3.5 * fig.dpi / 72
    taken += [Bbox([[x - r_px, y - r_px], [x + r_px, y + r_px]]) for x, y in pts]
    # the candidates' boxes as arrays: laying out an annotation per candidate (up to 208 per label) was
    # most of a chart's time. A label's box at offset (dx, dy) is its box at (0, 0) moved by the
    # offset, and another alignment moves it by half or all its size, so each label is laid out once.
    extents = np.array([b.extents for b in taken]).reshape(-1, 4)
    scale = fig.dpi / 72  # offsets are in points, boxes in pixels
    ax0, ax1 = sorted(area.intervalx)
    ay0, ay1 = sorted(area.intervaly)
    probe = Text(0, 0, "", fontsize=fontsize, ha="left", va="bottom", transform=IdentityTransform())
    probe.set_figure(fig)
    placed = []
    for (x, y), xy, label in zip(pts, data, labels):
        probe.set_text(label)
        probe.set_position((x, y))  # where the annotation's text stands at offset (0, 0), in pixels
        base = np.asarray(probe.get_window_extent(renderer).extents)
        origin: dict[tuple[str, str], np.ndarray] = {}  # (ha, va) → pixel extents at offset (0, 0)
        best = None
        for radius in RING_RADII:
            for k in range(16):
                angle = 2 * math.pi * k / 16
                dx, dy = radius * math.cos(angle), radius * math.sin(angle)
                ha = "left" if dx > 1 else "right" if dx < -1 else "center"
                va = "bottom" if dy > 1 else "top" if dy < -1 else "center"
                if (ha, va) not in origin:  # the same box aligned otherwise: moved by half or all its size
                    x0, y0, x1, y1 = base
                    shift = ((x1 - x0) * ALIGN_SHIFT[ha], (y1 - y0) * ALIGN_SHIFT[va])
                    origin[ha, va] = base - (*shift, *shift)
                box = origin[ha, va] + (dx * scale, dy * scale, dx * scale, dy * scale)
                px0, py0, px1, py1 = box + (-scale, -scale, scale, scale)
                fits = ax0 <= px0 <= ax1 and ay0 <= py0 <= ay1 and ax0 <= px1 <= ax1 and ay0 <= py1 <= ay1
                if fits and not np.any((px0 <= extents[:, 2]) & (extents[:, 0] <= px1)
                                       & (py0 <= extents[:, 3]) & (extents[:, 1] <= py1)):
                    ann = ax.annotate(label, xy, xytext=(dx, dy), textcoords="offset points",
                                      fontsize=fontsize, color=color, ha=ha, va=va)
                    best = (ann, box, radius)
                    break
            if best:
                break
        if best is None:  # no free spot: keep it at the point (a test of the figure will say so)
            ann = ax.annotate(label, xy, xytext=(3, 2), textcoords="offset points", fontsize=fontsize, color=color)
            best = (ann, np.asarray(ann.get_window_extent(renderer).extents), 0)
        ann, box, radius = best
        if radius > 8:  # a thin leader line from the point to its label
            cx, cy = (box[0] + box[2]) / 2 - x, (box[1] + box[3]) / 2 - y
            ax.annotate("", xy, xytext=(cx / scale, cy / scale), textcoords="offset points",
                        arrowprops={"arrowstyle": "-", "lw": 0.4, "color": "#999999", "shrinkA": 5, "shrinkB": 2})
        extents = np.vstack([extents, box[None, :]])
        placed.append(ann)
    return placed
