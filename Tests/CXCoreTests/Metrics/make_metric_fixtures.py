#!/usr/bin/env python3
"""Writes metric_fixtures.json, the reference values of the CXCore metric tests (run from
anywhere; the JSON lands next to this file).

Every expected number is recomputed here from the raw answers (each histogram expanded with
numpy.repeat) by the DESIGN.md section 6 definitions, never from cxloop code:
  NPS / eNPS            hand formulas of section 6 (no library implements NPS), z from
                        scipy.stats.norm; week over week z on sqrt(SE1^2 + SE2^2)
  CSAT (% top-2-box)    statsmodels proportion_confint(method="wilson"), proportions_ztest
  CES (mean, % agree)   statsmodels DescrStatsW.tconfint_mean, scipy.stats.ttest_ind(equal_var=False)
  Holm                  statsmodels.stats.multitest.multipletests(method="holm")
  engagement index      numpy, section 6 (reverse code, mean, rescale to 0-100, >= 2/3 answered)
The rules of suppression, low-n and flags are re-implemented below from section 6.

Tested with Python 3, scipy 1.17.1, statsmodels 0.15.0, numpy 2.4.
"""
import json
import math
import os

import numpy as np
from scipy import stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint, proportions_ztest
from statsmodels.stats.weightstats import DescrStatsW

HERE = os.path.dirname(os.path.abspath(__file__))
Z975 = float(stats.norm.ppf(0.975))
LOW_N = 30

# Histograms as {value: count}. Names are what the Swift tests look up.
H = {
    # Issue 4's golden case: n = 400, P = 200, D = 80 -> NPS 30, SE 3.905, adjusted centre 29.78.
    "nps_golden": {10: 120, 9: 80, 8: 70, 7: 50, 6: 30, 3: 30, 0: 20},
    "nps_prev": {10: 100, 9: 80, 8: 60, 7: 60, 5: 50, 2: 30, 0: 20},  # P 180, D 100
    "nps_small": {10: 5, 9: 2, 8: 1, 6: 2, 1: 2},                     # n 12
    "nps_small_prev": {10: 2, 9: 2, 7: 1, 4: 3},                      # n 8
    "nps_all_promoters": {10: 30, 9: 10},                             # n 40, CI clamped at 100
    "nps_all_promoters_prev": {10: 20, 9: 15},
    "csat": {5: 120, 4: 80, 3: 25, 2: 15, 1: 10},                     # 200/250
    "csat_prev": {5: 90, 4: 70, 3: 35, 2: 20, 1: 15},                 # 160/230
    "csat10": {10: 14, 9: 19, 8: 22, 7: 10, 5: 6, 2: 4},              # scale 1-10, top 9-10
    "csat10_prev": {10: 11, 9: 17, 8: 25, 6: 12, 3: 5},
    "csat_all_top": {5: 12, 4: 8},                                    # Wilson upper exactly 100
    "ces": {7: 30, 6: 35, 5: 30, 4: 25, 3: 15, 2: 10, 1: 5},          # n 150
    "ces_prev": {7: 45, 6: 40, 5: 25, 4: 15, 3: 8, 2: 5, 1: 2},       # n 140
    "ces_low_n": {2: 5, 3: 4, 1: 3},                                  # n 12
    "ces_low_n_prev": {6: 6, 7: 7, 5: 2},                             # n 15
    "ces5": {5: 9, 4: 11, 3: 7, 2: 4, 1: 2},                          # scale 1-5, agree 3-5
    "ces5_prev": {5: 5, 4: 9, 3: 9, 2: 6, 1: 3},
    "ces_one": {6: 1},
    "enps_team": {10: 1, 8: 1, 6: 1, 3: 1},                           # n 4: hidden below 5
    "enps_team_prev": {10: 3, 9: 2, 7: 3, 5: 2},                      # n 10
    "enps_dept": {10: 9, 9: 12, 8: 10, 7: 6, 6: 4, 4: 3, 0: 1},       # n 45
    "enps_dept_prev": {10: 5, 9: 8, 8: 11, 7: 8, 5: 6, 2: 2},         # n 40
    "empty": {},
}

SCALES = {"nps": (0, 10), "enps": (0, 10), "csat": (1, 5), "ces": (1, 7)}


def raw(name):
    h = H[name]
    values = sorted(h)
    return np.repeat(np.array(values, dtype=float), [h[v] for v in values])


def pairs(name):
    return [[v, c] for v, c in sorted(H[name].items())]


def estimate(kind, scale, name):
    x = raw(name)
    n = len(x)
    out = {"kind": kind, "scale": list(scale), "histogram": name, "n": n,
           "value": None, "ci95": None, "percent_agree": None}
    if n == 0:
        return out, None
    lo, hi = scale
    if kind in ("nps", "enps"):
        P = int(np.sum(x >= 9))
        D = int(np.sum(x <= 6))
        p, d = P / n, D / n
        se = 100 * math.sqrt((p + d - (p - d) ** 2) / n)
        n2 = n + 3
        p2, d2 = (P + 0.75) / n2, (D + 0.75) / n2
        centre = 100 * (p2 - d2)
        se2 = 100 * math.sqrt((p2 + d2 - (p2 - d2) ** 2) / n2)
        out["value"] = 100 * (P - D) / n
        out["ci95"] = [max(-100.0, centre - Z975 * se2), min(100.0, centre + Z975 * se2)]
        out["standard_error"] = se
        out["adjusted_centre"] = centre
        return out, ("nps", out["value"], se)
    if kind == "csat":
        top = int(np.sum(x >= hi - 1))
        low, up = proportion_confint(top, n, alpha=0.05, method="wilson")
        out["value"] = 100 * top / n
        out["ci95"] = [100 * float(low), 100 * float(up)]
        return out, ("csat", top, n)
    # ces
    agree = int(np.sum(x >= max(lo, hi - 2)))
    out["value"] = float(np.mean(x))
    out["percent_agree"] = 100 * agree / n
    if n >= 2:
        low, up = DescrStatsW(x).tconfint_mean(alpha=0.05)
        out["ci95"] = [float(low), float(up)]
    return out, ("ces", x)


def compare(a, b):
    """delta and two-sided p of a - b, or (None, None) when untestable."""
    if a is None or b is None:
        return None, None
    if a[0] == "nps":
        delta = a[1] - b[1]
        se = math.sqrt(a[2] ** 2 + b[2] ** 2)
        if se == 0:
            return delta, None
        return delta, float(2 * stats.norm.sf(abs(delta / se)))
    if a[0] == "csat":
        delta = 100 * (a[1] / a[2] - b[1] / b[2])
        pooled = (a[1] + b[1]) / (a[2] + b[2])
        if pooled in (0.0, 1.0):
            return delta, None
        _, p = proportions_ztest([a[1], b[1]], [a[2], b[2]])
        return delta, float(p)
    x, y = a[1], b[1]
    delta = float(np.mean(x) - np.mean(y))
    if len(x) < 2 or len(y) < 2:
        return delta, None
    p = stats.ttest_ind(x, y, equal_var=False).pvalue
    return delta, (None if math.isnan(p) else float(p))


ESTIMATES = [
    ("nps", "nps_golden"), ("nps", "nps_prev"), ("nps", "nps_small"), ("nps", "nps_all_promoters"),
    ("nps", "empty"), ("enps", "enps_dept"), ("enps", "enps_team"),
    ("csat", "csat"), ("csat", "csat_prev"), ("csat", "csat_all_top"), ("csat", "empty"),
    ("ces", "ces"), ("ces", "ces_prev"), ("ces", "ces_low_n"), ("ces", "ces_one"), ("ces", "empty"),
]
SCALED = [("csat", (1, 10), "csat10"), ("csat", (1, 10), "csat10_prev"), ("ces", (1, 5), "ces5"),
          ("ces", (1, 5), "ces5_prev")]

# (name, kind, scale, current, previous or None, population, anonymity threshold)
COMPARISONS = [
    ("nps_golden", "nps", (0, 10), "nps_golden", "nps_prev", "customer", 5),
    ("nps_small", "nps", (0, 10), "nps_small", "nps_small_prev", "customer", 5),
    ("nps_untestable", "nps", (0, 10), "nps_all_promoters", "nps_all_promoters_prev", "customer", 5),
    ("nps_new_survey", "nps", (0, 10), "nps_golden", None, "customer", 5),
    ("nps_no_responses", "nps", (0, 10), "empty", "nps_prev", "customer", 5),
    ("csat", "csat", (1, 5), "csat", "csat_prev", "customer", 5),
    ("csat10", "csat", (1, 10), "csat10", "csat10_prev", "customer", 5),
    ("ces", "ces", (1, 7), "ces", "ces_prev", "customer", 5),
    ("ces_low_n", "ces", (1, 7), "ces_low_n", "ces_low_n_prev", "customer", 5),
    ("ces5", "ces", (1, 5), "ces5", "ces5_prev", "customer", 5),
    ("ces_one", "ces", (1, 7), "ces_one", "ces_prev", "customer", 5),
    ("enps_team_suppressed", "enps", (0, 10), "enps_team", "enps_team_prev", "employee", 5),
    ("enps_team_threshold_3", "enps", (0, 10), "enps_team", "enps_team_prev", "employee", 3),
    ("enps_previous_suppressed", "enps", (0, 10), "enps_team_prev", "enps_team", "employee", 5),
    ("enps_dept", "enps", (0, 10), "enps_dept", "enps_dept_prev", "employee", 5),
]

# A report's rows: 4 testable (one of them low-n with a tiny p) and 3 that are not
# (p undefined, previous week missing, this week suppressed), which stay out of the family.
FAMILY = ["nps_golden", "csat", "nps_untestable", "ces", "nps_new_survey", "ces_low_n",
          "enps_team_suppressed"]


def comparison(name, kind, scale, current, previous, population, threshold):
    cur, cur_stat = estimate(kind, scale, current)
    prev, prev_stat = estimate(kind, scale, previous) if previous else (None, None)
    hidden = lambda e: population == "employee" and e["n"] < threshold
    suppressed = hidden(cur)
    prev_shown = prev is not None and not suppressed and not hidden(prev)
    if suppressed or not prev_shown:
        delta, p = None, None
    else:
        delta, p = compare(cur_stat, prev_stat)
    return {
        "name": name, "kind": kind, "scale": list(scale), "population": population,
        "anonymity_threshold": threshold, "current": pairs(current),
        "previous": pairs(previous) if previous else None,
        "suppressed": suppressed, "low_n": (not suppressed) and cur["n"] < LOW_N,
        "value": None if suppressed else cur["value"], "n": None if suppressed else cur["n"],
        "ci95": None if suppressed else cur["ci95"],
        "previous_value": prev["value"] if prev_shown else None,
        "previous_n": prev["n"] if prev_shown else None,
        "delta": delta, "p_value": p,
    }


def family(rows):
    by_name = {r["name"]: r for r in rows}
    members = [by_name[n] for n in FAMILY]
    tested = [i for i, r in enumerate(members) if r["p_value"] is not None]
    adjusted = [None] * len(members)
    _, holm, _, _ = multipletests([members[i]["p_value"] for i in tested], method="holm")
    for i, q in zip(tested, holm):
        adjusted[i] = float(q)
    flags = []
    for r, q in zip(members, adjusted):
        ok = (q is not None and q < 0.05 and r["delta"] not in (None, 0)
              and r["n"] >= LOW_N and r["previous_n"] >= LOW_N)
        flags.append(("up" if r["delta"] > 0 else "down") if ok else None)
    return {"rows": FAMILY, "p_adjusted": adjusted, "flags": flags}


def engagement():
    # (items as (lo, hi, reverse), answers) for one person each.
    cases = [
        ([(1, 5, False)] * 3, [4, 5, 3]),
        ([(1, 5, False), (1, 5, True), (1, 5, False)], [4, 2, None]),        # 2 of 3: defined
        ([(1, 5, False), (1, 5, True), (1, 5, False)], [4, None, None]),     # 1 of 3: undefined
        ([(1, 5, False), (1, 5, True), (1, 5, False), (1, 5, True)], [5, 1, 4, None]),  # 3 of 4
        ([(1, 5, False), (1, 5, True), (1, 5, False), (1, 5, True)], [5, 1, None, None]),  # 2 of 4
        ([(1, 7, False), (1, 7, True), (1, 7, False), (1, 7, False), (1, 7, True), (1, 7, False)],
         [7, 3, 6, None, 1, 5]),
        ([(1, 5, True)] * 3, [1, 1, 1]),                                      # 100 after reversal
        ([], []),
    ]
    out = []
    for items, answers in cases:
        coded = [lo + hi - a if rev else a
                 for (lo, hi, rev), a in zip(items, answers) if a is not None]
        answered = len(coded)
        score = None
        if items and answered / len(items) >= 2 / 3 - 1e-12:
            lo, hi = items[0][0], items[0][1]
            score = float(100 * (np.mean(coded) - lo) / (hi - lo))
        out.append({"items": [{"scale": [lo, hi], "reverse": rev} for lo, hi, rev in items],
                    "answers": answers, "score": score})
    return out


def main():
    estimates = [estimate(k, SCALES[k], n)[0] for k, n in ESTIMATES]
    estimates += [estimate(k, s, n)[0] for k, s, n in SCALED]
    for e in estimates:
        e["histogram"] = pairs(e["histogram"])
    rows = [comparison(*c) for c in COMPARISONS]
    payload = {"z975": Z975, "estimates": estimates, "comparisons": rows, "family": family(rows),
               "engagement": engagement()}
    with open(os.path.join(HERE, "metric_fixtures.json"), "w") as f:
        json.dump(payload, f, indent=1, allow_nan=False)
        f.write("\n")


if __name__ == "__main__":
    main()
