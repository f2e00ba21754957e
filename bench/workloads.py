"""What every Python implementation shares: the three workloads' data, the
initial weights and shuffles from reference_rng, timing statistics and the
JSON line that `backprop bench <workload> --json` prints on the Swift side.

Shapes follow the lecture: W_k is (out x in), b_k is (out,), z_k = W_k a_(k-1) + b_k.
"""

import argparse
import json
import math
import statistics
import sys
import time

import numpy as np

import reference_rng

SEED = reference_rng.DEFAULT_SEED

# fin-sgd: 1 -> 10 -> 10 -> 1, sigmoid hidden, identity output, Double.
FIN_SIZES = [1, 10, 10, 1]
FIN_POINTS = 1000
FIN_EPOCHS = 20
FIN_LEARNING_RATE = 0.1

# wide-minibatch: 64 -> 512 -> 512 -> 1, tanh hidden, identity output, Float.
WIDE_SIZES = [64, 512, 512, 1]
WIDE_SAMPLES = 60_000
WIDE_BATCH = 128
WIDE_LEARNING_RATE = 0.01

# fd-vs-backprop: 1 -> H -> H -> 1, sigmoid hidden, identity output, Double.
FD_WIDTHS = [4, 8, 16, 32, 64]
FD_X = 0.5
FD_Y = 0.3
# h_i = sqrt(eps) * max(1, |w_i|), eps = Double.ulpOfOne = 2^-52.
FD_SQRT_EPS = math.sqrt(2.0 ** -52)

WORKLOADS = ["fin-sgd", "wide-minibatch", "fd-vs-backprop"]


# ---------------------------------------------------------------- data

def fin_data():
    """x_i = i / 999, y = cosh(2 (1 - x)) / cosh 2, as (1000,) float64 arrays.

    math.cosh is the C library's, as Swift's Foundation uses on Linux."""
    x = [i / (FIN_POINTS - 1) for i in range(FIN_POINTS)]
    y = [math.cosh(2.0 * (1.0 - v)) / math.cosh(2.0) for v in x]
    return np.array(x, dtype=np.float64), np.array(y, dtype=np.float64)


def wide_data():
    """x[i][j] = Float(sin(0.001 * Double(i * 64 + j) + Double(j))),
    y[i] = Float(tanh(sum_j s_j x[i][j] / 8)), s_j = +1 for odd j, -1 for even j,
    the sum taken in Double in order j = 0 ... 63.

    Returns x (60000, 64) float32 and y (60000,) float32."""
    inputs = WIDE_SIZES[0]
    index = np.arange(WIDE_SAMPLES * inputs, dtype=np.int64).reshape(WIDE_SAMPLES, inputs)
    column = np.arange(inputs, dtype=np.float64)
    argument = 0.001 * index.astype(np.float64) + column
    # math.sin (the C library's) element by element, as Swift calls it.
    sines = np.fromiter((math.sin(v) for v in argument.ravel()), dtype=np.float64,
                        count=argument.size).reshape(argument.shape)
    x = sines.astype(np.float32)
    total = np.zeros(WIDE_SAMPLES, dtype=np.float64)
    x_double = x.astype(np.float64)
    for j in range(inputs):
        sign = 1.0 if j % 2 == 1 else -1.0
        total += sign * x_double[:, j]
    y = np.tanh(total / 8.0).astype(np.float32)
    return x, y


# ---------------------------------------------------------------- weights and order

def initial_parameters(sizes, dtype=np.float64):
    """Xavier-uniform weights (seed 42) and zero biases as NumPy arrays:
    a list of (W_k (out x in), b_k (out,)), first hidden layer first."""
    float32 = dtype == np.float32
    layers = reference_rng.xavier_uniform(sizes, SEED, float32=float32)
    return [(np.array(w, dtype=dtype), np.array(b, dtype=dtype)) for w, b in layers]


def fin_orders(epochs=FIN_EPOCHS):
    """The visiting order of every epoch t = 0 ... epochs - 1, as int64 arrays."""
    return [np.array(reference_rng.epoch_order(FIN_POINTS, t, SEED), dtype=np.int64)
            for t in range(epochs)]


def fd_sizes(width):
    return [1, width, width, 1]


def parameter_count(sizes):
    return sum(n_out * n_in + n_out for n_in, n_out in zip(sizes[:-1], sizes[1:]))


def wide_flops():
    """6 n (64*512 + 512*512 + 512*1): forward 2 flops per weight, backward 4."""
    s = WIDE_SIZES
    return 6 * WIDE_SAMPLES * sum(a * b for a, b in zip(s[:-1], s[1:]))


# ---------------------------------------------------------------- timing

def summary(seconds):
    return {"median": statistics.median(seconds), "min": min(seconds), "max": max(seconds)}


def seconds_per_call(function, target_seconds=0.2, samples=5):
    """Median seconds of one call of `function`: calls are grouped so that each
    of `samples` timed groups lasts about target_seconds / samples."""
    calls = 1
    while True:
        start = time.perf_counter()
        for _ in range(calls):
            function()
        elapsed = time.perf_counter() - start
        if elapsed >= target_seconds / samples or calls >= 1 << 20:
            break
        calls *= 2
    per_call = [elapsed / calls]
    for _ in range(samples - 1):
        start = time.perf_counter()
        for _ in range(calls):
            function()
        per_call.append((time.perf_counter() - start) / calls)
    return statistics.median(per_call)


# ---------------------------------------------------------------- output

def epoch_result(workload, implementation, seconds, final_cost, gflops=None):
    """The JSON object of fin-sgd / wide-minibatch, as the Swift side prints it."""
    return {
        "workload": workload,
        "implementation": implementation,
        "repeats": len(seconds),
        "seconds": summary(seconds),
        "unit": "epoch",
        "final_J": final_cost,
        "gflops": gflops,
    }


def fd_row(width, fd_seconds, backprop_seconds, forward_seconds):
    """One row of fd-vs-backprop, as the Swift side prints it."""
    return {
        "H": width,
        "parameters": parameter_count(fd_sizes(width)),
        "fd_seconds": fd_seconds,
        "backprop_seconds": backprop_seconds,
        "ratio": fd_seconds / backprop_seconds,
        "backprop_in_forward_passes": backprop_seconds / forward_seconds,
    }


def fd_result(implementation, rows):
    return {"workload": "fd-vs-backprop", "implementation": implementation, "rows": rows}


def emit(result):
    """One JSON object on one line of stdout (compare.py reads the last line)."""
    print(json.dumps(result), flush=True)


def note(message):
    print(message, file=sys.stderr, flush=True)


def check_gradients(width, fd_gradient, backprop_gradient, implementation):
    """Forward differences agree with backprop to about sqrt(eps): say so on stderr."""
    difference = np.max(np.abs(np.asarray(fd_gradient) - np.asarray(backprop_gradient)))
    scale = max(1.0, float(np.max(np.abs(backprop_gradient))))
    note(f"{implementation} fd-vs-backprop H={width}: max |fd - backprop| = {difference:.2e}"
         f" (scale {scale:.2e})")
    if difference > 1e-5 * scale:
        raise SystemExit(f"{implementation}: forward differences and backprop disagree at "
                         f"H={width}: max difference {difference:.3e}")


def parse_arguments(implementation, workloads=WORKLOADS):
    parser = argparse.ArgumentParser(
        description=f"The {implementation} side of the Backprop benchmark: prints one JSON "
                    "object per workload, the shape `backprop bench <workload> --json` prints.")
    parser.add_argument("workload", choices=workloads)
    parser.add_argument("--quick", action="store_true",
                        help="fewer repeats (the fin-sgd run still trains all 20 epochs)")
    return parser.parse_args()
