"""Personal names in open answers: surname lists, context cues and jieba's person tags.

A name is taken when a surname (one of ~300 single or ~40 compound surnames) and a
one- or two-character given name stand

- before a title (王书记, 张建国主任, 李阿姨) or after one (物业经理张建国, 网格员李红梅,
  业委会主任黄国平);
- after a relative (我爸爸王德胜, 我儿子刘洋), a contact label (联系人, 意见人, 牵头人,
  反映人, 投诉人, 户主…) or a self-introduction (我叫, 我是, 本人, 我姓…);
- at the end of an answer as a signature (…谢谢！陈晓东, ——张敏);
- anywhere, when jieba's part-of-speech tagger marks the surname and the given name
  as one person (``nr``): 张伟天天在小区遛狗. The tagger (jieba.posseg, HMM on) runs
  only on a short window around candidates whose given name uses characters common
  in names, so its cost stays small.

What stays: road and place names (中山路, 王府花园), historical figures
(:data:`FAMOUS`: 孙中山, 鲁迅, 雷锋…), titles without a name (物业经理, 社区书记) and
words that begin with a surname character (高新区, 安全主任, 张贴, 于是).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

SINGLE_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧肖田董潘袁蔡蒋余杜叶程魏苏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤"
    "易常乔赖庞樊殷施洪翟安颜倪牛温芦季俞章鲁葛伍申尤毕聂焦柳邢骆岳齐欧包左蒙单滕关祝解"
    "巫华苗柏饶滕甘凌米车伏岑裴盛池霍米桂宁鲍祁褚卜卫屈宫冉阮邬詹舒柯宗戚纪查游盘麦农蓝莫韩栗"
    "曲于符强占连练谷党晏房苟虞尚浦荣靳隋冼植邝钮欧劳佟谈丘贝廉项阚蔺邸桑简粟蓬鄢矫门景巩"
    # less common surnames (百家姓 and regional ones), without those that are everyday function words (都, 从, 能…)
    "禤亓佘仝逯蒲郗郜昝訾隗宓厍璩眭帅缪闵晁钭鞠郦郅郇茹莘苑蔚酆岑邰鲍韶郏邴虢谌荀宦艾庾暨匡寇禄阙敖辛阚乜蒯荆竺"
    "盖桓鄂咸卓屠胥贡逄姬堵冉宰雍扈燕冀柴瞿慕栾暴厉戎祖詹蓟薄怀庄晏寿"
)
COMPOUND_SURNAMES = (
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙", "宇文", "夏侯", "轩辕",
    "端木", "独孤", "南宫", "西门", "申屠", "百里", "呼延", "钟离", "闻人", "赫连", "澹台", "公冶", "太史", "司徒",
    "司空", "万俟", "拓跋", "第五", "东郭", "左丘", "濮阳", "淳于", "单于", "仲孙", "宗政", "巫马", "乐正", "梁丘",
)
#: Historical and public figures: their names stay (鲁迅公园, 学习雷锋, 孙中山纪念馆).
FAMOUS = frozenset((
    "孙中山 毛泽东 周恩来 邓小平 朱德 刘少奇 鲁迅 雷锋 岳飞 郑和 林则徐 李白 杜甫 白居易 苏轼 苏东坡 王安石 "
    "屈原 孔子 孟子 老子 庄子 诸葛亮 曹操 刘备 关羽 张飞 孙权 秦始皇 李世民 武则天 康熙 乾隆 文天祥 戚继光 "
    "郑成功 包拯 海瑞 于谦 詹天佑 钱学森 袁隆平 焦裕禄 孔繁森 黄继光 邱少云 董存瑞 刘胡兰 杨靖宇 赵一曼 方志敏 "
    "李大钊 陈独秀 蔡元培 梁启超 康有为 谭嗣同 黄兴 宋庆龄 张謇 冼星海 聂耳 徐悲鸿 齐白石 梅兰芳 老舍 巴金 "
    "茅盾 郭沫若 冰心 朱自清 沈从文 徐霞客 李时珍 张仲景 华佗 祖冲之 张衡 蔡伦 毕昇 司马迁 司马光 欧阳修 "
    "范仲淹 韩愈 柳宗元 陆游 辛弃疾 李清照 王羲之 颜真卿 东方明珠 钟南山 屠呦呦 邓稼先 王进喜 张桂梅"
).split())
#: Titles after a name (王书记, 李阿姨, 张建国主任).
TITLES_AFTER = (
    "先生|女士|小姐|阿姨|叔叔|大爷|大妈|大娘|奶奶|爷爷|师傅|老师|书记|主任|经理|队长|站长|所长|局长|科长|处长|"
    "院长|校长|医生|大夫|警官|律师|老板|会计|大哥|大姐|总|工|部长|组长|楼长|片长|网格员|委员|干事|社工|专员|"
    "管家|主管|秘书|厂长|村长|镇长|乡长|区长|市长|县长|姐|哥|叔|婶|伯|嫂|姨|老太|老头|同志|师父|教练|护士|民警|"
    "警察|保安|医师|律师|总监|代表|支书"
)
#: Titles, roles and relatives before a name (物业经理张建国, 我爸爸王德胜).
CUES_BEFORE = (
    "经理|主任|书记|网格员|楼长|组长|主管|管家|保安|队长|委员|会长|业委会|片警|民警|社工|医生|老师|站长|所长|"
    "村长|支书|代表|干部|师傅|物业|副主任|理事长|负责人|工作人员|门卫|保洁|司机|城管|专员|局长|科长|处长|"
    "爸爸|父亲|老爸|爸|妈妈|母亲|老妈|妈|儿子|女儿|老婆|妻子|爱人|丈夫|老公|媳妇|爷爷|奶奶|外公|外婆|姥姥|姥爷|"
    "哥哥|姐姐|弟弟|妹妹|孙子|孙女|公公|婆婆|岳父|岳母|舅舅|叔叔|阿姨|姑姑|邻居|朋友|同事|老伴|家属|房东|租客|"
    "联系人|意见人|牵头人|反映人|投诉人|填表人|填写人|调查对象|户主|业主|申请人|经办人|签名|署名|落款|姓名|名字|"
    "我叫|名叫|叫做|我是|本人|鄙人|我姓|在下|我的名字是|签字|教师|退休教师|退休职工|居民|老党员|党员|志愿者|代表|租户|"
    "住户|老人|大爷|大妈|小朋友|学生|同学|病人|患者|员工|职工"
)
_WEAK_CUE = re.compile("老人|居民|学生|同学|住户|租户|代表|志愿者|老党员|党员|员工|职工|病人|患者|小朋友|大爷|大妈|邻居|朋友|"
                       "同事|家属|业主|老伴")
#: Labels after which the next two or three characters are a name whatever the surname (反映人：禤志强).
STRONG_LABELS = "联系人|意见人|牵头人|反映人|投诉人|填表人|填写人|申请人|经办人|签名|署名|落款|姓名|签字|居民代表|业主代表"
#: Characters that never occur in a given name but do in words such a pattern would swallow.
NOT_IN_NAME = frozenset(
    "区县市镇乡村街路巷院校园楼号队组站局处科办部会委群店厂司门口里边上下们的了是在有和与及或等个位名说找问"
    "给让叫请跟同被把对向从到去来这那全新也都还就不没很太又再才已要会能可将把说讲反映投诉电话手机微信联系打"
    "啊呀吧呢吗嘛哦哈么着过得地之其而且但并如果因为所以一二三四五六七八九十百千万两几多少每各该此某我你他她它"
    "年日时分秒元块米层户人次岁公里期届级条台家"
)
#: Characters that end a name (a following road, place or institution: 中山路, 王府花园).
PLACE_AFTER = frozenset("路街巷道桥村镇区县市省湖山河江港湾园苑府城庄屯寨坊圩岭坡塘塔寺庙馆厦场站口关门院校")
#: Words after a name that make it a place or an institution (东方红广场, 雷锋小学).
PLACE_WORDS = re.compile("广场|公园|小区|大道|大街|中学|小学|大学|医院|大厦|花园|市场|商场|地铁|车站|纪念|故居|剧院|影院|"
                         "超市|酒店|宾馆|饭店|银行|新村|社区|街道|片区|家园|学校|幼儿园|体育|图书|菜市")
#: Common given-name characters: a name without a cue is looked at only when its given name starts with one.
GIVEN = frozenset(
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红鹏飞建国文辉力宇浩凯健俊帆帅旭宁龙林欣晨瑶婷雪琳"
    "晶妍茜倩颖琪佳慧莉梅兰凤玲燕丹娇云莲荣岚海波斌峰志德福祥东兵彬博诚成春翠达丰光广贵海豪宏洪虹鸿华辉慧家"
    "嘉坚江杰金锦晶静娟君钧凯康可坤兰朗乐雷蕾立利莉良亮琳玲龙璐露曼梅美萌敏明楠妮宁鹏琦强勤青清晴庆秋权蓉瑞"
    "锐润莎珊绍胜诗淑舒爽顺思松涛婷庭彤婉薇维卫蔚文雯武曦霞贤香翔小晓欣新鑫星兴秀旭萱雪雅亚岩妍艳燕扬阳瑶叶"
    "怡义毅逸音英莹颖永勇友宇玉钰煜元媛悦越云芸泽增展章昭哲真振正芝智忠珠卓子梓紫宗俊铭轩睿瀚浩然泽宸昊煊"
    "佩珍淑惠芬芝娥妹姗蓓菲芸萍蕊荷菊桂玫莺翠娴婧娅妤姝嫣婵丫秀红艳华英玉兰桂芳凤"
    "德胜国平建华志强晓东红梅海军振华宝贵富永长春秋冬雨雷电山水石松柏"
)
_H = "\u4e00-\u9fff"
#: Compound surnames that are not also everyday words (东方, 西门, 百里, 第五 are): taken without a cue.
PLAIN_COMPOUND = frozenset(("欧阳", "司马", "诸葛", "上官", "皇甫", "尉迟", "公孙", "慕容", "令狐", "宇文", "夏侯", "轩辕",
                            "端木", "独孤", "申屠", "呼延", "钟离", "澹台", "司徒", "司空", "万俟", "拓跋", "濮阳", "淳于"))


#: Words that look like a surname and a given name but never are one (jieba tags 谢谢 as a person).
NEVER_NAMES = frozenset(("谢谢", "感谢", "关爱", "周末", "白天", "安全", "方便", "常常", "成功", "江湖"))


def _surname_alt() -> str:
    return "(?:" + "|".join(COMPOUND_SURNAMES) + "|[" + SINGLE_SURNAMES + "])"


@lru_cache(maxsize=1)
def patterns() -> dict[str, re.Pattern]:
    s = _surname_alt()
    return {
        # 王书记, 老李师傅, 张建国主任: surname, up to two given-name characters, a title
        "title_after": re.compile(rf"{s}[{_H}]{{0,2}}?(?:{TITLES_AFTER})"),
        # 物业经理张建国, 我爸爸王德胜, 联系人：李红梅, 我叫刘志强
        "cue_before": re.compile(rf"(?:{CUES_BEFORE})(?:是|为|叫|名叫|[:：，, ]){{0,2}}({s}[{_H}]{{1,2}})"),
        # 反映人：禤志强 (any surname after a strong label), 居民代表：甲、乙、丙
        "strong": re.compile(rf"(?:{STRONG_LABELS})(?:是|为|[:：，, ]){{0,2}}([{_H}]{{2,4}})"),
        # 仝海波 〔电话〕, 张敏 13812345678: a name right before contact details
        "before_contact": re.compile(rf"(?<![{_H}])({s}[{_H}]{{1,2}})(?=[ ：:，,]?(?:1[3-9]\d|0\d{{2,3}}[- ]?\d)|[ ：:，,]?(?:〔电话〕|〔微信号〕|〔QQ号〕|电话|手机|联系电话|tel))"),
        "next_in_list": re.compile(rf"[、和及与,，/ ]([{_H}]{{2,4}})"),
        # …谢谢！陈晓东 / ——张敏 / 张敏 敬上: a signature ends the answer
        "signature": re.compile(rf"(?:^|[—\-－~～!！。，,.、\s])({s}[{_H}]{{1,2}})(?:敬上|留|拜托了|谨上)?[。.！!\s]*$", re.M),
        # anything that looks like surname + given name, for the tagger to confirm
        "bare": re.compile(rf"{s}[{''.join(sorted(GIVEN))}][{_H}]?"),
    }


_SURNAME_AT = None


def surname_length(text: str, i: int) -> int:
    """Length of the surname starting at ``text[i]`` (2 for a compound surname, 1, or 0)."""
    if text[i:i + 2] in COMPOUND_SURNAMES:
        return 2
    return 1 if text[i:i + 1] and text[i] in SINGLE_SURNAMES else 0


def given_length(text: str, start: int, end: int, freq: Callable[[str], int]) -> int:
    """How many of the characters in text[start:end] (at most 2) form the given name.

    The second character is dropped when it starts a common word with the character after
    it (张伟电话 → 张伟) or never stands in a name.
    """
    n = 0
    for k in range(start, min(end, start + 2)):
        ch = text[k]
        if not ("\u4e00" <= ch <= "\u9fff") or ch in NOT_IN_NAME:
            break
        if n == 1 and k + 2 <= len(text) and freq(text[k:k + 2]) >= 500:
            break
        n += 1
    return n


class NameFinder:
    """Spans (start, end) of personal names in one normalised text; see the module docstring."""

    def __init__(self, freq: Callable[[str], int]):
        self.freq = freq

    def _ends_word(self, text: str, i: int) -> bool:
        """True when the surname at ``i`` is the end of a word (保安队长, 提高老师, 于是王…)."""
        return i > 0 and self.freq(text[i - 1:i + 1]) > 0

    def _is_place_or_famous(self, text: str, a: int, b: int) -> bool:
        if text[a:b] in FAMOUS or any(text[a:k] in FAMOUS for k in range(a + 2, b + 2)):
            return True
        if text[b - 1] in PLACE_AFTER or PLACE_WORDS.match(text, b):
            return True
        return b < len(text) and text[b] in PLACE_AFTER

    def find(self, text: str) -> list[tuple[int, int]]:
        return [(a, b) for a, b in self._find(text) if text[a:b] not in NEVER_NAMES]

    def _find(self, text: str) -> list[tuple[int, int]]:
        p = patterns()
        out: list[tuple[int, int]] = []
        titles = re.compile(f"(?:{TITLES_AFTER})$")
        # 1. before a title
        pos = 0
        while (m := p["title_after"].search(text, pos)) is not None:
            a, b = m.span()
            head_end = a + titles.search(text[a:b]).start()
            sl = surname_length(text, a)
            given = text[a + sl:head_end]
            title = text[head_end:b]
            ok = not (set(given) & NOT_IN_NAME) and not (given and self.freq(text[a:head_end]) >= 1000)
            if ok and given and self.freq(text[a:a + sl + 1]) >= 100 and not self._tag_of(text[a:a + sl + 1]).startswith("nr"):
                ok = False  # 房价比工资: the "surname" starts a word
            if ok and len(title) == 1 and (self.freq(text[a + sl + len(given) - 1 if given else a:b]) >= 20
                                           or self.freq(text[head_end:b + 1]) >= 100):
                ok = False  # 施工, 比工资: a one-character title that is part of a word
            if ok and not given and self._ends_word(text, a) and text[a - 1] not in "老小":
                ok = False
            if ok and given and self._ends_word(text, a) and text[a - 1] not in "老小":
                ok = False
            if ok and text[a:head_end] in FAMOUS:
                ok = False
            if ok:
                start = a - 1 if a > 0 and text[a - 1] in "老小" else a
                out.append((start, b))
                pos = b
            else:
                pos = a + 1
        # 2. after a cue (title, relative, label, self-introduction)
        for m in p["cue_before"].finditer(text):
            a = m.start(1)
            sl = surname_length(text, a)
            g = given_length(text, a + sl, m.end(1), self.freq)
            if g == 0:
                continue
            if sl == 1 and self.freq(text[a:a + 2]) >= 1000 and g == 1 and "\u4e00" <= text[a + 2:a + 3] <= "\u9fff":
                continue  # 我是王家的: a word, not a name (业主高兴（3栋）is one)
            if (sl == 1 and g == 2 and _WEAK_CUE.match(text, m.start()) and self.freq(text[a:a + 2]) >= 100
                    and not self._tag_of(text[a:a + 2]).startswith("nr")):
                continue  # 老人白天托管, 老人关爱: after a word for people, an ordinary word (after 主任, 黄金花 is a name)
            b = a + sl + g
            if self._is_place_or_famous(text, a, b):
                continue
            out.append((a, b))
        for m in p["before_contact"].finditer(text):
            a = m.start(1)
            sl = surname_length(text, a)
            g = given_length(text, a + sl, m.end(1), self.freq)
            if g and not self._ends_word(text, a) and self.freq(text[a:a + sl + g]) < 100 \
                    and not self._is_place_or_famous(text, a, a + sl + g):
                out.append((a, a + sl + g))
        # 2b. after a strong label any surname will do; names listed after one name go too
        for m in p["strong"].finditer(text):
            a = m.start(1)
            if _inside(out, a):
                continue
            if not surname_length(text, a) and not re.search("[:：，, ]", text[m.start():a]):
                continue  # 签字难: without a colon after the label, only a listed surname starts a name
            sl = surname_length(text, a) or 1
            if text[a] in NOT_IN_NAME or (sl == 1 and self.freq(text[a:a + 2]) >= 100 and not surname_length(text, a)):
                continue  # 联系人一栏: a word, not a name
            g = given_length(text, a + sl, m.end(1), self.freq)
            if g and not self._is_place_or_famous(text, a, a + sl + g):
                out.append((a, a + sl + g))
        for a0, b0 in sorted(out):
            b = b0
            while (m := p["next_in_list"].match(text, b)) is not None:
                a = m.start(1)
                sl = surname_length(text, a)
                if not sl:
                    break
                g = given_length(text, a + sl, m.end(1), self.freq)
                if not g or self.freq(text[a:a + sl + g]) >= 100 or self._is_place_or_famous(text, a, a + sl + g):
                    break
                out.append((a, a + sl + g))
                b = a + sl + g
        # 3. a signature at the end
        for m in p["signature"].finditer(text):
            a = m.start(1)
            sl = surname_length(text, a)
            g = given_length(text, a + sl, m.end(1), self.freq)
            b = a + sl + g
            signed = m.group()[:1] in "—-－~～" or text[max(0, a - 3):a].rstrip("！!。，, ").endswith(("谢谢", "感谢"))
            if g and not self._is_place_or_famous(text, a, b) and self.freq(text[a:b]) < (1000 if signed else 50) and (
                    signed or self._tagged(text, a, b, strict=False)):
                out.append((a, b))
        # 4. anywhere, when the tagger reads a person
        taken = {k for s_, e in out for k in range(s_, e)}
        for m in p["bare"].finditer(text):
            a = m.start()
            if a in taken:
                continue
            sl = surname_length(text, a)
            if self._ends_word(text, a):
                continue
            if sl == 2 and text[a:a + 2] in PLAIN_COMPOUND:
                g = given_length(text, a + 2, m.end() + 1, self.freq)
                if g and not self._is_place_or_famous(text, a, a + 2 + g):
                    out.append((a, a + 2 + g))
                continue
            if sl == 1 and self.freq(text[a:a + 2]) >= 100 and not self._tag_of(text[a:a + 2]).startswith("nr"):
                continue  # 高楼, 安全, 方便: a common word
            span = self._tagged(text, a, m.end(), strict=True)
            if span:
                out.append(span)
        return out

    def _tag_of(self, word: str) -> str:
        return dict_tags().get(word, "")

    def _tagged(self, text: str, a: int, b: int, strict: bool):
        """(a, end) of the person jieba's tagger reads at ``a`` in a window around it, else None."""
        lo = max(0, a - 6)
        window = text[lo:min(len(text), b + 6)]
        off = lo
        for w in posseg_cut(window):
            if off == a:
                if w[1] in ("nr", "nrfg", "nrt") and 2 <= len(w[0]) <= 4 and w[0] not in FAMOUS:
                    end = a + len(w[0])
                    if self._is_place_or_famous(text, a, end) or set(w[0][surname_length(w[0], 0):]) & NOT_IN_NAME:
                        return None
                    if strict and len(w[0]) == 2 and self.freq(w[0]) >= 100:
                        return None  # a known two-character word the tagger calls a name (谢谢)
                    if strict and self.freq(w[0][:2]) >= 100 and not self._tag_of(w[0][:2]).startswith("nr"):
                        return None  # 白天托…: it starts with an ordinary word
                    return (a, end)
                return None
            off += len(w[0])
            if off > a:
                return None
        return None


def _inside(spans: list[tuple[int, int]], i: int) -> bool:
    return any(s <= i < e for s, e in spans)


@lru_cache(maxsize=1)
def _posseg():
    import logging

    import jieba
    import jieba.posseg as pseg

    jieba.setLogLevel(logging.WARNING)
    return pseg.POSTokenizer(jieba.Tokenizer())


def posseg_cut(text: str) -> list[tuple[str, str]]:
    return [(w.word, w.flag) for w in _posseg().lcut(text, HMM=True)]


@lru_cache(maxsize=1)
def dict_tags() -> dict[str, str]:
    """Word → part of speech in jieba's dictionary."""
    tk = _posseg()
    tk.tokenizer.check_initialized()
    return tk.word_tag_tab if hasattr(tk, "word_tag_tab") else {}
