"""Audit the JSON of `passerelle observatory museums --format json` against SciPy: usage FILE.json, or - for stdin.

The release hides (suppresses) some cells and margins of a region x year table and states, for each, the protection
interval an attacker can infer from what is published. This script does not trust those figures: it rebuilds the
linear program from the published values alone (hidden margins are unknowns too), solves it with SciPy's HiGHS
(lp_intervals.py) and checks that (a) every stated interval is exactly the recomputed one (null upper = unbounded),
(b) no hidden cell is exactly recomputable (lower == upper), (c) every row x column cell appears once in `cells` and
every row / column once in the totals, with values null exactly when suppressed. Prints one summary line (or the
problems) and exits 0 when the release passes, 1 otherwise.
"""
import json
import sys
from collections import Counter

from lp_intervals import protection_intervals


def stated(interval):
    """A stated interval as (lower, upper or None); anything not made of exact integers never matches."""
    def exact(x):
        return isinstance(x, int) and not isinstance(x, bool)

    if not isinstance(interval, dict) or not exact(interval.get("lower")):
        return interval
    upper = interval.get("upper")
    return (interval["lower"], upper) if upper is None or exact(upper) else interval


def audit(release):
    """(problems, number of hidden cells, narrowest finite width or None)."""
    rows, columns, problems = release["rows"], release["columns"], []
    seen = Counter((c["row"], c["column"]) for c in release["cells"])
    for key in sorted(set(seen) | {(r, c) for r in rows for c in columns}, key=repr):
        if seen[key] != 1 or key[0] not in rows or key[1] not in columns:
            problems.append(f"cell {key} appears {seen[key]} times" + ("" if seen[key] else ", expected once"))
    for name, labels in (("rowTotals", rows), ("columnTotals", columns)):
        if sorted(release[name]) != sorted(labels) or len(set(labels)) != len(labels):
            problems.append(f"{name} keys {sorted(release[name])} are not the labels {sorted(labels)}")
    if problems:
        return problems, 0, None

    value, claims = {}, {}
    for c in release["cells"]:
        key = (c["row"], c["column"])
        value[key] = c["value"]
        if (c["value"] is None) != (c["status"] == "suppressed"):
            problems.append(f"cell {key}: value {c['value']} with status {c['status']}")
        if c["value"] is None:
            claims[key] = stated(c.get("interval"))
    value.update({(r, None): v for r, v in release["rowTotals"].items()})
    value.update({(None, c): v for c, v in release["columnTotals"].items()})
    value[(None, None)] = release["grandTotal"]
    for m in release.get("hiddenMargins", []):
        key = (m["row"], m["column"])
        if key not in value or None not in key or value[key] is not None or key in claims:
            problems.append(f"hiddenMargins entry {key} is not a hidden margin, or is listed twice")
        claims[key] = stated(m.get("interval"))

    bad = [k for k, v in value.items() if v is not None and not (type(v) is int and v >= 0)]
    problems += [f"{key}: published value {value[key]!r} is not a non-negative integer" for key in bad]
    if bad:
        return problems, len(claims), None
    try:
        found = protection_intervals(rows, columns, value)
    except ValueError as error:
        return problems + [str(error)], len(claims), None
    for key, interval in sorted(found.items(), key=repr):
        claim = claims.get(key)
        if claim is None:
            problems.append(f"{key}: hidden but no interval stated (SciPy: {list(interval)})")
        elif claim != interval:
            problems.append(f"{key}: stated interval {json.dumps(claim)}, SciPy {list(interval)}")
        if interval[0] == interval[1]:
            problems.append(f"{key}: exactly recomputable, interval {list(interval)}")
    widths = [hi - lo for lo, hi in found.values() if hi is not None]
    return problems, len(found), min(widths, default=None)


def main(argv):
    if len(argv) != 2:
        sys.exit(__doc__)
    source = sys.stdin if argv[1] == "-" else open(argv[1])
    problems, hidden, narrowest = audit(json.load(source))
    if problems:
        print(f"museums release audit: {len(problems)} problem(s)" + (f" among {hidden} hidden cells" if hidden else ""))
        print("\n".join("  " + p for p in problems))
        return 1
    width = "none finite" if narrowest is None else narrowest
    print(f"museums release audit: {hidden} hidden cells, all intervals match SciPy, narrowest width {width}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
