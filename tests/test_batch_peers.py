"""A study's whole city graded among the cities of a batch (indicators.peer_group)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from citysurvey.errors import StageError
from citysurvey.indicators import IndicatorsConfig, check_values, grade_values, national_catalog
from citysurvey.indicators.peers import PEER_FILE, load_peer_group
from citysurvey.outputs import write_csv

CATALOG = national_catalog()


def graded(rows, city_peers=None, cfg=IndicatorsConfig(no_standard="peer")):
    values = pd.DataFrame([{"area": a, "year": 2026, "indicator_id": i, "value": float(v), "unit": "", "stock": np.nan}
                           for a, i, v in rows])
    return grade_values(check_values(values, CATALOG, file="t.csv"), cfg, city_peers).set_index("area")


def peers(values, indicator="U05", year=2026):
    return pd.DataFrame({"study_id": [f"c{i}" for i in range(len(values))], "area": "全市", "year": year,
                         "indicator_id": indicator, "value": [float(v) for v in values]})


def test_the_city_has_no_peers_without_a_peer_group():
    g = graded([("全市", "U05", 3.0), ("甲区", "U05", 1.0)])
    assert g.at["全市", "grade"] == "无标准"


@pytest.mark.parametrize("others,expected", [
    ([1, 2, 4, 5], "较好"),   # pool 1..5: P50 = 3 ≤ 3 < P75 = 4
    ([4, 5, 6, 7], "较差"),   # pool 3..7: 3 < P25 = 4
    ([0, 0.5, 1, 2], "很好"),  # pool 0..3: 3 ≥ P75 = 2
])
def test_city_percentile_among_batch_cities(others, expected):
    g = graded([("全市", "U05", 3.0), ("甲区", "U05", 10.0), ("乙区", "U05", 20.0), ("丙区", "U05", 30.0)], peers(others))
    assert g.at["全市", "grade"] == expected
    # districts keep their own peers: 10 < P25 of (10, 20, 30) is false at the minimum → P25 = 15 → 较差
    assert g.at["甲区", "grade"] == "较差" and g.at["丙区", "grade"] == "很好"


def test_peers_of_other_years_or_indicators_are_ignored():
    g = graded([("全市", "U05", 3.0)], pd.concat([peers([4, 5, 6], year=2025), peers([4, 5, 6], indicator="U16")]))
    assert g.at["全市", "grade"] == "无标准"


def test_peer_group_file_leaves_the_study_itself_out(tmp_path):
    write_csv(peers([1, 2, 3]).assign(study_id=["me", "b", "c"]), tmp_path / PEER_FILE)
    table = load_peer_group(tmp_path, own_study="me")
    assert sorted(table["study_id"]) == ["b", "c"] and table["value"].tolist() == [2.0, 3.0]


def test_missing_peer_group_says_what_to_do(tmp_path):
    with pytest.raises(StageError) as err:
        load_peer_group(tmp_path, own_study="me")
    text = err.value.format()
    assert "peer_values.csv" in text and "citysurvey batch" in text and "同级城市" in text

