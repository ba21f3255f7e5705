"""示例市 2025 — the demo city's previous wave, with planted changes (see ``_demo_previous``).

Regenerate the input files and ``analysis/demo_city_2025/study.yaml`` byte for byte::

    python -m citysurvey.datasets.demo_city_2025

and, after a change to the generator or to the stages, the committed output tables
that the 2026 study reads as its previous wave (runs the 2025 study, ~1–2 min)::

    python -m citysurvey.datasets.demo_city_2025 --outputs
"""
from __future__ import annotations

import argparse
import sys
import time

from ._demo_previous import (
    PLANTED_CHANGES,
    demo_city_previous_path,
    previous_model,
    true_changes,
    write_demo_city_previous,
    write_previous_outputs,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m citysurvey.datasets.demo_city_2025",
                                     description="生成示例市2025年（上期）数据 / write the demo city's 2025 wave")
    parser.add_argument("out_dir", nargs="?", default=str(demo_city_previous_path()))
    parser.add_argument("--outputs", action="store_true",
                        help="also run the 2025 study and refresh its committed output tables (out_dir/outputs)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    paths = write_demo_city_previous(args.out_dir)
    print(f"wrote {len(paths)} files in {time.perf_counter() - start:.1f} s")
    if args.outputs:
        start = time.perf_counter()
        paths = write_previous_outputs()
        print(f"ran the {2025} study and kept {len(paths)} output files in {time.perf_counter() - start:.1f} s")
    return 0


__all__ = ["PLANTED_CHANGES", "previous_model", "true_changes", "write_demo_city_previous", "write_previous_outputs"]

if __name__ == "__main__":
    sys.exit(main())
