"""A Latin full name led by a listed given name, where it is a writer's or a contact's (names.listed_given_surname):
after call, Thanks, a dash, a word for a resident, or before a phone; a famous or fictional one, a place and a road
stay."""
from __future__ import annotations

import pytest

from conftest import redacted as _r


@pytest.mark.parametrize("text", [
    "For the broken lift please contact Laura Fitzgerald-Hale 13912345678",
    "The bins smell every weekend. Regards, Daniel McAllister",
    "路灯坏了好几个月了 — Olivia Kowalski",
    "留学生 Marco Bianchi 反映宿舍没有热水",
    "Мария Соколова, тел. 139 1234 5678",
])
def test_a_contacts_full_name_goes(text):
    out = _r(text)
    assert out.count("〔姓名〕") == 1, out
    assert not any(w in out for w in ("Fitzgerald", "McAllister", "Kowalski", "Bianchi", "Соколова")), out


@pytest.mark.parametrize("text", [
    "孩子们都喜欢 Harry Potter 的书",
    "像 Michael Jordan 那样的球星来过我们体育馆",
    "We walk in Victoria Park every evening",
    "Flat 3B, 8 Mary Anne Road, please fix the light",
])
def test_a_famous_name_a_place_or_a_road_stays(text):
    assert "〔姓名〕" not in _r(text), _r(text)


def test_the_answer_before_in_a_batch_does_not_decide():
    # the look-back for a door number stays on the name's own line: an answer ending in digits before it changes nothing
    from citysurvey.text.redact import default_redactor

    before, answer = "楼下102", "Maria Santos-Cruz 13812345678"
    batch = before + "\n" + answer
    alone = [(s.start, s.end, s.kind) for s in default_redactor().find(answer)]
    shift = len(before) + 1
    assert [(s.start - shift, s.end - shift, s.kind) for s in default_redactor().find_many(batch) if s.start >= shift] == alone
