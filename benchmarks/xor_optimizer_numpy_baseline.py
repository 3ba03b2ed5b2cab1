"""Baseline for bench_train_optimizers.py: seed 001's XOR loop in plain numpy (2-4-1 sigmoid, biases,
four samples, full batch, learning rate 0.1, 10,000 epochs) with torch.optim's Adam or RMSprop update
(defaults) in place of plain descent, printing the loss every 1,000 epochs and the final predictions.
Run: python benchmarks/xor_optimizer_numpy_baseline.py adam|rmsprop
"""
import sys

import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def main(optimizer, epochs=10_000, learning_rate=0.1, beta1=0.9, beta2=0.999, alpha=0.99, eps=1e-8):
    rng = np.random.default_rng(1)
    x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    y = np.array([[0], [1], [1], [0]], dtype=float)
    w_hidden, b_hidden = rng.standard_normal((2, 4)), np.zeros((1, 4))
    w_out, b_out = rng.standard_normal((4, 1)), np.zeros((1, 1))
    params = [w_hidden, b_hidden, w_out, b_out]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    for epoch in range(epochs):
        hidden = sigmoid(x @ w_hidden + b_hidden)
        output = sigmoid(hidden @ w_out + b_out)
        delta_out = (output - y) * output * (1 - output)  # ∂E/∂net of E = ½ Σ (y − t)²
        delta_hidden = (delta_out @ w_out.T) * hidden * (1 - hidden)
        grads = [x.T @ delta_hidden, delta_hidden.sum(axis=0, keepdims=True),
                 hidden.T @ delta_out, delta_out.sum(axis=0, keepdims=True)]
        t = epoch + 1
        for p, g, mk, vk in zip(params, grads, m, v):
            if optimizer == "adam":
                mk *= beta1
                mk += (1 - beta1) * g
                vk *= beta2
                vk += (1 - beta2) * g * g
                p -= learning_rate * (mk / (1 - beta1 ** t)) / (np.sqrt(vk / (1 - beta2 ** t)) + eps)
            else:
                vk *= alpha
                vk += (1 - alpha) * g * g
                p -= learning_rate * g / (np.sqrt(vk) + eps)
        if epoch % 1000 == 0:
            print(f"epoch {epoch}, loss {np.mean((y - output) ** 2)}")
    print(sigmoid(sigmoid(x @ w_hidden + b_hidden) @ w_out + b_out))


if __name__ == "__main__":
    main(sys.argv[1])
