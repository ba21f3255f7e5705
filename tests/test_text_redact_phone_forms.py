"""Redaction, issue 13: two phone forms a new writer uses. A mobile typed with a letter for a digit (O or o for a
zero, l or I for a one) where the rest is a valid mobile, and a bare local number with the words saying it is the
writer's own line after it (是我家座机). Hotlines, work-order and order numbers, prices, years, model numbers and an
organisation's line stay. Examples written for these tests (none taken from an evaluation set)."""
from __future__ import annotations

import pytest

from citysurvey.text.clean import normalise
from citysurvey.text.redact import Redactor
from conftest import redacted as _r


@pytest.mark.parametrize("text, number", [
    ("有问题就打15O62847391问我", "15O62847391"),  # a capital O for the zero
    ("手机 l86o3927415，白天都在", "l86o3927415"),  # l for the leading one, o for a zero
    ("我手机是1770l538264", "1770l538264"),  # l for a one inside
    ("电话188-O417-29l6，晚上别打", "188-O417-29l6"),  # in groups, two letters
    ("我的号码是I3925O47186", "I3925O47186"),  # a capital I for the one
    ("52708419是我家座机，有事打", "52708419"),  # a bare landline, its label after it
    ("7352916是我家里的电话", "7352916"),  # seven digits, 家里的电话
    ("打6618 2493（家里座机）就能找到我", "6618 2493"),  # in groups, the label in brackets
    ("有事联系34071865，就是本人电话", "34071865"),
])
def test_phone_forms_go(text, number):
    out = _r(text)
    assert number not in out and "〔电话〕" in out, out


@pytest.mark.parametrize("text", [
    "工单号1390l234567一直没人处理",  # a work order's number, a letter in it
    "订单号15O62847391的快递还没到",  # an order's number
    "设备型号AB15O62847391C坏了",  # a model number: letters beside it
    "编号13OO2847OO1是小区的设备",  # too many letters for a typo
    "路由器是TL1O5O4OO2ZZ的",  # letters beside it
    "1O年前就说要修，到现在也没修",  # a count of years with an O
    "12345是市民热线，打了没用",  # a hotline
    "96180是养老服务热线",
    "房子卖了3580000是我家最大的一笔钱",  # a price before 是我家
    "2019年我家装的座机早就不用了",  # a year
    "88675432是物业的电话，总没人接",  # an organisation's line
    "订单号38472916是我家电话下的单",  # an order's number, whatever follows
    "社区服务电话：62718355，是我家楼下",  # an office's published line, before the label
    "12138475是我家的门牌卡号",  # no phone label after it
])
def test_numbers_that_are_no_private_phone_stay(text):
    assert _r(text) == normalise(text)


def test_letter_mobile_is_reported_as_a_phone():
    spans = Redactor().find(normalise("手机15O62847391"))
    assert [(s.kind, s.start, s.end) for s in spans] == [("phone", 2, 13)]


def test_a_bill_after_the_number_is_no_label():
    assert _r("上个月交了2460000，是我家电话费最多的一次") == normalise("上个月交了2460000，是我家电话费最多的一次")
