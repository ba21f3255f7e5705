"""The item chart fits an A4 page in both render paths: a long item list goes into two columns."""
from __future__ import annotations

import io

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")

from citysurvey import plotting  # noqa: E402
from citysurvey.scoring import charts  # noqa: E402


def _scores(levels: dict[str, int]) -> pd.DataFrame:
    rng = np.random.default_rng(7)
    rows = []
    for level, n in levels.items():
        for k in range(n):
            est = float(rng.uniform(55, 85))
            # names of the length the demo's are, a few long enough to wrap onto two lines
            label = f"{level}第{k + 1}项" + ("服务设施与管理水平" if k % 4 == 0 else "设施")
            rows.append({"kind": "item", "measure": "score", "domain_var": "city", "level": level,
                         "item": f"{level}{k}", "label": label, "estimate": est,
                         "ci_low": est - 1.2, "ci_high": est + 1.2})
    return pd.DataFrame(rows)


def _ticks(fig) -> list[list[str]]:
    return [[t.get_text() for t in ax.get_yticklabels()] for ax in fig.axes]


@pytest.mark.parametrize("levels", [{"住房": 7, "小区": 11, "街区": 8, "城区": 13, "总体": 1},
                                    {"全部": 44}, {"甲": 30, "乙": 2}])
def test_a_long_item_list_goes_into_two_columns_no_taller_than_the_cap(levels):
    from PIL import Image

    plotting.use_theme()
    scores = _scores(levels)
    fig = charts.item_scores_chart(scores)
    problems = plotting.label_problems(fig)
    shown = _ticks(fig)
    png = plotting.figure_png(fig)
    width, height = Image.open(io.BytesIO(png)).size
    assert len(shown) == 2
    assert height / width <= charts.MAX_RATIO
    assert problems == []
    # every item once, level by level, the first column's rows before the second's
    order = [lbl for col in shown for lbl in col]
    want = [plotting.wrap_label(t, charts.LABEL_WIDTH) for t in charts_order(scores)]
    assert order == want
    assert abs(len(shown[0]) - len(shown[1])) <= len(order) / 4


def charts_order(scores: pd.DataFrame) -> list[str]:
    """The chart's row order: levels as they come, highest score first within a level."""
    levels = list(dict.fromkeys(scores["level"]))
    return [t for lv in levels for t in scores[scores["level"] == lv].sort_values("estimate", ascending=False)["label"]]


def test_a_short_item_list_stays_in_one_column():
    plotting.use_theme()
    fig = charts.item_scores_chart(_scores({"住房": 6, "小区": 6}))
    assert len(fig.axes) == 1
    plotting.figure_png(fig)


def test_the_columns_are_cut_between_levels_when_that_keeps_them_even():
    assert charts._column_split(["a"] * 7 + ["b"] * 11 + ["c"] * 8 + ["d"] * 13 + ["e"]) == 18  # 18 / 22
    assert charts._column_split(["a"] * 20 + ["b"] * 20) == 20
    assert charts._column_split(["a"] * 44) == 22  # one level: the middle
    assert charts._column_split(["a"] * 30 + ["b"] * 2) == 16  # a boundary far from the middle: the middle


def _item_district(levels: dict[str, int], areas=("全市", "城东区", "城西区", "南湖区", "北山区", "江口区", "新城区")):
    rng = np.random.default_rng(3)
    rows = []
    for level, n in levels.items():
        for k in range(n):
            label = f"{level}第{k + 1}项" + ("服务设施与管理水平" if k % 4 == 0 else "设施")
            for area in areas:
                flag = "" if area == "全市" else rng.choice(["", "高于全市", "低于全市"])
                rows.append({"item": f"{level}{k}", "label": label, "level": level, "district": area,
                             "score": float(rng.uniform(48, 88)), "score_flag": flag})
    return pd.DataFrame(rows)


def test_a_long_heat_map_goes_into_two_columns_with_every_item_once():
    from PIL import Image

    plotting.use_theme()
    frame = _item_district({"住房": 7, "小区": 11, "街区": 8, "城区": 13, "总体": 1})
    fig = charts.district_heatmap(frame)
    problems = plotting.label_problems(fig)
    maps = [ax for ax in fig.axes if ax.get_label() != "<colorbar>"]
    shown = [t.get_text() for ax in maps for t in ax.get_yticklabels()]
    width, height = Image.open(io.BytesIO(plotting.figure_png(fig))).size
    assert len(maps) == 2 and height / width <= charts.MAX_RATIO
    assert problems == []
    want = list(dict.fromkeys(frame["label"]))
    assert shown == [plotting.wrap_label(t, charts.LABEL_WIDTH) for t in want]


def test_a_short_heat_map_stays_one():
    plotting.use_theme()
    fig = charts.district_heatmap(_item_district({"住房": 5, "小区": 5}))
    assert len([ax for ax in fig.axes if ax.get_label() != "<colorbar>"]) == 1
    plotting.figure_png(fig)
