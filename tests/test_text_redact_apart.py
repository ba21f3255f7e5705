"""Redaction, issue 13: the kinds of personal data a ninth writer used that the rules missed, each taken as a class:
names after a form's word for a person (报案人, 求助人), compound and rare surnames with a short given name, names after a
verb that takes a person and before what that person does (找…拿钥匙), minority names before a couple or kin word
(…两口子), pinyin names after a Chinese word for a person or before where they work or their e-mail; home addresses
whose parts stand apart by spaces, with a lettered zone, a dashed sub-number or a self-introduction by the door; mailboxes
written for robots to miss; a QQ number in groups; a landline after 家里; a v glued to a WeChat ID. Each kind has hard
negatives. Examples written for these tests (none taken from an evaluation set)."""
from __future__ import annotations

import pytest

from citysurvey.text.clean import normalise
from conftest import home_part, redacted as _r


GONE = [
    # a form's or a report's word for a person, a verb and 人, before the name (no colon)
    ("报警人禤丽萍说楼下有人打架", "禤丽萍"),
    ("当事人是笪国庆，他不同意", "笪国庆"),
    ("委托人宓文静已签字", "宓文静"),
    ("来访人柯美玲反映噪音", "柯美玲"),
    ("求助者亓新民腿脚不便", "亓新民"),
    ("留言人 揭晓燕", "揭晓燕"),
    ("报案人王先生，后续请联系派出所", "王先生"),  # as after 联系人: how the person signs
    # a compound surname with a one-character given name, at the end of the text too
    ("报修人欧阳泽", "欧阳泽"),
    ("登记人公冶青", "公冶青"),
    ("我邻居宗政雨天天帮忙", "宗政雨"),
    ("鲜于明说得对", "鲜于明"),
    ("找完颜亮问问", "完颜亮"),
    ("联系人纳兰雪", "纳兰雪"),
    # a surname outside the common lists after a verb that takes a person, then what the person does
    ("找禚海东拿钥匙", "禚海东"),
    ("叫笪建军修一下水管", "笪建军"),
    ("问笪文斌就知道", "笪文斌"),
    ("有事打给撖志刚", "撖志刚"),
    ("我和朴成浩是邻居", "朴成浩"),
    # a surname no list holds, after such a verb
    ("有事找缑建国", "缑建国"),
    ("麻烦问一下笮文华", "笮文华"),
    ("找郄红梅拿钥匙", "郄红梅"),
    # a minority name before a word for a couple, a family or kin
    ("古丽米拉母女每天都来跳舞", "古丽米拉"),
    ("我们楼的迪丽娜尔两口子很热心", "迪丽娜尔"),
    ("和巴图夫妇一起去的", "巴图"),
    ("我外婆次仁卓嘎一家住在这里", "次仁卓嘎"),
    # pinyin: after a Chinese word for a person, before where the person works or how they are, before an e-mail
    ("新来的快递小哥 Zhou Bin 每天送到门口", "Zhou Bin"),
    ("楼下的大姐 Xu Li 人很好", "Xu Li"),
    ("那个姑娘 Lin Na 在超市上班", "Lin Na"),
    ("Tang Bo 在社区医院上班，人挺好", "Tang Bo"),
    ("路灯坏了好久了 Song Jie songjie_88@126.com", "Song Jie"),
]


@pytest.mark.parametrize("text, name", GONE)
def test_names_of_these_kinds_go(text, name):
    out = _r(text)
    assert name not in out and "〔姓名〕" in out, out


STAY = [
    "报案人说不清楚具体时间",  # the label with no name after it
    "当事人双方协商解决",
    "委托人身份证要带原件",
    "求助人数太多了，窗口不够",
    "建议人车分流，人车混行太危险",  # a verb and its object, not a form's word (建议人)
    "登记人口的时候没人上门",  # a form's word whose 人 starts the object (人口)
    "推荐人才车间的岗位",
    "乐正在播放，声音太大",  # 乐正 is a compound surname and the end of 快乐/音乐
    "找物业拿钥匙也没人",  # a pivot verb and an organisation
    "叫外卖送上来太慢",
    "找茬建国的事别提了",  # a rare character that starts a word (找茬)
    "请勿乱扔垃圾",
    "找社区开证明要跑三趟",
    "朴素一点的装修就好",
    "敬老院太少了",
    "天上乌云一片，要下雨",
    "小区里讲究 Feng Shui 的人很多",  # pinyin terms and places stay
    "我们去 Wu Han 旅游回来路灯还没修",
    "老杨小杨父子开的修车店挺方便的",  # two people called by 老/小 and the surname
    "小王老李都说这事该管",
    "电话 13588471026 凌先生",  # a surname and a title signed after a phone
    "受访人：独居老人，姓彭，住三楼",  # who the person is, not a name
]


@pytest.mark.parametrize("text", STAY)
def test_look_alikes_stay(text):
    out = _r(text)
    kept = normalise(text).replace("13588471026", "〔电话〕")
    assert out == kept, out


ADDRESSES = [
    # the parts typed apart by spaces: district, road, estate, building, unit, room
    ("家住 雁塔区 小寨东路 紫薇花园 6栋 1单元 1202", "雁塔区 小寨东路 紫薇花园 6栋 1单元 1202"),
    ("天河区 体育西路 天河北苑 12栋 803 楼上漏水", "天河区 体育西路 天河北苑 12栋 803"),
    ("西湖区 文三路 电子新村 7幢 2单元 302 暖气不热", "西湖区 文三路 电子新村 7幢 2单元 302"),
    # a landmark between the district and the road
    ("寄到 江北区 观音桥 建新北路 88号 3单元 5-2 就行", "江北区 观音桥 建新北路 88号 3单元 5-2"),
    # a road run into the district, then the estate apart
    ("楼道灯坏了 鼓楼区中山北路 南艺新村 15号 301", "鼓楼区中山北路 南艺新村 15号 301"),
    # a village and its group apart
    ("城关镇 胜利村 五组 12号 是我家", "城关镇 胜利村 五组 12号"),
    # an estate's zone with a letter and a number
    ("家住观山湖区碧海花园B2区5栋2单元1801，电梯坏了", "观山湖区碧海花园B2区5栋2单元1801"),
    # a door with its sub-number dashed, then building-unit-room
    ("铁西区兴华街道 北二路 56-2号 3-1-2 ，暖气不热", "铁西区兴华街道 北二路 56-2号 3-1-2"),
    # 住户： as the label of the household's address
    ("住户：西城区大栅栏福寿胡同7号 水管漏了", "西城区大栅栏福寿胡同7号"),
    # the writer says which door they are
    ("我是槐树巷15号的住户，屋顶漏雨", "槐树巷15号"),
    ("我们是柳河村二组31号的，路灯坏了", "柳河村二组31号"),
    # a home cue with an adverb in it, or with where the home is in a clause of its own before the address
    ("我家就在青年路56号，门口的树要倒了", "青年路56号"),
    ("我家也在光明街20号", "光明街20号"),
    ("我家就在菜市场旁边，南关街 33 号，晚上太吵", "南关街 33 号"),
]


@pytest.mark.parametrize("text, address", ADDRESSES)
def test_addresses_of_these_kinds_go_whole(text, address):
    out, home = _r(text), home_part(address)
    assert home not in out and "〔地址〕" in out, out
    # whole: no part of it is left before the placeholder, and the district or sub-district before it stays
    assert home.split(" ")[0][:2] not in out and address[:len(address) - len(home)] in out, out


ADDRESS_LOOK_ALIKES = [
    "我去了 朝阳区 看房子 3栋2单元 不错",  # a building without a room
    "天河区 体育西路 很堵",
    "我是中山路8号的店主，门口总堵",  # a shop's door
    "比分是3-2号称第一",
    "参加 胜利村 3组 比赛 12号 开始",
    "大家在幸福路12号集合",  # 大家在 is no home cue
    "我家在附近，中山路88号的超市太吵",  # after a clause of where, a shop's door
]


@pytest.mark.parametrize("text", ADDRESS_LOOK_ALIKES)
def test_address_look_alikes_stay(text):
    assert _r(text) == normalise(text)


def test_mailboxes_written_for_robots_go_and_offices_stay():
    assert _r("邮箱：liuwei77#sina.com（#改成@）") == "邮箱：〔邮箱〕（#改成@）"
    assert _r("发到 zhao.min(at)qq.com 就行") == "发到 〔邮箱〕 就行"
    assert _r("邮箱 li_na [at] 126 dot com") == "邮箱 〔邮箱〕"
    assert _r("话题 #城市更新# 很火") == "话题 #城市更新# 很火"
    # a government office's mailbox is published for the public
    assert _r("已经写信到区长信箱qzxx@hd.gov.cn了") == "已经写信到区长信箱qzxx@hd.gov.cn了"
    assert _r("我的邮箱 chenyu@163.com，街道邮箱 jdb@xh.gov.cn") == "我的邮箱 〔邮箱〕，街道邮箱 jdb@xh.gov.cn"


def test_numbers_of_these_kinds():
    assert _r("扣扣 627 118 904 有事联系") == "扣扣 〔QQ号〕 有事联系"
    assert _r("QQ 2461903578 一起提建议") == "QQ 〔QQ号〕 一起提建议"  # 一 after it is no digit of it
    assert _r("qq群 23456789 进群讨论") == "qq群 23456789 进群讨论"
    assert _r("白天打我手机，晚上打家里83620571") == "白天打我手机，晚上打家里〔电话〕"
    assert _r("家里3个人都住这里，面积120平") == "家里3个人都住这里，面积120平"
    # the duty numbers of the city's offices and squads stay; a number at one's 住所 goes
    assert _r("交警大队值班电话 0731-88889999 打不通") == "交警大队值班电话 0731-88889999 打不通"
    assert _r("住建局电话0731-82345678没人接") == "住建局电话0731-82345678没人接"
    assert _r("住所电话0731-82345678") == "住所电话〔电话〕"
    assert _r("局长电话0731-82345678") == "局长电话〔电话〕"
    # a WeChat ID written right after the v of 加我v
    assert _r("加我vlh_2021abc 进群") == "加我v〔微信号〕 进群"
    assert _r("加我vip会员") == "加我vip会员"
