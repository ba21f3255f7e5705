"""示例市 — the seeded demo city every test, example and benchmark uses.

Regenerate the committed files byte for byte::

    python -m citysurvey.datasets.demo_city data_samples/demo_city

The pieces are usable on their own, e.g. for coverage simulations::

    pop = make_population()
    truth = true_item_satisfaction(pop)
    rng = np.random.default_rng(1)
    for _ in range(1000):
        responses, labels = draw_sample(pop, 3000, rng, suggestions=False)
"""
from __future__ import annotations

import argparse
import sys
import time

from ._demo_files import DEFAULT_N, build_codebook, demo_city_path, write_demo_city
from ._demo_indicators import make_indicators
from ._demo_model import true_item_satisfaction
from ._demo_population import make_population, read_population
from ._demo_sample import draw_sample
from ._demo_spec import DEFAULT_SEED
from ._demo_suggestions import true_topic_rates


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m citysurvey.datasets.demo_city", description="生成示例市数据 / write the demo city files")
    parser.add_argument("out_dir", nargs="?", default=str(demo_city_path()))
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--n", type=int, default=DEFAULT_N, help="kept respondents")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    paths = write_demo_city(args.out_dir, seed=args.seed, n=args.n)
    print(f"wrote {len(paths)} files to {args.out_dir} in {time.perf_counter() - start:.1f} s")
    return 0


__all__ = [
    "make_population",
    "draw_sample",
    "true_item_satisfaction",
    "true_topic_rates",
    "make_indicators",
    "read_population",
    "write_demo_city",
    "demo_city_path",
    "build_codebook",
]

if __name__ == "__main__":
    sys.exit(main())
