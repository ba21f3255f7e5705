"""Personal names in open answers: surname lists, context cues and jieba's person tags.

A name is taken when a surname (one of ~300 single or ~40 compound surnames) and a
one- or two-character given name stand

- before a title (张建国主任, 李红梅阿姨) or after one (物业经理张建国, 网格员李红梅,
  业委会主任黄国平);
- after a relative (我爸爸王德胜, 我公公, 俺娘, 我哥, 儿媳妇), a role (园长, 片区民警, 门卫…), a
  contact label (联系人, 联络人, 代表人, 举报人, lxr…), a word for people with a colon
  (居民：, 业委会成员：) or a self-introduction (我叫, 我是, 本人, 我，…, 我是住三楼的…);
- with no cue at the start of a clause or after 问问, 找, 让, 要不是… (冼美玲就知道), when the
  given name's characters are common in names (:data:`GIVEN_NAME_CHARS`); a given name that is
  an ordinary word (高峰, 周到, 张扬, 于洋) only when what follows is said of a person (高峰跟我…,
  张扬那个人…), so 早高峰, 挺周到的 and 别太张扬了 stay;
- inside a clause, a surname with a two-character given name when nothing there reads as a
  word (我们楼的龙海峰天天…, 给了谭国华);
- at the end of an answer as a signature (…谢谢！陈晓东, ——张敏);
- anywhere, when jieba's part-of-speech tagger marks the surname and the given name
  as one person (``nr``): 张伟天天在小区遛狗. The tagger (jieba.posseg, HMM on) runs
  only on a short window around candidates whose given name uses characters common
  in names, so its cost stays small.

- anywhere, by the statistical name model (:mod:`.name_model`): how common the given name's characters
  are in given names against words, how common the surname is, and what stands around the candidate
  (刘秀英就知道了, 张建设把…, 问过安然，她说…); it also lengthens a name the rules cut short (柏松 →
  柏松年) and follows a list from a known name (、路遥、).

- introduced as a name (我叫文化, 孩子叫谭一诺, 真名就叫夏天): the words to the clause end, even an ordinary word;
- between words that fit only a person (房东于宝山也不管, 邻居甘露扶我, 问过安然，她说, 钱多多家的): even a word;
- again, elsewhere in the same answer, once read as a name (…夏天（真名就叫夏天）);
- in pinyin (Li Xiaoyu, ZHANG Wei, my name is zhang wei): a pinyin surname and given name, capitalised or after a cue;
  two single syllables (Li Na, Wang Lei) only after a cue for a person (同事, 家长：, 我妈), in a list after such a name
  (Li Na、Zhou Jie) or before what is said of a person (Liu Fang, resident of…; Tang Bo 说), so Feng Shui, Gao Kao and
  Wu Xing stay;
- after any word for a person and a colon (游客：甘露, 联系人：柳如烟, 登记人：…): the item standing alone up to the next
  separator, even a word, when it starts with a surname (联系人：物业, 家长：安全第一 stay);
- introduced as someone called so (有个叫向阳的小伙子);
- a compound surname with a doubled given name (诸葛亮亮, 慕容雪雪; after an everyday compound, 东方圆圆, only when
  said of a person): no figure, though 诸葛亮 is, and no word, though 东方 is.

Placeholder names (张三, 李四, 王五, 赵六, 张某某, 李XX: a surname and a numeral or masking marks) name nobody and stay,
like the typed placeholders.

A surname with a title and no given name (王书记, 老张, 张师傅, 李阿姨) names nobody among a city's residents
and stays, except after a contact label (联系人：李先生), where it is how the respondent signs.

What stays: road and place names (中山路, 王府花园), pet names (苗苗), roles (门卫, 保洁), historical figures
(:data:`FAMOUS`: 孙中山, 鲁迅, 雷锋…), brands and shops (:data:`BRANDS`: 张小泉, 王老吉, 李宁, 安踏, 万科),
titles without a name (物业经理, 社区书记), a compound surname with a title (欧阳老师, like 王老师), 祝 starting a wish
(祝大家身体健康, 祝越来越好) and words that begin with a surname character (高新区, 安全主任, 张贴, 于是).

Decision on public figures: a singer, actor, athlete or internet celebrity named as such is no personal data of a
respondent. Three-character names of such figures are listed in :data:`FAMOUS`; a two-character one (姚明, 成龙)
is the name of many residents too and stays only where the sentence treats it as a public figure: a word before it
(想当, 明星, 网红, 歌手…) or after it (演唱会, 代言, 的歌, 粉丝…), or, for the figures and characters of fiction residents
compare with (:data:`CITED_FIGURES`: 姚明, 马云, 李云龙, 韦小宝 …), a comparison or a supposition around it (我又不是马云,
跟李云龙似的, 培养个姚明, 姚明都没我们的树高). Without such words it goes (我邻居刘翔, 我同事马云说).

Also taken (round 8): a full name between a contact verb and the line to reach it on (联系…手机, 打给…电话); a child's or a
relative's full name before a comma, a space or a number, 一 or 多 in the given name (孩子刘一诺，身份证…); a minority name
after a word for a relative (我姐格桑卓玛) and a Yi clan name with a given name no list holds (阿苏拉则 建议…); a name first
in a line before 敬启, 敬上 … (letter headings); a resident's name after where they live and 的, before what they say
(住在…的母红梅反映, even with a surname no list holds); pinyin after a relative in pinyin (wo ma wang guilan) and in
CamelCase after a self-introduction (wo shi LiuYang); a Latin name after a word for a foreigner (外籍居民Maria Gonzalez);
an ordinary word as a name in frames that mark a person (和…一起, …同学考上, 小伙子…主动).
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache
from math import log
from typing import Callable

import numpy as np

from .clean import ahead, back, finditer_on, line_subset, lines_holding, read_simplified, shipped_json, spans_in_text, without_spans

SINGLE_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧肖田董潘袁蔡蒋余杜叶程魏苏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤"
    "易常乔赖庞樊殷施洪翟安颜倪牛温芦季俞章鲁葛伍申尤毕聂焦柳邢骆岳齐欧包左蒙单滕关祝解"
    "巫华苗柏饶滕甘凌米车伏岑裴盛池霍米桂宁鲍祁褚卜卫屈宫冉阮邬詹舒柯宗戚纪查游盘麦农蓝莫韩栗"
    "曲于符强占连练谷党晏房苟虞尚浦荣靳隋冼植邝钮欧劳佟谈丘贝廉项阚蔺邸桑简粟蓬鄢矫门景巩"
    # less common surnames (百家姓 and regional ones), without those that are everyday function words (都, 从, 能…)
    "禤亓佘仝逯蒲郗郜昝訾隗宓厍璩眭帅缪闵晁钭鞠郦郅郇茹莘苑蔚酆岑邰鲍韶郏邴虢谌荀宦艾庾暨匡寇禄阙敖辛阚乜蒯荆竺"
    "盖桓鄂咸卓屠胥贡逄姬堵冉宰雍扈燕冀柴瞿慕栾暴厉戎祖詹蓟薄怀庄晏寿"
    "芮展郁封晋冷穆楚狄戈凤仇权奚丛巫仉亢侍卞刁储汝习应"
    "窦喻郎臧茅娄嵇翁甄裘弓仲耿弘揭濮"
    # rare surnames outside the 百家姓 lists (笪 in Jiangsu, 禚 and 麴 in Shandong and Gansu, 贠 in Shaanxi)
    "笪禚麴贠谯睢撖"
)
#: Surnames that are also everyday characters (代, 向, 花): after a weak cue their given name must look like one.
EVERYDAY_SURNAMES = ("代向花战商边乐费计童梅宿幸闻宣索隆牧伊苍时文成全云"
                     # 朴, the commonest Korean surname in China (朴成浩), and 敬 (敬天佑)
                     "朴敬"
                     "井吉秋司印籍衡昌康湛禹席杭惠羿汲糜束蹇贲诸滑羊勾巴乌皮支班容"
                     # regional surnames (闭 in Guangxi, 佴 in Jiangsu; not 麻, which would make every 麻烦 a candidate)
                     "闭佴")
SINGLE_SURNAMES += EVERYDAY_SURNAMES
COMPOUND_SURNAMES = (
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙", "宇文", "夏侯", "轩辕",
    "端木", "独孤", "南宫", "西门", "申屠", "百里", "呼延", "钟离", "闻人", "赫连", "澹台", "公冶", "太史", "司徒",
    "司空", "万俟", "拓跋", "第五", "东郭", "左丘", "濮阳", "淳于", "单于", "仲孙", "宗政", "巫马", "乐正", "梁丘",
    # rarer ones still borne, some of non-Han origin (鲜于, 完颜 of the Jurchen, 纳兰 of the Manchu, 贺兰, 哥舒)
    "鲜于", "完颜", "纳兰", "谷梁", "段干", "公良", "壤驷", "宰父", "羊舌", "哥舒", "贺兰",
)
#: Elements of Tibetan, Mongolian and Uyghur (and Kazakh) names, which have no surname: a person is named by one to
#: three of them (次仁多吉, 萨仁图雅, 阿依古丽), written with a middle dot between the parts (:meth:`NameFinder._dotted`)
#: or without one. Common elements only; 江 after a Uyghur name is a suffix of endearment (库尔班江).
MINORITY_NAME_ELEMENTS = (
    # Tibetan
    "扎西", "多吉", "多杰", "次仁", "尼玛", "达瓦", "卓玛", "央金", "格桑", "旦增", "丹增", "平措", "索朗", "拉姆", "德吉",
    "普布", "洛桑", "顿珠", "强巴", "边巴", "次旦", "白玛", "曲珍", "巴桑", "罗布", "米玛", "群培", "益西", "仁青", "次珍",
    "达娃",  # (达瓦 as often transcribed)
    "拉巴", "扎巴", "央宗", "曲吉", "贡布", "嘎玛", "德庆", "措姆", "卓嘎", "玉珍", "拉珍", "旺堆", "旺姆", "才让", "才旦",
    "桑珠", "贡嘎", "朗杰", "加措", "嘉措", "仁增", "琼达", "德央", "次德", "普琼", "拉宗", "巴珠", "格列", "吉美", "卓嘎",
    # Mongolian
    "巴特尔", "乌兰", "图雅", "其其格", "额尔敦", "苏日娜", "萨日娜", "斯琴", "高娃", "哈斯", "朝鲁", "宝音", "巴雅尔",
    "敖登", "格日勒", "那仁", "娜仁", "萨仁", "孟和", "阿拉坦", "图门", "乌云", "呼和", "巴图", "吉日嘎拉", "特木尔",
    "额尔德尼", "其木格", "阿古拉", "苏和", "毕力格", "达来", "乌日娜", "塔娜", "吉雅", "满都拉", "宝力道", "巴音",
    "朝格图", "那日苏", "斯日古楞", "青格勒", "包力高", "托娅", "布和", "巴根那", "娜布其", "乌日汗", "德力格尔",
    "恩和", "宝力德", "道尔吉", "阿木古楞", "都仁", "敖其尔", "乌力吉", "吉木斯", "苏布达", "额尔登", "通拉嘎",
    "其勒格尔", "图布新", "阿如娜", "格根", "乌仁", "查娜",
    # Uyghur and Kazakh
    "艾尔肯", "阿布都拉", "阿不都拉", "阿卜杜拉", "阿布都", "阿不都", "阿卜杜", "买买提", "麦麦提", "艾力", "阿依", "古丽", "热依拉", "努尔", "迪丽", "帕提",
    "吐尔逊", "热合曼", "依明", "阿迪力", "玉素甫", "库尔班", "沙吾提", "艾合买提", "肉孜", "米吉提", "祖力", "阿孜",
    "吾买尔", "伊力哈木", "帕尔哈提", "努尔兰", "吐尔洪", "艾则孜", "亚森", "如先", "热娜", "迪拉拉", "塔依尔", "阿里木",
    "卡德尔", "阿力木", "木拉提", "哈力克", "吐逊", "苏莱曼", "伊斯拉木", "再努尔", "排孜拉", "吾斯曼", "萨迪克",
    "克里木", "赛买提", "艾买提", "阿曼", "热孜万", "古力", "巴哈尔", "努尔古丽", "叶尔兰", "别克", "哈力",
    "阿依努尔", "米拉", "娜扎", "迪娜", "娜尔", "巴合提", "达吾提", "吾守尔", "木合塔尔", "阿布力孜", "艾合麦提",
    "再娜甫", "阿斯卡尔", "哈米提", "波拉提", "加娜尔", "边珍", "次央", "德措", "夏提", "阿斯哈尔", "马木提", "吐尔地", "艾山", "米娜", "托合提", "依沙", "卡米拉", "玛依拉",
    "阿依古丽", "热依汗", "布合力其", "阿瓦汗", "祖丽皮亚", "美合日阿依", "米日古丽",
    # Uyghur, Kazakh and Hui given names from the Arabic and Persian names of Muslims, in their usual transcriptions
    # (Ibrahim, Mahmud, Muhammad, Musa, Yunus, Ismail, Hasan, Husayn, Yusuf, Fatima, Maryam, Niyaz, Yaqub, Ishaq)
    "依布拉音", "伊布拉音", "依不拉音", "伊卜拉欣", "易卜拉欣", "马哈木", "麦合木提", "穆罕默德", "穆萨", "玉努斯", "尤努斯",
    "司马义", "伊斯马伊力", "哈桑", "侯赛因", "优素福", "法提玛", "帕提曼", "麦尔彦", "尼亚孜", "牙库甫", "伊斯哈克",
    # Tibetan Padma in its other transcriptions (白玛 above; 贝玛, and 班玛 in Amdo)
    "贝玛", "班玛",
    # Dai: a man's name is 岩 and one syllable, a woman's 玉 and one (岩温, 岩罕, 玉香, 玉罕), used alone for the person
    "岩温", "岩罕", "岩应", "岩扁", "岩叫", "岩坎", "岩丙", "岩庄", "岩保", "岩帕", "岩腊", "岩恩",
    "玉香", "玉罕", "玉应", "玉波", "玉坎", "玉南", "玉叫", "玉丙", "玉喃", "玉章", "玉腊", "依香", "咪香",
    # Yi: the clan name before the given name (吉克阿依, 曲比阿乌, 沙马拉毅), then Yi given names
    "吉克", "曲比", "沙马", "海来", "俄木", "吉木", "阿苏", "瓦扎", "勒格", "吉伍", "马海", "俄的", "阿乌", "拉毅", "阿果", "阿各",
    # more common parts, each seen in names from several regions (transliterations as the household registers write
    # them; a part is read as a name only in a run with a person's cue, see NameFinder._minority_names)
    "拉且", "阿呷", "木呷", "伍呷", "日且", "尔古", "阿衣", "拉哈", "日火", "阿达", "阿约",  # Yi
    "巴根", "巴特", "朝克", "满都呼", "额日和", "阿拉腾", "乌日图", "苏德", "特日格乐", "图力古尔", "巴雅斯古楞", "格日乐",
    "包音", "额尔敦", "那顺", "宝力尔",  # Mongolian
    "泽仁", "泽旺", "拉措", "永措", "拉毛", "桑吉", "索南", "更登", "仁欠", "拉加", "东知", "卓措", "扎西顿珠",  # Tibetan
    "吐尔孙", "麦尔旦", "阿卜力克木", "努尔买买提", "帕丽达", "阿孜古丽", "古再丽", "玛丽亚木", "阿力甫", "艾克拜尔",  # Uyghur
    "叶尔江", "努尔江", "达吾列提", "阿依达娜", "吐尔森",  # Kazakh
    # further common elements, each borne by many (Tibetan: 次旺 Tsewang, 梅朵 Metok, 旺杰, 央拉 …; Mongolian: 孟克
    # Mönkh, 塔拉, 苏伦 …; Uyghur: 热依木, 阿依夏, 阿米娜 …; Dai: 岩 or 玉 and a syllable)
    "次旺", "梅朵", "旺杰", "旺久", "央拉", "次吉", "旦巴", "达杰", "才仁", "德珍", "央吉", "白珍", "次卓", "群宗", "江措",
    "晋美", "赤列", "米久", "曲措", "多布杰", "普赤",  # Tibetan
    "孟克", "塔拉", "苏伦", "朝伦", "乌恩", "吉日木图", "萨如拉", "敖日格勒", "额尔德木图",  # Mongolian
    "热依木", "热合木", "阿依夏", "阿米娜", "热比亚", "古丽娜尔", "苏比努尔", "买合木提", "阿布来提", "努尔曼",  # Uyghur
    "岩光", "岩糯", "岩香", "岩依", "岩胆", "玉光", "玉糯", "玉依",  # Dai
)
#: Historical and public figures: their names stay (鲁迅公园, 学习雷锋, 孙中山纪念馆).
FAMOUS = frozenset((
    "孙中山 毛泽东 周恩来 邓小平 朱德 刘少奇 鲁迅 雷锋 岳飞 郑和 林则徐 李白 杜甫 白居易 苏轼 苏东坡 王安石 "
    "屈原 孔子 孟子 老子 庄子 诸葛亮 曹操 刘备 关羽 张飞 孙权 秦始皇 李世民 武则天 康熙 乾隆 文天祥 戚继光 "
    "郑成功 包拯 海瑞 于谦 詹天佑 钱学森 袁隆平 焦裕禄 孔繁森 黄继光 邱少云 董存瑞 刘胡兰 杨靖宇 赵一曼 方志敏 "
    "李大钊 陈独秀 蔡元培 梁启超 康有为 谭嗣同 黄兴 宋庆龄 张謇 冼星海 聂耳 徐悲鸿 齐白石 梅兰芳 老舍 巴金 "
    "茅盾 郭沫若 冰心 朱自清 沈从文 徐霞客 李时珍 张仲景 华佗 祖冲之 张衡 蔡伦 毕昇 司马迁 司马光 欧阳修 "
    "范仲淹 韩愈 柳宗元 陆游 辛弃疾 李清照 王羲之 颜真卿 东方明珠 钟南山 屠呦呦 邓稼先 王进喜 张桂梅 "
    # the state's leaders, whose names residents quote with their titles (three characters: 李强 is too common a name)
    "习近平 胡锦涛 江泽民 温家宝 李克强 朱镕基 华国锋 "
    # singers, actors, athletes, entrepreneurs and internet celebrities residents cite as such (周杰伦演唱会, 学李子柒);
    # three characters or more only: a two-character star's name (姚明, 成龙) is many residents' name too and stays
    # only where the sentence treats it as a public figure (:data:`_PUBLIC_BEFORE`, :data:`_PUBLIC_AFTER`)
    "周杰伦 李子柒 刘德华 张学友 郭富城 邓丽君 孙燕姿 林俊杰 薛之谦 易烊千玺 王俊凯 蔡徐坤 杨超越 赵本山 "
    "宋丹丹 冯小刚 张艺谋 陈凯歌 章子怡 范冰冰 赵丽颖 迪丽热巴 刘亦菲 李连杰 甄子丹 周星驰 黄晓明 "
    "岳云鹏 郭德纲 宋祖英 彭丽媛 费玉清 张惠妹 蔡依林 周润发 梁朝伟 古天乐 吴彦祖 "
    "全红婵 谷爱凌 苏炳添 张继科 樊振东 丁俊晖 武大靖 邓亚萍 王楚钦 孙颖莎 "
    "马化腾 董明珠 任正非 刘强东 李彦宏 罗永浩 李佳琦 董宇辉 张雪峰 俞敏洪 易中天 白岩松 撒贝宁 崔永元 "
    # figures of legend and fiction residents compare things to (唐僧肉, 像白娘子); not those that are ordinary
    # residents' names as well (许仙, 宋江, 郭靖, 祝英台)
    "孙悟空 猪八戒 沙和尚 唐三藏 唐僧 白骨精 哪吒 济公 白娘子 花木兰 穆桂英 林黛玉 贾宝玉 "
    "武大郎 潘金莲 鲁智深 小龙女 嫦娥 后羿 愚公 女娲 大禹"
).split())
#: Words before a name that make it a public figure the writer cites, not a person the writer knows (想当姚明,
#: 歌手刘欢, 网红丁真): stars, athletes and celebrities are named as such, and their names are no personal data.
_PUBLIC_BEFORE = re.compile("(?:想当|要当|成为|明星|歌星|球星|影星|巨星|歌手|演员|网红|偶像|主播|博主|影帝|影后|"
                            "奥运冠军|世界冠军|冠军|代言人|大明星|笑星|谐星|相声演员|导演|企业家|首富)$")
#: Words after a name that make it a public figure (成龙代言, 周杰伦演唱会, 姚明那样的球星, 李子柒那种田园生活).
_PUBLIC_AFTER = re.compile("(?:的)?(?:演唱会|代言|主演|演的|唱的|的歌|的电影|的粉丝|粉丝|直播间|的直播|同款|"
                           "那样的(?:明星|球星|歌手|网红|名人|运动员)|那种(?:田园|网红|明星)|式的(?:田园|网红))")
#: Public figures and characters of fiction whose names residents compare with (我又不是马云, 跟李云龙似的, 培养个姚明,
#: 姚明都没我们的树高): names many residents bear too, so they stay only in such a frame (:data:`_CITED_BEFORE`,
#: :data:`_CITED_AFTER`); elsewhere (我邻居刘翔, 马云家的狗) they go like any name.
CITED_FIGURES = frozenset("姚明 马云 成龙 刘翔 郎朗 王菲 那英 韩红 刘欢 葛优 黄渤 沈腾 雷军 易建联 孙杨 朱婷 郭晶晶 "
                          "李云龙 韦小宝 许三多 楚云飞 令狐冲 杨过 段誉 乔峰 萧峰 张无忌 黄蓉 林冲 武松 李逵".split())
#: Before such a name: a comparison, a wish to be or to raise one (又不是, 跟…似的, 像, 培养个, 出个).
_CITED_BEFORE = re.compile("(?:不是|当自己是|以为自己是|以为是|当我是|跟|像|比|学|培养个?|培养出一?个|出一?个|当个|成了|变成|长成|长得像|长得跟|活成)$")
#: After it: what the comparison or the supposition goes on with (…似的, …一样, …要是, …都说, …都没, …那么高).
_CITED_AFTER = re.compile("似的|一样|那样|那么|这么|要是|来了|都说|都没|都不|都得|也得|也要|也打不|式的|附体")
#: Titles after a name (王书记, 李阿姨, 张建国主任).
TITLES_AFTER = (
    "先生|女士|小姐|阿姨|叔叔|大爷|大妈|大娘|奶奶|爷爷|师傅|老师|书记|主任|经理|队长|站长|所长|局长|科长|处长|"
    "院长|校长|医生|大夫|警官|律师|老板|会计|大哥|大姐|总|工|部长|组长|楼长|片长|网格员|委员|干事|社工|专员|"
    "管家|主管|秘书|厂长|村长|镇长|乡长|区长|市长|县长|姐|哥|叔|婶|伯|嫂|姨|老太|老头|同志|师父|教练|护士|民警|"
    "警察|保安|医师|律师|总监|代表|支书|园长|馆长|行长|护士长|社长|主席|班长|店长|厂长|会长|老爷子|老太太|"
    "老太|奶奶|大爷|爷爷|阿婆|婆婆|伯伯|叔|嫂子|师傅|师父|同学|警官|所长|指导员|网格长|单元长|栋长"
)
#: Relatives before a name, as residents write them (我爸爸王德胜, 我公公, 俺娘, 我哥, 儿媳妇).
RELATIVES = (
    "爸爸|父亲|老爸|妈妈|母亲|老妈|儿子|女儿|老婆|妻子|爱人|丈夫|老公|媳妇|爷爷|奶奶|外公|外婆|姥姥|姥爷|"
    "哥哥|姐姐|弟弟|妹妹|孙子|孙女|公公|婆婆|岳父|岳母|舅舅|叔叔|姑姑|老伴|家属|"
    "闺女|儿媳妇|儿媳|女婿|外孙女|外孙|孙媳|侄女|侄子|外甥女|外甥|表哥|表姐|表妹|表弟|堂哥|堂姐|"
    "丈母娘|老丈人|继父|继母|舅妈|婶婶|伯伯|大伯|姑父|姨妈|姨父|对象|男朋友|女朋友|"
    # in-laws and relatives by marriage or adoption (我姐夫…, 小舅子…, 干妈…)
    "姐夫|妹夫|嫂子|弟媳|弟妹|小姨子|小舅子|大舅子|大姨子|连襟|亲家|干爹|干妈|干儿子|干女儿|养父|养母|继子|继女|"
    "(?:我|俺|他|她|我们|俺们)(?:爸|妈|娘|爹|哥|姐|弟|妹|叔|舅|姨|姑|伯|嫂)"
)
#: Titles, roles and relatives before a name (物业经理张建国, 我爸爸王德胜).
CUES_BEFORE = (
    "经理|主任|书记|网格员|楼长|组长|主管|管家|保安|队长|委员|会长|业委会|片警|民警|社工|医生|老师|站长|所长|"
    "村长|支书|代表|干部|师傅|物业|副主任|理事长|负责人|工作人员|门卫|保洁|护工|护理员|司机|城管|专员|局长|科长|处长|"
    "爸爸|父亲|老爸|爸|妈妈|母亲|老妈|妈|儿子|女儿|老婆|妻子|爱人|丈夫|老公|媳妇|爷爷|奶奶|外公|外婆|姥姥|姥爷|"
    "哥哥|姐姐|弟弟|妹妹|孙子|孙女|公公|婆婆|岳父|岳母|舅舅|叔叔|阿姨|姑姑|邻居|朋友|同事|老伴|家属|房东|租客|"
    "联系人|意见人|牵头人|反映人|投诉人|填表人|填写人|调查对象|户主|业主|申请人|经办人|签名|署名|落款|姓名|名字|"
    "我叫|名叫|叫做|我是|本人|鄙人|我姓|在下|我的名字是|签字|教师|退休教师|退休职工|居民|老党员|党员|志愿者|代表|租户|"
    "住户|老人|大爷|大妈|小朋友|学生|同学|病人|患者|员工|职工|市民|村民|群众|"
    + RELATIVES + "|"
    # roles before a name (园长, 客服主管, 片区民警, 门卫, 代表人)
    "园长|馆长|院长|校长|护士|护士长|警官|片警|辅警|协管员|客服|前台|店长|老板|老板娘|厨师|快递员|外卖员|"
    "维修工|电工|水电工|维修师傅|保洁员|保洁阿姨|保安大爷|组长|成员|网格长|单元长|栋长|楼栋长|社区主任|"
    "副书记|主席|会计|出纳|项目经理|经理|老住户|住户代表|楼长代表|"
    # labels before a name (联络人, 提出人, 举报人, lxr)
    "联络人|提出人|代表人|举报人|被举报人|核实人|收件人|监护人|代填人|代填|lxr|LXR|姓名是|"
    # other people one lives, travels or deals with (室友, 家长, 游客 …)
    "室友|舍友|家长|游客|乘客|顾客|网友|病友|工友|战友|老乡|街坊|发小|闺蜜|同乡|同学家长|"
    # staff named by their task (办事员, 调解员, 管理员) and residents by what they like or do (跑步爱好者, 文艺工作者)
    "办事员|管理员|调解员|宣传员|讲解员|信息员|联络员|安全员|巡逻员|服务员|收费员|督导员|楼管员|驾驶员|辅导员|"
    # members of a team and staff at a counter (城管队员, 执法队员, 收银员, 安检员, 售票员)
    "队员|执法队员|店员|职员|收银员|安检员|售票员|检查员|稽查员|业务员|销售员|乘务员|话务员|接线员|"
    "爱好者|工作者|退休人员"
)
#: Words for people and roles (门卫, 房东, 阿姨): never a name themselves, whatever follows them.
ROLE_WORDS = frozenset(w for w in (CUES_BEFORE + "|" + TITLES_AFTER).split("|") if w and not set(w) & set("()?:|"))
#: Their lengths: "ends with a word for a person" is a set lookup of the last k characters per length.
_ROLE_LENGTHS = tuple(sorted({len(w) for w in ROLE_WORDS}))
_WEAK_CUE = re.compile("老人|居民|市民|村民|群众|学生|同学|住户|租户|代表|志愿者|老党员|党员|员工|职工|病人|患者|小朋友|大爷|大妈|邻居|朋友|"
                       "同事|家属|业主|老伴|室友|舍友|家长|游客|乘客|顾客|网友|病友|工友|战友|老乡|街坊|发小|闺蜜|同乡")
#: Labels after which the next two or three characters are a name whatever the surname (反映人：禤志强).
#: The person a report, a form or a case names by their part in it, a verb and 人 (报案人单于泽, 求助人郗文华, 来访人：…):
#: labels of a form, like 联系人. (Not 建议人 or 咨询人: 建议人车分流, 咨询人社局 are a verb and its object.)
FORM_ROLES = ("报案人|报警人|求助人|来访人|登记人|委托人|当事人|受害人|被害人|担保人|见证人|证明人|发起人|召集人|"
              "承租人|出租人|寄件人|代理人|监护人|报修人|留言人|来电人|来信人|检举人|上访人|信访人|受访人|"
              "缴费人|受理人|接待人|记录人|签收人|收货人|推荐人|购房人|领取人|值班人|责任人|报名人|介绍人|"
              "求助者|来访者|报案者|投诉者|反映者|举报者")
STRONG_LABELS = ("联系人|意见人|牵头人|反映人|投诉人|填表人|填写人|申请人|经办人|签名|署名|落款|姓名|签字|居民代表|业主代表|"
                 "联络人|提出人|代表人|举报人|收件人|征集人|lxr|LXR|" + FORM_ROLES)
#: Words for people that label a name only with a colon after them (居民：盛家宝, 业委会成员：…).
COLON_LABELS = "居民|市民|村民|业主|成员|住户|家属|户主|租户|本人|委员|代表|联系|联络"
#: Words before a name with no title at all (问问冼美玲就知道, 让那个贺彪再当楼长, 要不是郗文华帮忙).
BARE_LEFT = re.compile("(?:问问|问一下|找|让|叫|请|给|跟|和|同|告诉|感谢|谢谢|多亏|多谢|要不是|麻烦|联系|通知|转告|寄给|交给|"
                       "拜托|那个|这个|像|还有|以及|表扬|点赞|只有|就是)$")
#: What follows a name that is also an ordinary word (高峰跟我一个单元, 周到帮我们跑, 张扬那个人挺热心).
PERSON_AFTER = re.compile("[（(][^（()）]{0,10}(?:邻居|同事|朋友|同学|室友|亲戚|老乡|街坊|发小|家人|楼上的|楼下的|对门的)|"
                          "跟我|跟他|跟她|跟咱|和我|和他|帮我|帮着|帮忙|在群里|那个人|那人|那老|这个人|当场|说过|说|就知道|两口子|"
                          "家的|家里|是我|都是我|他们家|她家|他家|老爷子|老太太|大爷|阿姨|同志")
#: Last characters of words for people (房东, 业主, 老师): such a word before 说 is no name.
PERSON_NOUN_END = frozenset("东主工师长员人生客户家友妈爸哥姐弟妹爷奶婆公叔姨伯儿女子孙官警医匠头")
#: Characters that may follow a name with no title (冼美玲就知道, 靳长河当场, 贺彪再当楼长); a place or a
#: word goes on otherwise (高楼大厦, 金鑫大厦).
AFTER_BARE = frozenset("跟和与在帮当是都也又就还天每一已负上来去给让把被要会不没、，。！!？?；;：:（(）)“”\"'那这的家老说再从对同今两 \n"
                       "他她和作曾总经早晚前后刚才正")
#: Shops and brands that are a surname and a given name (张小泉剪刀, 王老吉, 李宁专卖店).
BRANDS = frozenset("张小泉 王老吉 李宁 王致和 张一元 马应龙 周大福 周黑鸭 王守义 李锦记 陈麻婆 刘一手 老干妈 谭木匠 "
                   "杨国福 张亮 曹操出行 钱大妈 丁香园 何首乌 包青天 韩束 陈皮 "
                   # 老字号 (time-honoured shops) named after a person
                   "王麻子 张小泉 陈李济 胡庆余堂 王星记 汪恕有 孔凤春 邵芝岩 冯了性 马应龙 张裕 王老五 曹素功 胡开文 "
                   "谢馥春 戴春林 杨柳青 潘高寿 李占记 黄振龙 马聚源 陆稿荐 黄天源 沈永和 王开 吴良材 朱炳仁 "
                   # shops, chains, makers and developers residents name on a street or an estate (李宁、安踏都关门了,
                   # 万科的物业, 苏宁倒闭了): a surname character and a word, read as a name without the list
                   "安踏 特步 匹克 乔丹 鸿星尔克 贵人鸟 海澜之家 森马 唐狮 太平鸟 雅戈尔 罗莱 "
                   "苏宁 国美 华为 华联 万达 万科 龙湖 金地 华润 融创 保利 恒大 蓝光 金科 旭辉 世茂 富力 "
                   "方太 苏泊尔 格力 海尔 海信 康佳 蔚来 吉利 长安 汤臣倍健 康师傅 白象 华莱士 杨铭宇 "
                   "钱江 伊利 蒙牛 白沙 娄山关 谭鸭血 乐凯 毛戈平 周生生 谢瑞麟 周六福 六福 邓记 祝家".split())
#: Shop and food words after a name that make it a shop's or a chain's (刘文祥麻辣烫, 陈香贵牛肉面, 朱光玉火锅): a
#: business named after its founder, written on its sign, not a resident.
_SHOP_AFTER = re.compile("麻辣烫|麻辣香锅|牛肉面|拉面|米线|米粉|粉店|火锅|串串|烧烤|烤肉|饺子|云吞|馄饨|包子|小笼|煎饼|小吃|酸菜鱼|"
                         "黄焖鸡|奶茶|茶饮|咖啡|烘焙|蛋糕|面包|超市|便利店|大药房|药房|药店|口腔|牙科|眼镜|专卖店|旗舰店|连锁|"
                         "餐厅|饭店|酒楼|酒家|面馆|食府|快餐|卤味|鸭脖|炸鸡|汉堡|水饺")
#: What follows 祝 in a wish (祝大家身体健康, 祝越来越好, 祝工作顺利): 祝 is a surname too, but not there.
_WISH_AFTER = re.compile("大家|你们|您|各位|全体|所有|我们|咱们|社区|城市|祖国|家乡|越来越|早日|工作|身体|生活|新年|"
                         "节日|春节|万事|一切|全家|阖家|合家|天天|永远|平安|健康|顺利|快乐|幸福|明天|未来|家人|"
                         "政府|领导|贵|调查|活动|你|愿|好运|一路|工作人员|咱|老人|孩子|小区|家园")
#: Parts of speech (jieba's dictionary) of words that are never a name: conjunctions, prepositions, adverbs,
#: pronouns, numerals, measure words, particles (于是, 方便地, 常常).
FUNCTION_TAGS = frozenset(("c", "p", "d", "r", "m", "q", "u", "y", "e", "o", "f", "z", "uj", "ul", "ug", "uv", "uz", "ud"))
#: Characters that never occur in a given name but do in words such a pattern would swallow.
NOT_IN_NAME = frozenset(
    "区县市镇乡村街路巷院校园楼号队组站局处科办部会委群店厂司门口里边上下们的了是在有和与及或等个位名说找问"
    "给让叫请跟同被把对向从到去来这那全也都还就不没很太又再才已要会能可将把说讲反映投诉电话手机微信联系打"
    "啊呀吧呢吗嘛哦哈么着过得地之其而且但并如果因为所以一二三四五六七八九十百千万两几多少每各该此某我你他她它"
    "年日时分秒元块米层户人次岁公里期届级条台家"
)
#: Characters that end a name (a following road, place or institution: 中山路, 王府花园).
PLACE_AFTER = frozenset("路街巷道桥村镇区县市省湖山河江港湾园苑府城庄屯寨坊圩岭坡塘塔寺庙馆厦场站口关门院校")
#: Words after a name that make it a place or an institution (东方红广场, 雷锋小学), a venue named after a figure
#: (…武馆, …电影城, …大剧场) included: a sign, not a resident.
PLACE_WORDS = re.compile("古镇|古城|老街|大桥|广场|公园|小区|大道|大街|中学|小学|大学|医院|大厦|花园|市场|商场|地铁|车站|纪念|故居|剧院|影院|"
                         "超市|酒店|宾馆|饭店|银行|新村|社区|街道|片区|家园|学校|幼儿园|体育|图书|菜市|"
                         "武馆|拳馆|电影城|影城|影视城|大剧场|剧场|大舞台|书院|会馆|茶馆|茶楼|美术馆|博物馆|艺术馆|文化馆|陈列馆")
#: A monument to the one named before it (上官婉儿那个雕像, 张骞的塑像, 冼夫人铜像, 林觉民故居): a figure of history,
#: no resident; not a bare 像 (张伟像他爸) nor a 头像 or 画像 (a person's own picture).
MONUMENT_AFTER = re.compile("(?:(?:那|这)[个座尊]|的)?(?:雕像|塑像|铜像|石像|纪念碑|故居|纪念馆|纪念堂|祠堂)")
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
#: Characters common in given names, for names with no cue (冼美玲就知道): :data:`GIVEN` and more. Characters
#: that are everyday words on their own and rare in names (府, 物, 到) are not here, so 王府井 and 武侯祠 stay.
GIVEN_NAME_CHARS = GIVEN | frozenset(
    "长河顺彪豪达凯冬宝家立新博贞惠娣桃琦璐瑾瑜琼瑛婕焕烨炜辰晟昌晖昕霖鹤鸣鸿仁义礼信孝福禄寿喜财富贵荣耀锋钢铭"
    "镇绣维继毅雄岳峻崇潮泉溪渊涵汉沛沐沁滨湘潇洁淼森杨楠樟榕枫竹菊莲蓉芬芹蕊蕙大才发进金银根生田有全旺兴隆盛"
    "昆仲伯之若如启彦彩朝冰凌娥娇姣娟婷媛嫣宏宪宸寅尧崧巍希帆常恒恩悦惠愉慈成承捷敬斐旭昀晓景晴智曼月朋杭柱"
    "栋桐梁森楷樱欢正武殿毓永沙河治泓波洲津浦海涌淳渝湛源溢滢漪潼澄澜灵炳烁然焱熙燕爱牧犇玮珂珊琛瑞璋甜畅登"
    "百皓益盈睿石磊礼祖祥禹秀程稳竣笑筱素红纬细绮缘美群羽翔翠耕聪肖胜舟航良艺芊芮苗若茂茗荔莎菁萌萱蓓蔚蕾薇"
    "虹蛟衡裕言誉诚谦豫贝贤赛超跃轩辉迪通遥邦郁醇金钦铁银锐锦键长闯阔阳雁雨雪震霆青靖韬韵顺颂飒飘馨驰骏高鸥"
    "鹃麒默鼎齐龙安花琴瑶琳莉远源令"
)
_H = "\u4e00-\u9fff"
#: A compound surname and a doubled given name (东方圆圆, 司马朵朵).
_COMPOUND_DOUBLED = re.compile("(?:" + "|".join(COMPOUND_SURNAMES) + r")([\u4e00-\u9fff])\1")
#: Compound surnames that are not also everyday words (东方, 西门, 百里, 第五 are): taken without a cue.
PLAIN_COMPOUND = frozenset(("欧阳", "司马", "诸葛", "上官", "皇甫", "尉迟", "公孙", "慕容", "令狐", "宇文", "夏侯", "轩辕",
                            "端木", "独孤", "申屠", "呼延", "钟离", "澹台", "司徒", "司空", "万俟", "拓跋", "濮阳", "淳于",
                            # no word of the dictionary either (乐正 is: 快乐正在)
                            "赫连", "公冶", "左丘", "仲孙", "宗政", "巫马", "梁丘", "鲜于", "完颜", "纳兰", "谷梁", "段干",
                            "公良", "壤驷", "宰父", "哥舒"))


#: Words that look like a surname and a given name but never are one (jieba tags 谢谢 as a person).
NEVER_NAMES = frozenset(("谢谢", "感谢", "关爱", "周末", "白天", "安全", "方便", "常常", "成功", "江湖",
                         # a letter's closing words after a surname and a title (王主任敬启, 李老师敬上)
                         "敬启", "敬上", "敬礼")) | BRANDS


#: A place, then what it is called (小区名叫, 我们小区的名字叫, 楼盘叫做): the name after it is the place's.
_PLACE_CALLED_BEFORE = re.compile("(?:小区|楼盘|社区|大院|院子|公寓|新村|园区)(?:的名字|名字)?(?:就|也|原来)?(?:名叫|叫做|叫作|叫|名字叫|名字是|名为)[ :：“\"]?$")
#: Last characters of an estate's name (建华苑, 桂芳园, 丽景庭, 君悦府, 锦绣湾).
_ESTATE_LAST = frozenset("苑园庭府居城湾邸轩阁区村")
#: A list's other names, then a word that puts them in a kind of public figures or characters (、邓亚萍这样的世界冠军,
#: 这些人物, 等明星, 之类的历史人物): the names are the kind's examples. A kind of neighbours (这样的老党员) is no such word.
_FIGURES_AFTER = re.compile(r"(?:[、，,和与及跟][\u4e00-\u9fff·]{2,5}){0,6}(?:这样的|那样的|这些|那些|这类|这种|等等?|之类的?|一类的?)"
                            r"[\u4e00-\u9fff]{0,5}?(?:冠军|明星|球星|歌星|影星|巨星|名人|伟人|人物|角色|演员|歌手|作家|诗人|画家|"
                            r"科学家|运动员|名家|大师|偶像|主人公|好汉|豪杰|侠客|古人|先贤|名将|元帅|大侠|神仙|武将|谋士)")
#: What joins two names of a list (孔令辉、邓亚萍; 白玉堂和展昭).
_LIST_JOINS = frozenset(("", "、", "，", ",", "和", "与", "及", "跟"))
#: A car, then what it is (车是, 车子是, 开的是, 开了一辆, 买了辆): a make's name follows.
_CAR_BEFORE = re.compile("(?:车|车子|汽车|轿车)(?:是|叫|牌子是|品牌是)[ ]?$|开的是[ ]?$|开(?:了|着)?一?辆[ ]?$|买了?一?辆[ ]?$")
#: Where a make's name ends: the clause, or a word for the car (凌志，, 红旗牌, 凌志轿车).
_CAR_NAME_END = re.compile(r"[，。！？,.!?；;、 ]|$|牌|轿车|汽车|车|SUV|越野")
#: Verbs of saying after a name (see NameFinder._third_given).
_SAYS = frozenset("说讲")
#: Adverbs and modal verbs that stand between a name and 说 (王建又说, 李明会说): no part of the name.
_ADVERB_OR_MODAL = frozenset("会再才先曾就又都还也只却总便竟更已没不能要去")
#: The 24 solar terms and the festivals: the names of days. Some are given names too (谷雨, 白露), so they stay only
#: where a word of time follows them (see _DATE_AFTER).
CALENDAR_WORDS = frozenset((
    "立春", "雨水", "惊蛰", "春分", "清明", "谷雨", "立夏", "小满", "芒种", "夏至", "小暑", "大暑", "立秋", "处暑", "白露",
    "秋分", "寒露", "霜降", "立冬", "小雪", "大雪", "冬至", "小寒", "大寒", "元旦", "春节", "除夕", "元宵", "端午", "中秋",
    "重阳", "七夕", "腊八", "国庆", "寒食", "清明节", "端午节", "中秋节", "重阳节", "元宵节", "腊八节"))
#: A word of time after a day's name (谷雨前后, 白露那天, 冬至以后, 霜降的时候): the name is a date.
_DATE_AFTER = re.compile("前后|左右|那天|那几天|那阵|当天|以后|之后|以前|之前|过后|后[，,。！!]|时节|节气|期间|一过|的时候|时候|假期|放假")


# the same as sets: a membership test in a string or a tuple reads it whole, and surname_length runs at every surname
_SINGLE_SET = frozenset(SINGLE_SURNAMES)
_COMPOUND_SET = frozenset(COMPOUND_SURNAMES)
_EVERYDAY_SET = frozenset(EVERYDAY_SURNAMES)
_TITLE_SET = frozenset(TITLES_AFTER.split("|"))


def _surname_alt(after_first: str = "") -> str:
    """A compound surname (in list order) or a single one, as a regex: the same as
    ``(?:欧阳|司马|…|[王李张…])``, written to start with one character class (each compound's second
    character then its whole, by a lookbehind) so that the regex engine skips ahead to the next
    surname character instead of trying every alternative at every position: 2–5 times faster.
    ``after_first``: an assertion read right after the first character (a look-behind at what stands before it)."""
    firsts = "".join(sorted(set(SINGLE_SURNAMES) | {c[0] for c in COMPOUND_SURNAMES}))
    compounds = "|".join(f"{c[1:]}(?<={c})" for c in COMPOUND_SURNAMES)
    return f"(?:[{firsts}]{after_first}(?:{compounds}|(?<=[{SINGLE_SURNAMES}])))"


def _first_chars(pattern: str) -> frozenset[str] | None:
    """The characters a match of ``pattern`` can start with, or None when the pattern does not say simply."""
    from re import _constants as c, _parser

    def first(items) -> set[str] | None:
        if not len(items):
            return None
        op, av = items[0]
        if op is c.LITERAL:
            return {chr(av)}
        if op is c.IN:
            return {chr(v) for o, v in av} if all(o is c.LITERAL for o, v in av) else None
        if op is c.SUBPATTERN:
            return first(av[3])
        if op is c.BRANCH:
            out: set[str] = set()
            for alt in av[1]:
                f = first(alt)
                if f is None:
                    return None
                out |= f
            return out
        return None

    got = first(_parser.parse(pattern))
    return frozenset(got) if got else None


def _ahead(pattern: str) -> str:
    """A look-ahead for the first characters of an alternation of many words (``(?=[…])``), or nothing.

    The regex engine tries the words of an alternation one by one; the look-ahead turns most positions away
    with one set test first. It matches nothing the alternation would not, so the matches stay the same.
    """
    chars = _first_chars(pattern)
    return "" if chars is None else "(?=[" + "".join(re.escape(ch) for ch in sorted(chars)) + "])"


@lru_cache(maxsize=1)
def patterns() -> dict[str, re.Pattern]:
    s = _surname_alt()
    return {
        # 王书记, 老李师傅, 张建国主任: surname, up to two given-name characters, a title
        "title_after": re.compile(rf"{s}[{_H}]{{0,2}}?{_ahead(TITLES_AFTER)}(?:{TITLES_AFTER})"),
        # 物业经理张建国, 我爸爸王德胜, 联系人：李红梅, 我叫刘志强
        # 物业经理张建国, 我爸爸王德胜, 联系人：李红梅, 我叫刘志强: the cue is looked for before each surname
        # (see NameFinder._cue_matches), as one pattern over the whole text spends its time on the many cues
        "cue_end": re.compile(rf"{_ahead(CUES_BEFORE)}(?:{CUES_BEFORE})(?:是|为|叫|名叫|[:：，, ]){{0,2}}(?:[A-Za-z]{{2,12}} ?)?$"),
        # 居民：盛家宝, 业委会成员：东郭敏
        "colon": re.compile(rf"(?:{COLON_LABELS})[:：] ?({s}[{_H}]{{1,2}})"),
        # 我是住三楼的邢淑芳, 我，邬桂香，七十三岁
        # (我 first, the line start or punctuation before it by a look-behind: the engine skips ahead to each 我)
        "self_intro": re.compile(rf"我(?:是[^，。！？,.!?\n]{{1,12}}?的|(?:(?<=^我)|(?<=[。！？!?\n ]我))[，,] ?)({s}[{_H}]{{1,2}})", re.M),
        # a surname and a given name with no cue: looked at when it starts a clause or follows 问问, 找, 让 …
        "bare_any": re.compile(rf"{s}[{_H}]"),
        "surname_at": re.compile(rf"(?=({s})[{_H}])"),
        # 反映人：禤志强 (any surname after a strong label), 居民代表：甲、乙、丙
        # (no look-ahead before the labels: an alternation of words each led by a character gives the regex engine the
        # set of first characters to skip ahead to, which a look-ahead hides; twice as fast over a batch)
        "strong": re.compile(rf"(?:{STRONG_LABELS})(?:是|为|[:：，, ]){{0,2}}([{_H}]{{2,4}})"),
        # 仝海波 〔电话〕, 张敏 13812345678: a name right before contact details
        # (the look-behind for a Han character before the surname written after its first character, so that the
        # pattern starts with the surnames' set and the regex engine skips ahead to each)
        "before_contact": re.compile(rf"({_surname_alt(f'(?<![{_H}].)')}[{_H}]{{1,2}})(?=[ ：:，,]?(?:1[3-9]\d|0\d{{2,3}}[- ]?\d)|[ ：:，,]?(?:〔电话〕|〔微信号〕|〔QQ号〕|电话|手机|联系电话|tel))"),
        # the next name of a list, the items apart by 、 and the like or by the building each stands for
        # (业主代表：1栋 钟晓 2栋 钱多多 3栋 伏建民)
        "next_in_list": re.compile(rf"(?:[、和及与,，/ ]| ?\d{{1,3}}(?:栋|幢|号楼|单元|楼|室|号) ?)([{_H}]{{2,4}})"),
        # …谢谢！陈晓东 / ——张敏 / 张敏 敬上 / 电话 …（宅）钟伟民: a signature ends the answer
        # (——6栋任静, —— 3单元 葛兰: the building or unit the writer lives in may stand between)
        "signature": re.compile(rf"(?:^|[—\-－~～!！。，,.、\s）)]|\d(?:[栋幢室区号]|号楼|单元))({s}[{_H}]{{1,2}})(?:敬上|留|拜托了|谨上|(?P<who> {{1,2}}{_SELF_DESCRIBED}))?[。.！!\s]*$", re.M),
        # @丁一凡 你说的…: a person addressed in a group chat, the handle up to the next space or punctuation
        "mention": re.compile(rf"[@＠] ?({s}[{_H}]{{1,2}})(?=[\s，,:：。！!？?、]|$)", re.M),
        # anything that looks like surname + given name, for the tagger to confirm
        "bare": re.compile(rf"{s}[{''.join(sorted(GIVEN))}][{_H}]?"),
    }


_SURNAME_AT = None


def surname_length(text: str, i: int) -> int:
    """Length of the surname starting at ``text[i]`` (2 for a compound surname, 1, or 0)."""
    if text[i:i + 2] in _COMPOUND_SET:
        return 2
    return 1 if text[i:i + 1] in _SINGLE_SET else 0


#: Common given names that start with 家, a character of no name elsewhere (李家的狗, 王家村): 许家豪, 钟家辉.
_JIA_GIVEN = frozenset("家" + c for c in "豪辉明俊乐伟欣怡宝琪栋骏驹兴强华宁慧颖荣祥瑞铭诚轩睿浩杰鑫")


def given_length(text: str, start: int, end: int, freq: Callable[[str], int]) -> int:
    """How many of the characters in text[start:end] (at most 2) form the given name.

    The second character is dropped when it starts a common word with the character after
    it (张伟电话 → 张伟) or never stands in a name. A given name of 家 and a character that
    names people with it (家豪, 家辉: _JIA_GIVEN) is taken whole, unless its second character
    starts a common word (张家明天…: no name read).
    """
    if text[start:start + 2] in _JIA_GIVEN and start + 2 <= end:
        return 2 if freq(text[start + 1:start + 3]) < 500 else 0
    n = 0
    for k in range(start, min(end, start + 2, len(text))):  # callers may pass an end past the text
        ch = text[k]
        if not ("\u4e00" <= ch <= "\u9fff") or ch in NOT_IN_NAME:
            break
        if n == 1 and k + 2 <= len(text) and freq(text[k:k + 2]) >= 500:
            break
        n += 1
    return n


class NameFinder:
    """Spans (start, end) of personal names in one normalised text; see the module docstring.

    >>> from citysurvey.text.redact import default_redactor
    >>> text = "高峰跟我一个单元的，早高峰挤不上车，找王书记也没用"
    >>> [text[a:b] for a, b in default_redactor().names.find(text)]
    ['高峰']
    """

    def __init__(self, freq: Callable[[str], int], *, learned: bool = False, cued: bool | dict = True):
        self.freq = freq
        self.learned = learned
        self._model = None
        self._scorer = cued  # the learned scorer of names after strong cues (.cued_names): False leaves it out,
        # a dict gives its weights (analysis/train_cued_names.py, fitting)

    @property
    def cued_scorer(self):
        """The scorer of the names right after a strong cue whatever their surname (:mod:`.cued_names`), or None."""
        if self._scorer is False or self._scorer is None:
            return None
        if not hasattr(self._scorer, "find"):
            from .cued_names import CuedNames

            self._scorer = CuedNames(self.freq, self._tag_of, self._scorer if isinstance(self._scorer, dict) else None)
        return self._scorer

    @property
    def model(self):
        """The statistical name model (:mod:`.name_model`), for names that no cue announces."""
        if self._model is None:
            from . import name_model

            self._model = name_model.NameModel(self.freq, self._tag_of, name_model.shipped(), patterns()["cue_end"],
                                               self.never_name)
        return self._model

    @property
    def tagger(self):
        """The learned character tagger (:mod:`.name_tagger`) for names no rule reads: None unless asked for
        (``learned``) and shipped. Off by default: on the blind sets written after it (12 and 13) it found no
        name the rules miss, and it doubles the text stage's CPU."""
        if not self.learned:
            return None
        from . import name_tagger

        return name_tagger.load()

    def _ends_word(self, text: str, i: int) -> bool:
        """True when the surname at ``i`` is the end of a word (保安队长, 提高老师, 于是王…)."""
        return i > 0 and self.freq(text[i - 1:i + 1]) > 0

    def _is_place_or_famous(self, text: str, a: int, b: int) -> bool:
        if a + 3 <= b and any(famous_at(text, a + 1, k) for k in range(a + 3, b + 1)):
            return True  # 向雷锋同志, 学焦裕禄: a word before a figure's name, whose first character is a surname
        # a figure's name, unless the candidate goes on past it with given-name characters (市民司马光明: someone else)
        if any(famous_at(text, a, k) for k in range(a + 2, b + 2) if not (k < b and name_like(text[k:b]))):
            return True
        if _LOCATION_AFTER.match(text, b) and self.freq(text[a:b]) > 0:
            return True  # 苗圃旁边, 白云对面: a dictionary word before a word of place is a place
        if (text[b - 1] in PLACE_AFTER and (b - a == 2 or self.freq(text[a:b]) > 0)) or PLACE_WORDS.match(text, b) \
                or MONUMENT_AFTER.match(text, b):
            return True
        return b < len(text) and text[b] in PLACE_AFTER

    def find(self, text: str) -> list[tuple[int, int]]:
        """Name spans; two rules that read overlapping names (房立 and 房立新) give their union.

        A name typed with a space between its characters or after its surname (我叫 尹 国 庆, 业主：刘 德华) is read
        without the spaces: every rule then sees it as written the usual way, and its span covers the spaces too."""
        gaps = _name_gaps(text, self.freq)
        try:
            if not gaps:
                found = self._find_all(text)
            else:
                view, at = without_spans(text, [(k, k + 1) for k in gaps])
                found = spans_in_text(at, self._find_all(view))
            apart = names_typed_apart(self, text)  # (read on the text as typed: the spaces are what says a name)
            apart += transliterated_names(self, text)
            apart += au_names(self, text)
            if not apart and " " not in text:
                return _joined_at_dots(text, found)
            return _joined_at_dots(text, grown_apart(self, text, _merged(found + apart, touching=False)))  # (潘德胜潘德利 stay two)
        finally:
            _forget_code_points()

    def _find_all(self, text: str) -> list[tuple[int, int]]:
        kept: list[tuple[int, int]] = []
        found = self._find(text)
        found += self._named(text)
        found += self._between_person_words(text)
        found += self._word_after_cue(text)
        found += self._word_signature(text)
        found += self._self_described(text)
        found += self._unlisted_surname(text)
        found += self._kin_given(text)
        found += self._kin_called(text)
        found += self._one_given(text)
        found += self._addressee(text)
        found += self._before_kin(text)
        found += self._like_this(text)
        found += self._lead_before_number(text)
        found += self._kin_full_name(text)
        found += self._letter_opening(text)
        found += self._resident_says(text)
        found += self._word_name_framed(text)
        found += self._swallowed_before_title(text)
        found += self.model.find(text, found)
        if self.tagger is not None:  # its spans meet the same guards below as the rules' and the model's
            found += self._tagger_spans(text, found)
        found += self._elsewhere(text, found)
        found += pinyin_names(text, found)
        found += western_names(text)
        found += foreign_names(text)
        found += english_given_alone(text)
        found += self._dotted(text)
        found += self._minority(text)
        found += latin_given_names(text)
        found += given_names_alone(self, text)
        found += foreign_names_in_chinese(self, text)
        found += dictated_names(self, text)
        found += compound_surname_names(self, text)
        cued = cued_compound_names(self, text)
        found += cued
        sakes = namesakes(self, text) + remarked_names(text)
        found += sakes
        denied = denied_figures(self, text)
        found += denied
        found += word_names_after_role(self, text)
        pets = child_pet_names(self, text)
        found += pets
        found += opening_addressee(self, text)
        children = named_children(self, text)  # (a doubled name among them passes as a child's pet name does)
        found += children
        found += dash_given_signature(self, text)
        found += latin_full_names(text)
        found += japanese_signature(self, text)
        found += other_systems(self, text)
        found += given_then_surname(text)
        found += word_names_set_apart(self, text)
        found += names_as_objects(self, text)
        found += peer_full_names(self, text)
        found += signed_list(self, text)
        households = household_list(self, text)
        found += households
        found += cleft_doers(self, text)
        found += kin_then_predicate(self, text)
        twins = doubled_pair_named(text)
        found += twins
        found += latin_counted_people(text)
        found += latin_person_pairs(text)
        found += listed_given_surname(text)
        found += list_mates(self, text, found)
        found += latin_names_in_chinese(text, found)
        found += latin_names_anywhere(text)
        found += rough_given_names(self, text)
        pets = set(pets) | set(children) | set(twins)
        list_start, last_end = 0, -1  # where the list a name stands in starts (孔令辉、邓亚萍: 孔令辉's start)
        for a, b in sorted(found):
            if not (0 <= last_end <= a and a - last_end <= 1 and text[last_end:a] in _LIST_JOINS):
                list_start = a
            last_end = max(last_end, b)
            # after a contact label (联系人 祝英台, 签名：周杰伦) the item is the respondent's own name, famous or not
            labelled = _CONTACT_BEFORE.search(text, back(text, a, 8), a) is not None \
                or _NOT_THE_STAR_AFTER.match(text, b) is not None \
                or (a, b) in cued or (a, b) in denied or (a, b) in households or (a, b) in sakes  # (有个刘德华，不是明星那个: a namesake; 楼下的诸葛亮天天…: a neighbour)
            if text[a:b] in BRANDS and _MY_PERSON_AFTER.match(text, b):
                labelled = True  # 乔丹是我同事: a brand's name that the writer says is a relative or a neighbour is theirs
            elif text[a:b] in NEVER_NAMES or (self._inside_known(text, a, b) and not labelled) or placeholder_name(text[a:b]) \
                    or (text[b - 1] == "家" and placeholder_name(text[a:b - 1])):
                continue  # (张某家的狗: a placeholder's household)
            if text[b - 1] in _ESTATE_LAST and _PLACE_CALLED_BEFORE.search(text, back(text, a, 12), a):
                continue  # 小区名叫建华苑, 我们小区叫桂芳园: what a place is called, an estate's name
            if not labelled and _FIGURES_AFTER.match(text, b) and not _kin_or_role_before(text, list_start):
                continue  # 请孔令辉、邓亚萍这样的世界冠军, 白玉堂、展昭这些人物: public figures or characters, a kind's noun
                # after (a role or a relative before the list names the writer's own people: 像楼长王建国这样的人物)
            if not labelled and _ROAD_ORDINAL_AFTER.match(text, b):
                continue  # 禅城区季华五路, 建国一路: a road named with a word that looks like a name, and its number
            if not labelled and _CAR_BEFORE.search(text, back(text, a, 6), a) and _CAR_NAME_END.match(text, b):
                continue  # 我家的车是凌志, 开的是红旗: a car's make, no person
            if not labelled and _ENGLISH_PLACE_LAST.search(text, a, b) and text[b - 1].isascii():
                continue  # Sunshine Garden, Golden Bay Residence: capitalised words closed by a place word, a place
            if not labelled and self._plant_word(text, a, b):
                continue  # 多种点白玉兰, 柏树林被砍了: a tree or a flower where plants are spoken of
            if not labelled and self._verb_done(text, a, b):
                continue  # 跟我老伴商量过了: a verb the dictionary knows, done (过, 了, 着), read as a surname and a given name
            if text[b - 1] == "第" and _SERIAL_AFTER.match(text, b):
                continue  # 沪（2019）浦字第012345号, 京房权证朝字第…: a certificate's or a document's number, no name
            if not labelled and text[a] in _PREPOSITION_SURNAMES and text[a + 1:a + 2] in _COMMON_SURNAMES \
                    and (t := _TITLE_AT.match(text, a + 2)) is not None and b in (a + 2, t.end()):
                continue  # 向王阿姨学习, 跟李老师说: a preposition that is also a surname, then a surname and a title (kept)
            if b - a == 2 and text[a] == "阿" and text[b:b + 1] in _A_KIN_AFTER:
                continue  # 阿芳姐, 阿强哥: 阿 and one character and a kin word, what neighbours call someone (kept as 阿X is)
            if not labelled and text[a:b] in CALENDAR_WORDS and _DATE_AFTER.match(text, b):
                continue  # 谷雨前后, 白露那天: a solar term or a festival as a date, no person
            if any(famous_at(text, a + 1, k) for k in range(a + 3, b + 1)) and not labelled:
                continue  # 向雷锋: a figure's name after a word whose character is also a surname
            if not labelled and self._not_a_person(text, a, b):
                continue
            if not labelled and (cited_figure(self, text, a, b) or (_ESTATE_AFTER.fullmatch(text, a, b) and _han(text[a - 1:a] or "a"))):
                continue  # 又不是李嘉诚: a figure by the dictionary; 锦绣华庭: an estate's own word read as a name
            if b - a == 2 and text[a] == text[a + 1] and (a, b) not in pets:
                continue  # 苗苗, 冬冬: a pet name, the surname character twice, and no surname (unless a child's, see
                # child_pet_names)
            if _NOTICE_BEFORE.search(text, back(text, a, 40), a) and self._title_form(text, a, b):
                continue  # 公告上写着负责人：李工, 宣传栏…联系人王先生: a notice's contact, called by a title, no name
            if not labelled and b - a == 2 and text[b - 1] == "家" and text[b:b + 1] == "的" and surname_length(text, a) == 1:
                continue  # 李家的狗: a household called by its surname
            if not labelled and _CITED_SAYING_AFTER.match(text, b) and b - a >= 3 \
                    and sum(c in _TRANSLITERATION for c in text[a + 1:b]) == b - a - 1:
                continue  # 高尔基说过，…: a foreign figure quoted, a transliterated name
            if not labelled and (quoted_thing(text, a, b) or self._thing_word(text, a, b)):
                continue  # “向阳花”志愿服务队, 公众号叫“金辉生活+”; 吉祥物
            if not labelled and _ESTATE_AFTER.match(text, b):
                continue  # 桂芳苑, 春华小区: an estate named with a word that looks like a name
            if b - a == 3 and a > 0 and text[a - 1] in "老小" and text[a + 1] in "老小" and surname_length(text, a + 2):
                continue  # 老杨小杨父子, 小王老李: two people called by 老 or 小 and the surname, no given name
            if not labelled and b - a == 2 and ((text[b - 1] == "子" and any(text[a - k:a] in ROLE_WORDS for k in (2, 3, 4) if k <= a))
                                                or (text[a] in "老小" and surname_length(text, a + 1))) \
                    and not _NAMED_BEFORE.search(text, back(text, a, 4), a):
                continue  # 管理员强子 (X子 after a role), —— 小林: what people call someone, kept like 老张; 我叫强子 goes
            if not labelled and b - a == 3 and text[b - 1] in _ESTATE_LAST and _PLACE_SIDE_AFTER.match(text, b):
                continue  # 我们金桂苑北边, 碧水湾旁边: an estate's name (苑, 园, 湾 … last) before where something is
            if not labelled and figure_word(self, text[a:b]) and self._facility_after(text, b):
                continue  # 姚明篮球馆, 鲁迅图书馆: a facility named after a figure
            if not labelled and noun_then_wrong(text[a:b], text[b:b + 1], self.freq, self._tag_of):
                continue  # 我儿子成绩不好: a thing and what is wrong with it

            kept.append((a, self._third_given(text, a, b)))
        out = [(a, self._without_title(text, a, b)) for a, b in _merged(kept, touching=False)]
        scorer = self.cued_scorer
        if scorer is not None and (more := [(a, b) for a, b in scorer.find(text, out) if not _placeholder_at(text, a)]):
            # names after a strong cue that nothing above read (王某天天…: a placeholder, never a name, whatever the cue)
            out = _merged(out + more, touching=False)  # (one that starts before a rule's name takes it in: 哈 + 尼克孜·艾力)
        if "-" in text:
            out = [(a, _hyphen_tail(text, b)) for a, b in out]
        return [(self._swallowed_surname(text, a, b), b) for a, b in out]

    def _swallowed_surname(self, text: str, a: int, b: int) -> int:
        """The start of a name read without its surname because a function word took the surname in (比如何金凤阿姨:
        如何 took 何, and 金凤 was read): the surname before ``a`` when the character before it ends a common word (比如,
        因为: seen 1,000 times or more), so that the text splits 比如 | 何金凤. Else ``a``."""
        if b - a != 2 or a < 3 or surname_length(text, a - 1) != 1 or text[a - 1] in _EVERYDAY_SET:
            return a
        joined = text[a - 2:a]
        if self.freq(joined) > 0 and self._tag_of(joined) in FUNCTION_TAGS and self.freq(text[a - 3:a - 1]) >= 1000 \
                and self.freq(text[a - 1:b]) == 0:
            return a - 1
        return a

    def _swallowed_before_title(self, text: str) -> list[tuple[int, int]]:
        """A surname that a function word took in, and a given name of two characters and a title after it (比如何玉兰奶奶,
        因为何建国大爷): read where the character before the function word ends a common word (比如, 因为), so that the
        text splits 比如 | 何玉兰 | 奶奶; see _swallowed_surname for a name found without its surname."""
        out = []
        for m in _KNOWN_TITLE.finditer(text):
            a = m.start() - 3
            if a < 2 or not all(_han(c) for c in text[a - 2:a + 3]) or surname_length(text, a) != 1 or text[a] in _EVERYDAY_SET or set(text[a + 1:a + 3]) & NOT_IN_NAME:
                continue
            if self._swallowed_surname(text, a + 1, a + 3) == a:
                out.append((a, a + 3))
        return out

    def _facility_after(self, text: str, b: int) -> bool:
        """A dictionary word for a building or a ground starts at ``b`` (篮球馆, 体育场, 图书馆, 中学), not a title (馆长)."""
        for n in (4, 3, 2):
            w = text[b:b + n]
            if len(w) == n and w[-1] in _FACILITY_LAST and self.freq(w) > 0 and w not in _TITLE_SET and w not in ROLE_WORDS:
                return True
        return False

    def _plant_word(self, text: str, a: int, b: int) -> bool:
        """``text[a:b]`` ends in a dictionary word for a plant (树林, 玉兰, 桂花, 松树: its last two characters, seen 100
        times or more, the last a plant's character) and a verb of planting or cutting stands before it (种, 多种点, 砍了,
        栽一排) or what is done to plants follows it (被砍, 开花, 枯死): a plant, not a person, whatever its first
        character. A relative or a role before it names a person (我邻居红梅被砍伤了 still goes)."""
        if b - a < 2 or text[b - 1] not in _PLANT_LAST or self.freq(text[b - 2:b]) < 100 or _kin_or_role_before(text, a):
            return False
        return _PLANT_VERB_BEFORE.search(text, back(text, a, 6), a) is not None or _PLANT_DONE_AFTER.match(text, b) is not None

    def _verb_done(self, text: str, a: int, b: int) -> bool:
        """Two characters the dictionary knows as a common word that is no name (商量, 讨论, 说好: seen 500 times or more,
        not tagged as a person's name) followed by an aspect mark (过, 了, 着) and no name-like word after: a verb done,
        as in 跟我老伴商量过了, where the kin word made the verb look like a given name."""
        return b - a == 2 and text[b:b + 1] in ("过", "了", "着") and self.freq(text[a:b]) >= 500 \
            and not self._tag_of(text[a:b]).startswith("nr")

    def _without_title(self, text: str, a: int, b: int) -> int:
        """The end of the name at ``text[a:b]`` without a title that closes it (侯建军科长, 李春梅大夫, 刘文明同志 →
        the full name): every development set labels a full name without its title (76 full names before a title,
        none with it), and the title names nobody. Only after a surname and two given characters, or one and a title
        of two characters or more; a surname and a title alone (王先生, 李工 after 联系人：) stays whole."""
        sl = surname_length(text, a)
        if not sl or b - a < sl + 2:
            return b
        for k in range(a + sl + 1, b):
            if _TITLE_AT.fullmatch(text, k, b) and (k - a - sl >= 2 or b - k >= 2):
                return k
        return b

    def _title_form(self, text: str, a: int, b: int) -> bool:
        """``text[a:b]`` is a surname and a title (王先生, 李工, 张女士), no given name."""
        sl = surname_length(text, a)
        return sl > 0 and _TITLE_AT.fullmatch(text, a + sl, b) is not None

    def _thing_word(self, text: str, a: int, b: int) -> bool:
        """Three characters that the dictionary knows as a word (seen 20 times or more) ending in a character that heads
        a word for a thing and that names do not end in (吉祥物, 物; 买买提 stays a name): a thing, whatever the word's
        tag."""
        return b - a == 3 and text[b - 1] in _THING_END and self.freq(text[a:b]) >= 20

    def _tagged_name_before_title(self, text: str, a: int, e: int, title: str) -> bool:
        """A common word the dictionary tags as a person's name (白雪, 宁静), alone after 的 or a clause's start and
        before a title that addresses one person (物业的白雪经理, 社区的白雪同志): the title says a person, the tag says
        the word is a name. (老师 and 医生 also name a kind: 文明老师 stays.)"""
        word = text[a:e]
        return title in _PERSON_TITLES and self._tag_of(word).startswith("nr") and e - a == 2 and word[-1] not in PERSON_NOUN_END \
            and word not in ROLE_WORDS and word not in NEVER_NAMES and word not in FAMOUS \
            and (a == 0 or text[a - 1] == "的" or text[a - 1] in _CLAUSE_START)

    def _last_given_before_title(self, given: str, title: str) -> bool:
        """A two-character given name before a title of two or more characters may end with a character that is
        also a function word, when names use it often enough by the name model's table (张福来大爷, 刘德全师傅):
        between a surname and such a title nothing else stands. Numerals and place characters stay excluded."""
        return len(given) == 2 and len(title) >= 2 and given[0] not in NOT_IN_NAME and given[1] not in PLACE_AFTER \
            and given[1] not in _NEVER_IN_NAME_WORD and not _PLACEHOLDER_GIVEN.fullmatch(given[1]) \
            and self.model.given.get(given[1], -8.0) > -2.0

    def _third_given(self, text: str, a: int, b: int) -> int:
        """The end of a name read as a surname and one character, taken one further when the next character is a
        given name's (马梓涵大学毕业: 涵 is commoner in names than in words, by the name model's table; 姓名马春来 at the
        end of the clause after a contact label) and a title, a word or the clause's end follows it."""
        sl = surname_length(text, a)
        if not sl or b - a != sl + 1 or b >= len(text) or not "\u4e00" <= text[b] <= "\u9fff" \
                or text[b] in _NEVER_IN_NAME_WORD or text[b] in PLACE_AFTER:
            return b
        end = b + 1 == len(text) or text[b + 1] in _CLAUSE_START
        if (_HOUSEHOLD_NEXT.match(text, b + 1) or RIGHT_PERSON_SHORT.match(text, b + 1)) and (text[b] not in NOT_IN_NAME or text[b] in _LAST_GIVEN_DESPITE) \
                and self.freq(text[b - 1:b + 1]) < 20 and self.freq(text[b:b + 2]) < 20 and self.freq(text[a:b + 1]) == 0 \
                and self.model.given.get(text[b], -8.0) > -2.0:
            return b + 1  # 对门邱春来家天天…: a third character that makes no word with either neighbour, then 家 or 说
        if _TIME_AFTER.match(text, b + 1) and _kin_or_role_before(text, a) and text[b] not in NOT_IN_NAME \
                and self.model.given.get(text[b], -8.0) > -2.0 and self.freq(text[a:b + 1]) < 5:
            return b + 1  # 我爸蔡金水上个月…: a relative's name whose last character makes a word (水上) with a time word after
        if text[b + 1:b + 2] in _SAYS and text[b] not in _ADVERB_OR_MODAL and self.model.given.get(text[b], -8.0) > -2.0 \
                and self.freq(text[b - 1:b + 1]) < 20 and self.freq(text[a:b + 1]) == 0 \
                and _kin_or_role_before(text, a):
            return b + 1  # 村长刘福来说: a role, then a name whose last character makes a word with 说 (来说)
        if not (end or _TITLE_AT.match(text, b + 1) or self.freq(text[b + 1:b + 3].split("\n")[0]) >= 500):
            return b  # (the word after stays on the answer's line: a batch of answers reads as each answer alone)
        if self.model.given.get(text[b], -8.0) > 0 and self.freq(text[b:b + 2]) < 500:
            return b + 1
        if end and _CONTACT_BEFORE.search(text, back(text, a, 8), a):
            return b + 1
        return b

    def _not_a_person(self, text: str, a: int, b: int) -> bool:
        """A span the rules took for a name that names no private person: a public figure cited as such (想当姚明,
        成龙代言), a shop named after its founder (刘文祥麻辣烫), a wish that starts with 祝 (祝大家, 祝越来越好), a compound surname and a title (欧阳老师, like
        王老师), or a brand that starts a list item (李宁、安踏)."""
        if _PUBLIC_BEFORE.search(text, back(text, a, 4), a) or _PUBLIC_AFTER.match(text, b):
            return True
        if text[a:b] in CITED_FIGURES and (_CITED_BEFORE.search(text, back(text, a, 5), a) or _CITED_AFTER.match(text, b)):
            return True  # 我又不是马云, 跟李云龙似的, 姚明都没…高: a figure the writer compares with or supposes
        if _SHOP_AFTER.match(text, b) and not any(text[back(text, a, n):a] in ROLE_WORDS for n in (1, 2, 3, 4)):
            return True  # (我邻居王建国火锅吃多了: after a word for a person, a person)
        if text[a] == "祝" and (a == 0 or text[a - 1] in _CLAUSE_START or text[a - 1] in "也再并还就都最在此谨") \
                and _WISH_AFTER.match(text, a + 1):
            return True
        if text[a:a + 2] in _COMPOUND_SET and (b == a + 2 or _TITLE_AT.fullmatch(text, a + 2, b)) \
                and self._title_only(text, a + 2):
            return True
        return any(text[a:k] in BRANDS for k in range(a + 2, b + 1)) and (b == len(text) or text[b] in _LIST_SEP)

    def _tagger_spans(self, text: str, found: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """The learned tagger's names (:mod:`.name_tagger`, whose own guards want a person cue near or strong
        evidence), less a span that meets or touches a name the rules read: the rules' span stands, and the tagger runs
        names on into the next word (邻居王建国家 → 王建国家)."""
        spans = _merged(found)
        return [(a, b) for a, b in self.tagger.find(text) if not any(s_ <= b and a <= e for s_, e in spans)]

    def _dotted(self, text: str) -> list[tuple[int, int]]:
        """Names of two parts apart by a middle dot (阿依古丽·买买提, 扎西·多吉): a person's, unless a place word
        follows (…·…路)."""
        out = []
        for m in _DOT.finditer(text):
            left = _DOT_LEFT.search(text, back(text, m.start(), 6), m.start())
            right = _DOT_RIGHT.match(text, m.end())
            if left is None or right is None:
                continue
            a, b = left.start(), right.end()
            if text[m.end()] in PLACE_AFTER or PLACE_WORDS.match(text, m.end()):
                continue  # 中山·路: a place
            k = m.end() + 2
            while k < b and text[k] not in AFTER_BARE and text[k] not in NOT_IN_NAME:
                k += 1
            b = k  # …·艾则孜天天吵: the name ends where a word of the sentence starts
            run = _MINORITY_RUN.match(text, m.end())
            if run is not None and run.end() > b:
                b = run.end()  # …·阿不都拉: a name's element with 都 in it goes whole
            # the words before the name that the run took along: function characters (我是…), a word for a person (邻居…)
            while m.start() - a > 2 and text[a] in NOT_IN_NAME:
                a += 1
            person_before = False
            for n in (4, 3, 2):
                if m.start() - a - n >= 2 and text[a:a + n] in ROLE_WORDS:
                    a += n
                    person_before = True
                    break
            if text[b - 1] in PLACE_AFTER or PLACE_WORDS.match(text, b):
                continue
            # (a word for a person or a naming verb before it says a person, words or not: 邻居马克·约翰逊, 叫彼得·伊万诺夫)
            person_before = person_before or _NAMED_BEFORE.search(text, back(text, a, 4), a) is not None
            # (a clause's words run into the left part when a function character stands in it: 墙上写着宜居·韧性 reads
            # 宜居, after 着; any two words of the dictionary are then two words, where a name alone before the dot needs
            # two common ones)
            cut = max((k + 1 for k in range(a, m.start() - 2) if text[k] in NOT_IN_NAME), default=a)
            common = 1 if cut > a else 100
            # (a person's word at the cut says a person all the same: 俄罗斯人娜塔莎·伊万诺娃, 的外籍住户安娜·彼得罗娃)
            # (and the name starts after it)
            role = next((n for n in (4, 3, 2) if m.start() - cut - n >= 2 and text[cut:cut + n] in ROLE_WORDS), 0)
            if cut > a and (text[cut - 1] == "人" or role):
                person_before, a = True, cut + role
            if not person_before and self.freq(text[cut:m.start()]) >= common and self.freq(text[m.end():b]) >= common:
                continue  # 今天·明天, 城市·生活, 写着宜居·韧性: two words
            out.append((a, b))
        return out

    def _minority(self, text: str) -> list[tuple[int, int]]:
        """Tibetan, Mongolian and Uyghur names written without the middle dot (次仁多吉说…, 网格员萨仁图雅, 我是库尔班江):
        a run of the naming system's elements (:data:`MINORITY_NAME_ELEMENTS`) standing as a person does, after the
        start of a clause, a self-introduction, a contact label, a word for a person or a verb that takes one (感谢,
        问问, 找), or after 的 when it has two elements or more, and before the end of the
        clause or what is said of a person. One element of two characters (巴图, 卓玛) only after a label, a word for
        a person or a self-introduction, and before what is said of a person: alone it is often a word, a song or a
        place (乌云, 格桑花, 乌兰察布 stay; 扎西德勒 is a greeting)."""
        out = []
        for m in _finditer_at(_MINORITY_RUN, text, _minority_candidates(text)):
            a, b = m.span()
            if text[a:b] in _YI_CLANS:
                b = self._yi_given(text, b)  # 阿苏拉则 建议…: a Yi clan name and a given name no list holds
            if not _MINORITY_RIGHT.match(text, b) or text[a:b] in ROLE_WORDS:
                continue
            lo = back(text, a, 8)
            cued = (_CONTACT_BEFORE.search(text, lo, a) is not None or _MINORITY_SELF.search(text, lo, a) is not None
                    or any(text[back(text, a, n):a] in ROLE_WORDS for n in (2, 3, 4, 5))
                    # a relative named by the name (我姐格桑卓玛在…, 我阿妈次仁央宗)
                    or any(text[a - k:a] in _KIN_WORDS for k in _KIN_LENGTHS if k <= a)
                    or BARE_LEFT.search(text, lo, a) is not None)
            if not (cued or a == 0 or text[a - 1] in _CLAUSE_START or (text[a - 1] == "的" and b - a > 2)):
                continue
            called = text[a - 1:a] == "叫" and text[b:b + 1] == "的" and self._person_word_at(text, b + 1)
            if not called and (b == len(text) or text[b] in _CLAUSE_START) and text[a - 1:a] == " " \
                    and (any(text[back(text, a - 1, n):a - 1] in ROLE_WORDS for n in (2, 3, 4, 5))
                         or _MINORITY_SELF.search(text, lo, a - 1) is not None):
                called = True  # 我是交通志愿者 塔娜: a word for the writer, a space, the name closing the clause
            if not called and (b == len(text) or text[b] in _CLAUSE_START) and _NAMING_SELF.search(text, back(text, a, 3), a):
                called = True  # 我叫岩温，女儿…; 他叫岩温，傣族: named, the name standing as the clause
            if not called and text[a - 1:a] in ("和", "与", "跟", "、") and out and out[-1][1] == a - 1:
                called = True  # 白玛央宗和次旺在…: joined to such a name, a second person
            if b - a <= 2 and not called and (not _MINORITY_SAID.match(text, b) or self.freq(text[a:b]) >= 100
                                              and _CONTACT_BEFORE.search(text, lo, a) is None):
                continue  # (乌云说来就来, 阿曼: a word unless a contact label names it; 那个叫达娃的小姑娘 names a person)
            out.append((a, b))
        for a0, b0 in list(out):  # the same name again, further on in the answer (我是达瓦的妈妈，达瓦在托班): the same person
            hi = text.find("\n", b0)  # (not in the next answers of a batch: each is read as if alone)
            hi = len(text) if hi < 0 else hi
            k = text.find(text[a0:b0], b0, hi)
            while k >= 0:
                e = k + b0 - a0
                if (k == 0 or not _han(text[k - 1]) or text[k - 1] in _CLAUSE_START) and _MINORITY_RIGHT.match(text, e):
                    out.append((k, e))
                k = text.find(text[a0:b0], e, hi)
        return out

    def _yi_given(self, text: str, b: int) -> int:
        """The end of a Yi name whose clan name (阿苏, 吉克, 沙马 …) ends at ``b``: two more characters when they are a
        given name no list of elements holds (拉则, 子日), that is two Han characters that are no function or place
        characters, make no common word together or with the clan's last character, and are followed by a space, the
        clause's end or what is said of a person (阿苏拉则 建议…); else ``b`` (the clan name alone, judged as before)."""
        e = b + 2
        if e > len(text) or not all(_han(c) and c not in NOT_IN_NAME and c not in PLACE_AFTER for c in text[b:e]) \
                or self.freq(text[b:e]) >= 100 or self.freq(text[b - 1:b + 1]) >= 100:
            return b
        if e == len(text) or text[e] in " ，。！？!?；;、,.：:\n" or _MINORITY_SAID.match(text, e):
            return e
        return b

    def _self_remarked(self, text: str, a: int, b: int) -> bool:
        """A word before （本人） that is a full name and no word for a person (高峰（本人）：…, 业主（本人） stays): the
        writer names themself, and a name that is also a word (高峰, 江山) is a name there."""
        return surname_length(text, a) > 0 and b - a - surname_length(text, a) in (1, 2) and text[a:b] not in ROLE_WORDS \
            and not any(text[b - k:b] in ROLE_WORDS for k in _ROLE_LENGTHS if k < b - a) and text[a:b] not in NEVER_NAMES

    def _kin_given(self, text: str) -> list[tuple[int, int]]:
        """A given name of two characters alone right after a word for a relative or a building's own role
        (老公志刚在外地上班, 打给我老公大伟, 楼长建华): the family calls its own by the given name.

        Both characters must be given-name characters that names use more than words (the name model's table)
        and together no dictionary word (老公建议, 女儿明年). Kept, as most writers keep them: a pet name of one
        character twice (儿子浩浩, 老婆苗苗), and 小, 老 or 阿 with one character (闺女小满, 阿强), which are
        what a family calls someone rather than a name on a register."""
        found = []
        given = self.model.given
        for m in _KIN_GIVEN.finditer(text):
            a, b = m.span(1)
            if not any(text[a - k:a] in _KIN_WORDS for k in _KIN_LENGTHS if k <= a):
                continue
            g = text[a:b]
            if g[0] == g[1] or g[0] in "小老阿" or g[0] not in GIVEN_NAME_CHARS or g[1] not in GIVEN_NAME_CHARS \
                    or self.freq(g) >= 500 or given.get(g[0], -8.0) + given.get(g[1], -8.0) <= 2.0:
                continue
            if b < len(text) and _han(text[b]) and self.freq(text[b - 1:b + 1]) >= 500:
                continue  # 儿子明天: the second character starts a word with the next
            found.append((a, b))
        return found

    def _kin_called(self, text: str) -> list[tuple[int, int]]:
        """A given name of two characters after a word for a relative and 叫 (我哥叫建业，…, 我姐姐名叫晓燕，…): the
        naming word says a name follows, so the first need only be a given-name character and the second no function
        character, together no common
        word (below 500: 建业 117), before a boundary or what is said of a person (在, 是, 今年 …; 我哥叫人来修 is a
        verb and its object: 人 is no given-name character). 小, 老, 阿 and a doubled character are left to their rules."""
        found = []
        for m in _KIN_CALLED.finditer(text):
            a = m.start()
            if not any(text[a - k:a] in _KIN_WORDS for k in _KIN_LENGTHS if k <= a):
                continue
            a, b = m.span(1)
            g = text[a:b]
            if g[0] == g[1] or g[0] in "小老阿" or self.freq(g) >= 500 or g in ROLE_WORDS or g in NEVER_NAMES \
                    or g[1] in NOT_IN_NAME or g[1] in _NEVER_IN_NAME_WORD or g[1] in PERSON_NOUN_END \
                    or placeholder_name(g) or _PET_END.match(text, b) is None:
                continue
            found.append((a, b))
        return found

    def _one_given(self, text: str) -> list[tuple[int, int]]:
        """A full name whose given name is 一 and a given-name character (一鸣, 一诺, 一帆: 一 is no given-name character
        elsewhere) right after a word for a relative or a child (我儿子韦一鸣今年六岁, 女儿 林一诺 在…): the surname,
        一, the character, before a boundary or what is said of a person; no common word (韦一 or 一鸣 above 100)."""
        found = []
        for m in _ONE_GIVEN.finditer(text):
            a, b = m.start() - 1, m.end() + 1
            k = a - (text[a - 1:a] == " ")
            if a < 1 or text[a] not in _SINGLE_SET or not any(text[k - n:k] in _KIN_WORDS or text[k - n:k] in _CHILD_WORDS
                                                              for n in (1, 2, 3, 4) if n <= k):
                continue
            if self.freq(text[a:a + 2]) >= 100 or self.freq(text[a + 1:b]) >= 100 or _PET_END.match(text, b) is None:
                continue
            found.append((a, b))
        return found

    def _addressee(self, text: str) -> list[tuple[int, int]]:
        """A full name before 收 that ends a clause (寄到……，牛春花收，) or before 家 after a place in the village or
        building (村里何秋萍家的狗): a surname and two given-name characters that make no dictionary word."""
        found = []
        # (found from 收 and from the place word, literals the regex engine skips to; the name read back or forward)
        ends = [(m.start() - n, m.start()) for m in _RECEIVER_AT.finditer(text) for n in (3, 4)
                if m.start() - n >= 0 and (m.start() - n == 0 or text[m.start() - n - 1] in _RECEIVER_BEFORE
                                           or text[back(text, m.start() - n, 2):m.start() - n] in ("寄给", "交给", "请写"))]
        ends += [(m.start() - n, m.start()) for m in _HOUSEHOLD_AT.finditer(text) for n in (3, 4)
                 if m.start() - n > 0 and text[back(text, m.start() - n, 2):m.start() - n].endswith(_HOUSEHOLD_PLACE)]
        for a, b in ends:
            sl = surname_length(text, a)
            if not sl or b - a - sl != 2 or any(c not in GIVEN_NAME_CHARS for c in text[a + sl:b]) \
                    or self.freq(text[a:b]) > 0 or self.freq(text[a + sl:b]) >= 500:
                continue
            found.append((a, b))
        return found

    def _before_kin(self, text: str) -> list[tuple[int, int]]:
        """A name between a verb that takes a person (联系, 找, 通知 …) and a word for a parent or a relative (联系邵一鸣家长,
        找葛欣然妈妈): the person asked for is that name's parent, so the name is a child's, often with 一 or 多 (一鸣,
        多多). A surname and one or two characters that make no word, the given name no common word either."""
        out = []
        for m in _KIN_AFTER_NAME.finditer(text):
            r = m.start() - (text[m.start() - 1:m.start()] == "的")  # (联系…的家长)
            for n in (3, 2):
                a = r - n
                if a < 2 or not _BARE_LEFT_END.search(text, back(text, a, 4), a):
                    continue
                sl = surname_length(text, a)
                if not sl or r - a - sl < 1 or not all(_han(c) for c in text[a:r]) or set(text[a + sl:r]) & _NOT_IN_NAMED:
                    continue
                given = text[a + sl:r]
                if self.freq(text[a:r]) >= 20 or self.freq(text[a:a + sl + 1]) >= 100 or self.freq(given) >= 500 \
                        or sum(self.model.given.get(c, -8.0) for c in given) <= -3.0 or self._title_only(text, a + sl) \
                        or self._is_place_or_famous(text, a, r) or text[a:r] in NEVER_NAMES:
                    continue
                out.append((a, r))
                break
        return out

    def _like_this(self, text: str) -> list[tuple[int, int]]:
        """A person held up as an example before a word for a person (像春华这样的志愿者, 多几个像邹晓梅那样的楼长): a
        full name that makes no word, or a given name alone whose two characters names use far more than words (the
        name model's table) and make no common word; a figure (像雷锋这样的人), a role or a place stays."""
        out = []
        for m in _LIKE_THIS.finditer(text):
            a, b = m.span(1)
            word = text[a:b]
            if not self._person_word_at(text, m.end()) or word in ROLE_WORDS or word in NEVER_NAMES or word in FAMOUS \
                    or self._is_place_or_famous(text, a, b) or placeholder_name(word):
                continue
            sl = surname_length(text, a)
            full = sl and 1 <= b - a - sl <= 2 and name_like(text[a + sl:b]) and self.freq(word) < 20
            given = b - a == 2 and all(c in GIVEN_NAME_CHARS for c in word) and self.freq(word) < 500 \
                and sum(self.model.given.get(c, -8.0) for c in word) > 2.0 and word[0] not in "小老阿" and word[0] != word[1]
            if full or given:
                out.append((a, b))
        return out

    def _lead_before_number(self, text: str) -> list[tuple[int, int]]:
        """A name first in a line, then a comma and a mobile or an ID number (安宁，139…, 林立，1101…): a form's fields
        typed in a row, the name first. Even a word (宁静, 文静) is the person's name there, when it starts with a surname
        and its given character is one names use (the name model's table above 1); a word for a person, a time, a
        function word or a figure stays (物业，…, 明天，…)."""
        out = []
        for m in _finditer_at(_LEAD_BEFORE_NUMBER, text, _line_starts_with(text, _LEAD_BEFORE_NUMBER)):
            a, b = m.span(1)
            sl = surname_length(text, a)
            word = text[a:b]
            if not sl or b - a - sl < 1 or word in ROLE_WORDS or word in NEVER_NAMES or placeholder_name(word) \
                    or self._title_only(text, a + sl) or word[-1] in PERSON_NOUN_END or set(word[sl:]) & NOT_IN_NAME:
                continue
            tag = self._tag_of(word)
            if tag in FUNCTION_TAGS or tag in ("t", "v", "f", "s") or min(self.model.given.get(c, -8.0) for c in word[sl:]) <= 1.0 \
                    or self._is_place_or_famous(text, a, b):
                continue
            out.append((a, b))
        return out

    def _kin_full_name(self, text: str) -> list[tuple[int, int]]:
        """A full name right after a word for a child or a relative and before a comma, a space or a number (孩子刘一诺，身份证…,
        我儿子王一鸣 13…): the person's fields typed in a row, the name first. The given name may hold 一, 多 or another
        numeral, as children's names do (一诺, 一然), judged by its other character (the name model's table above -1.5); the
        name makes no word, nor do the surname and its next character, and the given name is no common word (孩子周一，,
        孩子高一， stay)."""
        out = []
        for m in _KIN_FULL.finditer(text):
            a, r = m.span(1)
            k = m.start() + 1  # the end of the word for a child or a relative, whose last character the pattern found
            if not any(text[k - n:k] in _KIN_CHILD for n in _KIN_CHILD_LENGTHS if n <= k):
                continue
            sl = surname_length(text, a)
            if not sl or not 1 <= r - a - sl <= 2 or set(text[a + sl:r]) & _NOT_IN_NAMED:
                continue
            given = text[a + sl:r]
            named = [self.model.given.get(c, -8.0) for c in given if c not in _CHILD_NUMERALS]
            if self.freq(text[a:r]) >= 20 or self.freq(text[a:a + sl + 1]) >= 100 or self.freq(given) >= 500 \
                    or not named or sum(named) <= -1.5 or self._title_only(text, a + sl) \
                    or placeholder_name(text[a:r]) or text[a:r] in NEVER_NAMES or self._is_place_or_famous(text, a, r):
                continue
            out.append((a, r))
        return out

    def _letter_opening(self, text: str) -> list[tuple[int, int]]:
        """A name first in a line before 敬启, 谨启, 敬上, 谨上 … (严家栋敬启：各位领导…): a letter's heading or its
        signature, the writer's or the addressee's name. A surname and one or two characters of a given name (家 and 国
        too, as in 家栋), no word (高山敬上 stays), no title (王主任敬启: a surname and a title name nobody), no
        placeholder (王某敬上)."""
        out = []
        # (a literal is found 10× faster than a class of three: the lines holding one of the three, then the pattern)
        for m in finditer_on(_LETTER_CLOSE, text, lines_holding(text, "敬", "谨", "拜")):
            b = m.start()
            a = text.rfind("\n", 0, b) + 1
            while a < b and text[a] in " —-":
                a += 1
            if not 2 <= b - a <= 4 or not all(_han(c) for c in text[a:b]):
                continue  # (first in the line: only spaces or a dash before the name)
            sl = surname_length(text, a)
            if not sl or not 1 <= b - a - sl <= 2 or set(text[a + sl:b]) & _NEVER_IN_NAME_WORD:
                continue
            if self._no_name_here(text, a, sl, b):
                continue
            out.append((a, b))
        return out

    def _no_name_here(self, text: str, a: int, sl: int, b: int) -> bool:
        """``text[a:b]``, a surname of ``sl`` characters and a given name, names nobody here: a common word the
        dictionary does not tag as a name, a word for a person, a closing word (敬启), a placeholder, a surname and a
        title (王主任), a place or a figure."""
        word = text[a:b]
        return (self.freq(word) >= 20 and not self._tag_of(word).startswith("nr")) or word in ROLE_WORDS \
            or word in NEVER_NAMES or placeholder_name(word) or self._title_only(text, a + sl) \
            or self._is_place_or_famous(text, a, b)

    def _resident_says(self, text: str) -> list[tuple[int, int]]:
        """A full name after 的 and before what a person says (反映, 说, 投诉, 建议 …), where what stands before the 的 is
        where the person lives (住在向阳小区十二栋三单元五〇二的母红梅反映…, 家住3栋的…说): the resident of that door.
        The surname may be one no list holds (母, 员) when the two characters after it are given-name characters (the
        name model's table, as for _unlisted_full); a word for a person (住在3栋的高中生说), a title (…的王大妈说) and
        a word (…的江苏人说) stay."""
        out = []
        for m in finditer_on(_RESIDENT_SAYS, text, lines_holding(text, "住")):
            a, b = m.span(1)
            lo = text.rfind("\n", 0, a) + 1
            clause = max(lo, max(text.rfind(c, lo, a) for c in "，。！？,!?；;") + 1)
            if text.find("住", clause, a) < 0:
                continue  # (住在, 家住, 住的 …: no word of living there, no home; 小区的王红梅说 is left to the other rules)
            sl = surname_length(text, a)
            if not sl and b - a == 3 and text[a] not in NOT_IN_NAME and not self.freq(text[a:a + 2]) and not self.freq(text[a:b]) \
                    and all(self.model.given.get(c, -8.0) > 0 for c in text[a + 1:b]) \
                    and sum(self.model.given.get(c, -8.0) for c in text[a + 1:b]) > 2.0:
                sl = 1  # 母红梅: a surname no list holds, before two given-name characters
            if not sl or not 1 <= b - a - sl <= 2 or set(text[a + sl:b]) & _NOT_IN_NAMED:
                continue
            if text[b - 1] in PERSON_NOUN_END or sum(self.model.given.get(c, -8.0) for c in text[a + sl:b]) <= 0 \
                    or self._no_name_here(text, a, sl, b):
                continue
            out.append((a, b))
        return out

    def _word_name_framed(self, text: str) -> list[tuple[int, int]]:
        """A surname and one character that make an ordinary word (方圆, 夏天, 田野) where the frame marks a person:
        和/跟/同 … 一起 (今天和方圆一起去…), … 同学 after 的 or a clause's start and before what a student does or is
        said to do (我们楼的夏天同学考上大学了), or right after a word for a young person (小伙子, 小姑娘, 姑娘) and
        before what a person does (楼上的小伙子田野自己掏钱…). The word is a noun, a place, a time word (夏天同学) or a
        word the dictionary does not know, its second character one names use (the name model's table); a word for a
        person, a figure, a brand, a big place (江苏同学) and the plain words elsewhere (夏天太热, 田野里) stay."""
        out = []
        for frame, m in ((f, m) for f, pat in _WORD_NAME_FRAMES for m in pat.finditer(text)):
            a, b = (m.end(), m.end() + 2) if frame == "young" else (m.start() - 2, m.start())
            if a < 0 or (frame == "with" and (a < 1 or text[a - 1] not in "和跟同")):
                continue
            word = text[a:b]
            if surname_length(text, a) != 1 or not _han(word[1]) or word[1] in NOT_IN_NAME or word in BRANDS:
                continue  # (高二同学, 高三同学: a grade, no name)
            if frame == "with":
                # the one who goes with X is the writer or someone, or it is said when (我和…, 今天和…): 车声和冷风一起 stays
                # (a given-name character names use more than words, and no common word: 和黄金一起, 和申通一起 stay)
                ok = self._word_as_name(word, 0) and self.freq(word) < 1000 and (a == 1 or text[a - 2] in _CLAUSE_START
                                                         or _WITH_WHO.search(text, back(text, a - 1, 3), a - 1) is not None)
            elif frame == "classmate":
                ok = (a == 0 or text[a - 1] in _CLAUSE_START or text[a - 1] == "的") and self.freq(word + "同学") == 0 \
                    and (self._tag_of(word) == "t" or self._word_as_name(word, -1.6)) \
                    and self.model.given.get(word[1], -8.0) > -1.6 and word not in ROLE_WORDS and word not in FAMOUS \
                    and not (self._tag_of(word) == "ns" and self.freq(word) >= 1000)
            else:
                ok = self._word_as_name(word, 0)
            if ok and not PLACE_WORDS.match(text, b) and not self._is_place_or_famous(text, a, b):
                out.append((a, b))
        return out

    def _unlisted_surname(self, text: str) -> list[tuple[int, int]]:
        """A surname missing from every list (郄, 缑, 笮) after a verb that takes a person (找, 问问, 麻烦, 打给…): a rare
        character (fewer than 200 in jieba's counts), starting no word, and a given name of two characters commoner in
        names than in words (the name model's table), then the clause's end, a particle or what the person does
        (有事找缑建国, 找郄红梅拿钥匙)."""
        out = []
        for m in _PIVOT_UNLISTED.finditer(text):
            a = m.start(1)
            b = a + 3
            c = text[a]
            cantonese = c in _EVERYDAY_CANTONESE and all(self.model.given.get(g, -8.0) > 1.0 for g in text[a + 1:b]) \
                and (b == len(text) or text[b] in _CLAUSE_START)
            if not cantonese and (c in _SINGLE_SET or c in NOT_IN_NAME or text[a:a + 2] in _COMPOUND_SET or self.freq(c) >= 200):
                continue  # a listed surname: the rules and the model read it (找 区颂恩: a Cantonese surname that is an
                # everyday character, before two given-name characters standing as the clause)
            if self.freq(text[a:a + 2]) or self.freq(text[a:b]) or not all(self.model.given.get(g, -8.0) > 0 for g in text[a + 1:b]):
                continue
            if b < len(text) and text[b] not in AFTER_BARE and not self._verb_at(text, b):
                continue
            if text[a:b] in NEVER_NAMES or self._place_after(text, a, b):
                continue
            out.append((a, b))
        return out

    def _word_after_cue(self, text: str) -> list[tuple[int, int]]:
        """A surname and one character that make an ordinary word (海洋, 高原, 江山), right after a title, a relative or
        a role (网格员高山, 我老公海洋, 楼长金星) and right before what a person says or does by habit (说, 天天,
        反映, 不接电话, 的车): the word names the person the cue announces. Only a noun, a place or a word the
        dictionary does not know, whose second character is used in given names (the name model's table): 网格员高度负责,
        物业经理金额算错, 我妈白天都在, 我老公单位也不管 stay."""
        cue_end = patterns()["cue_end"]
        out = []
        for m in _DONE_BY_A_PERSON.finditer(text):
            b = m.start()
            a = b - 2
            if a < 1 or surname_length(text, a) != 1 or not ("\u4e00" <= text[a + 1] <= "\u9fff"):
                continue
            if not self._word_as_name(text[a:b], -1.6) or PLACE_WORDS.match(text, b):
                continue
            # (the cue, the dearest test, last)
            if self._ends_word(text, a) or not cue_end.search(text, back(text, a, _CUE_WINDOW), a):
                continue
            out.append((a, b))
        for m in _BUILDING_ROLE_WORD.finditer(text):
            a, b = m.span(1)  # 楼长高山，平时很负责: a building's or a village's role joined to the word, a clause ends
            if surname_length(text, a) == 1 and self._word_as_name(text[a:b], -1.6) and not PLACE_WORDS.match(text, b):
                out.append((a, b))
        return out

    def _word_as_name(self, word: str, floor: float) -> bool:
        """Whether an ordinary word of a surname and one character (海洋, 白云) may name a person where a cue says one
        stands: a noun, a place or a word the dictionary does not know, whose second character given names use (the
        name model's score above ``floor``), and no word for a person, no word that never names one, no public figure."""
        return self._tag_of(word) in _NOUN_TAGS and self.model.given.get(word[1], -8.0) > floor \
            and word not in ROLE_WORDS and word not in NEVER_NAMES and word not in FAMOUS

    def _word_signature(self, text: str) -> list[tuple[int, int]]:
        """A surname and one character that make an ordinary word (高山, 白云), standing alone at the end of an answer
        after the end of a sentence or a dash (…谢谢！白云, ——温馨): a signature. Only a noun, a place or a word the
        dictionary does not know, whose second character is used in given names; an adjective, a verb or a time word
        (…。安全, …！辛苦了, 夏天) and the words no name is (谢谢, 周末) stay."""
        out = []
        for m in _WORD_SIGNATURE.finditer(text):
            a, b = m.span(1)
            word = text[a:b]
            if surname_length(text, a) != 1 or not self._word_as_name(word, -1.6) or word in BRANDS \
                    or word[1] in PLACE_AFTER:
                continue  # (…。马路, ——公园: a word of place ends a sentence's topic, not a signature)
            out.append((a, b))
        return out

    def _self_described(self, text: str) -> list[tuple[int, int]]:
        """我是 and a description of oneself that ends in a word for a person or 的, then two characters ending the
        clause (我是三楼的方圆，…, 我是快递小哥金星, 我是…老住户高山): the writer's name, even an ordinary word, when
        it starts with a surname, is a noun or no dictionary word, and its second character is used in given names
        (the name model's table above 0). A word for a person (我是三楼的住户, 楼上的高中生) or a word whose second
        character names seldom use (附近的白领, 这里的常客) stays."""
        out = []
        for m in _SELF_INTRO.finditer(text):
            a, b = m.span(2)
            desc = m.group(1)
            word = text[a:b]
            if not (desc[-1] in PERSON_NOUN_END or desc[-1] in "的队" or any(desc[-k:] in ROLE_WORDS for k in _ROLE_LENGTHS)):
                continue
            if surname_length(text, a) != 1 or word[-1] in PERSON_NOUN_END or not self._word_as_name(word, 0) \
                    or word in BRANDS:
                continue
            out.append((a, b))
        return out

    def _named(self, text: str) -> list[tuple[int, int]]:
        """Names introduced as names (我叫文化, 孩子叫谭一诺, 真名就叫夏天, 叫我林风就行, 黄山（真名）): after such a cue the words up to the end of
        the clause are the name, even an ordinary word or a given name with 一 or 多 in it, when they start with a
        surname (any of the 百家姓) and are no title, role, figure, brand or place."""
        from .name_model import BAIJIAXING

        out = []
        found = [*_NAMED.finditer(text), *_CALL_ME.finditer(text)]
        for r in _NAME_REMARK.finditer(text):
            k = r.start()
            named = next((m for i in range(max(0, k - 4), k - 1) if (m := _REMARK_NAME.match(text, i))), None)
            if named is not None and (r.group()[-1] not in "）)" or self._self_remarked(text, *named.span(1))):
                found.append(named)
        for m in sorted(found, key=lambda m: m.start()):
            a, b = m.span(1)
            if m.re is _CALL_ME or m.re is _REMARK_NAME:
                pass  # 叫我…就行, …（真名）: the writer's own name
            elif text.startswith("叫个", m.start()):
                # …，叫个宁树林，: 叫个 and a name standing alone as a clause, after a clause start, its given name of
                # characters commoner in names than in words (the name model's table): 叫个车, 叫个代驾 stay
                if not (m.start() == 0 or text[m.start() - 1] in _CLAUSE_START) or self.freq(text[a:b]) > 0 \
                        or not all(self.model.given.get(c, -8.0) > 0 for c in text[a + (surname_length(text, a) or 1):b]) \
                        or not (b == len(text) or text[b] in _CLAUSE_START):
                    continue
            elif text[m.start()] == "叫" and not text.startswith("叫做", m.start()) \
                    and not _NAMED_LEFT.search(text, back(text, m.start(), 8), m.start()) \
                    and text.find("姓" + text[a], back(text, m.start(), 8), m.start()) < 0:
                continue  # 叫 alone: only after 我, a relative or a neighbour (我叫, 孩子叫, 邻居就叫), or after the
                # surname said (姓郝，叫郝建设: the name starts with it)
            if text[b:b + 1] == "的" and not (_SOMEONE_CALLED.search(text, back(text, m.start(), 4), m.start())
                                              and self._person_word_at(text, b + 1)):
                continue  # 叫X的 only after 有个, 一位 … and before a person (有个叫向阳的小伙子): 我叫车的时候,
                # 有个叫万达的商场 are no names
            sl = surname_length(text, a) or (1 if text[a] in BAIJIAXING else 0)
            name_word = _NAME_WORD.search(text, back(text, a, 6), a) is not None
            if not sl and name_word:
                sl = 1  # 名字叫, 真名就叫: a name whatever its first character (a surname missing from every list)
            if not sl and self._unlisted_full(text, a, b):
                sl = 1
            # (after 名字叫 a name of four characters that is no Chinese one, 佐藤健一, standing as its clause; 得 inside
            # a given name, 牛得水, not last: 叫李得了 is no name)
            longest = 3 if name_word and b - a == 4 and (b == len(text) or text[b] in _CLAUSE_START) else 2
            if not sl or not 1 <= b - a - sl <= longest or self._title_only(text, a + sl) or text[a:b] in ROLE_WORDS \
                    or set(text[a + sl:b - 1].replace("得", "") + text[b - 1]) & _NOT_IN_NAMED:
                continue  # 我叫车来接: a verb, no given name
                continue
            if text[a:b] in NEVER_NAMES or self._place_after(text, a, b) or any(text[a:k] in BRANDS for k in range(a + 2, b + 1)):
                continue
            if self.freq(text[a:m.start()]) >= 100 and self.freq(text[m.end():b]) >= 100:
                continue  # 今天·明天, 城市·生活: two words
            out.append((a, b))
        return out

    @staticmethod
    def _person_word_at(text: str, i: int) -> bool:
        """A word for a person starts at ``i`` (小伙子, 大姐, 老人, 邻居, 保安 …)."""
        if _PERSON_NOUN_AT.match(text, i):
            return True
        return any(text[i:i + n] in ROLE_WORDS for n in (2, 3, 4))

    def _between_person_words(self, text: str) -> list[tuple[int, int]]:
        """A surname and one or two characters between words that only fit a person on both sides: a cue, a verb that
        takes a person or a clause start before (房东, 邻居, 问过, 的), and after what only a person does or has
        (也不管, 老爷子, 家的, 扶我, ，她说). There even an ordinary word is a name (房东于宝山也不管, 邻居甘露扶我,
        问过安然，她说); a title, a role, a time word, a figure, a brand or a place stays."""
        from .name_model import BAIJIAXING, LEFT_PERSON

        out = []
        cue_end = patterns()["cue_end"]
        ends = [m.start() for m in _scan(_PERSON_ONLY_AFTER, text)]
        for m in _MOBILE_AFTER.finditer(text):
            r = m.start() - (text[m.start() - 1:m.start()] == " ")
            if r > 0 and not text[r - 1].isdigit():
                ends.append(r)
        for r in sorted(set(ends)):
            for n in (3, 2):
                a = r - n
                if a < 0 or not all("\u4e00" <= c <= "\u9fff" for c in text[a:r]):
                    continue
                sl = surname_length(text, a) or (1 if text[a] in BAIJIAXING else 0)
                if not sl or r - a - sl < 1:
                    continue
                left_ok = a == 0 or text[a - 1] in _CLAUSE_START or text[a - 1] == "的" \
                    or LEFT_PERSON.search(text, back(text, a, 4), a) or cue_end.search(text, back(text, a, _CUE_WINDOW), a) \
                    or _NEIGHBOUR_BEFORE.search(text, back(text, a, 4), a) or _INSIDE_PLACE.search(text, back(text, a, 4), a)
                if not left_ok or (a > 0 and text[a - 1] not in _CLAUSE_START and self.freq(text[back(text, a, 2):a + 1]) > 0):
                    continue  # 物业费啥也不管: the "surname" ends a word with what stands before it
                if a > 0 and text[a - 1] not in _CLAUSE_START and text[a - 1] != "的" and self._ends_word(text, a):
                    continue
                word = text[a:r]
                tag = self._tag_of(word)
                wf = self.freq(word)
                if not tag.startswith("nr") and ((n == 3 and wf >= 20) or (wf >= 100 and _SAID_AT.match(text, r)) or tag in _QUALITY_TAGS):
                    continue  # 居委会通知我, 黄金也说涨, 平安家的: a word, where the person reading is not forced
                if wf >= 20 and not tag.startswith("nr") and tag not in ("ns", "nz") \
                        and not cue_end.search(text, back(text, a, _CUE_WINDOW), a) \
                        and not (_NEIGHBOUR_BEFORE.search(text, back(text, a, 4), a) and _OWN_AT.match(text, r)) \
                        and (not _OWN_AT.match(text, r) or wf >= 1000 or (tag in ("n", "vn") and wf >= 50)):
                    continue  # 单位也不管, 商场帮我: a common noun; after a person cue (邻居甘露扶我) it is a name
                if word[-1] in "号码机话线" and text[r] in " 1":
                    continue  # 投诉单号 186…: a number's label before the number
                if n == 3 and word[-1] in PLACE_AFTER and self.freq(word[:2]) >= 20:
                    continue  # 高铁站，他说: a word and a place character
                if word in ROLE_WORDS or word in NEVER_NAMES or self._title_only(text, a + sl) or self._inside_known(text, a, r) \
                        or tag in FUNCTION_TAGS or tag == "t" or word[-1] in PERSON_NOUN_END or set(word[sl:]) & _NEVER_IN_NAME_WORD \
                        or PLACE_WORDS.match(text, r) or word in FAMOUS:
                    continue
                out.append((a, r))
                break
        return out

    def _elsewhere(self, text: str, found: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """The same name again in the same answer (我和邻居夏天…，真名就叫夏天): once a name is read as one, each other
        time it stands as a word of its own goes too (not inside a longer word: 文化 stays in 文化馆)."""
        out: list[tuple[int, int]] = []
        spans = _merged(found)
        starts = [s_ for s_, _ in spans]
        seen: set[tuple[str, int]] = set()
        for a, b in found:
            if b - a < 2:
                continue
            name = text[a:b]
            lo = text.rfind("\n", 0, a) + 1
            if (name, lo) in seen:
                continue
            seen.add((name, lo))
            hi = text.find("\n", b)
            hi = len(text) if hi < 0 else hi
            i = text.find(name, lo, hi)
            while i >= 0:
                j = i + len(name)
                k = bisect.bisect_right(starts, i) - 1
                if not (k >= 0 and spans[k][1] > i) and self._stands_alone(text, i, j):
                    out.append((i, j))
                i = text.find(name, j, hi)
        return out

    def _stands_alone(self, text: str, i: int, j: int) -> bool:
        """``text[i:j]`` is a word of its own there: it starts a clause or follows 的, 和, a verb that takes a person
        (找, 问问 …), and no word runs on after it, and no place word follows (文化馆 and 早高峰 stay)."""
        if i > 0 and text[i - 1] not in _CLAUSE_START and text[i - 1] not in "的和与跟同" \
                and not BARE_LEFT.search(text, back(text, i, 3), i):
            return False
        if j < len(text) and (self.freq(text[j - 1:j + 1]) >= 100 or self.freq(text[i:j + 1]) > 0):
            return False
        if self.freq(text[i:j]) >= 20 and not self._tag_of(text[i:j]).startswith("nr") and j < len(text) \
                and text[j] not in _CLAUSE_START and not PERSON_AFTER.match(text, j) and not RIGHT_PERSON_SHORT.match(text, j):
            return False  # 我叫文化…社区的文化活动: a word that is a name once is a word again before another word
        return not self._place_after(text, i, j)

    @staticmethod
    def _inside_known(text: str, a: int, b: int) -> bool:
        """The span starts inside a public figure or a brand written there (袁隆平爷爷 → 隆平爷爷, 王麻子): it is no one's
        name."""
        for k in range(max(0, a - 4), a + 1):
            for n in range(max(2, a - k + 1), 6):
                w = text[k:k + n]
                if k == a and k + n < b and name_like(text[k + n:b]):
                    continue  # 市民司马光明: the span goes on past the figure's name with given-name characters
                if famous_at(text, k, k + n) or w in BRANDS:
                    return True
        return False

    def never_name(self, text: str, a: int, sl: int, g: int) -> bool:
        """What the model may not take whatever its score: a surname and a title (王先生, 杨队长), a figure, a
        brand or a place (苏东坡, 张小泉, 张自忠路, 杨柳青古镇)."""
        b = a + sl + g
        if self._title_only(text, a + sl) or text[a:b] in NEVER_NAMES or any(famous_at(text, a, k) for k in range(a + 2, b + 3)):
            return True
        if any(famous_at(text, a + sl, k) for k in range(a + sl + 2, b + 3)):
            return True  # 向雷锋: a figure's name after a character that is also a surname
        if any(text[a:k] in BRANDS for k in range(a + 2, b + 3)):
            return True
        if text[b - 1] in PERSON_NOUN_END and self.freq(text[a:b]) >= 20 and not self._tag_of(text[a:b]).startswith("nr"):
            return True  # a word for people (房东, 业主, 司机): what follows is said of a person, but of no named one
        if self._tag_of(text[a:b]) in _THING_TAGS and self.freq(text[a:b]) >= 100:
            return True  # a common noun, verb or time word as a whole (游泳池, 黄金, 申请); 高山 (ns), 安然 (nr) may be names
        return self._place_after(text, a, b) or (text[b - 1] in PLACE_AFTER and self.freq(text[a:b]) > 0)

    def _find(self, text: str) -> list[tuple[int, int]]:
        p = patterns()
        out: list[tuple[int, int]] = []
        covered = _Covered(out)  # (a position inside a span of out: out only grows)
        # 1. before a title
        pos = 0
        title_at = _search_at(p["title_after"], text, _title_starts(text))
        while (m := title_at(pos)) is not None:
            a, b = m.span()
            head_end = next(k for k in range(a, b) if text[k:b] in _TITLE_SET)  # the longest title ending the match
            sl = surname_length(text, a)
            given = text[a + sl:head_end]
            title = text[head_end:b]
            ok = not (set(given) & NOT_IN_NAME and not self._last_given_before_title(given, title)) \
                and not (given and self.freq(text[a:head_end]) >= 1000 and not self._tagged_name_before_title(text, a, head_end, title))
            if ok and given and self.freq(text[a:a + sl + 1]) >= 100 and not self._tag_of(text[a:a + sl + 1]).startswith("nr") \
                    and not (len(given) == 1 and given in GIVEN and len(title) >= 2 and (a == 0 or text[a - 1] in "的" or text[a - 1] in _CLAUSE_START)):
                ok = False  # 房价比工资: the "surname" starts a word (社区的甘露医生: a word-like name of a surname and a
                # given-name character, standing alone before a title of two characters, names the person)
            if ok and len(title) == 1 and (self.freq(text[a + sl + len(given) - 1 if given else a:b]) >= 20
                                           or self.freq(text[head_end:b + 1]) >= 100):
                ok = False  # 施工, 比工资: a one-character title that is part of a word
            if ok and not given and self._ends_word(text, a) and text[a - 1] not in "老小":
                ok = False
            if ok and given and any(self.freq(text[a - k:a + 1]) >= 100 for k in (2, 3) if k <= a):
                ok = False  # 开发商陈总: the "surname" ends a longer word (开发商); 陈总 then names nobody
            if ok and given and self._ends_word(text, a) and text[a - 1] not in "老小":
                ok = False
            if ok and (text[a:head_end] in FAMOUS or given in FAMOUS):
                ok = False  # 向雷锋同志: a word before a figure's name, and the figure's title
            if ok and text[a:a + 2] in NEVER_NAMES:
                ok = False  # 谢谢刘阿姨: thanks, and a surname with a title
            if ok and not given and not _CONTACT_BEFORE.search(text, back(text, a, 8), a - (1 if text[a - 1:a] in "老小" else 0)):
                ok = False  # 王书记, 老张, 张师傅: a surname and a title name nobody; after 联系人： the respondent
            if ok:
                start = a - 1 if a > 0 and text[a - 1] in "老小" else a
                out.append((start, b))
                pos = b
            else:
                pos = a + 1
        # 2. after a cue (title, relative, label, self-introduction)
        for m in self._cue_matches(text):
            a = m.start(1)
            sl = surname_length(text, a)
            label = _LABEL.match(text, m.start())
            if label and label.end() > a:
                continue  # 居民代表：the "name" is the end of the label itself (代表)
            if self._title_only(text, a + sl) and not _LABEL.match(text, m.start()):
                continue  # 安全主任王先生: a surname and a title after a role still name nobody
            if a >= 2 and self.freq(text[a - 2:a + 1]) > 0:
                continue  # 物业费真贵: the "surname" ends a word with the cue (物业费)
            g = given_length(text, a + sl, m.end(1), self.freq)
            if g == 0:
                continue
            if sl == 1 and self.freq(text[a:a + 2]) >= 1000 and g == 1 and "\u4e00" <= text[a + 2:a + 3] <= "\u9fff" \
                    and not (_RELATIVE.match(text, m.start()) and self._tag_of(text[a:a + 2]) not in FUNCTION_TAGS):
                continue  # 我是王家的: a word, not a name (业主高兴（3栋）is one; after a relative, 我公公向前今年九十 too)
            relative_word = _RELATIVE.match(text, m.start()) and self._tag_of(text[a:a + sl + g]) not in FUNCTION_TAGS \
                and self.freq(text[a:a + sl + g]) >= 20
            if (_WEAK_CUE.match(text, m.start()) or text[a] in _EVERYDAY_SET) and not name_like(text[a + sl:a + sl + g]) \
                    and not _LABEL.match(text, m.start()) and not relative_word:
                continue  # 业主向物业反映: 物 is no given name
            if (sl == 1 and g == 2 and _WEAK_CUE.match(text, m.start()) and self.freq(text[a:a + 2]) >= 100
                    and not self._tag_of(text[a:a + 2]).startswith("nr")):
                continue  # 老人白天托管, 老人关爱: after a word for people, an ordinary word (after 主任, 黄金花 is a name)
            b = a + sl + g
            if self._is_place_or_famous(text, a, b):
                continue
            if b - a == 3 and self.freq(text[a:b]) >= 20 and self._tag_of(text[a:b]) in _THING_TAGS:
                continue  # 我妈高血压: a three-character word (a noun, a verb) after the cue, not a name
            if b - a == 2 and _KIN_AFTER_NAME.match(text, b) and self.freq(text[a:b]) >= 10 \
                    and not self._tag_of(text[a:b]).startswith("nr"):
                continue  # 我是单亲妈妈: a word that says what kind of parent, not a child's name (我是涵涵妈妈)
            out.append((a, b))
        for m in p["before_contact"].finditer(text):
            a = m.start(1)
            sl = surname_length(text, a)
            g = given_length(text, a + sl, m.end(1), self.freq)
            if self._title_only(text, a + sl) and not _CONTACT_BEFORE.search(text, back(text, a, 8), a):
                continue  # 广告：联系 陈先生 139…: a surname and a title before the line name nobody, unless a contact
                # label (联系人) says it is how the respondent signs
            if g and not self._ends_word(text, a) and self.freq(text[a:a + sl + g]) < 100 \
                    and not self._is_place_or_famous(text, a, a + sl + g):
                out.append((a, a + sl + g))
        # 2b. after a strong label any surname will do; names listed after one name go too
        for m in _scan(p["strong"], text):
            a = m.start(1)
            if a in covered:
                continue
            if not surname_length(text, a) and not re.search("[:：，, ]", text[m.start():a]):
                continue  # 签字难: without a colon after the label, only a listed surname starts a name
            sl = surname_length(text, a) or 1
            if text[a] in NOT_IN_NAME or (sl == 1 and self.freq(text[a:a + 2]) >= 100 and not surname_length(text, a)):
                continue  # 联系人一栏: a word, not a name
            if not surname_length(text, a) and self._person_word_at(text, a + 2):
                continue  # 受访人：独居老人, 联系人：退休职工: who the person is, not their name
            g = given_length(text, a + sl, m.end(1), self.freq)
            b = a + sl + g
            if text[a - 1] in "人者" and _FORM_ROLE_END.search(text, back(text, a, 4), a) \
                    and (self.freq(text[a - 1:a + 1]) >= 100
                         or not all(self.model.given.get(c, -8.0) > -1.0 for c in text[a + sl:b])):
                continue  # 登记人口, 报名人数, 推荐人才车: right after a form's word the verb may take 人… as its object
            if g and surname_length(text, a) and re.search("[:：]", text[m.start():a]) and (b == len(text) or _LIST_END.match(text, b)) \
                    and not self._inside_known(text, a, b):
                out.append((a, b))  # 联系人：高山, 反映人：江河: after a label and its colon, a word standing alone is the name
                continue
            # a famous name after a contact label and its separator is the respondent's own (联系人：唐僧): it goes
            if g and (not self._is_place_or_famous(text, a, b) or (text[a:b] in FAMOUS and (b == len(text) or _LIST_END.match(text, b)))):
                out.append((a, b))
        # 2b'. after any word for a person and a colon (游客：甘露, 家长：…, 联系人：柳如烟), an item that stands alone
        out += [span for span in self._after_person_label(text) if span[0] not in covered]
        # 2c. after a word for people and a colon (居民：盛家宝), a self-introduction (我是住三楼的邢淑芳)
        for key in ("colon", "self_intro"):
            for m in p[key].finditer(text):
                span = self._cued(text, m.start(1), m.end(1))
                if span is None and key == "colon":
                    span = self._alone_after_colon(text, m.start(1))
                if span:
                    out.append(span)
        # 2d. a person addressed with @ (@丁一凡 你说的…): no title, place or figure
        for m in p["mention"].finditer(text):
            a, e = m.span(1)
            sl = surname_length(text, a)
            if text[a:e] in ROLE_WORDS or self.freq(text[a:e]) >= 100 or self._is_place_or_famous(text, a, e) \
                    or self._title_only(text, a + sl) or set(text[a + sl:e]) & NOT_IN_NAME - set("一"):
                continue
            out.append((a, e))
        # 3. a signature at the end
        for m in _signature_matches(text):
            a = m.start(1)
            sl = surname_length(text, a)
            g = given_length(text, a + sl, m.end(1), self.freq)
            if m.group("who") is not None and not set(text[a + sl:m.end(1)]) & _NOT_IN_NAMED:
                g = m.end(1) - a - sl  # 东方一鸣 初二学生: the whole item before the description, numerals as in 一鸣
            b = a + sl + g
            before = text[back(text, a, 40):a]
            if before[-1:] in "栋幢室区号楼元 ":
                before = _UNIT_TAIL.sub("", before)  # ——6栋任静: the dash before the building
            signed = m.group()[:1] in "—-－~～" or m.group("who") is not None \
                or before.rstrip().endswith(("—", "-", "－", "~", "～")) \
                or before.rstrip("！!。，, ").endswith(("谢谢", "感谢"))
            if text[a] in _EVERYDAY_SET and self.freq(text[a:a + sl + 1]) >= 500:
                continue  # …，文明点, ——全体业主: a surname that is an everyday character, starting a common word
            if _LINE_STATE.fullmatch(text, a, m.end(1)):
                continue  # 电话 0591-8751 3320 占线, 手机 …关机了: what the line or number does, no signature
            if self._title_only(text, a + sl) and not _CONTACT_BEFORE.search(text, back(text, a, 8), a):
                continue  # 电话 139… 凌先生: a surname and a title sign as nobody, unless a contact label names them
            if not signed and _CONTACT_SIGNED.search(before) is not None:
                # after contact details: a signature unless the surname and the next character are a common word
                # (微信 …，文明点; 电话 …，时间太长)
                signed = self.freq(text[a:a + sl + 1]) < 500
            if g and not self._is_place_or_famous(text, a, b) and self.freq(text[a:b]) < (1000 if signed else 50) and (
                    signed or self._tagged(text, a, b, strict=False)):
                out.append((a, b))
        # 4. anywhere, when the tagger reads a person
        taken = {k for s_, e in out for k in range(s_, e)}
        for span in self._bare(text, taken):
            out.append(span)
            taken.update(range(*span))
        for m in _finditer_at(p["bare"], text, _bare_pattern_starts(text)):
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
            if span and not (span[1] - span[0] == 4 and sl == 1 and self.freq(text[span[0]:span[1]]) > 0):
                out.append(span)  # (not 今天乌云密布: a four-character word of the dictionary, an idiom, that jieba tags nr)
        # 4b. a compound surname with a doubled given name (东方圆圆, 诸葛亮亮, 西门飞飞): even one that is an everyday
        # word (东方, 西门) names a person so
        compound = _compound_starts(text)
        for m in _finditer_at(_COMPOUND_DOUBLED, text, compound):
            a, b = m.span()
            if a in taken or (a > 0 and "\u4e00" <= text[a - 1] <= "\u9fff" and self._ends_word(text, a)) \
                    or m.group(1) in NOT_IN_NAME or self._place_after(text, a, b):
                continue
            if text[a:a + 2] not in PLAIN_COMPOUND and (
                    self._tag_of(text[a + 2:b]) in ("d", "t", "m", "q", "z")
                    or not (b == len(text) or text[b] in _CLAUSE_START or text[b] in "和与跟及"
                            or PERSON_AFTER.match(text, b) or RIGHT_PERSON_SHORT.match(text, b))):
                continue  # 东方红红的天空, 东方天天升起: an everyday word (东方) and a doubled word, no person
            out.append((a, b))
        # 4c. an everyday compound surname (东方, 西门) with a given name, standing as a clause's subject before what a
        # person says (东方晓建议, 西门雪反映): a direction or a gate says nothing
        for m in _finditer_at(_EVERYDAY_COMPOUND_SAYS, text, compound):
            a, b = m.span(1)
            if a in taken or not (a == 0 or text[a - 1] in _CLAUSE_START) \
                    or not all(self.model.given.get(c, -8.0) > 0 and c not in NOT_IN_NAME for c in text[a + 2:b]) \
                    or (b - a == 4 and self.freq(text[a + 2:b]) >= 50) or self._is_place_or_famous(text, a, b):
                continue
            out.append((a, b))
        # 5. names listed after a name (欧阳丽娟、甘小兵; 房立新、房立强)
        for a0, b0 in sorted(out):
            b = b0
            while (m := p["next_in_list"].match(text, b)) is not None:
                a = m.start(1)
                sl = surname_length(text, a)
                if not sl or a in covered or self._title_only(text, a + sl):
                    break  # 王书记, 李师傅 in a list of names name nobody still
                g = given_length(text, a + sl, m.end(1), self.freq)
                whole = m.end(1) - a - sl
                if g < whole <= 2 and (m.end(1) == len(text) or _LIST_END.match(text, m.end(1))):
                    g = whole  # an item that stands alone between separators is the name whole (钱多多, 谭一诺)
                if not g or not self._listed_name(text, a, a + sl + g):
                    break
                out.append((a, a + sl + g))
                b = a + sl + g
            # and before it (李娜和王磊都说…): a surname and a given name right before 、 和 与 及 跟
            e = a0 - 1
            if e > 1 and text[e] in "、和与及跟,，/":
                for a in (e - 3, e - 2):
                    if a >= 0 and a not in covered and (a == 0 or text[a - 1] in _CLAUSE_START or not self._ends_word(text, a)):
                        sl = surname_length(text, a)
                        if sl and a + sl < e and not self._title_only(text, a + sl) and (name_like(text[a + sl:e]) or self._tag_of(text[a:e]).startswith("nr")) \
                                and self._listed_name(text, a, e):
                            out.append((a, e))
                            break
        return out

    def _after_person_label(self, text: str) -> list[tuple[int, int]]:
        """A name standing alone after a word for a person and a colon (游客：甘露, 家长：王芳, 联系人：柳如烟, 送水工：…):
        the label says a person follows, so the item up to the next separator is a name when it is a surname and one
        or two characters, even an ordinary word or characters rare in names. A role (联系人：物业, 家长：保安), a
        title (联系人：王经理 is taken by the title rule), a figure, a brand, a place and words that describe rather
        than name (家长：安全第一, 游客：方便) stay."""
        from .name_model import BAIJIAXING

        out = []
        for m in _COLON_ITEM.finditer(text):
            c = m.start()
            if c > 0 and text[c - 1] in "）)":  # a note between the label and its colon: 填表人（签字）：…
                c = max(text.rfind("（", back(text, c, 10), c), text.rfind("(", back(text, c, 10), c))
                if c < 0:
                    continue
            k = c  # the label: the run of Han characters before the colon
            while k > 0 and c - k < 12 and "\u4e00" <= text[k - 1] <= "\u9fff":
                k -= 1
            if c - k < 2:
                continue
            clause = (k == 0 or text[k - 1] in _LABEL_BEFORE or text[k - 1].isspace()) and c - k <= 6
            if not (person_label(text[k:c]) if clause else person_label(text[max(k, c - 6):c], listed_only=True)):
                continue  # (inside a longer run, 补充一下联系人：…, only a listed word for a person is a label)
            a, b = m.span(1)
            sl = surname_length(text, a) or (1 if text[a] in BAIJIAXING or self._unlisted_full(text, a, b) else 0)
            word = text[a:b]
            if not sl or not 1 <= b - a - sl <= 2 or word in ROLE_WORDS or word in NEVER_NAMES or placeholder_name(word) \
                    or self._title_only(text, a + sl) or set(word[sl:]) & _NEVER_IN_NAME_WORD:
                continue
            tag, wf = self._tag_of(word), self.freq(word)
            if not tag.startswith("nr") and tag not in ("ns", "nz") and (
                    (wf >= 20 and (tag in FUNCTION_TAGS or tag in ("t", "s", "f")))
                    or wf >= 500 or (word[-1] in PERSON_NOUN_END and wf >= 20)):
                continue  # 家长：方便, 游客：明天, 联系人：单位, 联系人：保密: a word that says what, not who (a place name
                # such as 江山, a rarer word such as 甘露 or 温婉 is how people are named)
            if word[-1] in _COMPLAINT_PREDICATE and not self._tag_of(word[:-1]).startswith("nr") \
                    and (len(word) == 2 or self.freq(word[:-1]) > 0):
                continue  # 乘客：车少, 家长：路远, 租户：房租贵: a thing and what is wrong with it, no one's name
            if self._place_after(text, a, b) or self._inside_known(text, a, b):
                continue  # (a word ending in 山 or 河 is a name here: the label says who, 志愿者：江山)
            if self.freq(text[a:m.start()]) >= 100 and self.freq(text[m.end():b]) >= 100:
                continue  # 今天·明天, 城市·生活: two words
            out.append((a, b))
        return out

    def _listed_name(self, text: str, a: int, b: int) -> bool:
        """A name in a list of names: not a place, figure or brand, and no common word unless the dictionary
        knows it as a person's name (李娜)."""
        if self._is_place_or_famous(text, a, b) or text[a:b] in NEVER_NAMES:
            return False
        return self.freq(text[a:b]) < 100 or self._tag_of(text[a:b]).startswith("nr")

    def _cue_matches(self, text: str):
        """Each surname (and one or two characters after it) right after a cue, as a match-like object.

        Every position is looked at, overlapping (主任黄金花: 任 is a surname too); numpy picks the surnames that
        follow a character that can end a cue, and the cue pattern runs on those only.
        """
        cue_end = patterns()["cue_end"]
        single, compound_first, cue_last, han = _char_tables()
        n = len(text)
        cp = _code_points(text)[:n]
        if n < 2:
            return
        is_han = han[cp]
        after_cue = np.zeros(n, bool)
        after_cue[1:] = cue_last[cp[:-1]]
        followed = np.zeros(n, bool)
        followed[:-1] = is_han[1:]
        for a in np.flatnonzero(after_cue & followed & (single[cp] | compound_first[cp])).tolist():
            if text[a:a + 2] in _COMPOUND_SET and a + 2 < n and is_han[a + 2]:
                end1 = a + 2
            elif single[cp[a]]:
                end1 = a + 1
            else:
                continue
            if not _cue_may_end(text, a):
                continue  # most candidates: no cue can end there (了，谢谢: 了 ends none), the pattern is not tried
            c = cue_end.search(text, back(text, a, _CUE_WINDOW), a)
            if c is None:
                continue
            end = end1 + 1
            if end < len(text) and "\u4e00" <= text[end] <= "\u9fff":
                end += 1
            yield _CueMatch(c.start(), a, end)

    def _full_name_inside(self, text: str, a: int) -> tuple[int, int] | None:
        """A surname and a two-character given name inside a clause (我家楼上宋建军养鸽子, 给了谭国华).

        Taken only when nothing reads as a word: the surname ends no word with the character before it,
        neither surname and first character nor the three together are in the dictionary, the given name
        is no common word, both its characters are common in names, and a verb, particle or punctuation
        follows.
        """
        sl = surname_length(text, a)
        b = a + sl + 2
        if not sl or b > len(text) or not name_like(text[a + sl:b]):  # cheapest test first: most candidates end here
            return None
        if b < len(text) and text[b] not in AFTER_BARE and self.freq(text[b:b + 2]) < 100:
            return None  # a verb or a particle follows, or a new word starts (宋建军养鸽子)
        if (self._ends_word(text, a) and not self._swallowed(text, a)) or self._title_only(text, a + sl):
            return None
        if self.freq(text[a:a + sl + 1]) >= 20 or self.freq(text[a:b]) or self.freq(text[a + sl:b]) >= 1000:
            return None
        if (b < len(text) and self.freq(text[b - 1:b + 1]) >= 500) or self._place_after(text, a, b) or text[a:b] in NEVER_NAMES:
            return None  # 的王小明天…: the last character starts a word with the next one
        return (a, b)

    def _unlisted_full(self, text: str, a: int, b: int) -> bool:
        """Three characters standing alone where a cue says a name stands (楼长：员秀英, 有个老太太叫员桂芳，): a surname
        missing from every list (员, 么) when the two after it are given-name characters (each commoner in names than in
        words, together well above: the name model's table) and no two of the three make a word, and the clause ends."""
        if b - a != 3 or not (b == len(text) or text[b] in _CLAUSE_START) or not all(_han(c) for c in text[a:b]):
            return False
        g1, g2 = (self.model.given.get(c, -8.0) for c in text[a + 1:b])
        return g1 > 0 and g2 > 0 and g1 + g2 > 2.0 and not self.freq(text[a:a + 2]) and not self.freq(text[a:b]) \
            and self.freq(text[a + 1:b]) < 500 and text[a] not in _NOT_FIRST_UNLISTED

    def _swallowed(self, text: str, a: int) -> bool:
        """The surname at ``a`` makes a word with the character before it only because that character ends a longer
        word (村委会计…: 会计 is a word, but 村委会 ends right before the surname and 村委会计 is none): the text reads as
        the longer word, then the name."""
        return any(self.freq(text[a - k:a]) >= 100 and not self.freq(text[a - k:a + 1]) for k in (3, 4) if k <= a)

    def _place_after(self, text: str, a: int, b: int) -> bool:
        """A place or a figure, judged by what follows only (靳长河 ends in 河 and is a name)."""
        # a figure's name, unless the candidate goes on past it with given-name characters (市民司马光明: someone else)
        if any(famous_at(text, a, k) for k in range(a + 2, b + 2) if not (k < b and name_like(text[k:b]))):
            return True
        return bool(PLACE_WORDS.match(text, b)) or (b < len(text) and text[b] in PLACE_AFTER)

    def _title_only(self, text: str, i: int) -> bool:
        """True when a title follows the surname directly (王书记, 张师傅): a surname and a title, no name."""
        m = _TITLE_AT.match(text, i)
        if m is None:
            return False
        if len(m.group()) > 1:
            return True
        nxt = text[m.end():m.end() + 1]
        if nxt == "家" and _HOUSEHOLD_NEXT.match(text, m.end()):
            return True  # 刘姐家的狗: a surname and a title, then the household
        return not (nxt and nxt in GIVEN_NAME_CHARS)  # 王伯涛: a given name that starts like a title

    def _cued(self, text: str, a: int, end: int) -> tuple[int, int] | None:
        """The name at ``a`` after a colon label or a self-introduction, if its given name looks like one."""
        sl = surname_length(text, a)
        if not sl or self._title_only(text, a + sl):
            return None
        g = 0
        while g < 2 and a + sl + g < end and name_like(text[a + sl + g]):
            g += 1
        if g == 2 and a + sl + 3 <= len(text) and self.freq(text[a + sl + 1:a + sl + 3]) >= 500:
            g = 1  # 我是住三楼的张伟电话…: the second character starts a word
        if not g or self._is_place_or_famous(text, a, a + sl + g):
            return None
        if self.freq(text[a:a + sl + g]) >= 100 and not self._tag_of(text[a:a + sl + g]).startswith("nr"):
            return None  # 我是小区的高中生: a word
        return (a, a + sl + g)

    def _alone_after_colon(self, text: str, a: int) -> tuple[int, int] | None:
        """After a word for people and a colon (联系：田守信, 户主：马春来), a surname and one or two characters that
        stand alone up to the end of the clause are the name, even with given-name characters that are rare in
        names: the colon and the clause's end leave nothing else they could be, unless they form a word."""
        sl = surname_length(text, a)
        if not sl or self._title_only(text, a + sl):
            return None
        b = a + sl
        while b < len(text) and b - a - sl < 2 and "\u4e00" <= text[b] <= "\u9fff" and text[b] not in _NEVER_IN_NAME_WORD:
            b += 1
        if b == a + sl or not (b == len(text) or text[b] in _CLAUSE_START):
            return None
        if self.freq(text[a:b]) >= 20 or self.freq(text[a:a + 2]) >= 20 or text[b - 1] in _COMPLAINT_PREDICATE \
                or self._is_place_or_famous(text, a, b) or text[a:b] in ROLE_WORDS or text[a:b] in NEVER_NAMES:
            return None  # 租户：房租贵: a word and what is wrong with it
        return (a, b)

    def _bare(self, text: str, taken: set[int]):
        """Names with no cue at all, at the start of a clause or after 问问, 找, 让 … (see :data:`BARE_LEFT`).

        A surname and a given name that is no word (冼美玲, 贺彪) goes when the characters of the given name are
        common in names and a verb, a particle or punctuation follows it. One that is also an ordinary word
        (高峰, 周到, 张扬) goes only when what follows reads as said of a person (高峰跟我…, 张扬那个人…): the
        same word in 早高峰, 挺周到的 or 别太张扬了 does not start a clause.
        """
        for a in self._bare_starts(text):
            if a in taken:
                continue
            if a > 0 and text[a - 1] not in _CLAUSE_START and not (text[a - 1] in _BARE_LEFT_LAST
                                                                    and BARE_LEFT.search(text, back(text, a, 3), a)):
                # (its first test, here for the most: after a single surname, a character common in given names)
                if text[a + 1] in GIVEN_NAME_CHARS or text[a:a + 2] in _COMPOUND_SET:
                    span = self._full_name_inside(text, a)
                    if span:
                        yield span
                continue
            sl = surname_length(text, a)
            if not sl or self._title_only(text, a + sl):
                continue
            word = text[a:a + sl + 1]
            wf = self.freq(word)
            b = a + sl + 2
            if 20 <= wf < 1000 and b <= len(text) and name_like(text[a + sl:b]) and (b == len(text) or text[b] in AFTER_BARE) \
                    and self.freq(text[a:b]) < 20 and self.freq(text[a + sl + 1:b + 1]) < 500 and not self._place_after(text, a, b):
                yield (a, b)  # 温雅琴就知道: a three-character name that starts like a word
                continue
            if wf >= 20:
                # an ordinary word (高峰, 周到): a name only when said of a person, and a word that can be a name (not a
                # verb, an adverb or a conjunction used everywhere: 应该是我填错了, 21,067 in the dictionary)
                b = a + sl + 1
                if self._tag_of(word) not in FUNCTION_TAGS and word[-1] not in PERSON_NOUN_END and PERSON_AFTER.match(text, b) \
                        and not (wf >= 10000 and self._tag_of(word)[:1] in ("v", "d", "c")) \
                        and word not in NEVER_NAMES and word not in ROLE_WORDS \
                        and not self._is_place_or_famous(text, a, b):
                    yield (a, b)
                continue
            g = given_length(text, a + sl, min(len(text), a + sl + 2), self.freq)
            if g == 2 and not name_like(text[a + sl + 1]):
                g = 1
            b = a + sl + g
            if not g or not name_like(text[a + sl:b]):
                continue
            if b < len(text) and text[b] not in AFTER_BARE and not (g == 2 and a > 0 and text[a - 1] not in _CLAUSE_START
                                                                     and (self._verb_at(text, b) or _CHANNEL_AT.match(text, b))):
                continue  # (找禚海东拿钥匙, 叫笪建军修水管: after a verb that takes a person, the person and what they do;
                # 联系邵建平手机…, 打给…电话: the person, then the line to reach them on)
            if self._place_after(text, a, b) or text[a:b] in NEVER_NAMES or self.freq(text[a:b]) >= 20:
                continue  # 杨柳青古镇, 华为: a place, a word or a brand
            if b < len(text) and self.freq(text[b - 1:b + 2]) >= 500:
                continue  # 车越来越多: the "given name" starts a word with what follows (越来越)
            yield (a, b)

    @staticmethod
    def _bare_starts(text: str) -> list[int]:
        """The starts of ``bare_any``'s matches that :meth:`_bare` can take, in order.

        Most matches stand inside a clause, after no verb for a person, with a given name whose two characters are
        not both common in names: there _bare yields nothing (its first test, then _full_name_inside's first), and
        numpy drops them before the loop. The matches are read from code-point tables as the pattern makes them
        (:func:`_bare_any_lengths`, :func:`_match_starts`)."""
        if not text:
            return []
        clause, left_last, given, compound_first = _bare_tables()
        cp = _code_points(text)  # (past the end: no character; a match ends before the text does)
        length = _bare_any_lengths(text, cp)
        at = np.flatnonzero(length[:len(text)])  # where a match could start, before overlaps are settled
        prev = cp[np.maximum(at - 1, 0)]
        keep = (at == 0) | clause[prev] | left_last[prev] | compound_first[cp[at]] | (given[cp[at + 1]] & given[cp[at + 2]])
        return _match_starts(at[keep], length).tolist()

    def _tag_of(self, word: str) -> str:
        return dict_tags().get(word, "")

    def _verb_at(self, text: str, i: int) -> bool:
        """A verb of the dictionary starts at ``i`` (拿, 修一下, 开门), one or two characters long."""
        return self._tag_of(text[i:i + 2]) == "v" or self._tag_of(text[i]) == "v"

    def _tagged(self, text: str, a: int, b: int, strict: bool):
        """(a, end) of the person jieba's tagger reads at ``a`` in a window around it, else None."""
        lo = max(0, a - 6)
        window = text[lo:min(len(text), b + 6)]
        # the tagger cuts each run of Chinese, letters and digits on its own (jieba.posseg's re_han_internal):
        # only the run holding ``a`` decides its tag, and the HMM is spared the others
        for run in _tagger_block().finditer(window):
            if run.start() <= a - lo < run.end():
                break
        else:
            return None  # ``a`` in no run: the tagger gives it a tag of its own (x, m), never a person's
        w = _token_at(run.group(), a - lo - run.start())
        if w is not None and w[1] in ("nr", "nrfg", "nrt") and 2 <= len(w[0]) <= 4 and w[0] not in FAMOUS:
            end = a + len(w[0])
            if self._is_place_or_famous(text, a, end) or set(w[0][surname_length(w[0], 0):]) & NOT_IN_NAME:
                return None
            if strict and len(w[0]) == 2 and self.freq(w[0]) >= 100:
                return None  # a known two-character word the tagger calls a name (谢谢)
            if strict and self.freq(w[0][:2]) >= 100 and not self._tag_of(w[0][:2]).startswith("nr"):
                return None  # 白天托…: it starts with an ordinary word
            return (a, end)
        return None


_RELATIVE = re.compile(RELATIVES)
#: A colon and an item standing alone up to the next separator (游客：甘露。, 联系人：柳如烟 微信…); the label before the
#: colon (a Han word of two to six characters at the start of a clause, or a listed word for a person ending a longer
#: run) is read back from it (found from the colon, a literal, so the regex engine skips ahead).
_COLON_ITEM = re.compile(r"[:：] ?([\u4e00-\u9fff]{2,4})(?=[\s，。！？,.!?；;、（(）)〔\[]|$)", re.M)
#: What may stand before such a label: a clause start.
_LABEL_BEFORE = frozenset("，。！？,.!?；;、（(）)】]")
#: What residents say is wrong with a thing, after it (车少, 路远, 房租贵, 楼道脏): a clause, not a given name.
_COMPLAINT_PREDICATE = frozenset("少多远近贵高低窄宽挤堵脏乱差坏难慢吵臭暗冷热险破旧烂偏缺")
#: Last characters of words for a person (游客, 家长, 负责人, 业主, 网友, 患者, 亲属).
_PERSON_LABEL_END = frozenset("人长员主客者生师工属友户民众官警医姐哥爷奶姨叔子")


def person_label(label: str, listed_only: bool = False) -> bool:
    """Whether ``label`` (the words before a colon) ends with a word for a person: a role, a relative or a cue
    (联系人, 游客, 家长, 送水工, 小区业主, 我爸), or, unless ``listed_only``, any two or more characters that end like
    one (登记人, 来访者)."""
    for k in range(len(label) - 1):
        tail = label[k:]
        if tail in ROLE_WORDS or _RELATIVE.fullmatch(tail) or _LABEL.fullmatch(tail):
            return True
    return not listed_only and len(label) >= 2 and label[-1] in _PERSON_LABEL_END
#: jieba's parts of speech of words that name things, acts or times, never a person (n, v, vn, t, m, q, f, s)
_THING_TAGS = frozenset(("n", "v", "vn", "t", "m", "q", "f", "s"))
_CUE_WINDOW = 20  # the longest cue, a separator and an English name
#: The last character of each cue (a superset: the characters before each | of the pattern).
_CUE_WORD_LAST = frozenset(p.rstrip(")")[-1:] for p in CUES_BEFORE.split("|"))
#: What may stand between a cue and the name in the cue pattern: the separators and an English name.
_CUE_GAP = frozenset("是为叫名:：，, ") | frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
#: Characters that can stand right before a name after a cue. Most surnames follow none of them, and the cue
#: pattern is not tried there.
_CUE_LAST = _CUE_WORD_LAST | _CUE_GAP


def _cue_may_end(text: str, a: int) -> bool:
    """Whether the cue pattern can match right before ``a``: walking back over what may stand between a cue and
    a name (:data:`_CUE_GAP`), a character that can end a cue is met inside the window. False means the
    pattern finds nothing there (a necessary condition; a test checks it against the pattern)."""
    lo = max(0, a - _CUE_WINDOW)
    k = a - 1 if a > lo and text[a - 1] == "\n" else a  # the pattern's $ matches before a last newline too
    while k > lo:
        ch = text[k - 1]
        if ch in _CUE_WORD_LAST and any(text[k - n:k] in _CUE_WORDS for n in _CUE_LENGTHS if k - n >= lo):
            return True  # (a cue ends there: one of its words, in the window)
        if ch not in _CUE_GAP:
            return False
        k -= 1
    return False


def _literal_words(pattern: str) -> frozenset[str]:
    """Every string an alternation of literal words matches (groups of alternatives side by side expanded: (?:我|俺)(?:爸
    |妈) → 我爸, 我妈, 俺爸, 俺妈); ValueError for anything else in it (a class, a repeat, a look-around)."""
    from re import _constants as c, _parser

    def seq(items) -> set[str]:
        out = {""}
        for op, av in items:
            if op is c.LITERAL:
                alts = {chr(av)}
            elif op is c.SUBPATTERN:
                alts = seq(av[3])
            elif op is c.BRANCH:
                alts = set().union(*(seq(alt) for alt in av[1]))
            elif op is c.IN and all(o is c.LITERAL for o, _ in av):  # (爸|妈|娘, as the parser folds it)
                alts = {chr(v) for _, v in av}
            else:
                raise ValueError(op)
            out = {x + y for x in out for y in alts}
        return out

    return frozenset(seq(_parser.parse(pattern)))


#: The cue words (CUES_BEFORE's strings) and their lengths: the pre-check of the cue pattern wants one to end.
_CUE_WORDS = _literal_words(CUES_BEFORE)
_CUE_LENGTHS = tuple(sorted({len(w) for w in _CUE_WORDS}))


def _compound_starts(text: str) -> np.ndarray:
    """Every position where a compound surname (COMPOUND_SURNAMES) stands, ascending: where the patterns led by one
    (_COMPOUND_DOUBLED, _EVERYDAY_COMPOUND_SAYS, _COMPOUND_NAME) can start a match, for :func:`_finditer_at`. Found
    from the text's code points, where the regex engine tries the alternation at every first character of one
    (东, 西, 上 …; most batches hold no compound surname at all)."""
    global _LAST_COMPOUND_STARTS
    last, at = _LAST_COMPOUND_STARTS
    if last is text:
        return at
    _single, compound_first, _cue_last, _han = _char_tables()
    cp = _code_points(text)
    at = np.flatnonzero(compound_first[cp[:len(text)]])
    at = at[np.isin((cp[at] << 16) | cp[at + 1], _compound_keys())]
    _LAST_COMPOUND_STARTS = (text, at)  # (the last text's, by identity, as its code points: three rules read them)
    return at


_LAST_COMPOUND_STARTS: tuple[str | None, np.ndarray | None] = (None, None)


@lru_cache(maxsize=1)
def _compound_keys() -> np.ndarray:
    """The compound surnames' two code points, as one key (first << 16 | second)."""
    return np.array(sorted((ord(c[0]) << 16) | ord(c[1]) for c in COMPOUND_SURNAMES), np.int64)


def _line_starts_with(text: str, pattern: re.Pattern) -> np.ndarray:
    """The starts of the lines where ``pattern``, a pattern of a line's start (^, re.M: every match starts a line), can
    match, ascending, for :func:`_finditer_at`: read from the code points by what each such pattern needs (see
    :func:`_line_opener_tables`), where the regex engine would try every character of the text."""
    first, then, offsets, anywhere = _line_opener_tables()[pattern.pattern]
    cp = _code_points(text)
    n = len(text)
    starts = np.r_[0, np.flatnonzero(cp[:n] == 10) + 1]
    if anywhere is not None:  # (a character of ``anywhere`` on the line)
        rows = np.unique(np.searchsorted(starts, np.flatnonzero(anywhere[cp[:n]]), side="right") - 1)
        return starts[rows]
    keep = first[cp[starts]]
    near = np.zeros(len(starts), bool)
    for k in offsets:
        near |= then[cp[np.minimum(starts + k, n)]]
    return starts[keep & near] if offsets else starts[keep]


@lru_cache(maxsize=1)
def _line_opener_tables() -> dict:
    """For :func:`_line_starts_with`: pattern → tables of its first character, of the one k on for some k of the
    offsets, or of any character on the line, and the offsets. What each line-start pattern needs: _LEAD_BEFORE_NUMBER
    two or three Han characters, then a comma or a space; _LATIN_OPENING a capital letter first; _OPENING_ADDRESS 你,
    您 or a colon on the line."""
    openers = {
        _LEAD_BEFORE_NUMBER.pattern: ("\u4e00-\u9fff", "，, ", (2, 3), None),
        _LATIN_OPENING.pattern: ("A-Z", "", (), None),
        _OPENING_ADDRESS.pattern: ("", "", (), "你您：:"),
    }

    def table(chars: str) -> np.ndarray:
        out = np.zeros(0x10000, bool)
        for c in re.findall(".-.|.", chars, re.S):
            out[ord(c[0]):ord(c[-1]) + 1] = True
        return out

    return {p: (table(first), table(then), offsets, None if anywhere is None else table(anywhere))
            for p, (first, then, offsets, anywhere) in openers.items()}


def _latin_finditer(pattern: re.Pattern, text: str):
    """``pattern.finditer(text)`` for a pattern every match of which holds a Latin letter and stays on its line (no part
    of it matches a newline; the look-arounds see a line's ends as newlines): looked for on the lines holding a Latin
    letter joined (an eighth of a batch), then matched again at the same starts in ``text``, where the callers read
    around them. A line's matches depend on the line alone, so the starts are finditer's."""
    lines = _latin_lines(text)
    if lines is None:
        return pattern.finditer(text)
    starts = [m.start() for m in pattern.finditer(lines.text)]
    return _finditer_at(pattern, text, np.asarray(starts, np.intp) + np.asarray(lines.shifts(starts), np.intp))


def _latin_lines(text: str):
    """The lines of ``text`` holding a Latin letter (clean.Lines), kept for the last text by identity as its code
    points are; None when that is every line."""
    global _LAST_LATIN_LINES
    last, lines = _LAST_LATIN_LINES
    if last is text:
        return lines
    cp = _code_points(text)
    lines = line_subset(text, np.flatnonzero(_latin_table()[cp[:len(text)]]))
    _LAST_LATIN_LINES = (text, lines)
    return lines


_LAST_LATIN_LINES: tuple = (None, None)


@lru_cache(maxsize=1)
def _latin_table() -> np.ndarray:
    table = np.zeros(0x10000, bool)
    table[ord("A"):ord("Z") + 1] = table[ord("a"):ord("z") + 1] = True
    return table


@lru_cache(maxsize=1)
def _char_tables():
    """Code point → is a single surname, starts a compound surname, can end a cue, is a Han character."""
    han = np.zeros(0x10000, bool)
    han[0x4E00:0xA000] = True
    return (*_code_tables(_SINGLE_SET, {c[0] for c in COMPOUND_SURNAMES}, _CUE_LAST), han)


def _code_tables(*char_sets) -> list[np.ndarray]:
    """Per set of characters, code point → in the set (of the code points up to U+FFFF, to which callers clip theirs:
    the sets hold no character beyond)."""
    tables = [np.zeros(0x10000, bool) for _ in char_sets]
    for table, chars in zip(tables, char_sets):
        for c in chars:
            if len(c) == 1 and ord(c) < 0x10000:
                table[ord(c)] = True
    return tables


#: What may stand right before a signature's name: the pattern's separators and the last characters of its buildings.
_SIGNATURE_BEFORE = frozenset("—-－~～!！。，,.、）)栋幢室区号楼元")


def _signature_matches(text: str):
    """The matches of the ``signature`` pattern, as ``finditer`` gives them, looked for at each line's end only.

    A match ends where the line does, after trailing punctuation and spaces (。.！! and whitespace), and its part before them
    (a separator or building, the name, a closing word) holds at most 17 characters: the pattern is tried on that
    tail of each line, with the line's end as its end, and only where the tail can hold a name (a surname two to
    four characters before the end, after a separator, a building or the line's start) or ends with a closing word.
    Same matches, same starts (a match never takes in more of the next line than blank lines, where none starts)."""
    pat = patterns()["signature"]
    n = len(text)
    if not n:
        return
    strip, first, before, suffix = _signature_tables()
    cp = _code_points(text)[:n]
    newline = np.flatnonzero(cp == 10)
    starts = np.r_[0, newline + 1]
    ends = np.r_[newline, n]
    # the end of each line's text before its trailing punctuation and spaces (its start when there is none): each
    # line's end stepped back over them, all lines at once (as many steps as the longest such run)
    stripped = strip[cp]
    tail = ends.copy()
    active = np.flatnonzero(tail > starts)
    while len(active):
        active = active[stripped[tail[active] - 1]]
        tail[active] -= 1
        active = active[tail[active] > starts[active]]
    ok = tail > starts
    ok[ok] = (cp[tail[ok] - 1] >= 0x4E00) & (cp[tail[ok] - 1] <= 0x9FFF)  # every match's part ends with a Han character
    cand = np.flatnonzero(ok)
    t, s0 = tail[cand], starts[cand]
    name = suffix[cp[t - 1]]
    for k in (2, 3, 4):
        a = t - k
        inside = a >= s0
        ac = np.where(inside, a, 0)
        pc = np.where(a - 1 >= s0, cp[np.maximum(ac - 1, 0)], 10)  # before the name: the line's start reads as a newline
        name |= inside & first[cp[ac]] & before[pc]
    for i in cand[name].tolist():
        m = pat.search(text, max(int(starts[i]) - 1, int(tail[i]) - 18, 0), int(ends[i]))
        if m is not None:
            yield m


@lru_cache(maxsize=1)
def _signature_tables():
    """Code point → ends a signature line (punctuation the pattern allows at the end, whitespace), may start a surname,
    may stand before a signature's name (a separator, whitespace, a newline), is the last character of a closing word."""
    space = {chr(i) for i in range(0x10000) if chr(i).isspace()}  # the pattern's \s
    # what may end a signature after the name (敬上, 留, 拜托了, 谨上, a self-description: 初二学生, 退休教师): its last characters
    words = re.findall(r"[\u4e00-\u9fff]+", _SELF_DESCRIBED.split("(?:", 1)[1])
    return tuple(_code_tables(space | set("。.！!"), _SINGLE_SET | {c[0] for c in COMPOUND_SURNAMES},
                              space | _SIGNATURE_BEFORE, set("上留了") | {w[-1] for w in words}))


def _bare_any_lengths(text: str, cp: np.ndarray) -> np.ndarray:
    """Per position of ``text`` (code points ``cp``, as :func:`_code_points` gives them), the length of the
    match ``bare_any`` (a surname and a Han character) would make starting there, 0 for none: 3 for a compound surname
    and a Han character (its alternatives come first), else 2 for a single surname and a Han character."""
    single, compound_first, _cue_last, han = _char_tables()
    n = len(text)
    length = np.zeros(n + 3, np.int8)
    length[:n][single[cp[:n]] & han[cp[1:n + 1]]] = 2
    at = np.flatnonzero(compound_first[cp[:n]] & han[cp[2:n + 2]])
    pair = (cp[at].astype(np.int64) << 16) | cp[at + 1]  # (clipped code points: no compound surname lies beyond)
    length[at[np.isin(pair, _compound_keys())]] = 3
    return length


@lru_cache(maxsize=1)
def _compound_keys() -> np.ndarray:
    return np.array(sorted((ord(c[0]) << 16) | ord(c[1]) for c in COMPOUND_SURNAMES), np.int64)


def _match_starts(at: np.ndarray, length: np.ndarray) -> np.ndarray:
    """Those of the positions ``at`` (each one a match could start at, ``length`` per position) where ``finditer``
    starts one: it skips a position that a match started before covers. Only a position right after a match's start
    (or two after a compound surname's) can be covered; for those the matches are followed from the nearest position
    no earlier match can reach."""
    covered = np.zeros(len(at), bool)
    maybe = ((at >= 1) & (length[np.maximum(at - 1, 0)] >= 2)) | ((at >= 2) & (length[np.maximum(at - 2, 0)] == 3))
    ln = length.tobytes()  # (int8 lengths as bytes: indexing gives ints, without a list of every position)
    for k in np.flatnonzero(maybe).tolist():
        a = int(at[k])
        q = a
        while (q >= 1 and ln[q - 1] >= 2) or (q >= 2 and ln[q - 2] == 3):
            q -= 1
        while q < a:
            q += ln[q] or 1
        covered[k] = q != a
    return at[~covered]


def _finditer_at(pattern: re.Pattern, text: str, starts: np.ndarray):
    """``pattern.finditer(text)`` for a pattern that matches no empty string, when ``starts`` (ascending) holds every
    position a match can start at: the pattern is tried at those only, each after the end of the last match, as
    finditer goes on from there. The same matches, where the regex engine would try every character that starts a
    word of the pattern's alternation, most of them common ones (多, 达, 阿 …)."""
    end = 0
    for i in starts.tolist():
        if i >= end and (m := pattern.match(text, i)) is not None:
            end = m.end()
            yield m


_LAST_CODE_POINTS: tuple[str | None, np.ndarray | None] = (None, None)


def _search_at(pattern: re.Pattern, text: str, starts: np.ndarray):
    """``pos → pattern.search(text, pos)`` for a pattern that matches no empty string, when ``starts`` (ascending)
    holds every position a match can start at: the pattern is tried at those at or after ``pos`` only, in order (the
    first that matches is where search, trying every position, finds its match)."""
    at = starts.tolist()

    def search(pos: int):
        for k in range(bisect.bisect_left(at, pos), len(at)):
            if (m := pattern.match(text, at[k])) is not None:
                return m
        return None

    return search


def _prefixes(pattern: re.Pattern) -> frozenset[str] | None:
    """The first two characters of every match of ``pattern`` (one, where the second may be any character or the
    match may end after the first), read from its parsed form; None when a match may start with any character or the
    pattern does not say simply (case-insensitive, a character beyond U+FFFF). Look-arounds and anchors read as
    nothing, so the set holds the start of every match and maybe more."""
    from re import _constants as c, _parser

    if pattern.flags & re.IGNORECASE:
        return None
    any_char = "\x00"  # (stands for any character: a class, a negated one, a category)

    def seq(items) -> set[str]:
        out = {""}
        for op, av in items:
            alts = item(op, av)
            out = {s if len(s) == 2 or s.endswith(any_char) else (s + t)[:2] for s in out for t in alts}
        return out

    def item(op, av) -> set[str]:
        if op is c.LITERAL:
            return {chr(av)}
        if op is c.IN:
            if all(o is c.LITERAL for o, v in av) and len(av) <= 64:
                return {chr(v) for o, v in av}
            return {any_char}
        if op in (c.ANY, c.NOT_LITERAL, c.CATEGORY):
            return {any_char}
        if op is c.SUBPATTERN:
            return seq(av[3])
        if op is c.BRANCH:
            return set().union(*(seq(alt) for alt in av[1]))
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            lo, hi, sub = av
            once, reps, out = seq(sub), {""}, set()
            for r in range(0, max(lo, min(hi, 2)) + 1):
                if r >= lo:
                    out |= reps
                reps = {s if len(s) == 2 or s.endswith(any_char) else (s + t)[:2] for s in reps for t in once}
            return out | (reps if hi > 2 else set())
        if op in (c.ASSERT, c.ASSERT_NOT, c.AT):
            return {""}
        raise ValueError(op)

    try:
        got = seq(_parser.parse(pattern.pattern, pattern.flags))
    except ValueError:
        return None
    got = {s.split(any_char)[0] for s in got}
    if "" in got or any(ord(ch) >= 0xFFFF for s in got for ch in s):
        return None
    return frozenset(got)


@lru_cache(maxsize=None)
def _prefix_tables(pattern: re.Pattern):
    """For :func:`_scan`: code point → starts a prefix of one character, starts any prefix; the two-character prefixes
    as sorted keys (first code point << 16 | second). None when the pattern has no prefixes to go by."""
    got = _prefixes(pattern)
    if got is None:
        return None
    one, first = np.zeros(0x10000, bool), np.zeros(0x10000, bool)
    for s in got:
        first[ord(s[0])] = True
        one[ord(s[0])] |= len(s) == 1
    keys = np.array(sorted({(ord(s[0]) << 16) | ord(s[1]) for s in got if len(s) == 2}) or [-1], np.int64)
    return one, first, keys


def _scan(pattern: re.Pattern, text: str):
    """``pattern.finditer(text)`` (a pattern that matches no empty string), tried only where the first one or two
    characters of a match (:func:`_prefixes`) stand, found from the text's code points: the same matches, where the
    regex engine tries each alternative of a long alternation at every character that starts one."""
    tables = _prefix_tables(pattern)
    if tables is None:
        return pattern.finditer(text)
    one, first, keys = tables
    cp = _code_points(text)
    at = np.flatnonzero(first[cp[:len(text)]])
    pair = (cp[at] << 16) | cp[at + 1]
    hit = keys[np.minimum(np.searchsorted(keys, pair), len(keys) - 1)] == pair
    return _finditer_at(pattern, text, at[one[cp[at]] | hit])


def _near(cp: np.ndarray, n: int, first: np.ndarray, then: np.ndarray, offsets: range) -> np.ndarray:
    """Positions ``a`` of a text of ``n`` characters (code points ``cp`` from :func:`_code_points`) where a character of
    ``first`` stands and one of ``then`` at ``a + k`` for some ``k`` of ``offsets`` (within the text)."""
    follow = np.r_[then[cp[:n]], np.zeros(max(offsets) + 1, bool)]
    near = np.zeros(n, bool)
    for k in offsets:
        near |= follow[k:k + n]
    return np.flatnonzero(first[cp[:n]] & near)


def _title_starts(text: str) -> np.ndarray:
    """Every position where ``title_after`` can start a match: a surname's first character with the first character
    of a title one to four characters on (after a surname of one or two characters and up to two more)."""
    surname_first, title_first, _given = _pattern_tables()
    return _near(_code_points(text), len(text), surname_first, title_first, range(1, 5))


def _bare_pattern_starts(text: str) -> np.ndarray:
    """Every position where ``bare`` can start a match: a surname's first character with a character of GIVEN one or
    two characters on (after a surname of one or two characters)."""
    surname_first, _title_first, given = _pattern_tables()
    return _near(_code_points(text), len(text), surname_first, given, range(1, 3))


@lru_cache(maxsize=1)
def _pattern_tables():
    """Code point → may start a surname (the first class of :func:`_surname_alt`), starts a title of TITLES_AFTER (the
    look-ahead of ``title_after``), is in GIVEN (``bare``'s second class)."""
    firsts = set(SINGLE_SURNAMES) | {c[0] for c in COMPOUND_SURNAMES}
    titles = _first_chars(TITLES_AFTER)
    assert titles is not None and all(ord(c) < 0x10000 for c in firsts | titles | GIVEN)  # (tables clip at U+FFFF)
    return tuple(_code_tables(firsts, titles, GIVEN))


def _code_points(text: str) -> np.ndarray:
    """The code points of ``text``, clipped to U+FFFF (tables hold a character beyond at U+FFFF), and two zeros after;
    read-only.

    As array indices (``intp``): numpy reads a table at indices of its own index type about 3× faster than at uint32
    ones, which it converts first (5.4 → 1.5 ms per table over a batch of 100,000 answers). The last text's are kept,
    by identity: the rules and the name model read the same batch a dozen times in one call of the finder."""
    global _LAST_CODE_POINTS
    last, cp = _LAST_CODE_POINTS
    if last is text:
        return cp
    cp = np.zeros(len(text) + 2, np.intp)
    np.minimum(np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32), 0xFFFF, out=cp[:len(text)])
    cp.flags.writeable = False
    _LAST_CODE_POINTS = (text, cp)
    return cp


def _forget_code_points() -> None:
    """Let go of the last text's code points (a batch's: 8 bytes a character)."""
    global _LAST_CODE_POINTS, _LAST_COMPOUND_STARTS, _LAST_LATIN_LINES
    _LAST_CODE_POINTS = _LAST_COMPOUND_STARTS = _LAST_LATIN_LINES = (None, None)


def _minority_candidates(text: str) -> np.ndarray:
    """Where ``_MINORITY_RUN`` can match: the first two characters of one of :data:`MINORITY_NAME_ELEMENTS`."""
    first, pairs = _minority_tables()
    cp = _code_points(text)
    at = np.flatnonzero(first[cp[:len(text)]])
    key = (cp[at].astype(np.int64) << 16) | cp[at + 1]
    hit = np.searchsorted(pairs, key)
    return at[pairs[np.minimum(hit, len(pairs) - 1)] == key]


@lru_cache(maxsize=1)
def _minority_tables() -> tuple[np.ndarray, np.ndarray]:
    """Code point → starts an element of a minority name; the elements' first two code points as sorted keys."""
    first = np.zeros(0x10000, bool)
    first[[min(ord(w[0]), 0xFFFF) for w in MINORITY_NAME_ELEMENTS]] = True
    pairs = sorted({(min(ord(w[0]), 0xFFFF) << 16) | min(ord(w[1]), 0xFFFF) for w in MINORITY_NAME_ELEMENTS})
    return first, np.array(pairs, np.int64)


@lru_cache(maxsize=1)
def _bare_tables():
    """Code point → starts a clause, ends a word of BARE_LEFT, is common in given names, starts a compound surname."""
    return tuple(_code_tables(_CLAUSE_START, _BARE_LEFT_LAST, GIVEN_NAME_CHARS, {c[0] for c in COMPOUND_SURNAMES}))


class _CueMatch:
    """The parts of a cue-and-name match that NameFinder reads (start of the cue, span of the name)."""

    __slots__ = ("_cue", "_a", "_b")

    def __init__(self, cue: int, a: int, b: int):
        self._cue, self._a, self._b = cue, a, b

    def start(self, group: int = 0) -> int:
        return self._a if group else self._cue

    def end(self, group: int = 0) -> int:
        return self._b
#: Words of place after a name-like word that make it a place (苗圃旁边, 高山脚下).
_LOCATION_AFTER = re.compile("旁边|附近|对面|门口|楼下|楼上|后面|前面|隔壁|里面|边上|脚下|一带|周边|那边|这边")
#: What only a person does or has, right after a name (也不管, 老爷子, 家的, 扶我, ，她说); see
#: NameFinder._between_person_words. _OWN_AFTER: what only a person has or does with the body (老爷子, 两口子, 家的,
#: 扶我); the rest an organisation may do too (单位也不管, 平台帮我退款), so there a common noun stays; _SAID_AFTER:
#: what a thing may be said to do as well (也说, ，他说), so there an everyday word stays. Each alternative starts with
#: a literal, which lets the regex engine skip ahead.
def _person_words(*forms: str) -> list[str]:
    """The forms with 了? and one of 我他她咱 after each verb of ``forms`` written out."""
    return [f"{v}了?[我他她咱]" for v in forms]


_OWN_AFTER = ["老爷子", "老太太", "老人家", "两口子", "他们家", "她们家", "家的(?!话)", "家里人", *_person_words("扶", "拉", "陪", "背", "抱"),
              # a household's members and pets (…家孩子天天哭, …家老人摔了)
              "家(?:孩子|小孩|老人|儿子|女儿|闺女|媳妇|老太太|老头|老爷子|的狗|狗|的猫|猫)"]
_SAID_AFTER = ["也说(?!不定|明)", "说过", "也这么说"] + [f"{c}{p}{v}" for c in "，," for p in "她他" for v in ("说", "讲", "告诉", "答应", "也说")]
_PERSON_ONLY_AFTER = re.compile("|".join(
    _OWN_AFTER + ["也不管(?!用)", "不管不问"] + [f"{a}{b}这个意见" for a in ("", "也", "都", "还") for b in "是有"]
    + _person_words("帮", "送", "喊", "救") + _SAID_AFTER
    # how someone serves (…态度很好)
    + ["态度(?:很|挺|特别|非常|太|真|一直)?(?:好|差|恶劣|不错|热情|冷淡|耐心)"]))
#: A mobile number, read as what follows a name when it stands right after one (联系我江山 139…); on its own, led by
#: its first digit (a literal the regex engine skips to).
_MOBILE_AFTER = re.compile(r"1[3-9]\d{9}(?!\d)")
_OWN_AT = re.compile("|".join(_OWN_AFTER))
#: Where a neighbour is named from (我们楼…家孩子, 隔壁…家的狗), and a request to be contacted (联系我…, 找我…).
_NEIGHBOUR_BEFORE = re.compile("(?:楼|单元|栋|隔壁|对门|对面|楼上|楼下|院里|村里|层|(?:联系|找|打给|问|叫)我)$")
#: Inside a place where neighbours live (小区里, 胡同里, 宿舍里, 俺们村): a person may be named next, as after 隔壁; unlike
#: _NEIGHBOUR_BEFORE it lets no common noun through (小区里高楼家的窗户).
_INSIDE_PLACE = re.compile("(?:(?:小区|楼|巷子?|胡同|大院|宿舍)里|(?:我们|俺们|咱们|咱|俺|本|同)村)$")
_SAID_AT = re.compile("|".join(_SAID_AFTER))
#: jieba's tags of adjectives and distinguishing words (平安, 高兴): such a word before 家的 is no name.
_QUALITY_TAGS = frozenset(("a", "ad", "an", "ag", "b", "z", "l", "i"))
#: Characters in no name that the list of a person's words would swallow (的, 了, 是 …).
_NEVER_IN_NAME_WORD = frozenset("的了是在有个们我你他她它这那就都也还又和与及啥么呢吗吧")
#: What is said of a person right after a name that is also a word (夏天说, 文化也觉得): the word is the name again.
RIGHT_PERSON_SHORT = re.compile("说|讲|也|都|就|还|又|和|跟|告诉|觉得|认为|反映|家|他|她|是")
#: What ends an item of a list of names: a separator, the clause's end, or the next building.
_LIST_END = re.compile(r"[、和及与,，/ 。！？!?；;（(）)\n]|\d{1,3}(?:栋|幢|号楼|单元|楼|室|号)")
#: Cues that introduce a name as a name; what follows, to the end of the clause, is the name (see NameFinder._named).
#: (found from the cue's last word, which starts with a literal, so the regex engine skips ahead; a bare 叫 needs
#: _NAMED_LEFT before it: 我叫, 孩子叫, 邻居就叫)
_NAMED = re.compile(r"(?:叫(?:做|个)?|名字[是叫]|真名就?[是叫]|真名(?=[\u4e00-\u9fff])|全名(?:就?[是叫])?|本名是?|大名是?)"
                    # a hedge before the name (全名好像是雷鸣, 真名应该叫…): the writer unsure, the name still after it
                    r"(?:好像|应该|大概|可能|似乎|估计|据说|听说)?(?:是|做|叫|[:：，, ]){0,2}"
                    r"([\u4e00-\u9fff]{2,4}?)(?=[，。！？,.!?；;、（(）) \n/]|$|也|说|今年|是|的)")
#: A verb that takes a person and the next three characters (找郄红梅, 问问缑建国): where a surname no list holds is read.
_PIVOT_UNLISTED = re.compile(r"(?:找|问问|问一下|叫|请|让|告诉|麻烦|联系|转告|打给|交给|通知|多亏|感谢|谢谢)[ ]?(?=([\u4e00-\u9fff])[\u4e00-\u9fff]{2})")
#: Cantonese surnames that are everyday characters missing from the surname lists (区 Au, 招 Chiu, 古 Koo): read
#: after a verb that takes a person, before a given name (NameFinder._unlisted_surname).
_EVERYDAY_CANTONESE = frozenset("区招古")
_EVERYDAY_COMPOUND_SAYS = re.compile("((?:" + "|".join(c for c in COMPOUND_SURNAMES if c not in PLAIN_COMPOUND)
                                     + ")[\u4e00-\u9fff]{1,2}?)(?=建议|反映|说|投诉|提议|认为|觉得)")
#: A name with a remark in brackets saying it is the writer's real name (黄山（这是真名）, 高原(本名)): the name ahead,
#: standing as a clause of its own.
#: (found from the bracket, which the regex engine skips to, then the name read back from it)
_NAME_REMARK = re.compile(r"[（(](?![^（()）]{0,3}[不非假])[^（()）]{0,4}(?:真名|本名|实名|真实姓名|大名)|[（(](?:本人|我本人|是我)[）)]")
_REMARK_NAME = re.compile(r"(?:(?<=[，。！？,.!?；;\s：:])|^)([\u4e00-\u9fff]{2,4})(?=[（(])", re.M)
#: 我是, a description of oneself in the same clause, and two characters ending the clause (我是三楼的方圆，).
_SELF_INTRO = re.compile(r"我是([^，。！？,.!?；;:：\s]{1,14}?)([\u4e00-\u9fff]{2})(?=[，。！？,.!?；;\s]|$)", re.M)
#: Two characters alone at the end of an answer, after the end of a sentence or a dash (…谢谢！白云, ——温馨).
_WORD_SIGNATURE = re.compile(r"(?:[。！!？?…]|—|－|-|~|～)[ ]*([\u4e00-\u9fff]{2})[。.！! ]*$", re.M)
#: A line to reach a person on, right after their name (联系…手机, 打给…电话, 加…微信): see NameFinder._bare.
_CHANNEL_AT = re.compile("手机|电话|座机|微信|[vV]信|号码|联系方式|〔电话〕|〔微信号〕|〔QQ号〕|QQ|qq")
#: What a person says or does by habit, after a name right after a cue (楼长金星说…, 我老公海洋天天加班, 同事高原的车).
_DONE_BY_A_PERSON = re.compile("说|讲|天天|每天|总是|经常|一直|告诉|觉得|认为|反映|不接|从来|的车|的孩子|的狗|家的")
#: A building's or a village's own role joined to two characters that end the clause (楼长高山，…, 村长黄河。): the
#: role announces the person it names (see NameFinder._word_after_cue).
_BUILDING_ROLE_WORD = re.compile(r"(?:楼长|楼栋长|栋长|单元长|组长|村长|网格员|网格长)([\u4e00-\u9fff]{2})(?=[，。！？,.!?；;、 ]|$)", re.M)
#: Tags of nouns, places and proper names (and none: a word the dictionary does not know).
_NOUN_TAGS = frozenset(("", "n", "ns", "nz", "nr", "nrfg", "nrt"))
#: How a writer says what to call them (叫我钱多多就行, 叫我林风就好): the name between, read like a name introduced as one.
_CALL_ME = re.compile(r"叫我(?:做|为)?([\u4e00-\u9fff]{2,4}?)(?=就行|就好|就可以|就成|好了|即可|吧[，,。！!～~ ]|吧$)", re.M)
#: Words for a person after 有个叫X的 (小伙子, 姑娘, 老头 …), besides the roles and relatives of ROLE_WORDS.
_PERSON_NOUN_AT = re.compile("(?:那个|这个|那位|这位)?(?:人|小伙|小?姑娘|[男女](?:的|人|孩|生|子|士)|小孩|孩子|老人|老头|老太|老爷子|年轻人|家伙|大姐|大哥|"
                             "小姐|小妹|小弟|大叔|大婶|大娘|阿姨|叔叔|爷爷|奶奶|小朋友|邻居|同学|业主|住户|租户|师傅)")
#: Someone introduced by what they are called (有个叫向阳的小伙子, 一位叫…的大姐): the name runs to the 的.
_SOMEONE_CALLED = re.compile(r"(?:有|一|那|这)一?[个位名]$")
_NAMED_LEFT = re.compile(r"(?:(?:有|一|那|这)一?[个位名](?:老太太|老太|老头|老人|大爷|大妈|阿姨|小姑娘|姑娘|小伙子?|小孩|孩子|男的|女的|人)?|我|名|孩子|儿子|女儿|闺女|孙子|孙女|外孙|外孙女|老婆|老公|爱人|媳妇|丈夫|妻子|爸爸|妈妈|父亲|母亲|"
                         r"爷爷|奶奶|外公|外婆|姥姥|姥爷|邻居|房东|朋友|同事|我姓[\u4e00-\u9fff]{1,2}[，, ]?"
                         # (a self-introduction's first clause before it: 俺是河南来的，叫牛得水)
                         r"|(?:我|俺)是[^，。！？,!?\n]{1,10}[，, ])(?:的名字)?就?$")
#: Characters of no given name even after 我叫 (numerals and 多 are in given names: 一鸣, 多多).
_NOT_IN_NAMED = NOT_IN_NAME - frozenset("一二三四五六七八九十百千万两多少")
#: The cues of _NAMED that say "name" in so many words: what follows needs no listed surname.
_NAME_WORD = re.compile(r"(?:名叫|名字是|名字叫|真名就?叫|真名是|全名(?:就?[是叫])?|本名是?)(?:是|做|[:：，, ]){0,2}$")
_CONTACT_BEFORE = re.compile(f"(?:{STRONG_LABELS})(?:是|为|[:：， ]){{0,2}}$")
_LABEL = re.compile(STRONG_LABELS)
_FORM_ROLE_END = re.compile(f"(?:{FORM_ROLES})$")
#: the last characters of BARE_LEFT's words: elsewhere the pattern is not tried
_BARE_LEFT_LAST = frozenset(w[-1] for w in BARE_LEFT.pattern[3:-2].split("|"))
#: A relative or a building's own role, then two characters: a lone given name (see NameFinder._kin_given).
# (found from the word's last character followed by two given-name characters, each a set test; the word itself is
# then looked up: an alternation of 190 words led by 我, 老, 大 … would be tried at a tenth of all positions)
_KIN_WORDS = frozenset(w for w in RELATIVES.split("(?:")[0].split("|") if w) \
    | frozenset(a + b for a in ("我", "俺", "他", "她", "我们", "俺们") for b in "爸妈娘爹哥姐弟妹叔舅姨姑伯嫂") \
    | frozenset(("楼长", "组长", "单元长", "栋长", "网格员"))
_KIN_LENGTHS = tuple(sorted({len(w) for w in _KIN_WORDS}))
_GIVEN_CLASS = "[" + "".join(sorted(GIVEN_NAME_CHARS)) + "]"
_KIN_GIVEN = re.compile("[" + "".join(sorted({w[-1] for w in _KIN_WORDS})) + f"](?=({_GIVEN_CLASS}{{2}}))")  # (a look-ahead: 女儿子X must not hide 儿子X)
#: 叫 or 名叫 and two given-name characters (see NameFinder._kin_called; the relative is looked for before 叫).
_KIN_CALLED = re.compile(f"(?:名叫|叫做|叫)({_GIVEN_CLASS}[\u4e00-\u9fff])")
#: 一 before a given-name character, a surname before it (see NameFinder._one_given).
_ONE_GIVEN = re.compile(f"一(?={_GIVEN_CLASS})")
#: A full name the post goes to (，牛春花收，) or whose household is meant (村里何秋萍家): see NameFinder._addressee.
_RECEIVER_AT = re.compile(r"收(?=[，,。！!；;\s]|$)", re.M)
_RECEIVER_BEFORE = frozenset("，,。：:；;\n \t")
_HOUSEHOLD_AT = re.compile(f"家(?<={_GIVEN_CLASS}{{2}}家)")  # (led by 家, the given name looked for behind it)
#: Characters kept out of names for their everyday use that still end given names (春来, 有才, 德全, 国元, 志向).
_LAST_GIVEN_DESPITE = frozenset("来才全元向")
_HOUSEHOLD_NEXT = re.compile("家(?:的|里|门口|孩子|老人|[开养装])")
#: Words for a parent or a relative after a child's name (联系…家长, 找…妈妈): see NameFinder._before_kin.
_KIN_AFTER_NAME = re.compile("家长|爸爸|妈妈|爷爷|奶奶|姥姥|姥爷|外公|外婆|父母|监护人")
#: A verb that takes a person, right before the name (see BARE_LEFT).
_BARE_LEFT_END = re.compile(BARE_LEFT.pattern)
#: 像 and a person held up as an example (像…这样的, 像…那样的): see NameFinder._like_this.
_LIKE_THIS = re.compile(r"像([\u4e00-\u9fff]{2,3}?)(?:这样|那样|一样)的?")
#: A word for a child or a relative, then a full name before a comma, a space or a number: NameFinder._kin_full_name.
_KIN_CHILD = _KIN_WORDS | {"孩子", "小孩", "宝宝", "娃"}
_KIN_CHILD_LENGTHS = tuple(sorted({len(w) for w in _KIN_CHILD}))
# (found from the kin word's last character, a class the regex engine skips to; the word itself is looked up after)
_KIN_FULL = re.compile("[" + "".join(sorted({w[-1] for w in _KIN_CHILD})) + "]"
                       + r"(?:叫|是|[:：] ?)?(?=[" + "".join(sorted(_SINGLE_SET | {c[0] for c in COMPOUND_SURNAMES})) + "])"
                       + r"([\u4e00-\u9fff]{2,3}?)(?=[，,、；; ]|$|\d|〔|身份证)", re.M)
#: Numerals and 多 in children's given names (一诺, 一然, 多多): judged by the given name's other character.
_CHILD_NUMERALS = frozenset("一二三四五六七八九十多")
#: A name first in a line before 敬启, 谨上 …: see NameFinder._letter_opening.
_LETTER_CLOSE = re.compile(r"(?:敬启|谨启|敬上|谨上|拜上|敬呈|谨呈)(?=[:：，,。！! ]|$)", re.M)
#: 的, a full name, what a resident says: see NameFinder._resident_says.
_RESIDENT_SAYS = re.compile(r"的([\u4e00-\u9fff]{2,3}?)(?=反映|说|讲|投诉|建议|表示|提出|提议|告诉|打电话)")
#: Who goes somewhere with someone, or when (我和…一起, 今天跟…一起): before 和/跟/同 in NameFinder._word_name_framed.
_WITH_WHO = re.compile("(?:我|我们|俺|俺们|咱|咱们|他|她|他们|她们|今天|昨天|前天|上周|上次|那天|早上|上午|下午|晚上|周末|经常|常常|还)$")
#: Frames that mark an ordinary word as a person's name: see NameFinder._word_name_framed.
# (each frame a pattern of its own led by literal words, which the regex engine skips to: one alternation of the three
# is tried at every position, five times slower; the word is the two characters before 一起 or 同学, or after the word
# for a young person)
_WORD_NAME_FRAMES = (
    ("with", re.compile("一起")),
    ("classmate", re.compile("同学(?=考上|考了|考进|考到|考得|说|讲|告诉|家|他|她|也|都|就|还|帮|的(?:妈妈|爸爸|家长))")),
    ("young", re.compile("(?:小伙子?|小姑娘|姑娘|小哥|小妹)(?=[\u4e00-\u9fff]{2}(?:自己|主动|亲自|帮|天天|每天|经常|一直|说|讲|告诉|反映))")))
#: A name first in a line, a comma, then a mobile or an 18-character ID: see NameFinder._lead_before_number.
_LEAD_BEFORE_NUMBER = re.compile(r"^([\u4e00-\u9fff]{2,3})[，, ] ?(?:1[3-9]\d{9}|\d{17}[\dXx])(?![\dA-Za-z])", re.M)
#: The writer saying who a person is to them (…是我表弟, …就是我邻居): see NameFinder._find_all.
#: Titles that address one person (see NameFinder._tagged_name_before_title).
_PERSON_TITLES = frozenset(("同志", "书记", "主任", "经理", "阿姨", "大姐", "大哥", "大爷", "大妈", "奶奶", "爷爷"))
#: Characters that start no name even where a cue says one stands (…叫他国良): 么 (yāo) is a surname too.
_NOT_FIRST_UNLISTED = _NEVER_IN_NAME_WORD - {"么"}
_MY_PERSON_AFTER = re.compile(f"(?:是|就是)(?:我|俺|咱)的?(?:{RELATIVES.split('(?:')[0].rstrip('|')}|邻居|同事|朋友|同学|室友|老乡|发小|闺蜜|对门|楼上|楼下)")
_HOUSEHOLD_PLACE = ("村里", "村", "楼上", "楼下", "楼", "隔壁", "对门", "对面")
#: Spaces a name may be typed with (尹 国 庆, 欧阳 娜娜, 房东祁 伟, 景 天说): see :func:`_name_gaps`.
_ONE_SPACE = re.compile(" (?! )")


def _han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _cue_left(text: str, s: int) -> bool:
    """True when a word for a person or a cue ends right before ``s`` (房东祁 伟, 老婆符 晶, 联系欧阳 明)."""
    return any(text[s - k:s] in ROLE_WORDS for k in _ROLE_LENGTHS if k <= s) or BARE_LEFT.search(text, back(text, s, 4), s) is not None


def _name_gaps(text: str, freq: Callable[[str], int]) -> list[int]:
    """Offsets of the spaces the name rules read through: text read as if they were not there.

    A name typed apart (尹 国 庆, 陈 志 强态度好, 房东祁 伟, 景 天说, 欧阳 明) is a surname, then one or two
    characters, with single spaces between them; whatever stands left or right of it is left to the name rules,
    which read the joined text with their usual cues and guards (景天说 is a name before 说, 房东祁伟 one after
    房东). A line written all apart, character by character (创 建 文 明 城 市, 我 叫 陈 志 强), is read joined
    whole, so that no piece of it is read in a context it does not have. Words apart (词语 之间 的 空格) keep their
    spaces unless a surname stands right before one and the rule above applies. ``freq`` is the dictionary's
    word frequency."""
    gaps: list[int] = []
    n = len(text)
    for i in (m.start() for m in _ONE_SPACE.finditer(text)):  # a literal the engine skips to (names have few)
        if i == 0 or i + 1 >= n or (gaps and i <= gaps[-1]) or not _han(text[i - 1]) or not _han(text[i + 1]):
            continue
        # a run written character by character: single characters apart by single spaces, four or more
        lo = i - 1
        while lo >= 2 and text[lo - 1] == " " and _han(text[lo - 2]) and not (lo >= 3 and _han(text[lo - 3])):
            lo -= 2
        single_left = lo == 0 or not _han(text[lo - 1])
        hi = i + 1
        while single_left and hi + 2 < n and (hi + 1 >= n or not _han(text[hi + 1])) and text[hi + 1] == " " \
                and _han(text[hi + 2]):
            hi += 2
        if single_left and (hi - lo) // 2 + 1 >= 4 and (hi + 1 >= n or not _han(text[hi + 1])):
            gaps += range(lo + 1, hi, 2)
            continue
        # a surname, one or two characters, the spaces between them
        if i >= 2 and text[i - 2:i] in _COMPOUND_SET:  # first: 司马 ends in 马, a surname too
            s = i - 2
        elif surname_length(text, i - 1) == 1:
            s = i - 1
        else:
            continue
        if s > 0 and _han(text[s - 1]) and i + 2 < n and _han(text[i + 2]) and not _cue_left(text, s) \
                and not (s >= 2 and freq(text[s - 2:s]) > 0):
            # 次仁央宗 城关区: two words apart, the first ending in a surname's character with neither a cue nor a word
            # before it (希望王 芳这样的: 希望 ends right before the surname, which starts a word)
            continue
        gaps.append(i)
        if i + 3 < n and text[i + 2] == " " and _han(text[i + 3]):
            gaps.append(i + 2)  # X Y Z (陈 志 强态度, 上官 晓 月)
    return gaps


#: A name transliterated from Uyghur, Kazakh, Tibetan … (阿依古丽·买买提): given name and father's name apart by a dot.
#: The middle dot of a transcribed name, as keyboards and fonts give it (·, •, the katakana ・, ‧, ∙, the half-width ･).
_DOT = re.compile("[·•・‧∙･]")
_DOT_LEFT = re.compile(r"[\u4e00-\u9fff]{2,6}$")
#: What may stand between two names' spans that are one transcribed name (马克 · 安德森, 穆罕默 德· 阿里·哈桑): its
#: middle dot, with one character of the first part the finders left out before it.
_DOT_GAP = re.compile("[\u4e00-\u9fff]?" + _DOT.pattern)


def _joined_at_dots(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` with two names apart by a transcribed name's middle dot only made one (马克·安德森: two finders read
    马克 and 安德森, and the dot between them named the person all the same)."""
    if len(spans) < 2 or _DOT.search(text) is None:
        return spans
    out = [spans[0]]
    for a, b in spans[1:]:
        if _DOT_GAP.fullmatch(text, out[-1][1], a) is not None:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out
_DOT_RIGHT = re.compile(r"[\u4e00-\u9fff]{2,6}")
#: One to three elements of a Tibetan, Mongolian or Uyghur name (longest element first), apart by nothing, a dot, a
#: space or a hyphen (扎西 多吉, 阿依古丽-买买提), with 江 after it (the elements as a tree of their prefixes, so the
#: regex engine tries each character once).
def alternation_tree(words) -> str:
    """An alternation of literal words written as a tree of their common prefixes (阿(?:布都拉|依(?:古丽)?…)|巴(?:…)),
    which matches what the flat alternation longest first does: the words that match at one place are prefixes of each
    other, and the longer is tried first. Python's regex engine tries each word of a flat alternation at every place it
    stands; the tree tries each character once."""
    tree: dict = {}
    for w in words:
        node = tree
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        if "" in node:  # a word ends here: the longer ones first, then none (a greedy ?)
            return "(?:" + "|".join(alts) + ")?"
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return "(?:" + emit(tree) + ")"


_MINORITY_ELEMENT = alternation_tree(MINORITY_NAME_ELEMENTS)
_MINORITY_RUN = re.compile(_MINORITY_ELEMENT + "(?:[·•・‧∙･ \\-－]?" + _MINORITY_ELEMENT + "){0,2}江?")
#: Kin words and honorifics after such a name (买买提大叔, 央金阿妈, 扎西啦 in Tibetan).
_MINORITY_KIN = "大叔|大婶|阿佳|阿妈|阿爸|阿哥|阿姐|阿爷|啦(?![啦\u4e00-\u9fff])"
#: A couple, a family or kin named together after a name (热依拉两口子, 古丽一家, 巴图夫妇, 卓玛母女): said of people only.
_KIN_TOGETHER = "两口子|老两口|小两口|夫妇|夫妻|一家|全家|母子|母女|父子|父女|兄弟|姐妹|姐弟|兄妹|俩"
#: What may follow such a name: the end of a clause or what is said of a person (…说, …家的, …反映, …老师).
#: What a person does or runs, after such a name (玉罕开的小卖部, 岩应晚上值班, …对老人好).
_MINORITY_DOES = "开的|晚上|白天|值班|上班|负责|对[老我大孩居住业]"
_MINORITY_RIGHT = re.compile(f"$|{_MINORITY_KIN}|{_KIN_TOGETHER}|{_MINORITY_DOES}|今年|去年|已经|刚|才|最近|[，。！？!?；;、,.：:（()）“”\"' \n〔]|(?:{TITLES_AFTER})|说|讲|家|反映|建议|提|希望|投诉|打电话|"
                             "也|都|就|还|又|和|跟|帮|在|是|让|把|被|给|的|很|挺|总|老是|人[很挺不真太特非还好]|他|她|天天|每天|经常|总是|一直|"
                             # what a person will not do (…不让我进门, …不接电话)
                             "不[让给接管理听]")
#: What is said only of a person, after a name of one element (巴图说, 卓玛家, 达瓦老师).
_MINORITY_SAID = re.compile(f"(?:{TITLES_AFTER})|{_MINORITY_KIN}|{_KIN_TOGETHER}|说|讲|家|反映|建议|投诉|跟我|和我|帮我|"
                            f"{_MINORITY_DOES}|"
                            # the person's people (达瓦的妈妈), their nationality in brackets (玉香（傣族）), another such
                            # name joined to it (多吉和卓嘎)
                            f"的?(?:妈妈|爸爸|家长|奶奶|爷爷|外婆|外公|姥姥|母亲|父亲)|[（(][\u4e00-\u9fff]{{1,3}}族|"
                            f"[和与跟、]{_MINORITY_ELEMENT}")
#: Yi clan names, which stand before a given name (阿苏拉则, 吉克阿依): see NameFinder._yi_given.
_YI_CLANS = frozenset(("吉克", "曲比", "沙马", "海来", "俄木", "吉木", "阿苏", "瓦扎", "勒格", "吉伍", "马海", "俄的"))
#: What may stand before it: the start of a clause, a self-introduction or a word for a person (邻居, 网格员, 我妈妈).
#: A naming word right before such a name (我叫, 他叫, 名叫): with the clause's end after it, one element names a person.
_NAMING_SELF = re.compile("(?:我|他|她|俺|名|就)叫(?:做)?[ ]?$")
_MINORITY_SELF = re.compile("(?:我叫|我是|名叫|叫做|叫|本人|我|楼下|楼上|隔壁|对门)$")
#: An ordinal and a road's word after a name-like word (季华五路, 中山二路, 建设三马路): the road's name, no person.
_ROAD_ORDINAL_AFTER = re.compile("[一二三四五六七八九十]{1,2}(?:马)?[路街道巷横]")
#: A time word, which may follow a name whose last character it would take into a word (蔡金水上个月, 李春生前天).
_TIME_AFTER = re.compile("(?:上|下|这|本|去|前|今|明|昨|后)(?:个?月|周|星期|礼拜|年|天|次|回)|[早晚]上|中午|[上下]午|最近|那天|当时|刚才")
#: A serial number after 第 (第012345号, 第 00123 号, 第三二一号): what a certificate or a document is numbered.
_SERIAL_AFTER = re.compile(r"[ ]?[\d〇零一二三四五六七八九]{3,}[ ]?号")
#: What a phone line or a number does, said after the number (占线, 关机, 停机, 空号, 没人接, 打不通, 一直忙音): the line's
#: state, which a signature after contact details would otherwise read as a name (占 and 关 are surnames).
_LINE_STATE = re.compile("(?:一直|总是|老是|经常|还是|又)?(?:占线|关机|停机|空号|停用|欠费|忙音|没人接|无人接听?|打不通|不通|接不通|"
                         "没信号|挂断|已注销|转接)(?:了|中|啊|呀|的)?")
#: Contact details right before a signature (V信 lujy_85 ，卢建业; 电话 …（宅）钟伟民): a label, the number or ID,
#: a short remark in brackets; the name after them signs the answer.
_CONTACT_SIGNED = re.compile(r"(?:电话|手机|座机|固话|微信|[vV]信|[vV][xX]|[wW][xX]|QQ|qq|[Tt]el|TEL|邮箱|联系方式)[号码是:： ]*"
                             r"[-_.@A-Za-z0-9 ]{5,30}(?:[（(][\u4e00-\u9fff]{1,3}[）)])? *[，,、 ]* *$")
#: What a writer signs after the name to say who they are (东方一鸣 初二学生, 贺敏 退休教师, 何露 3栋业主).
_SELF_DESCRIBED = (r"[\u4e00-\u9fff\d]{0,4}?(?:学生|居民|业主|住户|租户|老师|教师|党员|志愿者|家长|村民|市民|职工|"
                   r"退休工人|老人|宝妈|上班族)")
#: A building, unit or room before a signature (——6栋任静), read off before the dash is looked for.
_UNIT_TAIL = re.compile(r"(?:[ ]*(?:\d{1,3}|[A-Z])(?:栋|幢|号楼|单元|室|区|号))+[ ]*$")
_LIST_SEP = frozenset("、，,。；;和与及都也的店专门")
#: An estate's or a building's word right after a name-like word makes it the estate's name (桂芳苑, 春华小区, 建国大厦);
#: 园长, 苑里 and 城管 stay what they are.
_ESTATE_AFTER = re.compile("苑(?![长里内])|花园|小区|家园|公寓|大厦|新村|山庄|华府|华庭|名邸|嘉园|佳园|雅居|广场")
_CLAUSE_START = frozenset("，。！？!?；;、,.：:（(“”\"' \n…—")
_TITLE_AT = re.compile(f"(?:{TITLES_AFTER})")


#: Numerals and marks that make a surname a placeholder (张三, 李四, 王五, 张某某, 李XX): an example, no one's name.
_PLACEHOLDER_GIVEN = re.compile("[一二三四五六七八九十]|某{1,2}|[Xx×*＊○]{1,3}")


def _placeholder_at(text: str, a: int) -> bool:
    """A surname at ``a`` followed by 某 (王某, 欧阳某某): a placeholder, whatever follows it."""
    sl = surname_length(text, a)
    return sl > 0 and text[a + sl:a + sl + 1] == "某"


def placeholder_name(word: str) -> bool:
    """A placeholder name (张三, 李四, 王五, 赵六, 孙七, 张某某, 王XX): a surname and one numeral or masking marks, the
    way Chinese writes "so-and-so". It names nobody and stays, like the typed placeholders."""
    sl = surname_length(word, 0)
    return bool(sl) and _PLACEHOLDER_GIVEN.fullmatch(word, sl) is not None


def famous_at(text: str, a: int, k: int) -> bool:
    """A public figure's name is written at text[a:k], and no given-name character doubles its last one
    (诸葛亮 is the statesman; 诸葛亮亮, a doubled given name, is somebody else)."""
    return text[a:k] in FAMOUS and not (k < len(text) and text[k] == text[k - 1])


def name_like(given: str) -> bool:
    """Every character of ``given`` is common in given names (:data:`GIVEN_NAME_CHARS`)."""
    return bool(given) and all(c in GIVEN_NAME_CHARS for c in given)


def _merged(spans: list[tuple[int, int]], touching: bool = True) -> list[tuple[int, int]]:
    """Sorted, disjoint spans covering the same characters; spans that only touch are joined too unless ``touching``
    is False (张伟李娜: two names side by side stay two)."""
    out: list[list[int]] = []
    for a, b in sorted(spans):
        if out and (a <= out[-1][1] if touching else a < out[-1][1]):
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


class _Covered:
    """``i in covered``: whether ``s <= i < e`` for a span (s, e) of a list that only grows (appended to, never
    changed). The characters of the spans added since the last test go into a set first: over a batch, where the list
    holds thousands of names, a test reads a set instead of every span."""

    __slots__ = ("_spans", "_seen", "_chars")

    def __init__(self, spans: list[tuple[int, int]]):
        self._spans, self._seen, self._chars = spans, 0, set()

    def __contains__(self, i: int) -> bool:
        spans = self._spans
        for s, e in spans[self._seen:]:
            self._chars.update(range(s, e))
        self._seen = len(spans)
        return i in self._chars


@lru_cache(maxsize=1)
def _posseg():
    import jieba.posseg as pseg

    from .segment import jieba_tokenizer
    from .tagger import pos_tokenizer_class

    # jieba's own dictionary alone: the domain words the segmenter adds would change the person tags
    tk = jieba_tokenizer()
    base = pseg.dt
    cls = pos_tokenizer_class()  # jieba's tagger, its HMM step in numpy (same tags)
    if base.tokenizer.dictionary == tk.dictionary and not base.tokenizer.user_word_tag_tab:
        # the table of parts of speech jieba.posseg read from the same dict.txt when it was imported: not read twice
        tagger = cls.__new__(cls)
        tagger.tokenizer, tagger.word_tag_tab = tk, dict(base.word_tag_tab)
        return tagger
    return cls(tk)


@lru_cache(maxsize=1)
def _tagger_block() -> re.Pattern:
    import jieba.posseg as pseg

    return pseg.re_han_internal


def posseg_cut(text: str) -> list[tuple[str, str]]:
    return [(w.word, w.flag) for w in _posseg().lcut(text, HMM=True)]


def _token_at(run: str, i: int) -> tuple[str, str] | None:
    """The token (word, tag) that :func:`posseg_cut` gives for one run of the tagger starting at ``run[i]``, or None
    when no token starts there; the same token, without cutting the whole run.

    jieba's tagger takes the route of the run's dictionary words (:func:`_pieces_of_run`); a word of two characters
    or more on it is tagged from the dictionary, and a stretch of single characters goes whole to the HMM only when
    it is no word itself: the HMM, the costly part, runs on the stretch holding ``i`` alone."""
    pieces = _pieces_of_run(run)
    k = bisect.bisect_right(pieces, (i, 1 << 30)) - 1
    s, e, word = pieces[k]
    tags = _posseg().word_tag_tab
    if word:
        return (run[s:e], tags.get(run[s:e], "x")) if i == s else None
    if e - s == 1 or _posseg().tokenizer.FREQ.get(run[s:e]):  # each character a token of its own
        return (run[i], tags.get(run[i], "x"))
    for w in _hmm_tokens(run[s:e]):
        if s == i:
            return w
        s += len(w[0])
        if s > i:
            return None
    return None


@lru_cache(maxsize=1 << 14)
def _pieces_of_run(run: str) -> tuple[tuple[int, int, bool], ...]:
    """jieba.posseg's route through one run (HMM on), as (start, end, word) pieces: a dictionary word of two characters
    or more (word True), or a stretch of single characters between them (word False), which the tagger leaves as
    single characters when it is one character or a dictionary word, and else hands to its HMM. Remembered: the
    route depends on the run alone (the tagger's dictionary never changes), and the candidates of one clause, or one
    clause written again, share it."""
    tagger = _posseg()
    tagger.makesure_userdict_loaded()  # as jieba.posseg does before every cut
    route = _route(tagger.tokenizer, run)
    out, x, buf, n = [], 0, 0, len(run)
    while x < n:
        y = route[x] + 1
        if y - x > 1:
            if buf < x:
                out.append((buf, x, False))
            out.append((x, y, True))
            buf = y
        x = y
    if buf < n:
        out.append((buf, n, False))
    return tuple(out)


def _route(tk, run: str) -> list[int]:
    """For each position of ``run``, the last position of the word jieba's route (``get_DAG`` and ``calc``, HMM aside)
    takes from there: the same words in the same order, the same sums (log f − log total plus the score after the word)
    and the same tie rule (the later end), in one backward pass without the DAG's dict and the generator."""
    tk.check_initialized()
    get, logtotal = tk.FREQ.get, log(tk.total)
    alone = log(1) - logtotal  # (a character that starts no word: jieba's log(freq or 1) of it)
    n = len(run)
    score: list[float] = [0.0] * (n + 1)
    route = [0] * n
    for k in range(n - 1, -1, -1):
        best, at, i, frag = None, k, k, run[k]
        while i < n:
            f = get(frag)
            if f is None:
                break
            if f:
                sc = log(f) - logtotal + score[i + 1]
                if best is None or sc >= best:  # (max of (score, end) over the ends in order)
                    best, at = sc, i
            i += 1
            frag = run[k:i + 1]
        score[k], route[k] = (alone + score[k + 1], k) if best is None else (best, at)
    return route


@lru_cache(maxsize=1 << 12)
def _hmm_tokens(stretch: str) -> tuple[tuple[str, str], ...]:
    """jieba.posseg's tokens of a stretch of single characters that is no dictionary word (its HMM step)."""
    return tuple((w.word, w.flag) for w in _posseg()._POSTokenizer__cut_detail(stretch))


@lru_cache(maxsize=1)
def dict_tags() -> dict[str, str]:
    """Word → part of speech in jieba's dictionary."""
    tk = _posseg()
    tk.tokenizer.check_initialized()
    return tk.word_tag_tab if hasattr(tk, "word_tag_tab") else {}


#: Surnames as written in pinyin (Hanyu Pinyin, with the common compound ones and the older spellings of
#: passports and Hong Kong: Lv/Lyu/Lu for 吕).
PINYIN_SURNAMES = frozenset((
    "wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin luo gao zheng liang xie song tang han "
    "feng deng cao peng zeng xiao tian dong pan yuan cai jiang yu du ye cheng wei su lv lyu lu ding ren shen yao cui "
    "zhong tan fan jin shi liao jia xia fu fang bai zou meng xiong qin qiu yin xue yan duan lei hou long tao hao mao "
    "gong shao wan qian dai mo kong yi chang qiao lai pang hong zhai an ni niu wen ji ge ou qi ling bao nie xing yue "
    "kang gu mu ke zhan sheng geng guan qu mi tong shu rao ning zhuang ai bi chu di gan hua jing lan miao nan qiu rong "
    "sang tu xin yun zhen zuo ouyang situ zhuge shangguan sima dongfang murong huangfu linghu "
    "chan chow cheung wong lee lam ng tsang chiu kwok leung ho"
).split())
# an initial and a final, or a final that stands alone (an, ou, er); ü written v
_SYLLABLE = (r"(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])"
             r"(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|van|ai|ei|ao|ou|an|en|er|in|un|vn|ia|ie|iu|ua|uo|ui|"
             r"ue|ve|a|o|e|i|u|v)|ang|ai|an|ao|a|ou|o|eng|ei|en|er|e)")
_GIVEN_PINYIN = re.compile(rf"(?:{_SYLLABLE}){{1,3}}", re.I)
_ONE_SYLLABLE = re.compile(_SYLLABLE, re.I)
#: A capitalised pinyin surname and given name (Zhang Wei, LI Xiaoyu, Wang Jian-guo); checked syllable by syllable.
# (found from each Latin word's first letter, which lets the regex engine skip ahead over Chinese text)
_LATIN_WORD = re.compile(r"[A-Za-z](?<![A-Za-z][A-Za-z])")
_PINYIN_NAME = re.compile(r"([A-Z][a-z]{0,7}|[A-Z]{2,8})[ ]([A-Z][a-z]{1,11}|[A-Z]{2,12})"
                          r"(?:[- ]([A-Z]?[a-z]{1,6}))?(?![A-Za-z])")
#: After a name cue the pinyin may be written in lower case (my name is zhang wei, 联系人：wang fang).
_PINYIN_CUED = re.compile(r"([A-Za-z]{1,8})[ ]([A-Za-z]{1,12})(?![A-Za-z])")
_PINYIN_CUE = re.compile(r"(?:[Mm]y name is|[Nn]ame[:：]|I am|I'm|[Cc]ontact[:：]?|我叫|名叫|名字是|名字叫|联系人[:：]?|姓名[:：]?|"
                         # the same cues typed in pinyin, and a contact cue with me (wo jiao liu yang, 联系我：Zhang Wei)
                         r"(?<![A-Za-z])(?:[Ww]o|WO) ?(?:jiao|JIAO|shi|SHI|de ming ?zi (?:shi|jiao))|(?<![A-Za-z])[Ll]ian ?xi ?ren[:：]?|"
                         r"联系我[:：]?|[Cc]all ?我[:：]?|"
                         # English words for a person before a name (my neighbour Zhou Jie, Ms. Chen Yu)
                         r"(?<![A-Za-z])(?:[Nn]eighbou?r|[Cc]olleague|[Ff]riend|[Ss]on|[Dd]aughter|[Ww]ife|[Hh]usband|[Mm]other|"
                         r"[Mm]om|[Mm]um|[Ff]ather|[Dd]ad|[Ll]andlord|[Tt]enant|[Mm]anager|[Tt]eacher|[Rr]esident|[Oo]wner|"
                         r"[Pp]arent|[Cc]lassmate|[Rr]oom-?mate|[Cc]o-?worker|[Vv]isitor|[Tt]ourist|[Pp]assenger|[Cc]ustomer|[Vv]olunteer|"
                         r"[Aa]pplicant|[Cc]omplainant|[Ss]igned|[Ss]ignature|[Gg]uardian|[Gg]randma|[Gg]randpa|[Uu]ncle|[Aa]unt|"
                         r"[Bb]rother|[Ss]ister|Mr|Mrs|Ms|Miss|Dr|Madam)\.?[:：,，]?) ?$")
#: What follows a pinyin pair that makes it a place, not a person (Zhong Shan Road, Chang An Jie).
_PINYIN_PLACE = re.compile(r" ?(?:Road|Rd|Street|St|Avenue|Ave|Lu|Jie|Dajie|Dadao|Xiang|District|Qu|Xian|Shi|Cun|Park|"
                           r"Garden|Gardens|Community|Xiaoqu|Building|Plaza|Square|Bridge|Station|Lake|Hu|Shan|Mountain|"
                           r"River|He|Jiang|Village|Town|Zhen|Hospital|School|University|Mall|Center|Centre|Area|Metro|"
                           r"Subway|Market|Temple|Tower|Hotel|Restaurant|Shop|Store|Cafe|Food|Style|Festival)(?![a-z])", re.I)
#: An English word for a place or a building closing a run of capitalised words (Sunshine Garden, Maple Court, Jinxiu
#: Apartment): the run names a place, not a person (pinyin words such as Lu, He, Shi are surnames too and are not here).
_ENGLISH_PLACE_LAST = re.compile(r" (?:Road|Street|Avenue|Garden|Gardens|Court|Plaza|Square|Tower|Towers|Building|Mansion|"
                                 r"Apartment|Apartments|Residence|Residences|Villa|Villas|Estate|Community|Center|Centre|Heights|"
                                 r"Terrace|Place|Lane|Village|Town|Bay|Palace|City|Mall|Hotel|School|Hospital)$")
#: Last characters of a word for a plant (树林, 玉兰, 桂花, 松树, 竹子 is not: 子), verbs of planting or cutting before it
#: and what is done to plants after it (see NameFinder._plant_word).
_PLANT_LAST = frozenset("林兰树花草竹松柏梅桃菊藤莲荷柳槐榕桂杉枫")
_PLANT_VERB_BEFORE = re.compile("(?:种|栽|砍|伐|修剪|剪|移栽|挖|浇|养)(?:了|过|掉|些|点|点儿|几棵|一片|一排|一棵|几株|一些|多)*$")
_PLANT_DONE_AFTER = re.compile("被?(?:砍|伐|锯|修剪|移走|挖走|挖掉|种|栽)|开花|开得|长得|长势|枯|死了|倒了|的(?:叶子|花|树枝|枝叶|根)")
#: Kin words after 阿 and one character (阿芳姐, 阿强哥, 阿珍姨, 阿伯 is a word): the form kept as 阿X is.
_A_KIN_AFTER = frozenset("姐哥叔姨婶婆伯嫂妹弟公")
#: Public figures and brands in pinyin: their names stay.
PINYIN_FAMOUS = frozenset(("lu xun", "mao zedong", "zhou enlai", "deng xiaoping", "sun yatsen", "sun zhongshan", "lei feng",
                           "li bai", "du fu", "yao ming", "li ning", "confucius", "xi jinping", "li keqiang", "jack ma",
                           "ma yun", "lang lang", "jay chou", "zhang yimou", "bruce lee", "li na"))


#: Between two names of a list (Li Na、Zhou Jie; Li Na and Zhou Jie): once the first is a name, so is the next.
_PINYIN_LIST_GAP = re.compile(r" ?(?:[、,，/&;；]|and|or|和|与|及|跟|还是|或者|或是|或) ?")
#: What is said only of a person right after a pinyin pair (Liu Fang, resident of …; Wang Lei tel …; Li Na 13…):
#: two single syllables there are a name, not a term (Feng Shui, Gao Kao).
_PINYIN_PERSON_AFTER = re.compile(r" ?[,，/|｜（(]? ?(?:(?:a |the )?(?:resident|neighbou?r|tenant|owner|parent|mother|father|retiree)s?\b|"
                                  r"(?:here(?= ?[,，.。!！:：;；—-])|tel|phone|mobile|cell|says|said|suggests|suggested|thinks|complained|lives|living|aged?|"
                                  r"from (?:building|unit|room|block)|of (?:building|unit|room|block)|\d{1,3} ?(?:years|岁))\b|"
                                  r"(?:电话|手机|联系方式|〔电话〕|〔微信号〕|住在?\d|\d{1,3}(?:栋|号楼|单元)|(?:\+?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2})|"
                                  # said or done only by a person (Gao Feng 说…, Liu Fang 家的狗): not by a term or a place
                                  r"(?:说(?!法)|讲(?!究)|反映|表示|觉得|认为|告诉|答应|家的|家里|他们家|她们家|两口子|老爷子|"
                                  r"联系我|回个?电话|回电|给我打|打给我|"
                                  r"老太太|跟我|和我|帮我|帮忙|那个人|这个人|是我|"
                                  # where a person works or lives and how they are (Chen Hao 在我们小区当保安, …人很好)
                                  r"在[^，。！？,.!?；;\n]{0,10}?(?:当|做|干|上班|工作|打工|住|开店|摆摊)|人(?:很|挺|特别|非常|真|超)|"
                                  # a person's contact details after the name (Wang Fang wangfang75@sina.com)
                                  r"〔邮箱〕|[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+\.))", re.I)


def _pinyin_cued(text: str, at: int) -> bool:
    """A pinyin name at ``at`` follows a cue: a name cue (my name is, 联系人：), any word for a person with a colon
    (家长：, 游客：) or a cue for a person (同事, 邻居, 我爸 …) as for names in Chinese characters."""
    if _PINYIN_CUE.search(text, back(text, at, 18), at) is not None:
        return True
    label = _PINYIN_LABEL.search(text, back(text, at, 9), at)
    if label is not None and person_label(label.group(1)):
        return True
    k = at
    while k > 0 and text[k - 1] == " ":
        k -= 1
    if k > 0 and text[k - 1] in _BARE_LEFT_LAST and BARE_LEFT.search(text, back(text, k, 4), k) is not None:
        return True  # 请 Zhang Wei 联系我, 找 Li Na: a verb that takes a person, as for names in characters
    if k > 0 and _PERSON_NOUN_BEFORE.search(text, back(text, k, 8), k) is not None:
        return True  # 外地来的小伙子 Chen Hao, 新来的保洁阿姨 Liu Fang: a word for a person names who follows
    return k > 0 and text[k - 1] in _CUE_WORD_LAST and patterns()["cue_end"].search(text, back(text, k, _CUE_WINDOW), k) is not None


_PINYIN_LABEL = re.compile(r"([\u4e00-\u9fff]{2,6})[:：] ?$")
#: A word for a person right before (小伙子, 姑娘, 老人, 大姐, 邻居, 保安 …): the words of _PERSON_NOUN_AT and the roles.
_PERSON_NOUN_BEFORE = re.compile(f"(?:{_PERSON_NOUN_AT.pattern}|小伙子|小姑娘|外国人|老外|小哥|"
                                 + "|".join(sorted((w for w in ROLE_WORDS if len(w) >= 2), key=len, reverse=True)) + ")$")


#: A relative named in pinyin (wo ma wang guilan, wo laogong chen jun): a pinyin name may follow in lower case. wo ma and
#: wo ba are also 我马(上) and 我把, so there the given name must have two syllables (see pinyin_names).
_PINYIN_KIN_CUE = re.compile(r"(?<![A-Za-z])[Ww]o ?(ma|ba|mama|baba|gege|jiejie|lao ?gong|lao ?po|er ?zi|nv ?er|nü ?er|"
                             r"ai ?ren|lin ?ju|ye ?ye|nai ?nai|lao ?lao|wai ?po|wai ?gong|tong ?shi|fang ?dong)[:：,，]? ?$")
#: A particle's syllable ending a pinyin word (jiaole, zoude): a verb and its particle, no given name.
_PARTICLE_END = re.compile(r"(?:le|de|ma|ne|ba|la|zhe|guo)$", re.I)
#: Titles in pinyin after a surname (wang laoshi, li shifu): a surname and a title name nobody.
_PINYIN_TITLES = frozenset(("laoshi", "shifu", "ayi", "xiansheng", "nvshi", "jingli", "shuji", "zhuren", "dage", "dajie",
                            "dashu", "dama", "daye", "laoban", "yisheng", "jingguan", "laotaitai", "laotou"))
#: A pinyin surname and given name typed as one word in CamelCase (LiuYang, ZhangXiaoming).
_CAMEL_PINYIN = re.compile(r"([A-Z][a-z]{0,5})([A-Z][a-z]{1,11})(?![A-Za-z])")
#: Words for a foreigner before a name in Latin letters (外籍居民Maria Gonzalez, 老外 Tom): see foreign_names.
# (led by 外, a literal the regex engine skips to; 老外 read by a look-behind)
_FOREIGNER_BEFORE = re.compile(r"外(?:籍(?:居民|人士|业主|住户|租户|友人|朋友|邻居|员工|教师)?|国(?:人|朋友|友人|邻居|居民|租客)|(?<=老外)|宾|教)"
                               r"(?:邻居|朋友|住户|租户)?[ :：,，]{0,2}([A-Z][A-Za-z'-]{1,15}(?: [A-Z][A-Za-z'-]{1,15}){0,2})(?![A-Za-z])")
#: Capitalised words after such a word that are no name (老外 English 说得好, 外国人 OK 吗).
_NOT_FOREIGN_NAME = frozenset(("The", "A", "An", "I", "OK", "Ok", "English", "Chinese", "Hello", "Hi", "Yes", "No", "Sorry",
                               "Thank", "Thanks", "Please", "Wow", "Good", "Bad", "Very", "Too", "So"))


def foreign_names(text: str) -> list[tuple[int, int]]:
    """A name in Latin letters after a word for a foreigner (外籍居民Maria Gonzalez says…, 老外 Tom 说): one to three
    capitalised words, the first no everyday English word (老外 English 说得好) and no place word after them."""
    out = []
    for m in _FOREIGNER_BEFORE.finditer(text):
        a, b = m.span(1)
        words = m.group(1).split(" ")
        if words[0] in _NOT_FOREIGN_NAME or _PINYIN_PLACE.match(text, b) or any(_PINYIN_PLACE.fullmatch(w) for w in words):
            continue  # (外籍居民 Street 12, 老外 Garden Hotel: a place)
        while len(words) > 1 and words[-1] in _NOT_FOREIGN_NAME | {"Says", "Said", "Lives", "Thinks"}:
            b -= len(words.pop()) + 1
        out.append((a, b))
    return out


#: Terms written in pinyin that look like a surname and a given name (Feng Shui, Gao Kao): never a name after a
#: word for a person, only after a name cue (my name is …).
PINYIN_TERMS = frozenset(("feng shui", "gao kao", "wu xing", "da ma", "qi gong", "wu shu", "hu tong", "jiao zi", "bao zi",
                          "dou fu", "bai jiu", "hong bao", "guan xi", "tai ji", "ma jiang", "shu fa", "zhong yi", "er hu",
                          "gu zheng", "pi pa", "yang ge", "mian zi", "lao wai", "da ye", "a yi", "shi fu", "lao ban",
                          "xiao qu", "wang hong", "kuai di", "wai mai", "fang dong", "ye zhu", "wu ye"))


#: A third word of a pinyin name after a cue (Mei Ling Tan, Wang Xiao Ming).
_THIRD_WORD = re.compile(r" ([A-Za-z][a-z]{0,6})(?![A-Za-z])")


def _pinyin_word(word: str) -> bool:
    return bool(_GIVEN_PINYIN.fullmatch(word.replace("'", "")))


#: An English given name and a pinyin surname (Wendy Liu, Kevin Zhou), the way residents with an English name sign.
_WESTERN_NAME = re.compile(r"([A-Z][a-z]{2,10}) ([A-Z][a-z]{1,7}|[A-Z]{2,8})(?![A-Za-z])")


#: English given names common among Chinese residents who use one (Jason Liu, Cindy Wang): before a pinyin surname
#: they make a name with no cue; a place or a term never starts with one.
ENGLISH_GIVEN = frozenset((
    "Jason Kevin Tony Jack Eric David Michael Peter Paul John James Tom Jerry Frank Leo Alex Andy Bob Ben Chris Daniel "
    "Eddie Henry Ivan Jacky Jackie Jimmy Johnny Ken Larry Mark Martin Max Mike Nick Oscar Patrick Ray Richard Robin "
    "Ryan Sam Simon Steven Steve Terry Vincent William Allen Alan Bruce Calvin Charles Edward Felix George Harry Jeff "
    "Justin Kelvin Louis Lucas Neo Owen Roy Sean Shawn Victor Wayne Zack Amy Anna Angela Alice Annie Betty Cathy "
    "Cindy Coco Crystal Daisy Doris Eva Emily Emma Fiona Grace Helen Ivy Iris Jane Jenny Jessica Joyce Judy Julia Kelly "
    "Kitty Lily Linda Lisa Lucy Mandy Maggie Mary Nancy Nina Penny Rachel Rose Sally Sandy Sophia Sophie Stella Sunny "
    "Susan Tina Vicky Vivian Wendy Yoyo Zoe Bella Candy Cherry Echo Elaine Ella Gloria Hannah Jasmine Karen Kate Laura "
    "Lena Lucia Monica Olivia Queenie Sara Sarah Shirley Summer Tiffany Winnie").split())


#: A capitalised English word; an English given name alone is a name only where :func:`english_given_alone` says.
_CAPITALISED = re.compile(r"[A-Z](?<![A-Za-z][A-Z])[a-z]{2,10}(?![A-Za-z])")  # (led by its class: see _ahead)
#: Before an English given name alone: a contact cue or a signature's dash (联系人 Kevin, 找Lucy, —— Wendy).
_ENGLISH_ALONE_CUE = re.compile(r"(?:联系人|联系我|请找|找|[Cc]all ?我|签名|署名|落款|—|--|－)[:： ]*$")
#: In brackets right after contact details (135 8877 2210（Kevin）, 〔电话〕(Lucy)).
_BRACKETED_AFTER_NUMBER = re.compile(r"[\d〕][ ]?[（(]$")


def english_given_alone(text: str) -> list[tuple[int, int]]:
    """An English given name a resident goes by (ENGLISH_GIVEN), alone after a contact cue or a signature's dash, or
    in brackets right after a phone number; or with a Chinese surname after it (Jessica 王, Kevin陈). An English
    word that is also a given name (Summer, Grace, Rose) elsewhere stays."""
    out = []
    for m in _latin_finditer(_CAPITALISED, text):
        a, b = m.span()
        if m.group() not in ENGLISH_GIVEN:
            continue
        k = b + (text[b:b + 1] == " ")
        if k < len(text) and text[k] in _SINGLE_SET and not _han(text[k + 1:k + 2]) \
                and not text[k + 1:k + 2].isalpha():
            out.append((a, k + 1))  # Jessica 王: an English given name and a Chinese surname
            continue
        if _ENGLISH_ALONE_CUE.search(text, back(text, a, 6), a) is not None \
                or (_BRACKETED_AFTER_NUMBER.search(text, back(text, a, 3), a) is not None and text[b:b + 1] in "）)"):
            out.append((a, b))
    return out


def western_names(text: str) -> list[tuple[int, int]]:
    """An English given name and a pinyin surname (业主 Wendy Liu, 请 Kevin Zhou 联系我): a name after a cue for a
    person or before what is said only of a person, as for pinyin names; the first word must be no surname (Zhang
    Wei is read by :func:`pinyin_names`) and the second one."""
    out = []
    for m in _latin_finditer(_WESTERN_NAME, text):
        given, sur = m.group(1), m.group(2)
        if given.lower() in PINYIN_SURNAMES or _PINYIN_PLACE.match(text, m.end()):
            continue
        if sur.lower() not in PINYIN_SURNAMES:
            # a foreign surname (我的朋友Michael Brown): only right after a word for a person, and an English given name
            if given in ENGLISH_GIVEN and any(text[back(text, m.start(), n):m.start()] in ROLE_WORDS for n in (2, 3, 4)):
                out.append(m.span())
            continue
        if given in ENGLISH_GIVEN or _pinyin_cued(text, m.start()) or _PINYIN_PERSON_AFTER.match(text, m.end()):
            third = _THIRD_WORD.match(text, m.end())
            if third is not None and third.group(1)[0].isupper() and third.group(1).lower() in PINYIN_SURNAMES \
                    and _pinyin_cued(text, m.start()):
                out.append((m.start(), third.end()))  # 我叫 Mei Ling Tan: two given names, the surname last
                continue
            out.append(m.span())
    return out


#: A role in characters after a pinyin pair, with 这个/那个 between or not (wang jian 这个物业经理, li na 老师): said of a
#: person.
_PINYIN_ROLE_AFTER = re.compile(r" ?(?:这个|那个|这位|那位|是)?(?:物业|小区|社区|我们的?)?(?:经理|师傅|老师|阿姨|保安|主任|书记|"
                                r"管家|医生|网格员|楼长|社工|房东|邻居|大爷|大妈|叔叔|女士|先生)")


def pinyin_names(text: str, known: list[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Names written in pinyin: a surname and a given name, each capitalised (Zhang Wei, LI Xiaoyu, Ouyang Lan) or
    after a name cue in any case (my name is zhang wei), or next in a list after a name (``known``: spans of names
    already found, 同事王磊、Li Na). Both words must read as pinyin syllables and the surname as
    a surname; a place word after the pair (Zhong Shan Road) or a public figure (Lu Xun) keeps it."""
    out = []
    for w in _LATIN_WORD.finditer(text):  # (each Latin word a match: matched again one by one, as _latin_finditer does, costs more)
        at = w.start()
        camel = _CAMEL_PINYIN.match(text, at)
        if camel is not None and camel.group(1).lower() in PINYIN_SURNAMES and _pinyin_word(camel.group(2)) \
                and _pinyin_cued(text, at):
            out.append(camel.span())  # wo shi LiuYang, my name is ZhangWei: the name typed as one word
            continue
        space = text.find(" ", at, at + 9)
        if space < 0 or text[at:space].lower() not in PINYIN_SURNAMES:
            continue  # most Latin words are no surname: the cheap test first
        # (a list goes on with capitals only: after wo jiao liu yang，zhu zai … is no second name)
        kin_m = _PINYIN_KIN_CUE.search(text, back(text, at, 14), at)
        kin = kin_m is not None
        loose = kin and kin_m.group(1).lower() in ("ma", "ba")  # 我马…, 我把…: the cue may be no relative
        cued = kin or _pinyin_cued(text, at) or (text[at].isupper() and any(
            _PINYIN_LIST_GAP.fullmatch(text, e, at) is not None for _, e in (out[-1:] + [span for span in known if at - 6 <= span[1] <= at])))
        if not cued and (lower := _PINYIN_CUED.match(text, at)) is not None and _pinyin_word(lower.group(2)) \
                and f"{lower.group(1)} {lower.group(2)}".lower() not in PINYIN_TERMS | PINYIN_FAMOUS \
                and (_PINYIN_ROLE_AFTER.match(text, lower.end(2)) or _kin_or_role_before(text, len(text[:at].rstrip(" ")))):
            cued = True  # wang jian 这个物业经理, 保安 li qiang: a name in any case beside a role or a relative in characters
        m = (_PINYIN_CUED if cued else _PINYIN_NAME).match(text, at)
        if m is None:
            continue
        if not cued and _PINYIN_PERSON_AFTER.match(text, m.end(2)) and _pinyin_word(m.group(2)) \
                and f"{m.group(1)} {m.group(2)}".lower() not in PINYIN_TERMS:
            cued, b = True, m.end(2)  # Liu Fang, resident of building 5 / Wang Lei tel …: said of a person
            out.append((at, b))
            continue
        sur, given = m.group(1), m.group(2)
        b = m.end(2)
        if not cued and m.group(3) and _pinyin_word(m.group(3)) and m.group(3)[0].isupper() == given[0].isupper() \
                and not _PINYIN_PLACE.match(text, m.end(2)):
            b = m.end(3)  # Wang Jian-guo, Chen Xiao Ming
        if not _pinyin_word(given):
            continue
        if loose and not _pinyin_cued(text, at) and (_ONE_SYLLABLE.fullmatch(given) or given.lower() in _PINYIN_TITLES
                                                    or _PARTICLE_END.search(given)):
            continue  # wo ma shang lai (我马上来), wo ba qian jiaole (我把钱交了): after wo ma / wo ba a given name of two
            # syllables, not ending in a particle
        if cued and not kin and (third := _THIRD_WORD.match(text, b)) is not None and sur[0].isupper() == third.group(1)[0].isupper() \
                and (third.group(1).lower() in PINYIN_SURNAMES or _pinyin_word(third.group(1))):
            b = third.end()  # 我叫 Mei Ling Tan: a name of three words, the surname last as some Chinese abroad write it
        if not cued and b == m.end(2) and _ONE_SYLLABLE.fullmatch(given) and not sur.isupper() and _ONE_SYLLABLE.fullmatch(sur):
            continue  # two single syllables with no cue (Feng Shui, Gao Kao, Wu Han): a term or a place as often
        if (not cued and f"{sur} {given}".lower() in PINYIN_FAMOUS) or _PINYIN_PLACE.match(text, b):
            continue
        if f"{sur} {given}".lower() in PINYIN_TERMS and not _PINYIN_CUE.search(text, back(text, at, 18), at):
            continue  # 我是 Gao Kao 考生, 朋友 Feng Shui 讲究: a term after a word for a person (my name is … still counts)
        out.append((at, b))
    return out


# ---- general readings: Latin given names from a registry list, traditional characters, given names alone, foreign
# ---- names in Chinese after a nationality, a name before 口述, figures by the dictionary

def _kin_or_role_before(text: str, a: int, roles: frozenset[str] = ROLE_WORDS) -> bool:
    """A word for a relative (_KIN_WORDS) or a role (``roles``, two to four characters) ends right before ``a``
    (我女儿 Emily, 我父亲邹德明口述, 楼栋长江山天天…)."""
    return any(text[a - k:a] in _KIN_WORDS for k in _KIN_LENGTHS if k <= a) \
        or any(text[a - k:a] in roles for k in (2, 3, 4) if k <= a)


@lru_cache(maxsize=1)
def latin_given_lists() -> tuple[frozenset[str], frozenset[str]]:
    """Given names in Latin letters (``data/latin_given_names.json``, built by scripts/build_name_lists.py from the
    ``names`` package's census lists, MIT): the names, and apart those that are also English words (Summer, Grace,
    Will): those want a word for a person right beside them."""
    data = shipped_json("latin_given_names.json")
    words = frozenset(data["word_names"])
    return frozenset(data["names"]) | (ENGLISH_GIVEN - words), words


#: A child of the family by its place (老二, 二宝 …): a word for a person before a Latin name, on a list or not.
_CHILD_BY_PLACE = "(?:老|大|二|小)宝|老[大二三四幺]"
#: Words for a person right before a Latin given name (我女儿 Emily, 隔壁 Jennifer, 老外 Tom): kin and roles (see
#: _KIN_WORDS, ROLE_WORDS) and these.
_LATIN_PERSON_BEFORE = re.compile("(?:(?:我|俺|我们|俺们)家(?:的|那位)?|" + _CHILD_BY_PLACE + "|隔壁(?:的|家的?)?|楼上(?:的)?|楼下(?:的)?|对门(?:的)?|邻居|同事|朋友|同学|室友|闺蜜|老外|外国人|"
                                  "小伙子?|姑娘|小朋友|孩子|宝宝|叫|名叫|叫做|我是|本人|"
                                  # the head of a chat group or a team (群主 Lily（…）, 团长 Kevin): a person word
                                  "群主|群管理员?|团长|队长|会长|发起人|主持人|志愿者)[ ]?$")
#: A word for a person right after one (Amy老师, Kevin哥, Grace阿姨).
_LATIN_TITLE_AFTER = re.compile("[ ]?(?:老师|医生|护士|阿姨|姐姐|哥哥|姐|哥|先生|女士|太太|小姐|同学|妈妈|爸爸|家长|叔叔|奶奶|爷爷|"
                                "经理|主任|书记|师傅|大夫|教练|律师|老板|两口子|夫妇|一家)")
#: What is said of a person right after a name that is no word (Kevin和他女朋友, Jennifer 说, Dave家): only after one
#: that is no English word.
_LATIN_SAID_AFTER = re.compile("[ ]?(?:和|跟|与|说|讲|告诉|他|她|家|天天|每天|经常|总是|一直|老是|又|也|在[^，。！？,.!?]{0,6}?(?:上班|工作|住|当)|"
                               "的(?:老公|老婆|丈夫|妻子|孩子|儿子|女儿|妈妈|爸爸|狗|车))")
#: The writer introducing themself earlier in the clause (我是新来的租户Lily, 我叫Lily).
_SELF_INTRODUCED = re.compile(r"(?:我是|我叫|本人)[^，。！？,.!?；;\n]{0,12}$")
#: A naming verb right before a word, past one space (我叫Kevin, 我叫 Ahmed): what follows is the name itself.
_NAMED_RIGHT_BEFORE = re.compile(r"叫[ ]?$")


def _own_nickname(text: str, a: int) -> bool:
    """Whether the Latin word at ``a`` is the writer's own nickname in a description of themself (我是新来的租户Lily,
    set 13's decision: it stays); a word right after 叫 (我叫Kevin, 我叫 Ahmed) is the name the writer gives, not one."""
    return _SELF_INTRODUCED.search(text, back(text, a, 14), a) is not None \
        and _NAMED_RIGHT_BEFORE.search(text, back(text, a, 2), a) is None
#: A Latin full name after a naming verb (叫 Tom Wilson, 名叫 Lo Wai Man): two or three capitalised words.
_LATIN_NAMED = re.compile(r"(?:叫|名叫|叫做|名字是|名字叫)[ :：]?([A-Z][a-z]{1,11}(?: [A-Z][a-z]{1,11}){0,2})(?![A-Za-z])")
#: A Latin name opening an answer before a comma or a dash (Chen, Xiaoling - mother of two; Tom Wilson — …).
_LATIN_OPENING = re.compile(r"^([A-Z][a-z]{1,11})(?:([，,] ?)|( ))([A-Z][a-z]{1,11})(?= ?(?:[-—–－]|[，,(（:：]))", re.M)


def _latin_context(text: str, a: int, b: int) -> tuple[bool, bool]:
    """Whether the Latin word at a..b stands in Chinese text (the nearest character on each side, past one space,
    is no Latin letter, and one of them is Han), and whether a digit, @ or _ touches it (an account, a code)."""
    left = text[a - 1:a] if text[a - 1:a] != " " else text[a - 2:a - 1]
    right = text[b:b + 1] if text[b:b + 1] != " " else text[b + 1:b + 2]
    touch = text[a - 1:a] in tuple("@_.-/0123456789") or text[b:b + 1] in tuple("@_.-/0123456789")
    chinese = not (left.isascii() and left.isalpha()) and not (right.isascii() and right.isalpha()) \
        and (_han(left) or _han(right))
    return chinese, touch


def _kin_right_before(text: str, a: int, word: str) -> bool:
    """Whether a word for a member of one's family stands right before the Latin word at ``a`` (past one space),
    which is then a name on a list or not (我家老二 Kiki, 我女儿 Yoyo), unless it is an English word; not 我家, which
    owns things as often (我家 Tesla)."""
    k = a - (text[a - 1:a] == " ")
    return (_LATIN_KIN_BEFORE.search(text, back(text, k, 5), k) is not None
            or any(text[k - n:k] in _KIN_WORDS for n in _KIN_LENGTHS if n <= k)) \
        and word not in _NOT_FOREIGN_NAME and not _english_word(word)


_LATIN_KIN_BEFORE = re.compile(f"(?:{_CHILD_BY_PLACE})$")


def latin_given_names(text: str) -> list[tuple[int, int]]:
    """A given name in Latin letters inside Chinese text (隔壁 Jennifer 和她老公 Dave, 幼儿园的Amy老师, 我女儿 Emily, 我老公叫
    Ahmed): a capitalised word on the census list of given names (:func:`latin_given_lists`), with Chinese characters
    beside it and no English sentence around it, right after a word for a person (a relative, a role, 隔壁, 叫) or
    before one (老师, 阿姨, 姐), or, when the name is no English word, before what is said of a person (和, 说, 家 …).
    A name that is also an English word (Summer, Grace, Will) only beside a word for a person. A capitalised word
    after the name goes with it unless it is a place (隔壁 Jennifer Smith). Also a Latin full name after a naming verb
    (叫 Tom Wilson), and one opening an answer before a comma or a dash (Chen, Xiaoling - …)."""
    names, words = latin_given_lists()
    out = []
    for m in _latin_finditer(_CAPITALISED, text):
        a, b = m.span()
        w = m.group()
        plain = w in names
        if not plain and w not in words and not _kin_right_before(text, a, w):
            continue
        chinese, touch = _latin_context(text, a, b)
        if not chinese or touch or _PINYIN_PLACE.match(text, b):
            continue
        k = a - (text[a - 1:a] == " ")
        before = _LATIN_PERSON_BEFORE.search(text, back(text, k, 5), a) is not None or _kin_or_role_before(text, k)
        after = _LATIN_TITLE_AFTER.match(text, b) is not None
        if not (before or after or (plain and _LATIN_SAID_AFTER.match(text, b))):
            continue
        if _own_nickname(text, a):
            continue  # 我是新来的租户Lily: the writer's own nickname alone stays (set 13's decision)
        out.append((a, b))
    for m in finditer_on(_LATIN_NAMED, text, lines_holding(text, "叫", "名字")):
        a, b = m.span(1)
        first = m.group(1).split(" ")[0]
        if first in _NOT_FOREIGN_NAME or _PINYIN_PLACE.match(text, b) or _ENGLISH_PLACE_LAST.search(m.group(1)) \
                or _PLACE_CALLED_BEFORE.search(text, back(text, a, 12), a) or (" " not in m.group(1) and (
                first not in names and first not in words or _own_nickname(text, a))):
            continue  # (叫 Uber: one word off the list; 叫 Hello Kitty 的店 stays by its first word; 小区叫 Maple Court,
            # 叫 Green Park: a place's English name, its last word a place word, or what a place is called)
        out.append((a, b))
    for m in _finditer_at(_LATIN_OPENING, text, _line_starts_with(text, _LATIN_OPENING)):
        sur, given = m.group(1), m.group(4)
        if m.group(2) is not None:  # Chen, Xiaoling: a pinyin surname, a comma, a given name
            if sur.lower() in PINYIN_SURNAMES and _pinyin_word(given) and sur not in _NOT_FOREIGN_NAME:
                out.append(m.span())
        elif sur in names and given not in _NOT_FOREIGN_NAME and not _PINYIN_PLACE.match(text, m.start(4)):
            out.append(m.span())  # Tom Wilson — …: a given name on the list and a second capitalised word
    return out


#: A Latin given name introduced as one, whatever list holds it (我叫 Oyunaa，…; 孩子他爸叫 Bayar，…; 我是 Priya，印度人):
#: a capitalised word right after a naming verb or 我是, standing alone as the clause.
_LATIN_INTRODUCED = re.compile(r"(叫做?|名叫|名字[是叫]|我是|本人是?)[ :：]?([A-Z][a-z]{2,11})(?=[ ]?(?:[，。！？,.!?；;（(]|$))", re.M)
#: Single surnames that are no function word (和, 跟, 向, 于 … lead a Latin word as often as a surname does).
_LONE_SURNAMES = "".join(sorted(_SINGLE_SET - NOT_IN_NAME - _NEVER_IN_NAME_WORD - _BARE_LEFT_LAST - AFTER_BARE))
#: A Chinese surname beside a Latin given name, either way round (姜 Leo, 贾 Cindy, Tommy 郝): the surname standing
#: alone, the given name on the list, the pair closing the clause.
_SURNAME_LATIN = re.compile(rf"(?<![\u4e00-\u9fffA-Za-z])[{_LONE_SURNAMES}] ?([A-Z][a-z]{{1,11}})(?![A-Za-z])"
                            rf"|(?<![A-Za-z])([A-Z][a-z]{{1,11}}) [{_LONE_SURNAMES}](?![\u4e00-\u9fff])")
_MIXED_END = re.compile(r"[ ]?(?:[，。！？,.!?；;（(）)、\n]|$)")
#: A name called by neighbours (阿强, 小芳, 老周) or one already read, before a list's join.
_CALLED_BEFORE_JOIN = re.compile(r"(?:[阿小老][\u4e00-\u9fff])[ ]?[、和与及跟][ ]?$")


def latin_names_in_chinese(text: str, found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Latin given names that no list needs to hold or that a Chinese word stands beside: one introduced as a name
    (我叫 Oyunaa，…; after 叫 only when a person names it: 我, a relative, a role), a Chinese surname beside a given
    name on the list, either way round (有问题请找我女婿：姜 Leo; —— 十岁的 Tommy 郝), and a given name on the list
    next in a list after a person's name (室友阿强、Jessica; 发起人 …、Lena)."""
    names, _ = latin_given_lists()
    out = []
    for m in _latin_finditer(_LATIN_INTRODUCED, text):
        k, (a, b) = m.start(), m.span(2)
        if m.group(2) in _NOT_FOREIGN_NAME or _PLACE_CALLED_BEFORE.search(text, back(text, k, 12), a):
            continue
        if m.group(1) == "叫" and _NAMED_LEFT.search(text, back(text, k, 8), k) is None and not _kin_or_role_before(text, k):
            continue  # 叫 Uber: a naming only after 我, a relative or a role
        out.append((a, b))
    for m in _latin_finditer(_SURNAME_LATIN, text):
        given = m.group(1) or m.group(2)
        if given in names and given not in _NOT_FOREIGN_NAME and _MIXED_END.match(text, m.end()):
            out.append(m.span())
    ends = {b for _, b in found}
    for m in _latin_finditer(_CAPITALISED, text):
        a, b = m.span()
        if m.group() not in names or m.group() in _NOT_FOREIGN_NAME:
            continue
        j = a - (text[a - 1:a] == " ")
        if text[j - 1:j] not in ("、", "和", "与", "及", "跟"):
            continue
        e = j - 1 - (text[j - 2:j - 1] == " ")
        if e in ends or _CALLED_BEFORE_JOIN.search(text, back(text, a, 6), a):
            out.append((a, b))
    return out


#: 区 (Au, 區 in traditional script: the name finder reads simplified), a Cantonese surname that is an everyday
#: character, and two given-name characters after it, typed together or apart (区婉仪, 区 卓 贤).
_AU_NAME = re.compile(r"区( ?)([\u4e00-\u9fff])\1([\u4e00-\u9fff])")
#: Where the writer signs: a dash, or the end of a sentence, before a name closing the answer (…—— 区咏诗; …？区伟雄).
_SIGNING_BEFORE = re.compile(r"(?:[—－\-~～]{1,2}|[。！？!?])[ ]*$")
#: What may stand right before a name that a cue introduces: a clause's start, a space, the last character of a
#: role's, a relative's or a contact label's word, 是, 为, a colon, a comma (the 区 names' and the transliterated names'
#: first filter); before a 区 name also a naming verb or a signature's dash.
_PERSON_CUE_LAST = _CLAUSE_START | {w[-1] for w in ROLE_WORDS | _KIN_WORDS if w} | (frozenset(STRONG_LABELS) - frozenset("|()?:")) \
    | frozenset("是为:：， ")
_AU_BEFORE = _PERSON_CUE_LAST | frozenset("叫—－-~～")


@lru_cache(maxsize=1)
def _au_tables() -> np.ndarray:
    """Code point → in :data:`_AU_BEFORE`."""
    return _code_tables(_AU_BEFORE)[0]


#: The end of the line, past spaces: where a signature closes the answer.
_LINE_END = re.compile(r"[ ]*(?:\n|$)")


def au_names(finder, text: str) -> list[tuple[int, int]]:
    """A name with the surname 区 only where a cue or the writing makes it a person: right after a naming verb, a contact
    label, a role's or a relative's word (叫区婉仪, 街坊 区 卓 贤), or signing the answer at its end (…—— 区咏诗),
    with two given-name characters after it (the name model's table: each above -1, together above 1.5) closing the
    clause. 区 after a place's name (禅城区季华五路) has no such cue and stays a district."""
    given = finder.model.given
    out = []
    cp = _code_points(text)
    au = np.flatnonzero(cp[:len(text)] == ord("区"))  # (社区, 小区, 城区: most 区 close a word: only after a cue's character)
    au = au[(au == 0) | _au_tables()[cp[au - 1]]]
    for m in _finditer_at(_AU_NAME, text, au):
        a, b = m.span()
        g = [given.get(c, -8.0) for c in m.group(2) + m.group(3)]
        if min(g) <= -1.0 or sum(g) <= 1.5 or set(m.group(2) + m.group(3)) & (NOT_IN_NAME | PLACE_AFTER):
            continue
        if not (b == len(text) or text[b] in _CLAUSE_START or text[b] in AFTER_BARE):
            continue
        k = a - (text[a - 1:a] == " ")
        lo = back(text, k, 8)
        cued = _NAMED_RIGHT_BEFORE.search(text, back(text, a, 2), a) is not None or _CONTACT_BEFORE.search(text, lo, a) is not None \
            or _kin_or_role_before(text, k) or (_LINE_END.match(text, b) is not None and _SIGNING_BEFORE.search(text, lo, a) is not None)
        if cued and finder.freq(text[a:b].replace(" ", "")) == 0:
            out.append((a, b))
    return out


#: A rough, rural given name after a surname (二娃, 二狗, 狗蛋, 大壮, 铁柱, 三毛): a numeral, a size or a hard thing, then
#: a child, an animal or something sturdy, which the name tables rate low (a numeral, 狗) though villages name so.
_ROUGH_GIVEN = (_SINGLE_SET - NOT_IN_NAME, "二三四五六七八九大小幺铁石狗", "娃狗蛋柱壮牛妞丫根毛虎妹")


@lru_cache(maxsize=1)
def _rough_tables() -> list[np.ndarray]:
    """Code point → a surname of :data:`_ROUGH_GIVEN`, its given name's first character, its second."""
    return _code_tables(*_ROUGH_GIVEN)


def rough_given_names(finder, text: str) -> list[tuple[int, int]]:
    """A surname and a rough given name (:data:`_ROUGH_GIVEN`: 何二娃, 刘二狗, 牛大壮) where a cue names a person: right
    after a naming verb, a contact label, a role's or a relative's word (包工头叫牛大壮, 我邻居张铁柱…), or as a clause's
    subject saying something (工头 刘二狗 说…), and before the clause's end or what a person does."""
    out = []
    surname, first, second = _rough_tables()
    cp = _code_points(text)
    n = len(text)
    at = np.flatnonzero(first[cp[:n]])  # (the given name's first character: rarer than a surname's)
    at = at[(at > 0) & surname[cp[at - 1]] & second[cp[at + 1]]] - 1
    for a in at.tolist():
        b = a + 3
        if not (b == len(text) or text[b] in _CLAUSE_START or text[b] in AFTER_BARE or text[b] in _SAYS):
            continue
        k = a - (text[a - 1:a] == " ")
        if _NAMED_RIGHT_BEFORE.search(text, back(text, a, 2), a) or _CONTACT_BEFORE.search(text, back(text, k, 8), a) \
                or _kin_or_role_before(text, k) or ((a == 0 or text[a - 1] in _CLAUSE_START) and _SAYS_AFTER.match(text, b)):
            out.append((a, b))
    return out


#: Saying, after a clause's subject and an optional space (刘二狗 说…).
_SAYS_AFTER = re.compile("[ ]?[说讲]")


#: A single-character kin word or 阿姨 after a given name, the way a neighbour is called (丽娟姐, 建华哥, 秀英阿姨).
_KIN_AFTER_GIVEN = re.compile("阿姨|姐|哥|妹|叔|婶|嫂|姨")
#: One's household before a given name (我家子涵, 我们家浩宇): the family's own child.
_OWN_HOUSEHOLD = re.compile("(?:我|我们|俺|俺们|咱|咱们)家(?:的)?(孩子|小孩子?|娃|宝贝|闺女|儿子|女儿|老大|老二|大宝|二宝)?")
_GIVEN_ALONE_LEFT = frozenset("的和跟与找问叫请给帮让被替对向是")


def _given_alone(finder, text: str, a: int, b: int, rare: int = 1) -> bool:
    """Two characters at a..b that can only be a given name: both characters names use (the name model's table above
    -1, together above 1.5), no function or place character, no dictionary word unless the dictionary tags it as a
    name or a proper noun (建华) or counts it under ``rare`` (after one's own child, 20: 我家小孩欣怡)."""
    given = finder.model.given
    s = [given.get(c, -8.0) for c in text[a:b]]
    return b - a == 2 and b <= len(text) and all(_han(c) and c not in NOT_IN_NAME and c not in _NEVER_IN_NAME_WORD and c not in PLACE_AFTER for c in text[a:b]) \
        and min(s) > -1.0 and sum(s) > 1.5 and text[a] != text[a + 1] \
        and (finder.freq(text[a:b]) < rare or finder._tag_of(text[a:b]) in ("nr", "nz", "nrfg", "nrt")) \
        and not placeholder_name(text[a:b]) and text[a:b] not in NEVER_NAMES and text[a:b] not in ROLE_WORDS


#: Prepositions and verbs that take a person and are surnames too (向, 和, 跟 …): before a surname and a title they
#: are the preposition (向王阿姨学习).
_PREPOSITION_SURNAMES = frozenset("向和跟同与给对替帮让被把找问")
#: The commonest surnames, the first line of :data:`SINGLE_SURNAMES` (王 李 张 … 沈).
_COMMON_SURNAMES = frozenset(SINGLE_SURNAMES[:48])
#: The first characters of what people are called by rather than named (小宝, 老三, 阿强): kept, as the sets label them.
_CALLED_FORM_FIRST = frozenset("小老阿")


def given_names_alone(finder, text: str) -> list[tuple[int, int]]:
    """A given name alone for a person: before a kin word by which a neighbour is called (丽娟姐一个人带孩子, 找建华哥)
    or after one's household (我家子涵今年上小学). The two characters must read as a given name by the name model's
    character table and make no word (:func:`_given_alone`: 我家门口, 我家孩子, 大姐 stay); before the kin word the
    name opens a clause or follows 的, 和, 找 …."""
    out = []
    for m in _KIN_AFTER_GIVEN.finditer(text):
        e = m.start() - (text[m.start() - 1:m.start()] == " ")  # (玉兰 阿姨: a space between)
        a = e - 2
        if a < 0 or not _given_alone(finder, text, a, e) or (e == m.start() and finder.freq(text[e - 1:m.end()]) > 0):
            continue
        if a == 0 or text[a - 1] in _CLAUSE_START or text[a - 1] in _GIVEN_ALONE_LEFT:
            out.append((a, e))
    for m in _OWN_HOUSEHOLD.finditer(text):
        a = m.end() + (text[m.end():m.end() + 1] == " ")
        child = m.group(1) is not None  # (我家孩子子轩, 我家小孩欣怡: the household's child, then its given name)
        if _given_alone(finder, text, a, a + 2, 20 if child else 1) and finder.freq(text[a + 1:a + 3]) == 0 \
                and finder.freq(text[a - 1:a + 2]) == 0 and text[a] not in _CALLED_FORM_FIRST:
            out.append((a, a + 2))
    return out


#: Countries and peoples before a word for a person (俄罗斯小伙伊万, 日本太太佐藤由美): a foreign name in Chinese follows.
_NATIONALITY = ("俄罗斯|日本|韩国|朝鲜|美国|英国|法国|德国|意大利|西班牙|葡萄牙|荷兰|比利时|瑞士|瑞典|挪威|芬兰|丹麦|波兰|乌克兰|"
                "白俄罗斯|土耳其|伊朗|伊拉克|叙利亚|埃及|阿富汗|巴基斯坦|印度|孟加拉|尼泊尔|斯里兰卡|越南|泰国|老挝|缅甸|柬埔寨|"
                "马来西亚|新加坡|印尼|印度尼西亚|菲律宾|蒙古|哈萨克斯坦|乌兹别克|吉尔吉斯|塔吉克|澳大利亚|新西兰|加拿大|墨西哥|"
                "巴西|阿根廷|智利|秘鲁|哥伦比亚|古巴|南非|尼日利亚|肯尼亚|埃塞俄比亚|摩洛哥|阿尔及利亚|苏丹|喀麦隆|加纳|"
                "以色列|沙特|希腊|捷克|匈牙利|罗马尼亚|保加利亚|塞尔维亚|爱尔兰|苏格兰|非洲|欧洲|中东|拉美|外国|外籍")
_NATIONALITY_END = re.compile(f"(?:{_NATIONALITY})(?:籍|人)?(?:的)?$")
_FOREIGN_PERSON = re.compile("(?:小伙子?|小姑娘|姑娘|太太|女士|先生|大叔|大妈|大爷|阿姨|老太太|"
                             "老太|老头|小哥|小伙伴|留学生|学生|媳妇|老公|老婆|丈夫|妻子|邻居|租客|房客|朋友|男孩|女孩|小孩|老板|"
                             "老师|外教|工程师|商人|厨师|妹子|大哥|大姐|美女|帅哥)")


def foreign_names_in_chinese(finder, text: str) -> list[tuple[int, int]]:
    """A foreign name written in Chinese characters after a country and a word for a person (隔壁俄罗斯小伙伊万晚上…,
    日本太太佐藤由美说…): two to four characters up to what is said of the person (说, 家, a comma …) or a common word
    (晚上, 每天); not a dictionary word unless the dictionary tags it as a name (俄罗斯小伙很热情, 日本太太做饭 stay)."""
    out = []
    for m in _FOREIGN_PERSON.finditer(text):
        if _NATIONALITY_END.search(text, back(text, m.start(), 8), m.start()) is None:
            continue
        a = k = m.end()
        while k < len(text) and k - a < 4 and _han(text[k]) and text[k] not in AFTER_BARE and text[k] not in _NEVER_IN_NAME_WORD \
                and not (k - a >= 2 and (text[k] == "人" or finder.freq(text[k:k + 2]) >= 300)):
            k += 1
        if k - a < 2 or text[a] in NOT_IN_NAME:
            continue
        head = text[a:a + 2]
        if finder.freq(head) >= 30 and not finder._tag_of(head).startswith("nr"):
            continue  # 日本太太做饭, 美国朋友很多: a word, not a name
        if finder.freq(text[a:k]) >= 1000 or text[k - 1] in PLACE_AFTER:
            continue
        out.append((a, k))
    return out


#: After a name in a dictation or a written-for note (我父亲邹德明口述, 王建国代笔): the name of who speaks or writes.
_DICTATED = re.compile("口述|代笔|执笔|代写|口授")


def dictated_names(finder, text: str) -> list[tuple[int, int]]:
    """A full name right before 口述, 代笔, 执笔 … (我父亲邹德明口述：…): a surname and one or two given-name characters,
    after a relative's or a role's word, 由 or the start of a clause, making no word."""
    out = []
    for m in _DICTATED.finditer(text):
        e = m.start()
        for n in (3, 2, 4):
            a = e - n
            if a < 0 or not surname_length(text, a) or not 1 <= n - surname_length(text, a) <= 2:
                continue
            left = text[a - 1:a]
            cued = a == 0 or left in _CLAUSE_START or left in "由是" or _kin_or_role_before(text, a)
            if cued and finder.freq(text[a:e]) < 20 and not set(text[a:e]) & NOT_IN_NAME and not placeholder_name(text[a:e]):
                out.append((a, e))
                break
    return out


#: After a person's household or what one says (司马一鸣家装修, 欧阳晓峰说): see compound_surname_names.
_COMPOUND_NAME = re.compile("(?:" + "|".join(sorted(PLAIN_COMPOUND)) + r")(?=[\u4e00-\u9fff]{2})")


def compound_surname_names(finder, text: str) -> list[tuple[int, int]]:
    """A compound surname (司马, 欧阳, 诸葛 …) and two given-name characters after 的 or a clause's start and before
    what is said of a person (隔壁单元的司马一鸣家装修): the given name may hold 一 as names do (一鸣, 一帆), judged by its
    other character; no word (司马光 is a figure, 欧阳修 too: see FAMOUS)."""
    out = []
    for m in _finditer_at(_COMPOUND_NAME, text, _compound_starts(text)):
        a, g = m.start(), m.end()
        left = text[a - 1:a]
        if not (a == 0 or left in _CLAUSE_START or left == "的" or left in _GIVEN_ALONE_LEFT):
            continue
        given = text[g:g + 2]
        named = [finder.model.given.get(c, -8.0) for c in given if c not in _CHILD_NUMERALS]
        if not named or sum(named) <= 0 or set(given) & _NEVER_IN_NAME_WORD or finder.freq(given) >= 500 \
                or not (RIGHT_PERSON_SHORT.match(text, g + 2) or g + 2 == len(text) or text[g + 2] in _CLAUSE_START):
            continue
        if famous_at(text, a, g + 2) or famous_at(text, a, g + 1):
            continue
        out.append((a, g + 2))
    return out


#: Where a private person is placed before their name: a household's place (楼下的, 隔壁的, 三楼的) or a body they work
#: for (社区的, 物业的, 居委会的, 学校的): see cued_compound_names.
_PRIVATE_PLACE_BEFORE = re.compile(r"(?:(?:社区|物业|居委会?|村委会?|街道|学校|幼儿园|单位|公司|医院)的 ?)$")
#: A title a living person is called by (…老师, …师傅, …阿姨, …经理); not 先生 or 叔叔, which follow figures too
#: (鲁迅先生, 雷锋叔叔).
_PRIVATE_TITLE_AFTER = re.compile("老师|师傅|阿姨|大姐|大哥|经理|主任|书记|女士|大爷|大妈|医生|大夫|姐|哥")


def cued_compound_names(finder, text: str) -> list[tuple[int, int]]:
    """A compound surname (司马, 欧阳, 诸葛 …) and one or two given-name characters after a private person's place
    (楼下的, 隔壁的, 社区的: _HOUSEHOLD_OF, _PRIVATE_PLACE_BEFORE) and before what a person does (天天, 说, 每天 …) or a
    title (老师, 师傅): a resident or a clerk, even when the name is a figure's too (楼下的诸葛亮 is a neighbour; the
    keep list of FAMOUS guards a name with no such cue). After a body (社区的) only a title says a person."""
    out = []
    for m in _finditer_at(_COMPOUND_NAME, text, _compound_starts(text)):
        a, g = m.start(), m.end()
        lo = back(text, a, 8)
        household = _HOUSEHOLD_OF.search(text, lo, a) is not None
        if not household and _PRIVATE_PLACE_BEFORE.search(text, lo, a) is None:
            continue
        for n in (2, 1):
            given = text[g:g + n]
            if not all(_han(c) for c in given) or set(given) & _NEVER_IN_NAME_WORD \
                    or any(c in given for c in "的了是在和跟说天每总"):
                continue
            e = g + n
            if _PRIVATE_TITLE_AFTER.match(text, e) or (household and (_PERSON_DOES_AFTER.match(text, e)
                                                                      or RIGHT_PERSON_SHORT.match(text, e))):
                out.append((a, e))
                break
    return out


#: Frames of a comparison or a supposition before a name (出不了姚明, 又不是李嘉诚, 成不了刘翔): see cited_figure.
_NOT_THE_STAR = re.compile("不是(?:明星|那个|名人|歌星|影星|球星)|同名|重名")
#: A saying quoted after a figure's name (说过, 曾说, 有句名言): not what someone promised (说过要…, 说过会…, 说过帮…).
_SAYING_AFTER = re.compile("(?:曾经|曾|早就|早)?(?:说过|讲过|说道|曾说|有句名言|有句话|有一句话|的名言)(?![要会帮给让来去把])")
_CITED_FRAME_BEFORE = re.compile("(?:出不了|出不来|成不了|当不了|培养不出|又不是|可不是|我又不是|你以为你是|真当自己是)$")


def cited_figure(finder, text: str, a: int, b: int) -> bool:
    """A public figure cited in a comparison (又不是李嘉诚, 出不了姚明, 像周杰伦那样): a name that jieba's dictionary
    tags as a person's name and counts often (30 or more: its famous entries), in one of round 8's frames or these."""
    word = text[a:b]
    if finder.freq(word) < 30 or not finder._tag_of(word).startswith("nr") or _NOT_THE_STAR.search(text, b, ahead(text, b, 16)):
        return False  # (我跟黎明（不是明星那个，是我邻居）: the writer says it is someone else)
    before = _CITED_BEFORE.search(text, back(text, a, 5), a)
    if (a == 0 or text[a - 1] in _CLAUSE_START) and _SAYING_AFTER.match(text, b):
        return True  # 梁思成说过老城墙不能拆: a figure quoted as a clause's subject, a saying after (跟李娜说过: its object)
    return _CITED_FRAME_BEFORE.search(text, back(text, a, 6), a) is not None or _CITED_AFTER.match(text, b) is not None \
        or (before is not None and before.group() not in ("跟", "像", "比", "学"))  # (跟, 像 … only with 似的, 那样 after)


#: The writer saying a figure's name is someone else's (有个刘德华，不是明星那个; 我跟周杰伦（不是明星那个，是我邻居）).
_NOT_THE_STAR_AFTER = re.compile("[（(，, ]?(?:不是(?:那个)?明星|[跟和]明星同名)")


def namesakes(finder, text: str) -> list[tuple[int, int]]:
    """A full name the writer remarks is not the figure's (刘德华，不是明星那个, 周杰伦（跟明星同名）): a surname and one
    or two characters right before the remark, which a figure's name would otherwise keep. When what stands there is
    no name (保安, 会计: a word of the dictionary; 保安大叔: 安 ends the word 保安), the figure's name that the sentence
    says is someone (刘德华 是我们楼的保安 不是明星啦: the name, 是, what the person is, the remark)."""
    out = []
    for m in finditer_on(_NOT_THE_STAR_AFTER, text, lines_holding(text, "明星")):
        e = m.start()  # (every remark holds 明星: a literal is found ten times faster than the pattern's class)
        for n in (3, 2, 4):
            a = e - n
            sl = surname_length(text, a) if a >= 0 else 0
            if sl and all(_han(c) for c in text[a:e]) and 1 <= n - sl <= 2 and not set(text[a:e]) & NOT_IN_NAME:
                if finder._ends_word(text, a) or text[a + sl:e] in ROLE_WORDS \
                        or (finder.freq(text[a:e]) >= 100 and not finder._tag_of(text[a:e]).startswith("nr")):
                    break  # 保安, 保安大叔, 王大叔: a word, or a title, no name
                out.append((a, e))
                break
        if out and out[-1][1] == e:
            continue
        lo = max(text.rfind(c, 0, e) for c in "。！？!?\n") + 1  # the sentence's start
        for a in range(e - 3, lo - 1, -1):  # the figure's name nearest before the remark, said to be someone
            k = next((k for k in (3, 2) if figure_word(finder, text[a:a + k]) and surname_length(text, a)
                      and _IS_SOMEONE.match(text, a + k)), 0)
            if k:
                out.append((a, a + k))
                break
    return out


#: What a sentence says a person is, after the name (刘德华 是我们楼的保安, 成龙就是我们村的会计).
_IS_SOMEONE = re.compile("[ ]?(?:就|也|其实|真的)?是(?:我|俺|咱|我们|俺们|咱们|本|这|隔壁|楼上|楼下|对门)")


#: The writer's remark that the word before it is a person's name (东方明珠（人名）, 长城（是人名）, 万家乐（真名）).
_PERSON_NAME_REMARK = re.compile(r"[（(](?:是|这是)?(?:人名|真名|本名|真实姓名)[）)]")
#: The word such a remark follows: two to four characters, or as many typed apart, after a clause's start.
_REMARKED_WORD = re.compile(r"(?:^|(?<=[，。！？,.!?；;\s：:、]))([\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff](?: [\u4e00-\u9fff]){1,3})$")


def remarked_names(text: str) -> list[tuple[int, int]]:
    """The word the writer remarks is a person's name, whatever it is otherwise (a landmark, a brand, a figure or a
    word: 业主代表：…、东方明珠（人名）; 带头的是 万家乐（真名）): the remark says what it is."""
    out = []
    for m in _PERSON_NAME_REMARK.finditer(text):
        w = _REMARKED_WORD.search(text, max(0, m.start() - 8), m.start())
        if w is not None and not set(w.group(1)) & _NEVER_IN_NAME_WORD:
            out.append(w.span(1))
    return out


#: Negation and the strong degree words, which follow a thing complained of (成绩不好, 暖气太差).
NEGATION_DEGREE = frozenset("太很挺超蛮忒贼巨最不没")


def noun_then_wrong(word: str, nxt: str, freq, tag) -> bool:
    """``word`` is a common noun of the dictionary (tag n, seen 1,000 times or more) of two characters and ``nxt``, the
    character after it, a negation or a strong degree word: a thing and what is wrong with it (孩子成绩不好), no name."""
    return len(word) == 2 and nxt in NEGATION_DEGREE and tag(word) == "n" and freq(word) >= 1000


#: Titles of people one knows, after a name (何玉兰奶奶, 何建国大爷): see _swallowed_before_title.
_KNOWN_TITLE = re.compile("阿姨|奶奶|爷爷|大爷|大妈|大娘|叔叔|阿婆|婆婆|伯伯|老师|师傅|大姐|大哥")
#: A naming word right before a name (我叫强子, 名叫, 叫做): what it is called, whatever its form.
_NAMED_BEFORE = re.compile("(?:叫|叫做|名叫|名字是|真名是?)[:： ]?$")
#: Where something is, said after a place's name (北边, 东面, 旁边, 附近, 里面): see NameFinder._find_all.
_PLACE_SIDE_AFTER = re.compile(f"[东南西北][边面侧头门]|(?:{_LOCATION_AFTER.pattern})|[里内外]")
#: Last characters of words for a building or a ground (篮球馆, 体育场, 图书馆, 中学, 纪念堂, 广场).
_FACILITY_LAST = frozenset("馆场院园校厅宫堂所站")


def figure_word(finder, word: str) -> bool:
    """A public figure's name: listed (:data:`FAMOUS`, :data:`CITED_FIGURES`) or one jieba's dictionary tags as a person
    and counts often (30 or more, its famous entries)."""
    return word in FAMOUS or word in CITED_FIGURES or (finder.freq(word) >= 30 and finder._tag_of(word).startswith("nr"))


#: The writer denying that a name is the figure's (不是诗人那个李白, 我说的不是明星那个, 跟歌手同名, 不是那个名人): a
#: negation and up to six characters of what the figure is before 那个, or a namesake's word.
_DENIAL = re.compile("不是[\u4e00-\u9fff]{0,6}?那[个位]|[跟和与][\u4e00-\u9fff]{0,4}?(?:同名|重名)|同名同姓")
#: What stands before the name where it is one (我叫李白, 那个李白, 楼上的刘德华, 我是周杰伦, 和马云): not a word's
#: character (早高峰).
_DENIED_LEFT = frozenset("叫是个位的和跟与同找问给让请")
#: How far before the denial the name may stand (住我楼上的刘德华天天装修，我说的不是明星那个).
_DENIAL_REACH = 24


def denied_figures(finder, text: str) -> list[tuple[int, int]]:
    """Every place a figure's name stands in an answer whose writer denies, after it, that it is the figure's (我叫李白，
    不是诗人那个李白; 住我楼上的刘德华天天装修，我说的不是明星那个哈): a listed figure (:data:`FAMOUS`,
    :data:`CITED_FIGURES`) or one jieba's dictionary tags as a person and counts often (its famous entries), led by a
    surname, within the same line and :data:`_DENIAL_REACH` characters before the denial. The figure's name written
    again (那个李白) goes too: it is the writer's name as well. General: any figure, any denial of these shapes."""
    out: list[tuple[int, int]] = []
    if "不是" not in text and "名" not in text:
        return out
    for m in _DENIAL.finditer(text):
        lo = max(text.rfind("\n", 0, m.start()) + 1, m.start() - _DENIAL_REACH)
        best = None
        for a in range(m.start() - 2, lo - 1, -1):
            if not surname_length(text, a):
                continue
            for n in (4, 3, 2):
                w = text[a:a + n]
                if a + n <= m.start() and figure_word(finder, w) and (w in FAMOUS or w in CITED_FIGURES or w[-1] not in PERSON_NOUN_END):
                    best = w
                    break
            if best:
                break
        if best is None:
            continue
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        i = text.find(best, text.rfind("\n", 0, m.start()) + 1, line_end)
        while i >= 0:
            j = i + len(best)
            if not (j < len(text) and text[j] in PLACE_AFTER) and not PLACE_WORDS.match(text, j) \
                    and not MONUMENT_AFTER.match(text, j) and not finder._facility_after(text, j) and (i == 0 or not _han(text[i - 1]) or text[i - 1] in _CLAUSE_START or text[i - 1] in _DENIED_LEFT) \
                    and not (j < len(text) and finder.freq(text[j - 1:j + 1]) >= 100):
                out.append((i, j))  # (鲁迅公园, 李白故居: a place named after the figure stays; 早高峰: a word)
            i = text.find(best, j, line_end)
    return out


#: What only a person does, right after a name that is also a word (楼长江山天天在群里…, 主任温和平根本不管): see
#: word_names_after_role.
# (the words of _DONE_BY_A_PERSON less those led by 的, 家, 一 and 不, characters found everywhere: a match costs a look)
_PERSON_DOES_AFTER = re.compile("说|讲|天天|每天|总是|经常|告诉|觉得|认为|反映|从来|根本|老是|从不|带头")
_WORD_NAME_TAGS = frozenset(("n", "nr", "nz", "ns", "nrt", "nrfg", "t"))
_ROLE_OR_KIN_LAST = frozenset(w[-1] for w in ROLE_WORDS | _KIN_WORDS)
#: Role words that name a body, not a person (物业费…, 社区…): no name follows them in word_names_after_role.
_ORGANISATIONS = frozenset(("物业", "社区", "居委会", "村委会", "业委会", "街道", "物业公司", "开发商", "政府", "单位", "公司", "学校",
                            "医院", "派出所", "城管", "居委", "村委"))
#: Words for a person's role (ROLE_WORDS less those bodies).
_PERSON_ROLES = ROLE_WORDS - _ORGANISATIONS


def word_names_after_role(finder, text: str) -> list[tuple[int, int]]:
    """A name that is also a word (江山, 和平 as a given name) right after a word for a role or a relative and right
    before what only a person does (楼栋长江山天天在群里发, 业委会主任温和平根本不代表业主): a single surname and one
    character, the two a noun-like word, or a surname and a noun-like word of two; not a word for a person itself, and
    no adverb or adjective (主任马上说, 经理高兴地说 stay)."""
    out = []
    for m in _PERSON_DOES_AFTER.finditer(text):
        e = m.start()
        for n in (3, 2):
            a = e - n
            if a < 2 or text[a] not in _SINGLE_SET or text[a - 1] not in _ROLE_OR_KIN_LAST or surname_length(text, a) != 1 \
                    or text[a] in _EVERYDAY_SET:
                continue  # (物业费收支从来不公示: 费 is a word's character before it is a surname)
            word = text[a + 1:e] if n == 3 else text[a:e]
            if finder.freq(word) == 0 or finder._tag_of(word) not in _WORD_NAME_TAGS or word in ROLE_WORDS \
                    or word[-1] in PERSON_NOUN_END or (n == 3 and finder.freq(text[a:e]) > 0) or set(text[a:a + 1] if n == 3 else word) & _NEVER_IN_NAME_WORD:
                continue
            if _kin_or_role_before(text, a, _PERSON_ROLES):
                out.append((a, e))
                break
    return out


# ---- round 10: pet names of children, names typed apart, words as names after a strong cue, a name addressed at the
# ---- start of a note, Latin full names after 全名 or in an English self-introduction, look-alikes kept

#: A child named by a kin word, a 宝 of the family or a naming word right before (儿子 朵朵, 二宝叫豆豆, 小名叫 团团).
_CHILD_WORDS = ("儿子", "女儿", "闺女", "儿媳", "儿媳妇", "女婿", "孙子", "孙女", "外孙", "外孙女", "侄子", "侄女", "大宝", "二宝",
                "三宝", "小宝", "宝宝", "小名", "乳名", "昵称", "叫", "叫做", "名叫",
                # the household's own (我家豆豆排了一年, 我们家孩子…): how a parent speaks of the child
                "孩子", "小孩", "我家", "我们家", "俺家", "咱家")
_CHILD_BEFORE = re.compile(f"(?:{'|'.join(sorted(_CHILD_WORDS, key=len, reverse=True))})(?:叫|叫做|是|名叫)?[ :：]?$")
_NAMING_BEFORE = re.compile("(?:小名|乳名|昵称|叫|叫做|名叫)(?:叫|是)?[ :：]?$")
#: The same character twice, a space between them or not (睿睿, 朵 朵): led by the second's look-back, see _ahead.
_DOUBLED = re.compile(r"([\u4e00-\u9fff]) ?\1")
#: What ends a child's pet name: a boundary, or what is said of a child (在, 今年, 上学 …).
_PET_END = re.compile(r"[ ，。！？、,.!?；;：:（(）)“”\"]|$|在|是|今年|明年|去年|上|读|刚|已经|每天|每次|总是|经常|老是|天天|和|跟|说|的|也|都|才|还|被|出生|满|快|"
                      r"只能|只好|就|要|没人|没地方|"
                      r"放学|生病|发烧|摔|被", re.M)
#: Tags of words that are adverbs, time words or interjections when doubled (天天, 明明, 偏偏, 刚刚, 哈哈): a pet name
#: only after a naming word or before a bracket (我儿子 明 明（…）).
_ADVERB_TAGS = frozenset(("d", "t", "z", "ad", "v", "c", "p", "r", "f", "y", "e", "o", "u"))


#: Animals, their cries and things called by a doubled word (狗狗, 猫猫, 喵喵, 车车, 灯灯): a household's pet or a child's word, no name.
_NOT_PET_DOUBLED = frozenset("狗猫鸟鱼兔龟猪牛羊鸡鸭鹅虫喵汪咪咩哞车灯门窗水电饭菜肉球")
#: Characters that doubled are words for a relative (姥姥, 舅舅, 婶婶 …; 奶奶, 爸爸 … end words for a person, see
#: PERSON_NOUN_END).
_KIN_DOUBLED = frozenset("姥舅婶嫂姑太娘爹婆孃")
#: Roles before an adult's doubled given name (楼长莉莉, 保洁员芳芳), a spouse's too (我老婆苗苗, 我爱人 婷婷).
#: Decision: development sets 12, 16 and 17 label a spouse's doubled given name as a name; set 3's writer keeps one
#: (我老婆苗苗说); the newer convention is followed, and set 3 loses that must-keep string.
_SPOUSES = frozenset(("老婆", "老公", "爱人", "媳妇", "丈夫", "妻子", "太太", "先生", "对象", "男朋友", "女朋友", "老伴", "老伴儿"))
_PET_ROLES = _PERSON_ROLES | _SPOUSES


@lru_cache(maxsize=1)
def _pet_cue_last() -> np.ndarray:
    """A table over the code points: the last characters of the words before a pet name (see child_pet_names)."""
    table = np.zeros(0x10000, dtype=bool)
    words = _PET_ROLES | set(_CHILD_WORDS)
    table[[ord(w[-1]) for w in words if w]] = True
    table[ord("的")] = True  # (6栋的浩浩: a household's place and 的, see _HOUSEHOLD_OF)
    return table


def _verb_next(finder, text: str, b: int) -> bool:
    """What follows ``b`` starts with a verb (the dictionary's tag of the two characters or the one: 排了, 等, 两个 no)."""
    for n in (2, 1):
        w = text[b:b + n]
        if len(w) == n and all(_han(c) for c in w) and finder.freq(w) > 0:
            return finder._tag_of(w).startswith("v")
    return False


def child_pet_names(finder, text: str) -> list[tuple[int, int]]:
    """A child's pet name, one character doubled (乐乐, 朵 朵, 豆豆), right after a word for one's child or a naming word
    (儿子 睿睿, 儿媳苗苗, 大宝叫豆豆, 小名叫团团), or an adult's after a person's role (楼长莉莉), and before a boundary or what is said of a child (在, 今年, 上学 …). A doubled
    word the dictionary tags as an adverb, a time word or an interjection (天天, 明明, 偏偏, 哈哈) only after a naming
    word or before a bracket (儿子天天哭, 女儿 常常 不回家 stay); 人人, 个个 … hold no name's character."""
    out = []
    cp = _code_points(text)
    han = (cp >= 0x4E00) & (cp <= 0x9FFF)
    # (the doubled characters found over the code points at once, a space between them or not: a pattern led by a
    # class of every Chinese character would be tried at each one)
    starts = np.flatnonzero(han[:-2] & ((cp[:-2] == cp[1:-1]) | ((cp[1:-1] == 32) & (cp[:-2] == cp[2:]))))
    starts = starts[starts > 0]
    before = cp[starts - 1]
    spaced = (before == 32) & (starts > 1)
    before[spaced] = cp[starts[spaced] - 2]
    cue = _pet_cue_last()
    # a surname before the doubled character (孩子唐果果, 儿子 韦豆豆): read from the surname, the cue before it
    sur = np.array([s_ > 1 and text[s_ - 1] in _SINGLE_SET and bool(cue[cp[s_ - 2]]) for s_ in starts.tolist()], dtype=bool) \
        if len(starts) else np.zeros(0, dtype=bool)
    surnamed = set((starts[sur] - 1).tolist())
    starts = np.sort(np.r_[starts[cue[before] & ~sur], starts[sur] - 1]).astype(starts.dtype)
    # (the character before ends a word for a person or a naming word)
    for at in starts.tolist():
        s0 = at + (at in surnamed)
        m = _DOUBLED.match(text, s0)
        if m is None:
            continue
        a, b = at, m.end()
        c = m.group(1)
        if c in _NOT_PET_DOUBLED or (c in NOT_IN_NAME and a not in surnamed) or c in _NEVER_IN_NAME_WORD or c in PLACE_AFTER or c in PERSON_NOUN_END or c in _KIN_DOUBLED \
                or c * 2 in ROLE_WORDS or c * 2 in _CHILD_WORDS:
            continue  # (爷爷奶奶, 姥姥, 宝宝: words for a relative, doubled)
        k = a - (text[a - 1:a] == " ")
        if _CHILD_BEFORE.search(text, back(text, a, 6), a) is None and not any(text[k - n:k] in _PET_ROLES for n in (2, 3, 4) if n <= k) \
                and _HOUSEHOLD_OF.search(text, back(text, a, 8), a) is None:
            continue  # (a person's role before it too: 楼长莉莉; a household's place and 的: 6栋的浩浩)
        if a in surnamed and (text[a:a + 2] in NEVER_NAMES or finder.freq(text[a:a + 2]) >= 100):
            continue  # (孩子天天, 我家常常: the "surname" and the first character make a word)
        word = c * 2
        named = _NAMING_BEFORE.search(text, back(text, a, 5), a) is not None
        if text[a - 1:a] == "叫" and not named:
            continue
        if finder.freq(word) > 0 and finder._tag_of(word) in _ADVERB_TAGS:
            if named or text[b:b + 1] in ("（", "("):
                out.append((a, b))
        elif _PET_END.match(text, b) is not None or (finder.freq(word) < 20 and _verb_next(finder, text, b)):
            out.append((a, b))  # (a doubled character that is hardly a word, 豆豆, 果果, before a verb: 我家豆豆排了…;
            # before a noun it is a verb doubled and its object: 给老人量量血压)
    # a second child's name joined to the first (唐果果和唐豆豆, 豆豆、果果): the same form after 和, 、, 跟 or 与
    for a0, b0 in list(out):
        k = b0
        while k < len(text) and text[k] in "和、跟与及 ":
            k += 1
        if k == b0:
            continue
        sl = 1 if (b0 - a0 == 3 and text[k:k + 1] in _SINGLE_SET) else 0
        m = _DOUBLED.match(text, k + sl)
        if m is not None and (m.group(1) not in NOT_IN_NAME or sl) and m.group(1) not in _KIN_DOUBLED \
                and m.group(1) not in _NOT_PET_DOUBLED and m.group(1) not in PERSON_NOUN_END \
                and (sl or _PET_END.match(text, m.end()) is not None or (finder.freq(m.group(0)) < 20 and _verb_next(finder, text, m.end()))):
            # (with its surname as the first had: 唐果果和唐豆豆两个 — the pair's form says a name, whatever follows)
            out.append((k, m.end()))
    return out


#: Words right before a name typed apart in two characters (叫苗 壮, 住户吉 祥, 本人 晓 东): a naming verb, a role, a
#: person's label.
_APART_CUE = re.compile(f"(?:叫|名叫|叫做|本人|我是|住户|业主|租户|房东|房客|邻居|联系人|户主|签名|署名|(?:{STRONG_LABELS})"
                        # a body or a household's place and 的 (社区的 舒 畅, 楼下的 龙 飞): whose clerk or neighbour
                        "|(?:社区|物业|居委会?|村委会?|街道|办事处|楼上|楼下|隔壁|对门)的)(?:是|为)?[:： ]?$")
_APART_END = frozenset(" ，。！？,.!?；;、：:（()）“”\"\n")


#: Left of two characters typed apart: a verb that takes a person (让, 找, 联系 …) or a building's or a room's 的
#: (7栋的, 1203 的住户); right of them: what is said of a person (来给我回电话, 和他家, 她是, 电话, （人名）).
_APART_PERSON_LEFT = re.compile(f"(?:{BARE_LEFT.pattern[3:-2]}|[栋楼号室0-9] ?的(?:住户|业主|租户|邻居)?) ?$")
_APART_PERSON_RIGHT = re.compile(r" ?(?:来给我|给我回|和他家|和她家|他家|她家|[，,]?[她他]是我|[（(]人名|电话|手机|[（(](?:真名|本名))")


def _apart_person_around(text: str, a: int, b: int) -> bool:
    """Two characters typed apart at text[a:b] stand where a person is named: a verb that takes one or a household's
    building before (让 吴 越 来…, 我是7栋的 宁 波, 1203 的住户 满 仓), or what is said of a person after (… 和他家狗,
    …（人名）, … 电话): see names_typed_apart."""
    return _APART_PERSON_LEFT.search(text, back(text, a, 8), a) is not None or _APART_PERSON_RIGHT.match(text, b) is not None


def _apart_token(text: str, i: int) -> bool:
    """A single Chinese character at ``i`` standing alone between spaces or a boundary."""
    return 0 <= i < len(text) and _han(text[i]) and (i + 1 == len(text) or text[i + 1] in _APART_END)


@lru_cache(maxsize=1)
def _BAIJIAXING_SET() -> frozenset:
    from .name_model import BAIJIAXING

    return frozenset(BAIJIAXING)


def names_typed_apart(finder, text: str) -> list[tuple[int, int]]:
    """A name typed with a space between every character (龙 国 华, 叫 晓 东 ，住…, 叫苗 壮 直接…): three single
    characters apart, a surname then two given-name characters, with no cue; or two after a naming word or a person's
    label (叫, 本人, 住户 …, the first character written against it or not), a surname (苗, 吉 too, everyday
    characters) and any character, or two given-name characters. Typing a name apart is what makes it one: words apart (词语 之间) are two characters or more each, and a
    line typed all apart (创 建 文 明 城 市) is a run of four or more, no name."""
    out = []
    n = len(text)
    for m in _ONE_SPACE.finditer(text):
        i = m.start()
        if i == 0 or not _han(text[i - 1]) or not _apart_token(text, i + 1):
            continue
        a = i - 1
        if a > 0 and _han(text[a - 1]) and _APART_CUE.search(text, back(text, a, 8), a) is None:
            continue  # (…低保 龙: the first character is the end of a word, unless a cue is written against it)
        if a >= 2 and text[a - 1] == " " and _han(text[a - 2]) and not (a >= 3 and _han(text[a - 3])):
            continue  # (a run starts earlier: read from its first character)
        chars = [a, i + 1]
        while chars[-1] + 2 < n and text[chars[-1] + 1] == " " and _apart_token(text, chars[-1] + 2):
            chars.append(chars[-1] + 2)
        if len(chars) > 2 and _APART_CUE.search(text, back(text, a, 8), a + 1) is not None:
            chars = chars[1:]  # ，叫 晓 东 ，: the cue is the run's first character
            a = chars[0]
        word = "".join(text[k] for k in chars)
        if len(chars) <= 4 and _person_cue_apart(text, a, chars[-1] + 1) and _run_reads_as_name(finder, word, text[a - 1:a] in "：:"):
            out.append((a, chars[-1] + 1))  # 我哥 欧 阳 建 华, 联系人 初 桂 兰, 业主：经 纬, 刀 玉 罕（傣族）
            continue
        if len(chars) > 3:
            continue  # 创 建 文 明 城 市: a line typed all apart
        if set(word) & (NOT_IN_NAME | _NEVER_IN_NAME_WORD) or placeholder_name(word):
            continue
        cued = _APART_CUE.search(text, back(text, a, 8), a) is not None \
            or (len(chars) == 2 and _apart_person_around(text, a, chars[-1] + 1))
        sur = word[0] in _SINGLE_SET and word[0] not in _EVERYDAY_SET
        given = all(c in GIVEN_NAME_CHARS for c in word[1:])
        if len(chars) == 3 and given and (sur or (cued and word[0] in _SINGLE_SET | _BAIJIAXING_SET())):
            # (我叫 满 福 珍: after a naming cue any surname of the 百家姓, an everyday character too)
            out.append((a, chars[-1] + 1))
        elif len(chars) == 2 and cued and (word[0] in _SINGLE_SET or (given and word[0] in GIVEN_NAME_CHARS)):
            out.append((a, chars[-1] + 1))
    return out


#: What says a person right after a run typed apart: the person's nationality in brackets (刀 玉 罕（傣族）).
_NATIONALITY_AFTER = re.compile("[（(][\u4e00-\u9fff]{1,3}族[）)]")
#: A word for one's name right before a run typed apart (本名 …, 大名 …, 真名是 …).
_NAME_WORD_BEFORE = re.compile("(?:本名|大名|真名|全名|原名|名字)(?:是|叫|为)?$")
_RUN_END = frozenset("，。！？,.!?；;、：:（()）“”\"\n")


def _person_cue_apart(text: str, a: int, b: int) -> bool:
    """A run of single characters typed apart at text[a:b] stands where a person is named and nothing else: a naming
    word, a person's label or role or a relative right before it, apart by a space or a colon (叫 言 红 梅, 业主：经 纬,
    我婆婆 达 瓦 拉 姆, 联系人 初 桂 兰), or the person's nationality in brackets right after it (刀 玉 罕（傣族）);
    the run ends there (the end, a mark, or a word typed whole after a space)."""
    if b < len(text) and text[b] not in _RUN_END and not (text[b] == " " and not _apart_token(text, b + 1)):
        return False
    if _NATIONALITY_AFTER.match(text, b):
        return True
    k = a
    while k > max(0, a - 2) and text[k - 1] in " :：":
        k -= 1
    if k == a or k == 0 or not _han(text[k - 1]) or (k >= 2 and not _han(text[k - 2]) and _apart_token(text, k - 1)):
        return False  # (a cue typed apart itself, 我 叫 陈 志 强: the line is read whole, see _name_gaps)
    return _APART_CUE.search(text, back(text, k, 8), k) is not None or _NAME_WORD_BEFORE.search(text, back(text, k, 4), k) is not None \
        or any(text[k - n:k] in _KIN_WORDS for n in _KIN_LENGTHS if n <= k) \
        or any(text[k - n:k] in ROLE_WORDS for n in _ROLE_LENGTHS if n <= k)


@lru_cache(maxsize=1)
def _MINORITY_WHOLE() -> re.Pattern:
    return re.compile(f"(?:{_MINORITY_ELEMENT}){{1,2}}")


def _run_reads_as_name(finder, word: str, labelled: bool) -> bool:
    """Two to four characters typed apart read as one name: elements of a minority name (达瓦拉姆), a surname then one
    or two given-name characters or a minority element (欧阳建华, 经纬 after a label's colon, 刀玉罕), or three
    characters, the first no listed surname, the other two given-name characters, none of the first two or three
    making a word (言红梅, 初桂兰). No function character, no word for a person, no dictionary word unless after a
    label's colon (业主：经 纬)."""
    if set(word) & (NOT_IN_NAME | _NEVER_IN_NAME_WORD) or placeholder_name(word) or word in ROLE_WORDS or word in NEVER_NAMES:
        return False
    if _MINORITY_WHOLE().fullmatch(word):
        return True
    sl = 2 if word[:2] in _COMPOUND_SET else 1
    rest = word[sl:]
    if not 1 <= len(rest) <= 2:
        return False
    if len(rest) == 2 and _MINORITY_WHOLE().fullmatch(rest):
        return True
    if not all(c in GIVEN_NAME_CHARS for c in rest) or rest[-1] in PERSON_NOUN_END:
        return False
    if not labelled and finder.freq(word) > 0 and not finder._tag_of(word).startswith("nr"):
        return False
    if sl == 2 or word[0] in _SINGLE_SET or word[0] in _BAIJIAXING_SET():
        return True
    return len(word) == 3 and finder.freq(word[:2]) == 0


#: Characters that go on a name typed apart when a single one stands next to it: see grown_apart.
_GROW_MAX = 4


def grown_apart(finder, text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Name spans grown over the single characters typed apart that continue them (我哥 欧 阳 建 华: 欧阳建 found, 华
    goes with it; 租客 邓晓 梅, 阮氏 花, 米 娜 瓦 尔): a name written a character apart is found in part by rules that
    read two or three characters, and the rest would stand by the placeholder. A character joins on the right when it
    stands alone between a space and a space, a mark or the end, the span starts a token (and is typed apart itself or
    holds two characters at most) and the character is a given
    name's (or one names use) and no function character, or two such characters make an element of a minority name
    (罗 布 次 仁); on the left when it stands alone and is a surname, the span
    ending a token. At most four characters in all; never across a mark or a word typed whole (罗 布 次 仁 家 的 房子:
    家 and 的 stop it)."""
    if not spans:
        return spans
    grew = False
    out = []
    n = len(text)
    for a, b in spans:
        size = sum(1 for k in range(a, b) if _han(text[k]))
        # (a name typed whole of three characters, 阙志远 男, takes nothing: what stands apart after it is another word)
        part = size <= 2 or " " in text[a:b]
        starts_token = part and (a == 0 or not _han(text[a - 1]))
        ends_token = part and (b == n or not _han(text[b]))
        while starts_token and size < _GROW_MAX and b + 1 < n and text[b] == " " and _han(text[b - 1]) and _apart_token(text, b + 1):
            c = text[b + 1]
            if size + 2 <= _GROW_MAX and b + 3 < n and text[b + 2] == " " and _apart_token(text, b + 3) \
                    and _MINORITY_WHOLE().fullmatch(c + text[b + 3]):
                b += 4  # 罗 布 次 仁: an element of a minority name, two characters apart, goes whole
                size += 2
                grew = True
                continue
            if c in NOT_IN_NAME or c in _NEVER_IN_NAME_WORD or c in PERSON_NOUN_END or c in PLACE_AFTER or c in "男女" \
                    or not (c in GIVEN_NAME_CHARS or finder.model.given.get(c, -8.0) > -1.0):
                break
            b += 2
            size += 1
            grew = True
        while ends_token and size < _GROW_MAX and a >= 2 and text[a - 1] == " " and _han(text[a]) and _han(text[a - 2]) \
                and (a == 2 or not _han(text[a - 3])):
            c = text[a - 2]
            if c in _NEVER_IN_NAME_WORD or not (c in _SINGLE_SET or c in _BAIJIAXING_SET()) or c in _EVERYDAY_SET:
                break
            a -= 2
            size += 1
            grew = True
        out.append((a, b))
    return _merged(out, touching=False) if grew else out


#: A note opening on the name of the one it is written to (淑芬 你上次说的…, 建军：你让我写的…): a given name or a full
#: name first in the line, then a space, a comma or a colon and 你 or 您, or a colon alone.
_OPENING_ADDRESS = re.compile(r"^[ —-]*([\u4e00-\u9fff]{2,3})(?:[ ，,]+(?=[你您])|[：:])", re.M)


def _given_pair(finder, text: str, a: int) -> bool:
    """Two characters that names use (the name model's table above 1 each: 建军, 桂兰), whatever the dictionary says,
    no word for a person or a role, no function character: a given name where the frame says one is addressed."""
    pair = text[a:a + 2]
    return all(finder.model.given.get(c, -8.0) > 1.0 and c not in _NEVER_IN_NAME_WORD for c in pair) \
        and pair not in ROLE_WORDS and pair not in NEVER_NAMES and not placeholder_name(pair)


#: A closing dash and two characters ending the line (…请尽快修。——小芳, ——秀英): the writer's given name signing.
_DASH_GIVEN = re.compile(r"(?:——|—|--|－－) ?([\u4e00-\u9fff]{2})[ 。.！!]*$", re.M)


def dash_given_signature(finder, text: str) -> list[tuple[int, int]]:
    """A given name alone after a closing dash at a line's end (——小芳, ——秀英): two characters that names use (see
    _given_pair) or 小/阿 and one, no dictionary word of any weight unless the dictionary tags it a name (——物业,
    ——谢谢, ——小区 stay)."""
    out = []
    for m in finditer_on(_DASH_GIVEN, text, lines_holding(text, "—", "--", "－－")):
        a, b = m.span(1)
        word = text[a:b]
        pet = word[0] in "小阿" and finder.model.given.get(word[1], -8.0) > 1.0 and word not in ROLE_WORDS \
            and word not in NEVER_NAMES and not placeholder_name(word)
        if (pet or _given_pair(finder, text, a)) and (finder.freq(word) < 20 or finder._tag_of(word).startswith("nr")) \
                and word not in FAMOUS and word[1] not in PLACE_AFTER:
            out.append((a, b))
    return out


#: The writer as a child's parent (我是涵涵妈妈, 我是子轩的家长): the child's name before the parent's word.
_PARENT_OF_CHILD = re.compile("(?:我是|我系|我就是|本人是?)[ ]?([\u4e00-\u9fff]{2})[ ]?的?(?:妈妈|爸爸|妈|爸|奶奶|爷爷|外婆|外公|姥姥|"
                              "姥爷|家长|监护人)(?![\u4e00-\u9fff]{0,1}[们])")
#: A note addressed to one's child or partner (写给我女儿：婷婷，…; 给我闺女留个言：朵朵，…): the name after the colon.
_KIN_SALUTATION = re.compile("(?:^|[。！!？?；;，,])[ ]*(?:写|留)?给(?:我|俺)?(?:的|家)?(?:女儿|儿子|闺女|孙女|孙子|外孙女?|宝贝|孩子|老伴|"
                             "老婆|老公|媳妇|爱人)(?:[^：:，,。！!？?]{0,5})[：:][ ]?([\u4e00-\u9fff]{2})(?=[ ，,！!。.、])", re.M)


#: Doubled words for any child, no name (我是囡囡外婆, 宝宝妈妈, 娃娃, 崽崽, 乖乖, 幺幺).
_ANY_CHILD_DOUBLED = frozenset("囡宝娃崽乖幺")


def _child_name(finder, text: str, a: int, addressed: bool = False) -> bool:
    """The two characters at ``a`` can be what a family calls its child: one character doubled that is no word for a
    relative, an animal or a thing and no adverb unless ``addressed`` (涵涵, 朵朵; 天天, 狗狗, 姥姥 stay; 给我女儿：婷婷，
    addresses a name, whatever the dictionary tags 婷婷), or a given name alone (:func:`_given_alone`)."""
    c = text[a]
    if text[a + 1] == c:
        return not (c in _NOT_PET_DOUBLED or c in _ANY_CHILD_DOUBLED or c in NOT_IN_NAME or c in _NEVER_IN_NAME_WORD or c in PLACE_AFTER
                    or c in PERSON_NOUN_END or c in _KIN_DOUBLED or c * 2 in ROLE_WORDS or c * 2 in _CHILD_WORDS
                    or (not addressed and finder.freq(c * 2) > 0 and finder._tag_of(c * 2) in _ADVERB_TAGS))
    return _given_alone(finder, text, a, a + 2, 20)


def named_children(finder, text: str) -> list[tuple[int, int]]:
    """A child's name by which a parent speaks of themself (我是涵涵妈妈, 我是子轩的家长), and the name of a child or a
    partner a note is addressed to (写给我女儿：婷婷，…)."""
    out = []
    for pattern in (_PARENT_OF_CHILD, _KIN_SALUTATION):
        for m in pattern.finditer(text):
            a = m.start(1)
            if _child_name(finder, text, a, pattern is _KIN_SALUTATION):
                out.append((a, a + 2))
    return out


def opening_addressee(finder, text: str) -> list[tuple[int, int]]:
    """The name a note is addressed to, first in a line (淑芬 你上次说的事…, 国强：楼下的灯…): two characters that can
    only be a given name (:func:`_given_alone`), or before 你 or 您 two that names use (:func:`_given_pair`: 建军 你…), or a surname and one or two given-name characters that make no word
    (:meth:`NameFinder._no_name_here`); a label (建议：, 地址：) is a word, a title (王主任：) no name."""
    out = []
    for m in _finditer_at(_OPENING_ADDRESS, text, _line_starts_with(text, _OPENING_ADDRESS)):
        a, b = m.span(1)
        if b - a == 2 and text[a] == "阿":
            continue  # 阿杰：…: 阿 and a character, how one calls someone, kept as every 阿X form is
        sl = surname_length(text, a)
        if b - a == 2 and (_given_alone(finder, text, a, b) or (text[m.end():m.end() + 2].lstrip(" ")[:1] in ("你", "您") and _given_pair(finder, text, a))):
            out.append((a, b))
        elif sl and 1 <= b - a - sl <= 2 and all(c in GIVEN_NAME_CHARS for c in text[a + sl:b]) \
                and finder.freq(text[a:b]) == 0 and not finder._no_name_here(text, a, sl, b):
            out.append((a, b))
    return out


#: A Latin full name after a word that says it is one's whole or real name (她全名 Natasha Ivanova, 护照上的名字：…).
_LATIN_FULL_NAMED = re.compile(r"(?:全名|大名|本名|真名|英文名字?|护照(?:上的)?名字?|名字)(?:是|叫|为)?[ :：]?"
                               r"([A-Z][a-z]{1,11}(?: [A-Z][a-z]{1,13}){1,2})(?![A-Za-z])")
#: A self-introduction in an English sentence (I'm David Thompson, my name is …, this is …).
_ENGLISH_SELF = re.compile(r"(?<![A-Za-z])(?:I'm|I am|[Mm]y name is|[Mm]y name's|[Tt]his is|[Nn]ame:)[ ]+"
                           r"([A-Z][a-z]{1,11}(?: [A-Z][a-z]{1,13}){0,2})(?![A-Za-z])")
#: A closing word of an English note, a comma and the writer's name ending the line (Thanks, Anna; Regards， Priya).
_LATIN_SIGN_OFF = re.compile(r"(?<![A-Za-z])(?:[Tt]hanks|[Tt]hank you|[Mm]any thanks|(?:[Bb]est |[Kk]ind |[Ww]arm )?[Rr]egards|[Bb]est|"
                             r"[Cc]heers|[Ss]incerely|[Yy]ours(?: sincerely| truly)?)[ ]?[,，][ ]*"
                             r"([A-Z][a-z]{1,11}(?: [A-Z][a-z]{1,13})?)[ .。!！]*$", re.M)
#: A Latin given name before a bracket that gives the person's Chinese name (Jenny（中文名：…）).
_LATIN_BEFORE_CHINESE_NAME = re.compile(r"(?<![A-Za-z])([A-Z][a-z]{1,11})[ ]?[（(](?:中文名字?|汉语名字?|真名|本名|大名|全名)")


def latin_full_names(text: str) -> list[tuple[int, int]]:
    """Latin names that the words around them say are names: after 全名, 真名, 名字 … (two or three capitalised words),
    in an English self-introduction (I'm, my name is: the first word on the census list of given names, a second
    word not a place), and before a bracket giving the Chinese name (Jenny（中文名：…）)."""
    out = []
    names, words = latin_given_lists()
    for m in finditer_on(_LATIN_FULL_NAMED, text, lines_holding(text, "名")):
        if m.group(1).split(" ")[0] not in _NOT_FOREIGN_NAME and not _PINYIN_PLACE.match(text, m.end(1)):
            out.append(m.span(1))
    for m in finditer_on(_ENGLISH_SELF, text, lines_holding(text, "I", "y name", "his is", "ame:")):
        parts = m.group(1).split(" ")
        # a given name off the census list (Priya, Ananya, Olumide) is read when a surname follows it: two capitalised
        # words after I'm are a full name unless they close on a place's word (This is Lakeview Garden)
        if (parts[0] in names or parts[0] in words or (len(parts) >= 2 and parts[0] not in _NOT_FOREIGN_NAME
                                                          and parts[0] not in _LATIN_TITLES
                                                          and not _ENGLISH_PLACE_LAST.search(m.group(1)))) \
                and not _PINYIN_PLACE.match(text, m.end(1)):
            out.append(m.span(1))
    # an English note signed after its closing word (Thanks, Anna / Regards, Priya Sharma / Best, Tom): a name on the
    # census list (Tom, Will: its ambiguous words too, in a signature's place), or two capitalised words, before the
    # line's end
    for m in finditer_on(_LATIN_SIGN_OFF, text, lines_holding(text, "hank", "egards", "Best", "heers", "incerely", "ours")):
        parts = m.group(1).split(" ")
        if parts[0] not in _NOT_FOREIGN_NAME and parts[0] not in _LATIN_TITLES and (parts[0] in names or parts[0] in words or len(parts) >= 2) \
                and not _ENGLISH_PLACE_LAST.search(m.group(1)):
            out.append(m.span(1))
    for m in finditer_on(_LATIN_BEFORE_CHINESE_NAME, text, lines_holding(text, "（", "(")):
        if m.group(1) not in _NOT_FOREIGN_NAME:
            out.append(m.span(1))
    # a Latin full name and the same person's name in Chinese or Japanese characters in brackets after it (Emily Zhao
    # （赵艾米）, Kenji Watanabe (渡边健二)): both go; not a place's, a shop's or an organisation's pair (Central Park
    # （中央公园）, the bracket's name ends in a place's or a body's word)
    for m in finditer_on(_LATIN_HAN_PAIR, text, lines_holding(text, "（", "(")):
        if m.group(1).split(" ")[0] not in _NOT_FOREIGN_NAME and not _PINYIN_PLACE.match(text, m.end(1)) \
                and not _NOT_A_PERSON_END.search(m.group(2)) and m.group(2) not in BRANDS \
                and m.group(1).split(" ")[0] not in _LATIN_TITLES \
                and not (surname_length(m.group(2), 0) and _TITLE_AT.fullmatch(m.group(2), surname_length(m.group(2), 0))):
            # (Grandma Li（李婆婆）: a title and a surname in both scripts, no name)
            out += [m.span(1), m.span(2)]
    # an English line opening on the writer's given name and "here" (Ahmed here, from …; Priya here —): a given name
    # on the census list
    for m in finditer_on(_LATIN_HERE, text, lines_holding(text, " here")):
        if m.group(1).split(" ")[0] in names and m.group(1).split(" ")[0] not in _NOT_FOREIGN_NAME:
            out.append(m.span(1))
    return out


_LATIN_TITLES = frozenset(("Grandma", "Grandpa", "Granny", "Grandmother", "Grandfather", "Mr", "Mrs", "Ms", "Miss", "Mister",
                           "Uncle", "Auntie", "Aunt", "Aunty", "Dr", "Doctor", "Teacher", "Old", "Little", "Madam", "Sir",
                           "Professor", "Prof", "Master", "Brother", "Sister", "Officer", "Captain", "Manager", "Director"))
#: A Latin full name, then a bracket holding two to four Chinese characters only (Emily Zhao（赵艾米）).
_LATIN_HAN_PAIR = re.compile(r"(?<![A-Za-z])([A-Z][a-z]{1,11}(?: [A-Z][a-z]{1,13}){1,2}) ?[（(] ?([\u4e00-\u9fff]{2,4}) ?[)）]")
_NOT_A_PERSON_END = re.compile("(?:园|店|馆|路|街|道|区|市|省|县|场|厦|城|中心|公司|集团|银行|学校|大学|学院|医院|酒店|超市|"
                               "小区|公寓|花园|广场|公园|站|港|湾|湖|山|河|桥|寺|塔|宫|楼|所|局|部|院|会|队|社|台|网|报)$")
#: First in a line or a sentence, a capitalised name and "here" (Ahmed here, …).
_LATIN_HERE = re.compile(r"(?:^|(?<=[.!?。！？\n] )|(?<=[。！？\n]))[ ]*([A-Z][a-z]{1,11}(?: [A-Z][a-z]{1,13})?) here(?![A-Za-z])", re.M)


#: A given name written first and the surname after it, as some write abroad (我叫 玛丽 陈, 本人 安娜 刘), or a name in
#: Chinese followed by the same in Latin letters (我叫 安娜 Anna Wong): after a naming word, a word of one to four
#: characters, a space, a surname or a Latin name that ends the clause.
_GIVEN_THEN_SURNAME = re.compile(r"(?:我叫|名叫|叫做|本人|名字是|名字叫)[ ]?([\u4e00-\u9fff]{1,4}) "
                                 r"(?:([\u4e00-\u9fff]{1,2})|([A-Z][a-z]{1,11})(?: [A-Z][a-z]{1,13}){0,2})(?=[，。！？,.!?；;、 ]|$)",
                                 re.M)


def given_then_surname(text: str) -> list[tuple[int, int]]:
    """A name in the order given name, surname, apart by a space, after 我叫, 本人 … (我叫 玛丽 陈，香港过来的), or
    written in Chinese then in Latin letters (我叫 安娜 Anna Wong，…: a first Latin word on the census list)."""
    out = []
    names, words = latin_given_lists()
    for m in finditer_on(_GIVEN_THEN_SURNAME, text, lines_holding(text, "叫", "本人", "名字")):
        if set(m.group(1)) & _NEVER_IN_NAME_WORD:
            continue
        sur, latin = m.group(2), m.group(3)
        if (sur is not None and (sur in _SINGLE_SET or sur in _COMPOUND_SET)) or (latin is not None and (latin in names or latin in words)):
            out.append((m.start(1), m.end()))
    return out


#: A quoted name of a group, a service or an account (“向阳花”志愿服务队, 公众号叫“金辉生活+”): what follows the quote
#: names the thing, or the quote holds more than the name.
#: Characters that end words for things and no given name (吉祥物, 纪念品, 收音机).
_THING_END = frozenset("物品器机馆店厂费证卡表单剧曲站局处")
_QUOTE_OPEN = frozenset("“\"「『《‘")
_QUOTE_CLOSE = frozenset("”\"」』》’")
_THING_AFTER_QUOTE = re.compile("(?:志愿)?(?:服务)?(?:队|团|社|站|群|会|号|协会|工作室|小组|俱乐部|基金|项目|活动|计划|行动|品牌|公众号|"
                                "小程序|平台|栏目|节目|工程|驿站|超市|餐厅|食堂|课堂|学堂|书屋|之家|公司|门店|店|"
                                # a place or a shop the quote names (“向阳花”幼儿园, “刘三姐”主题公园, “王记”面馆)
                                "幼儿园|托儿所|主题公园|公园|广场|花园|乐园|学校|小学|中学|医院|诊所|药房|面馆|饭店|饭馆|餐馆|酒楼|茶楼|"
                                "酒店|宾馆|书店|商场|市场|菜场)")
#: A signboard's word right before the quote (老招牌“李和盛”, 牌匾“…”): the quote holds a shop's name.
_SIGNBOARD_BEFORE = re.compile("(?:招牌|牌匾|字号|老字号|商号)$")


#: A place or a thing, then what names it, right before a quote (小区名叫“…”, 公园的“…”, 这个亭子叫“…”): the quote
#: holds the thing's name (an estate's, a flower bed's, a pavilion's), not a person's.
_THING_NAMED_BEFORE = re.compile("(?:小区|楼盘|楼|公园|花园|园子|花坛|广场|亭子?|长廊|店|超市|饭店|餐馆|路|街|桥|学校|幼儿园|医院|"
                                 "群|队|公众号|项目|活动|工程|节目|品牌|比赛|栏目|牌子|墙|雕塑|景点|景区|门|站|馆|湖|山|河|村|"
                                 "社区|大楼|大厦|园区|空地|角落|池|树|花|菜园|书屋|食堂|驿站)(?:的|名叫|叫做?|名为|名字叫|名字是|"
                                 "取名为?|起名叫|命名为|号称)$")


#: A kind of shop, brand or place right before a list of quoted names (便利店“全家”和“罗森”, 超市“永辉”、“盒马”).
_THING_RIGHT_BEFORE = re.compile("(?:便利店|超市|商场|商店|连锁店?|品牌|牌子|店铺|门店|餐厅|饭店|药店|银行|快递|外卖|平台|"
                                 "奶茶店|咖啡店|快餐店?|App|APP|app|公司|小区|楼盘|公园)(?:[有像如比如是叫]{0,3})$")
#: After such a list: the kind of thing it names (…这些店, …这样的超市, …等品牌).
_THING_LIST_AFTER = re.compile("(?:这些|这样的|那样的|之类的?|等|等等)(?:连锁)?(?:店|便利店|超市|商场|品牌|牌子|门店|餐厅|公司|平台|银行|药店)")
_LIST_QUOTE_JOINS = frozenset("和与及、跟或,，/")


def _quote_end(text: str, open_at: int) -> int:
    """Where the quote opened at ``open_at`` closes (``open_at`` when it does not within 12 characters)."""
    return next((k for k in range(open_at + 1, min(len(text), open_at + 14)) if text[k] in _QUOTE_CLOSE), open_at)


def _quoted_list(text: str, open_at: int) -> tuple[int, int]:
    """The first and last opening quotes of a list of quoted items (“全家”和“罗森”、“美宜佳”) the quote at ``open_at``
    stands in, joined by 和 、 与 … (equal when it stands alone)."""
    first = open_at
    while first >= 2 and text[first - 1] in _LIST_QUOTE_JOINS and text[first - 2] in _QUOTE_CLOSE:
        k = first - 3
        while k >= 0 and k > first - 16 and text[k] not in _QUOTE_OPEN:
            k -= 1
        if k < 0 or text[k] not in _QUOTE_OPEN:
            break
        first = k
    last = open_at
    while True:
        close = _quote_end(text, last)
        if close == last or close + 2 >= len(text) or text[close + 1] not in _LIST_QUOTE_JOINS or text[close + 2] not in _QUOTE_OPEN:
            break
        last = close + 2
    return first, last


def quoted_thing(text: str, a: int, b: int) -> bool:
    """``text[a:b]``, read as a name, opens a quoted name of a thing: the quote is followed by a group's, a service's or
    an account's word (“向阳花”志愿服务队), or it holds more than the name and no title (“金辉生活+”; “王建国同志”
    stays a name), or a place or a thing and what names it stand before the quote (公园名叫“…”, 小区的“…”)."""
    if a == 0 or text[a - 1] not in _QUOTE_OPEN:
        return False
    if _THING_NAMED_BEFORE.search(text, back(text, a - 1, 8), a - 1) or _SIGNBOARD_BEFORE.search(text, back(text, a - 1, 4), a - 1):
        return True
    first, last = _quoted_list(text, a - 1)
    if last > first and (_THING_RIGHT_BEFORE.search(text, back(text, first, 6), first)
                         or _THING_LIST_AFTER.match(text, _quote_end(text, last) + 1)):
        return True  # 便利店“全家”和“罗森”, “美宜佳”、“7-11”这些店: quoted names listed as a kind of thing's
    close = next((k for k in range(b, min(len(text), b + 12)) if text[k] in _QUOTE_CLOSE), None)
    if close is None:
        return False
    if close == b:
        return _THING_AFTER_QUOTE.match(text, b + 1) is not None
    rest = text[b:close]
    return rest not in ROLE_WORDS and _TITLE_AT.fullmatch(rest) is None and not set(rest) & set("、，,和与及")


#: A household's place and 的 before a person (三楼的, 6号楼 的, 隔壁的): who lives there.
_HOUSEHOLD_OF = re.compile(r"(?:[\d一二三四五六七八九十]{1,3}(?:号楼|楼|层|单元|号|栋|幢|座)|楼上|楼下|隔壁|对门|对面|"
                           # a member of the estate's chat group (业主群里的, 群里的): a neighbour known by name
                           r"(?:业主|小区|楼|邻居|微信|家长)?群里)[ ]?的[ ]?$")
_HOUSEHOLD_DE = re.compile("[楼层元号上下壁门面栋幢座里] ?的 ?")
#: What a person says of themself right after the name (…的高峰说他去问过, …自己, 亲自): a word for a thing (通知说…)
#: says no 他 of itself, so a name that is an everyday noun is read as a name here.
_A_PERSON_SAYS_OF_SELF = re.compile("[ ]?(?:(?:说|讲|告诉我们?)(?:他|她)|自己|亲自)")
_ONLY_A_PERSON_AFTER = re.compile(f"[ ]?(?:自己|亲自|{_PERSON_DOES_AFTER.pattern})")


_NAME_TAGS = frozenset(("nr", "nrt", "nrfg", "nz"))


def _word_as_name(finder, word: str, place_words: bool, nouns: bool = False) -> bool:
    """Two characters that may be a name that is also a word (田园, 高峰): a surname that is no everyday character
    first, a word the dictionary tags as a name or a proper noun, or no word (a time word or a place's name too if
    ``place_words``: 夏天, 江山; 白菜, 马路 never), no word for a person or a role, no function character."""
    tag = finder._tag_of(word) if finder.freq(word) > 0 else "nr"
    return len(word) == 2 and all(_han(c) for c in word) and word[0] in _SINGLE_SET and word[0] not in _EVERYDAY_SET \
        and tag in (_NAME_TAGS | {"t", "ns"} | ({"n"} if nouns else set()) if place_words else _NAME_TAGS) and word not in ROLE_WORDS \
        and word not in NEVER_NAMES and word[-1] not in PERSON_NOUN_END and not set(word) & _NEVER_IN_NAME_WORD


def word_names_set_apart(finder, text: str) -> list[tuple[int, int]]:
    """A name that is also a word, where the sentence leaves it nothing else to be: set apart by spaces right after a
    relative (我老公 田园 在外地打工: the writer typed the name as a name), or after a household's place and 的 and
    before what only a person does (三楼的高峰自己买灯泡换的, 隔壁的 江涛 天天…). A word for a thing there (我老公 工资
    低, 三楼的高压锅) is no surname and a word, or is followed by no person's deed."""
    out = []
    for m in _ONE_SPACE.finditer(text):
        a = m.end()
        b = a + 2
        if b > len(text) or (b < len(text) and text[b] != " ") or not any(text[m.start() - k:m.start()] in _KIN_WORDS for k in _KIN_LENGTHS if k <= m.start()):
            continue
        if _word_as_name(finder, text[a:b], place_words=False):
            out.append((a, b))
    for m in _HOUSEHOLD_DE.finditer(text):  # (led by its class: the place's last character, then 的)
        if _HOUSEHOLD_OF.search(text, back(text, m.start(), 6), m.end()) is None:
            continue
        a = m.end()
        word = text[a:a + 2]
        if (_word_as_name(finder, word, place_words=True) and _ONLY_A_PERSON_AFTER.match(text, a + 2)) \
                or (_A_PERSON_SAYS_OF_SELF.match(text, a + 2) and _word_as_name(finder, word, place_words=True, nouns=True)):
            out.append((a, a + 2))
    return out


#: A notice, a board or a sign whose words the writer reports (公告上写着, 宣传栏上写的, 牌子上…): a contact after a
#: label there is the notice's, not the respondent's.
_NOTICE_BEFORE = re.compile(r"(?:公告|告示|通知|公示|宣传栏|公告栏|牌子|海报|横幅|标牌|告示牌|网站|官网|指南|传单|单页)"
                            r"(?:上|里|中)?(?:写着?|写的|贴着|印着|留的|留着|公布的?|标着|注明)[^。！？\n]{0,30}$")
#: A saying quoted from someone (说过，…, 曾说, 有句名言): after a transliterated name, a figure quoted.
_CITED_SAYING_AFTER = re.compile("(?:曾经|曾)?说过|曾说|说得好|有句名言|的名言")
#: Characters of transliterated foreign names (高尔基, 托尔斯泰, 莎士比亚, 爱因斯坦 …), after the first.
_TRANSLITERATION = frozenset("尔基斯夫克德泰士比亚因坦托娃维奇卡罗洛特森逊顿登曼蒙莫纳娜拉莱兰朗勒雷里利伦玛迈米姆穆诺帕佩普"
                             "皮齐契乔舍什施休果歌格戈哈赫霍杰捷金西希茨兹丁妮莉琳莎萨塞赛索苏汀威温沃乌伍辛雅耶伊尼")


#: Characters that transliterate the names of Tibetans, Mongolians, Uyghurs, Kazakhs, the Yi … and of foreigners: every
#: character of the listed elements (:data:`MINORITY_NAME_ELEMENTS`) and of the transliteration set, less the function
#: characters (叫, 和, 都, 那, 多 …: :data:`NOT_IN_NAME`) but those that transliterate often and start no function
#: word (日 of 莫日根, 次 of 次仁 …); a listed element is taken whole (阿布都). A run of them that makes no word of the
#: dictionary reads as such a name (莫日根, 阿布都热西提, 娜迪拉) whether or not a list holds it.
_TRANSLITERATED = (frozenset("".join(MINORITY_NAME_ELEMENTS)) | _TRANSLITERATION) \
    - (NOT_IN_NAME - frozenset("日哈米果次其再且边")) - _NEVER_IN_NAME_WORD
_TRANSLITERATED_PIECE = "(?:" + _MINORITY_ELEMENT + "|[" + "".join(sorted(_TRANSLITERATED)) + "])"
#: Such a run, written together or character by character (木 拉 提, 罗 布 次 仁).
_TRANSLITERATED_RUN = re.compile(_TRANSLITERATED_PIECE + "(?:[ ]?" + _TRANSLITERATED_PIECE + "){1,7}")
_ELEMENT_SET = frozenset(MINORITY_NAME_ELEMENTS)
#: What a person as the subject of a clause is followed by (an optional space first): saying (说, 讲), being somewhere
#: (在), a household (家), what they own (的 and a noun), what they ask or complain of, their nationality in brackets.
_SUBJECT_AFTER = re.compile(r"[ ]?(?:说|讲|在(?![乎意])|家(?![具电乡园])|的[ ]?(?![的了是在有和我你他她说要会很]|时候)[\u4e00-\u9fff]|反映|建议|投诉|"
                            r"[（(][\u4e00-\u9fff]{1,3}族|"
                            # kin named together, a word for an old person, another such name joined to it (…两家,
                            # …老人上周, …和阿…)
                            rf"(?:{_KIN_TOGETHER})|两家|老人|老汉|大叔|大婶|[和跟与、][ ]?(?=[{''.join(sorted(_TRANSLITERATED))}]{{3}}))")
#: What closes a name after a cue (户主：勒布阿果, 村民木呷伍沙，…): the end, a space, a bracket or punctuation.
_CUED_NAME_END = re.compile(r"$|[ ，。！？!?；;、,.：:（()）\n]")


@lru_cache(maxsize=1)
def _transliterated_tables() -> tuple[np.ndarray, np.ndarray]:
    """Code point → may stand in such a run; → may stand right before one that is read (a clause's start, the last
    character of a role's, a relative's or a contact label's word, 是, 为, a colon, a comma)."""
    inside, before = _code_tables(_TRANSLITERATED | frozenset("".join(MINORITY_NAME_ELEMENTS)), _PERSON_CUE_LAST)
    return inside, before


def _transliterated_candidates(text: str) -> np.ndarray:
    """Where a run that :func:`transliterated_names` reads can start: a character of such a run, another after it
    (past one space), and the text's start or a character that may stand before one (the rule's own test follows)."""
    inside, before = _transliterated_tables()
    cp = _code_points(text)
    n = len(text)
    at = np.flatnonzero(inside[cp[:n]])
    at = at[(at == 0) | before[cp[at - 1]]]  # (at 0, cp[-1] is one of the two zeros after the text)
    c1, c2, c3, c4 = (cp[np.minimum(at + k, n + 1)] for k in (1, 2, 3, 4))
    together = inside[c1] & inside[c2]  # three characters together, or apart by spaces (木 拉 提)
    apart = (c1 == 32) & inside[c2] & (c3 == 32) & inside[c4]
    _, pairs = _minority_tables()  # or a listed element of two characters or more (嘎玛)
    key = (cp[at].astype(np.int64) << 16) | c1
    listed = pairs[np.minimum(np.searchsorted(pairs, key), len(pairs) - 1)] == key
    return at[together | apart | listed]


def _transliteration_like(finder, run: str) -> bool:
    """True when ``run`` reads as a transliterated name: a listed element of two characters, or three characters or more
    making no word of the dictionary, neither whole nor two by two (a listed element aside), so that no country,
    city or common word (莫斯科, 巴基斯坦, 阿拉伯的) passes."""
    if run in _ELEMENT_SET and len(run) == 2:
        return finder.freq(run) < 100
    if len(run) < 3 or finder.freq(run) >= 20:
        return False
    return all(finder.freq(run[i:i + 2]) < 50 or run[i:i + 2] in _ELEMENT_SET for i in range(len(run) - 1))


def transliterated_names(finder, text: str) -> list[tuple[int, int]]:
    """A name transliterated from Mongolian, Tibetan, Uyghur, Yi … that no list holds, read by its characters
    (:func:`_transliteration_like`) and its place: the subject of a clause, at the clause's start and before what a
    person does (莫日根 说…, 嘎玛 在社区医院…, 阿布都热西提 的 羊肉串摊, 罗布次仁家的房子), or right after a contact
    label, a role's or a relative's word and before the clause's end (村民木呷伍沙，…; 户主：勒布阿果（彝族）).
    Read on the text as typed: a name typed character by character (木 拉 提 说…) is one run."""
    out = []
    for m in _finditer_at(_TRANSLITERATED_RUN, text, _transliterated_candidates(text)):
        a, end = m.span()
        if " " in text[a:end] and any(len(piece) > 1 for piece in text[a:end].split(" ")):
            end = text.index(" ", a)  # spaces between words, not a name typed character by character: the first word
        b = next((b for b in range(end, a + 1, -1)  # the longest run that reads as a name
                  if text[b - 1] != " " and _transliteration_like(finder, text[a:b].replace(" ", ""))), 0)
        if not b:
            continue
        left = text[a - 1:a]
        lo = back(text, a, 8)
        cued = _CONTACT_BEFORE.search(text, lo, a) is not None or _kin_or_role_before(text, a) \
            or (left == " " and (_CONTACT_BEFORE.search(text, lo, a - 1) is not None or _kin_or_role_before(text, a - 1)))
        if not (cued or a == 0 or left in _CLAUSE_START):
            continue
        if any(famous_at(text, a, k) for k in range(a + 2, b + 1)):
            continue  # 马云, 乌兰 …: a figure's name or a place
        said = _SUBJECT_AFTER.match(text, b)  # (and it stands as a person)
        if said is not None and b - a == 2 and not cued and said.group().lstrip(" ")[0] == "的":
            continue  # 尼玛的物业: one element that is also a word, before 的, says nothing of a person
        if said is not None or (cued and _CUED_NAME_END.match(text, b)):
            out.append((a, b))
    return out


_KANA = re.compile("[\u3041-\u3096\u30a1-\u30fa]")
#: In a Japanese line, a run of three or four kanji standing alone after a sentence's end or the line's start and before
#: a space, a contact or the end (…わかりません。佐藤美咲 misaki@…): the writer's name signing the note.
_KANJI_SIGNATURE = re.compile(r"(?:^|(?<=[。！？!?\n])|(?<=[。！？!?] ))([\u4e00-\u9fff]{3,4})(?=[ ]*(?:$|\n|[（(]|[A-Za-z0-9._%+-]+@))",
                              re.M)


def japanese_signature(finder, text: str) -> list[tuple[int, int]]:
    """A name signing a note written in Japanese (see _KANJI_SIGNATURE): only where the text holds kana, and a run
    that is no dictionary word (read through the Chinese dictionary: 日本人, 说明书 are words) and no place."""
    out, seen = [], set()
    for k in _KANA.finditer(text):  # (line by line: a batch joins many answers, and only a Japanese line is read)
        lo = text.rfind("\n", 0, k.start()) + 1
        if lo in seen:
            continue
        seen.add(lo)
        hi = text.find("\n", k.start())
        hi = len(text) if hi < 0 else hi
        out += [m.span(1) for m in _KANJI_SIGNATURE.finditer(text, lo, hi)
                if finder.freq(m.group(1)) == 0 and not _NOT_A_PERSON_END.search(m.group(1))
                and not any(finder.freq(m.group(1)[j:]) >= 100 for j in range(1, len(m.group(1)) - 1))]
    return out


#: A verb of passing word to or reaching a person, after 请 or 麻烦 (请转告, 请联系, 麻烦通知), or a child's or a relative's
#: word and a naming verb (宝宝叫, 女儿小名叫); then two characters before a clause's end or a pronoun (see
#: names_as_objects).
_CONTACT_VERB = re.compile("(?:请|麻烦|帮我|替我)(?:你|您)?(?:转告|转达给?|联系|通知|告诉|转交给|交给|找一下|找)"
                           "|(?:宝宝|孩子|小孩|儿子|女儿|闺女|孙子|孙女|外孙女?|大宝|二宝|小宝)(?:的)?(?:小名|大名|名字|乳名)?(?:叫做|名叫|叫)")
_OBJECT_NAME = re.compile("[\u4e00-\u9fff]{2}(?=[，,。.！!？?；;、 ]|$|(?:她|他)|一下|一声)", re.M)
#: Words that end a word for a body or a service, no person (联系物业, 通知保洁员, 找居委会): see names_as_objects.
_SERVICE_END = frozenset("员工长师生队处站部办局所会司院业家人们者方户店厂馆")
#: People beside the writer (我邻居, 我朋友, 同事), then a surname and two characters and a word of what they do
#: (在, 说, 天天 …): a full name whose given part may be a word (金春天, 李秋月).
_PEER_DOES = re.compile("在|说|讲|也|又|就|都|天天|每天|经常|总是|老是|跟|和|把|被|家|开|住|是|[，,。 ]")
#: A list of signatures: after 签名 or 签个名 and a colon, names set apart by spaces or 、 (see signed_list).
_SIGNED_LIST = re.compile("签(?:个|了|上)?名(?:如下)?[：:]")
#: A group signing (全体业主, 各位居民, 三楼住户代表): no person's name.
_GROUP_SIGNS = re.compile("^(?:全体|各位|所有)|(?:业主|居民|住户|代表|邻居|群众|党员)$")
_SIGNED_ITEM = re.compile("[ 、，,]*([\u4e00-\u9fff·]{2,7})(?=[ 、，,]|$)", re.M)
#: Two capitalised Latin words after a word for a person (朋友 Tanaka Yuki, 邻居 Maria Lopez), and one after an em dash
#: closing an answer (— Priya): see latin_person_pairs.
_LATIN_PAIR = re.compile(r"([A-Z][a-z]{1,12}) ([A-Z][a-z]{1,12})(?![A-Za-z])")
_DASH_SIGNATURE = re.compile(r"(?:—|——|--|-) ?([A-Z][a-z]{1,12}(?: [A-Z][a-z]{1,12})?)[ .。!！]*$", re.M)


def _names_nobody(w: str) -> bool:
    """An item that names no person whatever stands around it: one led by a pronoun (她老公), a role or a relative, or
    one ending in one (李秀英和老伴), a word that is never a name, or one ending in a service's word (保洁员, 物业处)."""
    return w[0] in "我你他她它这那每各某咱俺您" or any(w[k:] in ROLE_WORDS for k in range(1, len(w) - 1)) \
        or w in ROLE_WORDS or w in NEVER_NAMES or w[-1] in _SERVICE_END


def names_as_objects(finder, text: str) -> list[tuple[int, int]]:
    """A given name as the object of a verb of reaching a person (请转告晓东，…; 请联系梅子，她是…) or what a child is
    called (我家宝宝叫米粒，…): two characters before a clause's end or a pronoun, no role or service word (联系物业,
    通知保洁员), no word that is common and no name in the dictionary (告诉大家: seen 100 times or more, unless tagged as a
    name), nothing that ends in an aspect mark or a particle."""
    out = []
    for m in finditer_on(_CONTACT_VERB, text, lines_holding(text, "请", "麻烦", "帮我", "替我", "叫")):
        o = _OBJECT_NAME.match(text, m.end())
        if o is None:
            continue
        w = o.group()
        if _names_nobody(w) or w[-1] in "了着过的吗呢吧啊呀们" or w[0] in "我你他她它这那大小老阿" \
                or (finder.freq(w) >= 100 and not finder._tag_of(w).startswith("nr")) or finder._tag_of(w).startswith(("v", "ns", "nt")):
            continue
        out.append(o.span())
    return out


def peer_full_names(finder, text: str) -> list[tuple[int, int]]:
    """A full name right after a word for a neighbour, a friend or a colleague and before what they do (我邻居金春天在楼下,
    朋友李秋月说): a common surname of one character and two characters that may make a word (春天), the three no
    dictionary word and the surname with the next character neither (房东说, 王大妈 are not names: a title after)."""
    out = []
    for m in finditer_on(_PEER_BEFORE_AT, text, lines_holding(text, "邻居", "朋友", "同事", "室友", "舍友", "老乡", "街坊", "同学", "发小", "闺蜜", "房东", "租客")):
        a = m.end()
        if surname_length(text, a) != 1 or not _PEER_DOES.match(text, a + 3) or not all(_han(c) for c in text[a:a + 3]):
            continue
        w = text[a:a + 3]
        if finder.freq(w) > 0 or finder.freq(w[:2]) >= 50 or _TITLE_AT.match(text, a + 1) or w[1] in NOT_IN_NAME \
                or any(w[k:] in ROLE_WORDS for k in (1, 2)) or any(w[:k] in ROLE_WORDS or w[:k] in _KIN_CHILD
                                                                  or _PEER_BEFORE_AT.fullmatch(w[:k]) for k in (2, 3)):
            continue
        out.append((a, a + 3))
    return out


_PEER_BEFORE_AT = re.compile("(?:邻居|朋友|同事|室友|舍友|老乡|街坊|同学|发小|闺蜜|房东|租客)")


def signed_list(finder, text: str) -> list[tuple[int, int]]:
    """Names signing a letter in a list after 签名： or 签个名： (王建国 乌兰图雅 阿不都热合曼), whatever their origin: each
    item of two to seven characters set apart by spaces or 、, unless a common word (大家, 全体业主: seen 100 times or
    more) or a role."""
    out = []
    for m in finditer_on(_SIGNED_LIST, text, lines_holding(text, "签")):
        at = m.end()
        while (item := _SIGNED_ITEM.match(text, at)) is not None:
            w = item.group(1)
            at = item.end()
            if finder.freq(w) >= 100 or w in ROLE_WORDS or w[-1] in _SERVICE_END or _GROUP_SIGNS.search(w):
                continue
            out.append(item.span(1))
    return out


#: One household of a list: a door or room number (301, 1202, 3-201, 502室) and the Han run after it up to a
#: separator, written together or apart (301 海玉梅, 503解放军（真名…）, 101 宗 学 礼).
_HOUSEHOLD_ITEM = re.compile(r"((?:\d{1,2}-)?\d{3,4}[室号房]?) ?"
                             r"([\u4e00-\u9fff](?: ?[\u4e00-\u9fff]){1,3})(?=[\s、，,；;。（(]|$)")
_NUMBER_GOES_ON = frozenset("0123456789-ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")  # (before a door: 8-301 …)
_HOUSEHOLD_GAP = re.compile(r"[ \t、，,；;]*")  # (within a line: a batch joins answers by lines)


def _household_number_ends(text: str) -> np.ndarray:
    """Where a run of three or more digits ends before a Han character, straight on, after one space or after 室, 号 or
    房 (301海玉梅, 1202 柯振邦): the doors household_list reads, found over a batch with numpy instead of a regex tried
    at every digit."""
    cp = _code_points(text)
    digit = (cp >= 48) & (cp <= 57)
    han = (cp >= 0x4E00) & (cp <= 0x9FFF)
    n = len(text)
    ends = np.flatnonzero(digit[2:n] & digit[1:n - 1] & digit[:n - 2]) + 2 if n >= 3 else np.zeros(0, np.intp)
    ends = ends[~digit[ends + 1]]
    nxt = cp[ends + 1]
    return ends[han[ends + 1] | ((nxt == 32) & han[np.minimum(ends + 2, n + 1)])]


def household_list(finder, text: str) -> list[tuple[int, int]]:
    """The names in a list of households (加装电梯签字：101 马学军 201 马兰花 301 海玉梅; 具体住户：301汤国栋、402乔美华、
    503解放军（真名…）; a petition's lines 101 宗 学 礼 / 202 闻 芳): two or more door numbers in a row, each with a
    short Han run, set apart by spaces, commas, 、 or lines only. Each run is a household's name whatever its surname,
    unless a word the dictionary knows as something else (同意, 漏水, 空置: a vote or a state, not a name) with no
    remark after it that it is a real name (（真名…）), a role, or a placeholder."""
    out: list[tuple[int, int]] = []
    items = []
    for e in _household_number_ends(text):
        a = e
        while a > 0 and text[a - 1] in _NUMBER_GOES_ON:
            a -= 1  # (the whole run of digits, hyphens and letters: a door is all of it or none)
        m = _HOUSEHOLD_ITEM.match(text, a)
        if m is not None and m.end(1) in (e + 1, e + 2) and not (items and items[-1].start() == a) \
                and 1 <= int(m.group(1).rstrip("室号房")[-2:]) <= 40:
            items.append(m)  # (a room's number ends in its door on the floor, 01 to 40: 3371 in a phone number is none)
    if len(items) < 2:
        return out
    for k, m in enumerate(items):
        listed = any(0 <= k + d < len(items) and _HOUSEHOLD_GAP.fullmatch(
            text, *sorted((items[k + d].end() if d < 0 else m.end(), m.start() if d < 0 else items[k + d].start())))
            is not None for d in (-1, 1))
        if not listed:
            continue
        a, b = m.span(2)
        w = m.group(2).replace(" ", "")
        parts = m.group(2).split(" ")
        if len(parts) > 1 and not (all(len(p) == 1 for p in parts) or (len(parts) == 2 and min(map(len, parts)) == 1)):
            continue  # (101 漏水 严重: words, not a name typed apart)
        if w[0] in "老小阿" or any(w[k:] in _TITLE_SET for k in range(1, len(w))) or w in ROLE_WORDS or w in NEVER_NAMES or placeholder_name(w) or set(w) & _NEVER_IN_NAME_WORD:
            continue
        if any(finder.freq(v) > (0 if v == w else 99) and not finder._tag_of(v).startswith("nr") for v in {w, w[:2]}) \
                and _NAME_REMARK.match(text, b) is None:
            continue
        out.append((a, b))
    return out


#: A deed and 的 closing a clause (…干的, …种的, …弄的): in a cleft sentence (是隔壁村的X干的) the doer stands before it.
_DEED_DONE = re.compile("(?:干|弄|做|搞|种|拆|偷|扔|放|挖|砸|贴|停|堆|画|装|占|倒|泼|堵|剪|砍|烧|踩|撞|挪|拔)的(?=[，。！？,.!?；;\\s]|$|吧|啊|呀|吗|呢)")
_CLEFT_LEFT = frozenset("的是")
_CLEFT_NOT_GIVEN = _NEVER_IN_NAME_WORD - {"有"}  # (有财, 有福, 有田: 有 leads many a rural given name)


def cleft_doers(finder, text: str) -> list[tuple[int, int]]:
    """The doer named in a cleft sentence (是5栋的X种的, 说是隔壁村的X干的, 是301的住户X干的, 是X家干的): a surname and one
    or two given characters right before a deed and 的 at a clause's end, after 的, 是 or a role word, with 是 earlier in
    the clause. Not a dictionary word (施工队, 物业公司), a surname and a title (王师傅), a 老X or 小X form, nor a
    given name the name model finds no name's (是施工队干的)."""
    out: list[tuple[int, int]] = []
    for m in _DEED_DONE.finditer(text):
        e = m.start() - (text[m.start() - 1:m.start()] == "家")
        start = e
        while start > 0 and text[start - 1] not in _CLAUSE_START:
            start -= 1
        if text.find("是", start, e) < 0:
            continue
        for n in (3, 2):
            a = e - n
            if a <= start or not all(_han(c) for c in text[a:e]):
                continue
            sl = surname_length(text, a)
            w = text[a:e]
            given = sum(finder.model.given.get(c, -8.0) for c in w[1:])
            if sl != 1 or text[a - 1] in "老小阿" or set(w[1:]) & _CLEFT_NOT_GIVEN or given < (2.0 if text[a] in _EVERYDAY_SET else -2.5):
                continue  # (the frame is strong: a given name's characters need only a fair ratio together, 有财 too; a
                # surname that is an everyday character, 向春花, a good one)
            if not (text[a - 1] in _CLEFT_LEFT or any(text[a - k:a] in ROLE_WORDS for k in (2, 3) if k <= a)):
                continue
            if w[1:] in _TITLE_SET or w in ROLE_WORDS or (finder.freq(w) > 0 and not finder._tag_of(w).startswith("nr")) \
                    or (finder.freq(w[:2]) >= 100 and not finder._tag_of(w[:2]).startswith("nr")):
                continue
            out.append((a, e))
            break
    return out


#: A writer's relative: a possessive (我, 俺家, 我们家的 …) and a word for a relative or a child (我爸, 我外孙女, 俺家老头子,
#: 我二叔); the name that follows is read by kin_then_predicate.
_MY_KIN = re.compile("(?:我们家|俺们家|咱们家|我家|俺家|咱家|我们|俺们|咱们|我|俺|咱)的?"
                     "(" + "|".join(sorted((w for w in _KIN_CHILD if w[0] not in "我俺他她" and w not in _ORGANISATIONS and len(w) > 1),
                                           key=len, reverse=True))
                     + "|[大二三四五六七八九小老]?[叔舅姨姑伯哥姐弟妹爸妈]|太公|太婆|老头子|老太婆|老头|老太) ?(?=[\u4e00-\u9fff])")
_MINORITY_ELEMENT_AT = re.compile(_MINORITY_ELEMENT)
_MINORITY_FIRST = frozenset(w[0] for w in MINORITY_NAME_ELEMENTS)
_PREDICATE_TAGS = frozenset(("v", "f", "p", "d", "c", "u", "vn", "ad"))


def kin_then_predicate(finder, text: str) -> list[tuple[int, int]]:
    """A relative's name right after the writer's word for them and before what is said of them (我妈次仁卓玛膝盖不好,
    我二叔邝国权住在隔壁街, 我外孙女格桑梅朵上二年级, 俺家老头子岳长山冻得直咳嗽): the longest run of two to five
    Han characters that ends where a word starts (膝盖, 住, 上, 七十多岁: a dictionary word or a common character, no word
    across the cut) and reads as a name: a surname and one or two given characters the name model rates fair, a
    name of minority elements (次仁卓玛, 乌云毕力格), or two characters of a given name rated well (心怡). Not a
    dictionary word (高考, 周末, 江西), a title, nor a relative's word again."""
    out: list[tuple[int, int]] = []
    for m in _MY_KIN.finditer(text):
        e = m.end()
        c = text[e]
        if not (c in _SINGLE_SET or c in _MINORITY_FIRST or finder.model.given.get(c, -8.0) >= -1.5):
            continue  # (我妈身体…: no name starts with that character; a quick look before the runs are read)
        if finder.freq(text[m.start(1):e + 1].replace(" ", "")) > 0:
            continue  # (我家小孩|子轩轩: the relative's word goes on, 小孩子)
        run = e
        while run < len(text) and run - e < 6 and _han(text[run]):
            run += 1
        for n in (5, 4, 3, 2):
            w = text[e:e + n]
            if len(w) < n or not all(_han(c) for c in w):
                continue
            nxt = e + n
            if n == 2 and run - e == 3:
                continue  # (我妈 侬春花 壮族: a run of three that ends apart is the name whole or none; not cut to two)
            if nxt < len(text) and _han(text[nxt]) and not (finder.freq(text[nxt:nxt + 2]) >= 50
                                                            or finder.freq(text[nxt]) >= 500
                                                            or text[nxt] in _CHILD_NUMERALS):
                continue  # (what follows starts no word: the run goes on into it)
            if n >= 3 and finder.freq(w[-1]) >= 10000 and finder._tag_of(w[-1]) in _PREDICATE_TAGS:
                continue  # (格桑梅朵上|二年级: a common verb or preposition last is what is said of the person)
            if nxt < len(text) and any(finder.freq(text[i:j]) >= 20 for i in (nxt - 2, nxt - 1) for j in (nxt + 1, nxt + 2)
                                       if i >= e and j - i in (2, 3) and j <= len(text)):
                continue  # (陈一诺放|学, 扎西顿珠高|血压: a word across the cut)
            if (finder.freq(w) > 0 and not finder._tag_of(w).startswith("nr")) or w in ROLE_WORDS or w in _KIN_CHILD \
                    or (n >= (3 if not surname_length(w, 0) else 4) and finder.freq(w[-2:]) >= 50
                        and not finder._tag_of(w[-2:]).startswith("nr")) \
                    or any(w[k:] in _TITLE_SET for k in range(1, n)) \
                    or (finder.freq(w[:2]) >= 100 and not finder._tag_of(w[:2]).startswith("nr")):
                continue
            if _kin_name_like(finder, w):
                out.append((e, nxt))
                break
    return out


def _kin_name_like(finder, w: str) -> bool:
    """``w`` reads as a person's name after a relative's word: see kin_then_predicate. Not a 老X, 小X or 阿X form (小宝),
    nor a doubled pet name (轩轩: child_pet_names reads those)."""
    if len(w) == 2 and (w[0] in "老小阿" or w[0] == w[1]):
        return False
    if _MINORITY_RUN.fullmatch(w) is not None or (_MINORITY_ELEMENT_AT.match(w) is not None and len(w) >= 3):
        return True  # (岩温, 次仁卓玛; 格桑梅朵: an element and more)
    if set(w) & NOT_IN_NAME:
        return False
    sl = surname_length(w, 0)
    ratios = [finder.model.given.get(c, -8.0) for c in w[sl:]]
    if not ratios:
        return False
    if sl and 1 <= len(w) - sl <= 2 and w[0] not in _EVERYDAY_SET:
        return min(ratios) >= -1.5 and sum(ratios) >= 0
    return len(w) == 2 and min(ratios) >= -1.5 and sum(ratios) >= 1.5


#: Twins' or siblings' doubled given names after 叫 (双胞胎叫一一和二二, 两个孩子叫乐乐、安安): a child or a relative
#: before, two doubled characters joined after.
_DOUBLED_PAIR = re.compile("叫(?:做)?([\u4e00-\u9fff])\\1(?:和|、|与|跟|还有)([\u4e00-\u9fff])\\2")
_CHILDREN_BEFORE = re.compile("双胞胎|龙凤胎|孩子|小孩|宝宝|儿子|女儿|闺女|孙子|孙女|外孙|姐妹|兄弟|姐弟|兄妹|俩|两个")


def doubled_pair_named(text: str) -> list[tuple[int, int]]:
    """Two doubled given names after 叫 when children or relatives are spoken of just before (我们家双胞胎叫一一和二二):
    what a family calls its children, whatever the characters (numerals too)."""
    out = []
    for m in _DOUBLED_PAIR.finditer(text):
        if _CHILDREN_BEFORE.search(text, back(text, m.start(), 8), m.start()) is None:
            continue
        out += [(m.start(1), m.start(1) + 2), (m.start(2), m.start(2) + 2)]
    return out


#: Two capitalised Latin words joined in Chinese text and counted as people after (Grace和Leo两个孩子, Tom、Jerry俩):
#: see latin_counted_people.
_LATIN_COUNTED = re.compile(r"(?<![A-Za-z])([A-Z][a-z]{1,11}) ?(?:和|与|跟|、|及) ?([A-Z][a-z]{1,11}) ?"
                            r"(?=(?:两|俩|几|三)个?(?:孩子|小孩|小朋友|宝宝|娃|人|姐妹|兄弟|姐弟|兄妹|学生|同学|朋友)|俩|他们|她们)")


def latin_counted_people(text: str) -> list[tuple[int, int]]:
    """Latin given names joined and then counted as children or people (Grace和Leo两个孩子没地方玩, Mia、Noah俩): the
    count says they are persons, whatever the words (Grace, Will are English words too)."""
    out = []
    for m in _latin_finditer(_LATIN_COUNTED, text):
        out += [m.span(1), m.span(2)]
    return out


#: An item joined to a name found (王建国、李秀英、过宏亮; 张小雨和木呷阿依两个小姑娘): the Han item runs to a clause's end,
#: or to a word that counts or gathers the people just named.
_MATE_JOIN = re.compile(r" ?(?:、|和|与|及|跟) ?")
_MATE_END = r"(?=$|[\s，。！？、；：,.!?;:（(）)]|两个|俩|几个|等人|等|都|一起|他们|她们)"
_MATE_HAN = re.compile(rf"([\u4e00-\u9fff]{{2,4}}?){_MATE_END}")
# (one Latin word, closed like a Han item: Hello Kitty, Apple手机 are brands)
_MATE_LATIN = re.compile(rf"([A-Z][a-z]{{2,11}})(?! [A-Z]){_MATE_END}")


def list_mates(finder, text: str, found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The item after a name found, in a list of people (业委会成员：王建国、李秀英、过宏亮; 学生代表：…、Amir): a
    surname outside the lists, a minority or a foreign name, whose neighbour tells that it is a person's. Not a
    common word (物业, 大家: seen 50 times or more, unless as a name), a role or a relative (王建国和物业, 李秀英和
    老伴, 她老公), nor an item that starts with one (王建国与社区协商) or a pronoun, nor a 老X/小X/阿X form; the finder's guards then read it
    like any other candidate."""
    out = []
    covered = _Covered(found)
    for a, b in found:
        j = _MATE_JOIN.match(text, b)
        if j is None or j.end() == b:
            continue
        at = j.end()
        if at in covered:
            continue  # (the item is read already)
        m = _MATE_LATIN.match(text, at) if text[at:at + 1].isascii() else _MATE_HAN.match(text, at)
        if m is None:
            continue
        w = m.group(1)
        if _names_nobody(w) or w in _NOT_FOREIGN_NAME or placeholder_name(w) or (len(w) == 2 and w[0] in "老小阿") \
                or any(finder.freq(v) >= 50 and not finder._tag_of(v).startswith("nr") for v in {w, w[:2]}):
            continue
        out.append(m.span(1))
    return out


#: A listed Latin given name and a surname after it (Maria Santos-Cruz, Kevin O'Donnell, Tom Brennan): the given
#: name says a person is named, whatever stands around it.
_GIVEN_SURNAME = re.compile(r"(?<![A-Za-z'])([A-Z][a-z]{1,11}) ((?:O'|Mc|Mac|D')?[A-Z][a-z]{1,14}(?:-[A-Z][a-z]{1,14})?)(?![A-Za-z'])")
#: Last words of places, buildings and institutions beyond _ENGLISH_PLACE_LAST's (Victoria Park, Grace Church).
_PLACE_OR_BODY_LAST = frozenset("Park Harbour Harbor Station Airport University College Bridge River Lake Hill Hills "
                                "Mountain Church Temple Library Museum Stadium Market Street Road Hall Club Cafe Bar "
                                "Restaurant Company Group Bank Kindergarten Academy Institute Bakery Salon Studio Pub "
                                "Kitchen Clinic Pharmacy Gym Spa Boutique Deli Grill Bistro Cinema Theatre Theater Mosque "
                                "Chapel Cathedral Supermarket Coffee Tea Pizza Burger House Inn Lodge Hostel Nursery Gallery "
                                "Ltd Inc Co Foundation Fitness Dental Beauty Pet Pets Laundry Books Bookstore Florist Motors "
                                "Auto Tours Travel Realty Properties School Shop Store Mall Hotel Hospital Center Centre".split())
#: Before a figure's name: liking, likening, reading or watching it (喜欢 Harry Potter, 像 Michael Jordan, like Steve Jobs).
_FIGURE_BEFORE = re.compile(r"(?:喜欢|爱看|爱读|看过|读过|像|好像|如|比如|例如|偶像|明星|球星|歌手|作家|电影|小说|粉丝|"
                            r"[Ll]ike|[Aa]s|[Tt]han|[Ff]an of|[Rr]ead|[Ww]atch(?:ed)?)[ ]?$")
#: After a figure's name: its books, films, likes, kind (Harry Potter 的书, Michael Jordan 那样的球星).
_FIGURE_AFTER = re.compile(r"[ ]?(?:的(?:书|电影|小说|歌|球衣|海报|同款|粉丝)|那样|这样|一样|式的|似的|般的|'s (?:books?|films?|movies?|songs?))")


_NEXT_LATIN_WORD = re.compile(r" ([A-Z][a-z]+)")
#: What says the full name is someone's who writes or is written to (call Maria Santos-Cruz, — Lena Hoffmann, Thanks,
#: Kevin O'Donnell, 交换生 Sophie Martin, …, тел.): a famous or a fictional one (喜欢 Harry Potter, 像 Michael Jordan)
#: has none of these.
_FULL_NAME_LEFT = re.compile(r"(?:call|Call|contact|Contact|reach|Thanks|Thank you|Regards|Cheers|Sincerely|Best|Yours|"
                             r"I'm|I am|name is|appelle|je suis|[Ss]igned|[Ff]rom|[dD]ad|[mM]om|[mM]um)[,，:：.]? ?$"
                             r"|[—–-] ?$|[:：] ?$|(?:生|民|户|主|员|者|师|长|人|叫|是) ?$")
_FULL_NAME_RIGHT = re.compile(r" ?[,，]? ?(?:tel|Tel|TEL|phone|Phone|电话|手机|联系|тел|[（(]|\d)")
_DOOR_NUMBER_BEFORE = re.compile(r"\d ?$")


def listed_given_surname(text: str) -> list[tuple[int, int]]:
    """A full name in Latin letters whose first word is a listed given name that is no English word (Maria, Kevin,
    Lena; not Grace, Will: see latin_given_lists) and whose second is a surname's shape (capitalised, O'Donnell,
    Santos-Cruz) and no English word, wherever it stands (…is always locked. Sophie Laurent; 本人俄罗斯籍，Natalia
    Smirnova), unless words around it make it a figure's and none makes it a writer's or a contact's
    (_FULL_NAME_LEFT, _FULL_NAME_RIGHT); not a place, a building or an institution (Victoria Park, Linda Bakery, Tai
    Koo Road), nor a word that is no name.
    """
    names, words = latin_given_lists()
    out = []
    for m in _latin_finditer(_GIVEN_SURNAME, text):  # (led by a look-behind: looked for on the Latin lines only)
        first, last = m.groups()
        if first not in names or first in words or last in _NOT_FOREIGN_NAME or _english_word(last):
            continue
        if not (_FULL_NAME_LEFT.search(text, back(text, m.start(), 12), m.start()) or _FULL_NAME_RIGHT.match(text, m.end())) \
                and (_FIGURE_BEFORE.search(text, back(text, m.start(), 8), m.start()) or _FIGURE_AFTER.match(text, m.end())
                     or f"{first} {last}".lower() in PINYIN_FAMOUS or _ONE_SYLLABLE.fullmatch(first)):
            continue  # (喜欢 Harry Potter 的书, 像 Michael Jordan 那样的球星: a figure; Long Live, Ming Tombs: a pinyin
            # syllable first, read by the pinyin readers; with no cue, any other pair is a name)
        after = _NEXT_LATIN_WORD.match(text, m.end())
        if (_DOOR_NUMBER_BEFORE.search(text, back(text, m.start(), 2), m.start()) and after is not None) \
                or any(w in _PLACE_OR_BODY_LAST or _ENGLISH_PLACE_LAST.search(" " + w) for w in (last, after and after.group(1))
                       if w):
            continue  # (12 Tai Koo Road: a road's name after its number and before its word; ext.12 Pierre Dubois, a name)
        out.append(m.span())
    return out


def latin_person_pairs(text: str) -> list[tuple[int, int]]:
    """Two capitalised Latin words right after a word for a person in Chinese text (像我的朋友 Tanaka Yuki, 邻居 Maria
    Lopez: a name in any order, of any origin) and a Latin name after a dash closing the answer (… again. — Priya): a
    signature. Not a place (Sunshine Garden: a place word last) nor a word that is no name (Hello, The)."""
    out = []
    for m in _latin_finditer(_LATIN_PAIR, text):
        a = m.start()
        k = a - (text[a - 1:a] == " ")
        if not (_LATIN_PERSON_BEFORE.search(text, back(text, k, 5), a) or _kin_or_role_before(text, k)):
            continue
        if m.group(1) in _NOT_FOREIGN_NAME or _ENGLISH_PLACE_LAST.search(m.group()) or _PINYIN_PLACE.match(text, m.end()) \
                or (_ONE_SYLLABLE.fullmatch(m.group(1)) and _ONE_SYLLABLE.fullmatch(m.group(2))):
            continue  # (two pinyin syllables, 朋友 Feng Shui, 大妈 Da Ma: read by the pinyin readers, which know terms)
        out.append(m.span())
    for m in _latin_finditer(_DASH_SIGNATURE, text):
        w = m.group(1)
        if w.split(" ")[0] in _NOT_FOREIGN_NAME or _ENGLISH_PLACE_LAST.search(w) or _PINYIN_PLACE.fullmatch(w, max(w.rfind(" "), 0)):
            continue
        out.append(m.span(1))
    return out


# Names of other naming systems, each read by its own shape in a context that says a person (see other_systems).
#: Vietnamese names written in Han: a surname of the commonest Vietnamese ones (Nguyễn 阮, Trần 陈, Lê 黎, Phạm 范,
#: Hoàng/Huỳnh 黄, Phan 潘, Vũ/Võ 武, Đặng 邓, Bùi 裴, Đỗ 杜, Hồ 胡, Ngô 吴, Dương 杨, Lý 李), 氏 (Thị, a woman's middle
#: name), and one or two given characters: 阮氏香. Not before what makes 陈氏 a clan or a school (陈氏太极, 李氏宗祠).
_VIET_HAN = re.compile("([阮陈黎范黄潘武邓裴杜胡吴杨李]氏)([\u4e00-\u9fff]{1,2})")
_CLAN_AFTER = re.compile("家族|宗族|宗祠|祠堂|族谱|族人|太极|兄弟|集团|企业|后人|子孙|一族|门下|家|族|之|所|为|的祖")
#: Vietnamese names in Latin letters: a common surname (as above, with or without diacritics), the middle name Thị or
#: Văn (a woman's, a man's), and a capitalised given name: Nguyen Thi Hoa, Tran Van Nam.
_VIET_LATIN = re.compile("(?<![A-Za-z\u00c0-\u024f])(?:Nguy[eễ]n|Tr[aầ]n|L[eê]|Ph[aạ]m|Ho[aà]ng|Hu[yỳ]nh|Phan|V[uũ]|V[oõ]|"
                         "[ĐD][aặ]ng|B[uù]i|[ĐD][oỗ]|H[oồ]|Ng[oô]|D[uư][oơ]ng|L[yý])"
                         " (?:Th[iị]|V[aă]n)(?: [A-Z\u00c0-\u00de\u0110][a-z\u00df-\u024f\u1ea0-\u1ef9]+){1,2}(?![A-Za-z\u00c0-\u024f])")
_VIET_MIDDLE = re.compile(" (?:Th[iị]|V[aă]n) [A-Z\u00c0-\u00de\u0110]")
#: Korean names in Hangul: a surname of the commonest (Statistics Korea's census: 김 이 박 최 정 강 조 윤 장 임 한 오 서
#: 신 권 황 안 송 류 유 전 홍 고 문 양 손 배 백 허 남 심 노 하 곽 성 차 주 우 구 민 진 지 엄 채 원 천 방 공 현 함 변 염
#: 여 추 도 소 석 선 설 마 길 연 위 표 명 기 반 왕 금 옥 육 인 맹 제 모 탁 국 어 은 편 용 예 경 봉 사 부, and the
#: two-syllable 남궁 황보 제갈 선우 독고) and one or two syllables, in a person's context: 我是韩国人 김민수, 저는 김민수입니다.
_KO_SURNAMES = ("남궁|황보|제갈|선우|독고|[김이박최정강조윤장임한오서신권황안송류유전홍고문양손배백허남심노하곽성차주우구민진지엄채원천방"
                "공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예경봉사부]")
_HANGUL_NAME = re.compile(f"(?<![\uac00-\ud7a3])((?:{_KO_SURNAMES})[\uac00-\ud7a3]{{1,2}})"
                          "(?=입니다|이에요|예요|이라고|라고|씨|님|[^\uac00-\ud7a3]|$)")
_KO_BEFORE = re.compile("(?:我是|我叫|名叫|名字是?|韩国人|朝鲜族|韩国|저는|제 이름은|이름은|이름:|성함은?|"
                        "[A-Z][a-z]+(?:[ -][A-Z]?[a-z]+){1,2})[ ：:，,]{0,2}$")
_KO_AFTER = re.compile("입니다|이에요|예요|이라고|라고 합니다|씨")
#: Japanese names in kanji: a surname of the commonest (the national rankings' first fifty: 佐藤 鈴木 高橋 田中 伊藤
#: 渡辺 山本 中村 小林 加藤 吉田 山田 佐々木 山口 松本 井上 木村 林 斎藤 清水 山崎 森 池田 橋本 阿部 石川 山下 中島 石井
#: 小川 前田 岡田 長谷川 藤田 後藤 近藤 村上 遠藤 青木 坂本 斉藤 福田 太田 西村 藤井 金子 岡本 藤原 中野 三浦, as read
#: through the simplified forms) and one or two given kanji, after 私は/名前は or before です/と申します/さん: 私は佐藤美咲です.
_JA_SURNAMES = ("佐藤|铃木|高桥|田中|伊藤|渡边|山本|中村|小林|加藤|吉田|山田|佐佐木|佐々木|山口|松本|井上|木村|斋藤|斎藤|清水|"
                "山崎|池田|桥本|阿部|石川|山下|中岛|石井|小川|前田|冈田|长谷川|藤田|后藤|近藤|村上|远藤|青木|坂本|齐藤|"
                "斉藤|福田|太田|西村|藤井|金子|冈本|藤原|中野|三浦")
_JA_NAME = re.compile(f"(?:(?<=私は)|(?<=わたしは)|(?<=僕は)|(?<=名前は)|(?<=なまえは)|(?<=我叫)|(?<=我是))"
                      f"((?:{_JA_SURNAMES})[\u4e00-\u9fff]{{1,2}})(?=です|と申|といい|と言|でございます|さん|様|[。、，,！! ]|$)"
                      f"|((?:{_JA_SURNAMES})[\u4e00-\u9fff]{{1,2}})(?=です|と申します|といいます|と言います|でございます)", re.M)


def other_systems(finder, text: str) -> list[tuple[int, int]]:
    """Names of other naming systems, each by its shape where the text says a person: Vietnamese names in Han
    (阮氏香: a Vietnamese surname, 氏 and a given name, no clan's word after) and in Latin letters (Nguyen Thi Hoa);
    a married woman's two surnames and her given name after a naming word (本名林许罔市); Korean names in Hangul after
    a cue or before 입니다 (我是韩国人 김민수); Japanese names in kanji after 私は, 名前は or before です (私は佐藤美咲です)."""
    out = []
    if "氏" in text:
        for m in _VIET_HAN.finditer(text):
            a, g = m.start(), m.end(1)
            given = m.group(2)
            if len(given) == 2 and not _given_char(finder, given[1]):
                given = given[:1]  # 阮氏香说: one given character, then what is said
            b = g + len(given)
            if _CLAN_AFTER.match(text, g) or not _given_char(finder, given[0]) \
                    or _CLAN_AFTER.match(text, b) or (a and text[a - 1] in _SINGLE_SET):
                continue
            out.append((a, b))
    if _VIET_MIDDLE.search(text) is not None:
        out += [m.span() for m in _VIET_LATIN.finditer(text)]
    for m in (_scan(_DOUBLE_SURNAME, text) if "名" in text or "叫" in text or "户主" in text else ()):
        a = m.start(1)
        given = text[a + 2:a + 4]
        if len(given) == 2 and all("\u4e00" <= c <= "\u9fff" and c not in _FUNCTION_CHARS for c in given) \
                and (a + 4 == len(text) or not "\u4e00" <= text[a + 4] <= "\u9fff") and finder.freq(text[a:a + 2]) < 100 \
                and finder.freq(given) < 1000:  # (罔市, 罔腰: old Taiwanese given names use characters names rarely do)
            out.append((a, a + 4))
    if _HANGUL.search(text) is not None:
        for m in _HANGUL_NAME.finditer(text):
            a, b = m.span(1)
            if _KO_BEFORE.search(text, back(text, a, 30), a) or _KO_AFTER.match(text, b):
                out.append((a, b))
    if _KANA.search(text) is not None:
        out += [m.span(1) if m.group(1) else m.span(2) for m in _JA_NAME.finditer(text)]
    return out


def _given_char(finder, c: str) -> bool:
    """Whether ``c`` may be a given name's character: not one no name holds, and a given-name ratio of the name model's
    of 0 or more."""
    return c not in NOT_IN_NAME and finder.model.given.get(c, -8.0) >= 0


_FUNCTION_CHARS = frozenset("的了是在有和与及我你他她它这那就都也还又不没很把被给对从让说")
#: A married woman's two surnames (Taiwan, Hong Kong: her husband's, then her own) and a given name of two characters,
#: after a naming word: 本名林许罔市, 我叫陈李婉霞. Both surnames of the common single ones (no everyday character).
_DOUBLE_SURNAME = re.compile("(?:本名|全名|原名|真名|大名|名叫|我叫|她叫|叫做|户主|姓名|签名|名字是|名字叫)(?:是|为)?[：: ]?"
                             f"([{''.join(sorted(set(SINGLE_SURNAMES[:400]) - set(EVERYDAY_SURNAMES)))}]{{2}})")
_HANGUL = re.compile("[\uac00-\ud7a3]")


_HYPHEN_TAIL = re.compile("-[a-z]{2,6}(?![A-Za-z])")


def _hyphen_tail(text: str, b: int) -> int:
    """The end of a Latin name at ``b`` with the rest of a hyphenated given name (Kim Soo-jin, Chen Mei-ling: the
    second syllable in lower case after a hyphen, as Korean and Taiwanese romanisations write it)."""
    if b and text[b - 1].isascii() and text[b - 1].isalpha():
        m = _HYPHEN_TAIL.match(text, b)
        if m is not None:
            return m.end()
    return b


# ---- Latin names with no cue: a given name on the census list and a capitalised word after it; a name after a
# ---- naming verb of another language; a single given name after a word for a person in English or French

#: Naming verbs of other languages (je m'appelle, me llamo, mi nombre es, mi chiamo, ich heiße, mein Name ist, meu nome
#: é, nama saya): what follows is a name, on a list or not. (The name finder reads the text with its accents folded,
#: read_simplified: heiße as heise, Lucía as Lucia.)
_NAMING_VERBS = (r"[Jj]e m['’]appelle|[Mm]e llamo|[Mm]i nombre es|[Mm]i chiamo|[Ii]ch heis?se|[Mm]ein Name ist|[Mm]eu nome e|"
                 r"[Mm]e chamo|[Nn]ama saya(?: adalah)?")
_FOREIGN_NAMING = re.compile(r"(?<![A-Za-z])(?:" + _NAMING_VERBS + r"|[Mm]on nom est|[Ii]l mio nome e|"
                             r"[Mm]eu nome|[Nn]ome:|[Nn]om ?:|[Nn]ombre ?:)[ ]+"
                             r"([A-Z][a-z]{1,13}(?:-[A-Za-z][a-z]{1,13})?(?: [A-Z][a-z]{1,13}){0,2})(?![A-Za-z])")
#: The same verbs and "my name is" before a name typed in small letters (my name is john smith, je m'appelle claire
#: dubois): the first word a name unless an English word no list holds as a given name (my name is not…), the second
#: unless an English word (…john and I live…).
_NAMING_LOWER = re.compile(r"(?<![A-Za-z])(?:[Mm]y name is|[Mm]y name's|[Mm]ein name ist|" + _NAMING_VERBS + r")[ ]+"
                           r"([a-z]{2,13})(?: ([a-z]{2,13}))?(?![A-Za-z])")
#: A possessive and a word for a person in English, French, Spanish, Italian or German right before a capitalised
#: word (my wife Anna, our son Oliver, mon mari Pierre, mi hija Lucía).
_PERSON_WORD_LATIN = re.compile(
    r"(?<![A-Za-z])(?:[Mm]y|[Oo]ur|[Hh]is|[Hh]er|[Mm]on|[Mm]a|[Mm]es|[Mm]is?|[Ss]u|[Mm]eine?|[Ii]l mio|[Ll]a mia) "
    r"(?:(?:little|older|younger|elder|eldest|youngest|baby|late|ex-|new|old|best|next-door) )?"
    r"(?:wife|husband|son|daughter|kid|child|boy|girl|baby|mom|mum|mother|dad|father|parents?|friend|neighbou?r|roommate|"
    r"flatmate|housemate|landlord|landlady|tenant|colleague|partner|fiancee?|boyfriend|girlfriend|grandson|granddaughter|"
    r"grandma|grandpa|grandmother|grandfather|brother|sister|aunt|uncle|cousin|nephew|niece|nanny|helper|maid|"
    r"mari|femme|fils|fille|voisine?|ami|amie|esposa|esposo|marido|hij[oa]|vecin[oa]|amig[oa]|marito|moglie|figli[oa]|"
    r"vicin[oa]|Frau|Mann|Sohn|Tochter|Nachbarin|Nachbar|Freundin|Freund)[,，]? ([A-Z][a-z]{1,13})(?![A-Za-z])")


def _english_word(word: str) -> bool:
    """Whether a capitalised word is an English word of the topic glossary or a common one (Bus, Please)."""
    from .variants import english_words  # (loaded when a Latin word is first read, as the glossary is)

    return word.lower() in english_words()


def latin_names_anywhere(text: str) -> list[tuple[int, int]]:
    """Latin names that need no cue in Chinese: one to three capitalised words after a naming verb of another
    language (je m'appelle Amadou Diallo, Mi nombre es Carlos Mendoza), on a list or not; and a given name on the list,
    or one that is no English word, after a possessive and a word for a person in English, French, Spanish, Italian
    or German (my wife Anna, mon mari Pierre). (A given name and a surname with no cue at all: listed_given_surname.)"""
    names, words = latin_given_lists()
    out = []
    for m in _latin_finditer(_FOREIGN_NAMING, text):
        if m.group(1).split(" ")[0] not in _NOT_FOREIGN_NAME and not _PINYIN_PLACE.match(text, m.end(1)):
            out.append(m.span(1))
    for m in _latin_finditer(_NAMING_LOWER, text):
        first, second = m.group(1), m.group(2)
        if _english_word(first) and first.capitalize() not in names:
            continue
        out.append((m.start(1), m.end(2) if second and not _english_word(second) else m.end(1)))
    for m in _latin_finditer(_PERSON_WORD_LATIN, text):
        w = m.group(1)
        if (w in names or w in words or not _english_word(w)) and w not in _NOT_FOREIGN_NAME and w not in _LATIN_TITLES:
            out.append(m.span(1))
    return out
