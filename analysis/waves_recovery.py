"""How well the waves stage recovers the demo city's planted 2025 → 2026 changes.

Run the demo first (`citysurvey run analysis/demo_city/study.yaml`), then::

    python analysis/waves_recovery.py [output/demo_city]

Prints, for city and district item estimates: the planted changes found (significant
in the right direction after the FDR adjustment), the false alarms among item × area
× measure cells whose true change is exactly zero, and the coverage of the 95%
intervals of the change.
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]


def main(out: Path) -> None:
    c = pd.read_csv(out / "waves" / "changes.csv", encoding="utf-8-sig")
    truth = pd.read_csv(ROOT / "data_samples" / "demo_city_2025" / "truth_changes.csv")
    c = c[(c["kind"] == "item") & c["domain_var"].isin(["city", "district"])].rename(columns={"domain": "district"})
    m = c.merge(truth, on=["item", "district"])
    column = {"score": "true_score_100_change", "satisfied_rate": "true_satisfied_rate_change",
              "dissatisfied_rate": "true_dissatisfied_rate_change"}
    m["true_change"] = np.select([m["measure"] == k for k in column], [m[v] for v in column.values()])
    m["found"] = m["significant"] & (np.sign(m["diff"]) == np.sign(m["true_change"]))
    planted = m[m["planted"]]
    null = m[~m["planted"] & (m["item"] != "q_overall")]
    print(f"planted cells (item × area × measure): {len(planted)}; significant in the right direction: "
          f"{int(planted['found'].sum())}; city level: "
          f"{int(planted.loc[planted['district'] == '全市', 'found'].sum())} of {int((planted['district'] == '全市').sum())}")
    print(f"unchanged cells: {len(null)}; false alarms: {int(null['significant'].sum())} "
          f"(raw p < 0.05: {int((null['p_value'] < 0.05).sum())})")
    cover = (m["diff_ci_low"] <= m["true_change"]) & (m["true_change"] <= m["diff_ci_high"])
    print(f"95% interval of the change covers the true change: {cover.mean():.1%} of {len(m)} cells")
    show = planted[planted["measure"] == "score"].sort_values(["item", "district"])
    print(show[["item", "district", "true_change", "diff", "diff_se", "p_adjusted", "change"]].to_string(index=False))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "output" / "demo_city")
