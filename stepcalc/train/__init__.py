"""The numeric training path: numpy, vectorised, no sympy; held equal to the engine by the tests."""
