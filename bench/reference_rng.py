"""The project's seeded generator, written in plain Python ints so that every
Python implementation starts from the same weights and visits samples in the
same order as the Swift engine (Sources/Backprop/Random/SeededGenerator.swift: SplitMix64 seeding,
xoshiro256**, uniform, bounded, Xavier-uniform init, per-epoch shuffle).

All arithmetic is mod 2^64: every product and shift is masked with MASK.

Run `python3 bench/reference_rng.py` for the cross-language fixture printed in
bench/README.md.
"""

import math
import struct

MASK = (1 << 64) - 1
GOLDEN_GAMMA = 0x9E3779B97F4A7C15
DEFAULT_SEED = 42


def splitmix64(state):
    """One SplitMix64 step: returns (new_state, output)."""
    state = (state + GOLDEN_GAMMA) & MASK
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return state, z ^ (z >> 31)


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & MASK


class Xoshiro256StarStar:
    """xoshiro256** whose four state words are four successive SplitMix64
    outputs starting from state = seed."""

    def __init__(self, seed=DEFAULT_SEED):
        state = seed & MASK
        words = []
        for _ in range(4):
            state, out = splitmix64(state)
            words.append(out)
        self.s0, self.s1, self.s2, self.s3 = words

    def next(self):
        """result = rotl(s1 * 5, 7) * 9, then the xoshiro state transition."""
        result = (rotl((self.s1 * 5) & MASK, 7) * 9) & MASK
        t = (self.s1 << 17) & MASK
        self.s2 ^= self.s0
        self.s3 ^= self.s1
        self.s1 ^= self.s2
        self.s0 ^= self.s3
        self.s2 ^= t
        self.s3 = rotl(self.s3, 45)
        return result

    def uniform(self):
        """Double in [0, 1): (next() >> 11) * 2^-53 (exact in a Python float)."""
        return (self.next() >> 11) * (1.0 / (1 << 53))

    def bounded(self, n):
        """Integer in [0, n): the high 64 bits of the 128-bit product next() * n."""
        return (self.next() * n) >> 64


def to_float32(x):
    """Round a Python float (a Double) to the nearest Float and back."""
    return struct.unpack("<f", struct.pack("<f", x))[0]


def float32_text(x):
    """Shortest decimal that rounds back to the same Float (as Swift prints a Float)."""
    for digits in range(1, 10):
        text = f"{x:.{digits}g}"
        if to_float32(float(text)) == x:
            return text
    return repr(x)


def float32_bits(x):
    return struct.unpack("<I", struct.pack("<f", x))[0]


def xavier_uniform(sizes, seed=DEFAULT_SEED, float32=False):
    """Xavier/Glorot-uniform weights for an MLP with layer widths `sizes`
    (e.g. [1, 10, 10, 1]), one generator seeded with `seed` for all layers.

    Layer k (first hidden layer first) gets W_k of shape (out x in), filled
    row-major with w = -l + 2 l u, l = sqrt(6 / (in + out)), u = uniform().
    For Float the weight is computed in Double and then rounded to Float.
    Biases are zero.

    Returns a list of (weights, biases): weights a list of `out` rows of `in`
    Python floats, biases a list of `out` zeros.
    """
    rng = Xoshiro256StarStar(seed)
    layers = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        limit = math.sqrt(6.0 / (fan_in + fan_out))
        weights = []
        for _ in range(fan_out):
            row = []
            for _ in range(fan_in):
                w = -limit + 2.0 * limit * rng.uniform()
                row.append(to_float32(w) if float32 else w)
            weights.append(row)
        layers.append((weights, [0.0] * fan_out))
    return layers


def epoch_seed(seed, epoch):
    """Seed of the shuffle for epoch t = 0, 1, ...: seed + gamma * (t + 1) mod 2^64."""
    return (seed + GOLDEN_GAMMA * (epoch + 1)) & MASK


def epoch_order(n, epoch, seed=DEFAULT_SEED):
    """Order in which the n samples are visited in epoch `epoch`: Fisher-Yates
    from the identity with a fresh generator seeded by epoch_seed."""
    rng = Xoshiro256StarStar(epoch_seed(seed, epoch))
    order = list(range(n))
    for i in range(n - 1, 0, -1):
        j = rng.bounded(i + 1)
        order[i], order[j] = order[j], order[i]
    return order


def fixture(seed=DEFAULT_SEED):
    """The cross-language fixture (also in bench/README.md)."""
    rng = Xoshiro256StarStar(seed)
    nexts = [rng.next() for _ in range(5)]
    rng = Xoshiro256StarStar(seed)
    uniforms = [rng.uniform() for _ in range(3)]
    rng = Xoshiro256StarStar(seed)
    bounded = [rng.bounded(1000) for _ in range(5)]
    order = epoch_order(1000, 0, seed)[:10]
    fin = xavier_uniform([1, 10, 10, 1], seed)
    wide = xavier_uniform([64, 512, 512, 1], seed, float32=True)
    return {
        "next": nexts,
        "uniform": uniforms,
        "bounded_1000": bounded,
        "epoch0_order_n1000_first10": order,
        "epoch1_order_n1000_first10": epoch_order(1000, 1, seed)[:10],
        "fin_W1_first3": [fin[0][0][i][0] for i in range(3)],
        "fin_W3": fin[2][0][0][:3],
        "wide_W1_row0_first3_float": wide[0][0][0][:3],
    }


def main():
    f = fixture()
    print("seed 42")
    print("first 5 next():")
    for v in f["next"]:
        print(f"  {v}  (0x{v:016X})")
    print("first 3 uniform():")
    for v in f["uniform"]:
        print(f"  {v!r}")
    print("first 5 bounded(1000):", f["bounded_1000"])
    print("epoch 0 order (n = 1000), first 10:", f["epoch0_order_n1000_first10"])
    print("epoch 1 order (n = 1000), first 10:", f["epoch1_order_n1000_first10"])
    print("fin-sgd Xavier W1[0..2][0] (1 -> 10 -> 10 -> 1, Double):",
          [repr(v) for v in f["fin_W1_first3"]])
    print("fin-sgd Xavier W3[0][0..2]:", [repr(v) for v in f["fin_W3"]])
    print("wide-minibatch Xavier W1[0][0..2] (Float):",
          [f"{float32_text(v)} (0x{float32_bits(v):08X})" for v in f["wide_W1_row0_first3_float"]])


if __name__ == "__main__":
    main()
