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
