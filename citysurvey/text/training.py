"""Generated, labelled suggestions: training data for the topic model, a background
corpus for keywords, and synthetic surveys for the benchmark.

Sentences are assembled from the topic lexicon and from ``data/training_cues.csv``
(about 2,000 everyday wordings the lexicon lacks: 车没地方停, 老人爬楼太累, 一下雨就淹,
老房子拆了太可惜 …, written from the topic descriptions of the domain README) inside
generic frames (openers, places, wishes, complaints). A quarter of the clauses are
a bare cue with at most a lead-in or a particle (就是…, …啊), as short colloquial
answers are; about a third of the sentences carry a topic-neutral remark
(去年就反映过, 老人孩子都受影响) so that the model learns such words say nothing
about the topic. Off-topic answers come from ``data/off_topic_cues.csv`` and from
:data:`OFF_FRAMES`, parts put together (a private subject with a city word used as a
simile, an outing told with no complaint, an advert for a household service, a home as
an investment, the interviewer, a relative's illness …), and a few topic sentences start
with a private occasion (:data:`CONTEXTS`), so that what decides is whether the thing
complained about is something the city builds or runs. Nothing here is taken from the
hand-written evaluation sets or from the demo city's phrase bank; tests check that no
run of 10 characters of a development answer occurs in the training sentences.

>>> texts, labels = training_corpus(n=5, seed=1)
>>> len(texts) == len(labels)
True
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from io import StringIO

import numpy as np
import pandas as pd

from .lexicon import Lexicon, load_lexicon

#: an opener says nothing about what the answer is about: the plain ones (我想说, 说个事, 跟你们说, 哎, 我觉得, 说句实话)
#: open topic and off-topic sentences alike (from model 2026.12-11; before, 我想说 opened only off-topic ones, and the
#: frame model read it as a sign of them: 6% of the bench input's answers starting with it flagged)
OPENERS = ("", "", "", "", "我觉得", "建议", "反映一下，", "个人看法：", "说句实话，", "麻烦领导看看：", "提个意见，",
           "我想说", "说个事，", "跟你们说，", "哎，")
#: 我家〔地址〕 (model 2026.12-14): the resident's own flat named by an address, which the stage redacts before reading the
#: answer (its placeholder is read as a space), so that 我家 before a complaint stays the resident's complaint
PLACES = ("", "", "", "", "我们小区", "我家附近", "家门口", "小区里", "这一片", "我们这边", "附近", "老城区",
          "新区", "我们楼", "单元里", "街道上", "我家〔地址〕", "我住的〔地址〕")
WISHES = ("希望", "建议", "能不能", "请", "麻烦", "强烈要求", "盼望")
VERBS = ("解决", "改善", "增加", "整治", "多建", "管一管", "处理一下", "重视", "改造", "加强")
COMPLAINTS = ("", "", "", "太差了", "问题严重", "没人管", "很不方便", "希望尽快解决", "能不能改善一下", "好几年了",
              "一直没解决", "太难了", "希望重视", "真的很头疼", "影响生活", "太少了", "反映过很多次")
JOINERS = ("，", "；", "。", "，还有", "，另外", "。再就是", " ", "、", "，而且")
CLOSERS = ("", "", "", "。", "！", "，谢谢", "，希望政府重视", "…", "！！")
#: Informative answers about no topic in the lexicon: the model must learn to say nothing for them.
GENERIC = (
    "服务态度有待提高", "说了很多次都没用",
    "领导要多下基层看看", "宣传不到位，很多政策不知道", "希望能落实到位", "工作人员态度要好一点",
    "希望多听取居民意见", "形式主义太多", "希望公开透明", "各部门互相推诿", "调查要有结果反馈",
"规划要长远一些", "不要搞面子工程", "多为普通人考虑", "办事效率太低",
    "说的和做的不一样", "希望多关心弱势群体", "资金要用在刀刃上", "问题反映了没有下文",
)
#: Remarks that go with a complaint about any topic (added to about a third of the sentences).
NEUTRAL = (
    "住了二十多年了", "邻居们意见都很大", "去年就反映过", "大家都很头疼", "说了好多次了", "一直拖着没弄", "老人孩子都受影响",
    "每天都要经过那里", "周末更严重", "这个问题存在很久了", "希望有关部门重视一下", "社区也说管不了", "打电话也没人理",
    "不知道该找谁", "真的很无奈", "我们这一片都这样", "别的地方都解决了", "希望今年能有变化", "年年说年年没变",
    "麻烦早点处理", "上班的人更难", "老人最受罪", "外地人也一样", "新来的住户都不知道", "下了班才发现",
    "白天还好晚上最麻烦", "天气一变就更明显", "我们都是普通老百姓",
    # model 2026.12-13: what the resident does or feels because of it, said in the first person (an informative answer
    # that merely sounds personal: the complaint, not the remark, decides)
    "我只能自己想办法", "我都成了熟客了", "我一个人真的顶不住", "每次都得请假去弄", "我自己掏钱买了个手电",
    "心里一直七上八下", "害得我天天迟到", "我都不好意思叫朋友来家里", "全靠我自己跑腿",
)
#: Lead-ins and endings of a bare clause (a cue said plainly, as short answers are).
LEADS = ("", "", "", "", "", "就是", "最大的问题是", "主要是", "现在", "我们这里", "一直", "还有就是", "说实话")
TAILS = ("", "", "", "", "", "啊", "呀", "了", "吧", "，太难了", "，急死人", "，没人管", "，烦死了")
#: Private occasions told before a complaint (周末带孩子去公园，…): with the off-topic frames (an outing told with no
#: complaint) they teach that the complaint, not the occasion, makes an answer about the city.
CONTEXTS = ("周末带孩子出去玩", "昨天陪爸妈去散步", "下班回家的路上", "早上送孩子上学", "和老伴去遛弯", "约朋友出去吃饭",
            "带狗下楼的时候", "过年亲戚来家里", "上个月刚搬过来", "我老公每天开车上班", "我妈腿脚不好", "孩子放暑假了",
            # model 2026.12-9: occasions of the off-topic kinds added with it (a match, a driving lesson, a shift on a
            # delivery platform, the gym, shopping, a trip), so that their words alone do not decide
            "看完球赛出来", "去驾校练车的路上", "我是跑外卖的", "加班到十点才回家", "去健身房的路上", "买菜回来",
            "婆婆来帮忙带孩子", "刚体检完出来", "打完羽毛球回家", "旅游回来一看", "考完试放假回家")
P_CONTEXT = 0.08  # share of topic sentences that start with such an occasion
#: Whose life a complaint is told from (model 2026.12-19): a family member (我儿子马上上初一，…; 我爸腿脚不好，…) or one's
#: own trade, shop or job (我在这条街开了十几年店，…; 我是开出租的，…) before a complaint about a city thing, or the
#: complaint placed at one's own shop or a family member's door (我店门口…, 孩子学校门口…). The frame says who is
#: affected; the complaint, not the frame, makes the answer the city's. The off-topic frames with the same people and
#: trades (a relative's illness, a child's marks, a family quarrel, the boss, platform work) keep them from deciding
#: the other way: what they say there is no city thing. Written by kind for training, none from an evaluation set.
KIN = ("我女儿", "我儿子", "我闺女", "我家老大", "我家老二", "我孙子", "我孙女", "我外孙", "我爸", "我妈", "我爷爷",
       "我奶奶", "我外婆", "我外公", "我老伴", "我婆婆", "我岳母", "我老婆", "我老公", "我弟弟", "我姐", "我家孩子")
KIN_STATES = ("今年上初一", "马上上小学了", "明年中考", "还在读幼儿园", "七十多了", "八十多岁了", "腿脚不好", "坐轮椅",
              "耳朵不好", "眼睛不太好", "一个人住", "刚退休", "刚毕业在找工作", "身体一直不好", "每天坐公交上学",
              "天天骑电动车上班", "在外地打工刚回来", "上高中住校", "有残疾", "在这边上班")
TRADES = ("我在这条街开了十几年店", "我是开出租的", "我跑网约车", "我是送快递的", "我在菜市场卖菜", "我开了个小饭馆",
          "我们店就在路口", "我是环卫工", "我在工地干活", "我做点小生意", "我是摆摊卖水果的", "我开理发店的",
          "我在商场上班", "我是个体户", "我们几个商户", "我是开货车的", "我当保安的", "我在老城区开杂货店",
          "我是做外卖的", "我在医院当护工", "我是开早餐店的")
OWN_PLACES = ("我店门口", "我们店门口", "我摊位旁边", "我们铺子前面", "孩子学校门口", "我妈住的那栋楼", "我爸住的小区",
              "我上下班的路上", "孩子上学的路上", "我跑车的那几条路上")
P_WHOSE = 0.15  # share of topic sentences told from such a life (their own random stream: the rest stay as they were)
P_BARE = 0.25  # share of clauses that are a bare cue
P_NEUTRAL = 0.3  # share of sentences with a topic-neutral remark


@lru_cache(maxsize=1)
def training_cues() -> pd.DataFrame:
    text = resources.files("citysurvey.text").joinpath("data/training_cues.csv").read_text(encoding="utf-8")
    return pd.read_csv(StringIO(text), dtype=str, keep_default_na=False)


class _Gen:
    def __init__(self, lexicon: Lexicon, seed: int):
        self.rng = np.random.default_rng(seed)
        self.rng_whose = np.random.default_rng(seed + 3)  # whose life a sentence is told from (P_WHOSE)
        self.topics = list(lexicon.topics)
        terms = lexicon.terms
        cues = training_cues()
        self.terms = {t: terms.loc[terms["topic"] == t, "term"].tolist() for t in self.topics}
        self.cues = {t: cues.loc[cues["topic"] == t, "cue"].tolist() for t in self.topics}

    def pick(self, seq):
        return seq[int(self.rng.integers(len(seq)))]

    def clause(self, topic: str) -> str:
        cues, terms = self.cues.get(topic) or [], self.terms[topic]
        if self.rng.random() < P_BARE:
            core = self.pick(cues if (cues and self.rng.random() < 0.7) else terms)
            return self.pick(LEADS) + core + self.pick(TAILS)
        use_cue = bool(cues) and self.rng.random() < 0.55
        core = self.pick(cues if use_cue else terms)
        form = self.rng.random()
        if form < 0.55:
            return self.pick(PLACES) + core + self.pick(COMPLAINTS)
        if form < 0.8:
            return self.pick(WISHES) + self.pick(VERBS) + core + ("的问题" if use_cue else "")
        return core + "的问题" + self.pick(COMPLAINTS)

    def sentence(self, topics: list[str]) -> str:
        parts = [self.clause(t) for t in topics]
        if self.rng.random() < P_CONTEXT:
            parts[0] = self.pick(CONTEXTS) + "，" + parts[0]
        w, lead = self.rng_whose, ""
        if w.random() < P_WHOSE:
            pick = lambda seq: seq[int(w.integers(len(seq)))]  # noqa: E731
            kind, join = w.random(), pick(("，", "，", "", " "))  # without a mark the lead and the complaint are one part
            if kind < 0.45:
                lead = pick(KIN) + pick(KIN_STATES) + join
            elif kind < 0.8:
                lead = pick(TRADES) + join
            else:
                parts[0] = pick(OWN_PLACES) + parts[0]
        if self.rng.random() < 0.15:
            parts.insert(int(self.rng.integers(len(parts) + 1)), self.pick(GENERIC))
        text = parts[0]
        for p in parts[1:]:
            text += self.pick(JOINERS) + p
        text = lead + self.pick(OPENERS) + text + self.pick(CLOSERS)
        if self.rng.random() < P_NEUTRAL:
            remark = self.pick(NEUTRAL)
            text = remark + "，" + text if self.rng.random() < 0.4 else text.rstrip("。！…") + "，" + remark
        return text

    def topic_set(self) -> list[str]:
        k = 1 + int(np.searchsorted([0.6, 0.9], self.rng.random(), side="right"))
        return list(self.rng.choice(self.topics, size=k, replace=False))


#: the pseudo-topic of answers about something other than the city (the model's last output)
OFF_TOPIC = "OFF_TOPIC"
#: answers that say nothing (一切都好, 同上): the model's last output; they carry OFF_TOPIC too (not an opinion)
NON_ANSWER = "NON_ANSWER"
#: openers and endings of a generated off-topic answer
OFF_OPENERS = ("", "", "", "", "说个事，", "请问", "顺便问一下，", "哎，", "跟你们说，", "我想说", "我觉得", "说句实话，")
OFF_CLOSERS = ("", "", "", "。", "！", "？", "😂", "😭", "，谁懂啊", "，哈哈", "，有人知道吗", "，烦")
#: where an off-topic remark was made: a city place named in passing, with no complaint about it, does not
#: make the answer about the city
OFF_SETTINGS = ("在公园散步的时候想到，", "坐公交的时候刷手机看到，", "在小区门口碰到邻居，聊起来", "在地铁上听人说",
                "晚上在广场乘凉，大家都在说", "在菜市场买菜的时候想，", "下班走在路上一直在想，", "坐在楼下的长椅上想，",
                "在医院排队的时候看新闻，", "等红绿灯的时候突然想起，")
P_OFF_SETTING = 0.25  # share of generated off-topic answers that name such a place

#: Off-topic answers built from parts, so that the model sees a city word whose object is not something the
#: city builds or runs: a private subject with a city word used figuratively (我的感情像早高峰一样堵), an outing
#: to a city place told with no complaint or wish, an advert for a household service, a home as an investment,
#: the questionnaire or the interviewer, a relative's illness, a child's marks, the boss. Each kind is a list of
#: slots; a sentence takes one part per slot. Written for training; none from an evaluation set.
OFF_FRAMES: dict[str, tuple[tuple[str, ...], ...]] = {
    "figurative": (
        ("我的人生", "我这半辈子", "我的感情", "我们俩的关系", "我跟我对象之间", "最近的心情", "我们公司的管理",
         "我们部门的流程", "我的工作", "我的脑子", "我的婚姻", "我的股票账户", "我的减肥计划", "我的桃花运",
         "我的睡眠", "我家那位的脾气", "我的存款", "我们家的日子", "我的考研之路", "我的事业", "我的青春",
         "我跟婆婆的关系", "我们小组的项目", "我儿子的学习", "这段异地恋", "我的相亲之路", "我的脑回路"),
        ("就像早高峰的马路，堵得死死的", "跟这城市的交通一样，乱成一锅粥", "像一堆没人收的垃圾", "跟垃圾场似的",
         "跟停车场一样，一动不动", "像停水的水管，一滴都没有", "跟停电了一样，一片漆黑", "像下水道一样堵着",
         "乱得像没人管的菜市场", "像修了一半的路，走不下去", "像塌了方的山路", "像一直亮着红灯的路口，过不去",
         "像坐错了公交车，越走越远", "像走进了死胡同", "像没有路灯的小巷子", "像漏雨的老房子，到处是窟窿",
         "像等不来的末班车", "比老城区的巷子还绕", "像天天挖了又填的马路", "像被水淹了一样，喘不过气"),
        ("", "", "，不知道该怎么办", "，心好累", "😢", "，谁来救救我", "，哈哈", "，唉", "，说出来好受点"),
    ),
    "figurative_object": (
        ("我们老板", "那个前男友", "这部电视剧", "这个游戏", "昨晚那个球队", "我的手气", "公司的新系统",
         "我们组长", "那个主持人", "这款手机", "我同事", "我们主管的水平"),
        ("太垃圾了", "就是个垃圾", "垃圾得很", "堵心得很", "让人心里堵得慌", "比堵车还让人上火", "烂得像没修的路"),
        ("", "，天天压着我们加班", "，浪费时间", "，气死了", "，不想说了", "，简直无语", "，早该换了"),
    ),
    "outing": (
        ("周末", "昨天", "今天早上", "上个月", "国庆节", "五一", "趁着天好", "下班后", "前天傍晚", "春节"),
        ("约了几个朋友去", "带孩子去", "陪爸妈去", "和老伴去", "一个人去", "跟同学去", "带着狗去", "和对象去"),
        ("公园", "湿地公园", "江边", "广场", "图书馆", "博物馆", "动物园", "步行街", "体育馆", "老街", "植物园",
         "河边绿道", "游乐场", "科技馆", "古镇"),
        ("散步", "拍照", "放风筝", "野餐", "钓鱼", "跑步", "看花", "划船", "遛弯", "吃了顿火锅",
         "打了会儿球", "晒太阳", "看灯会"),
        ("，心情特别好", "，拍了好多照片", "，孩子玩得可开心了", "，风景真美", "，推荐大家去", "，好久没这么放松了",
         "，遇到了老同学", "，聊了一下午", "，晚霞特别好看", "，感觉日子真美好", "，想起了小时候", "，玩得很尽兴"),
    ),
    "nostalgia": (
        ("我在这个城市生活了三十年", "我在这儿住了大半辈子", "来这个城市快十五年了", "从小在这座城长大",
         "我们一家三代都住在这儿", "退休后一直住在这里"),
        ("，看着它一点点变样", "，从小地方变成了大城市", "，高楼一栋栋起来了", "，街坊换了一茬又一茬",
         "，老朋友都搬走了", "，孩子都长大成家了"),
        ("，心里挺感慨的", "，时间过得真快", "，有时候挺怀念以前的日子", "，说不出是什么滋味", "，一晃就老了",
         "，写下来留个纪念"),
    ),
    "advert": (
        ("专业疏通马桶管道", "开锁换锁修锁", "空调清洗加氟", "防水补漏", "家电维修", "二手车高价收购", "甲醛检测治理",
         "化粪池清理", "搬家拉货", "房屋出租，拎包入住", "车位出租", "旧房翻新刷墙", "水电安装维修", "上门理发",
         "月嫂育儿嫂", "考驾照包过", "少儿编程培训", "装修设计"),
        ("，24小时上门", "，价格实惠", "，师傅经验丰富", "，随叫随到", "，全城服务", "，不成功不收费", "，新客八折",
         "，当天完工"),
        ("，欢迎来电", "，加微信详聊", "，有需要的联系我", "，私信咨询", "，扫码预约", "，名额有限"),
    ),
    "investment": (
        ("手里那套房", "二套房", "学区房", "老家的房子", "投资的商铺", "那套公寓", "想买的新房", "手上的车位"),
        ("现在卖亏不亏", "还会不会涨", "还能保值吗", "是不是该抄底了", "要不要趁现在出手", "过两年能不能回本",
         "租出去划算还是卖了划算", "现在上车是不是时候"),
        ("", "？", "，有懂行的说说", "，纠结死了", "，大家怎么看", "，早知道买黄金了"),
    ),
    "survey": (
        ("这个问卷", "你们这份调查", "刚才那个调查员", "上门的访问员", "这个二维码问卷", "第八题", "最后一页",
         "打电话来的访员", "这套题"),
        ("太长了", "选项不全", "问得莫名其妙", "字太小看不清", "要填的信息太多", "是不是匿名的", "填完有没有礼品",
         "态度不太好", "一直催我填", "看不懂在问什么", "为什么要问收入", "跟我有啥关系", "为什么要留手机号",
         "说好的礼品一直没寄来", "到底是谁发起的", "填了到底有什么用", "只能单选不合理", "送的小礼物太寒碜"),
        ("", "，下次改改", "，浪费时间", "，我不想填了", "？", "，谁设计的"),
    ),
    "relative_ill": (
        ("我妈", "我爸", "我爷爷", "我奶奶", "我老婆", "我老公", "我姐", "我岳父", "我婆婆", "我外婆", "我小姨",
         "我舅舅", "我表哥", "我大伯", "我闺蜜的妈妈"),
        ("查出了肿瘤", "住院做手术了", "中风了，半边身子不能动", "糖尿病越来越重", "心脏不好要搭桥",
         "摔了一跤骨折了", "老年痴呆越来越严重", "肾不好要透析"),
        ("，愁得睡不着", "，不知道该怎么办", "，全家都乱了", "，心里很难受", "，希望能好起来", "，大家帮忙想想办法"),
    ),
    "grades": (
        ("我儿子", "我闺女", "我家孩子", "我孙子", "我外孙女", "侄子"),
        ("期末数学才考了五十多分", "这次月考排名又掉了", "英语一直跟不上", "作文老是不及格", "中考差几分没上线",
         "上课老走神，成绩一落千丈", "补了一年课成绩没起色", "考研又没过"),
        ("，愁死了", "，有什么好办法吗", "，急得我头发都白了", "，打也不是骂也不是", "，大家家孩子怎么学的"),
    ),
    "boss": (
        ("我们老板", "单位领导", "部门经理", "我们主管", "新来的组长", "公司老总", "我们科长", "带我的师傅",
         "厂里的车间主任", "项目经理"),
        ("天天画大饼", "又扣我们绩效", "下班了还在群里布置任务", "功劳全是他的", "周末也让我们加班",
         "说话阴阳怪气", "拖着不给报销", "逼着我们买公司产品"),
        ("，真想辞职", "，气死我了", "，打工人太难了", "，有什么办法吗", "，敢怒不敢言"),
    ),
    "passing": (
        ("在地铁上", "在公交车上", "在小区门口", "在停车场", "在菜市场", "在医院走廊里", "在学校门口等孩子的时候",
         "在公园长椅上", "在电梯里", "在路口等红灯的时候", "在广场上", "在楼下"),
        ("跟老公吵了一架", "碰到了前男友", "接到老板的电话又要加班", "看到基金又跌了", "想起了初恋",
         "被朋友放了鸽子", "刷到了明星离婚的新闻", "收到了孩子的成绩单", "看到彩票开奖又没中", "接到了诈骗电话",
         "听说同事辞职了", "看到球队输了"),
        ("，心情一下子就不好了", "，越想越气", "，哭笑不得", "，说出来大家乐一乐", "，有点难过", "，唉"),
    ),
    "consumer": (
        ("网购平台", "保险公司", "手机运营商", "银行客服", "培训机构", "4S店", "外卖平台", "健身房", "美容院",
         "装修公司", "某个App", "直播间的商家"),
        ("乱扣费", "退款拖着不给", "客服来回踢皮球", "理赔各种推脱", "卡办了就关门跑路了", "自动续费不提醒",
         "卖的东西货不对板", "合同里全是坑"),
        ("，找谁说理去", "，气死了", "，大家小心", "，投诉了也没用", "，再也不买了"),
    ),
    "pets": (
        ("我家狗", "我家的猫", "家里的兔子", "养的鹦鹉", "邻居送的小狗", "我家柯基", "女儿的仓鼠"),
        ("最近不爱吃东西", "掉毛掉得厉害", "半夜老叫", "走丢两天了", "打疫苗后没精神", "胖得走不动了"),
        ("，怎么办", "，有懂的吗", "，急死了", "，求推荐个宠物医院", "，好心疼"),
    ),
    "fandom": (
        ("那个顶流明星", "我喜欢的歌手", "最近的热播剧", "国足", "湖人队", "我追的综艺", "那个网红主播", "这届春晚"),
        ("又上热搜了", "塌房了", "烂尾了", "又输球了", "出新专辑了", "官宣恋情了", "被骂惨了"),
        ("，太失望了", "，哈哈哈", "，熬夜看完了", "，大家怎么看", "，粉丝都炸了", "，终于等到了"),
    ),
    "money": (
        ("比特币", "我的基金", "手里的股票", "买的黄金", "上周的彩票", "理财产品", "炒的白银", "那只新能源股"),
        ("又跌了一成", "终于回本了", "一夜翻倍了", "亏了一半", "刚卖就涨", "一直横盘不动"),
        ("，后悔死了", "，要不要加仓", "，心态崩了", "，有没有懂行的", "，哈哈赚了一顿饭钱"),
    ),
    # model 2026.12-8: kinds of off-topic speech where a city or topic word is near but the object is one's own
    # life: the weather as small talk, one's own wishes, loans and papers, one's parcel and its carrier, what a
    # survey word means, the manners of people, a trip told as a review, television; and figures of speech with
    # a city thing (an old estate, a dead-end road) or with 城/路 (城府, 路痴, 围城, 套路)
    "weather_talk": (
        ("今天", "这几天", "最近", "明天", "周末", "这个夏天", "入伏以后", "今年冬天", "早上出门", "这个礼拜", "大清早"),
        ("热得像进了桑拿房", "闷得喘不过气", "冷得直哆嗦", "晒得胳膊都脱皮了", "潮得衣服晾不干", "一会儿晴一会儿阴",
         "还会不会降温", "到底下不下雪", "会不会刮台风", "气温又破纪录了", "太阳毒得睁不开眼", "热得一身一身出汗"),
        ("", "，穿什么都不对", "，不想出门", "，被子都没法晒", "，记得多喝水", "？", "，有人知道吗", "，天气预报也不准"),
    ),
    "private_wish": (
        ("希望", "但愿", "盼着", "新的一年", "许个愿，", "只求", "真心盼望"),
        ("我", "我们家", "我老公", "自己", "我闺女", "我儿子", "我跟老伴"),
        ("明年", "今年", "早点", "下半年", "过年前", ""),
        ("能换个轻松点的活儿", "工资能涨一涨", "能找到对象", "考上重点高中", "能把房贷还完", "身体少出毛病",
         "平平安安的", "能中个大奖", "能升个职", "能瘦二十斤", "别再被催婚", "能去趟国外玩"),
        ("", "！", "，拜托了", "🙏", "，就这点心愿"),
    ),
    "own_loan": (
        ("房贷利率", "车贷", "信用卡分期的利息", "公积金贷款", "装修贷", "消费贷", "每个月的月供", "提前还贷"),
        ("还能再降吗", "又上调了", "高得离谱", "怎么算才划算", "银行推三阻四", "压得我喘不过气", "到底要不要提前还"),
        ("，工资一半都还了贷款", "，每个月都紧巴巴的", "，有懂的吗", "", "，早知道不贷了", "，还得还二十年"),
    ),
    "own_papers": (
        ("请问", "想问一下", "有没有人知道", "问个事，", "", "打听一下，"),
        ("孩子的户口", "我的户口", "老家的农业户口", "集体户口", "社保关系", "公积金账户", "过期的身份证", "护照",
         "结婚证", "驾照"),
        ("怎么迁过来", "要带什么材料", "去哪儿办", "转到外地有什么影响", "迁回老家划算吗", "丢了怎么补"),
        ("", "？", "，谢谢", "，急", "，在线等"),
    ),
    "parcel": (
        ("我网购的东西", "买的衣服", "给我妈寄的包裹", "我的包裹", "昨天下单的耳机", "朋友寄来的特产", "退货的件",
         "网上买的书"),
        ("五天了还在路上", "物流信息一直不动", "被快递公司弄丢了", "发到别的省去了", "在中转站压了一礼拜",
         "外包装烂得不成样子", "发货拖了半个月"),
        ("，快递公司客服电话打不通", "，平台说不归它管", "，商家让我自己找物流", "，催了好几次没用", "，理赔要一堆材料",
         "，再也不在这家买了"),
    ),
    "survey_word": (
        ("题目里说的", "问卷上写的", "你们说的", "刚才那道题的", "这里问的", "调查员说的"),
        ("“城市体检”", "“完整社区”", "“城市更新”", "“生活圈”", "“宜居”", "“韧性”", "城市体检", "“街区”",
         "“智慧城市”", "“海绵城市”"),
        ("是啥意思", "到底指什么", "是干嘛的", "跟我有什么关系", "第一次听说", "能不能解释一下"),
        ("", "？", "，没看懂", "，城市也会生病吗", "，搞不明白", "😂", "，谁给城市看病"),
    ),
    "manners": (
        ("现在的人", "这城里的人", "这年头的年轻人", "大城市的人", "身边的人", "现在的社会"),
        ("都太冷漠了", "越来越浮躁", "眼里只认钱", "没什么人情味", "攀比心太重", "谁也不信谁", "都只顾自己"),
        ("", "，感觉好孤独", "，还是老家好", "，世道变了", "，唉", "，不知道怎么了"),
    ),
    "trip_review": (
        ("小红书上", "抖音上", "攻略里", "朋友圈里", "网上", "短视频里"),
        ("都夸这地方好玩", "推荐的那家网红店", "说这边的夜景很出片", "说必须来的那个景点", "把这边吹上了天"),
        ("，真来了觉得很一般", "，排了两个钟头没意思", "，去了大失所望", "，照片全靠滤镜", "，踩雷了",
         "，还不如在家躺着"),
        ("", "，下次不信了", "😅", "，被骗了", "，哈哈"),
    ),
    "television": (
        ("电视台", "看个电视剧", "视频网站", "手机里的App", "刷短视频", "电视一开机", "追个综艺"),
        ("广告太多了", "会员一层套一层", "老是弹广告", "都是些狗血剧", "推送的东西越来越无聊", "广告比正片还长"),
        ("", "，烦死了", "，不想看了", "，谁受得了", "，遥控器都想扔了"),
    ),
    "figurative_place": (
        ("我这把老骨头", "我这身子骨", "我的钱包", "我的脑子", "我们俩的感情", "我的发际线", "我这口牙", "我的膝盖",
         "我的生活", "我的衣柜"),
        ("跟个几十年的老小区差不多", "跟危房似的", "像一栋烂尾楼", "像一条断头路", "像没有电梯的老楼", "像年久失修的下水管",
         "跟待拆的老房子一样", "像常年施工的工地", "像个没人管的小区"),
        ("，该改造一下了", "，得翻新了", "，需要体检一下", "，早该修修了", "😂", "，哈哈", "，谁来拯救一下", ""),
    ),
    "idiom_city": (
        ("我这个人", "我家那口子", "我们领导", "我那个同学", "我儿子", "我们组长", "隔壁那个小伙子", "我自己"),
        ("方向感太差，是个路痴", "城府太深，看不透", "说话全是套路", "感觉走投无路了", "一路绿灯升上去了",
         "路子太野", "在感情里老走弯路", "被婚姻这座围城困住了", "到哪都一路顺风", "觉得前路茫茫", "心里筑了一道城墙"),
        ("", "，哈哈", "，没办法", "，说出来你们别笑", "，唉", "，随他去吧"),
    ),
    # model 2026.12-9: the broad classes of non-city talk, one frame or more each, written by kind after reading the
    # off-topic answers of nine sets (none copied): a private thing compared with a city thing (比工地还吵), a city
    # term borrowed for a company, a marriage or the stock market, household chores, one's own health and family
    # quarrels, the inside of one's workplace and one's career, goods and their prices, pastimes and their gear,
    # games, matches, shows, one's own study and driving test, travel plans, faith and fortune-telling, world news,
    # filler jokes, a gig worker's platform, social media, food in season, one's own car, cooking and style, a wedding or
    # a funeral to attend, musings, history trivia, one's phone and computer, lost and found
    "simile_compare": (
        ("我的钱包", "我老公的呼噜", "我家孩子的房间", "我的工资卡", "我这脑袋", "我家狗半夜叫得", "我这周的安排",
         "我的手机内存", "我闺女的书桌", "我家那位的脸色", "我的心情", "我的余额", "婆婆的唠叨", "我的头发"),
        ("比", "简直比", "都快比"),
        ("垃圾站", "装修的电钻", "早高峰的环线", "没人修的下水道", "拆迁工地", "停满车的停车场", "菜市场的地面",
         "夜市", "路边那一团电线", "施工的打桩机", "被挖开的马路", "没人扫的街"),
        ("还乱", "还脏", "还吵", "还堵", "还空", "还挤", "还难看", "还闹腾", "还响", "还干净"),
        ("", "，哈哈", "😂", "，没救了", "，说起来都是泪", "，服了", "，谁懂"),
    ),
    "borrowed_term": (
        ("我们公司的", "我们单位的", "我们班的", "我家里的", "我们群里的", "我心里的", "股市里的", "我们厂的",
         "我们宿舍的", "朋友圈里的", "我们家的", "饭圈的"),
        ("“物业”", "“城管”", "“钉子户”", "“违章建筑”", "“断头路”", "“堵点”", "“危房”", "“老破小”", "“拆迁办”",
         "“基建”", "物业", "城管", "“排水系统”", "“垃圾站”", "“交通枢纽”"),
        ("就是我老婆", "是行政那帮人", "就是我婆婆", "是我们组长", "是那几个管理员", "全靠我一个人", "一直没人修",
         "该整改了", "需要疏通一下", "拆也拆不动", "天天找我麻烦", "早就该升级了"),
        ("", "，哈哈", "😂", "，谁来管管", "，真拿他没办法", "，说多了都是泪", "，开个玩笑"),
    ),
    "chores": (
        ("家里的活", "做饭洗碗", "拖地洗衣服", "接送孩子", "辅导作业", "倒垃圾", "收拾屋子", "给孩子洗澡"),
        ("全是我一个人干", "老公从来不搭把手", "婆婆只会动嘴", "家里那位一样不沾", "一到周末就没人管"),
        ("，这个家该整治整治了", "，日子过得像施工现场", "，累死了", "，想离婚", "，这日子需要改造", "，谁来帮帮我", ""),
    ),
    "own_health": (
        ("我最近", "这半个月", "我这两天", "年纪大了", "体检完发现", "熬了几次夜", "入秋以后"),
        ("老是失眠", "颈椎疼得抬不起头", "嗓子又干又疼", "血压有点高", "胃不舒服", "掉头发厉害", "老咳嗽",
         "膝盖一蹲就疼", "眼睛干涩", "长了好多痘", "浑身没劲", "牙疼得吃不下饭"),
        ("", "，吃点什么药好", "，有没有偏方", "，好难受", "，该去看看医生了", "，烦死了", "？"),
    ),
    "family_quarrel": (
        ("我婆婆", "我老公", "我媳妇", "我儿子", "我小姑子", "我妈", "我家老头子", "我女儿", "我公公", "我大舅哥"),
        ("跟我三天两头吵架", "天天玩手机不管孩子", "总嫌我乱花钱", "快四十了还不结婚", "老催我生二胎",
         "借钱不还", "过年非要回他老家", "跟我冷战一个礼拜了", "嫌我做饭难吃", "谈了个对象家里不同意"),
        ("", "，怎么办", "，愁死了", "，烦透了", "，家家有本难念的经", "，唉"),
    ),
    "workplace_inside": (
        ("我们单位", "公司", "我们厂里", "我们部门", "我上班的地方", "我们学校办公室", "我们项目组"),
        ("的食堂饭菜越来越差", "的打印机三天两头坏", "年会非要每个人出节目", "的团建全是爬山", "的空调温度开得太低",
         "的考勤机老是打不上卡", "的工位挤得转不开身", "的报销流程要签五个字", "的电脑卡得要死", "开会一开一上午"),
        ("", "，受不了", "，谁定的规矩", "，想辞职", "，吐槽一下", "，唉"),
    ),
    "career": (
        ("人工智能发展这么快", "我们这行越来越卷", "干了十年会计", "听说公司要裁员", "刚毕业两年",
         "快四十岁了", "家里人都让我考编"),
        ("，不知道以后干啥", "，想转行学点别的", "，考个证有没有用", "，心里很慌", "，要不要出去闯一闯",
         "，以后会不会被机器替代", "，感觉前途渺茫"),
        ("", "，有人给点建议吗", "，好焦虑", "，唉", "？"),
    ),
    "goods_prices": (
        ("猪肉", "鸡蛋", "牛奶", "大米", "苹果", "奶粉", "螃蟹", "茶叶", "咖啡", "新出的手机", "电影票", "演唱会门票",
         "车险", "金价", "水果"),
        ("又涨价了", "比去年贵了一大截", "价格翻了一倍", "贵得吃不起了", "一下涨了好几块", "怎么这么贵"),
        ("", "，工资不涨东西涨", "，买不起了", "，钱越来越不经花", "，吃不消", "，还让不让人活了"),
    ),
    "goods_quality": (
        ("网上买的", "直播间抢的", "商场打折买的", "团购的", "朋友推荐的", "超市买的"),
        ("锅", "拖鞋", "充电宝", "羽绒服", "耳机", "床单", "保温杯", "儿童玩具", "电饭煲", "雨伞"),
        ("用了两天就坏了", "质量太差了", "跟图片完全不一样", "一洗就缩水", "味道大得很", "退货还得自己出运费"),
        ("", "，再也不买了", "，大家别上当", "，气人", "，客服也不理"),
    ),
    "pastime_gear": (
        ("我的鱼竿", "吉他的弦", "自行车的链条", "相机镜头", "乒乓球拍的胶皮", "跑步鞋", "游泳镜", "钢琴",
         "无人机", "风筝线", "滑板"),
        ("断了", "坏了", "起毛了", "进水了", "调不准音了", "磨平了"),
        ("，哪里能修", "，有推荐的店吗", "，换个新的要多少钱", "，谁知道哪能买到配件", "，心疼"),
    ),
    "games": (
        ("打王者", "玩原神", "吃鸡", "打麻将", "斗地主", "玩消消乐", "下象棋", "玩剧本杀", "打游戏"),
        ("又连跪了", "队友太坑", "抽了一百发没出金", "输了好几百", "卡在一关过不去", "一晚上没赢一把",
         "充了好多钱"),
        ("", "，心态崩了", "，不玩了", "，哈哈", "，气死", "，求带"),
    ),
    "game_city": (
        ("在游戏里", "玩模拟经营的时候", "我在《模拟城市》里", "手游里"),
        ("我搭的那座城", "我修的地铁", "我规划的道路", "我盖的小区"),
        ("比现实好多了", "从来不堵车", "一个比一个漂亮", "被夸了好多次"),
        ("，哈哈", "，现实就别提了", "，游戏而已", "😂", ""),
    ),
    "sports_match": (
        ("国足", "男足", "女排", "男篮", "我们队", "中国队", "那个网球运动员", "昨晚的比赛", "皇马", "乒乓球队"),
        ("又输了", "又拿冠军了", "被对手逆转了", "裁判太偏了", "主力受伤了", "该换主教练了", "打得太臭了",
         "进决赛了"),
        ("", "，加油", "！！", "，气人", "，熬夜白看了", "，太牛了", "，什么时候能争气"),
    ),
    "shows": (
        ("今年的春晚", "新上映的电影", "那部网剧", "这季选秀节目", "那个相声专场", "最近的综艺",
         "演唱会", "那部大片"),
        ("太难看了", "剧情太烂", "越来越没意思", "一票难求", "笑点全是尬的", "全是广告植入", "拍得真好"),
        ("", "，浪费时间", "，还不如睡觉", "，推荐大家去看", "，哈哈", "，失望"),
    ),
    "own_study": (
        ("英语", "驾照科目二", "科目三", "考研数学", "雅思口语", "毕业论文", "会计考试", "学钢琴", "学游泳"),
        ("太难了", "挂了两次", "怎么都学不会", "背了就忘", "又没过", "压力好大"),
        ("", "，有什么好办法", "，想放弃了", "，愁死了", "，谁来救救我"),
    ),
    "coach_attitude": (
        ("驾校的教练", "健身房的私教", "孩子的钢琴老师", "游泳班的老师", "学车的师傅", "培训班的老师"),
        ("态度太差", "天天骂人", "只想让我们续费", "教得一点都不用心", "收了钱就不管了"),
        ("", "，想换一个", "，投诉有用吗", "，气死我了", "，受不了"),
    ),
    "travel_plan": (
        ("下个月", "国庆", "暑假", "过年", "年假的时候", "周末"),
        ("想去云南玩", "打算去日本", "准备自驾去西藏", "想带爸妈去海边", "想去趟新疆", "要出国"),
        ("，有推荐的攻略吗", "，机票太贵了", "，签证怎么办", "，酒店订哪里好", "，好期待", "，求推荐"),
    ),
    "faith_fortune": (
        ("去庙里烧香", "找人算了一卦", "今年是本命年", "看星座运势", "求了个签", "请人看了风水"),
        ("，说我今年犯太岁", "，说我明年要发财", "，说我桃花旺", "，说不太顺", "，也不知道灵不灵"),
        ("", "，哈哈", "，信不信由你", "，有点担心", "，求好运"),
    ),
    "world_news": (
        ("美国那边", "中东", "欧洲", "日本", "国际上", "俄罗斯和乌克兰", "联合国", "外国"),
        ("又在打仗", "大选吵翻天", "又加关税了", "经济不行了", "油价又涨了", "闹罢工", "股市暴跌"),
        ("", "，跟我们有啥关系", "，世界太乱了", "，大家怎么看", "，希望和平", "，看新闻看的"),
    ),
    "filler_joke": (
        ("哈哈", "嘿嘿", "路过", "没事", "我就随便写写", ""),
        ("我是来领礼品的", "打酱油的", "凑个字数", "我是被拉来填的", "来看看热闹", "我是卧底", "我就是个吃瓜群众"),
        ("", "😂", "，别当真", "，哈哈哈", "～"),
    ),
    "platform_work": (
        ("我跑外卖的", "我开网约车", "我在平台送快递", "我是骑手", "我干代驾"),
        ("，今天又被顾客投诉了", "，差评一个扣一天工资", "，系统派单越来越少", "，平台规则天天变", "，电瓶车又没电了"),
        ("", "，太难了", "，挣点钱不容易", "，想换个活"),
    ),
    "social_media": (
        ("朋友圈里", "家族群里", "短视频里", "同学群里", "微博上"),
        ("一天到晚有人晒孩子", "老有人转发养生文章", "全是卖货的", "天天吵架", "老有人拉票砍价", "全是炫富的"),
        ("", "，烦", "，屏蔽了", "，看着累", "，真无聊"),
    ),
    "food_season": (
        ("今年的", "最近的", "老家寄来的", "楼下买的"),
        ("西瓜", "荔枝", "桃子", "大闸蟹", "橘子", "樱桃", "新米"),
        ("特别甜", "好吃得很", "个头真大", "不太新鲜", "又大又肥"),
        ("", "，推荐", "，哈哈", "，吃了好几斤"),
    ),
    "own_car": (
        ("我的车", "刚买的新车", "家里那辆老车", "我老公的车", "我的电动车电池"),
        ("保养一次要两千", "车险又涨了", "变速箱出毛病了", "4S店修了三次还没好", "油耗高得吓人", "被人刮了一道"),
        ("", "，亏大了", "，有懂车的吗", "，后悔买了", "，郁闷"),
    ),
    "kitchen_style": (
        ("红烧肉怎么炖才香", "蛋糕老是发不起来", "今年流行什么发型", "这件大衣配什么鞋", "面膜哪个牌子好用",
         "包饺子的馅怎么调", "口红哪个色号显白"),
        ("", "，求教", "，有没有姐妹推荐", "？", "，试了好几次了"),
    ),
    "occasion": (
        ("下个月同事结婚", "表弟办喜酒", "老同学生孩子满月", "亲戚家老人办丧事", "朋友乔迁请客"),
        ("，份子钱随多少合适", "，不知道送什么礼", "，又得请假回老家", "，一个月工资全搭进去了"),
        ("", "，愁", "，人情往来太累了", "？"),
    ),
    "musing": (
        ("昨晚做了个梦", "有时候在想", "半夜睡不着就琢磨", "突然觉得", "人到中年才明白"),
        ("，人活着到底为了什么", "，时间都去哪了", "，小时候的快乐真简单", "，钱多钱少都是一辈子",
         "，梦见自己会飞", "，朋友越来越少了"),
        ("", "，随便说说", "，不说了", "……", "，哈哈"),
    ),
    "history_trivia": (
        ("三国里", "秦始皇", "唐朝的时候", "明朝那些事里", "历史课本上", "二战的时候"),
        ("谁最厉害", "到底是怎么死的", "为什么能统一", "哪个皇帝最有本事", "有多少人"),
        ("", "，有懂历史的吗", "，好奇", "，争论了一晚上", "？"),
    ),
    "phone_tech": (
        ("手机", "我的微信", "电脑", "家里的路由器", "平板", "手机里的App"),
        ("系统一更新就卡", "被封号了", "中病毒了", "内存又满了", "电池掉电太快", "老是弹出广告"),
        ("", "，怎么办", "，有懂行的吗", "，烦死了", "，换新的又舍不得"),
    ),
    # model 2026.12-12: the kinds the folds still kept, written by kind after reading the off-topic answers kept
    # across all seventeen folds (none copied): a private pursuit likened to a city project (the simile's object is the
    # pursuit, not the works), a maxim about life told with a street or a house, a private moment that happens in a
    # city place, one's own exam named after a city trade, the city works of a game, a novel or a film, the survey
    # itself answered with a city word, and (below) a quoted city term held by a relationship, one's body or a household thing
    "simile_project": (
        ("我的减肥计划", "我的存钱大计", "我俩的恋爱", "我的考公之路", "学英语这件事", "我的戒烟史", "我的早睡计划",
         "我儿子写作业", "我家装修", "我的论文", "我的健身打卡", "我老公说要戒酒", "我的副业"),
        ("就像", "跟", "简直像", "活像", "好比"),
        ("修地铁", "老城区改造", "加装电梯", "拆迁谈判", "修了一半的高架", "摇号买车位", "等红绿灯", "给老小区换管网",
         "挖了又填的马路", "通不了车的断头路", "建了十年的公园", "停了工的烂尾楼"),
        ("，年年说要完工，年年往后拖", "，谈了好几年也没动静", "，走一步停一步", "，开工容易完工难", "，永远在排队",
         "，一直在规划", "", "😂", "，哈哈"),
    ),
    "maxim": (
        ("人生", "生活", "做人", "爱情", "成长", "过日子", "创业", "婚姻", "追梦"),
        ("就像过马路", "就像找车位", "就像等公交", "像一座老房子", "就像走夜路", "就像早高峰", "好比开车上高架",
         "的路上有很多红灯", "没有导航", "也有单行道", "也会堵车", "像一场拆迁"),
        ("，要学会等待", "，急不得", "，总会到站的", "，慢慢来", "，错过了就等下一班", "，加油", "，要学会绕路",
         "，别回头", "，且行且珍惜"),
        ("", "。", "！", "，共勉"),
    ),
    "slogan": (
        ("房子是租的", "车位是抢的", "地铁是挤的", "工资是低的", "公交是慢的", "楼是老的", "路是堵的"),
        ("，但生活是自己的", "，可心情不能将就", "，但梦想不是", "，日子还得过", "，人不能垮"),
        ("，加油打工人", "，冲", "！", "，共勉", "，奥利给", ""),
    ),
    "place_moment": (
        ("在电梯里", "在地铁上", "在公交站", "在小区门口", "在楼道里", "在公园长椅上", "等红绿灯的时候", "在停车场",
         "在天桥上", "在菜市场"),
        ("遇到了初恋", "碰见暗恋的人", "被人要了微信", "跟前任擦肩而过", "看到一只特别可爱的狗", "睡着坐过了站",
         "接到了录取电话", "想起一件好笑的事", "被求婚了", "看到一对老夫妻牵着手"),
        ("，紧张得说不出话", "，心跳加速", "，开心了一整天", "，尴尬死了", "，哈哈", "", "，好想再遇到一次",
         "，按错了按钮"),
    ),
    "trade_exam": (
        ("物业管理师", "注册规划师", "一级建造师", "造价工程师", "消防工程师", "注册建筑师", "监理工程师",
         "城管协管员", "社工证", "市政工程师", "给排水工程师"),
        ("的考试难得要命", "考了三次没过", "报名费又涨了", "的题太偏了", "刷题刷到半夜", "的书厚得像砖头"),
        ("，求个备考搭子", "，求资料", "，想放弃了", "，愁", "", "，有没有学习群"),
    ),
    "fiction_works": (
        ("在《模拟城市》里", "玩城市天际线的时候", "在我的世界里", "小说里写的那座城", "电影里的未来城市",
         "动画片里", "梦里的城市", "剧里男主住的小区", "游戏地图上"),
        ("每栋楼都加了部电梯", "修了十条地铁", "把老城区全拆了重建", "家家门口都有公园", "下多大雨都不积水",
         "停车位随便停", "垃圾分类全自动", "充电桩到处都是"),
        ("，真爽", "，现实里就别想了", "，哈哈", "，好羡慕", "", "，做梦都想住进去"),
    ),
    "survey_reply": (
        ("这问卷", "填这个表", "这份调查", "你们这个体检问卷", "这道题", "问卷最后这题"),
        ("比小区停车还难", "比等电梯还久", "像绕了一圈环线", "跟老小区的线路一样乱", "比排队办事还累"),
        ("", "，能不能少几题", "，哈哈", "，填完了", "，礼品呢"),
    ),
    # a city term in quotation marks (straight or curly, as people type them) held by a relationship, one's body or a
    # household thing: a borrowed name, not the city's works
    "quoted_between": (
        ("我跟我妈之间", "我们夫妻俩之间", "我和领导之间", "我跟前任之间", "我们母女之间", "我跟室友之间"),
        ("需要一条", "缺一个", "早就没有", "得修一条", "少了个", "该装个"),
        ('"绿色通道"', "“无障碍坡道”", '"减速带"', "“应急通道”", '"防洪堤"', "“排水管”", '"变电站"', "“红绿灯”",
         '"人行天桥"', "“缓冲区”"),
        ("，一说话就卡壳", "，天天吵", "，全靠猜", "，哈哈", "", "，说多了都是泪", "😂"),
    ),
    "quoted_household": (
        ("我的胃", "我家冰箱", "我的衣柜", "我的手机相册", "我的脑子", "我家猫的食盆", "我的书桌", "我的购物车"),
        ("也得搞搞", "该来一次", "急需", "正在搞", "早该做"),
        ("“垃圾分类”", '"旧改"', "“城市更新”", '"扩容"', "“海绵城市”", '"错峰出行"', "“拆违”", '"排水防涝"'),
        ("了", "，乱成一团", "，塞不下了", "，哈哈", "", "，再不弄要炸了"),
    ),
    # model 2026.12-13: the kinds the eighteen folds still kept, written by kind after reading the off-topic answers
    # kept across all folds (none copied): a private pursuit called a road (its road is the pursuit, not a street), a
    # body goal pursued with a city thing (the stairs, the estate's paths, a shared bike), a family member nicknamed
    # after a city office or trade (straight or curly quotes, or none), an elder's saying about one's generation told
    # with a city word, the survey's own words taken as a cue for a private memory or joke, and a city word in a
    # private money matter or purchase
    "pursuit_road": (
        ("考研这条路", "创业这条路", "带娃这条路", "相亲这条路", "考公这条路", "我的求职路", "学画画这条路",
         "追星这条路", "写小说这条路", "转行这条路", "当主播这条路", "我的戒烟之路", "我的脱单之路", "读博这条路"),
        ("越走越难", "走得太累了", "走着走着就没了方向", "一眼望不到头", "走了五年还没到头", "坑坑洼洼的",
         "是条单行道", "走进了死胡同", "岔路口太多", "也在堵车", "全是上坡", "怎么也走不通"),
        ("，想掉头了", "，要不要换个方向", "，还得硬着头皮走下去", "，谁给指个道", "", "，哈哈", "，唉", "😭",
         "，真想找个出口"),
    ),
    "fitness_city": (
        ("为了减肥", "为了瘦下来", "为了每天凑够一万步", "医生让我多运动", "想练出腹肌", "为了跑半马",
         "为了减掉肚子", "年底要穿婚纱"),
        ("，我天天走楼梯上下班", "，每晚绕着小区跑五圈", "，下班走路回家不坐公交", "，骑共享单车通勤",
         "，周末去公园暴走", "，每天爬二十层楼", "，放着电梯不坐改走楼梯", "，天天在广场跳操"),
        ("，一个月了体重一点没变", "，结果越吃越多", "，坚持了三天就放弃了", "，腿都练粗了", "，体重秤纹丝不动",
         "，终于瘦了五斤", "，步数天天朋友圈第一", "，饭量倒是见长"),
        ("", "，哈哈", "😂", "，心累", "，继续加油"),
    ),
    "family_role": (
        ("我妈", "我奶奶", "我老婆", "我婆婆", "我爸", "我外婆", "我媳妇", "我姐", "我老公", "我闺女"),
        ("简直就是个", "活脱脱一个", "就像个", "堪称", "是个编外的", "就是个"),
        ('"物业"', "“物业”", '"城管"', "“城管”", '"居委会"', "“网格员”", '"保安"', "“街道办”", '"规划局"',
         "“环卫所”", "交警", "城管", "“执法队”"),
        ("，大事小事都得过问", "，管吃管穿还管我几点睡", "，天天查我手机", "，乱放一只袜子都要说", "，管得比谁都宽",
         "，哈哈", "", "，谁都躲不过", "，收钱的时候最积极"),
    ),
    "elder_saying": (
        ("我奶奶老说", "我爸总念叨", "我妈常说", "老一辈人都说", "我爷爷总笑话", "我姥姥嫌弃", "我外公逢人就说"),
        ("我们这代人", "现在的年轻人", "我们这些小孩", "我们90后", "城里长大的孩子", "我们这些独生子女"),
        ("是坐电梯长大的", "离了外卖就活不了", "出门就打车，腿都懒了", "是在小区花园里圈养大的", "连公交线路都记不住",
         "住惯了高楼，不接地气", "没挤过绿皮火车", "是“空调房里的豆芽菜”", '是"地铁上长大的"'),
        ("，哈哈", "，我不服", "，好像也没说错", "", "😂", "，代沟啊", "，听了好几年了"),
    ),
    "survey_cue_memory": (
        ("看到问卷里的", "问卷上一写", "这份调查提到", "一看到题目里的", "刚才那道题说到"),
        ("“公园”", '"路灯"', "“老街”", '"广场"', "“电梯”", '"菜市场"', "“学校”", '"公交站"'),
        ("，就想起了初恋", "，我就想起小时候", "，突然想我外婆了", "，想起大学时的女朋友", "，想起以前的同桌",
         "，忍不住笑了"),
        ("", "，跑题了哈", "，不好意思", "😂", "，哈哈"),
    ),
    "money_city_word": (
        ("我的基金", "这个月的账单", "我的信用卡额度", "我的工资条", "我的股票账户", "我的余额宝"),
        ("像坐电梯一样往下掉", "跟下水道似的只出不进", "比早高峰还堵", "跟拆迁一样一夜清空", "像断头路，到头了",
         "像没装路灯的巷子，一片漆黑", "像开了闸的排水口"),
        ("", "，哭了", "😭", "，哈哈", "，下个月吃土", "，别问"),
    ),
    # model 2026.12-14: the kinds the nineteen folds still kept, written by kind after reading the off-topic answers
    # kept across all folds (none copied): oneself, one's mind or body as the object of a city works term (a course as
    # recharging, a new look as a renewal), one's own load told as a quoted city network, a city thing inside a game
    # (a map spot, a level, a tycoon game), a city thing seen online and enjoyed (a picture, a clip), a windfall hoped
    # from a demolition, and a person nicknamed after a city office or thing
    "self_works": (
        ("今年", "过了三十岁", "下班以后", "趁着年假", "新的一年", "最近", "这个暑假", "开春以后"),
        ("得给自己", "打算给自己", "准备对自己", "要给我这个脑子", "该给我这副身板", "想给自己的生活"),
        ("充充电", "来一次城市更新", "做个旧城改造", "搞一次“老旧小区改造”", "扩扩容", "通通下水道", "装个减速带",
         "升级一下管网", "来一场亮化工程", "修条快速路", "搞个“海绵化”"),
        ("，报了个网课", "，先从早睡早起开始", "，办了张健身卡", "，学门新手艺", "，换了个发型", "，读几本书", "",
         "，哈哈", "，冲"),
    ),
    "self_quoted": (
        ("我的", "我这颗心的", "我脑子里的", "我身上的", "我这个当妈的", "打工人的"),
        ('"电网"', "“管网”", '"排水系统"', "“交通”", '"供暖"', "“信号塔”", '"承重墙"', "“消防通道”"),
        ("快过载了", "早就超载了", "快崩了", "天天堵", "老是断", "年久失修了"),
        ("——上班带娃两头跑", "，全家老小都靠我", "，考试周熬了三个通宵", "，哈哈", "", "，谁来检修一下", "😭"),
    ),
    "game_spot": (
        ("打王者的时候", "玩吃鸡", "在原神里", "玩《地铁跑酷》", "玩那款开公交的手游", "玩修路的小游戏", "打排位的时候",
         "玩《城市天际线》", "玩消防车小游戏", "玩挪车解谜", "玩《地产大亨》"),
        ("，地图上的停车场", "，那个加油站的点位", "，地铁站那一关", "，红绿灯那个关卡", "，小区楼顶那个位置",
         "，桥洞下面的草丛", "，第四十关的十字路口", "，公交站旁边那片"),
        ("老被人埋伏", "怎么都过不去", "又被对面偷袭了", "卡了我一个晚上", "落地就被打死", "刷了几十遍还是输"),
        ("，气死", "，求攻略", "，哈哈", "", "，心态崩了", "，熬到半夜"),
    ),
    "online_find": (
        ("刷抖音刷到", "网上有人发了", "朋友圈看到", "小红书上刷到", "微博热搜上有", "群里有人转了", "b站看到",
         "网上看到", "视频里看到"),
        ("一个彩绘的消防栓", "一只趴在路灯上的猫", "公交司机跳舞的视频", "垃圾桶上画的笑脸", "地铁里睡着的柯基",
         "画成熊猫的配电箱", "一家鸭子排队过斑马线", "被改成段子的路牌", "会说话的垃圾桶"),
        ("，太可爱了", "，笑死我了", "，哈哈哈", "，萌化了", "，已转发", "，好有创意", "，设成头像了"),
        ("", "😂", "🥰", "，分享一下"),
    ),
    "windfall": (
        ("天天盼着", "我妈天天念叨", "全家都盼", "我爸就等着", "村里人都盼着", "我舅一直想"),
        ("老家那片划进拆迁范围", "村里的地被征了", "老家的宅基地被征收", "老家那条街整片拆掉", "奶奶在城郊的老屋划进征收"),
        ("，一夜暴富", "，分几套房就财务自由了", "，直接躺平", "，从此不用上班", "，当个拆二代", "，换辆好车"),
        ("", "，哈哈", "😂", "，想想就美"),
    ),
    "nickname": (
        ("我们部门", "我们班", "宿舍里", "我们公司", "我们组", "家族群里"),
        ("新来的主管", "那个同事", "班长", "室友", "我表哥", "副校长"),
        ("外号叫", "被大家叫做", "人称", "绰号是", "江湖人称"),
        ('"城管"', "“拆迁办”", '"红绿灯"', "“减速带”", '"违建"', "“钉子户”", '"环卫"', "“井盖”", '"交警"', "“物业”"),
        ("，因为谁都敢管", "，因为天天拦着我们", "，哈哈", "", "，一点都不冤", "，开会的时候最明显"),
    ),
    "lost_found": (
        ("丢了一个钱包", "捡到一串钥匙", "走丢了一只橘猫", "丢了一把雨伞", "捡到一张饭卡", "丢了个耳机"),
        ("，谁看到了联系我", "，失主快来认领", "，有重谢", "，里面有证件", "，好着急"),
        ("", "！", "，谢谢大家", "，拜托"),
    ),
}
P_OFF_FRAME = 0.5  # share of generated off-topic answers built from OFF_FRAMES rather than taken from the cues
#: Generated non-answers, parts put together one per slot: a wish or praise that names no city thing (希望越来越好,
#: 祝家乡越来越美, 希望政府多办实事: annotators of three blind sets call these non-answers, not opinions) and a
#: resident with no view (说不上来，平时很少出门). Written for training; none from an evaluation set.
NON_ANSWER_FRAMES: dict[str, tuple[tuple[str, ...], ...]] = {
    "wish": (
        ("", "", "希望", "祝", "祝愿", "盼望", "真心希望", "衷心祝愿", "愿", "期待"),
        ("", "咱们城市", "家乡", "咱们这儿", "我们区", "祖国", "政府的工作", "城市建设", "大家的日子", "我们这座城",
         "各项工作", "老百姓的生活", "我们的家园", "这里"),
        ("越来越好", "越来越美", "越办越好", "繁荣昌盛", "蒸蒸日上", "更上一层楼", "更加美好", "越来越漂亮", "越来越兴旺",
         "一年比一年好", "红红火火", "再创辉煌", "和谐美满", "平安顺利"),
        ("", "", "", "！", "！！", "，加油", "💪", "，点赞👍", "，辛苦了", "，谢谢", "，继续努力", "。", "，大家都好"),
    ),
    "government": (
        ("", "希望", "盼着", "还是希望", "就一句话，"),
        ("政府", "领导", "干部们", "上面", "有关部门", "各级领导", "当官的"),
        ("多办实事", "多干实事", "继续努力", "再接再厉", "多为百姓着想", "说到做到", "把工作做好", "多为人民服务",
         "多听听群众的声音", "真心为民", "不忘初心"),
        ("", "", "。", "！", "，辛苦了", "，我们支持", "，谢谢", "，加油"),
    ),
    "no_view": (
        ("", "", "这个嘛，", "说实话，", "嗯，", "哎，"),
        ("说不上来", "不太清楚", "不了解这些", "没怎么注意过", "不知道写啥", "想不出来", "没什么好说的", "真没想过",
         "也说不好", "脑子里一片空白"),
        ("，平时很少出门", "，刚搬来没多久", "，我一般不关心这些", "，你们看着办吧",
         "，就这样吧", "，跳过"),
    ),
}
#: share of generated sentences that are such non-answers (labelled OFF_TOPIC and NON_ANSWER, as written ones)
NON_ANSWER_SHARE = 0.03


@lru_cache(maxsize=1)
def off_topic_cues() -> pd.DataFrame:
    """``data/off_topic_cues.csv``: answers about something other than the city (money, private life, the
    questionnaire, national affairs, sport, adverts), written for training; none from an evaluation set."""
    text = resources.files("citysurvey.text").joinpath("data/off_topic_cues.csv").read_text(encoding="utf-8")
    return pd.read_csv(StringIO(text), dtype=str, keep_default_na=False)


@lru_cache(maxsize=1)
def labelled_answers() -> pd.DataFrame:
    """``data/labelled_answers.csv``: answers written by people, with their topics (primary first, '|'-joined)
    and flag (informative, generic: informative about no topic, non_answer, off_topic) and source file.

    Assembled from the development sets by ``analysis/text_cv.py --assemble``; the cross-validation there
    leaves one source out at a time.
    """
    text = resources.files("citysurvey.text").joinpath("data/labelled_answers.csv").read_text(encoding="utf-8")
    return pd.read_csv(StringIO(text), dtype=str, keep_default_na=False)


#: copies of each labelled answer among the training sentences: written answers count more than generated ones
LABELLED_WEIGHT = 4


def labelled_corpus(lexicon: Lexicon, exclude: tuple[str, ...] = ()) -> tuple[list[str], list[frozenset[str]]]:
    """The labelled answers (without the sources in ``exclude``) as training sentences, each ``LABELLED_WEIGHT``
    times; off-topic and non-answers carry :data:`OFF_TOPIC`, non-answers :data:`NON_ANSWER` too, topics
    unknown to ``lexicon`` are left out."""
    lab = labelled_answers()
    lab = lab[~lab["source"].isin(exclude)]
    known = set(lexicon.topics)
    texts, labels = [], []
    for text, topics, flag in zip(lab["text"], lab["topics"], lab["flag"]):
        if flag in ("off_topic", "non_answer"):
            y = frozenset([OFF_TOPIC, NON_ANSWER] if flag == "non_answer" else [OFF_TOPIC])
        else:
            y = frozenset(t for t in topics.split("|") if t in known)
            if flag == "informative" and not y:
                continue  # a study's lexicon without this answer's topics: nothing to learn from it
        texts += [text] * LABELLED_WEIGHT
        labels += [y] * LABELLED_WEIGHT
    return texts, labels


def training_corpus(n: int = 16000, seed: int = 20260701, lexicon: Lexicon | None = None,
                    generic_share: float = 0.1, off_topic_share: float = 0.0) -> tuple[list[str], list[frozenset[str]]]:
    """``n`` generated suggestions with their topic sets (about ``generic_share`` with none, about
    ``off_topic_share`` off-topic ones labelled :data:`OFF_TOPIC`).

    Topics are drawn uniformly so every topic gets about the same number of examples.
    """
    g = _Gen(lexicon or load_lexicon(), seed)
    off = off_topic_cues()["cue"].tolist() if off_topic_share > 0 else []
    rng_off = np.random.default_rng(seed + 1)  # its own stream: the topic sentences stay as they were
    frames = sorted(OFF_FRAMES)
    rng_non = np.random.default_rng(seed + 2)  # its own stream too
    non_kinds = sorted(NON_ANSWER_FRAMES)
    texts, labels = [], []
    for _ in range(n):
        if off and rng_non.random() < NON_ANSWER_SHARE:
            frame = NON_ANSWER_FRAMES[non_kinds[int(rng_non.integers(len(non_kinds)))]]
            texts.append("".join(p[int(rng_non.integers(len(p)))] for p in frame))
            labels.append(frozenset([OFF_TOPIC, NON_ANSWER]))
            continue
        if off and rng_off.random() < off_topic_share:
            pick = lambda seq: seq[int(rng_off.integers(len(seq)))]  # noqa: E731
            if rng_off.random() < P_OFF_FRAME:
                core = "".join(pick(slot) for slot in OFF_FRAMES[pick(frames)])
            else:
                core = pick(off)
            if rng_off.random() < 0.25:
                core += pick(("，", "。", "；")) + pick(off)
            if rng_off.random() < P_OFF_SETTING:
                core = pick(OFF_SETTINGS) + core
            texts.append(pick(OFF_OPENERS) + core + pick(OFF_CLOSERS))
            labels.append(frozenset([OFF_TOPIC]))
            continue
        if g.rng.random() < generic_share:
            a = g.pick(GENERIC)
            texts.append(g.pick(OPENERS) + (a if g.rng.random() < 0.5 else a + g.pick(JOINERS) + g.pick(GENERIC)) + g.pick(CLOSERS))
            labels.append(frozenset())
            continue
        topics = g.topic_set()
        texts.append(g.sentence(topics))
        labels.append(frozenset(topics))
    return texts, labels


_NON_ANSWERS = ("无", "无", "没有", "没有", "暂无", "挺好的", "不知道", "。。。", "没意见", "1", "很好", "都挺好", "/", "无建议")


def synthetic_survey(n: int, seed: int = 7, lexicon: Lexicon | None = None, *, p_blank: float = 0.12,
                     p_non_answer: float = 0.18, p_personal: float = 0.05,
                     districts: tuple[str, ...] = ("城东区", "城西区", "南湖区", "北山区", "江口区", "新城区")) -> pd.DataFrame:
    """A synthetic survey for benchmarks: district, sex, weight, suggestion, true topics.

    About 70% of answers are informative; ``p_personal`` of those carry a phone
    number, ID number, room number or name that redaction must remove.
    """
    g = _Gen(lexicon or load_lexicon(), seed)
    rng = g.rng
    u = rng.random(n)
    dist = rng.integers(len(districts), size=n)
    texts, labels = [], []
    for i in range(n):
        if u[i] < p_blank:
            texts.append(""), labels.append("")
            continue
        if u[i] < p_blank + p_non_answer:
            texts.append(g.pick(_NON_ANSWERS)), labels.append("")
            continue
        topics = g.topic_set()
        text = g.sentence(topics)
        if rng.random() < p_personal:
            kind = int(rng.integers(4))
            digits = "".join(str(d) for d in rng.integers(10, size=9))
            text += ("，电话1" + "3589"[kind] + digits, f"，我家{1 + kind}栋{1 + kind}单元50{kind + 1}室",
                     "，身份证45020219900101" + digits[:4], "，找" + "王李张刘"[kind] + "先生")[kind]
        texts.append(text), labels.append("|".join(topics))
    return pd.DataFrame({
        "district": pd.Categorical(np.asarray(districts)[dist], categories=list(districts)),
        "sex": pd.Categorical(np.where(rng.random(n) < 0.5, "男", "女"), categories=["男", "女"]),
        "weight": rng.uniform(0.5, 2.0, n),
        "suggestion": texts,
        "true_topics": labels,
    })
