"""Each pair on the "Coming from R survey" page gives R's numbers on R's api data."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "docs" / "_ext"))
import r_pairs  # noqa: E402

REF = r_pairs.reference()


@pytest.fixture(scope="module")
def namespace(tmp_path_factory):
    import os

    here = os.getcwd()
    os.chdir(r_pairs.ROOT)  # the page's code reads the fixtures by relative path
    try:
        ns: dict = {}
        exec(r_pairs.SETUP_PY, ns)
        yield ns
    finally:
        os.chdir(here)


@pytest.mark.parametrize("pair", r_pairs.PAIRS, ids=[p.r_name for p in r_pairs.PAIRS])
def test_pair_matches_r(pair, namespace, monkeypatch):
    monkeypatch.chdir(r_pairs.ROOT)
    got = r_pairs.run_pair(pair, dict(namespace))
    rows = r_pairs.r_rows(pair, REF)
    assert len(rows) >= 1, f"no R reference for {pair.case}/{pair.stat}/{pair.variable}"
    if pair.domain_column is None:
        assert len(got) == 1 and len(rows) == 1
        pairs = [(got.iloc[0], rows.iloc[0])]
    else:
        assert len(got) == len(rows)
        keyed = got.assign(_d=got[pair.domain_column].astype(str)).set_index("_d")
        pairs = [(keyed.loc[r["domain"]], r) for _, r in rows.iterrows()]
    for ours, theirs in pairs:
        a = np.array([float(ours[c]) for c in pair.columns])
        b = np.array([float(theirs[c]) for c in pair.columns])
        assert np.allclose(a, b, rtol=1e-6, atol=0), (pair.r_name, dict(zip(pair.columns, zip(a, b))))


def test_every_mapped_r_function_named_by_the_issue_is_on_the_page():
    names = " ".join(p.r_name for p in r_pairs.PAIRS)
    for fn in ("svydesign", "rake", "calibrate", "postStratify", "trimWeights", "svymean", "svytotal",
               "svyratio", "svyquantile", "svyciprop", "svyby", "as.svrepdesign"):
        assert fn in names, fn
