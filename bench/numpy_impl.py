"""Hand-written NumPy, the lecture's way: per-sample forward and backward with
np.dot and np.outer (fin-sgd, fd-vs-backprop, float64), and the same
equations vectorised over a mini-batch (wide-minibatch, float32).

    forward:  a_0 = x, z_k = W_k a_(k-1) + b_k, a_k = g(z_k), yHat = a_L
    cost:     e = yHat - y, J = 1/2 |e|^2
    backward: delta_k = g'(z_k) * e_k, dJ/dW_k = delta_k a_(k-1)^T, dJ/db_k = delta_k,
              e_(k-1) = W_k^T delta_k
    update:   w <- w - alpha dJ/dw (after the whole gradient is known)

Usage: python numpy_impl.py {fin-sgd,wide-minibatch,fd-vs-backprop} [--quick]
"""

import time

import numpy as np

import workloads as wl


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


# ---------------------------------------------------------------- one sample

def forward(layers, x):
    """a[0] = x ... a[L] = yHat; sigmoid hidden layers, identity output."""
    a = [x]
    last = len(layers) - 1
    for k, (weight, bias) in enumerate(layers):
        z = np.dot(weight, a[-1]) + bias
        a.append(z if k == last else sigmoid(z))
    return a


def cost(layers, x, y):
    e = forward(layers, x)[-1] - y
    return 0.5 * np.dot(e, e)


def backward(layers, a, y):
    """The gradient [(dJ/dW_k, dJ/db_k)] for J = 1/2 |a_L - y|^2, first layer first."""
    e = a[-1] - y
    last = len(layers) - 1
    gradient = [None] * len(layers)
    for k in range(last, -1, -1):
        weight, _ = layers[k]
        # delta_k = g'(z_k) * e_k; sigmoid' = a (1 - a), identity' = 1
        delta = e if k == last else a[k + 1] * (1.0 - a[k + 1]) * e
        gradient[k] = (np.outer(delta, a[k]), delta)
        # e_(k-1) = W_k^T delta_k
        e = np.dot(weight.T, delta)
    return gradient


def sgd_step(layers, x, y, rate):
    gradient = backward(layers, forward(layers, x), y)
    for (weight, bias), (weight_gradient, bias_gradient) in zip(layers, gradient):
        weight -= rate * weight_gradient
        bias -= rate * bias_gradient


def batch_cost(layers, x, y):
    """J = mean over samples of 1/2 |yHat - y|^2, forward on the whole set (rows = samples)."""
    a = x
    last = len(layers) - 1
    for k, (weight, bias) in enumerate(layers):
        z = a @ weight.T + bias
        a = z if k == last else sigmoid(z)
    e = (a - y).astype(np.float64)
    return float(0.5 * np.mean(np.sum(e * e, axis=1)))


# ---------------------------------------------------------------- workloads

def fin_sgd(quick):
    x, y = wl.fin_data()
    inputs, targets = x.reshape(-1, 1), y.reshape(-1, 1)
    orders = wl.fin_orders()
    layers = wl.initial_parameters(wl.FIN_SIZES, np.float64)
    seconds = []
    for order in orders:
        start = time.perf_counter()
        for i in order.tolist():
            sgd_step(layers, inputs[i], targets[i], wl.FIN_LEARNING_RATE)
        seconds.append(time.perf_counter() - start)
    return wl.epoch_result("fin-sgd", "numpy", seconds, batch_cost(layers, inputs, targets))


def tanh_derivative_from_output(a):
    return 1.0 - a * a


def wide_epoch(layers, x, y, batch, rate):
    """One epoch of mini-batch SGD in order; rows are samples, so z = a W^T + b."""
    (w1, b1), (w2, b2), (w3, b3) = layers
    n = x.shape[0]
    for start in range(0, n, batch):
        a0 = x[start:start + batch]
        target = y[start:start + batch]
        count = a0.shape[0]
        a1 = np.tanh(a0 @ w1.T + b1)
        a2 = np.tanh(a1 @ w2.T + b2)
        y_hat = a2 @ w3.T + b3
        # the gradient of the batch mean: delta_3 = (yHat - y) / batch
        d3 = (y_hat - target) / count
        d2 = tanh_derivative_from_output(a2) * (d3 @ w3)
        d1 = tanh_derivative_from_output(a1) * (d2 @ w2)
        w3 -= rate * (d3.T @ a2)
        b3 -= rate * d3.sum(axis=0)
        w2 -= rate * (d2.T @ a1)
        b2 -= rate * d2.sum(axis=0)
        w1 -= rate * (d1.T @ a0)
        b1 -= rate * d1.sum(axis=0)


def wide_cost(layers, x, y):
    (w1, b1), (w2, b2), (w3, b3) = layers
    a2 = np.tanh(np.tanh(x @ w1.T + b1) @ w2.T + b2)
    e = (a2 @ w3.T + b3 - y).astype(np.float64)
    return float(0.5 * np.mean(np.sum(e * e, axis=1)))


def wide_minibatch(quick):
    x, y = wl.wide_data()
    targets = y.reshape(-1, 1)
    repeats = 1 if quick else 3
    seconds, final_cost = [], None
    for _ in range(repeats):
        layers = wl.initial_parameters(wl.WIDE_SIZES, np.float32)
        start = time.perf_counter()
        wide_epoch(layers, x, targets, wl.WIDE_BATCH, np.float32(wl.WIDE_LEARNING_RATE))
        seconds.append(time.perf_counter() - start)
        final_cost = wide_cost(layers, x, targets)
    gflops = wl.wide_flops() / wl.summary(seconds)["median"] / 1e9
    return wl.epoch_result("wide-minibatch", "numpy", seconds, final_cost, gflops)


def fd_gradient(layers, x, y):
    """Forward differences: dJ/dw_i ~ (J(w + h_i e_i) - J(w)) / h_i, 1 + P forward passes."""
    base = cost(layers, x, y)
    gradient = []
    for parameter in (p for layer in layers for p in layer):
        flat = parameter.reshape(-1)  # a view: writing it perturbs the layer
        for i in range(flat.size):
            saved = flat[i]
            h = wl.FD_SQRT_EPS * max(1.0, abs(saved))
            flat[i] = saved + h
            gradient.append((cost(layers, x, y) - base) / h)
            flat[i] = saved
    return np.array(gradient)


def backprop_gradient(layers, x, y):
    return backward(layers, forward(layers, x), y)


def flatten(gradient):
    return np.concatenate([g.ravel() for pair in gradient for g in pair])


def fd_vs_backprop(quick):
    x, y = np.array([wl.FD_X]), np.array([wl.FD_Y])
    target = 0.05 if quick else 0.5
    rows = []
    for width in wl.FD_WIDTHS:
        layers = wl.initial_parameters(wl.fd_sizes(width), np.float64)
        wl.check_gradients(width, fd_gradient(layers, x, y),
                           flatten(backprop_gradient(layers, x, y)), "numpy")
        fd_seconds = wl.seconds_per_call(lambda: fd_gradient(layers, x, y), target, 3)
        backprop_seconds = wl.seconds_per_call(lambda: backprop_gradient(layers, x, y), target)
        forward_seconds = wl.seconds_per_call(lambda: cost(layers, x, y), target)
        rows.append(wl.fd_row(width, fd_seconds, backprop_seconds, forward_seconds))
    return wl.fd_result("numpy", rows)


def main():
    arguments = wl.parse_arguments("numpy", workloads=["fin-sgd", "wide-minibatch", "fd-vs-backprop"])
    run = {"fin-sgd": fin_sgd, "wide-minibatch": wide_minibatch,
           "fd-vs-backprop": fd_vs_backprop}[arguments.workload]
    wl.emit(run(arguments.quick))


if __name__ == "__main__":
    main()
