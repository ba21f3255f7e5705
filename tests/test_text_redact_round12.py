"""Redaction, round 12: general readings of what development set 18 still leaked or changed. Names: a Latin given
name right after 我叫 (joined or past a space), an ordinary word named by a building's or a village's role before the
clause ends. Examples written for these tests (none taken from an evaluation set)."""
from __future__ import annotations

import pytest

from conftest import redacted as _r


NAMES = [
    ("想参加社区合唱团，我叫Sophia，周末有空", "Sophia"),
    ("我叫 Omar，在这边做外贸，希望有英文路牌", "Omar"),
    ("我叫 Daniel。有事发邮件", "Daniel"),
    ("我们村的村长黄河，做事挺公道", "黄河"),
    ("三单元的单元长江山，人很热心", "江山"),
    ("二组的组长金星。", "金星"),
]


@pytest.mark.parametrize("text, name", NAMES)
def test_round12_names_go(text, name):
    out = _r(text)
    assert "〔姓名〕" in out and name not in out, out


KEEP = [
    ("Hi 我是刚搬来的业主Emma，想问垃圾站在哪", "Emma"),  # a nickname in a description of oneself (set 13's decision)
    ("我叫Uber来接老人，小区门口进不来", "Uber"),
    ("楼长白天，都不在家", "楼长白天"),
    ("网格员负责，我们放心", "网格员负责"),
    ("楼长方便，就开个会", "楼长方便"),
    ("组长会议，每月一次", "组长会议"),
    ("村长选举，大家都去投票了", "村长选举"),
]


@pytest.mark.parametrize("text, part", KEEP)
def test_round12_kept(text, part):
    out = _r(text)
    assert part in out, out
