"""Redaction, 2026-12-07 (fourth structured round): what may continue a home address in its clause once its road's or
its estate's door is found (address.address_rest: the estate and building after a road's door, the floor, the room and
its word, a sub-number, the words for where in the house: 平房, 后座, 亭子间, 后门楼上, 院内 东排 3 号, 内北房), and what may
stand before it (a landmark named after the road and its 旁边的, a note in brackets after the place, the gate one enters
by). Examples written for these tests (none taken from an evaluation set), each kind with near misses that must stay."""
from __future__ import annotations

import pytest

from conftest import assert_item_kept, batch_spans_as_one, redacted as _r

# (text, what the redacted text must be): the whole address goes as one 〔地址〕
ADDRESS_WHOLE = [
    # the estate and the building after a road's door, with a floor or a room
    ("我奶奶住在建设路17号金桂小区3栋4楼，腿脚不好", "我奶奶住在〔地址〕，腿脚不好"),
    ("家住和平路6号翠竹苑2幢301，楼下太吵", "家住〔地址〕，楼下太吵"),
    ("他住在解放大道40号江汉中心15楼C室", "他住在〔地址〕"),
    # the room's word after its number
    ("我的出租屋在中山路66号302房，窗户关不上", "我的出租屋在〔地址〕，窗户关不上"),
    # where in the house
    ("我们家在向阳街21号平房，冬天冷", "我们家在〔地址〕，冬天冷"),
    ("住在人民北路5号二楼前座，楼梯太窄", "住在〔地址〕，楼梯太窄"),
    ("外婆住在淮海路52号前门楼上，一个人", "外婆住在〔地址〕，一个人"),
    ("我住在延安路18号后门亭子间", "我住在〔地址〕"),
    ("家住青年路 12 号 院内 西排 5 号，路灯坏了", "家住〔地址〕，路灯坏了"),
    ("老宅在南锣鼓巷乙8号院内东房，屋顶漏水", "老宅在〔地址〕，屋顶漏水"),
    ("家住东门街 九十六号 之二 三零一", "家住〔地址〕"),
    # what stands before: a landmark named after the road, a note in brackets, the gate one enters by
    ("我家在长江路万达广场旁边的锦绣小区5栋1202", "我家在〔地址〕"),
    ("住在石门村（城中村）五巷二十号三楼，房租又涨了", "住在〔地址〕，房租又涨了"),
    ("快递老找不到：丽景小区南门进，8栋A座1503", "快递老找不到：〔地址〕"),
    ("跑腿的找不到：桂花苑西门进来左转，12栋2单元702", "跑腿的找不到：〔地址〕"),
    ("外卖送不到：枫林园东门进，第五栋 1101", "外卖送不到：〔地址〕"),
    # a lane named after its road (the south's 甫, the north's 条 and 井, a hamlet after the village), a lane house's 弄堂
    ("阿婆屋企喺海珠区南华路十八甫三号二楼", "阿婆屋企喺海珠区〔地址〕"),
    ("地址：碑林区南大街柏树林11号后院", "地址：碑林区〔地址〕"),
    ("老宅在西四北六条19号院里，漏雨", "老宅在〔地址〕里，漏雨"),
    ("我家地址：石桥村 下坪 17号", "我家地址：〔地址〕"),
    ("外公住在永乐里弄堂5号灶披间", "外公住在〔地址〕"),
    # an estate's building and floor, the room after a comma
    ("我们住枫叶小区八栋五楼，503，电梯坏了", "我们住〔地址〕，电梯坏了"),
]


@pytest.mark.parametrize("text, out", ADDRESS_WHOLE)
def test_address_taken_whole(text, out):
    assert _r(text) == out


# near misses: what follows or precedes a home address that is no part of it, and public places
ADDRESS_NEAR_MISSES = [
    ("家住长江路8号，楼下的平房是个仓库", "楼下的平房是个仓库"),  # after a comma: a new clause
    ("住在长江路8号的居民都说后门楼上那家在装修", "后门楼上那家在装修"),
    ("家住幸福街3号3楼，一楼是药店", "一楼是药店"),  # a floor after a floor: another storey
    ("我家在金马小区14栋102，一楼潮湿", "一楼潮湿"),
    ("中山路66号是社区医院，302房是化验室", "中山路66号是社区医院"),
    ("万达广场旁边的停车场太贵了", "万达广场旁边的停车场"),  # a landmark with no home after it
    ("长江路万达广场旁边新开了一家超市", "长江路万达广场旁边"),
    ("石门村（城中村）的路灯都不亮", "石门村（城中村）的路灯"),
    ("丽景小区南门进出的车太多了", "丽景小区南门进出的车"),
    ("桂花苑西门进来左转，就是垃圾站", "桂花苑西门进来左转，就是垃圾站"),
    ("枫林园东门进，第五栋门口积水", "枫林园东门进，第五栋门口积水"),
    ("建设路17号金桂小区的垃圾站要搬", "建设路17号金桂小区"),  # no home cue, no room: a place
    ("人民路88号3楼是个火锅店，晚上吵", "人民路88号3楼是个火锅店"),
    ("家住人民路口腔医院3号楼", "人民路口腔医院3号楼"),  # a building, no room
    ("住在南华路十八甫一带的老人多", "南华路十八甫一带"),  # no door
    ("住枫叶小区八栋五楼，2023年装的电梯", "2023年装的电梯"),
]


@pytest.mark.parametrize("text, kept", ADDRESS_NEAR_MISSES)
def test_address_near_misses_stay(text, kept):
    assert_item_kept(text, kept)


def test_batch_path_agrees():
    batch_spans_as_one([t for t, _ in ADDRESS_WHOLE] + [t for t, _ in ADDRESS_NEAR_MISSES])


# phones in unusual groupings: separators between a mobile's groups, the trunk's 0 in brackets, a bracketed area code
# with the local number in any grouping, a Hong Kong or Macau mobile named after it
PHONES_GONE = [
    ("有事联系我：一五九，三七二八，零四六一", "一五九，三七二八，零四六一"),
    ("手机号 159/3728/0461，白天打", "159/3728/0461"),
    ("我手机 159.3728.0461", "159.3728.0461"),
    ("电话：1593 7280 461，找我", "1593 7280 461"),
    ("Tel: (0)755-2613 4478 evenings", "(0)755-2613 4478"),
    ("家里电话 +86 (0)10 6521 3387", "+86 (0)10 6521 3387"),
    ("联系电话（0731）845-6612", "（0731）845-6612"),
    ("有事打 5123 8890（澳门手机）", "5123 8890"),
    ("WhatsApp me: 9345 1276 (HK mobile)", "9345 1276"),
    ("家里电话 0731.8452.6617", "0731.8452.6617"),  # the area code and the local number apart by dots or slashes
    ("座机：010/6532 1178", "010/6532 1178"),
]


@pytest.mark.parametrize("text, item", PHONES_GONE)
def test_phones_in_other_groupings_go(text, item):
    out = _r(text)
    assert "〔电话〕" in out and item not in out, out


PHONES_KEPT = [
    ("1593，7280，461 这几个数是抽奖号", "1593，7280，461"),  # no phone or contact word before it
    ("面积 135*66*18 平方，价格 1873 元", "135*66*18"),
    ("物业电话（0571）8765 4321，没人接", "（0571）8765 4321"),  # an organisation's line
    ("施工单位联系电话 (0)532-8571 9036", "(0)532-8571 9036"),
    ("工单号 1593-7280-4611-22，还没处理", "1593-7280-4611-22"),
    ("5123 8890 这个数字是彩票号", "5123 8890"),  # eight digits with no place named after them
    ("公交 138、276、440 路都经过", "138、276、440"),
    ("2019 年到 2023 年，涨了 1380 元", "2019 年到 2023 年"),
    ("固件版本 0731.8452.6617 更新后门禁好了", "0731.8452.6617"),  # no phone's word before it
    ("物业电话 0731.8452.6617 没人接", "0731.8452.6617"),  # an organisation's line
]


@pytest.mark.parametrize("text, kept", PHONES_KEPT)
def test_phone_near_misses_stay(text, kept):
    assert_item_kept(text, kept)


def test_batch_path_agrees_on_phones():
    batch_spans_as_one([t for t, _ in PHONES_GONE] + [t for t, _ in PHONES_KEPT])


# false redactions: a party to the works named by its role owns its line (施工方, 承建方, 监理单位 …: landlines stay; a
# person named before the number, or a mobile, goes); a compound's door and a building with no floor or room after a
# home cue stay (a building holds many households)
KEPT_ORGANISATIONS_AND_BUILDINGS = [
    ("外墙保温做完就开裂，施工方电话 0756-2281 9034 一直占线", "0756-2281 9034"),
    ("承建方联系电话：（0756）2281 9034", "（0756）2281 9034"),
    ("监理单位 0756-22819034 没人接", "0756-22819034"),
    ("我们几户都住建设路12号院7号楼，同意加装电梯", "建设路12号院7号楼"),
    ("家住人民路8号3栋2单元，电梯坏了三天", "人民路8号3栋2单元"),
    # public facilities' addresses, years, prices, counts, bus routes and work-order numbers
    ("社区卫生服务中心在建设路12号院7号楼三楼，周末不开", "建设路12号院7号楼三楼"),
    ("2023年到2024年物业费从1.8元涨到2.6元", "2023年到2024年"),
    ("12路、35路、k108路公交都不停这站了", "12路、35路、k108路"),
    ("工单号 GD-2024-118230，报修三次了", "GD-2024-118230"),
    ("我们楼 6 层 24 户，只有 3 户同意", "6 层 24 户"),
]


@pytest.mark.parametrize("text, kept", KEPT_ORGANISATIONS_AND_BUILDINGS)
def test_organisations_and_buildings_stay(text, kept):
    assert_item_kept(text, kept)


GONE_NEAR_ORGANISATIONS = [
    ("施工方的王经理电话 0756-2281 9034", "0756-2281 9034"),  # a person named: his line
    ("施工方答应赔，我的电话 0756-2281 9034", "0756-2281 9034"),  # a new clause: the writer's own
    ("施工方负责人手机 13925670418", "13925670418"),  # a mobile goes whatever the label
    ("家住建设路12号院7号楼502，漏水", "建设路12号院7号楼502"),  # with a room: one household
]


@pytest.mark.parametrize("text, item", GONE_NEAR_ORGANISATIONS)
def test_persons_near_organisations_go(text, item):
    out = _r(text)
    assert item not in out and "〔" in out, out


def test_batch_path_agrees_on_organisations():
    batch_spans_as_one([t for t, _ in KEPT_ORGANISATIONS_AND_BUILDINGS] + [t for t, _ in GONE_NEAR_ORGANISATIONS])


# English and mixed: the road's door first and the room after a comma, a building and a room written with #, a French
# room word, a room among the parts, an English home cue before a Chinese address; a household's head with the door in
# brackets after the name, the road's mouth before the door; a lane of a 里 after where it is (河边的…)
ADDRESS_MIXED = [
    ("My uncle lives at 42 Jinling Road, Flat 6. Please check the lift", "42 Jinling Road, Flat 6"),
    ("住在 Tower 3 #2207 Sunshine Garden，空调外机漏水", "Tower 3 #2207 Sunshine Garden"),
    ("j'habite appartement 1802, 66 Huaihai Road", "appartement 1802"),
    ("Blk 2, Unit 5, Rm 803, Lakeside Court — water leaking", "Unit 5, Rm 803, Lakeside Court"),
    ("my father lives alone at 长乐路永康里18号， please visit", "长乐路永康里18号"),
    ("住户：石大根（东街口二十一号）", "东街口二十一号"),
    ("我家就在桥头的安乐里6号，路灯坏了", "安乐里6号"),
    ("I live at 5-1-702 Maple Court, the heating is off", "5-1-702 Maple Court"),  # the estate's English name after the door
]


@pytest.mark.parametrize("text, item", ADDRESS_MIXED)
def test_mixed_addresses_go(text, item):
    out = _r(text)
    assert item not in out and "〔地址〕" in out, out


ADDRESS_MIXED_KEPT = [
    ("Bus 42 stops at Jinling Road, then walk", "Bus 42 stops at Jinling Road"),
    ("Tower 3 has 30 floors and ticket #2207 was closed", "ticket #2207"),
    ("she lives in 上海 for ten years", "上海"),
    ("住户 5 户同意，东街口二十一号的小卖部也同意", "东街口二十一号的小卖部"),
    ("桥头的安乐里有个菜市场", "桥头的安乐里"),
    ("住在5栋702 The heating is off", "The heating is off"),
]


@pytest.mark.parametrize("text, kept", ADDRESS_MIXED_KEPT)
def test_mixed_near_misses_stay(text, kept):
    assert_item_kept(text, kept)


def test_batch_path_agrees_on_mixed():
    batch_spans_as_one([t for t, _ in ADDRESS_MIXED] + [t for t, _ in ADDRESS_MIXED_KEPT])


# the tail read in simplified characters (…號 後座, …樓 C室), a plate with a space after the province's character, the
# door after 我家门口
OTHER_GONE = [
    ("我住喺油麻地上海街120號富華大廈9樓C室", "富華大廈9樓C室"),
    ("屋企喺深水埗福榮街55號三樓後座，冇電梯", "三樓後座"),
    ("我的车 苏 E·7K2M9 被人刮了", "苏 E·7K2M9"),
    ("就在我家门口 柳荫街12号 路灯不亮", "柳荫街12号"),
]


@pytest.mark.parametrize("text, item", OTHER_GONE)
def test_other_forms_go(text, item):
    out = _r(text)
    assert item not in out and "〔" in out, out


OTHER_KEPT = [
    ("我家门口是菜市场，柳荫街12号那家", "我家门口是菜市场"),
    ("苏 E 级的车位不够，还差 12345 个", "苏 E 级"),
    ("富華大廈9樓是個補習社", "富華大廈9樓是個補習社"),
]


@pytest.mark.parametrize("text, kept", OTHER_KEPT)
def test_other_near_misses_stay(text, kept):
    assert_item_kept(text, kept)


def test_batch_path_agrees_on_other_forms():
    batch_spans_as_one([t for t, _ in OTHER_GONE] + [t for t, _ in OTHER_KEPT])


# a note in brackets between the door and the household part, a rear building's floor and the side on it; a contact's
# word in Cantonese or a messenger before an eight-digit number; a facility's address after its label; a count of
# buildings and households
def test_note_between_parts_and_rear_building():
    assert _r("住址：长青路6号（原供销社院内）2栋301，水管爆了") == "住址：〔地址〕，水管爆了"
    assert _r("我住在建国路27号后楼三层西头那间") == "我住在〔地址〕"
    assert_item_kept("长青路6号（原供销社）是个超市", "长青路6号（原供销社）是个超市")


@pytest.mark.parametrize("text", ["WhatsApp: 6213 5508", "聯絡：6213 5508 陳太"])
def test_number_after_messenger_or_contact_word_goes(text):
    assert "6213 5508" not in _r(text)


@pytest.mark.parametrize("text, kept", [
    ("社区服务中心地址：胜利路16号2楼，周末有活动", "胜利路16号2楼"),
    ("我们小区一共15栋920户，只有一个出口", "15栋920户"),
    ("这片有 4 栋 160 户还没装电梯", "4 栋 160 户"),
])
def test_facility_address_and_counts_stay(text, kept):
    assert_item_kept(text, kept)


def test_batch_path_agrees_on_notes_and_counts():
    batch_spans_as_one(["住址：长青路6号（原供销社院内）2栋301，水管爆了", "我住在建国路27号后楼三层西头那间",
                        "WhatsApp: 6213 5508", "社区服务中心地址：胜利路16号2楼，周末有活动", "我们小区一共15栋920户，只有一个出口"])
