"""Redacting personal data from open answers before anything is stored or shown.

What goes, replaced by a typed placeholder:

==============  ==========================================================  ==============
kind            examples                                                    placeholder
==============  ==========================================================  ==============
phone           13812345678, 138-1234-5678, +86 138 1234 5678, (+86)138…,    〔电话〕
                135.1060.2288,
                13 8 1 2 3 4 5 6 7 8, 一三八一二三四五六七八, 壹叁柒 零伍捌贰 …
                ① ③ ⑨ 0012 3456 (circled digits), ⑬⑨⓪… (⑬ = 13),
                壹伍捌 陸貳柒叁 … (traditional numerals), one three six,
                0 two 1 8, double oh … (English number words)
landline        0772-2345678, (010)12345678, 座机 2345678, 0 2 0 - 8 7 6 5 …,  〔电话〕
                电话:8536 2719, 86-21-64382917, 0755-83219876转602 (with its
                extension), 打俾我 6123 4567, 0591-8765 432, 搵：陈生 九八七六 五四三二
                (a local number in numerals after a contact cue), 你哋打 6234 8891 揾我
                (after a call asked of the reader, the writer to be asked for)
id_card         18-digit ID (last digit may be X), in any grouping (by its     〔身份证号〕
                check digit), inside a longer certificate number; 15-digit old ID
email           zhang.san@qq.com                                            〔邮箱〕
wechat          微信 zhang_san88, vx: abc12345, 加V，abc_de, wx我：ab_12, wxid_… 〔微信号〕
                a mobile number with letters after it (13812345678x)
qq              QQ 12345678, 扣扣 3 5 7 2 4 6 8 1 (typed apart)             〔QQ号〕
address         幸福路88号阳光小区3栋2单元501室, 枫林绿洲11-2-602,          〔地址〕
                长江路102号附5号, 东风村三组47号 (whole; see :mod:`.address`)
room            住在2单元501, 住在701 (a room after a home cue)             〔门牌号〕
plate           桂B12345, 车牌 Yue B 8L2K7 (the province in pinyin, after 车牌)  〔车牌号〕
name            张建国主任, 网格员李红梅, 联系人：刘伟, 高峰跟我说             〔姓名〕
number          bank cards, frame numbers, platform IDs after their label   〔号码〕
==============  ==========================================================  ==============

Decision on addresses (:mod:`.address`): a home address goes whole, from the road or
estate to the room; a building or a unit without a room (3号楼, 5栋2单元) and a road
number without a home cue (人民路88号) stay, because residents name them to locate a
problem and a building holds many households; an organisation's address
(物业公司地址：…) stays; so does the district, sub-district or community written before
a home address (南京市鼓楼区〔地址〕: see :func:`.address.admin_lead`). A unit and a room
with no building (3单元402的 X 家, 我是1单元702的) stays as a room alone (501室) does, whoever's door
it is: every building of an estate has one, so it locates no household (decision 2026-12-07); after a
home cue (住在3单元402) it goes. A building with its room goes however it is written (3栋2单元501,
7-1-1203: building 7, unit 1, room 1203), the writer's door or a neighbour's: a neighbour's home is
as personal as the writer's.

What stays: a number already masked (138****5678, 4502**********1234): it identifies nobody any more, and
whoever masked it meant it to be read; a room alone (1801室), also when named as a landmark (比如502室门口那段) unless a
home cue stands before it; an 18-digit number whose region, birth date or check digit is impossible
(11010519871345002X: month 13), after 身份证号 too; 12345 (hotline), 2023年, 45分钟, 6楼, 202路, 3号线, 400-800-1234,
12-digit work orders, order numbers after their label, credit codes (checked), utility, shop and facility cards
(电卡卡号, 户号, 门禁卡号, 停车卡号), passes (老年卡号, 敬老卡号, 图书卡号; decision: like an order number, an
account with the office that issued it, which names nobody to a reader of the report; a card number that is an ID
number or a mobile is read as one; cards that hold a person's social insurance, health or money account, 社保卡,
医保卡, 市民卡, 就诊卡 and bank cards, still go: they are sensitive personal data), a fund's account, an organisation's published landline
(社区服务电话：0731-…, 物业前台电话, 售楼处电话, 卫生服务中心预约电话, 物业客服 0531-…, 街道办事处 023-…, 联系居委会：电话 …,
the management office (tel …), a line, a mailbox or an account whose owner named before it in its clause is an
organisation (社工站邮箱, 業主委員會的電郵, 物业电话永远打不通（…）, 店里电话, 社区公众号 ID; not after a person's title or the
first person: 居委会王主任的邮箱, 我公司的邮箱; see _ORG_WORD) or after it (…这个是物业办公室的), an organisation's name right before it with no label word (供电所 0591-…, 打到燃气公司0532-…;
a name ending in 所, 公司, 院, 局, 站, 中心 …), a service's line at an organisation (…卫生院的家庭医生签约电话 …), the labels read
in simplified characters (管理處電話); decision: a number an office gives the public is no personal data; a mobile after such a label and a landline after a person's title, 社区主任电话,
still go, unless the writer says after it that it is the office's: …（物业公司公用号）), a group's QQ number (业主群QQ：…;
群主QQ, a person's, goes) and an office's service WeChat account (物业客服微信 …, 官方微信), permit numbers, parcel codes (取件码 8-3-2091),
dates, prices, areas, counts; titles without a surname (物业经理, 社区书记) and a
surname with a title (王书记, 老张; see :mod:`.names`).

Patterns run on normalised text (ASCII digits, see :mod:`.clean`); those of numbers read a digit view of it, in
which every numeral script (一, 壹, 幺, 两, 陸 …) is the digit it stands for, one character for one, and a run of English
number words or two-digit circled numbers is read as its digits (see _spelled). Each pattern
starts with a literal or a character class so the regex engine can skip ahead,
and matches are found over a whole batch joined into one string: redacting a
million answers costs about as much as reading them.
Every pattern needs a digit, an @, a messenger label, a Chinese numeral before
栋/单元/号, a run of five numerals in any script or a number word, so one pre-check pass over the batch picks the lines that have one
(one in twenty in the synthetic surveys) and the patterns run on those lines only.

>>> redact("我住3栋2单元501室，电话13812345678，找王建国书记没用")
'我住〔地址〕，电话〔电话〕，找〔姓名〕书记没用'
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable

import numpy as np

from .clean import Lines as _Lines, ahead, back, line_subset as _line_subset, lines_at, lines_holding, read_simplified
from .address import _PUBLIC_DOOR_AFTER, _ROAD_WORD, _SECTION, NAME_CHAR, address_rest, admin_lead, door_tail, english_addresses, find_addresses, pinyin_addresses

PLACEHOLDERS: dict[str, str] = {
    "phone": "〔电话〕",
    "landline": "〔电话〕",
    "id_card": "〔身份证号〕",
    "email": "〔邮箱〕",
    "wechat": "〔微信号〕",
    "qq": "〔QQ号〕",
    "room": "〔门牌号〕",
    "address": "〔地址〕",
    "plate": "〔车牌号〕",
    "name": "〔姓名〕",
    "number": "〔号码〕",
}
KINDS_ZH: dict[str, str] = {
    "phone": "手机号", "landline": "固定电话", "id_card": "身份证号", "email": "邮箱", "wechat": "微信号",
    "qq": "QQ号", "room": "门牌号（单元/室）", "address": "住址（路/小区到门牌）", "plate": "车牌号", "name": "姓名", "number": "其他号码或账号",
}

_ROOM_STOP = "年月日号路元块米分秒天层楼个户人辆次%多平万千斤度岁公里期届级条栋幢台部家位名"
_D = r"\d"


# First digits of Chinese mobile numbers (13x–19x as issued; all of 19x, since new 19x blocks keep being
# issued and a missed phone costs more than a redacted number) and the province codes of ID numbers.
_MOBILE = r"1(?:3\d|4[5-9]|5[0-35-9]|6[2567]|7[0-8]|8\d|9\d)"
_PROVINCES = frozenset("11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82".split())
#: Cards of a utility, a shop or a facility (燃气卡, 会员卡, 门禁卡, 停车卡: a household's meter or a door, no person)
#: and passes for a service or a place (老年卡, 敬老卡, 图书卡). Decision: like an order number, an account with the
#: office that issued it, which names nobody to a reader of the report. A card that holds a person's social insurance,
#: health or money account goes: 社保卡 (a bank card too), 医保卡 and 市民卡 (in many cities the social insurance card),
#: 就诊卡 and 健康卡 (health data), bank cards.
_CARD_KINDS = ("燃气|水|电|气|暖气|热力|购电|购气|会员|公交|饭|门禁|停车|车位|电梯|健身|洗衣|充电|加油|购物|储值|积分|出入|小区|"
               "老年|老人|敬老|长者|优待|图书|借书|校园|学生|一")
# Labels after which a number is a work order, order, invoice or account number, never a phone or an ID.
_NOT_PERSONAL_LABEL = re.compile(r"(?:(?:工单|订单|单号|编号|流水号|快递|运单|发票|合同号|案件号|受理号|批次|备案号|信用代码|代码|序号|票号|"
                                 r"文号|批号|户号|表号|缴费号|用户号|许可证|执照|注册号|登记号|证书编号|报修单|报修号|回执号?|票据号?|收据号?|凭证号?|单据号?|"
                                 # a document's number written the Latin way (No. 159 0273 6418, NO:…)
                                 r"(?<![A-Za-z])(?:No|NO)\.?"
                                 # a utility's, a shop's or a facility's card, or a pass (_CARD_KINDS; 电卡号, 老年卡卡号)
                                 rf"|(?:水费|电费|IC|ic|物业|{_CARD_KINDS})卡卡?"
                                 # codes of a parcel locker or a shelf (取件码 8-3-2091): no door
                                 r"|取件码|取货码|提货码|取餐码|验证码|柜号|格口号?|货架号?)(?:号码|号|编号)?"
                                 # an organisation's or a fund's account (维修基金账号, 公司账户, 对公账号): not a person's
                                 # or a household's account with a utility or a network (宽带的账号, 有线电视账号): a line, not a person
                                 # (a housing fund's account too, 公积金账号: an account with the fund, as a utility's is)
                                 r"|(?:基金|资金|公积金|公司|单位|对公|物业|公共|公款|专户|宽带|有线电视|电视|光纤|网络|燃气|水务|供电|电力|"
                                 # a utility's account for paying it (供热缴费账号, 暖气费账号, 水费户账号)
                                 r"缴费|交费|供热|供暖|暖气费?|热力|自来水|水费|电费|燃气费|煤气)"
                                 r"的? ?(?:银行)?(?:账号|帐号|账户|帐户|卡号))(?:是|为|[:：]| ){0,3}$")
#: An organisation's office, desk or service line before a landline (社区服务电话, 物业前台电话, 居委会办公室座机,
#: 街道办值班电话). Decision: a landline published by an organisation for the public is no personal data and
#: stays; a mobile after the same label goes all the same (a duty mobile is often a staff member's own), and so
#: does a landline after a person's title (社区主任电话) or with no organisation before it (我家座机).
_OFFICE_PHONE_LABEL = re.compile(
    r"(?:社区|居委会?|村委会?|街道办?|物业(?:公司|服务中心)?|管理处|服务中心|服务站|党群服务中心|网格站|警务室|派出所|卫生院|"
    r"卫生服务中心|医院|诊所|学校|幼儿园|公司|单位|政府|办事处|营业厅|供电所|供电局|水务|燃气公司|客服|前台|总台|服务台|"
    r"门卫室?|门岗|保安室|值班室|办公室|监控室|消控室|报修中心|业委会|开发商|售楼处|售楼部|销售中心|营销中心|"
    r"门诊部?|药店|药房|银行|网点|窗口|"
    # halls and care points open to the public (办事大厅, 政务大厅, 养老驿站, 日间照料中心)
    r"(?:办事|政务|服务|营业)大厅|(?:养老)?驿站|养老院|敬老院|照料中心|"
    # the city's offices and squads (城管执法中队, 交警大队, 住建局, 市场监管所): their duty numbers are published
    r"城管(?:执法)?|执法|[中大]队|交警|消防|局|(?<![住居场])所|管委会|委员会|"
    # the government's own offices named by their business (信访办, 综治办, 文明办, 拆迁办, 老龄办)
    r"信访|综治|维稳|文明|创文|创卫|住建|民政|残联|老龄|卫健|人社|应急|拆迁|征收|棚改|旧改|房管|人防|妇联|团委)"
    r"(?:办|办事处|处|站|中心|部|大厅|支队|大队|中队)?"
    # what comes between the office and its number's label: 的, a space, where it is posted (社区通知上写的咨询电话,
    # 物业服务中心 24小时电话)
    r"(?:的|[ :：]|(?:通知|公告|告示|公示|门口|墙|栏|牌子)上?(?:写|贴|公布|留|印)?的?)?(?:服务|前台|总台|值班|办公|客服|咨询|报修|维修|抢修|急修|救援|应急|投诉|受理|公共|对外|公开|24小时|值班室|办公室|服务台|热线|"
    # (a service named before the line's word: 家庭医生签约电话, 户籍办理电话, 报名登记电话)
    r"预约|挂号|售楼处?|销售|售后|[^\W\d_]{0,4}?(?:签约|办理|缴费|报名|登记))*"
    # the label's own word for a number, or none after a desk's or an office's name (物业客服 0531-…, 公司前台 0731-…,
    # 物业服务中心 0731-…, 街道办事处 023-…, 居委会 0731-…)
    r"(?:电话|座机|固话|热线|号码|总机|打|拨打|拨|致电|(?<=客服)|(?<=前台)|(?<=总台)|(?<=服务台)|(?<=中心)|(?<=服务站)|"
    r"(?<=办事处)|(?<=居委会)|(?<=村委会)|(?<=街道办)|(?<=管理处)|(?<=所)|(?<=公司)|(?<=院)|(?<=局)|(?<=站)|(?<=[会委道区业队局所站心司校院处]办公室)|(?<=[会委道区业队局所站心司校院处]值班室))(?:号码?|是|为|[:：]| |[（(]){0,3}$")
#: A number's label that says the line is a post's or a published one, whoever holds it (网格员的工作号, 工作电话;
#: 咨询电话, 咨询热线; a service guide's, a notice's or a website's number: 办事指南写着…): a landline there stays, as
#: after an office's label; a mobile after it goes all the same (see _OFFICE_PHONE_LABEL).
_PUBLIC_LINE_LABEL = re.compile(r"(?:(?<!我的)(?<!我们的)(?:工作号码?|工作电话|办公号码?|咨询电话|咨询热线|服务热线)"
                                r"|(?:办事指南|服务指南|官网|网站|公告|告示|通知|公示|宣传栏|牌子)上?[^，。！？；\n]{0,10}?(?:电话|热线|号码))"
                                r"(?:号码?|是|为|[:：]| ){0,3}$")
#: An office the writer tells readers to contact, then its number in the next words (报名找社区居委会，电话 025-…; 有事请
#: 联系物业，座机 …): the office's line, as after its label (_OFFICE_PHONE_LABEL); landlines only, as there.
_CONTACT_OFFICE = re.compile(r"(?:联系|找|咨询|致电|打给|拨打)(?:社区)?(?:居委会?|村委会?|街道办?(?:事处)?|办事处|物业(?:公司|服务中心|管理处)?|"
                             r"管理处|服务中心|服务站|社区)[，,:：] ?(?:电话|座机|固话|热线|号码)(?:号码?|是|为|[:：]| ){0,3}$")
#: An office named in English before its line (the management office (tel 0755-…), reception phone: …), not the writer's
#: own (my office tel): published, as after a Chinese office's label.
_EN_OFFICE_LABEL = re.compile(r"(?<![Mm]y )(?<![Oo]ur )(?:[Oo]ffice|[Dd]esk|[Rr]eception|[Cc]ommittee|[Cc]ent(?:er|re)|[Hh]otline)(?:'s)? ?"
                              r"[（(]? ?(?:[Tt]el|TEL|[Pp]hone|[Tt]elephone)\.?[:：]? ?$")
#: The owner of a number, a mailbox or an account named before it in its clause, an organisation (我们社区的社工站邮箱是 …,
#: 業主委員會的電郵是 …, 物业电话永远打不通（0371-…）, 店里电话 0592-…, 社区公众号 ID：…): one class for the lines, the
#: mailboxes and the accounts. An organisation is a word of one (社区, 居委会, 物业, 业委会, 店里 …) or a name ending in
#: an organisation's word (…站, …所, …院, …局, …中心, …公司, …委员会 …); nothing between it and the datum may name a
#: person (我, 本人, 自己, a title: 主任, 经理, 老板, 师傅, 医生, 网格员, 联系人; 小王) and no first person owns the organisation
#: (我公司的邮箱, 我单位电话: the writer's own). What the label is, is the caller's (_ORG_LINE, _ORG_MAIL, _ORG_ACCOUNT).
_ORG_NAME = r"[^\W\d_我你他她的是在和与]"
_ORG_WORD = (rf"(?:社区|居委会?|村委会?|街道办?|办事处|物业|管理处|业委会|开发商|店里|门店|维保|"
             # a party to the works, named by its role (施工方, 承建方, 甲方): the firm, not a person
             rf"(?:施工|承建|建设|开发|设计|监理|供货|供应|维修|运营|甲|乙)方|"
             rf"{_ORG_NAME}{{0,6}}?(?:中心|公司|委员会|学校|小学|中学|大学|幼儿园|医院|银行|协会|商会|工会|集团|机构|单位|政府|部门|"
             rf"大队|中队|支队|办公室)|"
             rf"{_ORG_NAME}{{1,6}}?(?:(?<![住场厕])所|(?<![住医病书庭])院|局|站|(?<![商书])店|(?<![工])厂|(?<![旅宾])馆))")
_PERSON_WORD = (r"(?:我(?!们)|本人|个人|自己|私人|他|她|主任|书记|经理|站长|所长|院长|校长|队长|会长|老师|医生|大夫|老板|师傅|阿姨|"
                r"先生|女士|小姐|员(?!会)|负责人|联系人|[小老][^\W\d_](?=的?(?:电话|手机|座机|邮箱|电邮)))")
_ORG_NOT_MINE = r"(?<!我)(?<!我的)(?<!我在)(?<!我们的)"


def _org_owned(label: str) -> re.Pattern:
    """The clause before a datum, ending in its label (``label``) after an organisation's word (see _ORG_WORD)."""
    free = rf"(?:(?!{_PERSON_WORD})[^，。！？；;,!?\n\d])"
    return re.compile(rf"{_ORG_NOT_MINE}{_ORG_WORD}{free}{{0,8}}?(?:{label}){free}{{0,8}}$")


# (or the organisation's name right before the number, no label word: 社区卫生站：0898-…, 店里 0592-…)
_ORG_LINE = _org_owned("电话|座机|固话|热线|专线|总机|号码|(?<=店里)|(?<=[站所院局心司处会店位方])(?=[:： ]{0,2}$)")
_ORG_MAIL = _org_owned("邮箱|信箱|电邮|邮件|[Ee]-?mail|EMAIL")
_ORG_ACCOUNT = _org_owned("公众号|服务号|订阅号|官方号|官方账号")
#: Where the clause before a datum starts: the last stop, comma or line's start within this many characters.
_CLAUSE_BACK = 30
_CLAUSE_STOP = re.compile(r".*[，。！？；;,!?\n]", re.S)


def _org_owns(pattern: re.Pattern, text: str, start: int) -> bool:
    """Whether an organisation owns the datum at ``start`` by ``pattern`` (_ORG_LINE …), read on its clause before it in
    simplified characters (業主委員會的電郵 is 业主委员会的电邮)."""
    lo = back(text, start, _CLAUSE_BACK)
    before = read_simplified(text[lo:start])
    stop = _CLAUSE_STOP.match(before)
    return pattern.search(before, stop.end() if stop else 0) is not None


#: What the writer adds after a landline to say an organisation's it is (…，0731-… 这个是物业办公室的, …是燃气公司的):
#: the organisation's line (landlines only, as _ORG_LINE).
_ORG_AFTER_LINE = re.compile(rf" ?[，,]? ?(?:这个|这|那个|该号码?)?(?:是|就是|为|属于){_ORG_WORD}的?(?![^\W\d_]{{0,2}}(?:{_PERSON_WORD}))")
#: A mailbox posted on a notice, a board or a sign (牌子上写着"…邮箱：…", 公告里的邮箱): the notice's, published for
#: everyone, like an office's published mailbox; not after 我的.
_NOTICE_MAIL = re.compile(r"(?:牌子|公告|告示|通知|公示|宣传栏|公告栏|海报|横幅|标牌|告示牌|网站|官网)[^。！？\n]{0,24}?(?<!我的)(?:邮箱|信箱|邮件地址)"
                          r"(?:是|为|[:：]| ){0,3}$")
_FACILITY_WORD = (r"(?:中心|服务站|驿站|大厅|医院|卫生院|诊所|学校|大学|学院|幼儿园|派出所|办事处|街道办|居委会|村委会|政府|"
                  r"公司|营业厅|银行|超市|市场|图书馆|体育馆|场馆|食堂|办公室|物业|党群|纪念馆|博物馆|"
                  # the city's squads and bureaus (城管大队, 交警支队, 税务局, 市场监管所; not 住所, 场所)
                  r"大队|中队|支队|分局|(?<![住场])所|局)")
#: A public facility's or an organisation's own address (社区党群服务中心地址：…, 派出所的地址是…, 市一医院（地址：…）), or
#: the facility named and then where it is (社区养老服务站在和平路45号一楼, 派出所户籍窗口在…, 卫生院搬到了…三楼): a place,
#: not a home.
_FACILITY_ADDRESS = re.compile(rf"{_FACILITY_WORD}(?:的?[（(]?(?:地址|地点|位置|办公地点)(?:是|为|在|[:：]| ){{0,3}}[^\W\d_]{{0,3}}"
                               rf"|[^\W\d_]{{0,6}}?(?:就|都|现在|已经)?(?:在|位于|设在|开在|搬到了?|迁到了?|搬去了?) ?[^\W\d_]{{0,8}})$")  # (a rejected address is tried again a
# character on: 银行在人|民路8号二楼, so the road's first characters may stand between)
#: What the writer adds after a number to say it is an office's, not a person's (…（物业公司公用号）, …（公司前台）):
#: such a number stays, a mobile too, since the writer states that it is published for everyone.
_PUBLIC_NUMBER_AFTER = re.compile(r" ?[（(][^（()）]{0,10}(?:公用号|公用电话|公共电话|公共号码|前台|总机|总台|对外电话|办公电话|"
                                  r"单位电话|公司电话|值班号|值班电话|服务电话|热线)[^（()）]{0,4}[）)]"
                                  # or said in words right after it (…是公用的, …是对外的, …是店里的, …是公司的: a shop's or a firm's line)
                                  r"| ?(?:是|就是|为)(?:公用|公共|对外|(?:店里|店|门店|餐厅|饭店|公司|单位)的)")
#: An office named in brackets right after a landline (…（街道办）, …（园办）, …（物业）, （居委会）): the writer says
#: whose line it is, an office's, which names nobody. Landlines only: a mobile after it may be a clerk's own.
_OFFICE_AFTER_LINE = re.compile(r" ?[（(](?:社区|居委会?|村委会?|街道办?(?:事处)?|办事处|物业(?:公司|服务中心|管理处)?|管理处|"
                                r"服务中心|园办|校办|教务处|学校|幼儿园|医院|卫生院|派出所|警务室|[\u4e00-\u9fff]{1,4}(?:办|处|局|所|站|中心|大队|中队))[）)]")
#: A bare 卡号 whose card is named before it in the same clause (门禁卡老是失灵，我卡号 …, 老年卡的卡号): the card's
#: kind decides, as it does after a card label.
_CARD_NAMED_BEFORE = re.compile(rf"(?:{_CARD_KINDS})卡(?![号])"
                                r"[^银社医。！？!?；;]{0,14}$")
# Labels of QQ and WeChat IDs, as residents write them.
_QQ_LABEL = r"(?:QQ|qq|Qq|qQ|扣扣|企鹅号|企鹅|球球|(?<![A-Za-z])[qQ](?![A-Za-z]))"
#: The words residents write for WeChat, each a literal: the label pattern and the batch pre-check (_TRIGGER) read
#: the same list, so a new word is seen by both paths.
_WX_WORDS = ("微信", "微 信", "威信", "薇信", "卫星号", "维信", "v信", "V信", "vx", "VX", "Vx", "vX", "wx", "WX", "Wx", "wX",
             "weixin", "Weixin", "wechat", "WeChat", "Wechat", "绿泡泡")
#: A heart or a star written for 信 after 微 (微❤️：…, 微💚 …): the label spelt so that a filter misses it.
_WX_HEART = "[\u2764\u2665\u2661\u2605\u2606\U0001F499-\U0001F49F\U0001F9E1]"
_WX_LABEL = ("(?:" + "|".join(map(re.escape, _WX_WORDS)) + "|"
             # (a lone v or V led by the letter, the look-behind after it: every alternative starts with a literal, so the
             # regex engine skips ahead to the next label character instead of trying each position)
             r"v(?<![A-Za-z]v)(?=[:：]|号|我)|V(?<![A-Za-z]V)(?=[:：]|号|我)|加个?[vV](?![A-Za-z])|加我[vV](?![A-Za-z])|加个?微(?![信博商])|微(?=[:：])|"
             r"薇(?=[:：])|we[cC]hat ?(?:id|ID|Id)|We[cC]hat ?(?:id|ID|Id)|薇 ?信|"
             # 微 and a heart or a star for 信 (微❤️：…, 微💚 …): the label written so that a filter misses it
             f"微{_WX_HEART}\ufe0f?)")
# What stands between a messenger label and the ID (微信：, 加V，, 加个v吧, wx我：, 微信号是).
_WX_SEP = r"(?:[:：，, （()）]|是|係|为|搜|加|吧|我|微信){0,5}"
#: A group's account, not a person's: a QQ number right after 群 (业主群QQ：…, 我们的工具群QQ号 …; a group owner's, 群主QQ,
#: is a person's and goes).
_GROUP_QQ = re.compile(rf"群的?{_QQ_LABEL}(?:号码|号|账号)?(?:[:：]| |是|为){{0,3}}$")
#: An organisation's service or official WeChat account (物业客服微信 lcwy_kefu01, 社区官方微信：…, 前台微信): published
#: for the public like an office's line. An ID that is a mobile number still goes, read as the phone it is.
_SERVICE_WECHAT = re.compile(rf"(?:客服|官方|前台|总台|服务台)的?{_WX_LABEL}[^，。！？；;\n]{{0,12}}$")
# Chinese numerals as residents write a phone number (一八六八一二三四五六七, 幺三八…).
_ZH_DIGIT = "〇零一二三四五六七八九幺"
#: Every numeral script residents write a number in, mapped one character to one digit: lower-case numerals, the
#: financial (capital) ones and the spoken 幺 and 两. The number patterns read this digit view of the text, so a
#: phone, an ID or a QQ number is found whatever mix of scripts it is written in (壹叁柒 零伍捌贰 …, 幺三八…).
#: A digit in a circle (① ⑧ ⑦ 8812 6034; ⓪, and the filled ones ❶ … ❾, ⓿) is the digit, as it is on a keypad sticker.
_CIRCLED = ("⓪⓿", "①❶", "②❷", "③❸", "④❹", "⑤❺", "⑥❻", "⑦❼", "⑧❽", "⑨❾")
#: (the traditional forms of the numerals that have one too: 貳, 參 and 叄, 陸, 兩; 壹 叁 肆 伍 柒 捌 玖 are the same)
_NUMERAL_DIGITS = str.maketrans({c: str(d) for d, chars in enumerate(
    ("〇零", "一壹幺", "二贰两貳兩", "三叁參叄", "四肆", "五伍", "六陆陸", "七柒", "八捌", "九玖")) for c in chars + _CIRCLED[d]})
_NUMERAL = re.compile("[〇零一壹幺二贰两貳兩三叁參叄四肆五伍六陆陸七柒八捌九玖" + "".join(_CIRCLED) + "]")
_NUMERAL_PAIRS = tuple((chr(k), v) for k, v in _NUMERAL_DIGITS.items())
# (the circled digits are rare: those present are found in one scan of the text, not twenty)
_CIRCLED_DIGIT = {c: str(d) for d, chars in enumerate(_CIRCLED) for c in chars}
_WRITTEN_PAIRS = tuple(p for p in _NUMERAL_PAIRS if p[0] not in _CIRCLED_DIGIT)
_ANY_CIRCLED = re.compile("[" + "".join(_CIRCLED) + "]")
#: Numbers written with more characters or fewer than their digits: English number words (one three six, 0 two 1 8; oh
#: for a zero) and the circled numbers of two digits (⑬ = 13, ⑳; filled ⓫ … ⓴). A run of them with digits (the view's,
#: so every numeral script counts) apart by a space, a comma or a dash is read as the digits it says, written together,
#: the run's other characters after them as _FILL: the number patterns then read it as any number (the view keeps the
#: text's offsets; a match ending before a fill takes the run's rest, see Redactor._matches).
_NUMBER_WORDS = {"zero": "0", "oh": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
                 "seven": "7", "eight": "8", "nine": "9"}
_TWO_DIGIT_CIRCLED = {chr(0x2469 + k): str(10 + k) for k in range(11)} | {chr(0x24EB + k): str(11 + k) for k in range(10)}
_SPELLED_WORD = r"(?:[Zz]ero|[Oo]h|[Oo]ne|[Tt]wo|[Tt]hree|[Ff]our|[Ff]ive|[Ss]ix|[Ss]even|[Ee]ight|[Nn]ine)(?![A-Za-z])"
_CIRCLED_TENS = "".join(_TWO_DIGIT_CIRCLED)
# (double and triple before a digit, as English speakers read a number out: double oh = 00)
_SPELLED_TOKEN = rf"(?:\d|(?<![A-Za-z])(?:(?:[Dd]ouble|[Tt]riple) )?(?:{_SPELLED_WORD}|\d)|[{_CIRCLED_TENS}])"
_SPELLED_RUN = re.compile(rf"{_SPELLED_TOKEN}(?:[ ,，、\-—–]{{0,3}}{_SPELLED_TOKEN}){{5,}}")
_TIMES = {"double": 2, "triple": 3}
_SPELLED_PART = re.compile(rf"\d|[A-Za-z]+|[{_CIRCLED_TENS}]")
_FILL = "\ue000"
_ASCII_DIGIT = re.compile("[0-9]")  # (a private-use character: no text holds one)


# (found fast: a number word's first letter, a class the regex engine scans for, then the word; a run is looked for only
# around each, since the run's pattern, led by a digit, would be tried at every digit of a batch)
_WORD_FIRST = re.compile("[EeFfNnOoSsTtZz]")
_WORD_AT = re.compile(rf"(?<![A-Za-z]){_SPELLED_WORD}")
_ANY_CIRCLED_TEN = re.compile(f"[{_CIRCLED_TENS}]")
#: How far before a number word the run holding it may start (digits before the word: 1 3 9 zero …).
_RUN_BACK = 60
_RUN_AHEAD = 400  # (and how far after it it may end)


def _spelled_at(view: str) -> list[int]:
    """Where a number word or a two-digit circled number stands in ``view``, in order."""
    return sorted([m.start() for m in _WORD_FIRST.finditer(view) if _WORD_AT.match(view, m.start())]
                  + [m.start() for m in _ANY_CIRCLED_TEN.finditer(view)])


def _spelled(view: str) -> str:
    """``view`` with each run of number words or two-digit circled numbers written as its digits (see _NUMBER_WORDS)."""
    out, last = [], 0
    for p in _spelled_at(view):
        if p < last:
            continue
        m = next((m for m in _SPELLED_RUN.finditer(view, max(last, p - _RUN_BACK), p + _RUN_AHEAD) if m.end() > p), None)
        if m is None or m.start() > p:
            continue
        run = m.group()
        digits, times = [], 1
        for t in _SPELLED_PART.findall(run):
            if t.lower() in _TIMES:
                times = _TIMES[t.lower()]
                continue
            digits.append((_TWO_DIGIT_CIRCLED.get(t) or _NUMBER_WORDS.get(t.lower()) or t) * times)
            times = 1
        digits = "".join(digits)
        end = m.end()
        while len(digits) > end - m.start() and view[end:end + 1] == " ":
            end += 1  # (⑬⑧⓪…: more digits than characters, the spaces after the run lend their places)
        if len(digits) > end - m.start():
            continue
        out += [view[last:m.start()], digits, _FILL * (end - m.start() - len(digits))]
        last = end
    return "".join(out) + view[last:] if out else view


def _digit_view(text: str) -> str:
    """``text.translate(_NUMERAL_DIGITS)``, a str.replace per numeral present (a C loop each: a sixth of the time of
    translate, which looks every character up in a dict); the same, since no digit is itself a numeral replaced. Runs
    of number words and two-digit circled numbers then read as their digits (see _spelled). ``text`` itself when it
    holds none of them."""
    for c, d in _WRITTEN_PAIRS:
        if c in text:
            text = text.replace(c, d)
    for c in set(_ANY_CIRCLED.findall(text)):
        text = text.replace(c, _CIRCLED_DIGIT[c])
    return _spelled(text)


#: Kinds whose patterns read the digit view.
_NUMBER_KINDS = frozenset(("phone_commas", "phone", "landline", "landline_spaced", "landline_grouped", "id_card", "qq", "id_inside", "phone_part",
                           "phone_letters", "landline_words"))
#: Patterns of one kind told apart for their checks (see _check), reported as that kind.
_REPORTED_AS = {"phone_intl": "phone", "phone_commas": "phone", "extension": "phone", "landline_spaced": "landline", "landline_grouped": "landline", "id_inside": "id_card", "phone_part": "phone", "phone_letters": "phone", "landline_words": "landline"}
#: A phone number given in parts by their places (前三位是159，后八位2047…): the part's count of digits, as stated.
_PART_COUNT = re.compile(r"([三四五六七八3-8])位(?:数字|号码|数|号)?(?:是|为|[:：]| ){0,3}$")
_PART_CUE = re.compile("(?:前|后|中间|最后|末)[三四五六七八3-8]位")
_PHONE_WORD = re.compile("号码|电话|手机|联系方式|打给|打我")
# An address runs back from the room through building, estate and road (幸福路88号阳光小区3栋2单元501室).
_ADDR_CHAR = NAME_CHAR
_ROAD = (rf"{_ADDR_CHAR}{{1,8}}?(?:{_ROAD_WORD}|里)(?:{_SECTION})?(?:\d+|[一二三四五六七八九十]+)号"
         r"(?:院|大院|附(?:\d+|[一二三四五六七八九十]+)号|之(?:\d+|[一二三四五六七八九十]+))?")
#: A floor of a road's door: 2楼, 三层, and the ground floor, the basement and the attic (底楼, 地下室, 地下一层, 阁楼).
_DOOR_FLOOR = r"(?:\d{1,2}(?:楼|层)|[一二三四五六七八九十]{1,2}(?:楼|层)(?![上下道梯顶里前后门口外内])|底楼|底层|半?地下室|地下[一二三\d]?层|阁楼)"
_ESTATE = (rf"{_ADDR_CHAR}{{1,10}}?(?:小区|花园|苑|家园|公寓|大厦|新村|村|庭|府|城|湾|园|社区|宿舍|公馆|广场|名都|雅居|山庄|"
           rf"大院|嘉园|里|坊|华府|新城|公馆|佳园|楼|邨)(?:[一二三四五六七八九十]期|\d期|[东西南北]区|[A-Z]区)?")
_BUILDING = r"(?:[东西南北中]区|[A-Z]区)?(?:\d{1,3}|[一二三四五六七八九十]{1,3}|[A-Z])(?:栋|幢|号楼|座|#楼?|号)"
# (an estate apart before its named block: 禾輋邨 豐和樓 1203室)
_ADDR_BEFORE = re.compile(rf"(?:{_ROAD})?(?:{_ESTATE} (?={_ESTATE} ))?(?:{_ESTATE})?(?:[东西南北中]区|[A-Z]区)?(?:{_BUILDING})?[- ]?$")
_SPACED_MOBILE = re.compile(_MOBILE + r"\d{8}")
# what residents put between the digits of a phone written out one by one (1—5—9…, 1 5 2 - 3 3 0 9 - …)
_DIGIT_SEP = r"(?: ?[-—–] ?| )"
_OWN_CODE = re.compile(r"\+(?:86|85[23]|886)(?!\d)")
_INTL_CUE = re.compile(r"号码|电话|手机|联系|打|拨|致电|微信|[Cc]all|[Pp]hone|[Tt]el|TEL|[Cc]ell|[Mm]obile|WhatsApp|[Ww]hatsapp|[Nn]umber|"
                       r"[Rr]each|[Tt]ext|[Cc]ontact")
#: Letters right after a mobile number make it an account name built on the number (13812345678x, 138…_wx).
_ACCOUNT_TAIL = re.compile(r"[A-Za-z_][-_A-Za-z0-9]{0,8}(?![-_A-Za-z0-9])")
_DATE = re.compile(r"(?:19|20)\d\d([-/. —–])(?:0?[1-9]|1[0-2])\1(?:0?[1-9]|[12]\d|3[01])")
_FIRST_NUMBER = re.compile(r"[\dA-Z一二三四五六七八九十]")
_SEPARATORS = re.compile(r"[ \-—–]")
#: A home line's words (座机 0571.8765.4321): a phone's word for the landline patterns that need one.
_LINE_WORD = re.compile("座机|座機|固话|宅电|家里|家中|住宅")
#: What residents put between the groups of a mobile's digits (see the pattern phone_commas).
_GROUP_SEPARATORS = re.compile(r"[，,、*·/_. -]")
#: A landline's digits: the area code (010 and 02x take an eight-digit local number, the others seven or eight).
#: An extension after a landline (转602, 转 806, 分机 35, -8012, ext. 12): part of the number one dials.
_EXTENSION_WORD = r"(?:-| ?转 ?| ?分机 ?| ?ext\.? ?| ?EXT\.? ?)"
_EXTENSION = rf"(?:{_EXTENSION_WORD}\d{{1,5}})?"
_EXTENSION_AT_END = re.compile(rf"{_EXTENSION_WORD}\d{{1,5}}$")
_LANDLINE_DIGITS = re.compile(r"0(?:10|2\d)[2-9]\d{7}|0[3-9]\d{2}[2-9]\d{6,7}")
_UNIT_STOP = "年月日元块米分秒天个人辆次%平万千斤度岁公里"
#: What says that the local number before it is a household's or a person's own line (是我家座机, （家里电话）,
#: ，就是本人电话; not 是我家电话费): a bare seven- or eight-digit number goes only with it, so prices, years, hotlines and order numbers
#: (no such words after them) stay.
_OWN_LINE_AFTER = (r"[ ，,]?[（(]?(?:是|为|就是|即)?(?:我|我们|俺|咱|咱们)?(?:家|家里|家中|自己|本人|个人|自家)的?"
                   r"(?:座机|电话|固话|宅电|固定电话|家庭电话|住宅电话|电话号码|号码)(?![费卡单])")
#: The letters a mobile is typed with for a digit, read as that digit (13O5712…: O for 0, l for 1).
_LETTER_DIGITS = str.maketrans("OolI", "0011")


#: The free mail hosts residents use (163.com, qq.com, gmail.com …).
_MAIL_HOSTS = "163|126|yeah|qq|foxmail|sina|sohu|139|189|aliyun|gmail|outlook|hotmail|live|yahoo|icloud|me|msn|tom|21cn|263"


#: A plate's first character: its province's.
_PLATE_PROVINCE = "[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼]"


def _patterns() -> list[tuple[str, re.Pattern, int]]:
    """(kind, pattern, group holding the part to remove), in priority order for overlaps."""
    p: list[tuple[str, str, int]] = [
        ("email", r"[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}", 0),
        # every dot and the @ spelled out, the local part's dots too (zhou dot ping at 126 dot com)
        ("email", r"[A-Za-z0-9](?<![A-Za-z0-9][A-Za-z0-9])[A-Za-z0-9_-]*(?: (?:dot|DOT) [A-Za-z0-9_-]+)+ (?:at|AT) [A-Za-z0-9-]+(?: (?:dot|DOT) [A-Za-z0-9-]+)*"
                  r" (?:dot|DOT) (?:com|cn|net|org|edu)(?![A-Za-z0-9])", 0),
        # a mailbox written so that robots miss it (sunli88#163.com, wang.li(at)qq.com, li_na [at] 126 dot com): the @
        # as # or (at), the dots as dot, before a mail domain's ending
        # (the @ spelled out between spaces too, with the dots spelled out: hao_li AT 163 DOT com; not before a function word:
        # I work at the dot com company)
        ("email", r"[A-Za-z0-9][A-Za-z0-9._%+-]*(?:[#＃]| ?[(（\[](?:at|AT)[)）\]] ?| (?:at|AT) (?!(?:the|a|an|this|that|my|our|your|his|her|its|their|home|work|school|night|least|most|all|first|last|once) )(?=[A-Za-z0-9-]+ (?:dot|DOT) ))[A-Za-z0-9-]+"
                  r"(?:(?:\.| ?(?:dot|DOT) ?)[A-Za-z0-9-]+)*(?:\.| ?(?:dot|DOT) ?)(?:com|cn|net|org|edu)(?![A-Za-z0-9])", 0),
        # the @ spelled out, the dot written, before a free mail host, a digit, a dot or an underscore in the local part
        # (yangfan1985 at 126.com; not "work at 163.com")
        ("email", rf"[A-Za-z0-9](?=[A-Za-z0-9._%+-]*[\d_.])[A-Za-z0-9._%+-]* (?:at|AT) (?:{_MAIL_HOSTS})\.(?:com|cn|net)(?![A-Za-z0-9])", 0),
        # a space on each side of the @ only (yuzhou88 @ 163.com)
        ("email", r"[A-Za-z0-9][A-Za-z0-9._%+-]* @ [A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:com|cn|net|org|edu)(?![A-Za-z0-9])", 0),
        # a mailbox typed with a space between every character (h u a n g m e i @ 1 2 6 . c o m), as a phone is spaced
        ("email", r"[A-Za-z0-9](?: [A-Za-z0-9._-]){2,40} @ [A-Za-z0-9](?: [A-Za-z0-9-]){0,20}(?: \. [A-Za-z0-9](?: [A-Za-z0-9-]){0,20})*"
                  r" \. (?:c o m|c n|n e t|o r g|e d u)(?![A-Za-z0-9])", 0),
        # 18 characters of digits and capitals: an ID number or a unified social credit code (told apart in _check)
        ("id_card", r"[0-9A-Z](?<![0-9A-Za-z][0-9A-Z])[0-9A-Z]{16}[0-9A-Za-z](?![0-9A-Za-z])", 0),
        ("id_card", r"\d(?<![0-9A-Za-z]\d)\d{7}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}(?![0-9A-Za-z])", 0),
        # an 18-digit ID written in groups (330106 19750703 3461, 350203-19560514-2478, 220102 196302 194071)
        ("id_card", r"\d(?<![\d-]\d)\d{5}[ -]\d{6,8}[ -](?:\d{2} ?)?\d{2,5}[0-9Xx](?![0-9A-Za-z-])", 0),
        # the same in any other grouping (4401 0619 9208 1537 24, 44-0106-…): an ID only by its check digit
        ("id_card", r"\d(?<![\d-]\d)(?<!\d[ .-]\d)(?:[ .-]?\d){16}[ .-]?[0-9Xx](?![0-9A-Za-z])", 0),
        # an ID inside a longer certificate number (残疾证号 = the ID and two digits): the 18 characters with a
        # valid check digit, region and birth date (see _id_within)
        ("id_inside", r"[0-9A-Z](?<![0-9A-Za-z][0-9A-Z])[0-9A-Z]{18,29}(?![0-9A-Za-z])", 0),
        # a WeChat ID before the phone patterns: a2 13881706625 is one ID, not a letter and a phone
        ("wechat", r"wxid_[A-Za-z0-9_-]{4,30}", 0),
        ("wechat", rf"{_WX_LABEL}(?:号码|号|账号|id|ID|Id)?{_WX_SEP}([A-Za-z][-_A-Za-z0-9]{{5,19}}|\d{{5,11}}|\d{{5,11}}[A-Za-z_][-_A-Za-z0-9]{{0,8}})"
                   r"(?![-_A-Za-z0-9])", 1),
        # an ID given in the words of the clause after the label (我的vx就是名字拼音加生日 lihua0612): letters, then a digit
        # among them, after a space or a colon, within the clause (not a group's, an official account's, a payment's or a
        # screen's words: 微信群, 公众号, 微信支付…显示 ERROR404)
        ("wechat", rf"{_WX_LABEL}(?:号|账号)?(?:(?!群|公众号|支付|头像|显示|小程序|朋友圈|视频号|报错|提示)[^，。！？,.!?；;\n]){{1,16}}?[ :：]([A-Za-z](?=[-_A-Za-z]*\d)[-_A-Za-z0-9]{{5,19}})(?![-_A-Za-z0-9@])", 1),
        # the ID written right after the v of 加我v (加我vzyq8867yy): an ID of letters with a digit among them
        ("wechat", r"加(?:我|个)?[vV](?![xX信])([A-Za-z](?=[-_A-Za-z]*\d)[-_A-Za-z0-9]{4,19})(?![-_A-Za-z0-9])", 1),
        # (the country code in brackets too: (+86)137…, （0086）137…: the brackets go with it)
        ("phone", rf"(?:[(（](?:\+86|0086|86)[)）]|\+86|00(?<!\d00)86|8(?<!\d8)6)[-—– ]?{_MOBILE}(?:[-—– ]?\d{{4}}){{2}}(?!\d)", 0),
        # a mobile of Hong Kong or Macau (+852 9136 4482, 00853 6612 3456: eight digits, a mobile's first) or Taiwan
        # (+886 912 345 678, +886-0912-345-678) after its country code
        ("phone", r"(?:[(（](?:\+|00)?85[23][)）]|\+85[23]|00(?<!\d00)85[23])[-—– ]?[4-9]\d{3}[-—– ]?\d{4}(?!\d)", 0),
        # (the code without its + too, a separator after it, a mobile's or a landline's eight digits: 852-6178 2290,
        # 852 2345 6789)
        ("phone", r"8(?<![\d+.-]8)5[23][-—– ][2-9]\d{3}[-—– ]?\d{4}(?![\d-])", 0),
        # the same without the code, the writer naming its place after it (6891 2307（香港手机）, 6612 3456 澳门号码)
        ("phone", r"[4-9](?<![\d-][4-9])\d{3}[-—– ]?\d{4}(?!\d)(?= ?[（(]?(?:香港|澳门|澳門|HK|hk|Hong ?Kong|Macau) ?的?(?:手机|手機|电话|電話|号码|號碼|号|號|[Mm]obile|[Pp]hone|[Nn]umber))", 0),
        ("phone", r"(?:[(（](?:\+|00)?886[)）]|\+886|00(?<!\d00)886)[-—– ]?0?9\d{2}[-—– ]?\d{3}[-—– ]?\d{3}(?!\d)", 0),
        # any other country's number after its + (E.164: +44 7700 912 455, +1 （415） 762-3381, +49-30-1234567): the
        # code, then groups of digits, the area code bracketed or not, 8 to 15 digits in all (checked in _check); the
        # codes above first (+86, +852 …: a priority below them)
        ("phone_intl", r"\+[1-9]\d{0,2}(?: ?[(（] ?\d{1,5} ?[)）] ?| ?[-—–.]? ?\d{1,5}[-—–. ]?)(?:\d{2,5}[-—–. ]?){1,4}(?<![-—–. ])(?![\d])", 0),
        # a Taiwan mobile written 09xx-xxx-xxx (a mainland area code 09xx takes seven or eight digits, never 3 + 3)
        ("phone", r"0(?<![\d-]0)9\d{2}(?:-|—| )\d{3}(?:-|—| )\d{3}(?![\d-])", 0),
        # a mobile in any other grouping, apart by commas, stars, dots, slashes or spaces (158，2671，0395 spelled in
        # numerals and read on the digit view; 135*6620*1873; 13816 28845): two to four groups, eleven digits, checked in
        # _check for a mobile's prefix and a phone's or a contact's word before it
        ("phone_commas", r"1(?<![\d，,、*·/_.-]1)(?<!\d 1)[3-9]\d{1,4}(?:(?:[，,、*·/_.-] ?| )\d{2,6}){1,3}(?!\d|[，,、*·/_.-] ?\d)", 0),
        # (the long-distance 0 before it too, as residents dialled it: 0139 2214 7760, 013922147760; after a phone's word)
        ("phone_commas", r"0(?<![\d，,、*·/_.-]0)(?<!\d 0)1[3-9]\d{1,4}(?:(?:[，,、*·/_.-] ?| )?\d{2,6}){1,3}(?!\d|[，,、*·/_.-] ?\d)", 0),
        # the mobile's first three digits in brackets, as an area code is written (+86 （186） 1093 7721, (139)2214-7760)
        ("phone", rf"(?:\+86|00(?<!\d00)86)[-—– ]?[(（]{_MOBILE}[)）] ?\d{{4}}[-—– ]?\d{{4}}(?!\d)", 0),
        ("phone", rf"[(（](?<![\d+][(（]){_MOBILE}[)）] ?\d{{4}}[-—– ]?\d{{4}}(?!\d)", 0),
        # an extension after a number already redacted (〔电话〕 转 806): the number as one dials it goes whole
        ("extension", rf"〔电话〕{_EXTENSION_WORD}\d{{1,5}}(?!\d)", 0),
        # a phone number given in parts (前三位是159，后八位20473618, 中间四位…): checked in _check
        ("phone_part", r"(?:前|后|中间|最后|末)[三四五六七八3-8]位(?:数字|号码|数|号)?(?:是|为|[:：]| ){0,3}(\d{3,8})(?!\d)", 1),
        # digits spaced or dashed one by one (13 5 0 8 1 7 2 6 4 8 3, 1—8—6—…, 1 3 3 - 0 5 8 2 - …), checked in
        # _check for a mobile prefix
        ("phone", rf"1(?<!\d1)(?<!\d 1)(?<!\d[-—–]1)(?:{_DIGIT_SEP}?\d){{10,11}}(?!{_DIGIT_SEP}?\d)", 0),
        ("phone", rf"1(?<!\d1)(?<=1){_MOBILE[1:]}(?:[-—– ]?\d{{4}}){{2}}(?!\d)", 0),
        ("phone", rf"1(?<![\d.]1)(?<=1){_MOBILE[1:]}(?:\.\d{{4}}){{2}}(?![\d.])", 0),
        # a mobile typed with the letter O or o for a zero, l or I for a one (13O5712…, l39o2468…): checked in _check
        # for one to three such letters and a valid mobile once they are read as digits
        ("phone_letters", r"[1lI](?<![0-9A-Za-z][1lI])[0-9OolI]{2}(?:[-—– ]?[0-9OolI]{4}){2}(?![0-9A-Za-z])", 0),
        # after the country code, with the area code's 0 or without it (+86-021-5468-…, +86 21 6438 2917): first, so
        # that the local number alone does not win the overlap and leave +86- behind
        ("landline", r"(?:\+86|00(?<!\d00)86|8(?<!\d8)6)[-—– ]?[(（]?0?(?:(?:10|2\d)[)）]?[-—– ]?[2-9]\d{3}|[3-9]\d{2}[)）]?[-—– ]?"
                     r"[2-9]\d{2,3})[-—– ]?\d{4}" + _EXTENSION + r"(?!\d)", 0),
        # area code and local number: 010 and 02x take eight digits, the other area codes seven or eight
        # (any dash between the parts: 0771—2345678; the area code in brackets: (0771)234-5678)
        # (an extension after it goes too: 0755-83219876转602, …-8012, … 分机 35)
        ("landline", rf"0(?<!\d0)(?:(?:10|2\d)[-—– ]?[2-9]\d{{7}}|[3-9]\d{{2}}[-—– ]?[2-9]\d{{6,7}}){_EXTENSION}(?!\d)", 0),
        ("landline", r"[(（]0(?:(?:10|2\d)[)）] ?[2-9]\d{3}[-—– ]?\d{4}|[3-9]\d{2}[)）] ?[2-9]\d{2,3}[-—– ]?\d{4})" + _EXTENSION + r"(?!\d)", 0),
        # (a seven-digit local number split 4 + 3 too, 0591-8765 432, but not a group inside a longer number: a card's
        # …0300 4567 891)
        ("landline", r"0(?<!\d0)(?:(?:(?:10|2\d)[-—– ][2-9]\d{3}|[3-9]\d{2}[-—– ][2-9]\d{2,3})[-—– ]\d{4}"
                     r"|(?<!\d[-—– ]0)[3-9]\d{2}[-—– ][2-9]\d{3}[-—– ]\d{3})" + _EXTENSION + r"(?!\d)", 0),
        # the area code in brackets, or the trunk's 0 in brackets before it ((0)21-6428 7731, +86（0）21 5489 3320,
        # （0951）6038-274), the local number in any grouping: checked in _check for an area code and a local number of
        # its length
        ("landline_grouped", r"[(（](?<![\d][(（])0(?:[)）] ?(?:10|2\d|[3-9]\d{2})|(?:10|2\d|[3-9]\d{2})[)）])[-—– ]?"
                             r"[2-9]\d{1,3}(?:[-—– ]?\d{2,4}){1,2}" + _EXTENSION + r"(?!\d)", 0),
        # (the area code and the local number apart by dots or slashes, 0571.8765.4321, 0571/87654321: after a phone's or
        # a contact's word only, see _check)
        ("landline_grouped", r"0(?<![\d./]0)(?:10|2\d|[3-9]\d{2})[./][2-9]\d{2,3}(?:[./ -]?\d{3,4})(?![\d./]|[./ -]\d)", 0),
        ("landline_grouped", r"(?:\+86|0(?<![\d]0)086)[-—– ]?[(（]0(?:[)）] ?(?:10|2\d|[3-9]\d{2})|(?:10|2\d|[3-9]\d{2})[)）])[-—– ]?"
                             r"[2-9]\d{1,3}(?:[-—– ]?\d{2,4}){1,2}" + _EXTENSION + r"(?!\d)", 0),
        # a landline written digit by digit (0 2 0 - 8 7 6 5 9 2 3 0), checked in _check for an area code and
        # a local number of the right length
        ("landline_spaced", rf"0(?<!\d0)(?<!\d[ -—–]0)(?<!\d [-—–] 0)(?:{_DIGIT_SEP}?\d){{9,11}}(?!{_DIGIT_SEP}?\d)", 0),
        # a local number after a phone label, in any grouping (座机 2345678, 电话:8536 2719, 7 6 2 1 0 3 9 8)
        # (打给我, 打俾我, 打畀我 in Cantonese: a call asked for, then the number, Hong Kong's eight digits as 4+4 too)
        # (a messenger that calls the number, and a contact's word in Cantonese: WhatsApp: 9123 4567, 聯絡：…)
        ("landline", rf"(?:电话|電話|座机|座機|固话|宅电|联系方式|号码|手机|tel|Tel|TEL|家里|家中|住宅|打给我|打俾我|打畀我|打比我|搵我|WhatsApp|Whatsapp|whatsapp|聯絡|联络|手機|手提)(?:号码?|是|係|为|[:：]| |(?<=[Pp]p) ?我){{0,3}}"
                     rf"([2-9](?:{_DIGIT_SEP}?\d){{6,7}})(?!{_DIGIT_SEP}?\d)", 1),
        # the writer asks to be found by a name, then the number (有事搵我陈大文 6192 3045, 找我老伴 8765 4321)
        ("landline", rf"(?:搵|揾|找)我(?!们|哋|們)[^\W\d_]{{1,4}}(?:[:：，,]| ){{0,2}}([2-9]\d{{3}}[ -]?\d{{4}})(?![\d{_UNIT_STOP}]| ?[年月日号])", 1),
        # a call asked for and the writer to be asked for on it (你哋打 6234 8891 揾我, 打 8765 4321 找我老公): the number to
        # dial is the writer's (请打 8765 4321 预约, a booking line, stays)
        ("landline", rf"打(?:电话)?(?:到|去)?(?:号码?|[:：]| ){{0,3}}"
                     rf"([2-9]\d{{3}}[-—– ]?\d{{3,4}})(?!{_DIGIT_SEP}?\d)(?= ?(?:揾|搵|找|联系|联络|叫|问)(?:我|佢|阿|老|[^\W\d_]{{1,2}}(?:太|生|姐|哥|叔|姨|先生|女士|小姐|师傅)))", 1),
        # a local number written in numerals after a call asked for, a name between or not (搵：谭少芳 九八七六 五四三二,
        # 找老李 六二七八三九一五): digits written as words are a number to dial, not a price or a count (checked in
        # Redactor._matches: no Arabic digit in it)
        ("landline_words", rf"(?:搵|找|联系|联络|聯繫|聯絡|打给|打俾|打畀|致电|call|Call)(?:我|佢|[:：]| ){{0,3}}(?:[^\W\d_]{{1,4}}[:：，,]? ?)?"
                           rf"([2-9]\d{{3}}[ -]?\d{{4}})(?![\d{_UNIT_STOP}]| ?[年月日号])", 1),
        # a bare local number with its label after it, the writer's own line (83920571是我家座机, 6271 8349（家里电话）)
        ("landline", rf"[2-9](?<![0-9A-Za-z.\-—–][2-9])(?:{_DIGIT_SEP}?\d){{6,7}}(?!{_DIGIT_SEP}?\d)(?={_OWN_LINE_AFTER})", 0),
        # (the number in groups too, as a phone is written: 扣扣 534 872 119, 企鹅 38127 5590; a group first, so that the
        # first five digits alone do not end it; not before a time or a count: QQ 52817 10点后)
        # (the label then what the writer asks, QQ me or leave a message on it: q我 …, QQ留言：…; never a group's, QQ群)
        # (typed a digit at a time too: QQ号是 9 8 7 6 5 4 3 2 1; a group's number after 群QQ stays, see _check)
        ("qq", rf"{_QQ_LABEL}(?:号码|号|账号| ?(?:hao|Hao|HAO)(?![A-Za-z]))?(?:[:：]| |是|係|is|为|我|留言|联系|私聊|私信){{0,3}}([1-9]\d{{1,4}}(?:[ -]\d{{2,5}}){{1,3}}(?![\d-]|[点时号个年月日元块人次分])|[1-9]\d{{4,10}}|[1-9](?: \d){{4,10}}(?! ?\d))(?![\d-])", 1),
        # a road number with a floor (鼓楼街17号2楼, …附七号三楼, …72号地下室: see _DOOR_FLOOR): one household's door
        ("address", rf"((?:{_ROAD})(?:{_BUILDING})?(?:[- ]?\d{{1,2}}单元)?[- ]?{_DOOR_FLOOR}(?:[- ]?\d{{1,4}}(?:室|号房|号|房|户))?)"
                    r"(?![\d])", 1),
        ("room", rf"\d(?<!\d\d)\d{{0,2}}(?:栋|幢|号楼|座|#)楼?[- ]?((?:\d{{1,2}}单元[- ]?)?\d{{3,4}}(?:室|房间|号房))", 1),
        ("room", rf"\d(?<!\d\d)\d{{0,2}}(?:栋|幢|号楼|座|#)楼?[- ]?((?:\d{{1,2}}单元[- ]?)?\d{{3,4}}(?:室|房间|号房|房|号|户)?)(?![\d{_ROOM_STOP}])", 1),
        # (each pattern here starts with a character or a set, not a repeat, a group or a look-behind: the regex engine
        # then skips ahead to where a match can start, 2–5× faster on a batch: [一…十]{1,3} is written [一…十][一…十]{0,2})
        ("room", rf"[一二三四五六七八九十][一二三四五六七八九十]{{0,2}}(?:栋|幢|号楼|座)[- ]?((?:\d{{1,2}}单元[- ]?)?\d{{3,4}}(?:室|房间|号房|房|号)?)(?![\d{_ROOM_STOP}])", 1),
        ("room", rf"\d(?<!\d\d)\d?单元[- ]?\d{{3,4}}(?:室|房间|号房|房|号|户)?(?![\d{_UNIT_STOP}])", 0),
        ("room", r"\d(?<![\d-]\d)\d{0,2}-\d{1,2}-\d{3,4}(?![\d-])", 0),
        ("room", r"\d(?<!\d\d)\d{2,3}(?:室|房间|号房)(?![\d厅])", 0),
        # a room right after a home cue, the floor before it or not (住在701, 住在七楼701)
        ("room", rf"(?:住在|家住|我家是|我家|房号|门牌号|门牌)(?:是|[:：]| ){{0,2}}((?:[\d一二三四五六七八九十]{{1,2}}(?:楼|层))?\d{{3,4}})"
                 rf"(?![\d.{_ROOM_STOP}])", 1),
        # (a space after the province's character too: 浙 A·6H3K2)
        # (a coach's, a trailer's, a police car's … plate with its character after it: 豫A5327学, 冀F8H33挂)
        ("plate", _PLATE_PROVINCE + r" ?[A-HJ-NP-Z][·• -]?(?:(?=[A-HJ-NP-Z]*\d)[A-HJ-NP-Z0-9]{5,6}|[DF][·• -]\d{5}"
                  r"|(?=[A-HJ-NP-Z]*\d)[A-HJ-NP-Z0-9]{4}(?:[挂警领港澳]|学(?![校生习院区期年])))(?![A-Za-z0-9])", 0),
        # typed in small letters (鲁b 7h9k3, 浙b·2d7q1): three digits at least among the five, as a plate holds
        ("plate", _PLATE_PROVINCE + r" ?(?=[a-z]|[A-Z][·• -]?[A-Za-z0-9]{0,5}[a-z])"
                  r"[A-HJ-NP-Za-hj-np-z][·• -]?(?=(?:[A-HJ-NP-Za-hj-np-z]*\d){3})[A-HJ-NP-Za-hj-np-z0-9]{5,6}(?![A-Za-z0-9])", 0),
        # a plate after its label with the province's character written in pinyin (车牌 Yue B 8L2K7, 车牌号：Chuan A·12345)
        ("plate", r"车牌(?:号码?|是|为|[:：]| ){0,3}((?:Jing|Jin|Hu|Yu|Ji|Yun|Liao|Hei|Xiang|Wan|Lu|Xin|Su|Zhe|Gan|E|Gui|Meng|"
                  r"Shaan|Shan|Min|Yue|Qing|Zang|Chuan|Ning|Qiong) ?[A-HJ-NP-Z][·• -]?"
                  r"(?=[A-HJ-NP-Z]*\d)[A-HJ-NP-Z0-9]{5,6})(?![A-Za-z0-9])", 1),
        # bank cards and other account numbers after their label
        ("number", r"(?:银行卡|卡号|账号|帐号|社保卡|医保卡|护照|存折)(?:号码|号)?(?:是|为|[:：]| ){0,3}([A-Za-z]?\d(?:[- ]?\d){5,22})(?!\d)", 1),
        ("number", r"6(?<!\d6)2\d{2}(?:[- ]?\d{4}){3}(?:[- ]?\d{1,3})?(?!\d)", 0),
        # a vehicle's frame number and accounts on other platforms after their label
        # (a Latin label is a word of its own: the id of "sidewalk" is no label)
        ("number", r"(?:车架号|车辆识别代号|车辆识别码|VIN(?<![A-Za-z]...)|vin(?<![A-Za-z]...))(?:码|号)?(?:是|为|[:：]| ){0,3}([A-HJ-NPR-Z0-9]{17})(?![A-Za-z0-9])", 1),
        ("number", r"(?:ID(?<![A-Za-z]..)|id(?<![A-Za-z]..)|Id(?<![A-Za-z]..)|账号|帐号|用户名|抖音号|快手号|小红书号|微博号|B站号)(?:是|为|[:：]| ){0,3}"
                   r"([A-Za-z][-_.A-Za-z0-9]{4,29})(?![-_.A-Za-z0-9])", 1),
    ]
    return [(kind, re.compile(pat), group) for kind, pat, group in p]


_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_check_ok(s: str) -> bool:
    """ISO 7064 MOD 11-2 check digit of an 18-digit ID number."""
    if len(s) != 18 or not s[:17].isdigit():
        return False
    total = sum(int(c) * w for c, w in zip(s[:17], _ID_WEIGHTS))
    return "10X98765432"[total % 11] == s[17].upper()


def id_shape_ok(s: str) -> bool:
    """Region (province code) and birth date of an ID number (18 or 15 digits) are possible."""
    return s[:2] in _PROVINCES and birth_date_ok(s)


def birth_date_ok(s: str) -> bool:
    """The birth date of an ID number (18 or 15 digits) is a real day between 1890 and 2030."""
    import datetime as dt

    y, m, d = (s[6:10], s[10:12], s[12:14]) if len(s) == 18 else ("19" + s[6:8], s[8:10], s[10:12])
    try:
        born = dt.date(int(y), int(m), int(d))
    except ValueError:
        return False
    return dt.date(1890, 1, 1) <= born <= dt.date(2030, 12, 31)


_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc_ok(s: str) -> bool:
    """A unified social credit code (GB 32100-2015) with a correct check character."""
    if len(s) != 18 or any(c not in _USCC_CHARS for c in s):
        return False
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(s[:17], _USCC_WEIGHTS))
    return _USCC_CHARS[(31 - total % 31) % 31] == s[17]


#: Labels of an application's or a case's number, which offices build from the applicant's ID (申请编号 SQ + the ID + 2024,
#: 审核编号): an ID inside such a number, check digit, region and date valid, goes although the label is a number's.
_HOLDS_ID = re.compile("(?:申请|审核|审批|登记|受理|资格|保障房|公租房|廉租房)[^，。！？；\n]{0,4}编号")


def _labelled_no_ones(text: str, at: int) -> bool:
    """A label in the eight characters before ``at`` (within the answer) says the number there is nobody's: a work
    order, an order, an account, a facility's card, a parcel code (:data:`_NOT_PERSONAL_LABEL`)."""
    return _NOT_PERSONAL_LABEL.search(text[back(text, at, 8):at]) is not None


#: Words saying an ID number was written wrong (填错了, 写成了, 作废, 校验不通过). Decision: a number that fails the check
#: digit and that the writer calls wrong is nobody's; a typo in one's own ID passes the region and date but not the check,
#: so without such words it still goes.
_STATED_WRONG = re.compile("错了|写错|填错|搞错|弄错|写成了?|作废|校验不通过|校验失败|验证不通过|不通过|不对")


#: The domain of a government office's mailbox (….gov.cn, ….gov).
#: A company's role account (service@, kefu@, support@, info@ …) at the company's own domain: no person's mailbox. The
#: same name at a free mail provider (service@163.com) may be anyone's, and stays personal.
_ROLE_MAIL = re.compile(r"(?<![A-Za-z0-9._%+-])(?:service|services|kefu|support|info|admin|contact|webmaster|noreply|no-reply|customer|cs|"
                        r"hotline|tousu|jubao|bangong|office)@[A-Za-z0-9.-]+$", re.I)
_FREE_MAIL = re.compile(rf"@(?:{_MAIL_HOSTS})\.", re.I)
#: A mailbox the writer calls published (街道办的公开邮箱 …, 官方邮箱：…, 信访邮箱): an office's, whatever its domain, as a
#: hotline is (not the writer's own: 我的邮箱).
_PUBLISHED_MAIL_LABEL = re.compile(r"(?<!我的)(?<!我们的)(?:公开|官方|对外|公共|公务|办公室?|信访|投诉|举报|受理|"
                                   # an organisation's own mailbox (社区办公室邮箱, 居委会邮箱, 物业公司的邮箱)
                                   r"社区|居委会?|村委会?|街道办?|办事处|物业|物业公司|管理处|服务中心|服务站|委员会|工作站)的?"
                                   r"(?:电子)?(?:邮箱|信箱|邮件地址)"
                                   r"(?:地址)?(?:是|为|[:：]| ){0,3}$")
_MAIL_LOCAL_BEFORE = re.compile(r"[A-Za-z0-9._%+-]*$")
_GOV_MAIL = re.compile(r"[@#＃)）\]]\S*\.gov(?:\.cn)?$|\.gov\.cn$", re.I)


#: A unit and a room with no building (3单元402的 X 家, 我是1单元702的): every building of an estate has one, so it
#: locates no household and stays, as a room alone does (decision 2026-12-07; sets 17, 22 and 23 keep it). It goes
#: after a home cue (住在3单元402, as 住在701 does) or with the building named in the clause before (左手第二栋，4单元302);
#: a building written with it (5栋3单元402, 7-1-1203: building, unit, room) makes it an address.
_LONE_UNIT_ROOM = re.compile(r"\d{1,2}单元[- ]?\d{3,4}(?:室|房间|号房|房|号|户)?")
_UNIT_ROOM_OWNED = re.compile(r"(?:(?:住在|家住|我住|住|我家是|我家|房号|门牌号|门牌|住址|地址)(?:是|为|在|[:：]| ){0,3}"
                              r"|(?:[\d一二三四五六七八九十]{1,3}|[A-Z])(?:栋|幢|号楼|座)[，, ] ?)$")
#: A room number alone (1801室, 602房间) and what may stand before it for it to be a room alone: the answer's or a
#: clause's start, or a word that joins (的, 和, 楼上, 对面): no building, estate or home cue (住, 家, 我是) that makes it a door.
_LONE_ROOM = re.compile(r"\d{3,4}(?:室|房间|号房)")
_LONE_ROOM_BEFORE = re.compile(r"(?:^|[，,。.！!？?；;：:、\n(（“\"]|的|和|与|跟|及|或|对|被|上|下|面|壁) ?$", re.M)
#: A room alone named as a landmark, the place where something is (比如502室门口那段, 1801室旁边的消防栓): a spot
#: of the stairwell or the corridor, no household pointed to; it stays unless a home cue stands right before it
#: (住在502室门口 … is the writer's door).
_LONE_ROOM_LANDMARK = re.compile(r"的? ?(?:门口|门前|门外|旁边|附近|对面|那段|那一段|那块)")
_HOME_CUE_BEFORE = re.compile(r"(?:住|家|我是|我们是)(?:在|是|[:：]| ){0,2}$")


#: The writer's own workplace line: 单位电话, 公司电话, 办公室电话 after 我 or 本人 (我单位电话 …), or with an extension
#: (单位电话0755-2661 3309转8012: an extension rings one desk), the workplace unnamed (物业公司电话 … is the firm's).
#: Decision: personal data, as five blind writers labelled it and none kept it; an office that serves the public keeps
#: its line with an extension too (社区服务中心 0731-…转1).
_WORKPLACE_LABEL = re.compile(r"(?:^|(?<=[，,。；;:： \n我的人]))(单位|公司|办公室)(?:的)?(?:电话|座机|固话|号码)(?:号码?|是|为|[:：]| ){0,3}$")
_MINE_BEFORE = re.compile(r"(?:我|本人)的?(?:工作)?$")  # (我们单位: the organisation's)
_EXTENSION_AHEAD = re.compile(r"[-—– 0-9()（）]{7,20}?(?:转|分机|ext|EXT|-\d{1,5}(?![\d-]))")


def _own_workplace_line(before: str, text: str, start: int) -> bool:
    """The landline at ``start`` is the writer's own desk at work (see _WORKPLACE_LABEL)."""
    m = _WORKPLACE_LABEL.search(before)
    return m is not None and (_MINE_BEFORE.search(before, 0, m.start()) is not None
                              or _EXTENSION_AHEAD.match(text, start) is not None)


def _public_line(text: str, start: int) -> bool:
    """The landline at ``start`` follows an office's label or a published line's (see _OFFICE_PHONE_LABEL,
    _PUBLIC_LINE_LABEL, _CONTACT_OFFICE, _EN_OFFICE_LABEL), read in simplified characters (管理處電話 is 管理处电话),
    and is not the writer's own desk at work (_own_workplace_line)."""
    lo = back(text, start, 24)
    before = read_simplified(text[lo:start])
    if _own_workplace_line(before, text, start):
        return False
    return _OFFICE_PHONE_LABEL.search(before, max(0, len(before) - 20)) is not None or _org_owns(_ORG_LINE, text, start) \
        or _PUBLIC_LINE_LABEL.search(before) is not None \
        or _CONTACT_OFFICE.search(before, max(0, len(before) - 20)) is not None \
        or _EN_OFFICE_LABEL.search(before) is not None


#: Digits that open with a date (20240513…): an order's or a document's number.
_DATE_LED = re.compile(r"20[0-3]\d(?:0[1-9]|1[0-2])(?:[0-2]\d|3[01])")
#: A number's word before it (单号, 编号, 工单, 订单, 流水号): what follows numbers a document, no person's account.
_ORDER_WORD = re.compile("单号|编号|工单|订单|流水号|受理号|回执号|案号|批次")


#: Words that count what follows them (一共 12 栋 860 户, 大约 3 栋 200 户): a count, not a building and its household.
_COUNT_BEFORE = re.compile(r"(?:一共|总共|共有|共计|总计|合计|大约|将近|差不多|共|约|近|有) ?(?:\d{1,3} ?(?:栋|幢|座|号楼) ?)?$")
_DIGIT = re.compile(r"\d")


#: What makes a door an example of a kind of number, not a household's (6-1-502 之类的标识, 3-2-801这种编号): 之类 or
#: 这类 right after it, or 这种 (那种, 这样) and a word for a number's kind.
_EXAMPLE_AFTER = re.compile(r" ?(?:之类|这类|一类|(?:这种|那种|这样|那样)的?(?:编号|门牌|号码|标识|格式|写法|牌子|数字|[，,。 ]|$))")

#: A building named by its use only, with no estate's, school's or road's name before it (宿舍楼 B 栋 312, 隔壁教学楼 3
#: 楼 302), then its number and a room: every such building has the room, so it locates nobody, as a room alone does
#: (纺织厂宿舍14栋3楼305, a named compound's, goes).
_GENERIC_USE = r"(?:宿舍|教学|办公|实验|综合|门诊|住院|行政|科研|医技)楼"
_GENERIC_BUILDING = re.compile(rf"(?:隔壁|对面|旁边|我们|咱们|这|那|学生|职工|员工|男生|女生)?的?{_GENERIC_USE} ?(?=[A-Z\d一二三四五六七八九十])")
_GENERIC_BUILDING_BEFORE = re.compile(rf"(?:^|[^\w]|隔壁|对面|旁边|我们|咱们|这|那|学生|职工|员工|男生|女生|(?<!住)的){_GENERIC_USE} ?$")



def _generic_building(text: str, start: int) -> bool:
    """Whether the address or the building starting at ``start`` is in a building named by its use only (see
    _GENERIC_BUILDING)."""
    if _GENERIC_BUILDING.match(text, start):
        return not _HOME_CUE_BEFORE.search(text, back(text, start, 4), start)  # (住在宿舍楼5栋204: a home cue says whose)
    return bool(_GENERIC_BUILDING_BEFORE.search(text, back(text, start, 12), start))


def _check(kind: str, text: str, start: int, end: int, written: str | None = None) -> bool:
    """Whether a pattern match is personal data (checks digits and the label in front). ``text`` is what the pattern
    read (the digit view for the number kinds), ``written`` the text as written when it differs."""
    if kind == "id_card":
        s = text[start:end]
        if " " in s or "-" in s or "." in s:  # written in groups: an ID only if its check digit says so (or region and date
            # when the first group is the six-digit region, 330106 19750703 3461)
            grouped = s
            s = s.replace(" ", "").replace("-", "").replace(".", "")
            if len(s) != 18:
                return False
            if not re.match(r"\d{6}[ .-]", grouped) and not (id_check_ok(s) and id_shape_ok(s)):
                return False
        if "*" in s or s[6:12].count("x") + s[6:12].count("X") >= 3:
            return False  # masked already: it stays
        checked = id_check_ok(s)
        if uscc_ok(s) and not checked:
            return False  # a credit code: an organisation, not a person
        if not s[:-1].isdigit():
            return False
        if not checked and (
                _labelled_no_ones(text, start)
                # G + 18 digits (学籍号): a longer code; with a valid check digit (SQ3502…-01) it holds an ID and goes
                or (start and text[start - 1].isascii() and text[start - 1].isalpha())
                # 写成了 …，这个号码请作废: the writer says the number is a wrong one, and its check digit agrees
                or _STATED_WRONG.search(text, back(text, start, 12), ahead(text, end, 12))):
            return False
        # a check digit that fits is one chance in eleven for any 18 digits: the birth date must be a real day too
        # (420106198513320017, month 13, day 32, stays even after 身份证号)
        return birth_date_ok(s) if checked else id_shape_ok(s)
    if kind == "wechat" and text[start - 2:start].lower() == "wx" and text[start:end].isdigit() \
            and (_DATE_LED.match(text, start) or _ORDER_WORD.search(text, back(text, start, 12), start)):
        return False  # 维修单号是WX20240513008: WX and a date, joined, a work order's number, no messenger
    if kind == "qq" and _GROUP_QQ.search(text, back(text, start, 12), start):
        return False  # 业主群QQ：358920174: the group's number, which names nobody
    if kind == "wechat" and _SERVICE_WECHAT.search(text, back(text, start, 24), start):
        return False  # 物业客服微信 lcwy_kefu01: an office's service account
    if kind in ("number", "wechat") and _org_owns(_ORG_ACCOUNT, text, start):
        return False  # 社区公众号 ID：…: an organisation's account (see _ORG_WORD)
    if kind == "plate":
        return not _labelled_no_ones(text, start)  # 登记号 苏A-E08352: a register's entry
    if kind == "email":
        # a government office's mailbox (mayor@city.gov.cn, jdbgs@xihu.gov.cn): published for the public, no person's,
        # like an office's published landline
        if _ROLE_MAIL.search(text, back(text, start, 16), end) and not _FREE_MAIL.search(text, start, end):
            return False  # service@lvcheng-wuye.com: a company's role account at its own domain, published like its hotline
        head = _MAIL_LOCAL_BEFORE.search(text, back(text, start, 64), start).start()  # (where the local part starts: a
        # rejected match is tried again one character on)
        if _PUBLISHED_MAIL_LABEL.search(text, back(text, head, 16), head) or _NOTICE_MAIL.search(text, back(text, head, 40), head) \
                or _org_owns(_ORG_MAIL, text, head):
            return False  # 街道办事处的公开邮箱 jdb2024@163.com: published by the office for everyone
        return _GOV_MAIL.search(text, start, end) is None
    if kind in ("address", "room"):
        first = _FIRST_NUMBER.search(text, start, end)
        at = first.start() if first else start
        if _labelled_no_ones(text, at):
            return False  # 取件码 5-2-3017: a code, not a door (the label may have been read as an estate's name)
        if _EXAMPLE_AFTER.match(text, end):
            return False  # 门牌号 6-1-502 之类的标识: a door given as an example of a kind of number, nobody's
        if _generic_building(text, start):
            return False  # 宿舍楼 B 栋 312 的热水器: a building named by its use only, no estate or road: a room alone
        if text[end - 1] == "户" and (digit := _DIGIT.search(text, start, end)) is not None \
                and _COUNT_BEFORE.search(text, back(text, digit.start(), 12), digit.start()):
            return False  # 一共 12 栋 860 户: buildings and households counted, no door
    if kind == "room" and _LONE_ROOM.fullmatch(text, start, end) and _LONE_ROOM_BEFORE.search(text, back(text, start, 2), start):
        return False  # 1801室的业主, 楼上 602室: a room alone, no building, estate or home cue before it (every set keeps it)
    if kind == "room" and _LONE_ROOM.fullmatch(text, start, end) and _LONE_ROOM_LANDMARK.match(text, end) \
            and not _HOME_CUE_BEFORE.search(text, back(text, start, 4), start):
        return False  # 比如502室门口那段: a room alone as a landmark (see _LONE_ROOM_LANDMARK)
    if kind == "address" and _PUBLIC_DOOR_AFTER.match(text, end):
        return False  # 人民路88号3楼是个火锅店: the next words say the door is a public place's (see .address)
    if kind == "address" and _FACILITY_ADDRESS.search(text, back(text, start, 24), start):
        return False  # 社区党群服务中心地址：青年路188号: a facility's address, where everyone goes
    if kind == "address":
        return any(c.isdigit() or c in "一二三四五六七八九十" for c in text[start:end])
    if kind == "landline_words":  # (no Arabic digit in it: see Redactor._matches; not a date: 二零二四 零三一五)
        return not _DATE_LED.fullmatch(_SEPARATORS.sub("", text[start:end])) and not _public_line(text, start) \
            and not _labelled_no_ones(text, start)
    if kind == "landline_grouped":
        # (the digits from the trunk's 0 on, an extension after them or not: -274 may end the local number)
        number = text[start:end]
        number = number[number.find("0", max(number.find("("), number.find("（"), 0)):]
        if "(" not in text[start:end] and "（" not in text[start:end] and (_PHONE_WORD.search(text, back(text, start, 16), start) is None
                                                                         and _INTL_CUE.search(text, back(text, start, 8), start) is None
                                                                         and _LINE_WORD.search(text, back(text, start, 8), start) is None):
            return False  # 0571.8765.4321 with no phone's word before it: a version, a code
        return any(_LANDLINE_DIGITS.fullmatch(re.sub(r"\D", "", n)) for n in (number, _EXTENSION_AT_END.sub("", number))) and not _public_line(text, start) and not _labelled_no_ones(text, start) \
            and not _PUBLIC_NUMBER_AFTER.match(text, end) and not _OFFICE_AFTER_LINE.match(text, end) and not _ORG_AFTER_LINE.match(text, end)
    if kind == "landline_spaced" and _public_line(text, start):
        return False
    if kind == "landline_spaced":
        # written digit by digit: an area code and a local number of its length (010 and 02x: 8 digits)
        digits = _SEPARATORS.sub("", text[start:end])
        return bool(_LANDLINE_DIGITS.fullmatch(digits)) and len(_SEPARATORS.findall(text[start:end])) >= 3 \
            and not _labelled_no_ones(text, start)
    if kind in ("phone", "landline", "landline_spaced") and _PUBLIC_NUMBER_AFTER.match(text, end):
        return False  # 值班手机 139…（物业公司公用号）: the writer says the number is an office's
    if kind in ("landline", "landline_spaced") and (_OFFICE_AFTER_LINE.match(text, end) or _ORG_AFTER_LINE.match(text, end)):
        return False  # 0571-87011234（街道办）: an office's line, named by the writer in brackets
    if kind == "phone" and text[start] == "1" and _SEPARATORS.sub("", text[start:end]).isdigit():
        # every mobile pattern starting with 1 (the one for digits spaced one by one, 13 5 0 8 …, too): a mobile
        # prefix, and a twelfth digit only when spaced out, so a 12-digit work-order number stays
        digits = _SEPARATORS.sub("", text[start:end])
        # (or written with no Arabic digit, as one spaced out: ⑬⑧⓪…, 幺三八零…; not a mobile and a numeral after it:
        # 139… 一直没人接)
        return bool(_SPACED_MOBILE.match(digits)) and (len(digits) == 11 or len(_SEPARATORS.findall(text[start:end])) >= 3
                                                       or (written is not None and not _ASCII_DIGIT.search(written, start, end))) \
            and not _labelled_no_ones(text, start)
    if kind == "phone_intl":
        # 8 to 15 digits with the code (E.164), not +86's (its own patterns), nor a sum or a score (+1 2 3)
        digits = sum(c.isdigit() for c in text[start:end])
        # (+86, +852, +853 and +886 have patterns of their own, which say which of their numbers go: a Hong Kong
        # landline, +852 2…, stays as round 10 decided)
        # and a phone said near before it (电话, 打, call, cell …) or a bracketed area code: a list of sums after a plus
        # (涨了…，+500 1000 2000) is no number
        return 8 <= digits <= 15 and not _OWN_CODE.match(text, start) and not _labelled_no_ones(text, start) \
            and ("(" in text[start:end] or "（" in text[start:end] or _INTL_CUE.search(text, back(text, start, 30), start) is not None)
    if kind == "phone_commas":
        digits = _GROUP_SEPARATORS.sub("", text[start:end])
        return bool(_SPACED_MOBILE.fullmatch(digits[1:] if digits[0] == "0" else digits)) \
            and (_PHONE_WORD.search(text, back(text, start, 16), start) is not None
                 or _INTL_CUE.search(text, back(text, start, 8), start) is not None) \
            and not _labelled_no_ones(text, start) and not _PUBLIC_NUMBER_AFTER.match(text, end)
    if kind == "phone_letters":
        # one to three letters for digits among at least eight digits, a mobile once read (a model or serial number
        # of letters and digits has more letters, or letters beside it, or no mobile prefix)
        run = _SEPARATORS.sub("", text[start:end])
        letters = sum(not c.isdigit() for c in run)
        return 1 <= letters <= 3 and bool(_SPACED_MOBILE.fullmatch(run.translate(_LETTER_DIGITS))) \
            and not _labelled_no_ones(text, start) and not _PUBLIC_NUMBER_AFTER.match(text, end)
    if kind == "phone_part":
        # the stated count matches the digits, and the answer speaks of a phone number; four digits or fewer only with
        # another part of the number near (后四位是7788 alone, as a courier reads it out, names no phone)
        m = _PART_COUNT.search(text, back(text, start, 10), start)
        return m is not None and int(m.group(1).translate(_NUMERAL_DIGITS)) == end - start \
            and _PHONE_WORD.search(text, back(text, start, 40), ahead(text, end, 20)) is not None \
            and (end - start > 4 or len(_PART_CUE.findall(text, back(text, start, 40), ahead(text, end, 30))) >= 2)
    if kind == "number" and "卡号" in text[back(text, start, 6):start] and "银行" not in text[back(text, start, 24):start] \
            and _CARD_NAMED_BEFORE.search(text, back(text, start, 24), start):
        return False  # 门禁卡老是失灵，我卡号 …: the card named earlier in the clause is a facility's
    if kind in ("phone", "landline", "qq", "number"):
        if kind == "landline" and _DATE.fullmatch(text, start, end):
            return False  # 电话 2023-12-15 打过: a date after the label
        if kind == "landline" and _public_line(text, start):
            return False  # 社区服务电话：0731-…, 物业前台电话: an organisation's published number, no person's
        return not _labelled_no_ones(text, start)
    return True


def _id_within(run: str) -> int | None:
    """Offset of the 18 characters of a longer number that are an ID number (check digit, region, birth date)."""
    for k in range(len(run) - 17):
        s = run[k:k + 18]
        if s[:17].isdigit() and id_check_ok(s) and id_shape_ok(s):
            return k
    return None


def _address_start(text: str, start: int) -> int:
    """Where the address ending with the room at ``start`` begins (road, estate, building)."""
    lo = max(0, start - 40)
    cut = max(text.rfind("，", lo, start), text.rfind("。", lo, start), text.rfind("\n", lo, start), lo - 1) + 1
    # (read in simplified characters, one for one, as the address finder reads: 豐和樓 1203室)
    m = _ADDR_BEFORE.search(read_simplified(text[cut:start]))
    if m is None:
        return start
    # a leading verb or preposition (住在, 家住) stays outside: the pattern's characters exclude them already; so does a
    # space with nothing of the address before it (tenant in 7-1-1203)
    return cut + m.start() if text[cut + m.start()] != " " else start


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str

    @property
    def placeholder(self) -> str:
        return PLACEHOLDERS[self.kind]


@lru_cache(maxsize=1)
def _word_freq() -> Callable[[str], int]:
    """Frequency of a word in jieba's dictionary, to tell 安全主任 from 安主任."""
    from .segment import jieba_dictionary

    freq = jieba_dictionary()
    return lambda w: freq.get(w, 0) or 0


class Redactor:
    """Finds and replaces personal data in answers; the module text says what is found and why.

    Phone numbers, ID cards, e-mail and messenger accounts, plates, room-level addresses and
    personal names become placeholders (〔电话〕, 〔身份证〕, 〔姓名〕 …). ``redact(text)``
    does one text, ``find_many`` a newline-joined batch.

    Parameters
    ----------
    word_freq : callable, optional
        Word → dictionary frequency, used to tell a name from an ordinary word (default the
        reference jieba dictionary).
    learned_names : bool, default False
        Also read names with the learned character tagger (:mod:`.name_tagger`). On blind sets 22
        and 23 it found 3 and 1 names the rules missed, with no more false redactions; it takes
        about ten times the CPU of the whole text stage, so it is off by default.

    Examples
    --------
    >>> from citysurvey.text import Redactor
    >>> Redactor().redact("联系人：李先生 0772-2345678")
    '联系人：〔姓名〕 〔电话〕'
    """

    def __init__(self, word_freq: Callable[[str], int] | None = None, *, learned_names: bool = False):
        self._patterns = [(kind, _Gated(pat, _GATES[kind]) if kind in _GATES else pat, group)
                          for kind, pat, group in _patterns()]
        self._line_gates = [_LINE_GATES.get(kind) for kind, _, _ in _patterns()]
        self._freq = word_freq
        self._learned = learned_names  # the learned name tagger too (NameFinder.tagger)
        self._names = None

    @property
    def names(self):
        if self._names is None:
            from .names import NameFinder

            self._names = NameFinder(self._freq or _word_freq(), learned=self._learned)
        return self._names

    def _structured(self, text: str) -> list[tuple[int, int, int, str]]:
        """Matches of the digit, e-mail and messenger patterns, checked, rooms widened to whole addresses."""
        found: list[tuple[int, int, int, str]] = []
        view = _digit_view(text)
        lines = _GateLines(text, view)
        for prio, (kind, pat, group) in enumerate(self._patterns):
            gate = self._line_gates[prio]
            sub = lines.passing(gate) if gate is not None else None
            if sub is None:  # every line may hold a match
                self._matches(found, prio, kind, pat, group, text, view)
            elif sub.lines.text:  # (no line: nothing to look for)
                here: list[tuple[int, int, int, str]] = []
                self._matches(here, prio, kind, pat, group, sub.lines.text, sub.view)
                found += _moved(sub.lines, here)
        # home addresses whole, from road or estate to room (see .address); merged with the rooms above
        found += [(len(self._patterns), a, b, "address") for a, b in _home_addresses(text) if _check("address", text, a, b)]
        found += [(len(self._patterns), a, b, "address") for a, b in pinyin_addresses(text) + english_addresses(text)]
        return found

    @staticmethod
    def _matches(found: list, prio: int, kind: str, pat, group: int, text: str, view: str) -> None:
        """The checked matches of one pattern in ``text`` (its digit view ``view`` for the number kinds), added to
        ``found``."""
        src = view if kind in _NUMBER_KINDS else text
        pos = 0
        while True:
            m = pat.search(src, pos)
            if m is None:
                break
            start, end = m.span(group)
            got = _REPORTED_AS.get(kind, kind)
            if kind == "id_inside":
                k = _id_within(src[start:end])
                if k is None or (_labelled_no_ones(src, start) and not _HOLDS_ID.search(src, back(src, start, 8), start)):
                    pos = m.end()
                    continue
                start, end, got = start + k, start + k + 18, "id_card"
            elif not _check(kind, src, start, end, text if src is not text else None) \
                    or (kind == "landline_words" and _ASCII_DIGIT.search(text, start, end)):
                pos = m.start() + 1  # a rejected match may hide a real one inside it
                continue
            if src is not text:  # a number read from words (see _spelled): the run's rest goes too, not a space it lent
                while end < len(src) and src[end] == _FILL:
                    end += 1
                while end > start and text[end - 1] == " ":
                    end -= 1
            if kind == "phone" and (tail := _ACCOUNT_TAIL.match(src, end)) is not None:
                end, got = tail.end(), "wechat"  # a messenger ID made of the phone number (15087362914x)
            if kind == "room":
                if _generic_building(text, m.start()):
                    pos = m.start() + 1  # 学生宿舍楼 5栋 204: a room of a building named by its use only
                    continue
                a = _address_start(text, m.start())
                if a < m.start():  # the room ends an address: the address goes whole
                    start, got = a, "address"
                elif m.start() < start and _FIRST_NUMBER.search(text, m.start(), start):
                    # a building before the room (3号楼1单元1203) goes with it; a home cue (住在701) stays
                    start, got = m.start(), "address"
                elif _LONE_UNIT_ROOM.fullmatch(text, start, end) and not _UNIT_ROOM_OWNED.search(text, back(text, start, 10), start):
                    pos = m.start() + 1  # 3单元402的 X 家: a unit and a room, no building (see _LONE_UNIT_ROOM)
                    continue
            found.append((prio, start, end, got))
            pos = m.end()

    def _name_spans(self, text: str) -> list[tuple[int, int, int, str]]:
        prio = len(self._patterns)
        # names in traditional characters (聯絡人：黃家輝) are read as simplified ones, one character for one
        return [(prio, a, b, "name") for a, b in self.names.find(read_simplified(text))]

    def find(self, text: str) -> list[Span]:
        """Spans of personal data in one normalised text, without overlaps, in order.

        Parameters
        ----------
        text : str
            One normalised answer.

        Returns
        -------
        list of Span
            ``start``, ``end`` (character offsets) and ``kind`` (``phone``, ``landline``,
            ``name`` …) of each piece found.

        Examples
        --------
        >>> from citysurvey.text import Redactor
        >>> Redactor().find("联系人：李先生 0772-2345678")
        [Span(start=4, end=7, kind='name'), Span(start=8, end=20, kind='landline')]
        """
        return _resolve(_merge_addresses(text, self._structured(text)) + self._name_spans(text))

    def find_many(self, big: str) -> list[Span]:
        """Spans in a newline-joined batch (no pattern crosses a newline).

        Every pattern but the names needs a digit, an @ or a messenger keyword (微信, QQ …).
        One regex pass finds the lines with one of those; the patterns then run on those
        lines only, which gives the same spans (a line start looks the same to every
        pattern whether it follows a newline or starts the text). Names are looked for
        over the whole batch at once.

        Parameters
        ----------
        big : str
            Normalised answers joined by newlines.

        Returns
        -------
        list of Span
            As :meth:`find`, offsets into ``big``.

        Examples
        --------
        >>> from citysurvey.text import Redactor
        >>> Redactor().find_many("电话13812345678" + chr(10) + "找王建国书记")
        [Span(start=2, end=13, kind='phone'), Span(start=15, end=18, kind='name')]
        """
        found = self._name_spans(big)
        hits = [m.start() for m in _TRIGGER.finditer(big)]
        if not hits:
            return _resolve(found)
        lines = _line_subset(big, hits)
        if lines is None:
            return _resolve(found + _merge_addresses(big, self._structured(big)))
        found += _moved(lines, _merge_addresses(lines.text, self._structured(lines.text)))
        return _resolve(found)

    def redact(self, text: str) -> str:
        """One normalised text with every piece of personal data replaced by its placeholder.

        Parameters
        ----------
        text : str
            One normalised answer.

        Returns
        -------
        str
            The redacted text (〔电话〕, 〔姓名〕, 〔地址〕 …).

        Examples
        --------
        >>> from citysurvey.text import Redactor
        >>> Redactor().redact("电话13812345678，找王建国书记")
        '电话〔电话〕，找〔姓名〕书记'
        """
        return apply_spans(text, self.find(text))


# A line can hold structured personal data only if it has one of these (see Redactor.find_many); the
# match runs to the end of the line so that each line is reported once. Every alternative starts with a
# literal character (0|1|… rather than [0-9], v[xX信]|V[xX信]… rather than [vVwW][xX信]), so the regex engine
# skips ahead with a character set: one alternative led by a class makes it try every position (6× slower).
# A number written in numerals of any script (壹叁柒 零伍捌贰 …) is a run of five of them, spaces allowed.
_NUMERALS = "一二三四五六七八九十"
_ANY_NUMERAL = "〇零一壹幺二贰两貳兩三叁參叄四肆五伍六陆陸七柒八捌九玖" + "".join(_CIRCLED) + _CIRCLED_TENS
# Messenger labels after which an ID may hold no digit at all (加我威信zhangsan): the words of _WX_WORDS, and
# _WX_LABEL's labels in context each led by a literal; a test runs every label through both paths.
_WX_TRIGGER = ("|".join(map(re.escape, _WX_WORDS)) + r"|微 ?信|薇|we[cC]hat|We[cC]hat|加个?微|加个?[vV]|加我[vV]|微[:：]|微" + _WX_HEART + "|"
               + "|".join(c + "[xX信]" for c in "vVwW") + "|" + "|".join(c + "[:：号我]" for c in "vV"))
_TRIGGER = re.compile(r"(?:0|1|2|3|4|5|6|7|8|9|@|#|＃|\(at\)|\[at\]|（at）| at | AT |wxid|" + _WX_TRIGGER + r"|_|"
                      # (a village's house counted in numerals: 村东头第二家)
                      r"一[三-九]|幺[三-九]|车架号|第[一二三四五六七八九十]{1,3}[家户]|" + "|".join(f"{c}[{_NUMERALS}]* ?(?:栋|幢|单元|组|号|號|楼|樓|层|層|座)" for c in _NUMERALS)
                      + "|" + "|".join(f"{c}(?: ?[{_ANY_NUMERAL}]){{4}}" for c in _ANY_NUMERAL)
                      # (a group of numerals, a separator, the next group: 一五九，三七二八，…, see phone_commas)
                      + "|" + "|".join(f"{c}[{_ANY_NUMERAL}]{{2,3}}[，,、*·/_.-] ?[{_ANY_NUMERAL}]" for c in _ANY_NUMERAL)
                      # a number word before another or a digit (one three six …, see _spelled)
                      + "|" + "|".join(f"{w}[ ,，、-]" for w in (*_NUMBER_WORDS, *map(str.capitalize, _NUMBER_WORDS))) + r").*")


# Speed: a pattern whose every match holds a match of its gate (and no newline) is looked for only on the lines where
# the gate matches; the gate is one literal character class, which the regex engine scans for fast, where the pattern
# itself starts with a free name (a road) and is tried at every position. Same matches, in the same order. The lines of
# a gate are found once per text for all the patterns that share it (the four ID patterns and the ID inside a longer
# number: a third of their time on the bench's answers).


class _Gate:
    """A gate pattern and the lines of the last text it was asked about (start and end of each line it matches)."""

    def __init__(self, gate: re.Pattern):
        self.gate = gate
        self._last: tuple[str | None, tuple[list[int], list[int]]] = (None, ([], []))  # (text, its lines): one attribute,
        # read and replaced whole, so that threads sharing the gate never pair one text with another's lines

    def lines(self, text: str) -> tuple[list[int], list[int]]:
        last_text, lines = self._last
        if text is not last_text:
            starts, ends, pos = [], [], 0
            while (g := self.gate.search(text, pos)) is not None:
                end = text.find("\n", g.end())
                starts.append(text.rfind("\n", 0, g.start()) + 1)
                ends.append(len(text) if end < 0 else end)
                if end < 0:
                    break
                pos = end + 1
            lines = (starts, ends)
            self._last = (text, lines)
        return lines


_ID_GATE = _Gate(re.compile(r"[0-9A-Z](?:[ .-]?[0-9A-Z]){13}"))
#: kind → gate: the road number with a floor needs its floor (a digit or a numeral and 楼/层, 地下 or 阁楼: after a courtyard too,
#: …七号院三楼), a QQ number its label (_QQ_LABEL: QQ, 扣扣, 企鹅,
#: 球球 or a lone q), an ID (or a longer number holding one) fourteen digits or capitals at least, apart by at most one
#: space, dot or dash each
_GATES = {"address": _Gate(re.compile(r"\d[楼层]|[一二三四五六七八九十底][楼层]|地下|阁楼")), "qq": _Gate(re.compile("[qQ扣企球]")), "id_card": _ID_GATE,
          "id_inside": _ID_GATE}
#: find_addresses: every pattern of it needs a building, door, unit or tower word, or a dash (see .address)
_ADDRESS_GATE = re.compile("[号栋幢座#楼门元厦寓號樓棟門第-]")  # (號, 樓 …: traditional forms, see clean.read_simplified; 第: a village's house counted, 村东头第二家)


class _LineGate:
    """A test every line holding an accepted match of some patterns passes (a necessary condition, much cheaper than
    the patterns): they are then looked for only on the lines that pass (see Redactor._structured). ``on_view``: the
    test reads the digit view, as the patterns of the number kinds do. ``digits``: the line holds at least that many
    decimal digits (what ``\\d`` matches); ``run``: that many of them in a row; ``literals``: one of these strings."""

    def __init__(self, *, on_view: bool, digits: int = 0, run: int = 0, literals: tuple[str, ...] = ()):
        self.on_view, self.digits, self.run, self.literals = on_view, digits, run, literals

    def rows(self, lines: "_GateLines") -> np.ndarray:
        """Indices of the lines of ``lines`` that pass, in order."""
        if self.literals:  # (the view differs from the text in numerals only: the literals hold none)
            return np.searchsorted(lines.starts, [a for a, _ in lines_holding(lines.text, *self.literals)])
        if self.run:  # (a run of digits never crosses a newline: its first digit's line holds it)
            digit = lines.digits(self.on_view)
            at = np.flatnonzero(np.logical_and.reduce([digit[k:len(digit) - self.run + 1 + k] for k in range(self.run)]))
            return np.unique(np.searchsorted(lines.starts, at, side="right") - 1)
        return np.flatnonzero(lines.digit_counts(self.on_view) >= self.digits)


#: kind → line gate of its patterns, each a necessary condition for a match the checks accept: an e-mail holds an @, a #
#: or an at (its four patterns); a number after + its +; a mobile, a landline and their variants seven digits or more
#: (a landline after its label, the shortest: seven; the mobiles eight at the least, the letters for digits of
#: phone_letters checked for at most three of eleven); an ID fifteen digits (the old ID; an 18-character one
#: seventeen before its check character, as _check and _id_within want); a room three digits in a row (\d{3,4} in each pattern); a road number with a floor 楼, 层 or 地下.
#: (phone_part stays ungated: three digits are enough for it.)
_DIGITS_7 = _LineGate(on_view=True, digits=7)
_DIGITS_15 = _LineGate(on_view=True, digits=15)
_LINE_GATES = {"email": _LineGate(on_view=False, literals=("@", "#", "＃", "at", "AT")),
               "phone_intl": _LineGate(on_view=False, literals=("+",)),
               "phone": _DIGITS_7, "phone_commas": _DIGITS_7, "phone_letters": _DIGITS_7, "landline": _DIGITS_7,
               "landline_spaced": _DIGITS_7, "landline_grouped": _DIGITS_7, "landline_words": _DIGITS_7, "id_card": _DIGITS_15, "id_inside": _DIGITS_15,
               "room": _LineGate(on_view=False, run=3), "address": _LineGate(on_view=False, literals=("楼", "层", "地下"))}
assert all(g.on_view == (k in _NUMBER_KINDS) for k, g in _LINE_GATES.items())  # each reads what its patterns read


@lru_cache(maxsize=2)
def _decimal_table(numerals: bool) -> np.ndarray:
    """Code point → a decimal digit, as the regex engine's \\d reads it (every script's, not only 0-9); with
    ``numerals``, the numerals the digit view turns into digits too."""
    table = np.zeros(0x110000, bool)
    every = np.arange(0x110000, dtype=np.uint32).tobytes().decode("utf-32-le", "surrogatepass")  # every code point
    table[[m.start() for m in re.finditer(r"\d", every)]] = True
    if numerals:
        table[[ord(c) for c, _ in _NUMERAL_PAIRS]] = True
    return table


def _code_points(s: str) -> np.ndarray:
    """The code point of each character of ``s``, as indices into a table."""
    return np.frombuffer(s.encode("utf-32-le", "surrogatepass"), np.uint32).astype(np.intp)


class _GateLines:
    """A text and its digit view, split in lines once for the line gates (see _LineGate); the lines each gate passes
    joined (:meth:`passing`), computed once per gate."""

    def __init__(self, text: str, view: str):
        self.text, self.view = text, view
        self._cp = _code_points(text)
        self._passing: dict[int, _GatedLines | None] = {}
        self._digits: dict[bool, np.ndarray] = {}
        self._counts: dict[bool, np.ndarray] = {}
        self.starts = np.r_[0, np.flatnonzero(self._cp == 10) + 1]
        self.ends = np.r_[self.starts[1:] - 1, len(text)]

    def digits(self, on_view: bool) -> np.ndarray:
        """Where the text (or its view) holds a decimal digit: a character of the view is one when the text's is a
        digit or a numeral it turns into one (one character for one, see _digit_view)."""
        key = on_view and self.view is not self.text
        if key not in self._digits:
            if key and _FILL in self.view:  # (number words read as digits: the view's own characters, see _spelled)
                self._digits[key] = _decimal_table(False)[_code_points(self.view)]
            else:
                self._digits[key] = _decimal_table(key)[self._cp]
        return self._digits[key]

    def digit_counts(self, on_view: bool) -> np.ndarray:
        """The count of decimal digits on each line of the text (or its view)."""
        key = on_view and self.view is not self.text
        if key not in self._counts:
            counts = np.r_[0, np.cumsum(self.digits(on_view), dtype=np.int32)]
            self._counts[key] = counts[self.ends] - counts[self.starts]
        return self._counts[key]

    def passing(self, gate: _LineGate) -> "_GatedLines | None":
        """The lines that pass ``gate``, joined (in the text and in its view); None when every line does."""
        key = id(gate)
        if key not in self._passing:
            rows = gate.rows(self)
            if len(rows) == len(self.starts):
                self._passing[key] = None
            else:
                lines = lines_at(self.text, self.starts, self.ends, rows)
                view = lines.text if self.view is self.text else lines_at(self.view, self.starts, self.ends, rows).text
                self._passing[key] = _GatedLines(lines, view)
        return self._passing[key]


@dataclass(frozen=True)
class _GatedLines:
    lines: "_Lines"  # the lines passing a gate, joined (their text: lines.text)
    view: str  # ... and the same lines of the digit view


class _Gated:
    """``pattern.search(text, pos)`` that runs the pattern only on the lines where ``gate`` matches (see _GATES)."""

    def __init__(self, pattern: re.Pattern, gate: _Gate):
        self.pattern, self.gate = pattern, gate

    def search(self, text: str, pos: int = 0):
        # a match at or after pos holds a gate match at or after pos, on its own line: the first line from pos's on with
        # a gate match that has a match holds the leftmost match (lookbehinds still see the text before the line)
        starts, ends = self.gate.lines(text)
        for k in range(bisect.bisect_left(ends, pos), len(ends)):
            m = self.pattern.search(text, max(pos, starts[k]), ends[k])
            if m is not None:
                return m
        return None


def _home_addresses(text: str) -> list[tuple[int, int]]:
    """:func:`~.address.find_addresses` run only on the lines of a newline-joined batch that can hold an address."""
    hits = [m.start() for m in _ADDRESS_GATE.finditer(text)]
    if not hits:
        return []
    lines = _line_subset(text, hits)
    if lines is None:
        return find_addresses(text)
    found = find_addresses(lines.text)
    return [(a + d, b + d) for (a, b), d in zip(found, lines.shifts([a for a, _ in found]))]


def _moved(lines: _Lines, found: list[tuple[int, int, int, str]]) -> list[tuple[int, int, int, str]]:
    """Items (priority, start, end, kind) found in ``lines.text``, their offsets moved back to the batch's."""
    return [(p, s + d, e + d, k) for (p, s, e, k), d in zip(found, lines.shifts([f[1] for f in found]))]


def _merge_addresses(text: str, found: list[tuple[int, int, int, str]]) -> list[tuple[int, int, int, str]]:
    """:func:`_joined_addresses`, each address's administrative run (南京市鼓楼区…) left outside it (see
    :func:`~.address.admin_lead`) and the door's descriptor after it taken in (…3号院东屋, see
    :func:`~.address.door_tail`)."""
    joined = _joined_addresses(found)
    if not any(k == "address" for _, _, _, k in joined):
        return joined
    grown = [(p, s + admin_lead(text, s, e), _tail_end(text, s, e), k) if k == "address" else (p, s, e, k)
             for p, s, e, k in joined]
    # (an address grown over a room found apart, …8号（…）+ 3栋201, becomes one with it)
    return _joined_addresses(grown) if any(g[2] != j[2] for g, j in zip(grown, joined)) else grown


def _tail_end(text: str, s: int, e: int) -> int:
    """The end of the address ``text[s:e]`` with the door's descriptor and what continues it taken in (see
    :func:`~.address.door_tail`, :func:`~.address.address_rest`), read in simplified characters, one for one, as the
    address finder reads (…12樓B室, …號後座): on the address and the line's next characters only, not the whole batch."""
    stop = text.find("\n", e)
    window = read_simplified(text[s:stop if stop >= 0 else len(text)])
    return s + address_rest(window, door_tail(window, e - s, 0), 0)


def _joined_addresses(found: list[tuple[int, int, int, str]]) -> list[tuple[int, int, int, str]]:
    """An address and a room that overlap or touch become one address (人民路88号幸福里 + 小区3栋2单元501室)."""
    addr = sorted((s, e, p) for p, s, e, k in found if k in ("address", "room"))
    if len(addr) < 2:
        return found
    merged: list[list] = []
    for s, e, p in addr:
        if merged and s <= merged[-1][1] + _gap(merged[-1], s):
            merged[-1][1] = max(merged[-1][1], e)
            merged[-1][2] = min(merged[-1][2], p)
            merged[-1][3] = True
        else:
            merged.append([s, e, p, False])
    rest = [f for f in found if f[3] not in ("address", "room")]
    kinds = {(s, e): k for p, s, e, k in found}
    return rest + [(p, s, e, "address" if joined else kinds.get((s, e), "room")) for s, e, p, joined in merged]


def _gap(span, start) -> int:
    return 0


def _resolve(found: list[tuple[int, int, int, str]]) -> list[Span]:
    """Keep the higher-priority span where two overlap."""
    starts: list[int] = []  # kept spans, sorted and disjoint, so a bisect finds any overlap
    ends: list[int] = []
    kinds: list[str] = []
    for _prio, start, end, kind in sorted(found, key=lambda f: (f[0], f[1], -f[2])):  # the longer of two at one start
        i = bisect.bisect_left(starts, start)
        if (i < len(starts) and starts[i] < end) or (i > 0 and ends[i - 1] > start):
            continue
        starts.insert(i, start)
        ends.insert(i, end)
        kinds.insert(i, kind)
    return [Span(s, e, k) for s, e, k in zip(starts, ends, kinds)]


def apply_spans(text: str, spans: Iterable[Span]) -> str:
    out, last = [], 0
    for sp in spans:
        out.append(text[last:sp.start])
        out.append(sp.placeholder)
        last = sp.end
    out.append(text[last:])
    return "".join(out)


@lru_cache(maxsize=1)
def default_redactor() -> Redactor:
    return Redactor()


def redact(text: str) -> str:
    """Redact one (normalised) text with the default rules.

    Parameters
    ----------
    text : str
        One answer, normalised (:func:`normalise`).

    Returns
    -------
    str
        The text with each piece of personal data replaced by its placeholder.

    Examples
    --------
    >>> from citysurvey.text import redact
    >>> redact("电话13812345678，楼道堆满杂物")
    '电话〔电话〕，楼道堆满杂物'
    """
    return default_redactor().redact(text)


def redact_joined(big: str, redactor: Redactor | None = None) -> tuple[str, dict[str, int]]:
    """Redact a newline-joined batch; return it and the count of each kind found."""
    r = redactor or default_redactor()
    spans = r.find_many(big)
    counts: dict[str, int] = {}
    for sp in spans:
        counts[sp.kind] = counts.get(sp.kind, 0) + 1
    return apply_spans(big, spans), counts
