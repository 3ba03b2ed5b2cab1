"""Baseline for bench_train.py: seed 001's XOR training loop in plain numpy (2-4-1 sigmoid, biases,
four samples, full batch, learning rate 0.1, 10,000 epochs), printing the loss every 1,000 epochs and
the final predictions, as `stepcalc train examples/xor.toml` does.
"""
import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def main(epochs=10_000, learning_rate=0.1):
    rng = np.random.default_rng(1)
    x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    y = np.array([[0], [1], [1], [0]], dtype=float)
    w_hidden, b_hidden = rng.standard_normal((2, 4)), np.zeros((1, 4))
    w_out, b_out = rng.standard_normal((4, 1)), np.zeros((1, 1))
    for epoch in range(epochs):
        hidden = sigmoid(x @ w_hidden + b_hidden)
        output = sigmoid(hidden @ w_out + b_out)
        delta_out = (y - output) * output * (1 - output)
        delta_hidden = (delta_out @ w_out.T) * hidden * (1 - hidden)
        w_out += hidden.T @ delta_out * learning_rate
        b_out += delta_out.sum(axis=0, keepdims=True) * learning_rate
        w_hidden += x.T @ delta_hidden * learning_rate
        b_hidden += delta_hidden.sum(axis=0, keepdims=True) * learning_rate
        if epoch % 1000 == 0:
            print(f"epoch {epoch}, loss {np.mean((y - output) ** 2)}")
    print(sigmoid(sigmoid(x @ w_hidden + b_hidden) @ w_out + b_out))


if __name__ == "__main__":
    main()
