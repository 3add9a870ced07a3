"""Reference privacy-accounting figures from PyPI `opendp` (the version pinned in requirements-privacy.txt).

Prints JSON on stdout: for each composition case, the (epsilon, delta) OpenDP reports. The Swift test
`AccountingReferenceTests` reads this file and requires the ledger to agree within 1e-9 and never be lower.

Cases: `pure` lists epsilons of pure-DP (Laplace) releases, `rho` lists zCDP (Gaussian) releases. Pure-only cases
are composed in pure DP (epsilons add); any case with a zCDP release converts each pure epsilon to rho = eps^2/2
(make_pureDP_to_zCDP), adds the rhos (make_composition) and converts to (epsilon, delta) at `delta`
(make_zCDP_to_approxDP, the Canonne-Kamath-Steinke bound).
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
]

DOMAIN = dp.atom_domain(T=int)
METRIC = dp.absolute_distance(T=int)


def user(measure, loss):
    """A measurement whose privacy map reports `loss` at d_in = 1 (only its accounting is used)."""
    return dp.m.make_user_measurement(DOMAIN, METRIC, measure, lambda x: x, lambda d_in: loss, TO=int)


def figure(case):
    pure = [user(dp.max_divergence(), e) for e in case["pure"]]
    if not case["rho"]:
        return dp.c.make_composition(pure).map(1), 0.0
    parts = [dp.c.make_pureDP_to_zCDP(m) for m in pure] + [user(dp.zero_concentrated_divergence(), r) for r in case["rho"]]
    composed = dp.c.make_composition(parts)
    curve = dp.c.make_zCDP_to_approxDP(composed).map(1)
    return curve.epsilon(case["delta"]), case["delta"]


out = []
for case in CASES:
    epsilon, delta = figure(case)
    out.append(dict(case, opendp_epsilon=epsilon, opendp_delta=delta))
json.dump({"opendp_version": version("opendp"), "python": sys.version.split()[0], "cases": out}, sys.stdout, indent=2)
print()
