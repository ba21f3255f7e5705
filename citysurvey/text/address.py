"""Home addresses in open answers, as residents write them, found whole: from the road or the estate to the room.

What goes (one 〔地址〕 for the whole address, whatever follows it):

- a building with a room, and everything before it back to the road or estate: 幸福路88号阳光小区3栋2单元501室,
  麓谷小镇3期B7栋2103, 和平里东街15号院4号楼2门302, 兴业花园二期13栋一单元六楼二号, 枫林绿洲11-2-602;
- a door number with a sub-number (长江路102号附5号, 红星路三段1号附2号5楼), or with a door written dashed after it
  (新华路219号11-3号, 成都道88号3-2-101, 12号 2-5-2: building, unit, room), a short dashed door after a named estate
  or a home cue (阳光小区2-3-1, 家住…5-2-2号), or in a village group
  (东风村三组47号, 幸福村九组二十一号): one household each;
- after a home cue (家住, 我家在, 住址, 门牌号…), a road with its door number (家庭住址：桂花巷7号) and a
  building with unit and floor (我家在万科城三期十一栋一单元二十二楼);
- a room right after a tower's or an apartment block's name (金都大厦1809, 阳光公寓 612室), with the road before it;
- the labelled form of registration sheets: 小区：碧水蓝天；楼栋：6；单元：2；房号：1903;
- the forms new writers used: 之一 after the door (美仁新村38号之一401), an added building (189号增2号楼306), a stem for
  the unit (4幢乙单元1402, 12-乙-302), a tower's floor then its room (大厦11层1105), an urban village's door and room
  (大冲二坊13号601), a lane house's 亭子间, a landmark phrase inside the address (…交口东北角的…, 23幢旁边102室), and an
  address typed in pinyin with its room (jin hua lu 66 nong 3 hao 201, see :func:`pinyin_addresses`);
- a door on a lane with no room and no home cue (书店街柴家巷16号, 砖塔胡同41号: lanes hold houses), unless a shop, an
  office or a landmark word follows it; a gate and a room in a 里 (福安里3门402); a building numbered by 楼 and its room
  after an estate's zone (万柳东园二区205楼1103); the flat's door on its floor (4楼西门);
- a lane house's room behind its back or front door (…553弄7号后门亭子间), a courtyard's gate and room (…二十号院一门六〇一),
  an address written in English with its room first (Unit 2-1803, Riverside Garden, 66 Binjiang Rd; see
  :func:`english_addresses`), or its building first (Building 6, Room 1502, Lanting Garden), an estate's English name
  before a dashed door (Vanke Park 3-2-801), and one written in traditional characters (越秀區…三橫路11號: 區, 號, 樓 …
  are read as their simplified forms);
- the door's descriptor after the room, house or floor, "whatever follows" (see :func:`door_tail`): a side and the room
  there (光明巷3号院东屋, …3楼西头那间, …二楼右边那间), the hand of the door (…五楼左手), a room's letter in a split flat
  (…601房C间), a row and a house in a courtyard (…14号院后排2号), the household counted along the floor (…一层东头第三户);
- a road's door after a household's head signing (户主 张三，城墙根街22号), and a home cue's address after the home's
  place relative to what the answer speaks of (我住对面 荔湾路43号二楼).
- a door in a village group named rather than numbered, after the village or the road (大坪村后山组6号, 苗岭路新寨组21号),
  the door after the group, a comma and its label (花溪村5组，门牌17号), a lane house's stem after its number
  (…1518弄3号甲1201) and its back or front door alone (…372弄15号后门), the courtyard after a door (红旗巷19号大杂院), the
  hand of the flat's door on its floor (…3单元4楼左门),
  and an address typed a character at a time (东 街 口 南 巷 3 号: see :data:`_ADDRESS_SPACE`) or with its parts apart
  (北京路 1066号 世纪城 D区 9幢 1801).
- the floor of a door that has none (…72号地下室, …号 底楼, …附三号 五楼, 阁楼) and the side on it after (…五楼 右边那户): one
  grammar of the door's tail (:func:`door_tail`), taken after a space too when the address is written with its parts
  apart; a village's team and door apart by spaces (东风村 三队 27号), an estate's zone letter apart (阳光花园 B 区 2-1-3);
  the place words of the south after a home cue (龙头社5号之一, 港仔尾21号, …厝, …埕, …寮).
- in English, a building and its room with nothing after them (Jinxiu Apartment Tower 2 Room 905), the estate's name
  before the building with them: a household, as 3栋502 is.
- a lane quarter's door (五福里4号, 多宝坊9号: a 里 or a 坊 of the old towns holds houses as a lane does; not a place's
  inside, 园里, 店里, nor a door a shop is said to be at, 店在…巷7号), a crossing named by its roads before the estate or
  the lane (民族大道 长湖路口 …), the sub-number apart (12号 之3), the flat's side in one character after its floor
  (…4楼左), a zone's number and the building's stem (…11区甲7号楼2门303), the ground floor of the south and Hong Kong
  (…12號地下) and a flat's letter after its floor (…二座十六楼C); in pinyin a road's door and floor after a home cue's
  words (wo jia zhu zai xin hua lu 45 hao 3 lou), in English an estate's name after a short dashed door and its road
  after that (3-1202 Lakeview Court, Binhu Road).

Roads end in 路, 街, 大道 (with its part: 江南大道中), 大街, 巷, 弄, 胡同 or 道 (鞍山西道; never 街道, a sub-district), with a
section (四段, 北段).
The patterns read an address from the district, the sub-district (街道), the road, the village or the estate written
next to it (no word between them) to the room: up to three levels (省, 市, 区, 县), a town or a sub-district (镇, 乡,
街道), any of them apart by a space (宁乡县花明楼镇炭子冲村5组12号, 开福区四方坪街道 福城小区8栋603). What goes is
the part from the road, village or estate on; the administrative run before it stays (decision, see
:func:`admin_lead`: many households share it and the survey records it anyway). Until 2026-12-07 it went with the
address; blind sets 17-21 all kept it, and sets 1-16 (which labelled it inside the span) are scored from the road on.

What stays: a building, or a building and unit, without a room (3号楼, 5栋2单元, 杉木塘小区4栋): a building holds
many households and residents name it to locate a problem. A road and door number without a home cue
(东湖路188号是街道办, 光明路98号设个公交站) is a place, not a home; so is a door after a home cue that the next words
call a public place's (我家楼下门牌是人民路45号，是个菜市场; 地址：粮站巷5号门面). Decision on organisations: an address given as
a company's, an office's or a shop's (物业公司地址：东二环路166号, 单位地址, 门店地址) stays, since it points to the
organisation and not to a household; a room in an office tower (东方广场B座1703) goes all the same, because
nothing in the text tells an office room from a flat.
"""
from __future__ import annotations

import re

from .clean import back, finditer_on, lines_holding, read_simplified, spans_in_text, without_spans

# Characters of a place name: no digit, punctuation or function word (住在 and 我家 stay outside the address, and so do
# the Cantonese 喺, 係 (系 as read simplified) and 嘅: 我住喺…, 屋企係…;
# 和 stays in: 和平里, 中和大道; 家 only in 家园, 家属院, 世家, 人家; 向 only in 向阳; 都 before an estate word or a
# road with its number: 金都大厦, 成都道88号, or first in a road's name before its community or number: 都安街社区; or
# ending a district's name before its town or sub-district: 郫都区团结镇…); 那 only first in a road's name before its
# door number (那坡路5号: a Zhuang place name).
NAME_CHAR = r"(?:[^\W\d_我你他她们的了在住是家喺係系嘅与及到从往有就都也还说请把被让给对向这那个，。、；：！？“”\s]|那(?=[^\W\d_]{1,2}(?:路|街|大道|大街|巷)\d|[^\W\d_个些边里样么]{1,2}[村屯寨])|家(?=园|属院|属楼|属区|胡同|[庄村湾坪营寨屯坝岭沟洼集堡嘴坡冲塘岗畈埠圩巷窑铺地山])|家(?<=[世人]家)|向(?=阳)|都(?=大厦|花园|小区|公寓|名|城|苑|府|广场|新|会|大街|大道|[路道街][\d一二三四五六七八九十东西南北中]|[^\W\d_][路街巷](?:社区|\d)|区[^\W\d_]{1,6}?[镇乡街]))"
NUM = r"(?:\d{1,5}|[一二三四五六七八九十百零〇两]{1,4})"
# road words: 道 alone is a road in Tianjin and elsewhere (鞍山西道), never after 街 (长安街道 is a sub-district); a
# road in sections (一段, 北段)
_ROAD_WORD = r"(?:路|街|大道(?:[东西南北中](?![^\W\d_]))?|大街|巷|弄|胡同|(?<![街知味通楼车航轨赛频管渠坡隧栈])道)"
_SECTION = rf"(?:{NUM}|[东西南北中])段"
_SEP = r"[- ]?"
_ROAD = (rf"{NAME_CHAR}{{1,10}}?{_ROAD_WORD}(?:{_SECTION})?{NUM}号(?:院|大院)?")
# a sub-number after a door number: 附5号, 之2, -3号, and a door written dashed after it (219号11-3号, 21号2-3-1,
# 12号 2-5-2, 17号（1-3-2）): building, unit and room of one household
_SUB = rf"(?:附{NUM}号|之{NUM}号?|-{NUM}号|[（(]\d{{1,3}}(?:-\d{{1,4}}){{1,2}}[）)]|[- ]?\d{{1,3}}(?:-\d{{1,4}}){{1,2}}(?:号|室|户)?(?![\d-]|[年月日元块米分秒天个人辆次%平万千斤度岁路条栋层楼幢座]|号[楼院栋线]))"
_VILLAGE = rf"{NAME_CHAR}{{1,8}}?(?:村|屯|寨)(?:{NUM}(?:组|队|社))?{NUM}号(?![楼院栋])"
# (an estate's phase or zone: 二期, B区, 东区, R1区, 3区)
_ZONE = rf"(?:{NUM}期|[A-Z]?\d{{1,2}}区|[A-Z]区|[东西南北]区|{NUM}片)"
_ESTATE = rf"{NAME_CHAR}{{2,12}}?{_ZONE}?"
# a building (its stem before the number too: 甲7号楼); 311楼 is one only when a unit or a door follows (311楼1门1206), else 6楼 is a floor
_BUILDING = rf"(?:(?:[A-Z甲乙丙丁]?{NUM}|[A-Z])(?:栋|幢|号楼|座|#楼?)(?:[A-Z](?:座|栋))?|公寓楼|\d{{1,4}}楼(?=[- ]?{NUM}(?:单元|门)))"
_UNIT = rf"(?:{NUM}(?:单元|门)|[东西南北中甲乙丙丁A-Z]单元)"
_FLOOR = rf"{NUM}(?:楼|层)"
# a room: 502室, 1501 室, 502, 五零三 (read digit by digit), 东户, 18C, floor-room as 5-2 and unit-room as 1-501
_ROOM = (rf"(?:{NUM} ?(?:室|号房|房|号(?![楼院栋幢])|户)|(?:(?<=[楼层])|(?<=[楼层] ))[A-Z] ?室|亭子间|灶披间|[前后东西]厢房|[A-Z]?\d{{3,4}}(?![\d号栋层米元年月日个户人期]|楼(?![上下]))|[一二三四五六七八九零〇]{{3,4}}(?![一二三四五六七八九十零〇楼栋层号])"
         # a floor and a flat's letter (18C, 7A: the Hong Kong and Shenzhen way; not 5G, 3D, 4K, which name no flat)
         rf"|\d{{1,2}}[ABCEFH](?![A-Za-z\d])"
         # (a flat's letter after its floor in words or apart: 十六楼C, 二座十六楼C)
         # (座 after the letter as Hong Kong writes a flat: 5楼A座)
         rf"|(?<=[楼层])[A-H]座?(?![A-Za-z\d])"
         # the household counted along the floor, from one end or not (一层东头第三户, 3楼第2户, 五楼左手第一间)
         rf"|(?:[东西南北](?:头|边)|[左右](?:手|边))?的?第{NUM}(?:户|间)"
         rf"|[东西南北中]边?那?户(?:{_SEP}{NUM}(?:楼|层)(?![\d一二三四五六七八九十]))?|(?:(?<=\d楼)|(?<=\d层))[东西南北中左右]门(?![口外前])|\d{{1,2}}-\d{{1,2}}(?![\d-])|\d{{1,2}}-\d{{3,4}}(?![\d号元年月日个人期米平万千块辆%-]))")
_DASHED = r"[A-Z]?\d{1,3}-(?:\d{1,2}|[甲乙丙丁A-Z])-\d{3,4}(?![\d-])"
_FLOOR_ROOM = rf"(?:{_SEP}{_FLOOR})?(?:{_SEP}{_ROOM})?"
#: Words before a home address; an organisation's address (公司地址, 单位地址) is not one.
HOME_CUE = (r"(?<!公司)(?<!单位)(?<!办公)(?<!物业)(?<!门店)(?<!店铺)(?<!工作)"
            r"(?:家住在|家住|住在|lives at (?=[\u4e00-\u9fff])|lives alone at (?=[\u4e00-\u9fff])|live at (?=[\u4e00-\u9fff])|living at (?=[\u4e00-\u9fff])|我住|我家门口|屋企喺|屋企[係系]|住喺|我家(?=[:：])|老屋在|老宅在|老房在|老房子在|祖屋在|住址|地址|家庭住址|门牌号码|门牌号|门牌|我家在|(?<![大])家[就也都还]?在|(?<![大])家一直在|(?<![大])家现在在|我家是|户籍地|坐落|(?<![记抓挡忍站保顶拦堵围卡困压盖遮封锁套捂接稳守止按拿管留绑拴咬靠揪扣撑挺憋罩镇震吃])住(?![院宅房户持手口嘴])|住户(?=[:：]))(?:是|系|为|在|于|[:：]| ){0,3}")


# the administrative run before a road, an estate or a village: up to three levels (省, 市, 区, 县, 旗), then a town or a
# sub-district (镇, 乡, 街道), each may stand apart by a space (宁乡县花明楼镇…, 开福区四方坪街道 福城小区…)
_ADMIN = rf"(?:{NAME_CHAR}{{1,6}}?[省区县市旗] ?){{0,3}}(?:{NAME_CHAR}{{1,8}}?(?:镇|乡|街道) ?)?"
_PLACE_WORD = "(?:里|小区|花园|苑|家园|新村|社区|大院|公寓|村|邨|屯|寨|园|庄)"
#: The administrative run that leads a home address (南京市鼓楼区, 海淀区学院路街道, 兴隆街道光华社区): province, city,
#: district or county, then a town or sub-district, then a residents' community, each of two characters or more and
#: apart by a space or none; a province by its name (八一大道省府大院 is a road and a compound), and no banner (旗:
#: 红旗). Decision: it stays in the text. Many households share it, the survey records the respondent's district and
#: street anyway, and a report reader needs it; the address that goes is the part from the road, estate, lane or
#: village on. The words that end estates' and zones' names are not administrative (小区, 园区, 二区, 花园东区, 生活区,
#: 城市花园, 超市, 小镇, 水乡), nor is a run not followed by a place's name.
_PROVINCE = "(?:河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海|台湾)"
_ADMIN_LEAD = re.compile(
    rf"(?:(?:{_PROVINCE}省|{NAME_CHAR}{{2,6}}?(?:县|(?<![城都超夜股集菜门花])市|新区|(?<![\dA-Za-z一二三四五六七八九十小园校景片街厂矿营军舍活属宅商])(?<![主中]城)(?<![城园村苑庭居湾府里庄寓期座][东西南北中])区)) ?){{1,3}}"
    rf"(?:{NAME_CHAR}{{2,8}}?(?:(?<!小)镇|(?<![水家故城异梦同下])乡|街道) ?)?"
    rf"|{NAME_CHAR}{{2,8}}?(?:(?<!小)镇|(?<![水家故城异梦同下])乡|街道) ?"
    # a village's or residents' committee, the community's level, alone before the place (石岗村委会下坑村31号): never
    # an estate's name, unlike a 社区 (see _COMMUNITY)
    rf"|{NAME_CHAR}{{2,6}}?(?:村委会|居委会|村民委员会|居民委员会) ?")
# (a community after it is part of the run only when a place's name follows: 兴隆街道光华社区幸福里3号; in
# 五一路街道清水塘社区8栋… the community is the estate)
_COMMUNITY = re.compile(rf"{NAME_CHAR}{{2,6}}?(?:社区|村委会|居委会) ?")
_NAME_START = re.compile(NAME_CHAR)


def admin_lead(text: str, a: int, b: int) -> int:
    """How many characters of the address ``text[a:b]`` are its administrative run (see :data:`_ADMIN_LEAD`): 0 when
    it has none, or when no place's name follows the run (海淀区3号楼502 stays whole).

    >>> text = "南京市鼓楼区中山路88号3栋502"
    >>> admin_lead(text, 0, len(text))
    6
    >>> text = "城市花园3栋502"
    >>> admin_lead(text, 0, len(text))
    0
    """
    limit = b
    while (m := _ADMIN_LEAD.match(text, a, limit)) is not None and m.end() > a:
        c = _COMMUNITY.match(text, m.end(), b)
        for end in (c.end(), m.end()) if c is not None else (m.end(),):
            if end < b and _NAME_START.match(text, end) is not None:
                return end - a
        # (the run read one level too far, a lane or a market named like a level: 西安市 碑林区 东木头市 87号院…; the
        # shorter run. Only a 市, 镇 or 乡 names a lane so: 海淀区3号楼502 stays whole)
        if text[m.start():m.end()].rstrip(" ")[-1:] not in ("市", "镇", "乡"):
            return 0
        limit = m.end() - 1
    return 0


#: What names the door after a home address's room, house or floor: the address's and goes with it ("whatever
#: follows"). A side and the room or household there (光明巷3号院东屋, …3楼西头那间, …二楼右边那间, …一层东头第三户,
#: 靠北那间), the hand of the door at a clause's end (…五楼左手，), a room's letter in a split flat (…601房C间), a row
#: and a house in a courtyard (…14号院后排2号), the household counted along the floor (…第三户). Nothing else: a
#: side without a room or household word before a noun (…3号院东边的垃圾站) stays, and so does what follows a space
#: or a comma.
# (what a room word may not stand before: a garage's, a store's, a shop's, a toilet's, an office's … first character)
_OTHER_ROOM = "[车仓库店铺门厕卫办杂储锅配活棋商]"
_DOOR_TAIL = re.compile(
    rf"(?:(?:靠|最)?(?:[东西南北]{{1,2}}|[左右前后里外中])(?:头|边|面|侧|首|手边?)?(?:的|那一?|这一?|的那一?)?(?:第{NUM})?"
    # (a room or a flat before another noun stays: …前面那间车库, 东头那套门面)
    rf"(?:屋子?|户|厢房|耳房|房间|(?:间|套)(?:房子?|屋子?|房间)?(?!{_OTHER_ROOM}))"
    r"|[左右]手(?=[，,。；;！!？? \n]|$)"
    # (the side of the flat on its floor in a character or a word, the clause ending there: …2单元4楼左, …五楼 西边)
    r"|(?:(?<=[楼层])|(?<=[楼层] ))[左右东西](?:边|侧)?(?=[，,。；;！!？? \n）)]|$)"
    r"|[A-Za-z甲乙丙丁](?:间|室|房)(?![A-Za-z])"
    # (a household of a door's stem: 16号甲2户, 乙3室)
    rf"|(?<=号)[甲乙丙丁]{NUM}(?:户|室|间)"
    rf"|(?:[前后中东西南北]|第?{NUM})排 ?{NUM}号(?![楼院栋座位车床\d])"
    rf"|第{NUM}(?:户|间(?!{_OTHER_ROOM}))"
    # (the courtyard the door opens on: 红旗巷19号大杂院)
    r"|(?<=号)大?杂院)")
#: The floor of a door that has none yet (…72号地下室, …3 号 底楼, …附七号 三楼; not 楼下, 楼道): the door's tail too.
_FLOOR_TAIL = re.compile(rf"(?:(?<=号)|(?<=号 ))(?:(?:{NUM}|底|顶)(?:楼|层)(?![上下道梯顶里前后门口外内])|半?地下(?:室|{NUM}?层)|阁楼"
                         # (the ground floor as the south and Hong Kong say it, the clause or the phrase ending there:
                         # …恒宝里12号地下嘅…, …8号地下，)
                         r"|地下(?=[嘅的个，,。；;！!？? \n）)]|$))")
_HAS_FLOOR = re.compile("[楼层]")
#: What an address that takes a tail ends with: a room, a door, a floor, a courtyard or a household.
_TAIL_AFTER = frozenset("号室房户楼层院间0123456789一二三四五六七八九十〇零")


def door_tail(text: str, end: int, start: int | None = None) -> int:
    """The end of the home address ending at ``end`` with the door's descriptor written right after it taken in (see
    :data:`_DOOR_TAIL`), a floor after a door and then the side too (…号 三楼 左边那户); ``end`` when none follows.
    An address written with its parts apart by spaces (``text[start:end]`` holds one) takes its tail after one space
    as well: the writer parts everything so (房屋在 水碾河路 北二巷 3 号 底楼).

    >>> text = "我家住在光明巷3号院东屋，院里没灯"
    >>> text[4:door_tail(text, 10)]
    '光明巷3号院东屋'
    >>> text = "光明巷3号院东边的垃圾站"
    >>> door_tail(text, 6)
    6
    """
    spaced = start is not None and " " in text[start:end]
    for _ in range(2):  # (a floor, then the side on it)
        if end == 0 or end >= len(text) or text[end - 1] not in _TAIL_AFTER:
            return end
        at = end + 1 if spaced and text[end] == " " and end + 1 < len(text) else end
        m = _DOOR_TAIL.match(text, at)
        if m is None and not _HAS_FLOOR.search(text, max(0, end - 12) if start is None else start, end):
            m = _FLOOR_TAIL.match(text, at)
        if m is None or m.end() == m.start():
            return end
        end = m.end()
    return end


# NUM with no numeral before it, led by the numeral itself (the look-behind after the first character): a pattern
# that starts with a character set lets the regex engine skip ahead to it, one that starts with a look-behind is
# tried at every position (2.5× slower on a batch)
_NUM_LED = (r"(?:\d(?<![\d一二三四五六七八九十]\d)\d{0,4}"
            r"|[一二三四五六七八九十百零〇两](?<![\d一二三四五六七八九十][一二三四五六七八九十百零〇两])[一二三四五六七八九十百零〇两]{0,3})")
# the same with no digit before it (a numeral may stand there: 二十号 read from 十)
_NUM_LED_D = (r"(?:\d(?<!\d\d)\d{0,4}"
              r"|[一二三四五六七八九十百零〇两](?<!\d[一二三四五六七八九十百零〇两])[一二三四五六七八九十百零〇两]{0,3})")
# (a lane numbered off the road and an alley off the lane, as Taiwan writes them: 中正路三段120巷5弄3号)
_ROAD_NAME = rf"{NAME_CHAR}{{1,10}}?{_ROAD_WORD}(?:{_SECTION})?(?:{NUM}巷)?(?:{NUM}弄)?"
# What a number starts with (NUM, _NUM_LED): a pattern led by a look-behind or by alternatives of its own is tried
# whole at every position; a look-ahead for its first characters (?=[…]) turns most positions away with one set test
# (the same matches: every match starts with one of them), 1.5–4× faster on a batch.
_NUM_FIRST = r"\d一二三四五六七八九十百零〇两"
#: What a 里 ends that is a place's inside, not a lane quarter (小区里, 园里, 店里, 巷子里, 公里): the lane door's core takes no
#: door after it.
_NOT_LANE_QUARTER = "区院楼村内城家屋这那园店厂校场馆室房间库宅心手夜梦眼水山公千万百箱柜池坑洞车子"
# Cores: the household part that makes a text a home address; each is then widened back over the road,
# estate and district written before it (_LEAD), which is cheaper than patterns that start with a free name.
_CORES = [
    # a building (or the dashed building-unit-room) with its room; a unit with floor and room (二单元六楼二号)
    # (the room after a comma too when the household is named after it: …18幢2单元，1402那家)
    re.compile(rf"(?=[{_NUM_FIRST}A-Z公东西南北中甲乙丙丁])(?<![\dA-Z])(?:{_BUILDING}{_SEP}(?:{_UNIT}{_SEP})?(?:{_FLOOR}{_SEP})?{_ROOM}|{_DASHED}"
               rf"|{_BUILDING}{_SEP}{_UNIT}[，,] ?\d{{3,4}}(?= ?(?:那家|这家|那户|这户|住户|的住户))"
               rf"|(?<![一二三四五六七八九十]){_UNIT}{_SEP}{_FLOOR}{_SEP}{_ROOM})"),
    # a door number with a sub-number (长江路102号附5号): the road before it is required
    re.compile(rf"(?=[{_NUM_FIRST}]){_NUM_LED_D}号(?:院|大院)?{_SUB}{_FLOOR_ROOM}"),
    # a door number in a village group (东风村三组47号): the village before it is required
    # (the group called 村民小组 or 小组 too: 前进村 第七村民小组 33号)
    re.compile(rf"(?=[{_NUM_FIRST}])(?:{_NUM_LED_D}(?:组|队|社|村民小组|小组){NUM}|{_NUM_LED_D})号(?![楼院栋])(?:{_SEP}{_FLOOR})?(?:{_SEP}{_ROOM})?"),
    # a door with its room (12号601室) or a courtyard's row and door (7号院2排3号): one household either way
    # (without 室 only after a place's word: 大冲二坊13号601, see _DOOR_ROOM_AFTER)
    # (or a courtyard's gate and room, 二十号院一门六〇一: a flat of the courtyard's building)
    re.compile(rf"(?=[{_NUM_FIRST}])(?:\d(?<!\d\d)\d{{0,3}}号{_SEP}\d{{3,4}}(?: ?室|(?![\d号栋层米元年月日个户人期平万千路线次班]))|{_NUM_LED_D}号院{_SEP}{NUM}排{_SEP}{NUM}号"
               rf"|{_NUM_LED_D}号院{_SEP}(?:[东西南北前后]|[东西][南北])厢房"
               rf"|{_NUM_LED_D}号院{_SEP}{NUM}门{_SEP}(?:{_FLOOR}{_SEP})?(?:\d{{3,4}}|[一二三四五六七八九零〇]{{3,4}})(?![\d号栋层米元年月日个户人期平万千一二三四五六七八九十零〇]))"),
    # a room right after a tower's or an apartment block's name (金都大厦1809, 阳光公寓 612室, 凯旋大楼12楼之3): one door
    # (led by the digit, the tower word looked for behind it; an emergency number stays, see _SERVICE_NUMBERS)
    re.compile(r"\d(?:(?<=大厦\d)|(?<=公寓\d)|(?<=大楼\d)|(?<=字楼\d)|(?<=大厦 \d)|(?<=公寓 \d)|(?<=大楼 \d)|(?<=字楼 \d))"
               r"(?:\d{2,3}(?: ?(?:室|房|号房))?(?![\d号楼栋层米元年月日个户人期平万千])|\d?[层楼] ?\d{3,4}(?: ?室)?(?![\d号栋层米元年月日个户人期平万千])"
               # a floor and its flat as Taiwan writes them (凯旋大楼12楼之3: the 3rd flat of the 12th floor)
               r"|\d?楼之(?:\d{1,2}|[一二三四五六七八九十])(?![\d号栋层米元年月日个户人期平万千])"
               # a floor and the flat's letter (金辉大厦14楼C室)
               r"|\d?[层楼] ?[A-H] ?室)"),
    # a lane house: the lane's number and the house's after the road (文三路288弄7号, 枫林路77弄3号201室): a lane
    # house is one household (or a few), its number the door
    # (the room behind a back or front door too: …7号后门亭子间, …3号前门客堂间)
    re.compile(rf"(?=[{_NUM_FIRST}]){_NUM_LED}弄{_SEP}{NUM}号(?![楼院栋线])[甲乙丙丁]?(?:{_SEP}{_FLOOR})?(?:{_SEP}(?:[前后]门)?(?:客堂间|前楼|后楼|{_ROOM})|[前后]门(?![口外前]))?"),
    # a door number, then the entrance or unit and the room (中和里17号2门301, 8号3单元502), or the floor and the
    # room (三圣街22号4楼2号): one flat in a numbered building of a road, a 里 or an estate
    re.compile(rf"(?=[{_NUM_FIRST}]){_NUM_LED}号[甲乙丙丁]?(?:{_SEP}{_UNIT}(?:{_SEP}{_FLOOR})?|{_SEP}{_FLOOR}){_SEP}{_ROOM}"),
    # a numbered lane or row and the house's number in a village, an estate or a compound (黄岗村6巷12号二楼,
    # 铁路新村3排8号, 农机站大院4排6号): the house of one household, like a lane house (a seat, a bed or a parking
    # space in a row stays: 3排5号座位, 3排5号的座位, 车位); or a door number of a road, a lane or a place followed by a word for the
    # household living there (柿子巷21号我家门口, 安平里副9号的住户, 长乐街8号那户): the text says the door is a home
    # (…6号的住户都反映过, the residents of a building, stays). One pattern for both: each costs a pass over the text.
    re.compile(rf"(?=[{_NUM_FIRST}副附])(?:{_NUM_LED}(?:巷|排){_SEP}第?{NUM}号(?![楼院栋线车座位床]| ?的 ?(?:座|位子|床))(?:{_SEP}{_FLOOR})?(?:{_SEP}{_ROOM})?"
               rf"|[副附]?{_NUM_LED_D}号{_SUB}?(?:{_SEP}\d{{3,4}}(?![\d号栋层米元年月日个户人期路]))?"
               rf"(?= ?的? ?(?:住户(?![们都全])|人家|那户|这户|租户|租客|房客|房子|老房子|老宅|宅子)|我家|是我家|就是我家))"),
    # a door in a lane (马家巷3号, 帽儿胡同23号, 义兴甲巷4号, its gate too: 花园巷3号2门): lanes hold houses, so the
    # door is a household's even with no room and no home cue (…11号 201 门口: no gate); a shop, an office or a landmark named after it stays (see _FACILITY_AFTER)
    # (a 里 or a 坊, a lane quarter of the old towns, is a lane too: 五福里4号, 多宝坊9号; not a place's inside, 园里, 店里)
    re.compile(rf"(?=[{_NUM_FIRST}甲乙丙丁附副])(?:(?<=巷)|(?<=巷子)|(?<=胡同)|(?<=坊)|(?<=[^{_NOT_LANE_QUARTER}]里))[甲乙丙丁附副]?{_NUM_LED_D}号(?![楼栋线车座位床桌柜窗机台])"
               rf"{_SUB}?(?:{_SEP}(?:\d{{1,2}}|[一二三四五六七八九十]{{1,2}})(?:单元|门)(?![口外前后里内旁边卫岗]))?(?:{_SEP}{_FLOOR})?(?:{_SEP}{_ROOM})?"),
    # a gate and a room in a 里 or a 坊 (义生里2门301): one flat of the lane's building
    re.compile(rf"\d(?:(?<=里\d)|(?<=坊\d))\d{{0,2}}门{_SEP}(?:{_FLOOR}{_SEP})?\d{{3,4}}(?![\d号栋层米元年月日个户人期平万千])"),
    # a building numbered by its 楼 and the room after an estate's zone or name (望京西园三区312楼1606): 312楼 alone is
    # a floor, with a room after it a building
    re.compile(r"\d(?<!\d\d)\d{0,2}楼[- ]?\d{3,4}(?![\d号栋层米元年月日个户人期平万千诊教会办])"),
]
_LEAD = [
    # the parts may stand apart by a space (学院路 帝景苑 A座 1506)
    # (a main road written before the side road: 民族大道 建政路 64 号 …)
    re.compile(rf"{_ADMIN}(?:(?:{_ROAD_NAME} )?{_ROAD_NAME} ?副?{NUM}号(?:院|大院)?{_SUB}? ?|{_ROAD_NAME} ?|{NUM}号(?:院|大院) ?)?(?:{_ESTATE})? ?(?:{NUM}号(?:院|大院) ?)?[增附]?$"),
    # a door's sub-number (…38号之一401) after the road, or after an estate, a village or an urban village's 坊 next to it
    re.compile(rf"{_ADMIN}(?:{_ROAD_NAME} ?)?(?:{NAME_CHAR}{{1,10}}?(?:{_PLACE_WORD}|坊|社))?(?<=[^\W\d_])$"),
    # (a group named, not numbered, after the village or the road: 大坪村后山组6号, 苗岭路新寨组21号)
    re.compile(rf"{_ADMIN}(?:{NAME_CHAR}{{1,8}}?(?:村|屯|寨)(?: ?{NAME_CHAR}{{1,3}}?组)?|{_ROAD_NAME}{NAME_CHAR}{{1,3}}?组) ?第?$"),
    re.compile(rf"{_ADMIN}(?:{_ROAD_NAME}|{_ESTATE})$"),
    re.compile(rf"{_ADMIN}(?:{_ROAD_NAME}副?{NUM}号(?:院|大院)?{_SUB}? ?|{_ROAD_NAME} )?{_ESTATE}$"),
    # a lane of a road or of a 里 or 坊 (长江路幸福里三弄7号)
    re.compile(rf"{_ADMIN}{NAME_CHAR}{{1,10}}?(?:{_ROAD_WORD}|里|坊)$"),
    re.compile(rf"{_ADMIN}(?:{_ROAD_NAME}副?{NUM}号(?:院|大院)?{_SUB}? ?|{_ROAD_NAME} )?{NAME_CHAR}{{1,10}}?(?:{_ROAD_WORD}|{_PLACE_WORD})$"),
    # (a row inside a road's numbered compound: 光明街3号大院内2排5号, 9号院里)
    re.compile(rf"{_ADMIN}(?:(?:{_ROAD_NAME} ?)?{NAME_CHAR}{{1,10}}?(?:{_ROAD_WORD}|{_PLACE_WORD}|坊|湾|坪|宿舍区?|家属院|家属区|生活区)"
               rf"|{_ROAD_NAME} ?{NUM}号(?:院|大院)[内里]?) ?第?$"),
    # (a lane numbered off its road, as in Taiwan: 和平東路二段96巷5號)
    re.compile(rf"{_ADMIN}(?:{NAME_CHAR}{{1,10}}?{_ROAD_WORD}(?:{_SECTION})? ?)?(?:(?:{NAME_CHAR}{{0,10}}?|\d{{1,4}})(?:巷|胡同)|{NAME_CHAR}{{1,10}}?(?:(?<![条个])巷子|里|坊))$"),
    re.compile(rf"{_ADMIN}(?:{_ROAD_NAME} ?)?{NAME_CHAR}{{1,10}}?(?:里|坊)$"),
    re.compile(rf"{_ADMIN}(?:{_ROAD_NAME} ?)?{NAME_CHAR}{{1,10}}?(?:{_PLACE_WORD}|坊|{_ZONE}|{NUM}区)$"),
]
#: A door written dashed with a short room (2-3-1, 5-2-2号: building, unit, room), or a building and a room
#: (12-301): one household after a named estate (阳光小区2-3-1, 锦绣花园 7-1-3, 幸福小区 12-301) or a home cue
#: (家住…); alone it may be a score, a range or a code, and stays.
_SHORT_DASHED = re.compile(r"(?=\d)(?<![\d-])\d{1,3}-(?:\d{1,3}-\d{1,4}(?:号|室|户)?|\d{3,4}(?:号|室)?(?!户))"
                           r"(?![\d-]|[年月日元块米分秒天个人辆次%平万千斤度岁路条栋层楼幢座]|号[楼院栋线])")
_ESTATE_WORD = re.compile(rf"(?:小区|花园|苑|家园|公寓|新村|村|庭|府|城|湾|园|社区|宿舍|公馆|名都|雅居|山庄|大院|嘉园|里|坊|华府|"
                          rf"新城|佳园|小镇|华庭|居|邸|阁|家属院)(?:{NUM}期|[A-Z]区|[东西南北]区)? ?$")
#: cores that are a home without a road, estate or village written before them
_ALONE = (0, 3)
#: cores whose every match holds 号 (a door number): looked for only on the lines that hold one (a fifth of the lines
#: that can hold an address on the bench's answers), see clean.finditer_on
_DOOR_CORES = (1, 2, 3, 6, 7, 8)  # (5, a lane house's, holds 号 and 弄: see _CORE_GATES)
#: cores looked for only on the lines that hold one of the words every match holds: the room after a tower's name (大厦,
#: 公寓, 大楼, 字楼 before its number), the lane house (弄), the gate and room (门), the building numbered by 楼 (楼)
_CORE_GATES = {4: ("大厦", "公寓", "大楼", "字楼"), 5: ("弄",), 9: ("门",), 10: ("楼",)}
#: the lane door's core: it holds no room, so a facility named after it keeps it (see _FACILITY_AFTER)
_LANE_DOOR = 8
#: What makes a lane's door a shop's, an office's or a landmark's (铜锣巷5号那家面馆, …12号是派出所, …3号旁边).
# (a shop's front too: 粮站巷5号门面, …3号门市部)
_FACILITY_WORDS = (r"(?:店|馆|厂|医院|学院|法院|剧院|影院|养老院|敬老院|派出所|卫生所|托管所|事务所|驿站|车站|卫生站|服务站|工作室|活动室|"
                   r"棋牌室|中心|公司|学校|小学|中学|幼儿园|超市|银行|市场|食堂|诊所|药房|网吧|酒吧|会所|办事处|街道办|居委会|"
                   r"门面|门市|铺面|地铺|铺位|档口|摊位|停车场|车库|仓库|(?:小卖|门市|服务|营业)部|(?<!床)铺(?![子盖]))")
#: A shop, an office or a facility said to be at the lane's door before it (店在金桥路丰收巷7号, 铺头喺 南华西街 龙庆里8号,
#: 卫生站在 福寿里 8号): the door is theirs, not a household's; the parts before the door may stand apart by spaces.
_SHOP_BEFORE = re.compile(rf"(?:{_FACILITY_WORDS}|店|铺头?|门店|商铺|单位)(?:就?在|喺|係|位于|开在)(?:[ :：]|{NAME_CHAR}{{2,12}}? )*$")
# (or what the next words say it is, a place counted by its classifier: …12号 是个托儿所, 是一间诊所; not 是我家)
_FACILITY_AFTER = re.compile(rf" ?(?:(?:的|是|那家|这家|那个|这个|有家|有个|开的)?[^\W\d_]{{0,8}}?(?:{_FACILITY_WORDS}|旁边|附近|对面|隔壁|后面|前面|一带)"
                             rf"|[，, ]?(?:是|为)(?:个|一个|家|一家|间|一间|所|一所|座|一座))")
#: What makes a door after a home cue a public place's (我家楼下门牌是人民路45号，是个菜市场; 地址：粮站巷5号门面): a shop's
#: front right after it, or the next words saying what the door is. Stricter than _FACILITY_AFTER, since the cue says
#: home: a facility named further on (家住幸福路8号我开了个店) does not count.
_PUBLIC_DOOR_AFTER = re.compile(rf"(?:门面|门市|铺面|店面|档口|摊位|(?:[，,] ?)?(?:是|为)(?:个|一个|家|一家|间|一间)?[^\W\d_]{{0,6}}?{_FACILITY_WORDS})")
#: Emergency and service numbers: after a tower's name (报警中心110) no room.
_SERVICE_NUMBERS = frozenset(("110", "119", "120", "122", "114"))
#: Where the home is, in a clause of its own between the home cue and the address (我家就在河边，清河路 174 号).
# (the home across or next door from what the answer speaks of, then its address: 我住对面 荔湾路43号二楼)
_NEAR_CLAUSE = (r"(?:[\u4e00-\u9fff]{1,4}(?:边|旁边|附近|一带|对面)[，,] ?|(?:城中村|村里|村子里|出租屋)里?[，,] ?"  # (住在城中村，…)
                r"|(?:斜?对面|隔壁|楼上|楼下)(?:[，,] ?| ))")
# (a city written without its 市, apart by a space before its district, after the home cue: 我住 厦门 思明区 …; it stays
# outside the address, as the district does)
_BARE_CITY = rf"(?:{NAME_CHAR}{{2,4}} (?={NAME_CHAR}{{1,6}}?[区县市旗] ))"
# after a home cue a villa's number in its estate (住在碧水湾别墅 18 号) is one house; a lane may be named as residents say it, with 子 and a word for inside before the door number
# (住在后街巷子里头23号, 胡同里 5号)
# (led by a look-ahead for the first characters of HOME_CUE's words: see _NUM_FIRST)
_HOME = re.compile(rf"(?=[家住我地门户坐老祖屋l]){HOME_CUE}{_NEAR_CLAUSE}?{_BARE_CITY}?({_ADMIN}(?:{_ROAD_NAME}{NUM}号 ?)?{NAME_CHAR}{{1,10}}?别墅区? ?{NUM}号(?![楼院栋])|"
                   # (a lane named after its road, as the south and old towns name them: 宝华路十三甫10号, 西大街甜水井27号,
                   # 厦禾路 顶澳仔 14号; 十三甫, 东四十二条, 光复里弄堂)
                   rf"{_ADMIN}(?:{NAME_CHAR}{{1,6}}的)?(?:{NAME_CHAR}{{2,10}}? )?(?:{_ROAD_NAME}(?: ?{NAME_CHAR}{{2,4}}?(?<![区院楼村内城家屋这那口]) ?(?=[\d一二三四五六七八九十]{{1,4}}号))?|{NAME_CHAR}{{1,6}}?[坡坊塘坝湾岭坪冲埠墩岗社尾厝埕寮甫条])(?:(?<=[巷弄])子|(?<=弄)堂|(?<=胡同)儿)?(?:里头|里面|里边|里)? ?"
                   rf"[甲乙丙丁附副]?{NUM}(?:-\d{{1,3}})?号(?:院|大院)?{_SUB}?{_FLOOR_ROOM}|"
                   # a road's door, building, unit and room all dashed (中山路15-1-5-1); a house in a compound or a
                   # dormitory (粮食局大院5号, 棉纺厂宿舍12号, 机械厂宿舍东区2排5号); a door's sub-number before 号 (门牌是人民路18-3号)
                   rf"{_ADMIN}{_ROAD_NAME}\d{{1,4}}(?:-\d{{1,4}}){{2,3}}(?![\d-])|"
                   rf"{_ADMIN}{NAME_CHAR}{{1,10}}?(?:大院|家属院|宿舍区?)(?:[东西南北中]区)?(?:{NUM}排)?{NUM}号(?![楼院栋]){_FLOOR_ROOM}|"
                   # an urban village's door and room, its zone or group between (下沙村东区48号402, 岗厦村三组27号; a
                   # village called …庄 too after a home cue: 住田家庄48号)
                   # (the door after a comma and its label too: 花溪村5组，门牌17号)
                   rf"{_ADMIN}{NAME_CHAR}{{1,8}}?(?<!城中)(?:村|屯|寨|庄)(?:[东西南北中]区|{NUM}(?:组|队|社))?(?:[，, ] ?门牌号?(?:是|为|[:：])? ?| {NAME_CHAR}{{2,4}}? |(?<=[组队社]){NAME_CHAR}{{2,4}}?)?{NUM}号(?![楼院栋]){_SUB}?{_FLOOR_ROOM}|"
                   # a village's house counted from one end (柳树屯村东头第二家, 李家庄村西边第三户)
                   rf"{_ADMIN}{NAME_CHAR}{{1,8}}?(?<!城中)(?:村|屯|寨)(?:{NUM}(?:组|队|社))?[东西南北](?:头|边)(?:数)?第{NUM}(?:家|户)|"
                   # a door of a 里 (a lane quarter: 东门里8号, 福安里12号3楼): not 小区里, 院里, 城里 …, a place's inside
                   rf"{_ADMIN}(?:{NAME_CHAR}{{1,6}}的)?(?:{_ROAD_NAME})?{NAME_CHAR}{{1,4}}?(?<![区院楼村内城家屋这那])里 ?{NUM}号(?![楼院栋线]){_SUB}?{_FLOOR_ROOM}|"
                   rf"{_ADMIN}(?:{_ROAD_NAME}{NUM}号(?:院|大院)?)?(?:{_ESTATE})?{_BUILDING}{_SEP}{_UNIT}{_SEP}{_FLOOR}|"
                   # (an estate's building and floor, the room after a comma: 杏花村小区十一栋七楼，702; see address_rest)
                   rf"{_ADMIN}{_ESTATE}{_BUILDING}{_SEP}{_FLOOR}(?=[，,] ?\d{{3,4}}(?![\d])))")
#: The writer saying which door they are (我是顾家巷3号的顾兰英, 我们是东风村三组47号的): the door of their household; not
#: when what follows is a shop's or an office's (我是解放路8号的店主).
_SELF_DOOR = re.compile(rf"(?:我|我们|俺|咱|咱们)家?就?是 ?({_ADMIN}(?:{_ROAD_NAME}[甲乙丙丁附副]?{NUM}号(?:院|大院)?{_SUB}?|"
                        # a village, its group, the hamlet's name apart by a space or not, the door (东风村3组 张家湾 19号)
                        rf"{NAME_CHAR}{{1,8}}?(?:村|屯|寨)(?:{NUM}(?:组|队|社))?(?: ?{NAME_CHAR}{{2,6}}? ?)?{NUM}号){_FLOOR_ROOM})"
                        r"(?= ?的(?!店|商|门面|门店|公司|单位|老板|员工|保安|物业|工作|办公))")
#: A household's head signing with the door (户主 张三，城墙根街22号; 房主：李四 幸福巷3号): the door is the household's
#: own even with no home cue; only a road's door that ends the clause (业主 needs its colon or space: 业主委员会 is none).
_HEAD_DOOR = re.compile(rf"(?:(?:户主|房主)[:：]? ?|(?:业主|住户)(?:[:：] ?| ))(?:[^\W\d_]{{1,4}}(?: [A-Za-z]{{1,12}})?[，, （(] ?)?"
                        # (the road's mouth before the door too: 西街口35号; the door in brackets after the name: 住户：X（…）)
                        rf"({_ADMIN}{_ROAD_NAME}口?[甲乙丙丁附副]?{NUM}号(?:院|大院)?{_SUB}?{_FLOOR_ROOM})(?=[，,。；;！!？? \n）)]|$)")
_LABELLED = re.compile(rf"(?:小区|楼盘|住址)[:：] ?({NAME_CHAR}{{2,12}}[；;，, ]+(?:楼栋|栋号|楼号)[:：] ?{NUM}[；;，, ]+"
                       rf"(?:单元[:：] ?{NUM}[；;，, ]+)?(?:房号|房间号|门牌号|室)[:：] ?{NUM})")
# the same with the estate unlabelled and fields apart by spaces (和谐家园小区 楼栋：8 单元：1 房号：602)
# (found by its fields, then widened back over the estate: a pattern that starts with a free name is slow)
_LABELLED_FIELDS = re.compile(rf"(?:楼栋|栋号|楼号)[:：] ?{NUM}[；;，, ]+(?:单元[:：] ?{NUM}[；;，, ]+)?(?:房号|房间号|门牌号|室)[:：] ?{NUM}")
_LABELLED_ESTATE = re.compile(rf"{NAME_CHAR}{{2,12}}[；;，, ]+$")
#: An organisation's or a shop's address (公司地址, 商铺地址, 营业执照地址, 饭店坐落于) is not a home.
_HOME_BEFORE = re.compile(rf"{HOME_CUE}$")
_HOME_AT = re.compile(HOME_CUE)
_DISTRICT = re.compile("[区县市旗]")
_ORGANISATION = re.compile("(?:公司|单位|办公|物业|门店|店铺|商铺|铺面|门面|商户|店|馆|厂|执照|工作|办事处|机构|学校|医院|超市|银行|工地)"
                           "(?:上|里)?的?$")
_WINDOW = 40
#: A building after a road's door or compound, with its unit or not, and no floor, room or dashed door after it
#: (经三路66号院4号楼，…; 人民路8号 3栋): the home named to the building only, which many households share, so the door
#: before it stays too (a floor after it is the household's level: 东湖路8号东湖小区1栋5楼 goes).
_BUILDING_ONLY_AFTER = re.compile(rf" ?(?:{_ESTATE})?{_BUILDING}(?:{_SEP}{_UNIT})?(?![- ]?(?:{_FLOOR}|{_ROOM}|\d|[一二三四五六七八九十零〇A-Z附之]))")
#: The word of place a door and room with no 室 must follow (大冲二坊13号601, 桃源村5号302).
_DOOR_ROOM_AFTER = re.compile("(?:坊|村|里|苑|园|庄|巷|弄|路|街|道|院|城|寨|屯|小区|新村) ?$")
#: A road and door number followed by a landmark's name and a word of place (体育西路103号维多利广场旁边的…) locates
#: the home by a landmark: that road and number is the landmark's, not the household's.
_LANDMARK_AFTER = re.compile(rf"{NAME_CHAR}{{0,8}}?(?:旁边|附近|对面|隔壁|边上|后面|后边|前面|一带|周边|斜对面)")
#: Spaces inside an address as some residents type it (15 号楼 1 单元 1101, 枫林路 77 弄 3 号 201 室): between a
#: number and the word it counts, or between a place word and the number after it. The address patterns read the text
#: with them removed (see find_addresses), so every pattern takes the spaced form without a space in each of its gaps.
_ADDRESS_SPACE = re.compile(r"(?<=[\d一二三四五六七八九十两〇零]) +(?=[号栋幢单楼层室房户弄门座组期排])(?!..?[:：]|[楼层][上下道梯顶里前后门])"
                            r"|(?<=[号栋幢元楼层室户弄巷同门座组期片路街道里村屯寨庄院区苑园城府湾居庭坊寓厦附]) +(?=\d)|(?<=巷子) +(?=\d)"
                            # 216 号 附 1 号, 12 号 院 3 号楼; 十一号楼 一单元 六楼 西边那户; 1 单元 2 0 3
                            r"|(?<=号) +(?=[附院]|之 *[\d一二三四五六七八九十])|(?<=[栋楼元]) +(?=[一二三四五六七八九十两]{1,3}[单楼层门室号])"
                            # a space before a road's or a place's word with its number (东关 胡同 12 号, 棉纺厂 宿舍 3 栋)
                            r"|(?<=[^\W\d_]) +(?=(?:路|街|巷|弄|胡同|里|坊|宿舍|小区|花园|新村|大院|家属院|村) *[甲乙丙丁]? *[\d一二三四五六七八九十])"
                            # a door with 甲, 乙 or 丙 (胡同 甲 3 号), or a side door with 附 or 副 (长乐街 副 8 号)
                            r"|(?<=[同巷街路里]) +(?=[甲乙丙丁附副] *\d)|(?:(?<=[同巷街路里][甲乙丙丁附副])|(?<=[同巷街路里] [甲乙丙丁附副])) +(?=\d)"
                            r"|(?<=[楼层]) +(?=[东西南北中]边?那?户)"
                            # a village's team or group and the door apart (水蛟村 七队 18号), a zone's letter (置信花园 A 区)
                            r"|(?<=[村屯寨]) +(?=[\d一二三四五六七八九十]{1,3} *(?:组|队|社))|(?<=[组队社]) +(?=\d{1,4} *号)"
                            r"|(?<=[^\W\d_]) +(?=[A-Z] *[区座栋幢])|(?<=[A-Z]) +(?=[区座栋幢])"
                            # a zone's number apart, and the building's stem after it (甘家口 8区 丙4号楼)
                            r"|(?<=[^\W\d_]) +(?=\d{1,2} *区(?!\d))|(?<=\d区) +(?=[甲乙丙丁]? *\d)"
                            # a space between characters typed one at a time (东 街 口 南 巷 3 号, 金 辉 大 厦 14 楼)
                            r"|(?<=(?<![^ ])[\u4e00-\u9fff]) +(?=[\u4e00-\u9fff](?: |$))|(?:(?<=元 \d)|(?<=元 \d \d)) +(?=\d)|(?<=\d) +(?=[-—] ?\d)|(?:(?<=\d[-—])|(?<=\d [-—])) +(?=\d)")


_SPACES = re.compile("  *")  # (" +" written led by its literal: the regex engine then skips ahead to each space)
#: A door's number before a dash and the sub-number (198-3号: door 198, sub-number 3).
_DOOR_HEAD = re.compile(r"(?<![\d-])\d{1,5}[-－]$")


def find_addresses(text: str) -> list[tuple[int, int]]:
    """(start, end) of every home address in one normalised text (or a newline-joined batch).

    >>> text = "住在枫林绿洲11-2-602的业主都知道，3号楼门口的灯坏了"
    >>> [text[a:b] for a, b in find_addresses(text)]
    ['枫林绿洲11-2-602']
    """
    # 越秀區…三橫路11號, 東門里8號3樓: read in simplified characters, one for one (the same offsets), the view the name
    # finder reads (clean.read_simplified)
    text = read_simplified(text)
    # the spaces of :data:`_ADDRESS_SPACE`, found from each run of spaces (a literal the regex engine skips to) and
    # checked on both sides: a pattern led by its look-behind would be tried at every character
    gaps = [g.span() for m in _SPACES.finditer(text) if (g := _ADDRESS_SPACE.match(text, m.start())) is not None]
    if gaps:
        view, at = without_spans(text, gaps)
        found = spans_in_text(at, _find_addresses(view))
    else:
        found = _find_addresses(text)
    # a space the patterns allow before an estate's name is no part of the address
    found = [(a + len(text[a:b]) - len(text[a:b].lstrip(" ")), b) for a, b in found]
    # and no home cue the patterns read as a place's name (屋企喺深水埗…: 喺 is a name's character)
    found = [(c.end() if (c := _HOME_AT.match(text, a, b)) is not None and c.end() < b else a, b) for a, b in found]
    found = _across_landmarks(text, found)
    if " " in text:
        found = [(_widen(text, _latin_start(text, a)), b) for a, b in found]
    return list(dict.fromkeys(found))  # (one span once: a door a lane's core and a home cue's pattern both found)


#: A landmark phrase inside an address, between the place that locates it and the household part: a crossing's corner
#: (红旗大街与公滨路交口东北角的和平小区8栋…), a building's side (翠苑一区23幢旁边102室). The address runs from the
#: first place part to the room, the phrase included: what a reader would copy to find the door.
_LANDMARK_WORD = r"(?:[东西南北]{1,2}角|旁边|附近|对面|斜对面|隔壁|后面|背后|边上|之间|中间|旁)"
# (the parts may stand apart by spaces, as in 鹭江道 厦禾路 之间的 …, 温泉公园 旁 东大路 78号…)
_LANDMARK_LEAD = re.compile(rf"(?:{_ADMIN}{_ROAD_NAME}(?: ?[与和跟]? ?{_ROAD_NAME})? ?(?:交口|交叉口|十字路口|丁字路口|路口)?"
                            # (a landmark named after the road: 华强北路群星广场旁边的…; not after its door, which is the
                            # landmark's own address: 体育西路103号维多利广场旁边的… keeps it, set 5's convention)
                            rf"(?: ?{NAME_CHAR}{{2,10}}?)?"
                            rf"|{_ADMIN}{_ESTATE}{_BUILDING}|{_ADMIN}(?:{_ROAD_NAME} )?{NAME_CHAR}{{1,8}}?{_PLACE_WORD}) ?{_LANDMARK_WORD}的? ?$")
#: A room right after a building's landmark word (…23幢旁边102室): found from the word, a literal the engine skips to.
_LANDMARK_END = re.compile(_LANDMARK_WORD + "的? ?$")
_BUILDING_LANDMARK = re.compile(_BUILDING + _LANDMARK_WORD)
_ROOM_BY_LANDMARK = re.compile(rf"(?:旁边|对面|隔壁|后面|边上)的?(\d{{1,4}} ?室)")


#: A place written before an address with a note or the way in between (桃源村（城中村）三巷十八号, 幸福里小区北门进，17栋…):
#: the place, the note in brackets (no digit, no clause) or the gate one enters by, then the household part.
_NOTE_LEAD = re.compile(rf"{_ADMIN}(?:{_ROAD_NAME} ?)?{NAME_CHAR}{{1,10}}?(?:{_PLACE_WORD}|坊)"
                        # (the way in: the gate, then a turn or none: …东门进来右转，9栋…; a building counted after it: 第三栋)
                        r"(?:[（(][^（()）\d，。,；;]{1,10}[）)]|(?:[东西南北正侧后]门|大门)进(?:去|来)?(?:[左右]转|[左右]拐|直走|往里走)?[，,]) ?第?$")
_NOTE_END = re.compile("[）)，,] ?第?$")


def _across_landmarks(text: str, found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``found`` with each address moved back over a landmark phrase and the place before it, and a room after a
    building's landmark word (…23幢旁边102室) taken with the estate and building: see _LANDMARK_LEAD."""
    out = []
    for a, b in found:
        # (the landmark word right before the address first: a look in four characters, then the lead's search)
        m = _LANDMARK_LEAD.search(text, back(text, a, _WINDOW), a) if _LANDMARK_END.search(text, back(text, a, 5), a) else None
        if m is None and _NOTE_END.search(text, back(text, a, 2), a):
            m = _NOTE_LEAD.search(text, back(text, a, _WINDOW), a)
        out.append((m.start() if m is not None and not _ORGANISATION.search(text, back(text, m.start(), 8), m.start()) else a, b))
    for r in _ROOM_BY_LANDMARK.finditer(text):
        m = _LANDMARK_LEAD.search(text, back(text, r.start(1), _WINDOW), r.start(1))
        if m is not None and _BUILDING_LANDMARK.search(m.group()):
            out.append((m.start(), r.end(1)))
    return out


#: A place part written before an address and apart from it by a space (黄埔区大沙东路 丰乐新村 23号 501, 二七区 大学路
#: 大学新村 5号院…): a district, a town or sub-district, a road, an estate, a village or a compound, ending in its word
#: after a name of two characters or more (市区, 马路, 村里 are words).
_PART_BEFORE = re.compile(rf"(?:{NAME_CHAR}{{2,12}}?(?:[省市区县旗镇乡]|街道|{_ROAD_WORD}(?:{_SECTION})?|{_PLACE_WORD}|坊|湾|坪|城|"
                          # (a crossing named by its roads: 民族大道 长湖路口 …, 东风东路法政路口 …)
                          rf"路口|街口|道口|交叉口|十字路口|丁字路口|"
                          rf"宿舍区?|家属院|家属区|生活区|{_ZONE})"
                          # (a road's door before the estate: 北京路 1066号 世纪城 D区 …)
                          rf"|{NAME_CHAR}{{1,10}}?{_ROAD_WORD}(?:{_SECTION})? ?{NUM}号) +$")
#: A landmark between the district and the road (渝中区 解放碑 八一路 …): a name with no place word of its own, taken only
#: with the district or town written before it.
_LANDMARK_PART = re.compile(rf"{NAME_CHAR}{{1,8}}?(?:[省市区县旗镇乡]|街道) +{NAME_CHAR}{{2,6}} +$")


#: Words for a kind of place, not a place's name (我是城中村 岗厦村…): no part of an address.
_GENERIC_PLACES = frozenset(("城中村", "老城区", "主城区", "老小区", "农村", "新农村", "老街区", "老社区"))


def _widen(text: str, a: int) -> int:
    """The start of an address moved back over the place parts written before it apart by spaces, as some residents
    type a postal address (渝中区 解放碑 八一路 177号…): the patterns read parts next to each other, and stop at a space
    before a road or a district."""
    while a > 1 and text[a - 1] == " ":
        m = _PART_BEFORE.search(text, back(text, a, 16), a) or _LANDMARK_PART.search(text, back(text, a, 24), a)
        if m is None or m.start() == a or text[m.start():a].rstrip(" ") in _GENERIC_PLACES:
            break
        a = m.start()
    return a


def _find_addresses(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for m in _LABELLED.finditer(text):
        out.append(m.span(1))
    for m in _SELF_DOOR.finditer(text):
        out.append(m.span(1))
    for m in _HEAD_DOOR.finditer(text):
        out.append(m.span(1))
    for m in _HOME.finditer(text):
        if text[m.end(1) - 1] == "号" and (_LANDMARK_AFTER.match(text, m.end(1)) or _PUBLIC_DOOR_AFTER.match(text, m.end(1))):
            continue
        if text[m.end(1) - 1] in "号院" and _BUILDING_ONLY_AFTER.match(text, m.end(1)):
            continue  # 住经三路66号院4号楼，…: the compound's door and a building, no floor or room: many households'

        if text[m.end(1):m.end(1) + 1] == "的" and re.search("[，,]", text[m.start():m.start(1)]):
            continue  # 我家在附近，中山路88号的超市: after a clause of where, a door that is a shop's
        if not _ORGANISATION.search(text, back(text, m.start(), 8), m.start()):
            out.append(m.span(1))
    for m in _LABELLED_FIELDS.finditer(text):
        lead = _LABELLED_ESTATE.search(text, back(text, m.start(), 16), m.start())
        if lead is not None:
            out.append((lead.start(), m.end()))
    for m in _SHORT_DASHED.finditer(text):
        lo = m.start() - _WINDOW
        cut = max(text.rfind(c, max(0, lo), m.start()) for c in "，。；！？\n,;") + 1
        lo = max(0, lo, cut)
        if _ESTATE_WORD.search(text, lo, m.start()) is None and _HOME_BEFORE.search(text, lo, m.start()) is None \
                and _EN_ESTATE_AFTER.match(text, m.end()) is None:
            continue
        before = _LEAD[0].search(text, lo, m.start())
        start = before.start() if before is not None else m.start()
        if not _ORGANISATION.search(text, back(text, start, 8), start):
            out.append((start, m.end()))
    door_lines = lines_holding(text, "号")
    for k, (core, lead) in enumerate(zip(_CORES, _LEAD)):
        if k in _DOOR_CORES:
            matches = finditer_on(core, text, door_lines)
        elif k in _CORE_GATES:
            matches = finditer_on(core, text, lines_holding(text, *_CORE_GATES[k]))
        else:
            matches = core.finditer(text)
        for m in matches:
            lo = m.start() - _WINDOW
            cut = max(text.rfind(c, max(0, lo), m.start()) for c in "，。；！？\n,;") + 1
            at = m.start()
            if at > 1 and text[at - 1] in "-－" and (head := _DOOR_HEAD.search(text, back(text, at, 7), at)) is not None:
                at = head.start()  # 小北关街198-3号: the door's number and its sub-number, the road before both
            before = lead.search(text, max(0, lo, cut), at)
            start = before.start() if before is not None else at
            if k not in _ALONE and start == at:
                continue  # a door number with no road or village before it: no address
            if m.group() in _SERVICE_NUMBERS:
                continue
            if k == 3 and m.group()[-1].isdigit() and not _DOOR_ROOM_AFTER.search(text, start, at):
                continue  # 13号601 with no 室: a home only after a village's, a lane's or an estate's word
            if k == _LANE_DOOR and m.group()[-1] == "号" and (
                    _FACILITY_AFTER.match(text, m.end()) or _SHOP_BEFORE.search(text, back(text, start, 24), start)):
                continue  # 铜锣巷5号那家面馆, 店在金桥路丰收巷7号: a shop's door

            out.append((start, m.end()))
    return out


#: A home address typed in pinyin (zhu zai jin hua lu 66 nong 3 hao 201, Renmin Road 8 hao 2 dong 502): a road's name in
#: one to three Latin words, the road's word, the door (hao, nong) and, required, a room. Found from the space before
#: the road's word, a literal the regex engine skips to; the name before it read back.
_PINYIN_ROAD = re.compile(r" (?:lu|Lu|LU|jie|Jie|JIE|dao|Dao|Road|road|Rd\.?|Street|street|St\.?|xiang|Xiang)"
                          r" ?\d{1,5} ?(?:hao|Hao|HAO|号|nong|Nong|NONG|弄)(?: ?\d{1,4} ?(?:hao ?lou|Hao ?Lou|号楼|hao|Hao|HAO|号|dong|Dong|栋|幢))?"
                          r"(?: ?\d{1,2} ?(?:dan ?yuan|Dan ?Yuan|单元))? ?\d{3,4}(?: ?(?:shi|Shi|室))?(?![\dA-Za-z])")
#: The same with an estate in place of the road (hongqi xiaoqu 4 dong 2 danyuan 301, Jinxiu Huayuan 3 hao lou 1502):
#: the estate's word, a building (required: an estate and a bare number is no door), a unit or none, the room.
_PINYIN_ESTATE = re.compile(r" (?:xiao ?qu|hua ?yuan|jia ?yuan|xin ?cun|gong ?yu|she ?qu|Xiao ?[Qq]u|Hua ?[Yy]uan|Jia ?[Yy]uan|"
                            r"Xin ?[Cc]un|Gong ?[Yy]u|She ?[Qq]u|XIAOQU|HUAYUAN|JIAYUAN|XINCUN|GONGYU|小区|花园|家园|新村)"
                            r" ?\d{1,4} ?(?:dong|Dong|DONG|hao ?lou|Hao ?Lou|zhuang|Zhuang|号楼|栋|幢)"
                            r"(?: ?\d{1,2} ?(?:dan ?yuan|Dan ?Yuan|DANYUAN|单元))? ?\d{3,4}(?: ?(?:shi|Shi|室))?(?![\dA-Za-z])")
#: The same with a floor in place of the room (wo jia zhu zai xin hua lu 45 hao 3 lou): taken only after a home cue's
#: Latin words (zhu zai, jia zai, live at), as 长江路8号3楼 goes after 家住 and stays without it.
_PINYIN_ROAD_FLOOR = re.compile(r" (?:lu|Lu|LU|jie|Jie|JIE|dao|Dao|xiang|Xiang) ?\d{1,5} ?(?:hao|Hao|HAO|号)"
                                r"(?: ?\d{1,4} ?(?:dong|Dong|DONG|hao ?lou|Hao ?Lou|号楼|栋|幢))?(?: ?\d{1,2} ?(?:dan ?yuan|Dan ?Yuan|单元))?"
                                r" ?\d{1,2} ?(?:lou|Lou|LOU|ceng|Ceng|楼|层)(?![A-Za-z\d])")
_PINYIN_HOME_CUE = re.compile(r"(?<![A-Za-z])(?:zhu|jia|live|lives|living)(?![A-Za-z])", re.I)
_PINYIN_ROAD_NAME = re.compile(r"(?<![A-Za-z])(?:[A-Za-z][a-z]{0,9} ){1,3}$")
#: Latin words of a home cue right before the road's name (zhu zai, jia zai, live at): no part of the address.
_PINYIN_HOME_WORDS = frozenset("wo zhu zai jia live lives living at in on address di zhi tenant".split())
_LATIN_WORD = re.compile(r"([A-Za-z]+) ")


def _past_home_words(text: str, a: int, end: int) -> int:
    """``a`` moved past the Latin words of a home cue that lead ``text[a:end]`` (zhu zai, live at, tenant in)."""
    while (w := _LATIN_WORD.match(text, a, end)) is not None and w.group(1).lower() in _PINYIN_HOME_WORDS:
        a = w.end()
    return a


#: An estate's English name before its word (Vanke Park 3-2-801: the patterns read Park as the estate's name and stop at
#: the space): one to three capitalised words.
#: Words that end an estate's English name (Lanting Garden, Vanke Park).
_EN_ESTATE_WORD = (r"(?:Garden|Gardens|Estate|Court|Mansion|Mansions|Residence|Residences|Village|Community|Apartment|Apartments|"
                   r"Plaza|Park|Tower|Towers|Heights|City|View|Bay|Terrace|Villa|Villas|Xiaoqu|Huayuan)(?![A-Za-z])")
_EN_ESTATE_START = re.compile(_EN_ESTATE_WORD)
_EN_NAME_BEFORE = re.compile(r"(?<![A-Za-z])(?:[A-Z][a-z]+ ){1,3}$")


def _latin_start(text: str, a: int) -> int:
    """The start of an address that begins with a Latin word: past a home cue's words (tenant in 7-1-1203), or back over
    the estate's English name before its word (Vanke Park 3-2-801)."""
    if not ("A" <= text[a] <= "Z" or "a" <= text[a] <= "z"):
        return a
    a = _past_home_words(text, a, len(text))
    if a > 1 and text[a - 1] == " " and _EN_ESTATE_START.match(text, a):
        name = _EN_NAME_BEFORE.search(text, back(text, a, 40), a)
        if name is not None:
            a = _past_home_words(text, name.start(), a)
    return a


def pinyin_addresses(text: str) -> list[tuple[int, int]]:
    """(start, end) of each home address typed in pinyin with its room, after a road (see _PINYIN_ROAD) or an estate
    (see _PINYIN_ESTATE)."""
    out = []
    floors = [(m, True) for m in _PINYIN_ROAD_FLOOR.finditer(text)]
    for m, floor in (*((m, False) for m in _PINYIN_ROAD.finditer(text)), *((m, False) for m in _PINYIN_ESTATE.finditer(text)), *floors):
        name = _PINYIN_ROAD_NAME.search(text, back(text, m.start() + 1, 34), m.start() + 1)  # (m starts at the space)
        if name is None:
            continue
        a = _past_home_words(text, name.start(), m.start() + 1)
        if floor and not _PINYIN_HOME_CUE.search(text, back(text, name.start(), 16), a):
            continue  # (a road's door and floor with no home cue before it: a place, the clinic at …)
        if a < m.start():
            out.append((a, m.end()))
    return out


#: A home address written in English, the room first (Unit 2-1803, Riverside Garden, 66 Binjiang Rd; Room 1502, Building 3,
#: …): the room, then one to four parts apart by commas, each a building, an estate's name or a road with its number. A
#: room alone (Room 301 is cold) stays, as a room with nothing before it does in Chinese.
_EN_ROOM = r"(?:[Rr]oom|R[Mm]\.?|[Uu]nit|[Ff]lat|[Aa]pt\.?|[Aa]partment|[Ss]uite|[Cc]hambre|[Aa]ppartement|[Aa]ppt\.?) ?#?\d{1,4}(?:-\d{1,4}){0,2}[A-Z]?(?![\d-]|[A-Za-z])"
#: A building, block or tower of the estate written before the room (Building 6, Room 1502, …): part of the address.
_EN_BUILDING = r"(?:[Bb]uilding|[Bb]ldg\.?|[Bb]lock|[Bb]lk\.?|[Tt]ower)"
_EN_BUILDING_BEFORE = re.compile(rf"(?<![A-Za-z]){_EN_BUILDING} ?#?[0-9A-Z]{{1,4}}[,，]? ?$")
#: The estate's English name before that building (Jinxiu Apartment Tower 2 Room 905): its capitalised words, the last an
#: estate's word.
_EN_ESTATE_BEFORE = re.compile(rf"(?<![A-Za-z])(?:[A-Z][a-z]+ ){{0,2}}{_EN_ESTATE_WORD}[,，]? ?$")
_EN_PART = (rf"[,，] ?(?:{_EN_ROOM}|(?:[Nn]o\.?|[Nn]umber) ?\d{{1,5}},? (?:[A-Z][a-z]+ ){{1,3}}(?:Road|Rd|Street|St|Avenue|Ave|Lane|Boulevard|Blvd|Lu|Jie|Dadao)(?![A-Za-z])"
            # (No. 58 Binhe Road: the road's door written first); a unit or a floor of the building (Unit 2, Floor 12)
            rf"|(?:{_EN_BUILDING}|No\.?|[Uu]nit|[Ee]ntrance|[Ff]loor|[Ff]l\.) ?#?[0-9A-Z]{{1,4}}(?![0-9A-Za-z])"
            rf"|(?:[A-Z][a-z]+ ){{0,3}}{_EN_ESTATE_WORD}"
            r"|(?:\d{1,5} )?(?:[A-Z][a-z]+ ){1,3}(?:Road|Rd|Street|St|Avenue|Ave|Lane|Boulevard|Blvd|Lu|Jie|Dadao)(?![A-Za-z])"
            # an estate's Chinese name in the English line, its block after it or not (Flat 7A, 丽港城 Block 5); no
            # Latin word (…, the lift is slow)
            rf"|(?:(?![A-Za-z]){NAME_CHAR}){{2,10}}(?: {_EN_BUILDING} ?[0-9A-Z]{{1,4}}(?![0-9A-Za-z]))?)")
#: The estate's Chinese name first, then the room in English (living in 海景公寓 room 2203, 华侨新村 Flat 3C).
_EN_ROOM_AFTER_ESTATE = rf"{NAME_CHAR}{{1,10}}?(?:{_PLACE_WORD}|大厦|广场|公馆|府|庭|湾|城|苑) ?{_EN_ROOM}"
_EN_ROOM_PATTERN = re.compile(_EN_ROOM)
#: An estate's English name after a short dashed door (3-1202 Lakeview Court): the door is the household's, as after a
#: Chinese estate's name (阳光小区2-3-1).
_EN_ESTATE_AFTER = re.compile(rf" (?:[A-Z][a-z]+ ){{1,3}}{_EN_ESTATE_WORD}")
#: The road's door first, then the room after a comma (17 Heping Lane, Apt 3; 8 Binhe Road, Flat 12B), or a building and a
#: room written with # (Block 8 #1503, Riverside Garden after it or not): the household's door in English.
_EN_ROAD = r"(?:[Rr]oad|Rd|[Ss]treet|St|[Aa]venue|Ave|[Ll]ane|[Bb]oulevard|Blvd|Lu|Jie|Dadao|Hutong|Alley)\.?(?![A-Za-z])"
_EN_DOOR_FIRST = (rf"(?<![\dA-Za-z])(?:No\.? ?|Number )?\d{{1,5}} (?:[A-Z][a-z]+ ){{1,3}}{_EN_ROAD}[,，] ?{_EN_ROOM}"
                  rf"|(?<![A-Za-z]){_EN_BUILDING} ?\d{{1,3}}[,，]? ?#\d{{2,4}}[A-Z]?(?![\dA-Za-z])(?: (?:[A-Z][a-z]+ ){{0,3}}{_EN_ESTATE_WORD})?")
_ENGLISH_ADDRESS = re.compile(rf"{_EN_ROOM}(?:{_EN_PART}){{1,4}}|{_EN_ROOM_AFTER_ESTATE}|{_EN_DOOR_FIRST}")


def english_addresses(text: str) -> list[tuple[int, int]]:
    """(start, end) of each home address written in English with its room first (see _ENGLISH_ADDRESS)."""
    # (looked for on the lines holding a room word's letters, each a literal found ten times faster than the pattern's
    # first characters, a class)
    lines = lines_holding(text, "oom", "nit", "lat", "pt", "uite", "Rm", "RM", "hambre", "ppartement", "#")
    out = []
    for m in finditer_on(_ENGLISH_ADDRESS, text, lines):
        b = _EN_BUILDING_BEFORE.search(text, back(text, m.start(), 16), m.start())  # (Building 6, Room 1502, …)
        out.append((m.start() if b is None else b.start(), m.end()))
    # a building and its room with nothing after them (… Tower 2 Room 905.): a household, as 3栋502 is; the estate's
    # English name before the building goes too
    for m in finditer_on(_EN_ROOM_PATTERN, text, lines):
        b = _EN_BUILDING_BEFORE.search(text, back(text, m.start(), 16), m.start())
        if b is None or any(a <= m.start() < e for a, e in out):
            continue
        e = _EN_ESTATE_BEFORE.search(text, back(text, b.start(), 40), b.start())
        out.append((b.start() if e is None else e.start(), m.end()))
    return out


#: What may continue a home address within its clause, piece after piece (see :func:`address_rest`): the estate or the
#: tower after a road's door when a building, a floor or a dashed door follows it (东湖路8号东湖小区1栋5楼, 文三路…号
#: 求是村12幢503, 弥敦道688号旺角中心12楼B室), its zone, the building, the unit, the floor, the room (with its word: 502房),
#: a door's sub-number (之三, 附1号), and the words for where in the house the household lives: a lane house's rooms
#: (亭子间, 灶披间, 客堂间, 前楼, 后楼), the back or front door and the flat over it (后门楼上), the back or front
#: block of a Cantonese flat (后座), a one-storey house (平房), the back or front yard (后院), a courtyard's inside and
#: its row and door (院内 东排 3 号) or its side house (内北房). Numbers of a building, a floor or a room, and these
#: words, nothing else: a shop, a landmark or a verb after the address ends it.
_REST_ESTATE = re.compile(rf"{NAME_CHAR}{{1,10}}?(?:{_PLACE_WORD}|坊|大厦|大楼|广场|中心|城|府|庭|湾|居|公馆)(?:{_ZONE})?"
                          rf"(?= ?(?:{_BUILDING}|{_ZONE}|{_DASHED}|{_FLOOR} ?(?:{_ROOM}|[A-Z]室)))")
_REST_PIECES = re.compile(
    rf"(?:{_ZONE}|{_BUILDING}|{_UNIT}|{_FLOOR}(?![上下道梯顶口外])|附{NUM}号|之{NUM}号?(?![\d一二三四五六七八九十])"
    rf"|[A-Z] ?室|(?<=[楼层])[A-Z](?![A-Za-z])|{_ROOM}"
    # (the room's word after its number: 502房, 1203室)
    r"|(?<=[\d一二三四五六七八九零〇])(?:室|号房|房)(?![子屋间东西租价])"
    # (where in the house: 后门楼上, 后座, 亭子间, 平房, 后院, 院内 东排 3 号, 内北房)
    r"|(?:[前后]门)?楼上(?=[，,。；;！!？?、 \n）)]|$)|[前后]座(?![位椅])|[前后]门(?![口外前卫岗])|亭子间|灶披间|客堂间|[前后]楼(?![上下道梯])"
    rf"|平房|[前后]院(?![子里])|(?<=院)[内里](?= ?(?:[东西南北前后中]排|[东西南北正]房|[东西南北正]屋))|(?<=[号院])[内里](?=[东西南北正][房屋])|[东西南北正](?:房|屋)(?![子间顶])"
    rf"|(?:[前后中东西南北]|第?{NUM})排 ?{NUM} ?号(?![楼院栋座位车床\d])"
    # (the estate's English name after the door: 3-2-501 Jinxiu Garden)
    rf"|(?:(?<=\d) |(?<=\d ))(?:[A-Z][a-z]+ ){{1,3}}{_EN_ESTATE_WORD}"
    # (and the road after the estate's English name: 3-1202 Lakeview Court, Binhu Road)
    r"|(?<=[a-z])[,，] ?(?:[A-Z][a-z]+ ){1,3}(?:Road|Rd|Street|St|Avenue|Ave|Lane|Boulevard|Blvd|Lu|Jie|Dadao|Hutong|Alley)(?![A-Za-z])"
    # (a note in brackets between the parts, a household part after it: 幸福路8号（老粮站院内）3栋201)
    rf"|[（(][^（()）\d，。,；;]{{1,10}}[）)](?= ?(?:{_BUILDING}|{_UNIT}|{_FLOOR}|{_DASHED}|{NUM}号)))")
# (a room after a comma, right after the floor: 十一栋七楼，702)
_REST_COMMA_ROOM = re.compile(r"[，,] ?\d{3,4}(?=[，,。；;！!？? \n]|$)")
_REST_FLOOR = re.compile(_FLOOR)
_FLOOR_AFTER = frozenset("号栋幢座元院区期门楼")
_REST_AFTER = frozenset("号室房户楼层院间座门栋幢元区期0123456789一二三四五六七八九十〇零ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def address_rest(text: str, end: int, start: int | None = None) -> int:
    """The end of the home address ending at ``end`` with what continues it in its clause taken in (see
    :data:`_REST_PIECES`); ``end`` when nothing does. A space may stand before a piece when the address is written
    with its parts apart (``text[start:end]`` holds one).

    >>> text = "她住在东湖路8号东湖小区1栋5楼，手机打不通"
    >>> text[3:address_rest(text, 8)]
    '东湖路8号东湖小区1栋5楼'
    >>> text = "住在长江路8号平房，冬天冷"
    >>> text[2:address_rest(text, 7)]
    '长江路8号平房'
    >>> text = "家住长江路8号对面的超市楼上"
    >>> address_rest(text, 7)
    7
    """
    spaced = start is not None and " " in text[start:end]
    n = len(text)
    if not 0 < end < n or text[end - 1] not in _REST_AFTER:
        return end
    after_estate = False  # (the piece before was the estate's or the tower's name: a floor may follow it)
    while end < n:
        at = end + 1 if spaced and text[end] == " " and end + 1 < n else end
        m = _REST_PIECES.match(text, at) or _DOOR_TAIL.match(text, at)
        estate = m is None and (m := _REST_ESTATE.match(text, at)) is not None
        if m is None and text[end - 1] in "楼层":
            m = _REST_COMMA_ROOM.match(text, end)
        if m is None or m.end() == m.start():
            return end
        if _REST_FLOOR.fullmatch(text, m.start(), m.end()) and not after_estate and (
                text[end - 1] not in _FLOOR_AFTER or _REST_FLOOR.search(text, back(text, end, 12) if start is None else start, end)):
            return end  # (a floor after a room, or after an address that has one: …14栋102 一楼, …1层1号 一楼住户)
        end, after_estate = m.end(), estate
    return end
