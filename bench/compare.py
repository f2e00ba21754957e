"""Side by side: runs the NumPy, PyTorch and scikit-learn implementations and
`swift run -c release backprop bench <workload> --json`, then prints one table
per workload. Run it through bench/run.sh, which sets up the virtual
environment and unsets OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE for this command.

Usage: python bench/compare.py [--workloads fin-sgd,wide-minibatch,fd-vs-backprop,pinn]
                               [--quick] [--threads N] [--no-swift] [--json-out FILE]
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import workloads as wl  # noqa: E402

IMPLEMENTATIONS = {
    "fin-sgd": ["numpy", "torch", "sklearn"],
    "wide-minibatch": ["numpy", "torch"],
    "fd-vs-backprop": ["numpy", "torch"],
    # NumPy has no autodiff for phi'' and its gradient, scikit-learn no PINN: torch only.
    "pinn": ["torch"],
}
# final J must agree with NumPy's to this relative tolerance
COST_TOLERANCE = {"fin-sgd": 1e-12, "wide-minibatch": 1e-4}
SWIFT = "backprop"


# ---------------------------------------------------------------- environment

def load_average():
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "unknown"


def busy_seconds():
    """CPU-seconds the whole machine has spent busy since boot (/proc/stat), or None."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except OSError:
        return None
    user, nice, system, idle, iowait, irq, softirq, steal = (int(v) for v in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def own_children_seconds():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class Disturbance:
    """How much CPU other processes took while a workload ran. The machine is
    shared, and a busy neighbour slows a 2-thread library far more than 2x (its
    threads spin at every barrier); with --threads 1 one core is ours and the
    other may be busy without disturbing the run."""

    def __init__(self, threads):
        self.threads = threads
        self.wall = time.perf_counter()
        self.busy = busy_seconds()
        self.own = own_children_seconds()

    def report(self):
        wall = time.perf_counter() - self.wall
        busy = busy_seconds()
        if busy is None or self.busy is None or wall <= 0:
            return "others' CPU use unknown"
        others = max(0.0, (busy - self.busy) - (own_children_seconds() - self.own))
        cores = os.cpu_count() or 1
        spare = max(0, cores - self.threads)
        verdict = ("quiet" if others / wall < spare + 0.1
                   else "DISTURBED: timings unreliable")
        return (f"other processes used {others / wall:.2f} of {cores} cores while we used "
                f"{self.threads} thread(s): {verdict}")


def print_environment():
    """The header: versions, threads and BLAS kernels exactly as the implementations see
    them, printed by a child process with the same environment (so --threads shows)."""
    subprocess.run([sys.executable, str(BENCH / "environment.py")], cwd=ROOT, check=False)


# ---------------------------------------------------------------- running

def last_json_line(text):
    for line in reversed(text.splitlines()):
        line = line.strip()
        if line.startswith("{"):
            try:
                return json.loads(line)
            except json.JSONDecodeError:
                continue
    return None


def run_python(implementation, workload, quick):
    command = [sys.executable, str(BENCH / f"{implementation}_impl.py"), workload]
    if quick:
        command.append("--quick")
    print(f"running {implementation} {workload} ...", file=sys.stderr, flush=True)
    finished = subprocess.run(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    result = last_json_line(finished.stdout)
    if finished.returncode != 0 or result is None:
        print(f"  {implementation} {workload} failed (exit {finished.returncode})",
              file=sys.stderr)
        return None
    return result


def swift_available():
    """Build the release `backprop` once; None if usable, else the reason."""
    print("building the Swift side: swift build -c release --product backprop ...",
          file=sys.stderr, flush=True)
    try:
        built = subprocess.run(["swift", "build", "-c", "release", "--product", SWIFT],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)
    except FileNotFoundError:
        return "swift is not on PATH"
    if built.returncode != 0:
        tail = "\n    ".join(built.stdout.strip().splitlines()[-5:])
        return f"swift build failed:\n    {tail}"
    return None


def run_swift(workload):
    command = ["swift", "run", "-c", "release", "--skip-build", SWIFT, "bench", workload,
               "--json"]
    print(f"running {' '.join(command)} ...", file=sys.stderr, flush=True)
    finished = subprocess.run(command, cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    result = last_json_line(finished.stdout)
    if finished.returncode != 0 or result is None:
        lines = (finished.stderr or finished.stdout).strip().splitlines()
        reason = lines[0] if lines else f"exit {finished.returncode}, no JSON"
        return None, reason
    return result, None


# ---------------------------------------------------------------- tables

def seconds(value):
    return "—" if value is None else f"{value:.4g}"


def speed_against(median, reference):
    """'backprop is N× faster' for a row whose median time is `median`."""
    if reference is None or median is None:
        return "n/a (no backprop row)"
    ratio = median / reference
    if ratio >= 1:
        return f"backprop is {ratio:.1f}× faster"
    return f"backprop is {1 / ratio:.1f}× slower"


def cost_agreement(cost, numpy_cost, tolerance):
    if numpy_cost is None or cost is None:
        return "n/a"
    relative = abs(cost - numpy_cost) / abs(numpy_cost)
    return f"{'yes' if relative <= tolerance else 'NO'} ({relative:.1e})"


def table(header, rows):
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows)]
    line = lambda cells: "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths)) + " |"
    print(line(header))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print(line(row))


def epoch_table(workload, results):
    by_name = {r["implementation"]: r for r in results}
    reference = by_name.get(SWIFT, {}).get("seconds", {}).get("median")
    numpy_cost = by_name.get("numpy", {}).get("final_J")
    tolerance = COST_TOLERANCE[workload]
    header = ["implementation", "median s/epoch", "min", "max", "final J",
              "vs backprop", f"J = numpy's (rel ≤ {tolerance:g})"]
    if workload == "wide-minibatch":
        header.insert(4, "GFLOP/s")
    rows = []
    for r in results:
        s = r["seconds"]
        row = [r["implementation"], seconds(s["median"]), seconds(s["min"]), seconds(s["max"]),
               f"{r['final_J']:.17g}",
               "—" if r["implementation"] == SWIFT else speed_against(s["median"], reference),
               "—" if r["implementation"] == "numpy"
               else cost_agreement(r["final_J"], numpy_cost, tolerance)]
        if workload == "wide-minibatch":
            row.insert(4, "—" if r.get("gflops") is None else f"{r['gflops']:.1f}")
        rows.append(row)
    table(header, rows)


def fd_table(results):
    by_name = {r["implementation"]: {row["H"]: row for row in r["rows"]} for r in results}
    swift_rows = by_name.get(SWIFT, {})
    header = ["H", "P", "implementation", "fd s/gradient", "backprop s/gradient", "fd / backprop",
              "backprop in forward passes", "vs Swift backprop"]
    rows = []
    for width in wl.FD_WIDTHS:
        for r in results:
            row = by_name[r["implementation"]].get(width)
            if row is None:
                continue
            reference = swift_rows.get(width, {}).get("backprop_seconds")
            versus = ("—" if r["implementation"] == SWIFT
                      else speed_against(row["backprop_seconds"], reference))
            rows.append([width, row["parameters"], r["implementation"], seconds(row["fd_seconds"]),
                         seconds(row["backprop_seconds"]), f"{row['ratio']:.1f}",
                         f"{row['backprop_in_forward_passes']:.2f}", versus])
    table(header, rows)


def ratio_to(value, reference):
    """value / reference as 'N.N×' (this implementation's time over backprop's)."""
    if value is None or reference is None or reference <= 0:
        return "n/a"
    return f"{value / reference:.1f}×"


def pinn_table(results):
    by_name = {r["implementation"]: r for r in results}
    swift = by_name.get(SWIFT, {})
    reference = swift.get("seconds", {}).get("median")
    reference_total = swift.get("total_seconds")
    header = ["implementation", "threads", "median s to 1 %", "min", "max", "steps to 1 %",
              "whole schedule s", "final ĥ", "final C",
              "÷ backprop (to 1 %)", "÷ backprop (schedule)"]
    rows = []
    for r in results:
        s = r["seconds"]
        is_swift = r["implementation"] == SWIFT
        rows.append([r["implementation"], r.get("threads", "?"), seconds(s["median"]),
                     seconds(s["min"]), seconds(s["max"]), r.get("steps_to_1pct", "?"),
                     seconds(r.get("total_seconds")), f"{r['final_h']:.6f}",
                     f"{r['final_J']:.3e}",
                     "—" if is_swift else ratio_to(s["median"], reference),
                     "—" if is_swift else ratio_to(r.get("total_seconds"), reference_total)])
    table(header, rows)
    runs = ", ".join(f"{r['implementation']} {r['repeats']}" for r in results)
    print(f"(runs: {runs}; seconds from the start of training to the first step with "
          f"|ĥ − 25|/25 ≤ 1 %, whole schedule: {results[0].get('schedule', '?')}, medians; "
          "final ĥ, C and steps of the last run; ÷ backprop = this row's median / backprop's)")


# ---------------------------------------------------------------- main

def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workloads", default=",".join(wl.WORKLOADS),
                        help="comma-separated subset of " + ", ".join(wl.WORKLOADS))
    parser.add_argument("--quick", action="store_true",
                        help="fewer repeats (fin-sgd still trains its 20 epochs; "
                             "pinn: 1 torch run instead of 3)")
    parser.add_argument("--threads", type=int,
                        help="threads for every library (OMP/OpenBLAS/MKL); default: theirs")
    parser.add_argument("--no-swift", action="store_true", help="Python rows only")
    parser.add_argument("--json-out", type=Path, help="also write every JSON result here")
    arguments = parser.parse_args()
    arguments.workloads = [w.strip() for w in arguments.workloads.split(",") if w.strip()]
    unknown = [w for w in arguments.workloads if w not in wl.WORKLOADS]
    if unknown:
        parser.error(f"unknown workload {', '.join(unknown)}; expected some of "
                     f"{', '.join(wl.WORKLOADS)}")
    return arguments


def main():
    arguments = parse_arguments()
    if arguments.threads:
        for name in ["OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"]:
            os.environ[name] = str(arguments.threads)
    print_environment()

    swift_reason = "skipped (--no-swift)" if arguments.no_swift else swift_available()
    if swift_reason:
        print(f"Swift side: not run — {swift_reason}\n")

    everything = []
    for workload in arguments.workloads:
        results = []
        load = load_average()
        disturbance = Disturbance(arguments.threads or os.cpu_count() or 1)
        for implementation in IMPLEMENTATIONS[workload]:
            result = run_python(implementation, workload, arguments.quick)
            if result is not None:
                results.append(result)
        swift_note = None
        if not swift_reason:
            result, swift_note = run_swift(workload)
            if result is not None:
                results.insert(0, result)
        everything.extend(results)
        print(f"## {workload}  (load average before: {load}"
              f"{', quick' if arguments.quick else ''}; {disturbance.report()})")
        if swift_note:
            print(f"Swift side: `backprop bench {workload} --json` failed — "
                  f"{swift_note}")
        elif results and results[0].get("implementation") == "backprop" and "threads" in results[0]:
            print(f"backprop: {results[0]['threads']} thread(s), "
                  f"{results[0].get('kernels', '?')} kernels")
        if not results:
            print("no results")
        elif workload == "fd-vs-backprop":
            fd_table(results)
        elif workload == "pinn":
            pinn_table(results)
        else:
            epoch_table(workload, results)
        print(flush=True)

    if arguments.json_out:
        arguments.json_out.write_text("\n".join(json.dumps(r) for r in everything) + "\n")


if __name__ == "__main__":
    main()
