"""Redaction, issue 13: forms a new writer uses that the surname rules cannot read: Tibetan, Mongolian and Uyghur
names written without the middle dot, names that are ordinary words with a person cue near, and home addresses in
lanes, rows, courtyards and dormitories. Examples written for these tests (none taken from an evaluation set)."""
from __future__ import annotations

import pytest

from citysurvey.text.clean import normalise
from conftest import redacted as _r


MINORITY_NAMES = [
    ("扎西多吉说路灯坏了好几天了", "扎西多吉"),  # clause start, before 说
    ("我邻居格桑卓玛反映过好几次垃圾没人收", "格桑卓玛"),  # after a word for a person
    ("反映人次旦平措，小区门口太乱", "次旦平措"),  # after a contact label
    ("联系人：阿迪力江，楼道灯不亮", "阿迪力江"),  # 江 after a Uyghur name
    ("其其格家的孩子没地方上幼儿园", "其其格"),  # before 家
    ("我妈妈斯琴高娃说菜市场太远", "斯琴高娃"),  # after a relative
    ("巴图反映：公交站太远", "巴图"),  # one element before 反映
    ("麦麦提艾力师傅修车很热心", "麦麦提艾力"),  # before a title
    ("帕提古丽建议多建几个公厕", "帕提古丽"),
    ("社区主任达瓦卓玛人很好", "达瓦卓玛"),
    ("我是库尔班江，希望多修几个停车场", "库尔班江"),  # self-introduction
    ("网格员那仁图雅很负责", "那仁图雅"),
    ("迪丽·阿不都拉说楼道太黑", "阿不都拉"),  # dotted, the second part with 都 in it
    ("联系人：阿依古丽・买买提", "阿依古丽"),  # a katakana middle dot
    ("联系人：热依拉‧吐尔逊", "热依拉"),
    ("反映人 扎西 多吉，路灯坏了", "多吉"),  # a space between the parts
    ("阿依古丽-买买提说楼道太黑", "买买提"),  # a hyphen
    ("隔壁的买买提大叔天天帮我们", "买买提"),  # a kin word after
    ("央金阿妈说菜市场太远", "央金"),
    ("古丽娜尔说菜市场太远", "古丽娜尔"),  # Kazakh elements
    ("我邻居阿斯卡尔天天帮忙", "阿斯卡尔"),
    ("感谢次仁旺堆帮我们修好了路灯", "次仁旺堆"),  # after a verb that takes a person
    ("找央金老师反映过", "央金"),
    ("我和特木尔都觉得停车太难", "特木尔"),
    ("楼下的格日勒天天遛狗不牵绳", "格日勒"),  # after 的, three characters
    ("我们楼的多吉次仁总在楼道抽烟", "多吉次仁"),
]


NAME_ELEMENTS_IN_WORDS = [
    "乌兰察布的风沙很大",  # a place that starts with a name element
    "去乌兰浩特出差，回来发现楼道灯还没修",
    "尼玛的物业又涨价了",  # an element that is also slang, with nothing said of a person
    "扎西德勒，祝大家新年快乐",  # a greeting
    "格桑花开得很漂亮，希望小区多种点",
    "喜欢唱卓玛这首歌的大妈天天在广场跳舞",
    "额尔敦大街修路堵死了",  # a road named so
    "今天乌云很多，怕又要内涝",
    "感谢格桑花志愿服务队",
    "问问乌兰察布的朋友",
    "和巴音大街的商户聊过",
    "天上的乌云都散了",
    "乌云啦，要下雨了",
]


LANE_ROW_AND_DORMITORY_ADDRESSES = [
    ("我住在黄岗村6巷12号二楼，下水道堵了", "黄岗村6巷12号二楼"),  # a numbered lane in a village
    ("租的房子在石碑坊12巷3号四楼，房东不管", "石碑坊12巷3号四楼"),
    ("家在铁路新村3排8号，门口的路全是坑", "铁路新村3排8号"),  # a row in an estate
    ("家在农机站大院4排6号，下水管坏了", "农机站大院4排6号"),  # a row in a compound
    ("家在石门坎村3排11号 2楼", "石门坎村3排11号 2楼"),
    ("住在和平街 8 号院 3 排 2 号", "和平街 8 号院 3 排 2 号"),  # spaces between the parts
    ("我家住在桃源里 5栋 2单元 301，楼下天天有人烧烤", "桃源里 5栋 2单元 301"),
    ("我住机械厂宿舍5栋302，暖气不热", "机械厂宿舍5栋302"),  # a dormitory
    ("家住北新桥三条胡同21号院，下雨就进水", "北新桥三条胡同21号院"),  # a hutong
    ("我家在红旗路27号 2-3-1，电梯坏了", "红旗路27号 2-3-1"),  # a dashed door after the street number
    ("望城区锦绣家园6栋1101楼上天天装修，吵死了", "锦绣家园6栋1101"),  # a room before 楼上 (望城区, a district, stays)
    ("我家在青羊区都安街社区8栋1单元302", "青羊区都安街社区8栋1单元302"),  # a road whose name starts with 都
]


ROWS_AND_LANES_WITHOUT_A_HOUSE = [
    "小区3排5号车位被人占了",  # a parking space in a row
    "电影院3排5号的座位坏了",  # a seat
    "新村3排5号座位",
    "光明新村2排的路灯坏了",  # a row without a house
    "城中村6巷口的垃圾没人收",
    "第3排的路灯不亮",
    "学校宿舍3栋没热水",  # a building without a room
    "我们都去街上买菜",  # 都 before a road word, not in a name
    "大家都在路12号那里等车",
]


WORD_LIKE_NAMES = [
    ("社区办事员田园态度很好", "田园"),  # a task's title before, how someone serves after
    ("我是广场舞爱好者向阳", "向阳"),  # a self-description before
    ("我是摄影爱好者白云，建议多建公园", "白云"),
    ("我们单元马力家孩子天天哭", "马力"),  # a neighbour named from the building, a household's member after
    ("我们楼丁香家老人摔了", "丁香"),
    ("请联系我江山 13907314567", "江山"),  # a request to be contacted, a mobile number after
    ("网格员高山天天在岗", "高山"),  # right after a title, before what a person does by habit
    ("楼长金星说下周修", "金星"),
    ("我同事高原的车被刮了", "高原"),
    ("希望尽快解决，谢谢！白云", "白云"),  # a signature after the end of a sentence
    ("建议多建公厕。 方圆", "方圆"),
    ("——温馨", "温馨"),
    ("我是在这住了二十年的老住户高山", "高山"),  # 我是 and a description of oneself, then the name
    ("我是三楼的方圆，楼道灯坏了", "方圆"),
    ("我是快递小哥金星，小区不让进", "金星"),
]


WORDS_NEAR_PERSON_CUES = [
    "我们楼电梯天天坏",
    "隔壁商场态度很好",  # a shop serves too
    "物业态度很差",
    "服务态度很好",
    "我们楼大家孩子都在这上学",
    "隔壁国家孩子的教育很好",
    "我们单元门口全是车",
    "网格员高度负责",  # an adverb after a title
    "我妈白天都不在家",  # a time word after a relative
    "我是江山边长大的",
    "我是江南人很喜欢这里",
    "厕所太脏了。卫生",  # an adjective ends the answer
    "希望越来越好！加油",
    "这个问题很严重。安全",
    "这边太远了。马路",  # a word of place
    "太堵了——交通",
    "我是三楼的住户，楼道灯坏了",  # a word for a person after the description
    "我是楼上的高中生",
    "我是附近的白领",
    "我是这里的常客，吃得不错",
    "我是外地的，不太清楚",
    "投诉单号 18620260207 没人跟进",  # a number's label before a number
]


CALLED_AND_COMPOUND_NAMES = [
    ("叫我钱多多就行，门口的垃圾桶该换了", "钱多多"),  # what to call the writer
    ("叫我林风就好", "林风"),
    ("东方晓建议：路灯太暗", "东方晓"),  # an everyday compound surname as a clause's subject
    ("西门雪反映楼道堵了", "西门雪"),
    ("高原（我真名就叫这个）建议多修公园", "高原"),  # a remark that it is the real name
    ("杜鹃(本名)反映路灯不亮", "杜鹃"),
]


CALLS_AND_COMPOUNDS_NAMING_NOBODY = [
    "物业叫我马上走就行",
    "叫我王师傅就行",  # a surname and a title name nobody
    "叫我明天来就行",
    "东方建议多种树",
    "西门口反映过很多次",
    "第五条建议很好",
    "东方红广场建议多装灯",
    "长江（不是真名）很美",
    "公园（真名叫人民公园）",
]


SPACED_AND_BRACKETED_ADDRESSES = [
    ("我住 棉纺厂 宿舍 3 栋 201", "棉纺厂 宿舍 3 栋 201"),  # a space before the place's word
    ("家住 东关 胡同 12 号", "东关 胡同 12 号"),
    ("我家在 和平 巷 6 号 2 楼", "和平 巷 6 号 2 楼"),
    ("地址：桂花 里 5 栋 301 室", "桂花 里 5 栋 301 室"),
    ("我家是东风路17号（1-3-2）", "东风路17号（1-3-2）"),  # a dashed door in brackets after the street number
    ("在柿子巷21号我家门口，井盖坏了", "柿子巷21号"),  # the household named after the door
    ("给安平里副9号的住户换个下水管吧", "安平里副9号"),
    ("长乐街8号那户天天烧垃圾", "长乐街8号"),
    ("家住中山路15-1-5-1", "中山路15-1-5-1"),  # door, building, unit and room all dashed
    ("家住化肥厂宿舍区5排3号", "化肥厂宿舍区5排3号"),  # a row in a dormitory quarter
    ("家在粮食局大院5号", "粮食局大院5号"),  # a house in a compound
    ("我家在帽儿胡同甲12号", "帽儿胡同甲12号"),  # a hutong door with 甲
    ("住在南锣 胡同 甲 3 号", "南锣 胡同 甲 3 号"),
    ("家住胜利街附5号", "胜利街附5号"),  # a side door after a home cue
    ("我家在中山路15号楼1-501", "中山路15号楼1-501"),  # a building's unit and room dashed
    ("我家在 长乐街 副 8 号", "长乐街 副 8 号"),
]


SPACED_PLACES_AND_CODES = [
    "我们 小区 3栋 门口的灯坏了",
    "坐 12 路 公交 要等半小时",
    "公园 里 3 个厕所都是坏的",
    "东关 胡同 口的垃圾没人收",
    "老城 街 2 号是街道办",  # a road and number without a home cue
    "节目（1-3-2）很好看",
    "解放路12号的商户",
    "幸福路6号的住户都反映过",  # the residents of a building
    "粮食局大院5号楼门口的灯坏了",
    "纺织厂宿舍区的路太烂",
    "甲方说下周来修",
    "中山路15-1号是超市",
    "帽儿胡同甲12号是个饭馆",  # a door without a home cue
    "胜利街附5号是个菜市场",
    "3号楼1-100号车位",
    "5栋10-1000元的房租",
    "3号楼12-2023年维修过",
]


@pytest.mark.parametrize("text, name", MINORITY_NAMES + WORD_LIKE_NAMES + CALLED_AND_COMPOUND_NAMES)
def test_names_are_redacted(text, name):
    out = _r(text)
    assert name not in out and "〔姓名〕" in out, out


@pytest.mark.parametrize("text, address", LANE_ROW_AND_DORMITORY_ADDRESSES + SPACED_AND_BRACKETED_ADDRESSES)
def test_addresses_go_whole(text, address):
    out = _r(text)
    assert out == normalise(text).replace(address, "〔地址〕"), out


@pytest.mark.parametrize("text", NAME_ELEMENTS_IN_WORDS + WORDS_NEAR_PERSON_CUES + CALLS_AND_COMPOUNDS_NAMING_NOBODY
                         + ROWS_AND_LANES_WITHOUT_A_HOUSE + SPACED_PLACES_AND_CODES)
def test_words_places_and_numbers_stay(text):
    assert _r(text) == normalise(text)
