#!/usr/bin/env python3
"""Coverage of the true h by each route's 95 % interval, through `backprop fin --readings`.

For each fin below (none of them the default one), noise level σ (a fraction of θ_b) and noise
mode (σ stated in a sigma column, or estimated from the residuals), it writes ONE readings file
holding N seeded noisy specimens as sets (`set` column), runs

    backprop fin --readings FILE --set-column set --json ...

once — so the surrogate and the direct network are trained once per call, as an engineer's batch
would — and counts, per route, how often the 95 % interval holds the true h, and the median
|ĥ − h|/h. The readings are simulated here, from the closed-form profiles (Incropera §3.6),
independently of the Swift code:

    m² = hP/(kA_c)
    insulated:  θ/θ_b = cosh m(L − x) / cosh mL
    convective: θ/θ_b = [cosh m(L − x) + (h/mk) sinh m(L − x)] / [cosh mL + (h/mk) sinh mL]
    infinite:   θ/θ_b = exp(−mx)

Every reading, the one at x = 0 included, gets noise σ θ_b; T_b is taken from that reading
(`fitted with the others`, as the command does). Only the standard library is needed.

Usage: scripts/coverage.py [--trials N] [--binary PATH] [--seed S] [--json OUT] [--routes R]
                          [--default-fin] [--fin TEXT] [--noise F]

`--routes lm,pinn --trials 20 --noise 0.01 --default-fin` is the PINN's check (issue 14): the
README's pin fin and the three below, 20 seeds each.
"""
import argparse
import json
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

# Fins that no issue names and the code was not tuned on: (name, flags, geometry, h, T∞, T_b, sensors).
FINS = [
    {
        "name": "steel pin, D 10 mm, L 150 mm, insulated, h 12",
        "flags": ["--material", "steel", "--diameter", "0.01", "--length", "0.15", "--tip", "insulated"],
        "k": 60.5, "perimeter": math.pi * 0.01, "area": math.pi * 0.01 ** 2 / 4, "length": 0.15,
        "tip": "insulated", "h": 12.0, "ambient": 20.0, "base": 80.0,
        "positions": [0.15 * i / 7 for i in range(8)],
    },
    {
        "name": "copper plate 50 × 2 mm, L 60 mm, convective tip, h 80",
        "flags": ["--material", "copper", "--width", "0.05", "--thickness", "0.002", "--length", "0.06",
                  "--tip", "convective"],
        "k": 401.0, "perimeter": 2 * (0.05 + 0.002), "area": 0.05 * 0.002, "length": 0.06,
        "tip": "convective", "h": 80.0, "ambient": 30.0, "base": 150.0,
        "positions": [0.005 * i for i in range(12)],
    },
    {
        "name": "brass pin, D 3 mm, L 200 mm, infinite, h 40",
        "flags": ["--k", "110", "--diameter", "0.003", "--length", "0.2", "--tip", "infinite"],
        "k": 110.0, "perimeter": math.pi * 0.003, "area": math.pi * 0.003 ** 2 / 4, "length": 0.2,
        "tip": "infinite", "h": 40.0, "ambient": 15.0, "base": 120.0,
        "positions": [0.01 * i for i in range(15)],
    },
]
# The README's own fin (`backprop fin`'s default), for --default-fin.
DEFAULT_FIN = {
    "name": "README's aluminium pin, D 5 mm, L 100 mm, insulated, h 25",
    "flags": ["--k", "200", "--diameter", "0.005", "--length", "0.1", "--tip", "insulated"],
    "k": 200.0, "perimeter": math.pi * 0.005, "area": math.pi * 0.005 ** 2 / 4, "length": 0.1,
    "tip": "insulated", "h": 25.0, "ambient": 25.0, "base": 100.0,
    "positions": [0.1 * i / 9 for i in range(10)],
}
NOISES = [0.01, 0.03]
MODES = ["stated", "estimated"]
ROUTES = ["lm", "surrogate", "direct"]     # the default of --routes


def phi(fin, x):
    """θ/θ_b of the linear fin at x."""
    h, k, L = fin["h"], fin["k"], fin["length"]
    m = math.sqrt(h * fin["perimeter"] / (k * fin["area"]))
    if fin["tip"] == "insulated":
        return math.cosh(m * (L - x)) / math.cosh(m * L)
    if fin["tip"] == "convective":
        r = h / (m * k)
        return (math.cosh(m * (L - x)) + r * math.sinh(m * (L - x))) / (math.cosh(m * L) + r * math.sinh(m * L))
    return math.exp(-m * x)


def write_readings(path, fin, noise, mode, trials, rng):
    theta_b = fin["base"] - fin["ambient"]
    sigma = noise * theta_b
    with open(path, "w") as f:
        f.write(f"# {trials} simulated specimens of {fin['name']}, sigma = {100 * noise:g} % of theta_b\n")
        f.write("set,x,T" + (",sigma\n" if mode == "stated" else "\n"))
        for n in range(1, trials + 1):
            for x in fin["positions"]:
                t = fin["ambient"] + theta_b * phi(fin, x) + rng.gauss(0, sigma)
                f.write(f"{n},{x:.6g},{t:.6f}" + (f",{sigma:.6g}\n" if mode == "stated" else "\n"))


def run_case(binary, fin, noise, mode, trials, seed, scratch):
    rng = random.Random(f"{seed}-{fin['name']}-{noise}-{mode}")
    path = os.path.join(scratch, "readings.csv")
    write_readings(path, fin, noise, mode, trials, rng)
    command = [binary, "fin", "--readings", path, "--set-column", "set", "--json", "--routes", ",".join(ROUTES),
               "--ambient-temperature", str(fin["ambient"]), "--seed", str(seed)] + fin["flags"]
    start = time.monotonic()
    result = subprocess.run(command, capture_output=True, text=True)
    seconds = time.monotonic() - start
    if result.returncode != 0:
        sys.exit(f"backprop failed ({result.returncode}) on {fin['name']}: {result.stderr.strip()}")
    report = json.loads(result.stdout)
    rows = {}
    for route in ROUTES:
        covered, errors, ses, missing = 0, [], [], 0
        for s in report["sets"]:
            r = next((r for r in s["routes"] if r["route"] == route), None)
            if r is None or not r["applied"]:
                missing += 1
                continue
            e = r["estimates"]["h"]
            low, high = e["interval95"]
            covered += low <= fin["h"] <= high
            errors.append(abs(e["value"] - fin["h"]) / fin["h"])
            ses.append(e["standard_error"] / fin["h"])
        n = len(errors)
        rows[route] = {
            "trials": n, "failed": missing,
            "coverage": covered / n if n else float("nan"),
            "median_error": statistics.median(errors) if n else float("nan"),
            "median_se": statistics.median(ses) if n else float("nan"),
        }
    return rows, seconds


def noise_free(binary, fin, scratch):
    """|ĥ/h − 1| of each route on exact readings (goal: round-off for LM, ≤ 0.5 % for the networks)."""
    path = os.path.join(scratch, "exact.csv")
    with open(path, "w") as f:
        f.write("x,T\n")
        for x in fin["positions"]:
            f.write(f"{x:.6g},{fin['ambient'] + (fin['base'] - fin['ambient']) * phi(fin, x):.9f}\n")
    result = subprocess.run([binary, "fin", "--readings", path, "--json", "--routes", ",".join(ROUTES),
                             "--ambient-temperature", str(fin["ambient"])]
                            + fin["flags"], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"backprop failed ({result.returncode}) on exact readings of {fin['name']}: {result.stderr.strip()}")
    routes = json.loads(result.stdout)["sets"][0]["routes"]
    return {r["route"]: r["estimates"]["h"]["value"] / fin["h"] - 1 for r in routes if r["applied"]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--trials", type=int, default=200, help="noisy specimens per fin, σ and mode (default 200)")
    parser.add_argument("--binary", default=".build/release/backprop")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--json", help="also write the table to this JSON file")
    parser.add_argument("--fin", default="", help="only the fins whose name contains this text")
    parser.add_argument("--noise", type=float, action="append", help="only this σ/θ_b (repeatable; default 0.01 and 0.03)")
    parser.add_argument("--routes", default=",".join(ROUTES), help="routes to run and count (default lm,surrogate,direct)")
    parser.add_argument("--default-fin", action="store_true", help="also the README's own fin")
    parser.add_argument("--sensors", type=int, help="N sensors evenly over [0, L] on every fin instead of each fin's own")
    args = parser.parse_args()
    if args.trials < 20:
        sys.exit("--trials: at least 20")
    ROUTES[:] = [r for r in args.routes.split(",") if r]
    if "lm" not in ROUTES:
        ROUTES.insert(0, "lm")
    if args.default_fin:
        FINS.insert(0, DEFAULT_FIN)
    if args.sensors:
        if args.sensors < 3:
            sys.exit("--sensors: at least 3")
        for fin in FINS:
            fin["positions"] = [fin["length"] * i / (args.sensors - 1) for i in range(args.sensors)]
            fin["name"] = fin["name"].split(",")[0] + f", {args.sensors} sensors"

    table, exact = [], {}
    with tempfile.TemporaryDirectory() as scratch:
        print("noise-free readings, ĥ/h − 1 (goal: round-off for lm, ≤ 0.5 % for the networks):")
        for fin in [f for f in FINS if args.fin in f["name"]]:
            exact[fin["name"]] = noise_free(args.binary, fin, scratch)
            print(f"  {fin['name']:<55}" + "".join(f"  {r} {100 * e:+.4f} %" for r, e in exact[fin["name"]].items()))
    print(f"{args.trials} seeded noisy specimens per line; coverage of the true h by each route's 95 % interval")
    print("and median |ĥ − h|/h (network routes also as a multiple of LM's).")
    others = [r for r in ROUTES if r != "lm"]
    header = f"{'fin':<55} {'σ/θ_b':>5} {'σ':<9}" + "".join(f" {r + ' cov':>14} {'med err':>8}" for r in ROUTES) + f"  ratio {'/'.join(others)}   time"
    print(header)
    with tempfile.TemporaryDirectory() as scratch:
        for fin in [f for f in FINS if args.fin in f["name"]]:
            for noise in args.noise or NOISES:
                for mode in MODES:
                    rows, seconds = run_case(args.binary, fin, noise, mode, args.trials, args.seed, scratch)
                    lm = rows["lm"]["median_error"]
                    line = f"{fin['name']:<55} {100 * noise:>4g}% {mode:<9}"
                    for r in ROUTES:
                        line += f" {100 * rows[r]['coverage']:>13.1f}% {100 * rows[r]['median_error']:>7.2f}%"
                    line += "  " + "/".join(f"{rows[r]['median_error'] / lm:4.2f}" for r in others) + f"  {seconds:5.1f} s"
                    print(line, flush=True)
                    table.append({"fin": fin["name"], "noise_fraction": noise, "sigma": mode, "seconds": seconds,
                                  "routes": rows})
    covs = [row["routes"][r]["coverage"] for row in table for r in ROUTES]
    ratios = [row["routes"][r]["median_error"] / row["routes"]["lm"]["median_error"]
              for row in table for r in others]
    medians = [row["routes"][r]["median_error"] for row in table for r in others]
    print(f"coverage over all lines and routes: {100 * min(covs):.1f} … {100 * max(covs):.1f} % (goal 90 … 98 %); "
          f"network median error / LM's: {min(ratios):.2f} … {max(ratios):.2f} (goal ≤ 1.5); "
          f"network median error {100 * min(medians):.2f} … {100 * max(medians):.2f} %")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"trials": args.trials, "seed": args.seed, "noise_free": exact, "table": table}, f, indent=1)


if __name__ == "__main__":
    main()
