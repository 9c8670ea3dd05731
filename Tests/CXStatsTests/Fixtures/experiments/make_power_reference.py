#!/usr/bin/env python3
"""Writes power_reference.json: reference numbers for CXStats `PowerAnalysis`.

For each planned design (per-unit variance sigma^2 in both arms, n_baseline, n_treatment,
confidence 1 - alpha, power) it records
  - mde_scipy: (norm.ppf(1 - alpha/2) + norm.ppf(power)) * sigma * sqrt(1/n_a + 1/n_b), the
    normal-approximation MDE with scipy's normal quantiles;
  - power_at_mde_statsmodels: statsmodels NormalIndPower().power at that effect (standardised
    by sigma, ratio = n_b/n_a, alternative "two-sided"), which counts both rejection tails, so
    it is the target power plus the far tail (~1e-6 at 80 %);
  - mde_statsmodels_solve_power: NormalIndPower().solve_power for the effect at the target power
    (both tails), times sigma. It is smaller than mde_scipy by the far tail's share (documented
    gap, not compared tightly).

Usage: python3 make_power_reference.py   (scipy and statsmodels; scipy 1.17.1 and
statsmodels 0.15.0 wrote the committed file). The file lands next to this script.
"""
import json
import math
import os

from scipy.stats import norm
from statsmodels.stats.power import NormalIndPower

DESIGNS = [
    # (variance, n_baseline, n_treatment, confidence, power)
    (1.0, 1000, 1000, 0.95, 0.8),
    (4.0, 12, 15, 0.95, 0.8),
    (0.21, 8000, 8000, 0.95, 0.9),
    (3900.0, 5000, 4600, 0.90, 0.8),
    (1.0, 500, 1500, 0.99, 0.95),
]


def row(variance, n_a, n_b, confidence, power):
    alpha = 1 - confidence
    sigma = math.sqrt(variance)
    se = sigma * math.sqrt(1 / n_a + 1 / n_b)
    mde = (norm.ppf(1 - alpha / 2) + norm.ppf(power)) * se
    analysis = NormalIndPower()
    achieved = analysis.power(effect_size=mde / sigma, nobs1=n_a, alpha=alpha, ratio=n_b / n_a,
                              alternative="two-sided")
    solved = analysis.solve_power(effect_size=None, nobs1=n_a, alpha=alpha, power=power,
                                  ratio=n_b / n_a, alternative="two-sided")
    return {"variance": variance, "nBaseline": n_a, "nTreatment": n_b, "confidence": confidence,
            "power": power, "standardError": se, "mdeScipy": mde,
            "powerAtMdeStatsmodels": float(achieved),
            "mdeStatsmodelsSolvePower": float(solved) * sigma}


def main():
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "power_reference.json")
    with open(out, "w") as f:
        json.dump({"designs": [row(*d) for d in DESIGNS]}, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
