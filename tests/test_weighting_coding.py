"""Coding respondents onto margin cells: the vectorised matching against the population tables.

The fast path matches integer category codes; these tests pin it to what the
tables say, whatever their presentation (row order, duplicated or zero rows,
1 vs 1.0 vs "1", stray spaces), and to the general path's answers.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from citysurvey.errors import StageError
from citysurvey.weighting import Margin, SurveyDesign, rake
from citysurvey.weighting.margins import _norm, _norm_list, code_cells, code_margin


@pytest.mark.parametrize(
    "values",
    [
        pd.Series([3, 1, 2]),
        pd.Series([1.0, 2.5, np.nan]),
        pd.Series([1.0, np.nan, 4.0]),
        pd.Series(["a ", " b", None, "c"]),
        pd.Index(["x", "y"]),
        pd.Index([10, 20]),
        np.array([True, False]),
        pd.Series([1, None], dtype="Int64"),
        pd.Series([1, "a", 2.0], dtype=object),
        pd.Categorical(["u", "v"]).categories,
    ],
)
def test_norm_list_is_norm(values):
    assert _norm_list(values) == list(_norm(values))


def _sample(n=3000, seed=5):
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "district": pd.Categorical.from_codes(rng.integers(0, 3, n), categories=["东区", "西区", "北区"]),
            "sex": rng.choice(["男", "女"], n),
            "age": rng.choice([1, 2, 3, 4], n),  # numeric codes in the data
            "w0": rng.uniform(0.5, 2.0, n),
        }
    )


def _tables(df):
    """Clean tables and the same tables presented messily."""
    age = df.groupby("age").size().rename("population").reset_index()
    age["population"] = age["population"] * 7.0
    ds = df.groupby(["district", "sex"], observed=True).size().rename("population").reset_index()
    ds["population"] = ds["population"] * 7.0
    clean = [Margin.of("age", age), Margin.of(["district", "sex"], ds)]
    m_age = age.assign(age=age["age"].astype(float)).iloc[::-1]  # 4.0 for 4, reversed
    m_age = pd.concat([m_age, pd.DataFrame({"age": [9.0], "population": [0.0]})])  # unknown category, no population
    m_ds = ds.assign(district=ds["district"].astype(str).radd(" "), sex=ds["sex"].astype(str) + " ")  # stray spaces
    half = m_ds.iloc[:2].assign(population=m_ds["population"].iloc[:2] / 2)  # first two cells split in two rows
    m_ds = pd.concat([m_ds.iloc[2:], half, half]).sample(frac=1, random_state=1)
    messy = [Margin.of("age", m_age), Margin.of(["district", "sex"], m_ds)]
    return clean, messy


def _check_coding(df, c):
    """Every respondent's group has its categories; targets are the table's sums; groups in table order."""
    vars_ = list(c.margin.variables)
    labels = {v: np.asarray(c.labels[v], dtype=object)[c.codes] for v in vars_}
    for v in vars_:
        assert (labels[v] == _norm(df[v].astype(object)).to_numpy()).all()
    table = c.margin.table.copy()
    for v in vars_:
        table[v] = _norm(table[v]).to_numpy()
    sums = table.groupby(vars_, sort=False)["population"].sum()
    sums = sums[sums > 0]
    assert [tuple(k) if isinstance(k, tuple) else (k,) for k in sums.index] == list(zip(*[c.labels[v] for v in vars_]))
    np.testing.assert_allclose(c.targets, sums.to_numpy(), rtol=1e-15)
    assert c.collapsed == []


def test_cell_coding_matches_the_tables_however_presented():
    df = _sample()
    clean, messy = _tables(df)
    for margins in (clean, messy):
        coding = code_cells(df, margins)
        for k, c in enumerate(coding.coded):
            resp = code_margin(df, margins[k])
            assert (coding.respondent_codes(k) == resp.codes).all()
            np.testing.assert_array_equal(c.targets, resp.targets)
            assert c.labels == resp.labels
            _check_coding(df, resp)
        assert len(coding.frame) == len(np.unique(coding.cell))
        assert coding.frame["n"].sum() == len(df)


def test_rake_does_not_depend_on_table_presentation():
    df = _sample()
    clean, messy = _tables(df)
    d = SurveyDesign.from_frame(df, weights="w0")
    a, b = rake(d, clean, tol=1e-12), rake(d, messy, tol=1e-12)
    np.testing.assert_allclose(a.weights, b.weights, rtol=1e-12)
    ra = a.history[-1].report.sort_values(["margin", "cell"]).reset_index(drop=True)
    rb = b.history[-1].report.sort_values(["margin", "cell"]).reset_index(drop=True)
    assert ra["cell"].tolist() == rb["cell"].tolist()
    np.testing.assert_allclose(ra["target"], rb["target"], rtol=1e-12)
    assert {"东区×男", "北区×女", "1", "4"} <= set(ra["cell"])  # normalised labels: no stray spaces, 4.0 → 4


def test_general_path_still_decides_empty_cells():
    df = _sample()
    clean, _ = _tables(df)
    extra = pd.concat([clean[0].table, pd.DataFrame({"age": [5], "population": [100.0]})])
    margins = [Margin.of("age", extra), clean[1]]
    with pytest.raises(StageError, match="no respondent"):
        code_cells(df, margins)
    # 5 is no category of the data: it has no ordered neighbour to merge with, so it stays an error
    with pytest.raises(StageError, match="cell '5': population 100 but no respondent"):
        code_cells(df, margins, empty="collapse", collapse_order=["age"])
    # with the codebook's categories (5 known, nobody answered it) it merges into 4
    coded = code_cells(df.assign(age=pd.Categorical(df["age"], categories=[1, 2, 3, 4, 5])), margins,
                       empty="collapse", collapse_order=["age"])
    assert coded.coded[0].collapsed == ["5 → 4"]
    assert coded.coded[0].labels["age"][-1] == "4 + 5"
    assert coded.coded[0].targets[-1] == extra["population"].iloc[-2] + 100.0


def test_large_cell_space_uses_unique_cells():
    rng = np.random.default_rng(2)
    n = 20_000
    df = pd.DataFrame({f"v{k}": rng.integers(0, L, n) for k, L in enumerate([60, 40, 30])})  # 72,000 possible cells
    df["w0"] = rng.uniform(0.5, 2, n)
    margins = [Margin.of(v, dict(df.groupby(v).size() * 3.0)) for v in ["v0", "v1", "v2"]]
    coding = code_cells(df, margins)
    assert coding.n_cells == len(np.unique(coding.cell)) < 60 * 40 * 30
    d = rake(SurveyDesign.from_frame(df, weights="w0"), margins, tol=1e-11)
    for m in margins:
        v = m.variables[0]
        got = pd.Series(d.weights).groupby(df[v].to_numpy()).sum()
        np.testing.assert_allclose(got.loc[m.table[v]].to_numpy(), m.table["population"].to_numpy(), rtol=1e-10)
