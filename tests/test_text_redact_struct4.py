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
    ("建设路17号金桂小区的垃圾站要搬", "建设路17号金桂小区"),  # no home cue, no room: a place
    ("人民路88号3楼是个火锅店，晚上吵", "人民路88号3楼是个火锅店"),
]


@pytest.mark.parametrize("text, kept", ADDRESS_NEAR_MISSES)
def test_address_near_misses_stay(text, kept):
    assert_item_kept(text, kept)


def test_batch_path_agrees():
    batch_spans_as_one([t for t, _ in ADDRESS_WHOLE] + [t for t, _ in ADDRESS_NEAR_MISSES])
