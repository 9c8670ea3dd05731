#!/usr/bin/env python3
"""Independent reference for cxloop's weekly CX report (tenant `ref`, week 2026-W45).

What it builds (all next to this script):
  surveys/support.json, surveys/pulse.json   survey definitions (PUT /v1/surveys/{key} body)
  responses.ndjson                           responses, file order matters (idempotency cases)
  outcomes.ndjson                            outcomes, file order matters (first event_id wins)
  expected-weekly.json                       report weekly --tenant ref --week 2026-W45 --format json
  expected-weekly-by-segment.json            ... --survey support --by segment
  expected-pulse-by-team.json                ... --survey pulse --by team
  expected-trend-nps.json                    report trend --tenant ref --metric nps --survey support
                                             --weeks 26 --week 2026-W45 --format json

The dataset is generated deterministically (random.Random(2026)); the expected reports are then
computed only from the files as written (re-read from disk), applying the ingestion rules
(idempotency, first-wins) and the metric definitions of DESIGN.md §6/§8 and the test brief.
Nothing here reads or calls cxloop code.

Rerun (from the package root; needs numpy and scipy):
    python3 Tests/CXReportsTests/Reference/make_reference.py
"""

import json
import math
import os
import random
from collections import defaultdict
from datetime import date, datetime, timedelta, timezone

import numpy as np
from scipy import stats

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 2026
TENANT = "ref"
YEAR = 2026
REPORT_WEEK = 45
UTC = timezone.utc
Z975 = float(stats.norm.ppf(0.975))
K_ANON = 5          # employee anonymity threshold
LOW_N = 30          # customer low-n threshold (and flag threshold for both weeks)


# ----------------------------------------------------------------------------- time helpers

def monday(week, year=YEAR):
    d = date.fromisocalendar(year, week, 1)
    return datetime(d.year, d.month, d.day, tzinfo=UTC)


def fmt_ts(dt):
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_ts(s):
    assert s.endswith("Z"), s
    return datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def week_key(dt):
    y, w, _ = dt.astimezone(UTC).isocalendar()
    return (y, w)


def week_label(wk):
    return "%04d-W%02d" % wk


def week_bounds(wk):
    start = date.fromisocalendar(wk[0], wk[1], 1)
    return start.isoformat(), (start + timedelta(days=6)).isoformat()


def weeks_ending(wk, count):
    start = date.fromisocalendar(wk[0], wk[1], 1)
    out = []
    for i in range(count - 1, -1, -1):
        d = start - timedelta(weeks=i)
        y, w, _ = d.isocalendar()
        out.append((y, w))
    return out


def rand_in_week(rng, week, lo_s=60, hi_s=7 * 86400 - 60):
    """A whole-second instant inside the ISO week, never on the boundary."""
    return monday(week) + timedelta(seconds=rng.randint(lo_s, hi_s))


# ----------------------------------------------------------------------------- survey definitions

SUPPORT = {
    "title": "Support follow-up",
    "population": "customer",
    "fields": [
        {"id": "nps", "type": "nps"},
        {"id": "sat", "type": "csat", "scale": [1, 5]},
        {"id": "effort", "type": "ces", "scale": [1, 7]},
        {"id": "comment", "type": "text"},
    ],
}

PULSE_ITEMS = ["q01", "q02", "q03", "q04", "q05", "q06"]
PULSE_REVERSE = {"q03", "q05"}
PULSE = {
    "title": "Employee pulse",
    "population": "employee",
    "fields": [{"id": "enps", "type": "enps"}]
    + [dict({"id": q, "type": "likert", "scale": [1, 5], "index": "engagement"},
            **({"reverse": True} if q in PULSE_REVERSE else {}))
       for q in PULSE_ITEMS],
}

SURVEYS = {"support": SUPPORT, "pulse": PULSE}


# ============================================================================= data generation

def gen_support_answers(rng, week, segment, skip=0.10):
    # weekly parameters; W44/W45 planted: NPS up ~+15-18, CSAT top-2 down ~14 points, CES flat
    wr = random.Random(SEED * 1000 + week)   # per-week drift, independent of draw order
    p_prom = 0.42 + wr.uniform(-0.02, 0.02)
    p_det = 0.24 + wr.uniform(-0.02, 0.02)
    p_top2 = 0.80 + wr.uniform(-0.015, 0.015)
    if week == 44:
        p_prom, p_det, p_top2 = 0.40, 0.26, 0.80
    if week == 45:
        p_prom, p_det, p_top2 = 0.51, 0.18, 0.66
    if segment == "ent":
        p_prom += 0.03
    u = rng.random()
    if u < p_prom:
        nps = rng.choice([9, 10])
    elif u < p_prom + p_det:
        nps = rng.choices(range(0, 7), weights=[1, 1, 1, 2, 2, 3, 4])[0]
    else:
        nps = rng.choice([7, 8])
    if rng.random() < p_top2:
        sat = rng.choice([4, 5])
    else:
        sat = rng.choices([1, 2, 3], weights=[2, 3, 5])[0]
    effort = rng.choices(range(1, 8), weights=[3, 5, 8, 14, 25, 28, 17])[0]
    answers = {"nps": nps, "sat": sat, "effort": effort,
               "comment": rng.choice(["quick", "slow reply", "thanks", "ok", "agent was kind",
                                      "had to call twice", "great", "meh"])}
    answers = {k: v for k, v in answers.items() if rng.random() >= skip}
    if not any(k in answers for k in ("nps", "sat", "effort")):
        answers["nps"] = nps
    return answers


def gen_pulse_answers(rng, team, skip=0.15):
    shift = {"a": 0.2, "b": -0.1, "c": 0.4, "d": -0.5, "e": 0.0, None: 0.0}[team]
    e = rng.gauss(shift, 1.0)
    ans = {"enps": max(0, min(10, round(7.4 + 1.6 * e + rng.gauss(0, 1.4))))}
    for q in PULSE_ITEMS:
        if q in PULSE_REVERSE:
            x = 2.5 - 0.8 * e + rng.gauss(0, 0.7)
        else:
            x = 3.5 + 0.8 * e + rng.gauss(0, 0.7)
        ans[q] = max(1, min(5, round(x)))
    ans = {k: v for k, v in ans.items() if rng.random() >= skip}
    if not ans:
        ans["enps"] = 7
    return ans


SUPPORT_WEEKS = list(range(30, 47))      # W30..W46 (before window, window, after report week)
PULSE_WEEKS = list(range(30, 47))
# planted pulse team sizes: week -> {team: count}; listed teams/no-team answer every item
PULSE_PLANTED = {
    36: {"c": 6, "d": 5, "e": 1, None: 2},   # residual 3 -> guard suppresses d (5 < c's 6)
    38: {"c": 4},                            # team c has exactly 4 -> suppressed (n < 5)
    40: {"c": 5, "d": 1, "e": 2, None: 3},   # team c exactly 5 -> shown; residual 6, no guard
    42: {"c": 5, "d": 5, "e": 1, None: 2},   # residual 3, tie c=d=5 -> guard suppresses c
    44: {"c": 6, "d": 2, "e": 1, None: 1},   # residual 4 -> guard suppresses c (previous of W45)
    45: {"c": 7, "d": 3, "e": 2, None: 3},   # report week: c shown, previous (W44) suppressed
}


def build_dataset(rng):
    lines = []          # (order_key, dict)
    sub_seq = [0]

    def new_sid(prefix):
        sub_seq[0] += 1
        return "%s-%05d" % (prefix, sub_seq[0])

    support_subs = []   # final intended submissions (dicts), completed
    for w in SUPPORT_WEEKS:
        n_ent = rng.randint(15, 25)
        n_total = rng.randint(300, 500)
        n_rest = n_total - n_ent
        n_smb = round(n_rest * rng.uniform(0.58, 0.66))
        segs = ["ent"] * n_ent + ["smb"] * n_smb + ["mid"] * (n_rest - n_smb)
        for seg in segs:
            t = rand_in_week(rng, w)
            support_subs.append({
                "survey": "support", "submission_id": new_sid("s"),
                "respondent": "cust-%d" % rng.randint(1, 6000),
                "submitted_at": t, "status": "completed",
                "answers": gen_support_answers(rng, w, seg),
                "attributes": {"segment": seg,
                               "channel": rng.choice(["web", "email", "app", "phone"])},
            })

    pulse_subs = []
    for w in PULSE_WEEKS:
        sizes = {"a": rng.randint(36, 44), "b": rng.randint(22, 28), "c": rng.randint(5, 8),
                 "d": rng.randint(1, 5), "e": rng.randint(1, 3), None: rng.randint(2, 4)}
        planted = PULSE_PLANTED.get(w, {})
        sizes.update(planted)
        for team, cnt in sizes.items():
            for i in range(cnt):
                no_skip = team in planted
                ans = gen_pulse_answers(rng, team, skip=0.0 if no_skip else 0.15)
                attrs = {"team": team, "site": rng.choice(["hq", "north"])} if team else \
                    {"site": "remote"}
                pulse_subs.append({
                    "survey": "pulse", "submission_id": new_sid("p"),
                    "respondent": "emp-%s-%02d" % (team or "x", i + 1),
                    "submitted_at": rand_in_week(rng, w), "status": "completed",
                    "answers": ans, "attributes": attrs, "_team": team, "_planted": no_skip,
                })

    # -------- originals in time order; resends are placed later in the file
    originals = []      # list of dicts (the first line of each submission)
    resends = []        # list of (after_sid, min_gap, dict, chain_rank)

    def line(sub, **over):
        d = {k: sub[k] for k in ("survey", "submission_id", "respondent", "submitted_at",
                                 "status", "answers", "attributes")}
        d = json.loads(json.dumps(d, default=fmt_ts))   # deep copy, timestamps as strings
        for k, v in over.items():
            d[k] = fmt_ts(v) if isinstance(v, datetime) else v
        return d

    def subset(ans, k):
        keys = [x for x in ans]
        rng.shuffle(keys)
        return {x: ans[x] for x in sorted(keys[:k], key=list(ans).index)}

    by_week = defaultdict(list)
    for s in support_subs:
        by_week[week_key(s["submitted_at"])[1]].append(s)

    partial_first = {}      # sid -> partial original line
    special = set()

    def pick(pool, cond=lambda s: True):
        cands = [s for s in pool if s["submission_id"] not in special and cond(s)]
        s = rng.choice(cands)
        special.add(s["submission_id"])
        return s

    # (b) partial first, later completed with a later submitted_at (replaces entirely)
    b_cases = []
    # planted week crossings: W44->W45 (x4), W45->W46 (x3), W33->W34 (x2); 3 with a new segment
    crossing = [(44, 45)] * 4 + [(45, 46)] * 3 + [(33, 34)] * 2
    for i, (w0, w1) in enumerate(crossing):
        s = pick(by_week[w1], lambda s: s["submitted_at"] < monday(w1) + timedelta(days=2)
                 and len([k for k in s["answers"] if k != "comment"]) >= 2)
        t0 = monday(w1) - timedelta(seconds=rng.randint(3600, 40 * 3600))
        assert week_key(t0)[1] == w0
        b_cases.append((s, t0, i < 3))
    for i in range(21):
        w = rng.choice(SUPPORT_WEEKS)
        s = pick(by_week[w], lambda s: len([k for k in s["answers"] if k != "comment"]) >= 2)
        wk_start = monday(week_key(s["submitted_at"])[1])
        max_back = int((s["submitted_at"] - wk_start).total_seconds()) - 60
        t0 = s["submitted_at"] - timedelta(seconds=rng.randint(60, max(61, min(max_back, 86400))))
        b_cases.append((s, t0, i % 6 == 0))
    segs = ["smb", "mid", "ent"]
    chain_ids = set()
    for j, (s, t0, new_seg) in enumerate(b_cases):
        p_answers = subset(s["answers"], rng.randint(1, max(1, len(s["answers"]) - 1)))
        # the partial carries (sometimes) different values, too
        if "nps" in p_answers and rng.random() < 0.5:
            p_answers["nps"] = rng.randint(0, 10)
        p_attrs = dict(s["attributes"])
        if new_seg:
            p_attrs["segment"] = rng.choice([x for x in segs if x != s["attributes"]["segment"]])
        first = line(s, status="partial", submitted_at=t0, answers=p_answers, attributes=p_attrs)
        originals.append((t0, first))
        partial_first[s["submission_id"]] = first
        rank = 1
        if j % 10 == 3:    # chain: partial -> later partial -> completed
            tm = t0 + (s["submitted_at"] - t0) / 2
            tm = tm.replace(microsecond=0)
            mid = line(s, status="partial", submitted_at=tm,
                       answers=subset(s["answers"], max(1, len(s["answers"]) - 1)))
            resends.append((s["submission_id"], 150, mid, rank))
            rank += 1
            chain_ids.add(s["submission_id"])
        resends.append((s["submission_id"], 150, line(s), rank))

    # partials never completed (still count with their answered items)
    never = []
    for i in range(10):
        w = rng.choice(SUPPORT_WEEKS)
        s = pick(by_week[w], lambda s: len(s["answers"]) >= 2)
        p = line(s, status="partial", answers=subset(s["answers"], rng.randint(1, 2)))
        originals.append((s["submitted_at"], p))
        never.append((s, p))
    # (d) partials resent with an EARLIER submitted_at -> ignored (3 never-completed, 2 in (b)
    # placed before their completion), plus 2 resent with the SAME submitted_at -> ignored
    for s, p in never[:3]:
        t = parse_ts(p["submitted_at"]) - timedelta(seconds=rng.randint(60, 7200))
        resends.append((s["submission_id"], 100, dict(p, submitted_at=fmt_ts(t),
                                                     answers=dict(s["answers"]),
                                                     status="completed"), 1))
    for s, t0, _ in b_cases[10:12]:
        p = partial_first[s["submission_id"]]
        t = t0 - timedelta(seconds=rng.randint(60, 7200))
        resends.append((s["submission_id"], 20, dict(p, submitted_at=fmt_ts(t),
                                                    answers=dict(s["answers"])), 0))
    for s, p in never[3:5]:
        resends.append((s["submission_id"], 100, dict(p, answers=dict(s["answers"])), 1))

    # (c) completed submissions resent with different answers -> ignored
    for i in range(10):
        w = rng.choice(SUPPORT_WEEKS)
        s = pick(by_week[w])
        originals.append((s["submitted_at"], line(s)))
        alt = {"nps": rng.randint(0, 10), "sat": rng.randint(1, 5), "effort": rng.randint(1, 7)}
        later = s["submitted_at"] + timedelta(hours=rng.randint(1, 200))
        resends.append((s["submission_id"], 100,
                        line(s, answers=alt, submitted_at=later,
                             status="partial" if i < 2 else "completed",
                             attributes=dict(s["attributes"], segment="ent")), 1))

    # every other support submission: completed at its time
    for s in support_subs:
        if s["submission_id"] not in special:
            originals.append((s["submitted_at"], line(s)))

    # pulse: a few partial->completed (teams a/b, unplanted weeks), 2 never completed
    pool_ab = [s for s in pulse_subs if s["_team"] in ("a", "b") and not s["_planted"]
               and len([k for k in s["answers"] if k != "enps"]) >= 4]
    pspecial = set(x["submission_id"] for x in rng.sample(pool_ab, 5))
    pk = 0
    for s in pulse_subs:
        if s["submission_id"] in pspecial:
            if pk < 3:
                t0 = s["submitted_at"] - timedelta(hours=rng.randint(1, 30))
                first = line(s, status="partial", submitted_at=t0,
                             answers=subset(s["answers"], 2))
                originals.append((t0, first))
                resends.append((s["submission_id"], 150, line(s), 1))
            else:
                originals.append((s["submitted_at"],
                                  line(s, status="partial", answers=subset(s["answers"], 3))))
            pk += 1
        else:
            originals.append((s["submitted_at"], line(s)))

    originals.sort(key=lambda x: (x[0], x[1]["submission_id"]))
    body = [d for _, d in originals]
    pos = {d["submission_id"]: i for i, d in enumerate(body)}   # position of the first line

    # place resends: keys > position of the original (+ gap); chains keep their order
    placed = []   # (key, dict)
    last_key = {}
    for sid, gap, d, rank in sorted(resends, key=lambda r: (r[0], r[3])):
        lo = max(pos[sid] + gap, last_key.get(sid, -1) + 1)
        hi = len(body) + 50
        if rank == 0:   # (d) in (b): must land before its completion -> keep it near
            hi = lo + 30
        if lo >= hi:
            lo = hi - 1
        k = rng.uniform(lo, hi) if rank != 1 or sid not in chain_ids else rng.uniform(lo, lo + 200)
        placed.append((k, sid, rank, d))
        last_key[sid] = k
    # re-check ordering per sid (rank order must equal key order, (d)-rank-0 before completion)
    placed.sort(key=lambda x: (x[1], x[2]))
    fixed = []
    prev = {}
    for k, sid, rank, d in placed:
        if sid in prev and k <= prev[sid]:
            k = prev[sid] + 0.5
        prev[sid] = k
        fixed.append((k, d))

    # (a) exact replays of ~50 earlier lines
    for i in range(50):
        j = rng.randrange(0, len(body) - 300)
        fixed.append((rng.uniform(j + 200, len(body) + 40), dict(body[j])))
    for _ in range(2):   # and two pulse exact replays
        ps = [i for i, d in enumerate(body) if d["survey"] == "pulse"]
        j = rng.choice(ps[:-50])
        fixed.append((rng.uniform(j + 100, len(body) + 40), dict(body[j])))

    allrows = [(float(i), d) for i, d in enumerate(body)] + fixed
    allrows.sort(key=lambda x: x[0])
    return [d for _, d in allrows]


# ----------------------------------------------------------------------------- outcomes

OUT_START = datetime(2026, 5, 1, tzinfo=UTC)
# Events are generated up to 2026-11-26 (not 2026-12-15 as first planned): ingestion refuses
# timestamps more than 24 h in the future, and this reference was made on 2026-11-28.
OUT_END = datetime(2026, 11, 26, 12, tzinfo=UTC)


def build_outcomes(rng):
    ev = []
    seq = [0]

    def add(unit, typ, t, value=None, attrs=None):
        seq[0] += 1
        d = {"event_id": "e-%06d" % seq[0], "unit": unit, "type": typ}
        if value is not None:
            d["value"] = value
        d["occurred_at"] = fmt_ts(t)
        d["attributes"] = attrs or {"channel": rng.choice(["sms", "email", "app", "web", "call"])}
        ev.append(d)
        return d

    units = {}
    for u in range(1, 401):
        unit = "cust-%d" % u
        if u <= 390:
            start = OUT_START + timedelta(seconds=rng.randint(3600, 190 * 86400))
        else:   # a few units whose life starts after the cut-off: not in the KM at all
            start = datetime(2026, 11, 10, tzinfo=UTC) + timedelta(seconds=rng.randint(0, 14 * 86400))
        churn = None
        if rng.random() < 0.30:
            churn = start + timedelta(seconds=rng.randint(2 * 86400, 140 * 86400))
            if churn > OUT_END:
                churn = None
        units[unit] = (start, churn)
        t = start
        first = True
        end = churn or OUT_END
        while t < end:
            typ = rng.choice(["purchase", "purchase", "contact"]) if first else \
                rng.choice(["purchase", "contact", "cost", "purchase", "refund"])
            val = None
            if typ in ("purchase", "cost", "refund"):
                val = round(rng.uniform(5, 300) if typ != "cost" else rng.uniform(1, 25), 2)
            add(unit, typ, t, val)
            first = False
            t = t + timedelta(seconds=rng.randint(86400, 25 * 86400))
        if churn is not None:
            add(unit, "churn", churn, attrs={"reason": rng.choice(["price", "service", "moved"])})
    # a few churn events AFTER the cut-off (ignored: those units are censored at C)
    C = monday(REPORT_WEEK + 1)
    late = [u for u, (s, c) in units.items() if c is None and s < datetime(2026, 10, 1, tzinfo=UTC)]
    for unit in rng.sample(late, 6):
        add(unit, "churn", C + timedelta(seconds=rng.randint(3600, 15 * 86400)),
            attrs={"reason": "price"})

    # loyalty
    F = monday(REPORT_WEEK)
    eligible = [u for u, (s, c) in units.items() if s < datetime(2026, 10, 10, tzinfo=UTC)]
    loyal = rng.sample(eligible, 200)
    scen = (["join"] * 80 + ["leave_before"] * 40 + ["leave_in_week"] * 20 + ["leave_rejoin_week"] * 10
            + ["rejoin_before_F"] * 10 + ["join_in_week"] * 10 + ["leave_after_C"] * 10
            + ["leave_before_rejoin_week"] * 10 + ["join_after_C"] * 10)
    rng.shuffle(scen)

    def in_week():
        return F + timedelta(seconds=rng.randint(60, 7 * 86400 - 60))

    for unit, sc in zip(loyal, scen):
        start = units[unit][0]
        j = start + timedelta(seconds=rng.randint(0, max(1, int((F - start).total_seconds()) - 86400)))
        times = []
        if sc == "join":
            times = [("loyalty_join", j)]
        elif sc == "leave_before":
            lv = j + (F - j) * rng.uniform(0.1, 0.95)
            times = [("loyalty_join", j), ("loyalty_leave", lv)]
        elif sc == "leave_in_week":
            times = [("loyalty_join", j), ("loyalty_leave", in_week())]
        elif sc == "leave_rejoin_week":
            a, b = sorted(rng.sample(range(60, 7 * 86400 - 60), 2))
            times = [("loyalty_join", j), ("loyalty_leave", F + timedelta(seconds=a)),
                     ("loyalty_join", F + timedelta(seconds=b))]
        elif sc == "rejoin_before_F":
            lv = j + (F - j) * rng.uniform(0.1, 0.5)
            rj = lv + (F - lv) * rng.uniform(0.1, 0.9)
            times = [("loyalty_join", j), ("loyalty_leave", lv), ("loyalty_join", rj)]
        elif sc == "join_in_week":
            times = [("loyalty_join", in_week())]
        elif sc == "leave_after_C":
            times = [("loyalty_join", j), ("loyalty_leave", C + timedelta(seconds=rng.randint(60, 10 * 86400)))]
        elif sc == "leave_before_rejoin_week":
            lv = j + (F - j) * rng.uniform(0.1, 0.9)
            times = [("loyalty_join", j), ("loyalty_leave", lv), ("loyalty_join", in_week())]
        elif sc == "join_after_C":
            times = [("loyalty_join", C + timedelta(seconds=rng.randint(60, 10 * 86400)))]
        times = [(typ, t.replace(microsecond=0)) for typ, t in times]
        assert len(set(t for _, t in times)) == len(times)
        for typ, t in times:
            add(unit, typ, t, attrs={"program": "gold"})

    ev.sort(key=lambda d: (d["occurred_at"], d["event_id"]))
    # ~20 replays of earlier event_ids with different content, later in the file (first wins)
    rows = [(float(i), d) for i, d in enumerate(ev)]
    money = [i for i, d in enumerate(ev) if "value" in d and i < len(ev) - 200]
    for i in rng.sample(money, 17):
        d = dict(ev[i], value=round(ev[i]["value"] * 1.7 + 3.1, 2), attributes={"channel": "replay"})
        rows.append((rng.uniform(i + 50, len(ev) + 20), d))
    for typ in ("churn", "loyalty_join", "loyalty_leave"):
        cands = [i for i, d in enumerate(ev) if d["type"] == typ
                 and parse_ts(d["occurred_at"]) < F and i < len(ev) - 200]
        i = rng.choice(cands)
        moved = parse_ts(ev[i]["occurred_at"]) + timedelta(days=rng.randint(3, 20), seconds=17)
        d = dict(ev[i], occurred_at=fmt_ts(moved), attributes={"channel": "replay"})
        rows.append((rng.uniform(i + 50, len(ev) + 20), d))
    rows.sort(key=lambda x: x[0])
    return [d for _, d in rows]


# ============================================================================= reference math

def apply_response_idempotency(lines):
    """Per (survey, submission_id) in file order: first seen stored; a stored partial is
    replaced by a line with a strictly later submitted_at; everything else ignored."""
    stored = {}
    for d in lines:
        key = (d["survey"], d["submission_id"])
        cur = stored.get(key)
        if cur is None:
            stored[key] = d
        elif cur["status"] == "partial" and parse_ts(d["submitted_at"]) > parse_ts(cur["submitted_at"]):
            stored[key] = d
    return list(stored.values())


def apply_outcome_idempotency(lines):
    stored = {}
    for d in lines:
        stored.setdefault(d["event_id"], d)
    return list(stored.values())


def fnum(x):
    return None if x is None else float(x)


def nan_to_none(p):
    return None if p is None or not math.isfinite(p) else float(p)


def nps_stats(vals):
    n = len(vals)
    if n == 0:
        return None
    P = sum(1 for v in vals if v >= 9)
    D = sum(1 for v in vals if v <= 6)
    value = 100.0 * (P - D) / n
    n2 = n + 3
    p2 = (P + 0.75) / n2
    d2 = (D + 0.75) / n2
    centre = 100.0 * (p2 - d2)
    se2 = 100.0 * math.sqrt((p2 + d2 - (p2 - d2) ** 2) / n2)
    ci = [max(-100.0, centre - Z975 * se2), min(100.0, centre + Z975 * se2)]
    p, d = P / n, D / n
    se = 100.0 * math.sqrt(max(0.0, p + d - (p - d) ** 2) / n)
    return {"n": n, "value": value, "ci95": ci, "se": se}


def csat_stats(vals, top2=(4, 5)):
    n = len(vals)
    if n == 0:
        return None
    k = sum(1 for v in vals if v in top2)
    ph = k / n
    z2 = Z975 * Z975
    denom = 1.0 + z2 / n
    centre = (ph + z2 / (2 * n)) / denom
    half = Z975 * math.sqrt(ph * (1 - ph) / n + z2 / (4.0 * n * n)) / denom
    return {"n": n, "value": 100.0 * ph, "ci95": [100.0 * (centre - half), 100.0 * (centre + half)],
            "k": k}


def mean_stats(vals):
    n = len(vals)
    if n == 0:
        return None
    a = np.asarray(vals, dtype=float)
    mean = float(a.sum() / n)
    if n >= 2:
        sd = float(math.sqrt(((a - mean) ** 2).sum() / (n - 1)))
        h = float(stats.t.ppf(0.975, n - 1)) * sd / math.sqrt(n)
        ci = [mean - h, mean + h]
    else:
        sd, ci = float("nan"), None
    return {"n": n, "value": mean, "ci95": ci, "sd": sd}


def compare(metric, cur, prev):
    """two-sided p of this week vs previous week (both non-empty)."""
    if metric in ("nps", "enps"):
        with np.errstate(divide="ignore", invalid="ignore"):
            z = np.float64(cur["value"] - prev["value"]) / np.sqrt(np.float64(cur["se"] ** 2 + prev["se"] ** 2))
        return nan_to_none(2.0 * stats.norm.sf(abs(z))) if not np.isnan(z) else None
    if metric == "csat":
        n1, n2, k1, k2 = cur["n"], prev["n"], cur["k"], prev["k"]
        pp = (k1 + k2) / (n1 + n2)
        se = math.sqrt(pp * (1 - pp) * (1.0 / n1 + 1.0 / n2))
        if se == 0:
            return None
        z = (k1 / n1 - k2 / n2) / se
        return float(2.0 * stats.norm.sf(abs(z)))
    # ces / engagement: Welch
    if cur["n"] < 2 or prev["n"] < 2:
        return None
    with np.errstate(divide="ignore", invalid="ignore"):
        r = stats.ttest_ind_from_stats(cur["value"], cur["sd"], cur["n"],
                                       prev["value"], prev["sd"], prev["n"], equal_var=False)
    return nan_to_none(float(r.pvalue))


STATS_FN = {"nps": nps_stats, "enps": nps_stats, "csat": csat_stats, "ces": mean_stats,
            "engagement": mean_stats}


def row_groups(survey):
    """[(metric, field_or_index, extractor)] in report order."""
    pop = survey["population"]
    groups = []
    for f in survey["fields"]:
        t = f["type"]
        if t in ("nps", "enps", "csat", "ces"):
            metric = {"nps": "enps" if pop == "employee" else "nps", "enps": "enps",
                      "csat": "csat", "ces": "ces"}[t]
            fid = f["id"]
            if t == "csat":
                lo, hi = f.get("scale", [1, 5])
                top2 = (hi - 1, hi)
                groups.append((metric, fid, lambda a, fid=fid: a.get(fid), top2))
            else:
                groups.append((metric, fid, lambda a, fid=fid: a.get(fid), None))
    index_names = []
    for f in survey["fields"]:
        if f["type"] == "likert" and f.get("index") and f["index"] not in index_names:
            index_names.append(f["index"])
    for name in index_names:
        items = [f for f in survey["fields"] if f["type"] == "likert" and f.get("index") == name]

        def person_index(a, items=items):
            vals = []
            for f in items:
                x = a.get(f["id"])
                if x is None:
                    continue
                lo, hi = f.get("scale", [1, 5])
                if f.get("reverse"):
                    x = lo + hi - x
                vals.append(100.0 * (x - lo) / (hi - lo))
            if len(vals) * 3 >= 2 * len(items):
                return sum(vals) / len(vals)
            return None
        groups.append(("engagement", name, person_index, None))
    return groups


class Cells:
    """values per (survey, group field, segment value or None, week)."""

    def __init__(self, responses, attr=None):
        self.v = defaultdict(list)
        self.segvals = defaultdict(set)   # (survey, field) -> attr values in window
        self.attr = attr
        self.responses = responses

    def build(self, surveys, window):
        win = set(window)
        for r in self.responses:
            s = surveys[r["survey"]]
            wk = week_key(parse_ts(r["submitted_at"]))
            for metric, fid, ext, _ in row_groups(s):
                x = ext(r["answers"])
                if x is None:
                    continue
                self.v[(r["survey"], fid, None, wk)].append(x)
                if self.attr is not None and self.attr in r.get("attributes", {}):
                    sv = str(r["attributes"][self.attr])
                    self.v[(r["survey"], fid, sv, wk)].append(x)
                    if wk in win:
                        self.segvals[(r["survey"], fid)].add(sv)
        return self


def cell_stats(metric, vals, top2):
    if metric == "csat":
        return csat_stats(vals, top2)
    return STATS_FN[metric](vals)


def build_report(surveys, responses, outcomes, week, survey_filter=None, by=None):
    window = weeks_ending(week, 12)
    prevw = window[-2]
    cells = Cells(responses, by).build(surveys, window)
    rows = []
    guard_log = []
    for skey in sorted(surveys):
        if survey_filter and skey != survey_filter:
            continue
        s = surveys[skey]
        employee = s["population"] == "employee"
        for metric, fid, _, top2 in row_groups(s):
            segs = [None] + (sorted(cells.segvals[(skey, fid)]) if by else [])
            # per-week stats and shown flags
            st = {(sv, wk): cell_stats(metric, cells.v.get((skey, fid, sv, wk), []), top2)
                  for sv in segs for wk in window}
            shown = {}
            for sv in segs:
                for wk in window:
                    n = st[(sv, wk)]["n"] if st[(sv, wk)] else 0
                    shown[(sv, wk)] = (n >= K_ANON) if employee else True
            if employee and by:   # complement guard, per week
                for wk in window:
                    segcells = [sv for sv in segs if sv is not None]
                    if not shown[(None, wk)]:
                        for sv in segcells:
                            shown[(sv, wk)] = False
                        continue
                    total_n = st[(None, wk)]["n"]

                    def resid():
                        return total_n - sum(st[(sv, wk)]["n"] for sv in segcells if shown[(sv, wk)])
                    r = resid()
                    while 0 < r < K_ANON:
                        cand = [sv for sv in segcells if shown[(sv, wk)]]
                        if not cand:
                            break
                        victim = min(cand, key=lambda sv: (st[(sv, wk)]["n"], segcells.index(sv)))
                        shown[(victim, wk)] = False
                        guard_log.append((skey, fid, week_label(wk), victim, r, st[(victim, wk)]["n"]))
                        r = resid()
            for sv in segs:
                cur, prv = st[(sv, week)], st[(sv, prevw)]
                row = {"metric": metric, "survey": skey, "field": fid,
                       "segment": None if sv is None else {by: sv}}
                if employee and not shown[(sv, week)]:
                    row.update({"value": None, "n": None, "ci95": None, "previous": None,
                                "delta": None, "p_value": None, "p_adjusted": None, "flag": None,
                                "low_n": False, "suppressed": True, "trend": [None] * 12})
                    rows.append(row)
                    continue
                n = cur["n"] if cur else 0
                row["value"] = fnum(cur["value"]) if cur else None
                row["n"] = n
                row["ci95"] = cur["ci95"] if cur and cur["ci95"] is not None else None
                prev_ok = (shown[(sv, prevw)]) if employee else True
                if prev_ok:
                    row["previous"] = {"value": fnum(prv["value"]) if prv else None,
                                       "n": prv["n"] if prv else 0}
                else:
                    row["previous"] = None
                if cur and prv and prev_ok:
                    row["delta"] = float(cur["value"] - prv["value"])
                    row["p_value"] = compare(metric, cur, prv)
                else:
                    row["delta"] = None
                    row["p_value"] = None
                row["p_adjusted"] = None
                row["flag"] = None
                row["low_n"] = n < LOW_N
                row["suppressed"] = False
                row["trend"] = [fnum(st[(sv, wk)]["value"]) if st[(sv, wk)] and shown[(sv, wk)] else None
                                for wk in window]
                row["_prev_n"] = prv["n"] if (prv and prev_ok) else 0
                rows.append(row)
    # Holm over rows with a p-value, in row order
    idx = [i for i, r in enumerate(rows) if r["p_value"] is not None]
    m = len(idx)
    order = sorted(idx, key=lambda i: rows[i]["p_value"])
    running = 0.0
    for rank, i in enumerate(order):
        adj = min(1.0, (m - rank) * rows[i]["p_value"])
        running = max(running, adj)
        rows[i]["p_adjusted"] = running
    for r in rows:
        pn = r.pop("_prev_n", 0)
        if r["p_adjusted"] is not None and r["p_adjusted"] < 0.05 and r["n"] >= LOW_N and pn >= LOW_N:
            if r["delta"] > 0:
                r["flag"] = "up"
            elif r["delta"] < 0:
                r["flag"] = "down"
    f, t = week_bounds(week)
    rep = {"tenant": TENANT, "week": week_label(week), "from": f, "to": t, "rows": rows,
           "retention": retention(outcomes, week)}
    return rep, guard_log


def retention(outcomes, week):
    C = datetime.combine(date.fromisocalendar(week[0], week[1], 1) + timedelta(days=7),
                         datetime.min.time(), tzinfo=UTC)
    F = datetime.combine(date.fromisocalendar(week[0], week[1], 1), datetime.min.time(), tzinfo=UTC)
    evs = [(d["unit"], d["type"], parse_ts(d["occurred_at"])) for d in outcomes]
    evs = [e for e in evs if e[2] < C]
    start, churn = {}, {}
    for u, typ, t in evs:
        if u not in start or t < start[u]:
            start[u] = t
        if typ == "churn" and (u not in churn or t < churn[u]):
            churn[u] = t
    obs = []
    for u in start:
        if u in churn:
            obs.append(((churn[u] - start[u]).total_seconds() / 86400.0, 1))
        else:
            obs.append(((C - start[u]).total_seconds() / 86400.0, 0))
    times = sorted(set(t for t, e in obs if e == 1))
    steps = []   # (t, S, greenwood_sum)
    S, gsum = 1.0, 0.0
    for ti in times:
        ni = sum(1 for t, e in obs if t >= ti)
        di = sum(1 for t, e in obs if t == ti and e == 1)
        S *= (1.0 - di / ni)
        gsum = gsum + (di / (ni * (ni - di)) if ni > di else float("inf"))
        steps.append((ti, S, gsum))
    km = []
    for day in (30, 60, 90):
        upto = [s for s in steps if s[0] <= day]
        if not upto:
            km.append({"day": day, "survival": 1.0, "ci95": [1.0, 1.0]})
            continue
        _, Sd, g = upto[-1]
        if Sd <= 0:
            km.append({"day": day, "survival": 0.0, "ci95": None})
            continue
        sigma = math.sqrt(g / (math.log(Sd) ** 2))
        km.append({"day": day, "survival": Sd,
                   "ci95": [Sd ** math.exp(Z975 * sigma), Sd ** math.exp(-Z975 * sigma)]})
    median = next((t for t, Sv, _ in steps if Sv <= 0.5), None)
    # loyalty
    last_F, last_C = {}, {}
    for u, typ, t in sorted(evs, key=lambda e: e[2]):
        if typ not in ("loyalty_join", "loyalty_leave"):
            continue
        if t < F:
            last_F[u] = typ
        last_C[u] = typ
    members = [u for u, typ in last_F.items() if typ == "loyalty_join"]
    retained = [u for u in members if last_C.get(u) == "loyalty_join"]
    rate = len(retained) / len(members) if members else None
    return {"km": km, "median_days": median,
            "loyalty": {"members_start": len(members), "retained": len(retained), "rate": rate}}


def trend_report(surveys, responses, week, survey, metric, weeks):
    s = surveys[survey]
    grp = [g for g in row_groups(s) if g[0] == metric][0]
    _, fid, ext, top2 = grp
    employee = s["population"] == "employee"
    wl = weeks_ending(week, weeks)
    vals = defaultdict(list)
    for r in responses:
        if r["survey"] != survey:
            continue
        x = ext(r["answers"])
        if x is not None:
            vals[week_key(parse_ts(r["submitted_at"]))].append(x)
    out = []
    for wk in wl:
        st = cell_stats(metric, vals.get(wk, []), top2)
        f, t = week_bounds(wk)
        n = st["n"] if st else 0
        sup = employee and n < K_ANON
        out.append({"week": week_label(wk), "from": f, "to": t,
                    "value": None if (sup or not st) else st["value"],
                    "n": None if sup else n,
                    "ci95": None if (sup or not st) else st["ci95"],
                    "low_n": (n < LOW_N) and not sup, "suppressed": sup})
    return {"tenant": TENANT, "survey": survey, "field": fid, "metric": metric, "weeks": out}


# ============================================================================= main

def write_json(path, obj, indent=2):
    with open(path, "w") as fh:
        json.dump(obj, fh, indent=indent, allow_nan=False)
        fh.write("\n")


def write_ndjson(path, rows):
    with open(path, "w") as fh:
        for d in rows:
            fh.write(json.dumps(d, separators=(",", ":"), allow_nan=False) + "\n")


def read_ndjson(path):
    with open(path) as fh:
        return [json.loads(l) for l in fh if l.strip()]


def fmt(x, nd=2):
    return "—" if x is None else ("%.*f" % (nd, x))


def summary(title, rep):
    print("== %s (%s, %s..%s)" % (title, rep["week"], rep["from"], rep["to"]))
    print("  %-8s %-8s %-10s %-14s %9s %6s %9s %9s %10s %5s %s" % (
        "survey", "metric", "field", "segment", "value", "n", "prev", "delta", "p_adj", "flag", "lowN/supp"))
    for r in rep["rows"]:
        seg = "" if r["segment"] is None else "%s=%s" % list(r["segment"].items())[0]
        prev = r["previous"]["value"] if r["previous"] else None
        print("  %-8s %-8s %-10s %-14s %9s %6s %9s %9s %10s %5s %s" % (
            r["survey"], r["metric"], r["field"], seg, fmt(r["value"]),
            "—" if r["n"] is None else r["n"], fmt(prev), fmt(r["delta"]),
            "—" if r["p_adjusted"] is None else "%.3g" % r["p_adjusted"],
            {"up": "▲", "down": "▼"}.get(r["flag"], ""),
            ("low_n " if r["low_n"] else "") + ("SUPPRESSED" if r["suppressed"] else "")))
    ret = rep["retention"]
    print("  retention km:", ", ".join("d%d=%.4f" % (k["day"], k["survival"]) for k in ret["km"]),
          "median:", ret["median_days"], "loyalty:", ret["loyalty"])


def main():
    rng = random.Random(SEED)
    os.makedirs(os.path.join(HERE, "surveys"), exist_ok=True)
    for key, s in SURVEYS.items():
        write_json(os.path.join(HERE, "surveys", key + ".json"), s)
    resp_lines = build_dataset(rng)
    write_ndjson(os.path.join(HERE, "responses.ndjson"), resp_lines)
    out_lines = build_outcomes(rng)
    write_ndjson(os.path.join(HERE, "outcomes.ndjson"), out_lines)

    # ---- reference computation from the files as written
    surveys = {}
    for key in ("support", "pulse"):
        with open(os.path.join(HERE, "surveys", key + ".json")) as fh:
            surveys[key] = json.load(fh)
    lines = read_ndjson(os.path.join(HERE, "responses.ndjson"))
    responses = apply_response_idempotency(lines)
    outcomes = apply_outcome_idempotency(read_ndjson(os.path.join(HERE, "outcomes.ndjson")))
    week = (YEAR, REPORT_WEEK)

    weekly, _ = build_report(surveys, responses, outcomes, week)
    by_seg, _ = build_report(surveys, responses, outcomes, week, "support", "segment")
    by_team, guard = build_report(surveys, responses, outcomes, week, "pulse", "team")
    trend = trend_report(surveys, responses, week, "support", "nps", 26)
    write_json(os.path.join(HERE, "expected-weekly.json"), weekly)
    write_json(os.path.join(HERE, "expected-weekly-by-segment.json"), by_seg)
    write_json(os.path.join(HERE, "expected-pulse-by-team.json"), by_team)
    write_json(os.path.join(HERE, "expected-trend-nps.json"), trend)

    print("responses.ndjson: %d lines, %d stored submissions; outcomes.ndjson: %d lines, %d events"
          % (len(lines), len(responses), len(out_lines), len(outcomes)))
    summary("weekly", weekly)
    summary("support --by segment", by_seg)
    summary("pulse --by team", by_team)
    print("== complement guard suppressions (survey, group, week, team, residual before, n):")
    for g in guard:
        print("  ", g)
    print("== trend nps support: " + " ".join(
        "%s:%s" % (w["week"][-3:], fmt(w["value"], 1)) for w in trend["weeks"]))


if __name__ == "__main__":
    main()
