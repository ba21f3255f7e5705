"""A name in a list with a name found is a name (names.list_mates): the item after 、 or 和 whose own characters no
list or rule reads (a rare surname, a minority or a foreign name), while words, roles, relatives and brands stay."""
from __future__ import annotations

import pytest

from conftest import redacted as _r


@pytest.mark.parametrize("text, names", [
    ("楼组长名单：王建国、李秀英、仉立新，有事找他们", 3),
    ("张小雨和阿衣古丽两个人天天来打扫", 2),
    ("维修小组：陈志强、刘海燕、Omar", 3),
    ("王建国与乌日娜一起报的名", 2),
])
def test_the_next_item_of_a_list_of_names_goes(text, names):
    out = _r(text)
    assert out.count("〔姓名〕") == names, out


@pytest.mark.parametrize("text", [
    "王建国和物业经理吵起来了",
    "李秀英和老伴都觉得不好",
    "王建国与社区协商了好几次",
    "王建国和平时一样早起",
    "李秀英和Hello Kitty的玩偶",
    "李秀英和Apple手机",
    "隔壁张伟和她老公天天吵",
    "陈志强和周边居民都反映过",
])
def test_a_word_a_role_or_a_brand_after_a_name_stays(text):
    out = _r(text)
    assert out.count("〔姓名〕") == 1, out
