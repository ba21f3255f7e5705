"""Redaction, 2026-12-07 (second structured round): an organisation's landline after its name with no label word
kept (…所 0xxx-, 打到…公司0xxx-, …院的…签约电话 0xxx-), also in traditional characters (管理處電話); a room alone named
as a landmark kept (…室门口); village groups named or counted as the household's door (…村…组6号, …路…组21号,
那… villages, …组，门牌…号); the door's part after the number (…弄3号甲1201, …弄15号后门, …号大杂院, …4楼左门); addresses typed
with spaces between characters or parts; a road's part after 大道 (…大道中128号); a plate with its province in pinyin;
a Hong Kong landline after 電話. Examples written for these tests (none taken from an evaluation set), each kind with
near misses."""
from __future__ import annotations

import pytest

from conftest import batch_spans_as_one, redacted as _r

# (text, what must go as one address)
WHOLE_ADDRESS = [
    ("住址：杨柳村前湾组12号，屋后塌方", "杨柳村前湾组12号"),
    ("户主：陈大勇 住址：云雾路下寨组8号 电话没有", "云雾路下寨组8号"),
    ("住址：平果县那坡村二队9号，墙裂了", "那坡村二队9号"),
    ("我家住在石桥村3组，门牌22号，路灯坏了", "石桥村3组，门牌22号"),
    ("地址：凯旋路880弄6号乙1503，楼道堆物", "凯旋路880弄6号乙1503"),
    ("我住复兴中路211弄9号后门，垃圾没人收", "复兴中路211弄9号后门"),
    ("地址：槐花巷27号大杂院，厕所公用", "槐花巷27号大杂院"),
    ("我家在 西 门 外 横 巷 8 号 ，排水不好", "西 门 外 横 巷 8 号"),
    ("我住 解放路 208号 阳光城 B区 6幢 1203 ，噪音大", "解放路 208号 阳光城 B区 6幢 1203"),
    ("住 人民街 6 号 华 联 大 厦 9 楼 B 室，电梯坏了", "人民街 6 号 华 联 大 厦 9 楼 B 室"),
    ("天河区中山大道西233号5栋801的住户说", "中山大道西233号5栋801"),
    ("家住光明小区2号楼1单元5楼右门，暖气不热", "光明小区2号楼1单元5楼右门"),
]


@pytest.mark.parametrize("text, address", WHOLE_ADDRESS)
def test_address_goes_whole(text, address):
    from citysurvey.text.clean import normalise

    out = _r(text)
    after = normalise(text).split(normalise(address))[1]
    assert "〔地址〕" + after in out, out
    assert normalise(address)[:3] not in out, out


# must-keep strings: (text, kept)
KEPT = [
    ("自来水公司 0731-84226610，周末没人接", "0731-84226610"),
    ("打到供暖公司0471-6655 2233，说明天来", "0471-6655 2233"),
    ("街道医院的慢病随访签约电话 0591-8766 1200 总占线", "0591-8766 1200"),
    ("派出所 0755-83321100 报警后没人来", "0755-83321100"),
    ("管理處電話 2388 6610 冇人聽", "2388 6610"),
    ("建议在803室门口装个灯", "803室"),
    ("1201室旁边的消防栓坏了", "1201室"),
    ("车牌 Tesla Y 20231 这个型号", "Tesla Y 20231"),  # no province's pinyin: a model's name
    ("那个村3组5号地块要征收", "那个村3组5号"),  # 那个 is no village's name
    ("江南大道中山路口堵车", "江南大道中山路口"),
    ("3号楼4楼左门口堆了垃圾", "3号楼4楼左门口"),  # a building's floor, no room: the door's front a landmark
    ("身份证号 11010519871345002X 系统说格式错误", "11010519871345002X"),  # month 13: no ID (region, date, check)
    ("订餐电话 0871-6532 118 是店里的，晚上十点后没人接", "0871-6532 118"),  # the writer says whose line it is
    ("座机 0351-7720 456 是公司的，私事别打", "0351-7720 456"),
]


@pytest.mark.parametrize("text, kept", KEPT)
def test_what_is_no_personal_datum_stays(text, kept):
    out = _r(text)
    assert kept in out, out


# near misses that still go: (text, item)
GONE = [
    ("我家座机 0731-84226610，有事打", "0731-84226610"),  # no organisation before it
    ("我的手机 13907315566 是我自己的，店里的座机别打", "13907315566"),  # the writer's own, not the shop's
    ("社区主任电话 0731-84226610", "0731-84226610"),  # a person's title
    ("住在803室门口的老人摔了", "803室"),  # a home cue before the room
    ("车牌 Chuan A 3K8P2 的车挡了消防通道", "Chuan A 3K8P2"),
    ("车牌号：Su E·6H21Q 停我车位", "Su E·6H21Q"),
    ("電話 5123 7788，搵陳生", "5123 7788"),
    ("电话 2388 6610 找我", "2388 6610"),
]


@pytest.mark.parametrize("text, item", GONE)
def test_personal_items_go(text, item):
    from citysurvey.text.clean import normalise

    out = _r(text)
    assert normalise(item) not in out, out


def test_batch_finds_what_one_text_finds():
    batch_spans_as_one(["住址：杨柳村前湾组12号", "停车难", "我家在 西 门 外 横 巷 8 号 ，排水不好",
                        "车牌 Chuan A 3K8P2", "自来水公司 0731-84226610", "我住复兴中路211弄9号后门"])
