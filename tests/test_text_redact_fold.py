"""Names in accented Latin letters and in Cyrillic are read as plain Latin ones (clean.read_simplified): a rule that
reads José Núñez after 我叫 reads it as it reads Jose Nunez, one character for one."""
from __future__ import annotations

import pytest

from citysurvey.text.clean import read_simplified
from conftest import redacted as _r


def test_the_view_keeps_every_offset():
    text = "我叫 José Núñez，隔壁是 Ольга，還有 Łódź 的朋友"
    view = read_simplified(text)
    assert len(view) == len(text)
    assert view == "我叫 Jose Nunez，隔壁是 Oliga，还有 Lodz 的朋友"  # (ь read as i: a letter kept, not transliterated)


@pytest.mark.parametrize("text, plain", [
    ("我叫 José Núñez，在这边做外教", "我叫 Jose Nunez，在这边做外教"),
    ("我是 Ольга Смирнова，希望多开俄语班", "我是 Olga Smirnova，希望多开俄语班"),
    ("我叫 Zoë Brontë，住在隔壁", "我叫 Zoe Bronte，住在隔壁"),
])
def test_accented_and_cyrillic_names_go_as_plain_ones_do(text, plain):
    assert _r(plain).count("〔姓名〕") == 1
    assert _r(text) == _r(plain), _r(text)


@pytest.mark.parametrize("text", [
    "希望咖啡馆 Café Müller 晚上早点关门",
    "Нам нужен врач в поликлинике",
])
def test_words_in_those_letters_stay(text):
    assert _r(text) == text
