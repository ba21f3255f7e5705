"""A learned scorer for the name right after a strong person cue, whatever its surname.

The rules of :mod:`.names` and the name model (:mod:`.name_model`) want a listed surname, or a given name of
listed characters, or a cue of their own. A name with neither leaks: 我妈次仁卓玛膝盖不好, 我外婆 区凤娇 推轮椅,
家长：岩温，傣族, 我叫哈尼克孜·艾力, 我家小孩Emma手被划破, 我叫 Aiden 陈. Here each strong cue proposes the run that
follows it at several lengths, and a logistic regression says which, if any, is a name.

Cues (:data:`CUE`), by kind:

- ``kin``: a relative or a child (我妈, 婆婆, 外婆, 爷爷, 孙女, 对象, 小孩, 孩子 …), 叫 or 是 allowed after it;
- ``intro``: 我叫, 他叫, 她叫, 名叫, 我是, 我系, 本人; ``intro_of``: 我是…的, 我系…嘅 (我是5栋的 X);
- ``label``: a form's label (家长, 户主, 联系人, 租户, 市民, 联系我 …) and a colon or a space;
- ``dash``: a signature's dash (——, —, --) at the start of a clause;
- ``end``: a signature after a comma, the whole last clause of the line (…，黄观生: :data:`END`, found apart);
- ``latin_label``: dad:, mum:, contact: … before a Latin name;
- ``role``: a role or an occupation and a space or a colon (受访者 X, 环卫工 X, 其孙子 X; the whole rest of a line after it
  may start with a figure's name or a function character that is a surname: 业主：康熙来, 环卫工 都兰英);
- ``recall``: 叫什么来着，X; ``latin_kin``: a spouse, a child or a friend in a European language (mon mari Pierre);
- cues AFTER the name (:data:`AFTER`, :data:`BEFORE_KINDS`; the candidates end where the cue starts): ``bracket``, a
  bracket saying who the person is (X（藏族，75岁）, X（我隔壁的留学生）, X（越南嫁过来的）: a people, an age, a relation,
  an occupation, an origin); ``household``, X家 and what happens there (X家漏水); ``title``, a full name of three or
  four characters before an official's title (扎西次仁书记: the title stays); ``is_my``, X 是我的邻居, X 是我女儿.

Candidates: two to four Han characters, two Han runs joined by a dot (哈尼克孜·艾力), one or two capitalised Latin
words, a Latin word and a Han surname (Aiden 陈). Features (:func:`features`): the cue's kind, the candidate's
shape, the name model's character tables (the log ratio of each character's frequency in given names to that in
words, and the surname's share: read from ``data/name_model.json``, not copied), the dictionary's frequency of the
candidate, its parts and the words it would make with the next character, the dictionary's tag, the Latin given-name
lists (``data/latin_given_names.json``), the minority name elements of :mod:`.names` (a name made of them is not read through the Han tables), and what
follows (the clause's end, an age, a body part, 差点, 的妈妈, 住, a verb; after a cue that follows the name, what follows
that cue), whether a word runs into the candidate's start and whether it is all that is left of its line. Some candidates are dropped before their features by rules (:func:`_han_lengths`, :func:`_latin_thing`). Of
a cue's candidates the most likely is taken when its probability passes the shipped threshold.

The weights, the threshold and the hashes of what they were fitted on are in ``data/cued_names.json``, fitted by
``analysis/train_cued_names.py`` (which prints the leave-one-set-out figures). Nothing is trained at run time.
"""
from __future__ import annotations

import bisect
import heapq
import math
import re
from functools import lru_cache
from typing import Callable

from .clean import back, shipped_json
from .names import (_COMPLAINT_PREDICATE, _MINORITY_FIRST, _NOT_FOREIGN_NAME, _ONE_SYLLABLE, placeholder_name, _MINORITY_RUN, _PINYIN_PLACE, _PLACE_CALLED_BEFORE, CITED_FIGURES, FAMOUS, PINYIN_SURNAMES,
                    NEGATION_DEGREE, PLACE_AFTER, PLACE_WORDS, ROLE_WORDS, TITLES_AFTER, _Covered, _scan, latin_given_lists,
                    noun_then_wrong)

_H = "\u4e00-\u9fff"
#: Relatives and children before a name (the kin words of .names and these).
_KIN_WORDS = ("个仔|个女|阿仔|阿女|细佬|家姐|老豆|阿嫲|妈妈|爸爸|父亲|母亲|老妈|老爸|婆婆|公公|外婆|外公|奶奶|爷爷|姥姥|姥爷|阿婆|阿公|阿嬷|阿妈|阿爸|阿爷|"
              "孙女|孙子|外孙女|外孙|儿子|女儿|闺女|儿媳妇|儿媳|女婿|老公|老婆|爱人|媳妇|丈夫|妻子|老伴儿|老伴|对象|男朋友|"
              "女朋友|哥哥|姐姐|弟弟|妹妹|姐夫|妹夫|嫂子|弟媳|表哥|表姐|表妹|表弟|堂哥|堂姐|侄子|侄女|外甥女|外甥|舅舅|舅妈|"
              "叔叔|姑姑|姑妈|姨妈|姑父|姨父|婶婶|伯伯|大伯|干妈|干爹|小孩子|小孩|孩子|宝宝|小朋友|室友|舍友|同学|邻居")
#: Words of the dictionary (frequency >= 200, and a few rarer) that start with one of _MY_KIN's characters: a relative
#: only after 我 or 俺 (我姑娘佳琪: 姑娘 is northern for a daughter; 我妹子, 我伯母), which is then the whole cue ...
_MY_KIN_WORDS = ("姑娘", "妹子", "妹儿", "爹爹", "嫂嫂", "伯父", "伯母", "叔父", "娘亲")
#: ... or no relative before a name (我娘家在农村, 我弟兄几个, 我姐妹俩, 我哥们儿, 我姑且): no cue.
_MY_KIN_NOT = ("娘家", "娘子", "娘娘", "弟子", "弟兄", "姐妹", "姐弟", "爹娘", "哥们", "哥儿", "伯爵", "姑苏", "姑且")
#: 我 or 俺 and one character for a relative (我妈, 俺爹), unless the character starts a longer word (我姐夫, 我妈妈,
#: 我姑娘, 我娘家): a kin cue never ends inside a word.
_MY_KIN = "|".join((*_MY_KIN_WORDS, *(
    c + (f"(?![{''.join(sorted(w[1] for w in ws))}])" if ws else "")
    for c in "妈爸娘爹哥姐弟妹叔舅姨姑伯嫂"
    for ws in [[w for w in (*_KIN_WORDS.split("|"), *_MY_KIN_WORDS, *_MY_KIN_NOT) if w[0] == c and len(w) > 1]])))
_KIN = f"(?:我|俺)(?:{_MY_KIN})|{_KIN_WORDS}"
_INTRO = "我叫|他叫|她叫|名叫|叫做|本人|我系|我是"
_LABEL = ("家长|户主|联系人|联络人|租户|市民|业主|居民|村民|住户|姓名|签名|署名|落款|申请人|反映人|投诉人|填表人|"
          "监护人")
_LATIN_LABEL = r"(?:[Dd]ad|[Mm]um|[Mm]om|[Ff]ather|[Mm]other|[Pp]arent|[Cc]ontact|[Nn]ame)[ ]?[:：]"
#: A role or an occupation before a name and a space or a colon (受访者 X, 环卫工 X, 业委会主任：X): the words of .names'
#: ROLE_WORDS that are no relative (those are _KIN's), no pronoun and no form label, and occupations it lacks.
OCCUPATIONS = frozenset((
    "受访者", "被访者", "受访人", "环卫工", "环卫工人", "清洁工", "骑手", "摊主", "店主", "档主", "车主", "房主", "工人",
    "留学生", "研究生", "大学生", "小学生", "中学生", "村医", "村干部", "护林员", "老兵", "退休工人", "翻译", "导游",
    "保姆", "月嫂", "育儿嫂", "钟点工", "装修工", "农民工", "打工人", "厨师", "木匠", "瓦工", "白领", "蓝领", "上班族"))
_ROLES = frozenset(w for w in ROLE_WORDS | OCCUPATIONS
                   if len(w) >= 2 and not re.search(f"^(?:{_KIN_WORDS})$|我|他|她|你|叫|名|姓|签|署|落款|本人|在下|鄙人|人$", w))
_ROLE_LAST = frozenset(w[-1] for w in _ROLES)
_ROLE_LENGTHS = tuple(sorted({len(w) for w in _ROLES}, reverse=True))
#: What ends a role's cue (环卫工 X, 业主：X, 大姐叫X): found first, the role word then looked up before it (the role
#: words start with too many characters for the regex engine to try them all at each).
_ROLE_SEP = re.compile("[ ]?[:：][ ]?|[ ]|叫做|名叫|叫")
#: Where one may start after a role word's last character (found by the regex engine's scan for the character set).
_ROLE_SEP_AT = re.compile(f"[ :：叫名](?<=[{''.join(sorted(_ROLE_LAST))}].)")
#: Someone called to mind (叫什么来着，X).
_RECALL = "(?:叫什么|叫啥|叫个啥|什么名字|啥名字)来着[，,]?[ ]?"
#: A spouse, a child, a friend in a European language (mon mari Pierre, my wife Anna, mein Sohn Jonas).
_LATIN_KIN = (r"(?:[Mm]on (?:mari|fils|ami|copain|voisin|frère|père)|[Mm]a (?:femme|fille|amie|copine|voisine|sœur|mère)|"
              r"[Mm]y (?:husband|wife|son|daughter|friend|neighbou?r|partner|mum|mom|dad|brother|sister)|"
              r"[Mm]ein(?:e)? (?:Mann|Frau|Sohn|Tochter|Freund(?:in)?|Nachbar(?:in)?)|"
              r"[Mm]i (?:esposo|esposa|marido|mujer|hijo|hija|amigo|amiga|vecino|vecina))[ ,]{1,2}")
#: A strong person cue; the candidate starts where the match ends.
CUE = re.compile(
    f"(?P<intro_of>(?:我是|我系)[^，。！？!?；;,.:：\\s]{{1,8}}?(?:的|嘅)[ ]?)"
    f"|(?P<intro>(?:{_INTRO})[ ]?(?:[:：][ ]?)?)"
    f"|(?P<kin>(?:{_KIN})(?:叫|是|名叫|叫做)?[ ]?(?:[:：][ ]?)?)"
    f"|(?P<label>(?:{_LABEL})(?:[ ]?[:：][ ]?|[ ])|(?:联系我|联络我|找我)[ ]?|(?:联系|联络)[ ])"
    f"|(?P<dash>(?:——|—|--|－－)[ ]?)"
    f"|(?P<latin_label>{_LATIN_LABEL}[ ]?)"
    f"|(?P<recall>{_RECALL})"
    f"|(?P<latin_kin>{_LATIN_KIN})", re.M)
#: What says a person right AFTER a name (the candidate ends where the match starts): a bracket about who they are
#: (X（藏族，75岁）, X（我隔壁的留学生）, X（越南嫁过来的）: a people, an age, a relation, an occupation, where they
#: came from), the household and what happens there (X家漏水), an official's title after a full name (X书记, X主任).
_WHO_IN_BRACKET = ("[^（()）\n]{0,3}族|[0-9０-９]{1,3}岁|[一二三四五六七八九十]+岁|岁|邻居|隔壁|对门|楼上|楼下|同事|朋友|同学|老乡|"
                   "亲戚|街坊|室友|房东|租客|家人|丈夫|妻子|老公|老婆|儿子|女儿|孙子|孙女|留学生|学生|工人|师傅|老板|保姆|"
                   "护工|司机|医生|老师|志愿者|退休|嫁过来|嫁来|嫁到|来的|来自|人[，,）)]|籍|侨|华人|真名|本名|小名")
AFTER = re.compile(
    f"(?P<bracket>[ ]?[（(](?=[^（()）\n]{{0,14}}?(?:{_WHO_IN_BRACKET})))"
    "|(?P<household>家(?:漏水|渗水|进水|装修|养|的狗|的猫|的孩子|的小孩|孩子|小孩|老人|门口|阳台|空调|吵|噪音|占|堆|搭|"
    "着火|失火|厕所|水管|违建|被偷|被盗|出事|有人))"
    "|(?P<title>(?:书记|主任|村长|镇长|乡长|所长|站长|主席|社长|校长|院长|队长|局长|科长|处长|部长|经理|警官|医生|大夫|"
    "老师|同志|师傅)(?![\u4e00-\u9fff]{0,1}(?:们|会|室|处|办|部)))"
    "|(?P<is_my>[ ]?(?:就是|是)我(?:的)?(?:邻居|朋友|同事|同学|室友|舍友|老乡|女儿|儿子|孙子|孙女|外孙女?|老公|老婆|丈夫|"
    "妻子|爱人|对象|妈妈|爸爸|母亲|父亲|外婆|奶奶|爷爷|外公|哥哥|姐姐|弟弟|妹妹|表哥|表姐|表妹|表弟|侄子|侄女|房东|租客))", re.M)
#: The kinds whose candidate ends where the cue starts, and the shortest Han candidate of each.
BEFORE_KINDS = {"bracket": 2, "household": 2, "title": 3, "is_my": 2}
_LATIN_BEFORE = re.compile("(?<![A-Za-z\u00c0-\u024f])[A-Z\u00c0-\u00de][a-z\u00df-\u024f]+"
                           "(?:[ -][A-Z\u00c0-\u00de][a-z\u00df-\u024f]+){0,2}[ ]?$")
#: Latin words that are a title, no name (房东 Mr. Zhang: the rules read the pinyin after it).
_LATIN_TITLES = frozenset(("Mr", "Mrs", "Ms", "Miss", "Dr", "Sir", "Madam", "Mme", "Mlle", "Herr", "Frau", "Prof"))
#: a Latin title right before a candidate (Mr. , Dr ): what follows is a surname called by it
_LATIN_TITLE_END = re.compile(r"(?<![A-Za-z])(?:%s)\.? +$" % "|".join(sorted(_LATIN_TITLES)))
#: A kin word or a title of two characters that ends no name (林阿嬷, 瞿老伯, 王大哥), and one character of the kind after
#: a surname (钟伯, 陈姨): what neighbours call someone, kept as 王先生 is.
_KIN_END = frozenset(w for w in _KIN_WORDS.split("|") if len(w) == 2) | frozenset(("阿嬷", "阿嬤", "老伯", "阿伯", "阿叔",
                                                                                 "女友", "男友"))
_KIN_CHAR = frozenset("伯叔姨婆公哥姐嫂爷奶妈爸舅姑")

_DASH_AFTER = frozenset("，。！？!?；;,.…\n \t")  # a signature's dash opens a clause
#: The lowest mean given-name ratio (over 4) of a Han candidate (see _han_lengths): it costs 4 of 1,035 labelled
#: names of the committed sets (all of them names the rules read) and drops two thirds of the candidates before their
#: features are read.
G_FLOOR = -0.5
KINDS = ("intro_of", "intro", "kin", "label", "dash", "end", "latin_label", "role", "recall", "latin_kin",
         *BEFORE_KINDS)
_HAN_RUN = re.compile(f"[{_H}]{{2,4}}")
_DOT_CHARS = frozenset("·•・‧")
_DOTTED = re.compile(f"[{_H}]{{2,6}}[{''.join(sorted(_DOT_CHARS))}][{_H}]{{2,6}}")
_LATIN = re.compile(r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?(?![A-Za-z])")
_LATIN_SURNAME = re.compile(f"([A-Z][a-z]+)[ ]?([{_H}])(?![{_H}A-Za-z])")
#: What follows a name (read on the text after the candidate).
_AGE = re.compile(f"今年|明年|已经|都|快|[0-9０-９]|[一二三四五六七八九十]+岁|[八九七六]十|岁")
_BODY = re.compile("膝盖|腿|腰|手|脚|眼睛|耳朵|身体|心脏|血压|头|牙")
_DOES = re.compile("差点|经常|每天|天天|总是|一直|老是|最近|上次|去年|前天|昨天|刚|被|在|也|又|还|就|不|没|想|要|说|和|跟|推|带")
_PARENT = re.compile("的(?:妈妈|爸爸|家长|奶奶|爷爷|外婆|外公|姥姥|母亲|父亲)")
_LIVES = re.compile("[，,]?[ ]?(?:住|家住|在)")
_NATION = re.compile(f"[，,][{_H}]{{1,4}}族")
_SUFFIX_PLACE = frozenset("路街巷道桥村镇区县市省湖河江港湾园苑府城庄屯寨坊岭坡塘塔寺庙馆厦场站楼栋号室门院校店")
#: Words for any child (我是囡囡外婆) and for an account (联系我 扣扣 …), no name.
_WORD_TAGS = frozenset("vadcpmqru")
_STRONG_DEGREE = NEGATION_DEGREE - frozenset("不没")
_JOINS = frozenset("和与及跟同的是在了也都就")
#: What a form's field holds when the name is not given (联系人：保密, 业主：匿名, 姓名：不详).
_WITHHELD = frozenset(("保密", "匿名", "不详", "未知", "暂无", "没有", "不填", "无名", "待定", "不便", "省略", "隐藏", "本人"))
#: (right after a name's first character the milder words too: 楼真高, 路好窄, 房更旧)
_DEGREE = _STRONG_DEGREE | frozenset("真好更")
_GREETINGS = frozenset(("谢谢", "感谢", "多谢", "你好", "您好", "再见", "辛苦"))
_CHILD_WORDS = frozenset(("囡囡", "宝宝", "宝贝", "娃娃", "幺儿", "崽崽", "扣扣", "微信", "电话", "手机"))
_PERSON_LAST = frozenset("人长员主客者生师工属友户民众官警医")
_FUNCTION = frozenset("的了是在有个们我你他她它这那就都也还又和与及啥么呢吗吧说要会不没很太多最更把被给对从让")
#: Characters no name after a cue starts with (孩子能玩沙, 我妈很好, 孩子越来越多): a candidate led by one is not read.
_NOT_FIRST = _FUNCTION | frozenset("能想才越人")

FEATURES = (
    *(f"kind_{k}" for k in KINDS),
    "han2", "han3", "han4", "dotted", "latin1", "latin2", "latin_han",
    "g_mean", "g_min", "g_first", "g_last", "surname", "surname_share",
    "span_word", "head_word", "tail_word", "sub_word", "ext_word", "bound", "nr_tag", "word_tag",
    "latin_listed", "latin_word",
    "next_end", "next_space", "next_age", "next_body", "next_does", "next_parent", "next_lives", "next_nation",
    "next_verb", "next_function", "next_han", "next_given", "next_digit", "place_last", "role_word",
    "person_last", "head_verb", "head_other", "verb_object", "doubled", "tail_word_free", "minority", "own",
    "prev_open", "line_whole",
)


#: A signature after a comma, the whole last clause of its line (…，黄观生): apart from CUE, so that the regex engine
#: looks for it past every comma itself (CUE is tried in Python at each of its prefixes: see .names._scan).
#: A clause ending in a sentence's particle (…，钱白花了, …，算了吧) is said, not signed.
END = re.compile(f"[，,][ ]?(?=(?:[{_H}]{{2,4}}|[{_H}]{{2,6}}·[{_H}]{{2,6}})[。.！! ]*$)(?![{''.join(sorted(_NOT_FIRST))}])"
                 f"(?![{_H}]{{1,3}}[了吗呢吧啊啦呀嘛][。.！! ]*$)", re.M)


@lru_cache(maxsize=1)
def shipped() -> dict:
    """The weights, threshold and manifest of ``data/cued_names.json``."""
    return shipped_json("cued_names.json")


@lru_cache(maxsize=1)
def _tables() -> tuple[dict, dict]:
    """The name model's given-name log ratios and surname shares (``data/name_model.json``)."""
    from .name_model import shipped as name_model

    m = name_model()
    return m["given"], m["surname"]


def _place_called(text: str, at: int) -> bool:
    """What ends at ``at`` names a place (小区名叫: .names._PLACE_CALLED_BEFORE)."""
    return _PLACE_CALLED_BEFORE.search(text, back(text, at, 14), at) is not None


@lru_cache(maxsize=1)
def _famous() -> frozenset:
    """Figures' names (.names.FAMOUS, CITED_FIGURES): 我叫诸葛亮？开玩笑 is a joke, the rules judge a figure's name."""
    return FAMOUS | CITED_FIGURES


@lru_cache(maxsize=1)
def _titles() -> frozenset:
    """Titles of two or three characters (.names.TITLES_AFTER: 先生, 奶奶, 护士长): 窦先生, 王奶奶 are the title rules'."""
    return frozenset(w for w in TITLES_AFTER.split("|") if len(w) >= 2)


def candidates(text: str, freq: Callable[[str], int], tag: Callable[[str], str]):
    """(cue kind, cue start, [(start, end, shape)]) for every strong cue of ``text`` (one line or a newline-joined
    batch; nothing crosses a line); ``freq`` and ``tag``: the dictionary's frequency and tag of a word. The
    candidates of a cue before the name share their start; those of a cue after it (:data:`BEFORE_KINDS`) their end."""
    found = [(m.start(), m.end(), m.lastgroup) for m in _scan(CUE, text)]
    cues = heapq.merge(found, _role_cues(text, found),
                       ((m.start(), m.end(), "end") for m in END.finditer(text)),
                       ((m.start(), m.start(), m.lastgroup) for m in _scan(AFTER, text)))
    n = len(text)
    for start, p, kind in cues:
        if kind in BEFORE_KINDS:
            out = _before(text, p, kind, freq, tag)
            if out:
                yield kind, start, out
            continue
        c = text[p] if p < n else "\n"
        if (c in _NOT_FIRST and not (kind in ("role", "label") and _line_name_at(text, p))
                and (c not in _MINORITY_FIRST or _MINORITY_RUN.match(text, p) is None)) or c == "\n" \
                or (kind == "dash" and start and text[start - 1] not in _DASH_AFTER):
            continue  # (the cheap tests first: most cues are 孩子 or 我是 and a verb)
        out = []
        if kind not in ("latin_label", "latin_kin") and "\u4e00" <= c <= "\u9fff":
            if not _DOT_CHARS.isdisjoint(text[p + 2:p + 7]):
                d = _DOTTED.match(text, p)
                if d is not None and _mean(_given_ratios(text[p:d.end()], "dotted")[1]) >= G_FLOOR \
                        and not _han_thing(text[p:d.end()], text[d.end():d.end() + 1], freq, tag):
                    out.append((p, d.end(), "dotted"))
            h = _HAN_RUN.match(text, p)
            if h is not None:
                e = h.end()
                ks = _han_lengths(text[p:e], text[e:e + 1], freq, tag)
                if not ks and kind in ("role", "label") and _line_name_at(text, p):
                    ks = _han_lengths(text[p:e], text[e:e + 1], freq, tag, whole=True)  # 业主：康熙来, 环卫工 都兰英
                out += [(p, p + k, _SHAPES[k]) for k in ks]
                if out and kind == "intro" and _place_called(text, p):
                    out = []
        elif "A" <= c <= "Z" and (lt := _LATIN.match(text, p)) is not None:
            first = text[p:lt.end()].split(" ")[0].split("-")[0]
            out.append((p, p + len(first), "latin1"))
            if lt.end() > p + len(first):
                out.append((p, lt.end(), "latin2"))
            ls = _LATIN_SURNAME.match(text, p)
            if ls is not None:
                out.append((p, ls.end(), "latin_han"))
            out = [x for x in out if not _latin_thing(kind, text[x[0]:x[1]])]
        if out:
            yield kind, start, out


_SHAPES = {2: "han2", 3: "han3", 4: "han4"}


def _role_cues(text: str, found: list):
    """(start, end, "role") of each role or occupation before a space, a colon or a naming verb (其/我的 may lead it),
    outside the other cues (``found``, sorted)."""
    out = []
    ends = [b for _, b, _ in found]
    for at in _ROLE_SEP_AT.finditer(text):
        k = at.start()
        m = _ROLE_SEP.match(text, k)
        if m is None:
            continue
        w = next((n for n in _ROLE_LENGTHS if text[k - n:k] in _ROLES and k - n >= 0), 0)
        if not w:
            continue
        a = k - w
        for lead in ("我们的", "我们", "我的", "其"):
            if text.endswith(lead, 0, a):
                a -= len(lead)
                break
        i = bisect.bisect_right(ends, a)  # the first cue that ends after a
        if i < len(found) and found[i][0] < m.end():
            continue  # (inside or across another cue: 家长：X is a label's)
        out.append((a, m.end(), "role"))
    return out
_LINE_REST = re.compile("[。.！! ]*(?:\n|$)")


def _line_name_at(text: str, p: int) -> bool:
    """Two to four Han characters at ``p`` are all that is left of the line (业主：康熙来 / 环卫工 都兰英)."""
    h = _HAN_RUN.match(text, p)
    return h is not None and _LINE_REST.match(text, h.end()) is not None


def _before(text: str, e: int, kind: str, freq: Callable[[str], int], tag: Callable[[str], str]) -> list:
    """The candidates that end at ``e``, where a cue after a name starts (:data:`AFTER`): the last two to four Han
    characters (three or four before a title: 扎西次仁书记, the title stays), one or two capitalised Latin words."""
    out = []
    c = text[e - 1:e]
    if "\u4e00" <= c <= "\u9fff":
        j = e - 1
        while j > max(0, e - 4) and "\u4e00" <= text[j - 1] <= "\u9fff":
            j -= 1
        after = text[e:e + 1]
        for k in range(BEFORE_KINDS[kind], e - j + 1):
            s = text[e - k:e]
            if (s[0] in _NOT_FIRST and _MINORITY_RUN.fullmatch(s) is None) or s[1:] in _famous() or s[2:] in _famous() \
                    or (k >= 3 and freq(s[:2]) >= 1000) or not _JOINS.isdisjoint(s[1:]):
                continue  # 向雷锋同志, 谢谢李主任, 孟庆华和王书记: a word or a list before a figure's name or a surname
            if k in _han_lengths(s, after, freq, tag):
                out.append((e - k, e, _SHAPES[k]))
    elif c.isascii() and c.isalpha() or c == " ":
        lt = _LATIN_BEFORE.search(text, max(0, e - 30), e)
        if lt is not None:
            a, b = lt.start(), lt.end() - (text[lt.end() - 1] == " ")
            words = re.split("[ -]", text[a:b])
            if words[0] in _LATIN_TITLES or _LATIN_TITLE_END.search(text[max(0, a - 8):a]):
                return out  # Mr. Lee 是我房东, Dr Lim 是我朋友: a surname and its title, which stay
            out.append((b - len(words[-1]), b, "latin1"))
            if len(words) > 1:
                out.append((a, b, "latin2"))  # (three words, Nguyễn Thị Lan, read as two: a shape of its own)
            out = [x for x in out if not _latin_thing(kind, text[x[0]:x[1]])]
    return out


@lru_cache(maxsize=1 << 16)
def _han_lengths(run: str, after: str, freq: Callable[[str], int], tag: Callable[[str], str],
                 whole: bool = False) -> tuple[int, ...]:
    """The lengths k (2 to 4) at which the run of Han characters ``run`` (``after``: the character after it) starts a
    candidate run[:k] that may be a name: not a figure's name, not led by 小 or 老 (小虎, 老周, 孩子小升初: the rules'
    nicknames) and no 阿X of two characters, no word for any child, not ending in 人 or 民 or a title, with characters like a given name's (no
    labelled name of the committed sets that the rules leave open has a mean given-name ratio, after a listed surname,
    below G_FLOOR), and no thing (:func:`_han_thing`). Cached: the same runs follow the same cues again and again.
    ``whole``: only the whole run, which may then start with a figure's name (业主：康熙来, the rest of the line after a
    role: see :func:`candidates`), though it may not be one."""
    famous = _famous()
    if run in famous or run[0] in "小老" or run[:2] in _CHILD_WORDS or run[:2] in _GREETINGS or run[:2] in _WITHHELD \
            or (not whole and (run[:3] in famous or run[:2] in famous)):
        return ()
    given, surname = _tables()
    sl = _surname_length(run, surname)
    g = [given.get(c, -8.0) / 4 for c in run]
    titles = _titles()
    out = []
    for k in range(len(run) if whole else 2, len(run) + 1):
        if k == 2 and run[0] == "阿":
            continue  # 阿丽, 阿强: a nickname, which stays as 小X and 老X do (阿依古丽, a Uyghur name, is longer)
        body = g[sl:k] if k - sl >= 1 else g[:k]
        if (_mean(body) < G_FLOOR and _MINORITY_RUN.fullmatch(run, 0, k) is None) or run[k - 1] in "人民" or run[k - 2:k] in titles \
                or run[max(0, k - 3):k] in titles or (run + after)[k - 1:k + 1] in titles or _han_thing(run[:k], (run + after)[k:k + 1], freq, tag):
            continue
        out.append(k)
    return tuple(out)


def _mean(g: list[float]) -> float:
    return sum(g) / len(g)


def _surname_length(s: str, surname: dict) -> int:
    """The length of the surname of the name model's table (``surname``) that leads ``s``: 2, 1 or 0."""
    return 2 if s[:2] in surname else (1 if s[:1] in surname else 0)


def _latin_thing(kind: str, s: str) -> bool:
    """Latin words led by no listed given name that are a place or pinyin, or follow a dash or a comma: no name here
    (— Central Park, 我是 Gao Kao 考生的家长, 居民 Street 12 号: pinyin names are the rules')."""
    words = re.split("[ -]", s)
    if words[0].rstrip(".") in _LATIN_TITLES or words[0] in _NOT_FOREIGN_NAME \
            or (len(words) == 2 and all(_ONE_SYLLABLE.fullmatch(w) for w in words)):
        return True  # Mr. Zhang, Hello Kitty, 大妈 Da Ma: a title, a word, pinyin syllables (the pinyin readers')
    names, word_names = latin_given_lists()
    if words[0] in names or words[0] in word_names:
        return False
    return kind in ("dash", "end") or words[0].lower() in PINYIN_SURNAMES or any(_PINYIN_PLACE.fullmatch(w) for w in words)


def _han_thing(s: str, nxt: str, freq: Callable[[str], int], tag: Callable[[str], str]) -> bool:
    """The Han candidate ``s`` (``nxt``: the character after it) says what, not who: a thing and what is wrong with it
    (家长：路远, 租户：房租贵), a place before its number or ending in a place word, a character before a common word with
    no surname, a dictionary word of three or more characters for no person (我是楼上的高中生)."""
    n = len(s)
    if s[-1] in _COMPLAINT_PREDICATE and (n == 2 or freq(s[:-1]) > 0):
        return True
    if noun_then_wrong(s, nxt, freq, tag):
        return True  # 孩子成绩不好: a common noun and what is wrong with it
    if s in OCCUPATIONS or s in ROLE_WORDS or (n >= 3 and (s[-2:] in ROLE_WORDS or s[-2:] in _KIN_END)) or (n == 2 and s[1] in _KIN_CHAR and s[0] in _tables()[1]) \
            or placeholder_name(s):
        return True  # 高二学生, 林阿嬷, 钟伯, 陈某某: who someone is or what they are called, no name
    if n == 4 and freq(s[:2]) >= 100 and freq(s[2:]) >= 100 and not tag(s[:2]).startswith("nr"):
        return True  # 楼顶违建, 周末加班: two common words, no name
    if tag(s[:2]) == "t" and freq(s[:2]) >= 500:
        return True  # 秋天香, 今天去: a word of time and what follows it
    if freq(s[:2]) >= 500 and tag(s[:2])[:1] in _WORD_TAGS:
        return True  # 家长：同意: a common verb, adjective or adverb, or led by one, no name
    if n == 3 and freq(s[:2]) >= 100 and not tag(s[:2]).startswith("nr"):
        return True  # 孩子放学来不及: a common word and one more character
    if n == 2 and PLACE_WORDS.fullmatch(s):
        return True  # 公园（真名叫…）: a place word
    if n >= 3 and (s[1] in _DEGREE or not _STRONG_DEGREE.isdisjoint(s[2:])):
        return True  # 楼太高, 路很窄, 房子太旧: a thing, a word of degree and what is wrong with it
    if n >= 3 and s[-1] in _FUNCTION and freq(s[:-1]) >= 100:
        return True  # 聚会都, 上班也: a common word and a function word
    if (s[-1] in PLACE_AFTER and nxt.isdigit()) or any(PLACE_WORDS.fullmatch(s, k) for k in range(1, n - 1)):
        return True  # 我是 枫林苑12幢703 的: a place and its number; 投诉对象：保利花园: a place word ends it
    if n == 3 and s[0] not in _tables()[1] and freq(s[1:]) >= 100:
        return True  # 孩子学游泳, 孩子小升初: a character and a common word, no surname
    # (高中生, 初中生: tagged nr, but a common word, or led by one: 初中 2,000)
    return n >= 3 and freq(s) > 0 and (freq(s) >= 100 or freq(s[:2]) >= 1000 or not tag(s).startswith("nr")) \
        and _MINORITY_RUN.fullmatch(s) is None  # (多吉次仁, tagged nz: a name of minority elements)


def features(text: str, kind: str, cue_at: int, a: int, b: int, shape: str,
             freq: Callable[[str], int], tag: Callable[[str], str]) -> list[float]:
    """The feature vector (in :data:`FEATURES` order) of the candidate text[a:b] after a cue of ``kind``."""
    return _features(*_key(text, kind, cue_at, a, b, shape), freq, tag)


def _key(text: str, kind: str, cue_at: int, a: int, b: int, shape: str) -> tuple:
    """All that :func:`_features` reads of a candidate: its cue's kind, whether the cue is the writer's own (我妈, 我叫),
    the candidate, its shape, the six characters after it, whether no word runs into its start (the text's or a
    clause's start, 的, 是 …) and whether it is all that is left of its line."""
    own = text[max(0, cue_at - 1):cue_at] in ("我", "俺") or text[cue_at:cue_at + 1] in ("我", "俺")
    # (after a cue that follows the name, what follows the cue: X（藏族）说…, 扎西次仁书记也没用)
    e = _cue_end(text, b) if kind in BEFORE_KINDS else b
    prev = text[a - 1:a]
    prev_open = not prev or not ("\u4e00" <= prev <= "\u9fff") or prev in _OPEN_BEFORE
    return kind, own, text[a:b], shape, text[e:e + 6], (prev_open, _LINE_REST.match(text, e) is not None)


def _cue_end(text: str, b: int) -> int:
    """The end of the cue after a name that starts at ``b`` (:data:`AFTER`; a bracket's end after its close)."""
    m = AFTER.match(text, b)
    if m is None or m.lastgroup == "household":
        return b + (m is not None)  # (after 家: what happens there is what follows)
    if m.lastgroup != "bracket":
        return m.end()
    close = re.compile("[）)]").search(text, m.end(), m.end() + 20)
    return m.end() if close is None else close.end()


_OPEN_BEFORE = frozenset("的是和与及跟同叫给了找问")


def _given_ratios(s: str, shape: str) -> tuple[int, list[float]]:
    """The length of the candidate's listed surname (0, 1 or 2) and the given-name log ratios (over 4) of the
    characters after it (of all its Han characters when nothing follows it or it is a dotted name)."""
    given, surname = _tables()
    han = [c for c in s if "\u4e00" <= c <= "\u9fff"]
    sl = _surname_length(s, surname)
    body = han[sl:] if shape != "dotted" and len(han) - sl >= 1 else han
    return sl, [given.get(c, -8.0) / 4 for c in body]


def _features(kind: str, own: bool, s: str, shape: str, rest: str, ctx: tuple[bool, bool],
              freq: Callable[[str], int], tag: Callable[[str], str]) -> list[float]:
    given, surname = _tables()
    names, words = latin_given_lists()
    lf = math.log1p
    f = dict.fromkeys(FEATURES, 0.0)
    f[f"kind_{kind}"] = 1.0
    f[shape] = 1.0
    nxt = rest[:1]
    if shape.startswith("latin"):
        first = re.split("[ -]", s)[0]
        f["latin_listed"] = float(first in names)
        f["latin_word"] = float(first in words or freq(first.lower()) > 0)
        if shape == "latin_han":
            f["surname"] = float(s[-1] in surname)
    else:
        han = [c for c in s if "\u4e00" <= c <= "\u9fff"]
        sl, g = _given_ratios(s, shape)
        minority = _MINORITY_RUN.fullmatch(s) is not None  # 次仁卓玛, 格桑卓玛, 达瓦 (.names' elements)
        if not minority:  # (the tables are those of Han names: of a Tibetan or a Uyghur name they say nothing)
            f["g_mean"] = _mean(g)
            f["g_min"] = min(g)
            f["g_first"] = given.get(han[0], -8.0) / 4
            f["g_last"] = given.get(han[-1], -8.0) / 4
            f["surname"] = float(sl > 0)
            f["surname_share"] = (surname[s[:sl]] + 12) / 8 if sl else 0.0
        f["span_word"] = lf(freq(s)) / 5
        f["head_word"] = lf(freq(s[:2])) / 5
        f["tail_word"] = lf(freq(s[-2:])) / 5
        f["sub_word"] = max((lf(freq(s[i:i + 2])) for i in range(1, len(s) - 1)), default=0.0) / 5
        if nxt and "\u4e00" <= nxt <= "\u9fff":
            f["ext_word"] = max(lf(freq(s + nxt)), lf(freq(s[-2:] + nxt))) / 5
            f["bound"] = lf(freq(s[-1] + nxt)) / 5
        t = tag(s)
        f["nr_tag"] = float(t.startswith("nr"))
        f["word_tag"] = float(bool(t) and not t.startswith("nr"))
        f["place_last"] = float(s[-1] in _SUFFIX_PLACE)
        f["role_word"] = float(any(s[:k] in ROLE_WORDS for k in (2, 3, 4) if k <= len(s)))
        f["person_last"] = float(s[-1] in _PERSON_LAST)
        ht = tag(s[:2]) or tag(s[:1])
        f["head_verb"] = float(ht[:1] == "v")
        f["head_other"] = float(ht[:1] in ("d", "a", "c", "p", "m", "q", "t", "f", "r"))
        f["verb_object"] = float(tag(s[0])[:1] == "v" and freq(s[1:3]) > 0)
        f["tail_word_free"] = 0.0 if sl else f["tail_word"]  # (游泳 in 学游泳; 建国 in 王建国 is a given name)
        f["minority"] = float(minority)
        f["doubled"] = float(len(s) == 2 and s[0] == s[1])
    f["next_end"] = float(not nxt or nxt in "\n，。！？!?；;,.、）)：:")
    f["next_space"] = float(nxt == " ")
    r = rest.lstrip(" ")
    f["next_age"] = float(_AGE.match(r) is not None)
    f["next_body"] = float(_BODY.match(r) is not None)
    f["next_does"] = float(_DOES.match(r) is not None)
    f["next_parent"] = float(_PARENT.match(r) is not None)
    f["next_lives"] = float(_LIVES.match(rest) is not None)
    f["next_nation"] = float(_NATION.match(rest) is not None)
    if r and "\u4e00" <= r[0] <= "\u9fff":
        f["next_han"] = 1.0
        nt = tag(r[:2]) or tag(r[:1])
        f["next_verb"] = float(nt[:1] == "v")
        f["next_function"] = float(r[0] in _FUNCTION)
        f["next_given"] = given.get(r[0], -8.0) / 4
    f["next_digit"] = float(bool(r) and (r[0].isdigit() or r[0] == "〔"))
    f["own"] = float(own)
    f["prev_open"], f["line_whole"] = float(ctx[0]), float(ctx[1])
    return [f[k] for k in FEATURES]


def anchor(kind: str, cands: list) -> int:
    """The position all of a cue's candidates hold: their start after a cue, their last character before one."""
    return cands[0][1] - 1 if kind in BEFORE_KINDS else cands[0][0]


class CuedNames:
    """Scores the candidates after strong cues with the shipped weights (or ``model``)."""

    def __init__(self, freq: Callable[[str], int], tag: Callable[[str], str], model: dict | None = None):
        m = model or shipped()
        self.freq, self.tag = freq, tag
        self.weights = [m["weights"].get(k, 0.0) for k in FEATURES]
        self.bias: float = m["bias"]
        self.threshold: float = m["threshold"]
        self._floor = math.log(self.threshold / (1 - self.threshold))
        self._memo: dict[tuple, float] = {}  # candidate (:func:`_key`) → logit: answers repeat their phrases

    def logit(self, x: list[float]) -> float:
        return self.bias + sum(w * v for w, v in zip(self.weights, x) if v)

    def find(self, text: str, taken: list[tuple[int, int]] = ()) -> list[tuple[int, int]]:
        """The most likely candidate of each cue whose logit passes the threshold; cues whose candidate start lies in
        a span of ``taken`` (a name the rules found) are skipped."""
        out = []
        covered = _Covered(list(taken))
        for kind, cue_at, cands in candidates(text, self.freq, self.tag):
            if anchor(kind, cands) in covered:
                continue
            best, span = self._floor, None
            for a, b, shape in cands:
                key = _key(text, kind, cue_at, a, b, shape)
                z = self._memo.get(key)
                if z is None:
                    if len(self._memo) >= 1 << 16:
                        self._memo.clear()
                    z = self._memo[key] = self.logit(_features(*key, self.freq, self.tag))
                if z > best:
                    best, span = z, (a, b)
            if span is not None:
                out.append(span)
        return out

