"""What a person should read before the redacted answers are shared: the answers still holding something shaped
like personal data.

No redactor reaches zero leaks on a new writer's answers (the README's blind figures): what it misses most is names
in Latin letters with no cue (我家 Emily, my wife Anna, a signature Sophie Laurent) and numbers in a grouping no
pattern reads. :func:`review_candidates` lists every distinct informative answer that, redacted, still holds a
capitalised Latin word or a run of five digits or more, with the word or the digits, so that a reviewer reads a few
dozen answers instead of thousands; what they find goes into ``text.redact_also`` (:mod:`.known`) for the next run.
The table holds nothing that ``suggestions.csv`` does not: the same redacted texts, fewer of them.

Decisions: English words of the topic glossary and common function words are not listed (Bus, Please, The), nor
words in capitals (CCTV, HK), nor numbers followed by a unit (12000元, 30000平米), nor service numbers
(12345, 95598, 400 lines).

>>> import pandas as pd
>>> review_candidates(pd.Series(["我家 Emily 排不上幼儿园", "Please fix the Bus stop", "打 6192 3045 找我", "房租 12000元"]))[
...     ["reason", "token"]].values.tolist()
[['拉丁字母词', 'Emily'], ['数字串', '6192 3045']]
"""
from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

#: a capitalised Latin word, with the capitalised words after it (Sophie Laurent, Ahmed Raza)
_LATIN_WORD = re.compile(r"(?<![A-Za-z])[A-Z][a-z]{1,}(?:[ -][A-Z][a-z]+)*(?![A-Za-z])")
#: five digits or more, in any grouping (6192 3045, 138-0013), not followed by a unit
_DIGITS = re.compile(r"(?<![\d.])\d(?:[ \-.·/]?\d){4,}(?![\d.])(?![ ]?(?:元|块|米|平|人|户|辆|万|亿|年|次|个|%|％|公里|千米|kg|km|m²))")
#: English words a capital opens often that name nobody
_COMMON = frozenset("""a an the this that these those there here i we you he she it they my our your his her its their me us
them please thanks thank hi hello dear sir madam and or but also very too so not no yes is are was were be been am do does
did have has had can could will would should may might must if when why what where who how which all any some every
each more most less many much few good bad nice great new old big small hot cold just only still even now then today
tomorrow yesterday morning night day week month year people resident residents neighbor neighbour neighbours neighbors
city street road building community government mr mrs ms dr ok okay sorry help need needs want wants let lets""".split())
REASONS = {"latin": "拉丁字母词", "digits": "数字串"}
#: five-digit service numbers (12345 政务热线, 12315, 95598, 96… ) and 400/800 lines: the public's, nobody's own
_SERVICE_NUMBER = re.compile(r"1\d{4}|9[56]\d{3,4}|[48]00[- ]?\d{3}[- ]?\d{4}")


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Words of the English glossary (data/term_variants.csv) and common English words, in lower case."""
    from .variants import shipped_variants

    v = shipped_variants()
    words = v.loc[v["kind"] == "english", "variant"]
    return frozenset(w for phrase in words for w in phrase.split(" ")) | _COMMON


def review_candidates(texts: pd.Series, n_respondents: pd.Series | None = None) -> pd.DataFrame:
    """One row per word or number a reviewer should look at, in the order of the answers.

    Parameters
    ----------
    texts : pandas.Series
        Redacted answers (the evidence's distinct informative answers), indexed as they are to be referred to.
    n_respondents : pandas.Series, optional
        Respondents who wrote each answer, on the same index.

    Returns
    -------
    pandas.DataFrame
        ``answer`` (the index), ``n_respondents``, ``reason`` (拉丁字母词 / 数字串), ``token``, ``text_redacted``.

    Examples
    --------
    >>> import pandas as pd
    >>> review_candidates(pd.Series({4: "联系 Mandy Wu"}), pd.Series({4: 2}))[["answer", "n_respondents", "token"]].values.tolist()
    [[4, 2, 'Mandy Wu']]
    """
    english = english_words()
    rows = []
    for key, text in texts.items():
        text = str(text)
        for m in _LATIN_WORD.finditer(text):
            if all(w.lower() in english for w in re.split(r"[ -]", m.group())):
                continue
            rows.append((key, "latin", m.group(), text))
        for m in _DIGITS.finditer(text):
            if _SERVICE_NUMBER.fullmatch(m.group()):
                continue
            rows.append((key, "digits", m.group(), text))
    out = pd.DataFrame(rows, columns=["answer", "reason", "token", "text_redacted"])
    out.insert(1, "n_respondents", out["answer"].map(n_respondents).astype("Int64") if n_respondents is not None
               else pd.array([1] * len(out), dtype="Int64"))
    out["reason"] = out["reason"].map(REASONS)
    return out
