"""The shared plotting theme: a CJK font is found and used, or the user is told how to get one."""
from __future__ import annotations

import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from citysurvey import plotting  # noqa: E402


def test_finds_an_installed_cjk_font():
    font = plotting.find_cjk_font()
    assert font.family in plotting.CJK_FAMILIES
    assert font.path.exists()


def test_theme_uses_the_cjk_font_and_draws_chinese_without_missing_glyphs():
    font = plotting.use_theme()
    assert matplotlib.rcParams["font.sans-serif"][0] == font.family
    assert matplotlib.rcParams["axes.unicode_minus"] is False
    fig, ax = plt.subplots()
    ax.bar(["城东区", "城西区"], [0.3, -0.2])
    ax.set_title("各区样本量（−号与负数）")
    plotting.pct_axis(ax, "y")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph … missing" when a character has no glyph
        fig.canvas.draw()
    plt.close(fig)


def test_no_cjk_font_stops_with_install_hint(monkeypatch):
    plotting.find_cjk_font.cache_clear()
    monkeypatch.setattr(plotting, "_match", lambda manager: None)
    from matplotlib import font_manager

    monkeypatch.setattr(font_manager, "_load_fontmanager", lambda try_read_cache=True: font_manager.fontManager)
    with pytest.raises(plotting.NoCJKFontError) as err:
        plotting.find_cjk_font()
    message = str(err.value)
    assert "apt-get install fonts-noto-cjk" in message
    assert "[错误]" in message and "[Error]" in message
    plotting.find_cjk_font.cache_clear()


def test_label_problems_sees_overlap_and_text_outside_the_figure():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from citysurvey.plotting import label_problems

    fig, ax = plt.subplots(figsize=(4, 3))
    ax.text(0.5, 0.5, "城市公园与绿道")
    ax.text(0.52, 0.5, "公园绿地与口袋公园")
    ax.text(1.6, 0.5, "图外")
    problems = label_problems(fig)
    plt.close(fig)
    assert any("overlap" in p for p in problems) and any("outside" in p and "图外" in p for p in problems)


def test_place_labels_keeps_a_crowded_cluster_apart():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    from citysurvey.plotting import label_problems, place_labels, use_theme, wrap_label

    use_theme()  # the CJK font whose boxes the labels are placed by (not whatever an earlier test left)
    rng = np.random.default_rng(1)
    x, y = rng.normal(0, 1, 25), rng.normal(0, 1, 25)
    fig, ax = plt.subplots(figsize=(7, 5))
    ax.scatter(x, y, s=12)
    ax.margins(0.15)
    fig.tight_layout()
    place_labels(ax, x, y, [wrap_label(f"第{i}项便民商业服务", 6) for i in range(25)])
    problems = label_problems(fig)
    plt.close(fig)
    assert problems == []


def test_wrap_label_balances_lines_and_keeps_every_character():
    from citysurvey.plotting import wrap_label

    for text in ("医疗、教育、文体等城市公共服务", "充电设施（汽车、电动自行车）", "小区停车"):
        wrapped = wrap_label(text, 7)
        assert wrapped.replace("\n", "") == text
        assert all(len(line) <= 9 for line in wrapped.split("\n"))
    assert wrap_label("老旧小区改造成效", 7) == "老旧小区\n改造成效"


def _chart(face="white"):
    plotting.use_theme()  # the charts' settings: savefig at the figures' own dpi
    fig, ax = plt.subplots(figsize=(3, 2), facecolor=face)
    ax.plot([0, 1, 2], [1, 3, 2], label="满意度")
    ax.set_title("各区满意度")
    fig.legend(loc="lower center", ncols=1, frameon=False)  # anchored to the figure's own bottom edge
    fig.subplots_adjust(bottom=0.3)
    plt.close(fig)
    return fig


def test_figure_png_is_the_tight_picture_savefig_gives_drawn_once():
    """One drawing cut to the tight box: savefig's size, its picture but for antialiasing at most a pixel
    off (savefig moves a legend anchored to the figure's edge by the padding; here it stays where the
    layout, and the label-overlap test, put it)."""
    import io

    import numpy as np
    from PIL import Image

    buf = io.BytesIO()
    _chart().savefig(buf, format="png", bbox_inches="tight", metadata={"Software": None})
    want = Image.open(buf)
    got = Image.open(io.BytesIO(plotting.figure_png(_chart())))
    assert got.size == want.size and got.mode == "RGB"
    assert got.info["dpi"] == pytest.approx(want.info["dpi"], abs=0.01)
    a, b = np.asarray(want.convert("RGB"), dtype=float), np.asarray(got, dtype=float)
    assert np.abs(a - b).mean() < 3
    assert plotting.figure_png(_chart()) == plotting.figure_png(_chart())  # same figure, same bytes


def test_text_sizes_kept_for_every_figure_are_what_the_figures_own_renderer_measures():
    """The sizes of texts are kept once per process (:func:`plotting.agg_canvas`): each is what a fresh
    renderer measures, for the font, size, resolution and font settings in force when it is asked."""
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.font_manager import FontProperties

    def fresh(fig, text, prop):
        return RendererAgg(*fig.bbox.size, fig.dpi).get_text_width_height_descent(text, prop, False)

    plotting._METRICS.clear()
    fig = _chart()
    renderer = plotting.agg_canvas(fig).get_renderer()
    for size in (8, 9, 11):
        for weight in ("normal", "bold"):
            for text in ("城东区", "满意度 85%", "Wide text"):
                prop = FontProperties(size=size, weight=weight)
                assert renderer.get_text_width_height_descent(text, prop, False) == fresh(fig, text, prop)
    prop = FontProperties(family="sans-serif", size=9)  # a generic family: the font settings say which font
    theme = renderer.get_text_width_height_descent("Wide text", prop, False)
    with matplotlib.rc_context({"font.sans-serif": ["DejaVu Sans"]}):  # another font for the same properties
        other = renderer.get_text_width_height_descent("Wide text", prop, False)
        assert other == fresh(fig, "Wide text", prop)
    assert other != theme
    small = plt.figure(figsize=(3, 2), dpi=72)  # another resolution: other pixels
    assert plotting.agg_canvas(small).get_renderer().get_text_width_height_descent("Wide text", prop, False) \
        == fresh(small, "Wide text", prop) != theme
    plt.close(small)
    # a figure drawn with every size already kept gives the same bytes as one that measured them
    plotting._METRICS.clear()
    first = plotting.figure_png(_chart())
    assert plotting._METRICS
    assert plotting.figure_png(_chart()) == first


def test_figure_png_leaves_a_see_through_figure_to_savefig():
    import io

    from PIL import Image

    fig = _chart(face="none")
    assert plotting._tight_png(fig) is None
    assert Image.open(io.BytesIO(plotting.figure_png(_chart(face="none")))).mode == "RGBA"


@pytest.mark.parametrize("names, legend", [(["男", "女"], False), (["很长的类别名称：老旧小区改造成效", "非本市户籍"], False),
                                           (["医疗、教育、文体等城市\n公共服务", "停车"], True)])
def test_axes_margins_keep_every_text_inside_with_tight_layouts_room(names, legend):
    """Margins computed from the edge texts alone: nothing leaves the figure or overlaps, and the axes
    get about the room tight_layout gives them (within a tenth of an inch on each side)."""
    plotting.use_theme()

    def chart():
        fig, ax = plt.subplots(figsize=(7.2, 3.0))
        ax.barh(range(len(names)), [1200, 34000], label="样本")
        ax.set_yticks(range(len(names)), names)
        ax.set_xlabel("权数（每份样本代表的常住人口数）")
        ax.set_ylabel("类别")
        ax.set_title("标题", loc="left")
        if legend:
            ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
        return fig, ax

    fig, ax = chart()
    plotting.axes_margins(ax, legend_right=legend)
    assert plotting.label_problems(fig) == []
    ours = ax.get_position().extents * [7.2, 3.0, 7.2, 3.0]
    reference, ref_ax = chart()
    reference.tight_layout()
    tight = ref_ax.get_position().extents * [7.2, 3.0, 7.2, 3.0]
    assert abs(ours - tight).max() < 0.1, (ours, tight)
    plt.close(fig)
    plt.close(reference)


@pytest.mark.parametrize("context", ["paper", "talk"])
def test_theme_sets_what_seaborn_set_theme_sets(context):
    # the theme is written out so that it does not import seaborn; it must still be seaborn's look
    import seaborn as sns

    font = plotting.find_cjk_font()
    with matplotlib.rc_context():
        matplotlib.rcdefaults()
        # the call the theme was made with before it was written out
        sns.set_theme(context=context, style="whitegrid", palette=list(plotting.PALETTE), font=font.family, rc={
            "font.sans-serif": [font.family, "DejaVu Sans"], "axes.unicode_minus": False,
            "figure.figsize": plotting.FIGSIZE, "figure.dpi": plotting.DPI, "savefig.dpi": plotting.DPI,
            "savefig.bbox": "tight", "axes.titlesize": 11, "axes.titley": 1.0, "axes.labelsize": 10,
            "xtick.labelsize": 9, "ytick.labelsize": 9, "legend.fontsize": 9, "axes.spines.top": False,
            "axes.spines.right": False, "grid.color": "#E3E3E3"})
        matplotlib.rcParams["pdf.fonttype"] = 42
        expected = dict(matplotlib.rcParams)
        matplotlib.rcdefaults()
        plotting.use_theme(context=context)
        ours = dict(matplotlib.rcParams)
    differ = {k: (ours[k], expected[k]) for k in expected if ours[k] != expected[k]}
    assert differ == {"image.cmap": ("viridis", "rocket")}  # seaborn's own map, named by no chart


@pytest.mark.parametrize("case", ["annotated", "centred", "values", "crowded"])
def test_heatmap_draws_what_seaborn_draws(case):
    # the charts' heat maps are drawn without seaborn (it imports scipy); the picture must not change
    import numpy as np
    import pandas as pd
    import seaborn as sns

    plotting.use_theme()
    rng = np.random.default_rng(3)
    columns = ["全市", "城东区", "城西区", "南湖区"] if case != "crowded" else [f"第{k}个区的名称" for k in range(9)]
    data = pd.DataFrame(rng.uniform(40, 90, (5, len(columns))), columns=columns,
                        index=["小区停车", "充电设施", "社区养老", "公园绿地", "道路路面"])
    data.iloc[1, 2] = np.nan  # an empty cell stays blank
    data.columns.name, data.index.name = "district", "item"
    texts = data.map(lambda v: "" if pd.isna(v) else f"{v:.0f}▲")
    kwargs = {"annotated": {"annot": texts.to_numpy(), "fmt": "", "cmap": "Blues", "linewidths": 0.4},
              "centred": {"annot": texts.to_numpy(), "fmt": "", "cmap": "RdYlGn", "center": 60.0, "vmin": 40, "vmax": 90,
                          "cbar_kws": {"label": "得分", "shrink": 0.5}, "annot_kws": {"fontsize": 7}},
              "values": {"annot": True, "fmt": ".0f", "cmap": "Blues", "cbar": False},
              "crowded": {"annot": True, "fmt": ".1f", "cmap": "Blues"}}[case]
    pictures = []
    for draw in (sns.heatmap, plotting.heatmap):
        fig, ax = plt.subplots(figsize=(4, 3))
        draw(data, ax=ax, **kwargs)
        pictures.append(plotting.figure_png(fig))
    assert pictures[0] == pictures[1]
