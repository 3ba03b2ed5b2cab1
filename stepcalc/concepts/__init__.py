"""The concepts of backpropagation, one object each: activations, losses, layer kinds, update rules.

Each object owns everything about itself (its symbolic form, numeric forms, display names, valid
ranges and any special rule), so callers ask the object instead of comparing names. Importing a
concept does not import sympy: symbolic forms are built from a namespace that `stepcalc.engine.symbolic`
passes in when a derivative is first needed.
"""
