"""Redaction, round 10: general readings of what still leaked. The address finder reads the same traditional-to-
simplified view as the name finder (clean.read_simplified); a courtyard's wing room (…号院东厢房), a row inside a road's
numbered compound (…号大院内3排5号), a lane door's gate (…巷 7 号 3 门), a room lettered after its floor (4楼C室) and a
door of a 里 after a home cue (家住福安里12号); an extension after a number, mobiles of Hong Kong, Macau and Taiwan, a
QQ number in groups; an organisation's rescue line and a published mailbox kept. Names: a child's doubled pet name after
a word for the child, a name typed apart, a word as a name set apart after a relative or before what only a person
does, a note's addressee, Latin full names after 全名 or in an English self-introduction, a name written given name
first; quoted names of groups and accounts, a dictionary word ending in a character names do not end in, and a figure
after 长成 kept. Examples written for these tests (none taken from an evaluation set)."""
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
    ("榆钱巷 9号 302 门口的灯坏了", "门口的灯"),
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


NAMES = [
    # a child's pet name, one character doubled, after a word for the child or a naming word
    ("我女儿 朵朵 下学期要转学，学校太远", "朵朵"),
    ("二宝叫豆豆（大名另说），今年三岁", "豆豆"),
    ("孙子浩浩在社区幼儿园，老师很好", "浩浩"),
    ("我闺女 欣 欣（刚满月）晚上被广场舞吵醒", "欣 欣"),
    ("我外孙女芊芊说学校食堂太贵", "芊芊"),
    # an adult's doubled given name after a child-in-law or a person's role
    ("女婿 斌斌 在外地，家里就我们老两口", "斌斌"),
    ("我们单元的楼长丽丽每天帮老人取药", "丽丽"),
    # a name whose last character is no given name's, still a name (not a thing: see _thing_word)
    ("对门的买买提大叔天天帮我们搬东西", "买买提"),
    # a name typed apart: three characters with no cue, two after a naming word or a label
    ("困难户名单： 独居 失明 蒋 丽 华 低保 请社区关注", "蒋 丽 华"),
    ("隔壁新来的叫 志 刚 ，天天半夜装修", "志 刚"),
    ("二楼业主韦 强 把楼道占了", "韦 强"),
    # a name that is also a word, set apart after a relative, or before what only a person does
    ("我丈夫 高明 在外地上班，家里就我一个", "高明"),
    ("五楼的江山自己出钱修了路灯", "江山"),
    # a given name before 阿姨 with a space
    ("上次 秀英 阿姨带大家包饺子，挺好", "秀英"),
    # a note's addressee
    ("桂兰 你说的那个坑我写上了：三号楼后面的井盖没了", "桂兰"),
    ("建军：你让我反映的停车问题我写在这了", "建军"),
    # Latin full names
    ("新来的外教叫安娜，她全名 Anna Kowalski，不会说中文", "Anna Kowalski"),
    ("Hello, my name is Robert Jenkins, I live near the north gate", "Robert Jenkins"),
    ("对门住的是 Kevin（中文名：李凯文）", "Kevin"),
    ("物业来的师傅叫 张国梁 还是 Zhang Guoqiang 记不清了", "Zhang Guoqiang"),
    # a name given name first, or in Chinese then in Latin letters
    ("我叫 安娜 Anna Wong，刚从澳门搬来", "安娜"),
    ("本人 露西 黄，住在这里三年了", "露西"),
]


@pytest.mark.parametrize("text, name", NAMES)
def test_round10_names_go(text, name):
    out = _r(text)
    assert "〔姓名〕" in out and name not in out, out


NAME_KEEP = [
    ("我儿子天天哭着不去幼儿园", "天天"),
    ("保安 慢慢 走过来，一句话不说", "慢慢"),
    ("我老公宝宝说今年不回老家", "宝宝"),
    ("上班没人带孩子，爷爷奶奶在老家", "奶奶"),
    ("保安姥姥家就在附近", "姥姥"),
    ("女儿明明知道还去", "明明"),
    ("创 建 文 明 城 市 人 人 有 责", "创 建 文 明"),
    ("建议：多装路灯", "建议"),
    ("上下班早晚高峰堵得厉害", "高峰"),
    ("村里搞了个田园综合体，没人来", "田园"),
    ("三楼的高压锅自己炸了", "高压锅"),
    ("我老公 工资 太低，交不起物业费", "工资"),
    ("小区门口的吉祥物雕塑掉漆了", "吉祥物"),
    ("社区成立了“夕阳红”合唱团，欢迎参加", "夕阳红"),
    ("街道的公众号叫“幸福里生活+”，消息很及时", "幸福里生活+"),
    ("我们楼的小孩都快长成易建联了", "易建联"),
]


@pytest.mark.parametrize("text, kept", NAME_KEEP)
def test_round10_name_look_alikes_kept(text, kept):
    assert kept in _r(text)
