#!/usr/bin/env python
"""Redact every distinct text (fixtures, labelled answers, 25,000 generated answers seed 21, data_samples cells with
Chinese) and write text<TAB>redacted lines, sorted."""
import glob, json, re, sys
import pandas as pd
from citysurvey.text.redact import redact
from citysurvey.text.training import synthetic_survey
from citysurvey.text import clean
HAN = re.compile("[\u4e00-\u9fff]")
texts = set()
for f in glob.glob("tests/fixtures/**/*.jsonl", recursive=True):
    for line in open(f, encoding="utf-8"):
        line = line.strip()
        if line:
            try:
                d = json.loads(line)
            except Exception:
                continue
            if isinstance(d, dict) and isinstance(d.get("text"), str):
                texts.add(d["text"])
for f in glob.glob("tests/fixtures/**/*.csv", recursive=True) + ["citysurvey/text/data/labelled_answers.csv"]:
    try:
        df = pd.read_csv(f, dtype=str)
    except Exception:
        continue
    if "text" in df.columns:
        texts.update(t for t in df["text"].dropna() if HAN.search(t))
df = synthetic_survey(25000, 21)
for c in df.columns:
    if df[c].dtype == object:
        texts.update(t for t in df[c].dropna() if isinstance(t, str) and HAN.search(t))
for f in glob.glob("data_samples/**/*", recursive=True):
    try:
        if f.endswith(".csv"):
            frames = [pd.read_csv(f, dtype=str)]
        elif f.endswith(".xlsx"):
            frames = list(pd.read_excel(f, dtype=str, sheet_name=None).values())
        else:
            continue
    except Exception:
        continue
    for d in frames:
        for c in d.columns:
            texts.update(t for t in d[c].dropna() if isinstance(t, str) and HAN.search(t))
norm = getattr(clean, "normalise", None) or getattr(clean, "normalize", None) or (lambda t: t)
out = open(sys.argv[1], "w", encoding="utf-8")
print(len(texts), file=sys.stderr)
for t in sorted(texts):
    n = norm(t)
    out.write(json.dumps([t, redact(n)], ensure_ascii=False) + "\n")
