"""The 摘要's sentence on the change since the earlier wave, from the waves stage's table."""
from __future__ import annotations

import pandas as pd

from citysurvey.report.chapters.summary import _change_from_waves


def _row(kind, label, diff, significant, comparable=True, domain_var="city", domain="全市"):
    return {"kind": kind, "label": label, "measure": "score", "domain_var": domain_var, "domain": domain,
            "year_previous": 2025, "estimate_previous": 70.0, "diff": diff, "significant": significant,
            "comparable": comparable, "change_zh": "显著改善" if significant and diff > 0 else "无显著变化"}


def test_composite_and_significant_items_are_named_with_their_change():
    t = pd.DataFrame([_row("composite_index", "综合满意度指数", 1.26, True), _row("item", "停车", 4.0, True),
                      _row("item", "公交", -3.5, True), _row("item", "绿地", 0.4, False),
                      _row("item", "停车", 9.0, True, domain_var="district", domain="甲区")])
    text = _change_from_waves(t, None)
    assert text.startswith("综合满意度指数与2025年（70.0分）相比上升1.3分（显著改善）")
    assert "显著改善的有停车（+4.0分）" in text and "显著下降的有公交（-3.5分）" in text
    assert "绿地" not in text and "+9.0" not in text  # not significant; another area
    assert "+9.0" in _change_from_waves(t, "甲区")


def test_a_composite_made_of_other_items_is_not_compared():
    t = pd.DataFrame([_row("composite_index", "综合满意度指数", 0.0, False, comparable=False)])
    assert _change_from_waves(t, None) == "综合满意度指数因两次调查的题目不同，不与2025年比较。"
    assert _change_from_waves(t.iloc[0:0], None) == ""
