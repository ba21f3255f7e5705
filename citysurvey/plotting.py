"""The project's one plotting theme: seaborn, a CJK font, report-sized figures.

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

#: Figure size (inches) that fits an A4 text column at a readable font size.
FIGSIZE: tuple[float, float] = (7.2, 4.0)
DPI = 160  # PNG figures: sharp in print, small enough to embed in the HTML

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


def use_theme(*, context: str = "paper") -> CJKFont:
    """Apply the shared seaborn theme with the CJK font; return the font used."""
    import matplotlib as mpl
    import seaborn as sns

    font = find_cjk_font()
    sns.set_theme(
        context=context,
        style="whitegrid",
        palette=list(PALETTE),
        font=font.family,
        rc={
            "font.sans-serif": [font.family, "DejaVu Sans"],
            "axes.unicode_minus": False,  # CJK fonts often lack U+2212; use ASCII hyphen-minus
            "figure.figsize": FIGSIZE,
            "figure.dpi": DPI,
            "savefig.dpi": DPI,
            "savefig.bbox": "tight",
            "axes.titlesize": 11,
            "axes.labelsize": 10,
            "xtick.labelsize": 9,
            "ytick.labelsize": 9,
            "legend.fontsize": 9,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "grid.color": "#E3E3E3",
        },
    )
    mpl.rcParams["pdf.fonttype"] = 42  # embed TrueType so PDFs keep selectable Chinese text
    return font


def pct_axis(ax, axis: str = "x", decimals: int = 0) -> None:
    """Format an axis holding shares (0–1) as percentages."""
    from matplotlib.ticker import PercentFormatter

    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_formatter(PercentFormatter(xmax=1, decimals=decimals))
