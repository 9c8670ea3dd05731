#!/usr/bin/env python3
"""Writes the reference fixtures of CXStatsTests (run from anywhere; JSON lands next to this file).

Every expected value comes from an independent implementation, never from CXStats:
  special functions and distributions  scipy.special / scipy.stats
  Wilson interval, two-proportion z     statsmodels (proportion_confint, proportions_ztest,
                                        confint_proportions_2indep)
  t-interval, Welch t                   statsmodels DescrStatsW / CompareMeans on the raw data,
                                        cross-checked with scipy.stats.ttest_ind(equal_var=False)
  Holm, Benjamini-Hochberg              statsmodels.stats.multitest.multipletests
  Kaplan-Meier, log-rank                lifelines KaplanMeierFitter / logrank_test, cross-checked
                                        with scipy.stats.logrank
The only hand-written formula is the NPS (no library implements it): DESIGN.md section 6.

Tested with Python 3, scipy 1.17.1, statsmodels 0.15.0, lifelines 0.30.3, numpy 2.4.
"""
import json
import math
import os

import numpy as np
from scipy import special, stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import (confint_proportions_2indep, proportion_confint,
                                          proportions_ztest)
from statsmodels.stats.weightstats import CompareMeans, DescrStatsW
from lifelines import KaplanMeierFitter
from lifelines.statistics import logrank_test

HERE = os.path.dirname(os.path.abspath(__file__))
RNG = np.random.default_rng(20261102)


def write(name, payload):
    with open(os.path.join(HERE, name), "w") as f:
        json.dump(payload, f, indent=1, allow_nan=False)
        f.write("\n")


def special_functions():
    gamma_args = [0.5, 1.0, 1.5, 2.5, 3.0, 7.25, 10.0, 50.5, 171.3, 1000.0, 1e-3]
    inc_gamma = []
    for a in [0.5, 1.0, 2.5, 10.0, 50.0, 500.0]:
        for x in [1e-6, 0.1, 0.5 * a, a, a + 1, 2 * a + 3, 5 * a + 20]:
            inc_gamma.append({"a": a, "x": x, "p": float(special.gammainc(a, x)),
                              "q": float(special.gammaincc(a, x))})
    inc_beta = []
    for a, b in [(0.5, 0.5), (0.5, 3.0), (1.0, 1.0), (2.5, 0.5), (5.0, 7.5), (15.0, 0.5),
                 (500.0, 0.5), (0.5, 500.0), (40.0, 60.0)]:
        for x in [1e-8, 0.01, 0.2, 0.5, 0.8, 0.99, 1 - 1e-8]:
            inc_beta.append({"a": a, "b": b, "x": x, "i": float(special.betainc(a, b, x)),
                             "complement": float(special.betaincc(a, b, x))})
    erf_args = [-5.0, -2.0, -0.5, -1e-10, 0.0, 1e-10, 0.01, 0.3, 0.5, 0.9, 1.0, 1.5, 2.0, 3.5,
                6.0, 10.0, 20.0, 26.0]
    return {
        "logGamma": [{"x": x, "value": float(special.gammaln(x))} for x in gamma_args],
        "incompleteGamma": inc_gamma,
        "incompleteBeta": inc_beta,
        "erf": [{"x": x, "erf": float(special.erf(x)), "erfc": float(special.erfc(x))}
                for x in erf_args],
    }


PROBS = [1e-12, 1e-9, 1e-6, 1e-3, 0.025, 0.1, 0.3, 0.5, 0.7, 0.9, 0.975, 0.999, 1 - 1e-6,
         1 - 1e-9, 1 - 1e-12]
TAILS = [1e-12, 1e-8, 1e-4, 0.05]


def distribution_cases(name, dist, xs, parameter=None):
    rows = []
    for x in xs:
        rows.append({"kind": "cdf", "x": x, "value": float(dist.cdf(x))})
        rows.append({"kind": "sf", "x": x, "value": float(dist.sf(x))})
    for p in PROBS:
        rows.append({"kind": "ppf", "x": p, "value": float(dist.ppf(p))})
    for q in TAILS:
        rows.append({"kind": "isf", "x": q, "value": float(dist.isf(q))})
    return [{"distribution": name, "parameter": parameter, **r} for r in rows]


def distributions():
    cases = distribution_cases("normal", stats.norm(),
                               [-37.5, -20.0, -8.0, -5.0, -1.96, -1.0, -0.1, 0.0, 0.3, 1.0, 1.6448536,
                                3.0, 7.0, 9.5])
    for df in [1.0, 2.5, 7.0, 30.0, 1000.0]:
        cases += distribution_cases("t", stats.t(df),
                                    [-1e6, -300.0, -40.0, -6.0, -2.0, -0.5, 0.0, 0.05, 1.0, 2.2, 4.5,
                                     12.0, 1e4], df)
    for df in [1.0, 2.5, 7.0, 30.0, 1000.0]:
        xs = [1e-10, 1e-4, 0.05, 0.5, 1.0, 3.84, 0.5 * df, df, 1.5 * df + 5, 3 * df + 30,
              10 * df + 100]
        cases += distribution_cases("chi2", stats.chi2(df), xs, df)
    return cases


def intervals():
    wilson = []
    for s, n in [(0, 10), (1, 10), (7, 10), (10, 10), (45, 50), (123, 400), (9000, 10000), (3, 1000)]:
        for conf in [0.9, 0.95, 0.99]:
            lo, hi = proportion_confint(s, n, alpha=1 - conf, method="wilson")
            wilson.append({"successes": s, "n": n, "confidence": conf, "lower": lo, "upper": hi})

    two_prop = []
    for s1, n1, s2, n2 in [(45, 100, 30, 100), (420, 1000, 380, 950), (5, 40, 9, 35),
                           (8100, 10000, 8000, 10000), (0, 50, 3, 60)]:
        z, p = proportions_ztest([s1, s2], [n1, n2], alternative="two-sided")
        lo, hi = confint_proportions_2indep(s1, n1, s2, n2, method="wald", compare="diff",
                                            alpha=0.05)
        two_prop.append({"successes1": s1, "n1": n1, "successes2": s2, "n2": n2,
                         "z": float(z), "p": float(p), "lower": float(lo), "upper": float(hi)})

    means = []
    welch = []
    for n1, mu1, sd1, n2, mu2, sd2 in [(12, 4.2, 1.1, 15, 4.9, 1.6), (200, 5.1, 1.4, 180, 5.3, 1.2),
                                       (3, 10.0, 2.0, 40, 12.0, 5.0), (1000, 0.30, 0.46, 1200, 0.32, 0.47)]:
        x1 = RNG.normal(mu1, sd1, n1)
        x2 = RNG.normal(mu2, sd2, n2)
        for x in (x1, x2):
            d = DescrStatsW(x)
            lo, hi = d.tconfint_mean(alpha=0.05)
            lo90, hi90 = d.tconfint_mean(alpha=0.10)
            means.append({"n": len(x), "sum": math.fsum(x), "sumOfSquares": math.fsum(x * x),
                          "mean": float(d.mean), "variance": float(d.var_ddof(1)),
                          "lower": float(lo), "upper": float(hi),
                          "lower90": float(lo90), "upper90": float(hi90)})
        cm = CompareMeans(DescrStatsW(x1), DescrStatsW(x2))
        t, p, df = cm.ttest_ind(usevar="unequal")
        lo, hi = cm.tconfint_diff(alpha=0.05, usevar="unequal")
        check = stats.ttest_ind(x1, x2, equal_var=False)
        assert math.isclose(check.statistic, t, rel_tol=1e-12) and math.isclose(check.pvalue, p, rel_tol=1e-10)
        assert math.isclose(check.df, df, rel_tol=1e-12)
        welch.append({"n1": n1, "mean1": float(np.mean(x1)), "variance1": float(np.var(x1, ddof=1)),
                      "n2": n2, "mean2": float(np.mean(x2)), "variance2": float(np.var(x2, ddof=1)),
                      "t": float(t), "p": float(p), "df": float(df), "lower": float(lo), "upper": float(hi)})

    nps = []
    for n, pro, det in [(400, 200, 80), (50, 10, 30), (1234, 700, 150), (7, 7, 0), (7, 0, 7), (30, 12, 9)]:
        p, d = pro / n, det / n
        se = 100 * math.sqrt((p + d - (p - d) ** 2) / n)
        n_adj = n + 3
        pa, da = (pro + 0.75) / n_adj, (det + 0.75) / n_adj
        centre = 100 * (pa - da)
        se_adj = 100 * math.sqrt((pa + da - (pa - da) ** 2) / n_adj)
        z = stats.norm.isf(0.025)
        nps.append({"n": n, "promoters": pro, "detractors": det, "score": 100 * (p - d),
                    "standardError": se, "adjustedCentre": centre, "adjustedStandardError": se_adj,
                    "lower": max(-100.0, centre - z * se_adj), "upper": min(100.0, centre + z * se_adj)})
    return {"wilson": wilson, "twoProportion": two_prop, "tInterval": means, "welch": welch, "nps": nps}


def multiple_testing():
    families = [
        [0.01, 0.04, 0.03, 0.005],
        [0.2, 0.001, 0.049, 0.5, 0.0125, 0.0125, 1.0],
        [0.04],
        [0.9, 0.8, 0.7],
        list(RNG.uniform(0, 0.1, 12)),
    ]
    out = []
    for ps in families:
        out.append({"p": [float(v) for v in ps],
                    "holm": [float(v) for v in multipletests(ps, method="holm")[1]],
                    "bh": [float(v) for v in multipletests(ps, method="fdr_bh")[1]]})
    return out


def survival():
    datasets = {
        # Ties between events, between censorings, and an event tied with a censoring (t=6).
        "small": ([6, 6, 6, 6, 7, 9, 10, 10, 11, 13, 16, 17, 19, 20, 22, 23, 25, 32, 32, 34, 35],
                  [1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0]),
        "placebo": ([1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23],
                    [1] * 21),
        "mixed": ([3, 5, 5, 8, 12, 12, 12, 15, 20, 30, 30, 31, 45, 60, 60, 61, 90, 90, 95, 120],
                  [1, 0, 1, 1, 1, 1, 0, 0, 1, 1, 0, 1, 0, 1, 1, 0, 1, 0, 0, 0]),
    }
    days = [0.0, 5.0, 6.0, 10.5, 12.0, 23.0, 30.0, 60.0, 90.0, 200.0]
    kms = []
    for name, (t, e) in datasets.items():
        kmf = KaplanMeierFitter().fit(t, e, alpha=0.05)
        table = kmf.event_table
        sf = kmf.survival_function_["KM_estimate"]
        ci = kmf.confidence_interval_survival_function_
        steps = []
        greenwood = 0.0
        for time, row in table.iterrows():
            d, n = int(row["observed"]), int(row["at_risk"])
            if d == 0:
                continue
            s = float(sf.loc[time])
            greenwood = greenwood + d / (n * (n - d)) if n > d else math.inf
            step = {"time": float(time), "atRisk": n, "events": d, "survival": s,
                    "variance": s * s * greenwood if s > 0 else 0.0}
            if s > 0:
                step["lower"] = float(ci.loc[time].iloc[0])
                step["upper"] = float(ci.loc[time].iloc[1])
            steps.append(step)
        median = kmf.median_survival_time_
        kms.append({"name": name, "times": [float(v) for v in t], "events": [bool(v) for v in e],
                    "steps": steps, "days": days,
                    "survivalAtDays": [float(kmf.predict(d)) for d in days],
                    "median": None if math.isinf(median) else float(median)})

    logranks = []
    for a, b in [("small", "placebo"), ("small", "mixed"), ("placebo", "mixed")]:
        (ta, ea), (tb, eb) = datasets[a], datasets[b]
        res = logrank_test(ta, tb, event_observed_A=ea, event_observed_B=eb)
        check = stats.logrank(stats.CensoredData.right_censored(ta, np.logical_not(ea)),
                              stats.CensoredData.right_censored(tb, np.logical_not(eb)))
        assert math.isclose(check.statistic ** 2, res.test_statistic, rel_tol=1e-10)
        assert math.isclose(check.pvalue, res.p_value, rel_tol=1e-10)
        logranks.append({"first": a, "second": b, "chi2": float(res.test_statistic),
                         "p": float(res.p_value)})
    return {"kaplanMeier": kms, "logRank": logranks}


if __name__ == "__main__":
    write("special_functions.json", special_functions())
    write("distributions.json", distributions())
    write("intervals.json", intervals())
    write("multiple_testing.json", multiple_testing())
    write("survival.json", survival())
