"""scikit-learn's MLPRegressor on fin-sgd: solver='sgd', batch_size=1,
learning_rate_init=0.1, momentum=0, alpha=0, logistic hidden layers (10, 10),
identity output. Its loss is 1/2 mean squared error, our J.

Same start and order as the other implementations:
- one partial_fit on a single sample creates the estimator's state (layers,
  optimizer); then coefs_ / intercepts_ are overwritten in place with our Xavier
  weights (sklearn stores W_k^T, (in x out)) and zero biases. With momentum 0 the
  optimizer keeps no memory of that first call (velocity = 0 * v - lr * g).
- shuffle=False, and each epoch is one partial_fit call on the samples already
  put in our epoch-t order, so sklearn visits them in exactly that order.

Usage: python sklearn_impl.py fin-sgd [--quick]
"""

import time
import warnings

import numpy as np
from sklearn.neural_network import MLPRegressor

import workloads as wl


def regressor():
    return MLPRegressor(
        hidden_layer_sizes=tuple(wl.FIN_SIZES[1:-1]),
        activation="logistic",
        solver="sgd",
        alpha=0.0,
        batch_size=1,
        learning_rate="constant",
        learning_rate_init=wl.FIN_LEARNING_RATE,
        momentum=0.0,
        shuffle=False,
        random_state=0,
    )


def set_initial_parameters(model, layers):
    """Overwrite sklearn's own init with ours: coefs_[k] = W_k^T, intercepts_[k] = b_k."""
    for k, (weight, bias) in enumerate(layers):
        if model.coefs_[k].shape != weight.T.shape:
            raise SystemExit(f"sklearn layer {k} has shape {model.coefs_[k].shape}, "
                             f"expected {weight.T.shape}")
        model.coefs_[k][...] = weight.T
        model.intercepts_[k][...] = bias


def fin_sgd(quick):
    x, y = wl.fin_data()
    inputs = x.reshape(-1, 1)
    orders = wl.fin_orders()
    model = regressor()
    model.partial_fit(inputs[:1], y[:1])
    set_initial_parameters(model, wl.initial_parameters(wl.FIN_SIZES, np.float64))
    seconds = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for order in orders:
            start = time.perf_counter()
            model.partial_fit(inputs[order], y[order])
            seconds.append(time.perf_counter() - start)
    e = model.predict(inputs) - y
    return wl.epoch_result("fin-sgd", "sklearn", seconds, float(0.5 * np.mean(e * e)))


def main():
    arguments = wl.parse_arguments("sklearn", workloads=["fin-sgd"])
    wl.emit(fin_sgd(arguments.quick))


if __name__ == "__main__":
    main()
