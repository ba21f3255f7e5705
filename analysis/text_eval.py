"""Print how well the text stage does on its hand-labelled case sets.

    .venv/bin/python analysis/text_eval.py

- Redaction: per-entity recall and precision on tests/fixtures/text/redaction_cases.csv
  (positive cases and hard negatives).
- Topics: per-topic precision, recall and F1, macro and micro, on the held-out
  evaluation set tests/fixtures/text/eval_suggestions.csv (never used for training or
  tuning), for the combined classifier and for each layer alone; the same on the
  development set (used for tuning, so optimistic) and on the demo city's labels.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
FIX = REPO / "tests" / "fixtures" / "text"


def main() -> int:
    from citysurvey.text.analyse import load_resources
    from citysurvey.text.evaluate import evaluate_topics, score_redaction

    pd.set_option("display.width", 160)
    cases = pd.read_csv(FIX / "redaction_cases.csv", dtype=str, keep_default_na=False)
    s = score_redaction(cases)
    print("== Redaction (tests/fixtures/text/redaction_cases.csv)")
    print(f"cases: {(cases['pii'] != '').sum()} with personal data, {(cases['pii'] == '').sum()} hard negatives; "
          f"entities {s.n_entities}, redaction spans {s.n_spans}")
    print(f"recall {s.recall:.3f} ({s.found}/{s.n_entities}), same-kind recall {s.found_same_kind / s.n_entities:.3f}, "
          f"precision {s.precision:.3f} ({s.correct}/{s.n_spans}), must-keep strings kept {s.kept_ok}/{s.n_keep}")
    for m in s.misses:
        print("  missed:", m)
    for m in s.false_alarms:
        print("  false alarm:", m)

    t = time.perf_counter()
    res = load_resources()
    print(f"\n(classifier trained on {res.classifier.n_training} generated sentences in {time.perf_counter() - t:.1f} s)")
    sets = [("Held-out evaluation set", pd.read_csv(FIX / "eval_suggestions.csv", dtype=str, keep_default_na=False)),
            ("Development set (used for tuning: optimistic)", pd.read_csv(FIX / "dev_suggestions.csv", dtype=str, keep_default_na=False))]
    demo = REPO / "data_samples" / "demo_city"
    if (demo / "suggestion_labels.csv").exists():
        r = pd.read_csv(demo / "responses.csv", dtype=str, keep_default_na=False)
        lab = pd.read_csv(demo / "suggestion_labels.csv", dtype=str, keep_default_na=False)
        d = pd.DataFrame({"text": r["suggestion"], "topics": lab["topics"],
                          "kind": np.where(lab["informative"] == "1", "topic", "non_answer")})
        sets.append(("Demo city, generator's labels (answers written)", d[d["text"] != ""]))
    for title, frame in sets:
        out = evaluate_topics(frame)
        comb = out["combined"].set_index("topic")
        print(f"\n== {title}: {len(frame)} answers")
        print(f"macro-F1 combined {comb.loc['macro', 'f1']:.3f} | rules only "
              f"{out['rules'].set_index('topic').loc['macro', 'f1']:.3f} | model only "
              f"{out['model'].set_index('topic').loc['macro', 'f1']:.3f} | micro-F1 combined {comb.loc['micro', 'f1']:.3f}")
        print(f"answer status accuracy (non-answer vs informative) {out['status_accuracy']:.3f}; "
              f"exact topic-set match {out['exact_match']:.3f}")
        if title.startswith("Held-out"):
            print(out["combined"].round(3).to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
