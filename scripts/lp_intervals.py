"""Protection intervals of the hidden cells of a two-way table, as an attacker computes them by linear programming.

A table of non-negative integers is published with its row totals, column totals and grand total; some cells
(interior or margins) are hidden. Knowing every value is >= 0, the attacker bounds each hidden cell x by minimising
and maximising it subject to x >= 0 and the additivity equations: for every row r (and the total row) the cells
sum to the row total, for every column c (and the total column) the cells sum to the column total. Published cells
enter as constants. This is the textbook audit of cell suppression (Hundepool et al., Statistical Disclosure
Control, ch. 5); SciPy's HiGHS solver is the independent reference the Swift suppression code is compared with.

Cells are keyed (row, column) with None for the total on that axis, so (None, None) is the grand total. Cell
(r, c) appears in exactly two equations, row-equation r and column-equation c; after flipping the sign of the
margins the matrix is the incidence matrix of a bipartite graph, hence totally unimodular and every optimum is an
integer, which `protection_intervals` asserts. The LP splits into independent problems, one per connected
component of hidden cells in that graph, which keeps a 101 x 21 table with hundreds of hidden cells fast.
"""
from scipy.optimize import linprog
from scipy.sparse import lil_matrix


def _terms(rows, columns):
    """Each additivity equation as a list of (cell, coefficient): the parts +1, the total -1."""
    eqs = {("row", r): [((r, c), 1) for c in columns] + [((r, None), -1)] for r in rows + [None]}
    eqs.update({("col", c): [((r, c), 1) for r in rows] + [((None, c), -1)] for c in columns + [None]})
    return eqs


def _integer(x, what):
    n = round(x)
    assert abs(x - n) <= 1e-6, f"{what}: LP optimum {x} is not an integer (the matrix is totally unimodular)"
    return int(n)


def protection_intervals(rows, columns, value):
    """{hidden cell: (lower, upper or None if unbounded)} for `value`, a dict over every (row|None, column|None)
    giving the published integer or None when hidden. Raises ValueError if the published figures are inconsistent."""
    eqs = _terms(list(rows), list(columns))
    parent = {e: e for e in eqs}  # union-find over equations, joined by the hidden cells they share

    def find(e):
        while parent[e] != e:
            parent[e] = parent[parent[e]]
            e = parent[e]
        return e

    hidden = [cell for cell, v in value.items() if v is None]
    for r, c in hidden:
        parent[find(("row", r))] = find(("col", c))
    groups = {}
    for e, terms in eqs.items():
        groups.setdefault(find(e), []).append(e)

    result = {}
    for members in groups.values():
        cells = sorted({cell for e in members for cell, _ in eqs[e] if value[cell] is None}, key=repr)
        if not cells:
            for e in members:
                if sum(k * value[cell] for cell, k in eqs[e]) != 0:
                    raise ValueError(f"published figures do not add up in {e}")
            continue
        index = {cell: i for i, cell in enumerate(cells)}
        a = lil_matrix((len(members), len(cells)))
        b = []
        for j, e in enumerate(members):
            for cell, k in eqs[e]:
                if cell in index:
                    a[j, index[cell]] = k
            b.append(-sum(k * value[cell] for cell, k in eqs[e] if cell not in index))
        a = a.tocsr()
        for cell, i in index.items():
            bounds = []
            for sign in (1, -1):
                objective = [0] * len(cells)
                objective[i] = sign
                res = linprog(objective, A_eq=a, b_eq=b, bounds=(0, None), method="highs")
                if res.status == 3 and sign == -1:
                    bounds.append(None)
                elif res.status == 0:
                    bounds.append(_integer(sign * res.fun, cell))
                else:
                    raise ValueError(f"LP for {cell} failed: {res.message}")
            result[cell] = tuple(bounds)
    return result
