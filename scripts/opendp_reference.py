"""Reference privacy-accounting figures from PyPI `opendp` (the version pinned in requirements-privacy.txt).

Prints JSON on stdout: for each composition case, the (epsilon, delta) OpenDP reports. The Swift test
`AccountingReferenceTests` reads this file and requires the ledger to agree within 1e-9 and never be lower.

Cases: `pure` lists epsilons of pure-DP (Laplace) releases, `rho` lists zCDP (Gaussian) releases and `approx` lists
(epsilon, delta) approximate-DP releases (e.g. DP partition selection), whose deltas come out of the target `delta`,
leaving delta_rem = delta - sum(approx deltas) for the zCDP -> (epsilon, delta) conversion. Two composition routes
are computed, each entirely by OpenDP combinators, because neither dominates the other:

- "zcdp": each pure epsilon becomes rho = eps^2/2 (make_pureDP_to_zCDP), the rhos add (make_composition), the total
  converts to a privacy curve (make_zCDP_to_approxDP, the Canonne-Kamath-Steinke bound) fixed at delta_rem
  (make_fix_delta), then composes basically with the approx releases. Good for many small pure epsilons; poor
  when a large pure epsilon is squared (1 Laplace at eps 1 + selection: 6.24 here vs 2.0 by "basic").
- "basic": the pure epsilons add in pure DP (make_composition, then make_approximate for delta 0), the zCDP releases
  alone convert at delta_rem, and everything composes basically with the approx releases (epsilons and deltas add).

OpenDP adds epsilons and deltas rounding upward, so a route's delta can exceed the target by an ulp (the figures
are OpenDP's, not the target); both routes compose in the same order: pure, then the zCDP conversion, then the
approx releases as listed. `opendp_epsilon`/`opendp_delta` is the best valid route (smallest epsilon, then smallest
delta); `opendp_routes` lists every valid route. Pure-only cases compose purely: one "basic" route with delta 0.
"""
import json
import sys

from importlib.metadata import version
import opendp.prelude as dp

dp.enable_features("contrib", "honest-but-curious")

CASES = [
    {"name": "wikimedia daily rho", "pure": [], "rho": [0.015], "delta": 1e-7},
    {"name": "ten laplace releases", "pure": [0.1] * 10, "rho": [], "delta": 0.0},
    {"name": "laplace plus gaussian", "pure": [0.1], "rho": [0.015], "delta": 1e-7},
    {"name": "three gaussians", "pure": [], "rho": [0.1, 0.05, 0.025], "delta": 1e-6},
    {"name": "large rho", "pure": [], "rho": [2.0], "delta": 1e-9},
    {"name": "tiny rho", "pure": [], "rho": [1e-4], "delta": 1e-10},
    {"name": "mixed many", "pure": [0.5, 0.25, 1.0], "rho": [0.3, 0.01], "delta": 1e-8},
    {"name": "month of wikimedia days", "pure": [], "rho": [0.015] * 30, "delta": 1e-7},
    {"name": "single laplace", "pure": [1.0], "rho": [], "delta": 0.0},
    # Issue 10, finding 3: tiny rho with a large delta gives 0 (not a negative epsilon), and tiny rho must not fall
    # below OpenDP's figure (ln((a-1)/a) lost up to 2.6e-11 relative there).
    {"name": "tiny rho large delta", "pure": [], "rho": [1e-6], "delta": 1e-3},
    {"name": "rho 0.1 at delta 0.5", "pure": [], "rho": [0.1], "delta": 0.5},
    {"name": "rho 1e-8", "pure": [], "rho": [1e-8], "delta": 1e-7},
    {"name": "rho 1e-10", "pure": [], "rho": [1e-10], "delta": 1e-9},
    {"name": "rho 1e-11", "pure": [], "rho": [1e-11], "delta": 1e-6},
    {"name": "rho 1e-13", "pure": [], "rho": [1e-13], "delta": 1e-10},
    # Approximate-DP releases (DP partition selection) beside Laplace / Gaussian ones.
    {"name": "laplace plus selection", "pure": [1.0], "rho": [], "approx": [[1.0, 1e-7]], "delta": 1e-6},
    {"name": "gaussian plus selection", "pure": [], "rho": [0.015], "approx": [[0.5, 1e-8]], "delta": 1e-7},
    {"name": "mixed with selection", "pure": [0.5, 0.25], "rho": [0.1], "approx": [[1.0, 1e-9], [0.2, 1e-9]], "delta": 1e-7},
    {"name": "many laplace one gaussian", "pure": [0.1] * 20, "rho": [0.001], "delta": 1e-7},
    {"name": "selection only", "pure": [], "rho": [], "approx": [[1.0, 1e-7]], "delta": 1e-6},
    # Cases where the "zcdp" route wins (above, "basic" wins or ties everywhere): many small pure epsilons.
    {"name": "fifty laplace one gaussian", "pure": [0.1] * 50, "rho": [0.001], "delta": 1e-7},
    {"name": "hundred small laplace with selection", "pure": [0.05] * 100, "rho": [], "approx": [[0.5, 1e-8]], "delta": 1e-7},
]

DOMAIN = dp.atom_domain(T=int)
METRIC = dp.absolute_distance(T=int)
APPROX = dp.approximate(dp.max_divergence())


def user(measure, loss):
    """A measurement whose privacy map reports `loss` at d_in = 1 (only its accounting is used)."""
    return dp.m.make_user_measurement(DOMAIN, METRIC, measure, lambda x: x, lambda d_in: loss, TO=int)


def zcdp_at(parts, delta):
    """zCDP measurements composed, converted to a privacy curve and fixed at `delta`: an Approximate(MaxDivergence)."""
    return dp.c.make_fix_delta(dp.c.make_zCDP_to_approxDP(dp.c.make_composition(parts)), delta)


def routes(case):
    """Every valid route as (name, epsilon, delta), each figure read from an OpenDP privacy map at d_in = 1."""
    pure = [user(dp.max_divergence(), e) for e in case["pure"]]
    rho = [user(dp.zero_concentrated_divergence(), r) for r in case["rho"]]
    approx = [user(APPROX, tuple(ed)) for ed in case["approx"]]
    if not rho and not approx:
        return [("basic", dp.c.make_composition(pure).map(1), 0.0)]
    delta_rem = case["delta"] - sum(d for _, d in case["approx"])
    found = []
    if (pure or rho) and delta_rem > 0:
        zcdp = zcdp_at([dp.c.make_pureDP_to_zCDP(m) for m in pure] + rho, delta_rem)
        found.append(("zcdp", *dp.c.make_composition([zcdp] + approx).map(1)))
    if not rho or delta_rem > 0:
        parts = [dp.c.make_approximate(dp.c.make_composition(pure))] if pure else []
        parts += [zcdp_at(rho, delta_rem)] if rho else []
        found.append(("basic", *dp.c.make_composition(parts + approx).map(1)))
    return found


out = []
for case in CASES:
    case = dict(case, approx=case.get("approx", []))
    valid = routes(case)
    assert valid, f"{case['name']}: no valid route (approx deltas use up the target delta)"
    _, epsilon, delta = min(valid, key=lambda r: (r[1], r[2]))
    listed = [{"route": n, "epsilon": e, "delta": d} for n, e, d in valid]
    out.append(dict(case, opendp_epsilon=epsilon, opendp_delta=delta, opendp_routes=listed))
json.dump({"opendp_version": version("opendp"), "python": sys.version.split()[0], "cases": out}, sys.stdout, indent=2)
print()
