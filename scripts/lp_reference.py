"""Reference protection intervals for suppressed two-way magnitude tables, computed by SciPy's HiGHS linprog.

Prints JSON on stdout: per case the table (`interior`, rows x columns of true values), the `hidden` cells as
[row label or null, column label or null] (null = the total on that axis) and their `intervals` [lower, upper or
null = unbounded], i.e. what an attacker who knows every value is >= 0 can infer (see lp_intervals.py). The Swift
suppression code is meant to reproduce these intervals exactly. The hand-made cases pin down known situations
(a dominant cell beside three ones, zeros that are exactly recomputable, unbounded margins); the random ones
(seeded, so the file is reproducible) cover skewed values up to 10^9 and hidden margins.
"""
import json
import random
import sys
from importlib.metadata import version

from lp_intervals import protection_intervals


def table(interior, rows, columns):
    """Every cell of the table with margins, keyed (row|None, column|None)."""
    cells = {(r, c): interior[i][j] for i, r in enumerate(rows) for j, c in enumerate(columns)}
    for i, r in enumerate(rows):
        cells[(r, None)] = sum(interior[i])
    for j, c in enumerate(columns):
        cells[(None, c)] = sum(row[j] for row in interior)
    cells[(None, None)] = sum(map(sum, interior))
    return cells


def case(name, rows, columns, interior, hidden):
    cells = table(interior, rows, columns)
    value = {cell: None if cell in hidden else v for cell, v in cells.items()}
    found = protection_intervals(rows, columns, value)
    for cell in hidden:  # the truth always lies inside its interval
        lower, upper = found[cell]
        assert lower <= cells[cell] and (upper is None or cells[cell] <= upper), (name, cell, found[cell])
    return {"name": name, "rows": rows, "columns": columns, "interior": interior,
            "hidden": [list(cell) for cell in hidden], "intervals": [list(found[cell]) for cell in hidden]}


def skewed(rng):
    """30 % zeros, 25 % tiny counts, most of the rest log-uniform up to 10^6, 2 % up to 10^9."""
    u = rng.random()
    if u < 0.30:
        return 0
    if u < 0.55:
        return rng.randint(1, 5)
    if u < 0.98:
        return int(10 ** rng.uniform(0, 6))
    return rng.randint(0, 10**9)


def random_case(rng, k):
    rows = [f"r{i}" for i in range(rng.randint(2, 9))]
    columns = [f"c{j}" for j in range(rng.randint(2, 9))]
    interior = [[skewed(rng) for _ in columns] for _ in rows]
    margins = k % 2 == 1  # every other table may hide margins too
    pool = [(r, c) for r in rows + ([None] if margins else []) for c in columns + ([None] if margins else [])]
    share = rng.uniform(0.05, 0.50)
    hidden = rng.sample(pool, max(1, round(share * len(pool))))
    return case(f"random {k}", rows, columns, interior, hidden)


def cases():
    museum = [[1000, 1, 1, 1], [5, 400, 300, 200]]
    rows, cols = ["a", "b"], ["c1", "c2", "c3", "c4"]
    all_interior = [(r, c) for r in rows for c in cols]
    first = case("museum beside three ones", rows, cols, museum, all_interior)
    # By hand: with both rows hidden, (a,c1) = row a minus the other three cells of row a, each at most its column
    # total, so it is at least 1003 - (401 + 301 + 201) = 100; at most min(column c1, row a) = min(1005, 1003).
    t = table(museum, rows, cols)
    assert first["intervals"][0] == [t[("a", None)] - sum(t[(None, c)] for c in cols[1:]),
                                     min(t[(None, "c1")], t[("a", None)])] == [100, 1003], first["intervals"][0]
    out = [first, case("museum beside three ones, first two columns", rows, cols, museum,
                       [("a", "c1"), ("a", "c2"), ("b", "c1"), ("b", "c2")])]
    out.append(case("two zeros in a row", ["r1", "r2"], ["c1", "c2", "c3"], [[0, 0, 12], [4, 9, 3]],
                    [("r1", "c1"), ("r1", "c2")]))
    out.append(case("unbounded", ["a", "b"], ["c1", "c2"], [[7, 3], [2, 8]],
                    [("a", "c1"), ("a", None), (None, "c1"), (None, None)]))
    rng = random.Random(20261201)
    out += [random_case(rng, k) for k in range(64)]
    return out


if __name__ == "__main__":
    json.dump({"scipy_version": version("scipy"), "cases": cases()}, sys.stdout, indent=1)
    print()
