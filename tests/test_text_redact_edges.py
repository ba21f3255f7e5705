"""The redactor reads any answer to its last character without failing.

A name finder looks a character or two past a candidate; at the end of an answer there is none.
Every surname, alone or with one or two given-name characters, is put at the very end of an answer
(and as the whole answer), and every prefix of the development sets' answers is read.
"""
import json
from pathlib import Path

import pytest

from citysurvey.text.names import COMPOUND_SURNAMES, GIVEN, SINGLE_SURNAMES
from citysurvey.text.redact import default_redactor

FIXTURES = Path(__file__).parent / "fixtures" / "text"
GIVEN_SAMPLE = sorted(GIVEN)[::97][:4]


@pytest.fixture(scope="module")
def redactor():
    return default_redactor()


@pytest.mark.parametrize("lead", ["", "有事找", "大家都叫她"])
def test_a_surname_at_the_end_of_an_answer(redactor, lead):
    for surname in sorted(COMPOUND_SURNAMES) + sorted(SINGLE_SURNAMES):
        for tail in ["", "姐", "叔"] + GIVEN_SAMPLE + [g + "明" for g in GIVEN_SAMPLE[:2]]:
            text = lead + surname + tail
            for span in redactor.find(text):  # must not raise
                assert 0 <= span.start < span.end <= len(text)


def test_every_prefix_of_the_development_answers(redactor):
    texts = []
    for path in sorted(FIXTURES.glob("redaction_heldout*.jsonl")):
        with open(path, encoding="utf-8") as f:
            records = [json.loads(line) for line in f if line.strip()]
        texts += [r["text"] for r in records if any(p["type"] == "name" for p in r["pii"])][:25]
    assert len(texts) >= 200
    for text in texts:
        for end in range(1, len(text) + 1):
            for span in redactor.find(text[:end]):
                assert span.end <= end
