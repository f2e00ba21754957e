"""What every Python implementation shares: the workloads' data, the initial
weights and shuffles from reference_rng, timing statistics and the JSON line
that `backprop bench <workload> --json` prints on the Swift side. For pinn it
also holds the fin's readings, the 76-point batch, the learning-rate schedule
and an independent NumPy evaluation of the physics-informed cost (forward-mode
derivatives written out by hand) that the torch side checks its autograd cost
against at the initial weights.

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

# pinn: the fin's physics-informed network (Sources/FinInverse/FinPINNLoss.swift, FinPINN.swift,
# Sources/BackpropCommand/BenchPINN.swift). phi(u), u = 2 xi - 1, 1 -> 20 -> 20 -> 1, tanh
# hidden, identity output, biases, Double; s = ln h trained with it.
PINN_SIZES = [1, 20, 20, 1]
PINN_CONDUCTIVITY = 200.0       # k [W/(m K)]
PINN_DIAMETER = 0.005           # D [m], a pin: P = pi D, A_c = pi D^2 / 4
PINN_LENGTH = 0.1               # L [m], insulated tip
PINN_AMBIENT = 25.0             # T_inf [deg C]
PINN_BASE = 100.0               # T_b [deg C], known: phi(0) = 1 is imposed
PINN_TRUE_H = 25.0              # h [W/(m^2 K)] of the readings: N = mL = 1
PINN_INITIAL_H = 10.0           # s_0 = ln 10
PINN_READINGS = 10              # x_i = i L / 9, exact (no noise, no sigma)
PINN_COLLOCATION = 64           # xi_j = j / 63
PINN_WEIGHTS = (1.0, 100.0, 100.0)   # w_d, w_r, w_b
PINN_ADAM_UPDATES = 2000
PINN_LEARNING_RATE = 0.01       # alpha_t = 0.01 * 0.01^((t - 1) / 2000), t = 1 ... 2000
PINN_LEARNING_RATE_DECAY = 0.01
PINN_ADAM_BETAS = (0.9, 0.999)
PINN_ADAM_EPSILON = 1e-8
PINN_LBFGS_ITERATIONS = 1000
PINN_LBFGS_MEMORY = 20
PINN_LBFGS_GRADIENT_TOLERANCE = 1e-12
PINN_LBFGS_CHANGE_TOLERANCE = 1e-14
PINN_ACCURACY = 0.01            # timed to the first step with |h / 25 - 1| <= 1 %
PINN_REPEATS = 3
PINN_UNIT = "run to |ĥ − h|/h ≤ 1 %"
PINN_SCHEDULE = "adam 2000 (lr 0.01 → 1e-4 exponential) + lbfgs 1000"

WORKLOADS = ["fin-sgd", "wide-minibatch", "fd-vs-backprop", "pinn"]


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


def pinn_problem():
    """The pinn workload's fixed numbers, computed with the Swift side's arithmetic
    (FinGeometry.pin, AnalyticFin.excessTemperature for the insulated tip,
    FinPINNLoss.init), so that they agree with it to the last bit or so:

    - positions x_i = 0.1 i / 9 [m], xi_i = x_i / L (i/9 up to rounding);
    - T_i = T_inf + theta_b e^(-m x) (1 + e^(-2 m (L - x))) / (1 + e^(-2 m L)), which is
      T_inf + theta_b cosh(m (L - x)) / cosh(mL), and phi_i = (T_i - T_inf) / theta_b;
    - N^2 / h = P L^2 / (k A_c) = 0.04 (to rounding);
    - the batch of 76 inputs u = 2 xi - 1: the 64 collocation points xi_j = j / 63, the
      10 readings, then xi = 0 (phi(0) = 1) and xi = 1 (the insulated tip, phi'(1) = 0).
    """
    perimeter = math.pi * PINN_DIAMETER
    area = math.pi * PINN_DIAMETER * PINN_DIAMETER / 4
    length = PINN_LENGTH
    theta_b = PINN_BASE - PINN_AMBIENT
    m = (PINN_TRUE_H * perimeter / (PINN_CONDUCTIVITY * area)) ** 0.5
    x = [0.1 * i / 9 for i in range(PINN_READINGS)]

    def temperature(position):
        position = min(position, length)
        a = math.exp(-m * position)
        b2 = math.exp(-2 * m * (length - position))
        return PINN_AMBIENT + theta_b * a * (1 + b2) / (1 + math.exp(-2 * m * length))

    data_positions = [v / length for v in x]
    data_values = [(temperature(v) - PINN_AMBIENT) / theta_b for v in x]
    collocation = [j / (PINN_COLLOCATION - 1) for j in range(PINN_COLLOCATION)]
    xi = collocation + data_positions + [0.0, 1.0]
    return {
        "collocation": np.array(collocation),
        "data_positions": np.array(data_positions),
        "data_values": np.array(data_values),
        "n_squared_per_h": perimeter * length * length / (PINN_CONDUCTIVITY * area),
        "xi": np.array(xi),
        "inputs": np.array([2 * v - 1 for v in xi]),
    }


def pinn_learning_rate(t):
    """Adam's alpha for update t = 1 ... PINN_ADAM_UPDATES (as FinPINN.swift computes it)."""
    return PINN_LEARNING_RATE * math.pow(PINN_LEARNING_RATE_DECAY,
                                         (t - 1) / PINN_ADAM_UPDATES)


def pinn_reached(h):
    """|h - 25| / 25 <= 1 %, written as BenchPINN.swift writes it."""
    return abs(h / PINN_TRUE_H - 1) <= PINN_ACCURACY


def pinn_cost_from_derivatives(phi, phi_xi, phi_xixi, s, problem):
    """C = w_d (1/10) sum_i (phi(xi_i) - phi_i)^2 + w_r (1/64) sum_j R_j^2 + w_b (B0^2 + B1^2),
    R_j = (phi_xixi - N^2 phi)(xi_j) / (1 + N^2), B0 = phi(0) - 1, B1 = phi_xi(1), N^2 = e^s N^2/h,
    from phi, d phi/d xi and d^2 phi/d xi^2 at the 76 points of the batch (NumPy arrays)."""
    w_d, w_r, w_b = PINN_WEIGHTS
    mc, m = PINN_COLLOCATION, PINN_READINGS
    n2 = math.exp(s) * problem["n_squared_per_h"]
    residual = (phi_xixi[:mc] - n2 * phi[:mc]) * (1 / (1 + n2))
    data = phi[mc:mc + m] - problem["data_values"]
    b0 = phi[mc + m] - 1
    b1 = phi_xi[mc + m + 1]
    return (w_d / m * float(np.sum(data * data)) + w_r / mc * float(np.sum(residual * residual))
            + w_b * (b0 * b0 + b1 * b1))


def pinn_cost_numpy(layers, s, problem):
    """The PINN cost at weights `layers` (a list of (W (out x in), b)) and s = ln h, with the
    network's input derivatives propagated forward by hand (no autodiff):
    z' = W a', z'' = W a''; a = tanh z, a' = (1 - a^2) z', a'' = -2 a (1 - a^2) z'^2 + (1 - a^2) z'';
    then phi_xi = 2 phi_u, phi_xixi = 4 phi_uu."""
    u = problem["inputs"].reshape(1, -1)           # 1 x n, samples as columns
    a, a1, a2 = u, np.ones_like(u), np.zeros_like(u)
    for k, (weight, bias) in enumerate(layers):
        z = weight @ a + bias.reshape(-1, 1)
        z1, z2 = weight @ a1, weight @ a2
        if k == len(layers) - 1:                   # identity output
            a, a1, a2 = z, z1, z2
        else:
            t = np.tanh(z)
            g1 = 1 - t * t
            a, a1, a2 = t, g1 * z1, -2 * t * g1 * z1 * z1 + g1 * z2
    return pinn_cost_from_derivatives(a[0], 2 * a1[0], 4 * a2[0], s, problem)


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


def pinn_result(implementation, seconds, total_seconds, steps, final_h, final_cost, threads,
                kernels):
    """The JSON object of pinn, with the keys `backprop bench pinn --json` prints: `seconds`
    are the times to the first step within 1 % of h, `total_seconds` the median whole
    schedule, `steps_to_1pct` (Adam updates, then L-BFGS iterations counted on) and `final_h`
    of the last repeat."""
    return {
        "workload": "pinn",
        "implementation": implementation,
        "repeats": len(seconds),
        "seconds": summary(seconds),
        "unit": PINN_UNIT,
        "final_J": final_cost,
        "final_h": final_h,
        "steps_to_1pct": steps,
        "total_seconds": statistics.median(total_seconds),
        "threads": threads,
        "kernels": kernels,
        "gflops": None,
        "schedule": PINN_SCHEDULE,
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
                        help="fewer repeats (the fin-sgd run still trains all 20 epochs; "
                             "pinn: 1 run instead of 3)")
    return parser.parse_args()
