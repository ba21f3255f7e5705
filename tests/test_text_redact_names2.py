"""Names round of 2026-12-07 (names2): false names on negatives of four kinds, and names of general kinds that leaked
on the development sets 24 and 25. Every example is new (none is from a fixture set); each kind has near misses that
must stay as written."""
from __future__ import annotations

import pytest

from conftest import redacted as _r


# --- 1. no name where there is none ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    # what a phone line does, said after its number (占, 关 are surnames)
    "物业值班室电话 0771-5532 8841 占线",
    "我打了居委会 0351-6612 7720 一直占线。",
    "社区医院电话 0898-6655 1234 关机了",
    "城管热线 0411-8877 6655 没人接",
    # quoted names of shops or brands, listed as a kind of thing's
    "超市“永辉”和“华润万家”都离得太远了",
    "小区门口要是有“美宜佳”、“便利蜂”这样的店就好了",
    "希望引进“钱大妈”和“百果园”这些店",
    # a public figure quoted as a clause's subject
    "鲁迅说过世上本没有路，我们小区门口的路也是走出来的",
    "梁启超说过少年强则国强，多建些篮球场吧",
    # a certificate's or a document's number after 字第
    "不动产权证 苏（2021）宁字第0045678号，过户一直办不下来",
    "批文是 粤建字第 2023015 号，可是施工还没开始",
    # a verb used everywhere that starts with a surname's character, before what is said of a person
    "缴费页面一直报错，应该是我操作不对",
    # what kind of parent the writer is, a word before 妈妈 or 爸爸 (涵涵妈妈 is a child's name: see below)
    "我是单亲妈妈，一个人带娃，托育太贵",
    "我是单亲爸爸，接孩子放学来不及",
    # a four-character idiom that jieba's dictionary tags as a person
    "一到夏天就乌云密布，下水道根本排不过来",
    # a quoted name of a place or a shop, or on a signboard
    "门口那家“红玫瑰”幼儿园学费又涨了",
    "“金凤凰”广场晚上太吵",
    "老牌匾“陈春和”被拆了，可惜",
])
def test_no_false_name(text):
    assert _r(text) == text


@pytest.mark.parametrize("text, name", [
    ("联系人：蓝海英 电话 13912345678 占线的话请发短信", "蓝海英"),  # a name before the number still goes
    ("“王建国”和“李秀英”两位老人都说电梯太慢", "王建国"),  # quoted people, no kind of thing
    ("我们楼长叫“周建平”，幼儿园的事找他", "周建平"),  # a quoted person, a place word further on
    ("邻居黎明说过要帮我们修", "黎明"),  # 说过 and a promise after a neighbour's name
])
def test_near_misses_still_redacted(text, name):
    out = _r(text)
    assert name not in out and "〔姓名〕" in out, out


# --- 2. names that leaked -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, name", [
    # a child's given name after one's own child word
    ("我家孩子浩宇上学要过两条马路，太危险", "浩宇"),
    ("我家小孩梓萱每天都要去公园", "梓萱"),
    ("我们家孩子俊熙在这上幼儿园", "俊熙"),
    # a child's pet name after a child word, before what is said of the child
    ("孩子糖糖只能在家看电视", "糖糖"),
    # the writer as the child's parent
    ("群里都在说这事，我是然然妈妈", "然然"),
    ("我是梓涵的家长，学校门口没有人行道", "梓涵"),
    # a note addressed to one's child
    ("留给我儿子的话：乐乐，记得把表填了", "乐乐"),
    ("写给我孙女：雨桐，你帮奶奶交一下", "雨桐"),
    # minority names
    ("玉罕（傣族）反映寨子口的路灯不亮", "玉罕"),
    ("次旺和扎西每天晚上在广场跳锅庄", "次旺"),
    ("达娃和卓嘎家的屋顶漏雨", "卓嘎"),
    ("我是社区网格员 苏伦", "苏伦"),
    ("卓玛梅朵今年上大学了，想问助学金", "卓玛梅朵"),
    ("我是次吉的爸爸，次吉在托班", "次吉"),
    ("我替老人写的，他叫岩罕，住在寨子东头", "岩罕"),  # named, standing as the clause
    # a full name after a hedge, after the surname said, typed apart after a cue
    ("楼上的租户，全名好像是蒋春生，天天半夜装修", "蒋春生"),
    ("那个老板姓简，叫简志雄", "简志雄"),
    ("我叫 满 桂 兰，住在三楼", "满 桂 兰"),
    # a Cantonese surname that is an everyday character
    ("有事请找 区嘉欣", "区嘉欣"),
])
def test_name_redacted(text, name):
    out = _r(text)
    assert name not in out and "〔姓名〕" in out, out


def test_the_same_minority_name_again_goes_too():
    out = _r("我是达瓦的妈妈，达瓦在社区托班")
    assert "达瓦" not in out and out.count("〔姓名〕") == 2, out


@pytest.mark.parametrize("text", [
    "我家孩子放学没人接",  # what a child does, no name
    "我家小孩明天考试",
    "我家孩子学校太远",
    "我是孩子妈妈，想问问入学的事",  # a word for any child before the parent's word
    "我是新手妈妈，社区有没有育儿课",
    "我是二宝妈妈",
    "我是囡囡奶奶，想问问托班的事",  # a doubled word for any child
    "给我老公留言：明天记得交电费",  # a note to one's partner, no name after the colon
    "今天天气不好，乌云和大风",  # a minority element that is a word, no person
    "找区长反映过了",  # 区 as a word
    "天上的云叫乌云，要下雨了",  # a minority element that is a word, after 叫 but no 我/他 naming a person
    "找区政府也没用",
    "全名应该是社区的",
])
def test_near_misses_stay(text):
    assert _r(text) == text
