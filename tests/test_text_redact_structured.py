"""Redaction of structured data, 2026-12-07: the door's descriptor after a home address (…3号院北屋, …2楼东头那间,
…三楼右手, …302房B间, …院前排4号), a household counted along its floor (…二层西头第二户), a household's head signing
with the door (户主：…，桃园街8号), the home across the way (我住隔壁 …), an English address with its building first
and an estate's English name; organisations' contacts kept (a group's QQ number, a service WeChat account, an office's
line after its name, after "contact the office", and in English); a village committee before the address kept as the
community is; unit and room with no building kept; a public
place's door after a home cue kept; QQ numbers typed a digit at a time, circled digits and a landline's local number
split 4 + 3. Examples written for these tests (none taken from an evaluation set), each kind with near misses."""
from __future__ import annotations

import pytest

from conftest import batch_spans_as_one, redacted as _r

# (text, what must go as one address)
WHOLE_ADDRESS = [
    ("我家住在槐树巷7号院北屋，冬天特别冷", "槐树巷7号院北屋"),
    ("地址是复兴街12号2楼东头那间，楼梯很窄", "复兴街12号2楼东头那间"),
    ("我家在 机械厂宿舍8栋二单元三楼右手，下水道堵了", "机械厂宿舍8栋二单元三楼右手"),
    ("住址：光华路5号之二302房B间，隔断房没有窗", "光华路5号之二302房B间"),
    ("家住 柳条巷9号院前排4号，巷子里没有灯", "柳条巷9号院前排4号"),
    ("住址：建设路青砖楼3号楼二层西头第二户，厕所公用", "建设路青砖楼3号楼二层西头第二户"),
    ("户主：王建华，桃园街8号", "桃园街8号"),
    ("我住隔壁 青年路66号三楼，天天闻到油烟", "青年路66号三楼"),
    ("I live at Block 3, Flat 1205, Sunshine Garden, the lift is broken", "Block 3， Flat 1205， Sunshine Garden"),
    ("住 Poly Garden 5-1-1102，健身器材太少", "Poly Garden 5-1-1102"),
    ("Flat 12A, Block 3, Lake View, 8 Shui Wo Street, please fix the lift", "Flat 12A， Block 3， Lake View， 8 Shui Wo Street"),
]


@pytest.mark.parametrize("text, address", WHOLE_ADDRESS)
def test_address_goes_whole_with_its_door(text, address):
    from citysurvey.text.clean import normalise

    out = _r(text)
    after = normalise(text).split(address)[1]
    assert "〔地址〕" + after in out, out  # the placeholder ends where the address does
    assert address[:4] not in out, out


# (text, what must stay): a side that names no room, a descriptor after a comma, a room word before another noun
TAIL_STAYS = [
    ("我家住在槐树巷7号院，东屋漏雨好几年了", "东屋漏雨"),
    ("家住幸福巷8号前面那间车库被人占了", "前面那间车库"),
    ("我家住在槐树巷7号院东边的垃圾站三天没清", "东边的垃圾站"),
    ("家住复兴街12号2楼左手边的墙裂了", "左手边的墙裂了"),
]


# organisations' contacts and other must-keep strings: (text, kept)
KEPT = [
    ("小区篮球群QQ：613205874，欢迎加入", "613205874"),
    ("我们的读书群QQ号 513402871，有兴趣的来", "513402871"),
    ("社区官方微信 xqsq_fuwu 每天发通知", "xqsq_fuwu"),
    ("物业前台微信：wyqt_2024，报修加这个", "wyqt_2024"),
    ("有事可以联系村委会：电话 0731-8561 2203", "0731-8561 2203"),
    ("居委会 0371-6623 9087 总是占线", "0371-6623 9087"),
    ("报修请找物业，电话 0371-6623 9087", "0371-6623 9087"),
    ("Call the property management office (tel 021-5432 8765) for repairs", "021-5432 8765"),
    ("给物业反映：5单元301的人家天天往楼下扔垃圾", "5单元301"),
    ("我家对面门牌是解放路12号，是个药店，晚上很吵", "解放路12号"),
    ("老板：张师傅，地址：竹竿巷3号门市，招牌被拆了", "竹竿巷3号门市"),
    ("建议：①多设座椅 ②加装路灯 ③修补路面", "①多设座椅 ②加装路灯 ③修补路面"),
    ("QQ 3 2 1 这种三位数的号早没了", "3 2 1"),
    ("家住：红旗村委会上湾村8号，屋后塌方了", "红旗村委会"),  # the community's level stays (address.admin_lead)
    ("Room 301 has a nice view, Bay Area traffic is bad", "Room 301 has a nice view， Bay Area"),
]


@pytest.mark.parametrize("text, kept", TAIL_STAYS + KEPT)
def test_what_is_no_personal_datum_stays(text, kept):
    out = _r(text)
    assert kept in out, out


# a person's own number or door near the same words: (text, what must go)
GONE = [
    ("群主QQ 613205874，有事私聊", "613205874"),
    ("我们的读书群QQ号 513402871，我自己的QQ 287301456", "287301456"),
    ("物业客服微信 13912345678", "13912345678"),  # a mobile goes, whoever's label
    ("居委会不管，我家座机 0371-6623 9087", "0371-6623 9087"),
    ("my office tel: 021-5432 8765", "021-5432 8765"),
    ("12栋2单元601漏水", "12栋2单元601"),
    ("住在2单元601，楼上漏水", "2单元601"),  # a unit and a room after a home cue: the writer's door
    ("我家门牌是解放路12号，老房子漏雨", "解放路12号"),
    ("扣扣是 3 5 7 2 4 6 8 1，晚上在线", "3 5 7 2 4 6 8 1"),
    ("我的QQ 2 8 7 3 0 1 4 5 6", "2 8 7 3 0 1 4 5 6"),
    ("手机 ① ③ ⑨ 0012 3456，白天打", "① ③ ⑨ 0012 3456"),
    ("电话①⑤⑧②⑥⑦⑧⑨⓪①②", "①⑤⑧②⑥⑦⑧⑨⓪①②"),
    ("老陈 座机0591-8765 432", "0591-8765 432"),
    ("家住：红旗村委会上湾村8号，屋后塌方了", "上湾村8号"),
]


@pytest.mark.parametrize("text, item", GONE)
def test_personal_numbers_and_doors_go(text, item):
    out = _r(text)
    assert item not in out, out


def test_a_long_grouped_number_is_no_landline_split_four_and_three():
    from citysurvey.text.clean import normalise
    from citysurvey.text.redact import Redactor

    text = normalise("退款打到 6230 5823 0591 8765 432 这个账户")
    assert not [s for s in Redactor().find(text) if s.kind == "landline"]


def test_batch_finds_what_one_text_finds():
    """The batch path (a pre-check picks the lines) finds the new kinds as the one-text path does: circled digits
    alone on a line, a QQ typed apart, a door's descriptor."""
    one = batch_spans_as_one(["电话①⑤⑧②⑥⑦⑧⑨⓪①②", "停车难", "扣扣是 3 5 7 2 4 6 8 1", "我家住在槐树巷7号院北屋，冬天冷",
                              "小区篮球群QQ：613205874", "户主：王建华，桃园街8号", "我家在机械厂宿舍8栋二单元三楼右手",
                              "停车难"])
    assert len([k for _, _, k in one if k != "name"]) == 5
