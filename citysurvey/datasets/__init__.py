"""Datasets shipped with citysurvey.

The demo city 示例市 is a seeded, fully known synthetic study: population,
questionnaire, a biased online sample with planted data problems, objective
indicators and the exact truth to check every estimate against.

>>> from citysurvey.datasets import make_population
>>> int(make_population()["population"].sum())
1900000
"""
# Imported from the private modules, not from demo_city, so `python -m
# citysurvey.datasets.demo_city` does not find its own module already imported.
from ._demo_files import build_codebook, demo_city_path, write_demo_city
from ._demo_indicators import make_indicators
from ._demo_model import true_item_satisfaction
from ._demo_population import make_population, read_population
from ._demo_sample import draw_sample
from ._demo_suggestions import true_topic_rates

__all__ = [
    "build_codebook",
    "demo_city_path",
    "draw_sample",
    "make_indicators",
    "make_population",
    "read_population",
    "true_item_satisfaction",
    "true_topic_rates",
    "write_demo_city",
]
