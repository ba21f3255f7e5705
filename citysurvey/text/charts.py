"""Charts of the text stage, as PNG bytes, in the project's shared theme.

All drawing for this stage lives here so it follows :mod:`citysurvey.plotting`
(fonts, palette, sizes) in one place. Figures are rendered with the Agg backend
and without a timestamp, so the same tables give the same bytes.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..plotting import PALETTE, pct_axis, use_theme
from ..plotting import figure_png as _png


def topic_share_chart(city: pd.DataFrame, labels: dict[str, str], top: int, title: str) -> bytes:
    """Horizontal bars of the city-wide share mentioning each topic, with confidence intervals."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    use_theme()
    d = city.sort_values("estimate", ascending=False).head(top).iloc[::-1]
    fig, ax = plt.subplots(figsize=(7.2, 0.32 * len(d) + 1.2))
    y = np.arange(len(d))
    err = np.vstack([d["estimate"] - d["ci_low"], d["ci_high"] - d["estimate"]]).clip(min=0)
    ax.barh(y, d["estimate"], color=PALETTE[0], xerr=err, error_kw={"ecolor": "#555555", "capsize": 2, "lw": 0.8})
    ax.set_yticks(y, [labels.get(t, t) for t in d["topic"]])
    pct_axis(ax, "x", decimals=0)
    ax.set_xlabel("提及该主题的受访者占比（加权，95%置信区间）")
    ax.set_title(title)
    return _png(fig)


def district_heatmap(table: pd.DataFrame, labels: dict[str, str], topics: list[str], title: str) -> bytes:
    """District × topic heat map of weighted mention shares (in %)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from ..plotting import heatmap

    use_theme()
    wide = table.pivot(index="domain", columns="topic", values="estimate").reindex(columns=topics) * 100
    wide.columns = [labels.get(t, t) for t in wide.columns]
    fig, ax = plt.subplots(figsize=(7.2, 0.45 * len(wide) + 2.4))
    heatmap(wide, annot=True, fmt=".0f", cmap="Blues", cbar_kws={"label": "%"}, ax=ax, annot_kws={"fontsize": 7})
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_title(title)
    plt.setp(ax.get_xticklabels(), rotation=45, ha="right")
    return _png(fig)


def word_cloud(frequencies: dict[str, float], title: str) -> bytes | None:
    """A word cloud with the CJK font, or None when there are no words (``wordcloud`` is required)."""
    import matplotlib
    from wordcloud import WordCloud

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from ..plotting import find_cjk_font

    if not frequencies:
        return None
    font = use_theme()
    # laid out on a 700 × 400 grid and drawn at twice that (1400 × 800 pixels, as before): the layout search,
    # which tries every free position for every word, costs a quarter; the words are drawn just as sharp
    wc = WordCloud(font_path=str(find_cjk_font().path), width=700, height=400, scale=2, background_color="white",
                   colormap="Blues", prefer_horizontal=1.0, random_state=0, max_words=120,
                   relative_scaling=0.5).generate_from_frequencies(frequencies)
    fig, ax = plt.subplots(figsize=(7.2, 4.2))
    ax.imshow(wc.to_array(), interpolation="bilinear")
    ax.axis("off")
    ax.set_title(title, fontfamily=font.family)
    return _png(fig)
