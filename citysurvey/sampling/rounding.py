"""Integer quotas that add up: largest remainder and controlled rounding.

Both work on exact fractions (:class:`fractions.Fraction`), so a quota that is
exactly 300 is never 299.99999 and ties are real ties, decided by a documented
rule rather than by floating-point noise.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction


def largest_remainder(exact: Sequence[Fraction], names: Sequence[str]) -> list[int]:
    """Round ``exact`` (which must sum to an integer) to integers with the same sum.

    Every value goes to its floor; the units left over go one each to the
    largest fractional parts. Tie-break, in order: larger fractional part,
    then larger exact value, then ``names`` in Unicode order — so the result
    does not depend on the order of the input rows. Each result is within one
    unit of its exact value.

    >>> largest_remainder([Fraction(5, 2), Fraction(3, 2), Fraction(1)], ["a", "b", "c"])
    [3, 1, 1]
    """
    total = sum(exact, Fraction(0))
    if total.denominator != 1:
        raise ValueError(f"values sum to {float(total)}, not an integer")
    base = [math.floor(x) for x in exact]
    left = int(total) - sum(base)
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - base[i]), -exact[i], names[i]))
    for i in order[:left]:
        base[i] += 1
    return base


def controlled_round(table: Sequence[Sequence[Fraction]]) -> list[list[int]]:
    """Round a two-way table whose grand total is an integer, keeping it additive.

    Each cell, each row total and each column total ends at the floor or the
    ceiling of its exact value, the integer cells add up to the integer row and
    column totals, and the grand total is unchanged. Cells that are exactly
    integral (including zeros) are never moved.

    Method (Cox 1987): write the table with its totals negated in an extra row
    and column so that every row and column sums to zero. A fractional entry
    never sits alone in a row or column, so the fractional entries contain a
    cycle; shifting ±δ alternately around it keeps every sum and makes at least
    one entry integral. Repeat until none is fractional. The smaller of the two
    possible shifts is taken (ties: +δ), and cycles are searched in row/column
    order, so the result is deterministic.

    >>> controlled_round([[Fraction(1, 2), Fraction(1, 2)], [Fraction(1, 2), Fraction(1, 2)]])
    [[1, 0], [0, 1]]
    """
    m = len(table)
    k = len(table[0]) if m else 0
    if any(len(row) != k for row in table):
        raise ValueError("rows differ in length")
    grand = sum((sum(row, Fraction(0)) for row in table), Fraction(0))
    if grand.denominator != 1:
        raise ValueError(f"the grand total {float(grand)} is not an integer")
    # Augmented (m+1)×(k+1) matrix; index 0 holds the negated totals.
    a = [[Fraction(0)] * (k + 1) for _ in range(m + 1)]
    a[0][0] = grand
    for i, row in enumerate(table, start=1):
        for j, x in enumerate(row, start=1):
            a[i][j] = Fraction(x)
        a[i][0] = -sum(row, Fraction(0))
    for j in range(1, k + 1):
        a[0][j] = -sum((a[i][j] for i in range(1, m + 1)), Fraction(0))

    while True:
        cycle = _fractional_cycle(a)
        if cycle is None:
            break
        plus, minus = cycle[0::2], cycle[1::2]
        up = min([math.ceil(a[i][j]) - a[i][j] for i, j in plus] + [a[i][j] - math.floor(a[i][j]) for i, j in minus])
        down = min([a[i][j] - math.floor(a[i][j]) for i, j in plus] + [math.ceil(a[i][j]) - a[i][j] for i, j in minus])
        delta = up if up <= down else -down
        for i, j in plus:
            a[i][j] += delta
        for i, j in minus:
            a[i][j] -= delta
    return [[int(a[i][j]) for j in range(1, k + 1)] for i in range(1, m + 1)]


def _fractional_cycle(a: list[list[Fraction]]) -> list[tuple[int, int]] | None:
    """Edges (row, col) of a cycle of fractional entries, in walking order, or None."""
    rows, cols = len(a), len(a[0])
    frac = [[a[i][j].denominator != 1 for j in range(cols)] for i in range(rows)]
    start = next(((i, j) for i in range(rows) for j in range(cols) if frac[i][j]), None)
    if start is None:
        return None
    # Vertices are ("r", i) and ("c", j); walk without stepping straight back until a vertex repeats.
    path: list[tuple[str, int]] = [("r", start[0]), ("c", start[1])]
    seen = {path[0]: 0, path[1]: 1}
    while True:
        kind, idx = path[-1]
        prev = path[-2]
        if kind == "c":
            nxt = next(("r", i) for i in range(rows) if frac[i][idx] and ("r", i) != prev)
        else:
            nxt = next(("c", j) for j in range(cols) if frac[idx][j] and ("c", j) != prev)
        if nxt in seen:
            loop = path[seen[nxt]:] + [nxt]
            break
        seen[nxt] = len(path)
        path.append(nxt)
    edges = []
    for u, v in zip(loop, loop[1:]):
        (ku, iu), (_kv, iv) = u, v
        edges.append((iu, iv) if ku == "r" else (iv, iu))
    return edges
