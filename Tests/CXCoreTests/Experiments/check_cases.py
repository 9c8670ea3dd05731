#!/usr/bin/env python3
"""Independent Python re-implementation of GrowthBook's assignment primitives, checked
against the GrowthBook SDK conformance cases extracted into growthbook-cases.json.

Written from the behaviour specified by the GrowthBook JS SDK (packages/sdk-js/src/util.ts:
hashFnv32a, hash, getEqualWeights, getBucketRanges, inRange, chooseVariation) and its test
runner (packages/sdk-js/test/json.test.ts). Standard library only.

    python3 check_cases.py                       # checks growthbook-cases.json (+ supplement)
    python3 check_cases.py --write-supplement    # (re)writes non-ascii-supplement.json

Exit status 0 when every case passes. Prints 'N passed, N failed' at the end.

Notes on the semantics reproduced here:
- FNV-1a 32: offset basis 0x811c9dc5, prime 16777619 (the JS SDK writes the multiply as
  shifts: h + (h<<1) + (h<<4) + (h<<7) + (h<<8) + (h<<24), which is h*16777619 mod 2^32).
  The JS SDK iterates `str.charCodeAt(i)`, i.e. over UTF-16 CODE UNITS, not bytes and not
  code points: a non-BMP character contributes its two surrogates, a non-ASCII BMP character
  one unit (not its UTF-8 bytes).
- hash v1 = (fnv(value + seed) % 1000) / 1000
  hash v2 = (fnv(str(fnv(seed + value))) % 10000) / 10000   (str = decimal, no sign)
  any other version -> None (JS null).
- getBucketRanges(n, coverage, weights): coverage clamped to [0,1] (undefined -> 1);
  weights default to equal 1/n; replaced by equal weights if their length != n or their sum
  is outside [0.99, 1.01]; range i = [c_i, c_i + coverage*w_i] with c_i the running sum of
  the weights (NOT of the covered widths).
- chooseVariation(x, ranges) = first i with ranges[i][0] <= x < ranges[i][1], else -1.
- The test runner compares getBucketRange results after floor(v*1e8)/1e8 on both sides;
  hash and chooseVariation results are compared exactly (toEqual).
"""
from __future__ import annotations

import json
import math
import os
import sys
from typing import List, Optional, Sequence

HERE = os.path.dirname(os.path.abspath(__file__))


def utf16_units(s: str) -> List[int]:
    b = s.encode("utf-16-le", "surrogatepass")
    return [b[i] | (b[i + 1] << 8) for i in range(0, len(b), 2)]


def fnv1a32(s: str) -> int:
    h = 0x811C9DC5
    for u in utf16_units(s):
        h ^= u
        h = (h * 16777619) & 0xFFFFFFFF
    return h


def gb_hash(seed: str, value: str, version: int) -> Optional[float]:
    if version == 2:
        return (fnv1a32(str(fnv1a32(seed + value))) % 10000) / 10000
    if version == 1:
        return (fnv1a32(value + seed) % 1000) / 1000
    return None


def equal_weights(n: int) -> List[float]:
    return [1 / n] * n if n > 0 else []


def bucket_ranges(num: int, coverage: Optional[float] = None,
                  weights: Optional[Sequence[float]] = None) -> List[List[float]]:
    coverage = 1.0 if coverage is None else coverage
    coverage = 0.0 if coverage < 0 else (1.0 if coverage > 1 else coverage)
    equal = equal_weights(num)
    w = list(weights) if weights is not None else equal  # JS `weights || equal`
    if len(w) != num:
        w = equal
    total = 0.0
    for x in w:  # left-to-right float sum, as Array.reduce
        total += x
    if total < 0.99 or total > 1.01:
        w = equal
    out, cum = [], 0.0
    for x in w:
        start = cum
        cum += x
        out.append([start, start + coverage * x])
    return out


def choose_variation(x: float, ranges: Sequence[Sequence[float]]) -> int:
    for i, (lo, hi) in enumerate(ranges):
        if lo <= x < hi:
            return i
    return -1


def _round8(v: float) -> float:  # the JS runner's round: Math.floor(n * 1e8) / 1e8
    return math.floor(v * 1e8) / 1e8


def _rr(rs):
    return [[_round8(v) for v in r] for r in rs]


# Supplementary vectors for ids with non-ASCII characters (none are in GrowthBook's cases).
SUPPLEMENT_INPUTS = [
    ["offer-q4", "cust-42"],
    ["offer-q4", "müller"],            # U+00FC: 1 UTF-16 unit, 2 UTF-8 bytes
    ["offer-q4", "Zoë Ångström"],
    ["offer-q4", "山田太郎"],            # CJK BMP
    ["offer-q4", "user-😀"],            # U+1F600: surrogate pair D83D DE00
    ["offer-q4", "e\u0301"],            # combining accent, NFD form (not normalised)
    ["offer-q4", "\u00e9"],             # same text in NFC: a different hash
    ["sälj-test", "cust-42"],           # non-ASCII seed
    ["", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢"],
]


def supplement() -> dict:
    rows = []
    for seed, value in SUPPLEMENT_INPUTS:
        utf8 = (seed + value).encode("utf-8")
        h = 0x811C9DC5
        for byte in utf8:
            h ^= byte
            h = (h * 16777619) & 0xFFFFFFFF
        rows.append({
            "seed": seed, "value": value,
            "value_utf16_code_units_hex": " ".join(f"{u:04X}" for u in utf16_units(value)),
            "utf16_units_of_seed_plus_value": len(utf16_units(seed + value)),
            "fnv1a32_utf16_seed_plus_value": fnv1a32(seed + value),
            "hash_v1": gb_hash(seed, value, 1),
            "hash_v2": gb_hash(seed, value, 2),
            "WRONG_fnv1a32_over_utf8_bytes": h,
        })
    return {
        "_about": ("NOT from GrowthBook: computed by check_cases.py (FNV-1a 32 over UTF-16 code "
                   "units, as the JS SDK's str.charCodeAt) and cross-checked against Node.js "
                   "string semantics when generated; WRONG_* shows what a UTF-8-byte "
                   "implementation would give instead, so a test can assert it differs."),
        "cases": rows,
    }


def main() -> int:
    path = os.path.join(HERE, "growthbook-cases.json")
    with open(path, encoding="utf-8") as f:
        cases = json.load(f)
    passed = failed = 0

    def report(ok: bool, what: str):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
            print("FAIL", what)

    for seed, value, version, expected in cases["hash"]:
        got = gb_hash(seed, value, version)
        report(got == expected, f"hash({seed!r},{value!r},{version}) = {got} != {expected}")
    for name, (num, cov, weights), expected in cases["getBucketRange"]:
        got = bucket_ranges(num, cov, weights)
        report(_rr(got) == _rr(expected), f"getBucketRange {name}: {got} != {expected}")
    for name, x, ranges, expected in cases["chooseVariation"]:
        got = choose_variation(x, ranges)
        report(got == expected, f"chooseVariation {name}: {got} != {expected}")
    print(f"spec {cases.get('specVersion')}: hash {len(cases['hash'])}, getBucketRange "
          f"{len(cases['getBucketRange'])}, chooseVariation {len(cases['chooseVariation'])} cases")

    sup_path = os.path.join(HERE, "non-ascii-supplement.json")
    if "--write-supplement" in sys.argv:
        with open(sup_path, "w", encoding="utf-8") as f:
            json.dump(supplement(), f, ensure_ascii=False, indent=1)
            f.write("\n")
    if os.path.exists(sup_path):
        with open(sup_path, encoding="utf-8") as f:
            sup = json.load(f)
        for row in sup["cases"]:
            s, v = row["seed"], row["value"]
            report(fnv1a32(s + v) == row["fnv1a32_utf16_seed_plus_value"]
                   and gb_hash(s, v, 1) == row["hash_v1"] and gb_hash(s, v, 2) == row["hash_v2"],
                   f"supplement {s!r},{v!r}")
        print(f"supplement: {len(sup['cases'])} non-ASCII vectors")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
