"""The engine: a validated problem → a derivation, the ordered steps of backpropagation.

Each step is a formula tree (expr) and its value is that tree evaluated; calculus comes from sympy
(symbolic, behind the disk memo in derivatives). Nothing here knows an output format.
"""
