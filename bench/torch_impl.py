"""PyTorch, the independent oracle: nn.Linear layers whose weights are copied
from our Xavier init, the cost J = 1/2 mean over samples of sum over outputs of
(yHat - y)^2, torch.optim.SGD, and the same visiting order every epoch.
nn.Linear stores its weight as (out x in), the lecture's W_k, so it is copied as is.

fd-vs-backprop times autograd (1 forward + backward) against forward
differences (1 + P forward passes under no_grad).

Usage: python torch_impl.py {fin-sgd,wide-minibatch,fd-vs-backprop} [--quick]
"""

import time

import numpy as np
import torch
from torch import nn

import workloads as wl


def network(sizes, hidden_activation, dtype):
    """Linear -> g -> Linear -> g -> ... -> Linear, weights from initial_parameters."""
    numpy_dtype = np.float64 if dtype == torch.float64 else np.float32
    modules = []
    layers = wl.initial_parameters(sizes, numpy_dtype)
    for k, (weight, bias) in enumerate(layers):
        linear = nn.Linear(weight.shape[1], weight.shape[0], dtype=dtype)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(weight))
            linear.bias.copy_(torch.from_numpy(bias))
        modules.append(linear)
        if k < len(layers) - 1:
            modules.append(hidden_activation())
    return nn.Sequential(*modules)


def cost(y_hat, y):
    """J = mean over samples of 1/2 |yHat - y|^2 (rows are samples)."""
    return 0.5 * ((y_hat - y) ** 2).sum(dim=1).mean()


def final_cost(model, x, y):
    with torch.no_grad():
        e = (model(x) - y).double()
        return float(0.5 * (e * e).sum(dim=1).mean())


def fin_sgd(quick):
    x, y = wl.fin_data()
    inputs = torch.from_numpy(x).reshape(-1, 1)
    targets = torch.from_numpy(y).reshape(-1, 1)
    orders = [order.tolist() for order in wl.fin_orders()]
    model = network(wl.FIN_SIZES, nn.Sigmoid, torch.float64)
    optimizer = torch.optim.SGD(model.parameters(), lr=wl.FIN_LEARNING_RATE)
    seconds = []
    for order in orders:
        start = time.perf_counter()
        for i in order:
            optimizer.zero_grad()
            cost(model(inputs[i:i + 1]), targets[i:i + 1]).backward()
            optimizer.step()
        seconds.append(time.perf_counter() - start)
    return wl.epoch_result("fin-sgd", "torch", seconds, final_cost(model, inputs, targets))


def wide_minibatch(quick):
    x, y = wl.wide_data()
    inputs = torch.from_numpy(x)
    targets = torch.from_numpy(y).reshape(-1, 1)
    repeats = 1 if quick else 3
    seconds, final = [], None
    for _ in range(repeats):
        model = network(wl.WIDE_SIZES, nn.Tanh, torch.float32)
        optimizer = torch.optim.SGD(model.parameters(), lr=wl.WIDE_LEARNING_RATE)
        start = time.perf_counter()
        for first in range(0, wl.WIDE_SAMPLES, wl.WIDE_BATCH):
            optimizer.zero_grad()
            batch = slice(first, first + wl.WIDE_BATCH)
            cost(model(inputs[batch]), targets[batch]).backward()
            optimizer.step()
        seconds.append(time.perf_counter() - start)
        final = final_cost(model, inputs, targets)
    gflops = wl.wide_flops() / wl.summary(seconds)["median"] / 1e9
    return wl.epoch_result("wide-minibatch", "torch", seconds, final, gflops)


def fd_gradient(model, x, y):
    """Forward differences: dJ/dw_i ~ (J(w + h_i e_i) - J(w)) / h_i, 1 + P forward passes."""
    with torch.no_grad():
        base = cost(model(x), y).item()
        gradient = []
        for parameter in model.parameters():
            flat = parameter.view(-1)
            for i in range(flat.numel()):
                saved = flat[i].item()
                h = wl.FD_SQRT_EPS * max(1.0, abs(saved))
                flat[i] = saved + h
                gradient.append((cost(model(x), y).item() - base) / h)
                flat[i] = saved
    return gradient


def backprop_gradient(model, x, y):
    """1 forward + 1 backward through autograd; the gradient lands in .grad."""
    model.zero_grad()
    cost(model(x), y).backward()


def forward_cost(model, x, y):
    with torch.no_grad():
        return cost(model(x), y).item()


def fd_vs_backprop(quick):
    x = torch.tensor([[wl.FD_X]], dtype=torch.float64)
    y = torch.tensor([[wl.FD_Y]], dtype=torch.float64)
    target = 0.05 if quick else 0.5
    rows = []
    for width in wl.FD_WIDTHS:
        model = network(wl.fd_sizes(width), nn.Sigmoid, torch.float64)
        backprop_gradient(model, x, y)
        autograd = np.concatenate([p.grad.numpy().ravel() for p in model.parameters()])
        wl.check_gradients(width, fd_gradient(model, x, y), autograd, "torch")
        fd_seconds = wl.seconds_per_call(lambda: fd_gradient(model, x, y), target, 3)
        backprop_seconds = wl.seconds_per_call(lambda: backprop_gradient(model, x, y), target)
        forward_seconds = wl.seconds_per_call(lambda: forward_cost(model, x, y), target)
        rows.append(wl.fd_row(width, fd_seconds, backprop_seconds, forward_seconds))
    return wl.fd_result("torch", rows)


def main():
    arguments = wl.parse_arguments("torch")
    run = {"fin-sgd": fin_sgd, "wide-minibatch": wide_minibatch,
           "fd-vs-backprop": fd_vs_backprop}[arguments.workload]
    wl.emit(run(arguments.quick))


if __name__ == "__main__":
    main()
