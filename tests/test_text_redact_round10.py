"""Redaction, round 10: general readings of what still leaked. The address finder reads the same traditional-to-
simplified view as the name finder (clean.read_simplified); a courtyard's wing room (…号院东厢房), a row inside a road's
numbered compound (…号大院内3排5号), a lane door's gate (…巷 7 号 3 门), a room lettered after its floor (4楼C室) and a
door of a 里 after a home cue (家住福安里12号). Examples written for these tests (none taken from an evaluation set)."""
from __future__ import annotations

import pytest

from conftest import redacted as _r


ADDRESSES = [
    ("我家在南门外大街9号院东厢房，冬天没有暖气", "南门外大街9号院东厢房"),
    ("我家住在建设路30号大院内2排11号，下水道堵了", "2排11号"),
    ("家住 榆树巷 7 号 3 门，楼道没灯", "7 号 3 门"),
    ("住在英皇道88號4樓C室，樓梯太陡", "4樓C室"),
    ("我家住福安里12号，门口的井盖丢了", "福安里12号"),
    ("家住興隆里6號，巷子太窄", "興隆里6號"),
]


@pytest.mark.parametrize("text, part", ADDRESSES)
def test_round10_addresses_go(text, part):
    out = _r(text)
    assert "〔地址〕" in out and part not in out, out


ADDRESS_KEEP = [
    ("住在小区里3号楼的人都说电梯坏了", "3号楼"),
    ("我们城里5号线旁边太吵", "5号线"),
    ("故宫的东厢房在修缮，游客进不去", "东厢房"),
    ("电影院里3排5号的座位坏了", "3排5号"),
]


@pytest.mark.parametrize("text, kept", ADDRESS_KEEP)
def test_round10_address_look_alikes_kept(text, kept):
    assert kept in _r(text)


def test_round10_one_traditional_view_for_names_and_addresses():
    from citysurvey.text import address, clean, names

    text = "聯絡人：黃家輝，住東門里8號3樓"
    view = clean.read_simplified(text)
    assert len(view) == len(text) and view == "联络人：黄家辉，住东门里8号3楼"
    assert names.read_simplified is clean.read_simplified
    assert [text[a:b] for a, b in address.find_addresses(text)] == ["東門里8號3樓"]


NUMBERS = [
    # an extension after a spaced landline or after a number already redacted
    ("白天打 0571-8765 4321 转 3021 找我", "3021", "〔电话〕"),
    ("单位电话 〔电话〕 转 417，下午在", "417", "〔电话〕"),
    # mobiles of Hong Kong, Macau and Taiwan after their country code
    ("手提 +852 6238 1177，微信同号", "6238 1177", "〔电话〕"),
    ("澳门这边的手机 +853 6681 2290", "6681 2290", "〔电话〕"),
    ("我在台湾的号码 +886 935 281 446", "935 281 446", "〔电话〕"),
    ("（00852）5172 9903 晚上打", "5172 9903", "〔电话〕"),
    # a QQ number typed in two groups
    ("企鹅 38127 5590 有事联系", "5590", "〔QQ号〕"),
]


@pytest.mark.parametrize("text, part, placeholder", NUMBERS)
def test_round10_numbers_go(text, part, placeholder):
    out = _r(text)
    assert placeholder in out and part not in out, out


NUMBER_KEEP = [
    # an organisation's rescue or emergency line and a mailbox the writer calls published
    ("电梯公司的24小时救援电话是 0531-8123 4567，打了没人接", "0531-8123 4567"),
    ("燃气公司的抢修电话 0311-8666 1234 一直占线", "0311-8666 1234"),
    ("居委会的官方邮箱 jwh2023@126.com 没人回", "jwh2023@126.com"),
    ("信访邮箱：xfb_office@163.com 发了也没回音", "xfb_office@163.com"),
    # a hotel's landline in Hong Kong is no mobile; a QQ number and the hour after it
    ("香港的酒店电话 +852 2345 6789", "+852 2345 6789"),
    ("QQ 52817 10点后在线", "10点后"),
]


@pytest.mark.parametrize("text, kept", NUMBER_KEEP)
def test_round10_public_numbers_kept(text, kept):
    assert kept in _r(text)


def test_round10_own_mailbox_still_goes():
    assert "〔邮箱〕" in _r("我的邮箱 wangli88@163.com，公开邮箱没人看")
