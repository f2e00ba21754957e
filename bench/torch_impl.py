"""PyTorch, the independent oracle: nn.Linear layers whose weights are copied
from our Xavier init, the cost J = 1/2 mean over samples of sum over outputs of
(yHat - y)^2, torch.optim.SGD, and the same visiting order every epoch.
nn.Linear stores its weight as (out x in), the lecture's W_k, so it is copied as is.

fd-vs-backprop times autograd (1 forward + backward) against forward
differences (1 + P forward passes under no_grad).

pinn trains the fin's physics-informed network phi(u) and s = ln h together:
phi_u and phi_uu by torch.autograd.grad(..., create_graph=True), the cost's
gradient by backward through both; torch.optim.Adam for 2000 updates with the
learning rate set before every update, then torch.optim.LBFGS (strong Wolfe)
for 1000 iterations.

Usage: python torch_impl.py {fin-sgd,wide-minibatch,fd-vs-backprop,pinn} [--quick]
"""

import math
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


class PINNCost:
    """C(weights, s) of the pinn workload on the 76-point batch, and its gradient in .grad.

    Evaluations are cached by the parameters' values, so that torch.optim.LBFGS, stepped one
    iteration per step() call, does not re-evaluate the point its last line search ended on
    (step() starts by calling the closure there)."""

    def __init__(self, model, s, problem):
        self.model, self.s = model, s
        self.parameters = list(model.parameters()) + [s]
        self.problem = problem
        self.inputs = torch.from_numpy(problem["inputs"]).reshape(-1, 1).requires_grad_(True)
        self.values = torch.from_numpy(problem["data_values"]).reshape(-1, 1)
        self.cache = {}

    def __call__(self):
        """C at the current parameters, with d C / d parameter left in each .grad."""
        w_d, w_r, w_b = wl.PINN_WEIGHTS
        mc, m = wl.PINN_COLLOCATION, wl.PINN_READINGS
        u = self.inputs
        phi = self.model(u)
        # Every output row depends on its own input row only, so the gradient of the sum
        # is each point's d phi / d u.
        (phi_u,) = torch.autograd.grad(phi.sum(), u, create_graph=True)
        (phi_uu,) = torch.autograd.grad(phi_u.sum(), u, create_graph=True)
        phi_xi, phi_xixi = 2 * phi_u, 4 * phi_uu
        n2 = torch.exp(self.s) * self.problem["n_squared_per_h"]
        residual = (phi_xixi[:mc] - n2 * phi[:mc]) * (1 / (1 + n2))
        data = phi[mc:mc + m] - self.values
        b0 = phi[mc + m, 0] - 1
        b1 = phi_xi[mc + m + 1, 0]
        cost = (w_d / m * (data * data).sum() + w_r / mc * (residual * residual).sum()
                + w_b * (b0 * b0 + b1 * b1))
        for p in self.parameters:
            p.grad = None
        cost.backward(inputs=self.parameters)
        return cost

    def key(self):
        with torch.no_grad():
            return torch.cat([p.reshape(-1) for p in self.parameters]).numpy().tobytes()

    def cached(self):
        """The closure for LBFGS: C (a float tensor) and .grad, from the cache when this point
        has been evaluated in the current or the last iteration."""
        key = self.key()
        hit = self.cache.get(key)
        if hit is not None:
            cost, gradients = hit
            for p, g in zip(self.parameters, gradients):
                p.grad = g
            return cost
        cost = self().detach()
        self.cache[key] = (cost, [p.grad for p in self.parameters])
        return cost

    def keep_current(self):
        """Forget every cached point but the current one; return its cost (or None)."""
        key = self.key()
        hit = self.cache.get(key)
        self.cache = {} if hit is None else {key: hit}
        return None if hit is None else float(hit[0])


def pinn_model(layers):
    """phi(u): 1 -> 20 -> 20 -> 1, tanh, from the Xavier weights `layers` (drawn once)."""
    modules = []
    for k, (weight, bias) in enumerate(layers):
        linear = nn.Linear(weight.shape[1], weight.shape[0], dtype=torch.float64)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(weight))
            linear.bias.copy_(torch.from_numpy(bias))
        modules.append(linear)
        if k < len(layers) - 1:
            modules.append(nn.Tanh())
    return nn.Sequential(*modules)


def check_initial_cost(layers, problem):
    """torch's C at the Xavier weights and h = 10 against pinn_cost_numpy (hand-written
    forward-mode derivatives, no autodiff), on stderr; stops on a mismatch."""
    s0 = math.log(wl.PINN_INITIAL_H)
    model = pinn_model(layers)
    s = nn.Parameter(torch.tensor(s0, dtype=torch.float64))
    autograd_cost = PINNCost(model, s, problem)().item()
    numpy_cost = float(wl.pinn_cost_numpy(layers, s0, problem))
    relative = abs(autograd_cost - numpy_cost) / abs(numpy_cost)
    wl.note(f"torch pinn: initial cost C(Xavier seed 42, h = {wl.PINN_INITIAL_H:g}) = "
            f"{autograd_cost!r} (autograd), {numpy_cost!r} (numpy, by hand): "
            f"relative difference {relative:.1e}")
    if relative > 1e-12:
        raise SystemExit(f"torch pinn: autograd and the hand-written cost disagree at the "
                         f"initial weights: {autograd_cost!r} vs {numpy_cost!r}")


def pinn_run(layers, problem):
    """One run of the schedule. Returns (seconds to 1 %, steps to 1 %, whole seconds, h, C).

    The clock starts after the setup (weights drawn, model and optimizers built), before
    the first cost evaluation, as BenchPINN.swift starts it before `train`."""
    model = pinn_model(layers)
    s = nn.Parameter(torch.tensor(math.log(wl.PINN_INITIAL_H), dtype=torch.float64))
    cost = PINNCost(model, s, problem)
    adam = torch.optim.Adam(cost.parameters, lr=wl.PINN_LEARNING_RATE,
                            betas=wl.PINN_ADAM_BETAS, eps=wl.PINN_ADAM_EPSILON, weight_decay=0)
    # One L-BFGS iteration per step() call (max_iter=1) so that h can be checked after
    # every iteration; its state (memory, direction, step) persists across calls, so 1000
    # calls are 1000 iterations of one run. max_eval=41: each line search may evaluate C up
    # to 40 times, as the Swift side halves its step at most 40 times.
    lbfgs = torch.optim.LBFGS(cost.parameters, lr=1, max_iter=1, max_eval=41,
                              tolerance_grad=wl.PINN_LBFGS_GRADIENT_TOLERANCE,
                              tolerance_change=wl.PINN_LBFGS_CHANGE_TOLERANCE,
                              history_size=wl.PINN_LBFGS_MEMORY, line_search_fn="strong_wolfe")
    state = lbfgs.state[cost.parameters[0]]
    reached = None
    start = time.perf_counter()
    for t in range(1, wl.PINN_ADAM_UPDATES + 1):
        cost()
        for group in adam.param_groups:
            group["lr"] = wl.pinn_learning_rate(t)
        adam.step()
        if reached is None and wl.pinn_reached(math.exp(s.item())):
            reached = (t, time.perf_counter() - start)
    stopped = None
    for iteration in range(1, wl.PINN_LBFGS_ITERATIONS + 1):
        iterations, evaluations = state.get("n_iter", 0), state.get("func_evals", 0)
        lbfgs.step(cost.cached)
        new_cost = cost.keep_current()
        if state["n_iter"] == iterations:
            stopped = "gradient below tolerance_grad"
            break
        if reached is None and wl.pinn_reached(math.exp(s.item())):
            reached = (wl.PINN_ADAM_UPDATES + iteration, time.perf_counter() - start)
        # The checks that end one step(max_iter=1000) call (torch/optim/lbfgs.py).
        tolerance = wl.PINN_LBFGS_CHANGE_TOLERANCE
        if state["func_evals"] - evaluations == 1:
            stopped = "directional derivative above -tolerance_change"
            break
        if float(state["d"].mul(state["t"]).abs().max()) <= tolerance:
            stopped = "step below tolerance_change"
            break
        if new_cost is not None and abs(new_cost - state["prev_loss"]) < tolerance:
            stopped = "cost change below tolerance_change"
            break
    total = time.perf_counter() - start
    if stopped:
        wl.note(f"torch pinn: L-BFGS stopped after {state['n_iter']} iterations: {stopped}")
    final_cost = cost().item()
    steps, seconds = reached if reached else (-1, math.inf)
    return seconds, steps, total, math.exp(s.item()), final_cost


def pinn(quick):
    problem = wl.pinn_problem()
    layers = wl.initial_parameters(wl.PINN_SIZES)
    check_initial_cost(layers, problem)
    repeats = 1 if quick else wl.PINN_REPEATS
    to_accuracy, totals = [], []
    for _ in range(repeats):
        seconds, steps, total, final_h, final_cost = pinn_run(layers, problem)
        wl.note(f"torch pinn: within 1 % after {steps} steps, {seconds:.4g} s; whole schedule "
                f"{total:.4g} s, h = {final_h!r}, C = {final_cost:.6g}")
        to_accuracy.append(seconds)
        totals.append(total)
    return wl.pinn_result("torch", to_accuracy, totals, steps, final_h, final_cost,
                          torch.get_num_threads(),
                          torch.backends.cpu.get_cpu_capability().lower())


def main():
    arguments = wl.parse_arguments("torch")
    run = {"fin-sgd": fin_sgd, "wide-minibatch": wide_minibatch,
           "fd-vs-backprop": fd_vs_backprop, "pinn": pinn}[arguments.workload]
    wl.emit(run(arguments.quick))


if __name__ == "__main__":
    main()
