"""stepcalc: the complete hand-worked solution of backpropagation on small neural networks."""

__version__ = "0.1.0"
