"""A training run's later passes replayed: every value, without building the steps again.

A carried run needs the numbers of every pass but writes out only its first updates. The steps that
`derive` (and `batch_update`) build for the first pass of each shape (a sample, or a batch, with the
parameters it starts from) are compiled once into a Python function of the pass's given values:
each step's formula in order, evaluated as `expr.evaluate` evaluates it and rounded as
`Rounding.carry` rounds it, with no Step objects, no ids and no substitution.

Exact values are held as `Decimal` (an exact decimal: far cheaper than `Fraction`) in a context
that never rounds, as a `Fraction` where a quotient has no finite decimal form, and as a `float`
after a transcendental function. Whatever the fast paths do not cover (a float operand, a quotient,
a function call) goes to `expr.evaluate` itself on the same values, so both paths agree to the bit.
A pass that fails (overflow, ln 0) is worked again in full, which raises the engine's own error.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
from decimal import (MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal,
                     DivisionByZero, InvalidOperation, Overflow, localcontext)
from fractions import Fraction
from typing import Callable, Iterator, Union

from stepcalc.concepts.functions import NUMERIC_FUNCTIONS
from stepcalc.engine import expr as ex
from stepcalc.engine.derive import Derivation, batch_inputs, batch_update, derive, initial_parameters
from stepcalc.engine.numbers import DECIMAL_RULES, Rounding, Value, quantum, rounded, terminating_places
from stepcalc.engine.schedule import schedule
from stepcalc.problem.validate import Problem

# A replayed value: an exact decimal, an exact fraction with no finite decimal form, or a float.
Replayed = Union[Decimal, Fraction, float]

# Sums, products and quantizing never round in this context: its precision is unbounded in practice.
_EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN, traps=[InvalidOperation, DivisionByZero, Overflow])
_ZERO = Decimal(0)
_ONE = Decimal(1)
_D = Decimal


class NotReplayable(Exception):
    """A derivation whose steps cannot be compiled into a replay (the run is worked in full)."""


def to_replayed(value: Value | int) -> Replayed:
    """A value as the replay holds it: a Fraction with a finite decimal form as that Decimal."""
    if type(value) is float or type(value) is Decimal:
        return value
    f = value if isinstance(value, Fraction) else Fraction(value)
    n, d = f.numerator, f.denominator
    if d == 1:
        return _D(n)
    places = terminating_places(f)
    if places is None:
        return f
    return _D(n * (10 ** places // d)).scaleb(-places, _EXACT)


def to_value(value: Replayed) -> Value:
    """A replayed value as the engine holds it (Fraction or float)."""
    return Fraction(value) if type(value) is Decimal else value


# --- evaluation: fast paths for exact decimals, `expr.evaluate` for everything else ----------------
_NODES: dict[tuple[str, int], ex.Expr] = {}


def _node(op: str, n: int) -> ex.Expr:
    node = _NODES.get((op, n))
    if node is None:
        syms = tuple(ex.Sym(str(k), "") for k in range(n))
        if op == "add":
            node = ex.Add(syms)
        elif op == "mul":
            node = ex.Mul(syms)
        elif op == "neg":
            node = ex.Neg(syms[0])
        elif op == "div":
            node = ex.Div(syms[0], syms[1])
        elif op == "pow":
            node = ex.Pow(syms[0], syms[1])
        else:
            raise ValueError(op)
        _NODES[(op, n)] = node
    return node


def _by_evaluate(op: str, args: tuple) -> Replayed:
    values = {str(k): to_value(a) for k, a in enumerate(args)}
    return to_replayed(ex.evaluate(_node(op, len(args)), values))


def _add(*terms: Replayed) -> Replayed:
    for t in terms:
        if type(t) is not _D:
            return _by_evaluate("add", terms)
    return sum(terms, _ZERO)


def _mul(*factors: Replayed) -> Replayed:
    for f in factors:
        if type(f) is not _D:
            return _by_evaluate("mul", factors)
    return math.prod(factors, start=_ONE)


def _neg(a: Replayed) -> Replayed:
    if type(a) is _D:
        return -a if a else _ZERO
    return _by_evaluate("neg", (a,))


def _div(n: Replayed, d: Replayed) -> Replayed:
    return _by_evaluate("div", (n, d))


def _pow(b: Replayed, e: Replayed) -> Replayed:
    return _by_evaluate("pow", (b, e))


def _power(b: Replayed, k: int) -> Replayed:
    """b ** k for a constant whole k ≥ 0."""
    if type(b) is _D:
        result = _ONE
        for _ in range(k):
            result = result * b
        return result
    return _by_evaluate("pow", (b, _D(k)))


def _call(function: Callable[..., Value], *args: Replayed) -> Replayed:
    """A named function on its arguments as `expr.evaluate` passes them (exact ones as Fraction)."""
    result = function(*[Fraction(a) if type(a) is _D else a for a in args])
    if type(result) is float:
        return result + 0.0  # never −0.0
    return to_replayed(ex._value(result))


def _step_function(places: int, rule: str, carry: bool) -> Callable[[Replayed], Replayed]:
    """What `_Builder.add` does with a formula's value: refuse a value beyond a float's range, then
    (carry mode) round it to the kind's decimals by the rule."""
    unit = quantum(places)
    mode = DECIMAL_RULES[rule]

    def step(value: Replayed) -> Replayed:
        kind = type(value)
        if kind is _D:
            if value.adjusted() > 300 and not math.isfinite(float(value)):
                raise OverflowError
            return value.quantize(unit, mode) if carry else value
        if kind is float:
            if not math.isfinite(value):
                raise OverflowError
            # the float rounded as the shortest decimal that names it, as numbers.exact reads it
            return _D(repr(value)).quantize(unit, mode) if carry else value
        if not math.isfinite(value):  # a Fraction beyond a float's range raises OverflowError here
            raise OverflowError
        return to_replayed(rounded(value, places, rule)) if carry else value

    return step


@dataclass(frozen=True)
class _Ref:
    """Where a carried value comes from: a key of the derivation, plus a whole number (t + 1)."""

    key: str
    plus: int = 0

    def __add__(self, other: int) -> "_Ref":
        return _Ref(self.key, self.plus + other)


class Program:
    """One derivation's steps compiled: given values in, every step's value out, in order, and the
    parameters and update-rule state the next update starts from."""

    def __init__(self, d: Derivation, overridden: frozenset[str]) -> None:
        step_ids = {s.id for s in d.steps}
        self.inputs: list[str] = []
        index: dict[str, int] = {}
        produced: dict[str, int] = {}
        namespace: dict[str, object] = {"_add": _add, "_mul": _mul, "_neg": _neg, "_div": _div, "_pow": _pow,
                                        "_power": _power, "_call": _call, "_D": _D, "_ZERO": _ZERO, "_ONE": _ONE}
        constants: dict[Fraction, str] = {}

        def read(key: str) -> str:
            if key in produced:
                return f"s{produced[key]}"
            if key in step_ids:  # a given value that a later step replaces: not one value per pass
                raise NotReplayable(key)
            if key not in index:
                index[key] = len(self.inputs)
                self.inputs.append(key)
            return f"i{index[key]}"

        def constant(value: Fraction) -> str:
            if value not in constants:
                constants[value] = f"c{len(constants)}"
                namespace[constants[value]] = to_replayed(value)
            return constants[value]

        lines: list[str] = []
        exact_names: set[str] = set()  # constants known to be Decimal: no type test needed

        def temp(expression: str) -> str:
            name = f"t{len(lines)}"
            lines.append(f"    {name} = {expression}")
            return name

        def decimal_test(names: list[str]) -> str:
            tests = [f"type({n}) is _D" for n in names if n not in exact_names]
            return " and ".join(tests) if tests else "True"

        def code(node: ex.Expr) -> str:
            """The name holding `node`'s value, after the lines that compute it: an inline fast path
            when every operand is an exact decimal, else the helper that hands it to `expr.evaluate`."""
            if isinstance(node, ex.Sym):
                return read(node.key)
            if isinstance(node, ex.Num):
                name = constant(node.value)
                if type(namespace[name]) is _D:
                    exact_names.add(name)
                return name
            if isinstance(node, (ex.Add, ex.Mul)):
                names = [code(t) for t in (node.terms if isinstance(node, ex.Add) else node.factors)]
                op, helper = (" + ", "_add") if isinstance(node, ex.Add) else (" * ", "_mul")
                return temp(f"{op.join(names)} if {decimal_test(names)} else {helper}({', '.join(names)})")
            if isinstance(node, ex.Neg):
                a = code(node.arg)
                return temp(f"(-{a} if {a} else _ZERO) if {decimal_test([a])} else _neg({a})")
            if isinstance(node, ex.Div):
                return temp(f"_div({code(node.num)}, {code(node.den)})")
            if isinstance(node, ex.Pow):
                e = node.exp
                base = code(node.base)
                if isinstance(e, ex.Num) and e.value.denominator == 1 and 0 <= e.value <= 16:
                    k = int(e.value)
                    fast = " * ".join([base] * k) if k else "_ONE"
                    return temp(f"{fast} if {decimal_test([base])} else _power({base}, {k})")
                return temp(f"_pow({base}, {code(e)})")
            if isinstance(node, ex.Call):
                if node.func not in NUMERIC_FUNCTIONS:
                    raise NotReplayable(node.func)
                function = f"f_{node.func}"
                namespace[function] = NUMERIC_FUNCTIONS[node.func]
                return temp(f"_call({function}, {', '.join(code(a) for a in node.args)})")
            raise NotReplayable(repr(node))

        rounding = d.rounding
        carry = rounding.mode == "carry"
        for k, s in enumerate(d.steps):
            step_name = f"_step_{s.kind}"
            if step_name not in namespace:
                places = rounding.places(s.kind)
                namespace[step_name] = _step_function(places, rounding.rule, carry)
                namespace[f"q_{s.kind}"] = quantum(places)
                namespace[f"m_{s.kind}"] = DECIMAL_RULES[rounding.rule]
            value = code(s.formula)
            # an exact decimal well inside a float's range needs no overflow test, only its rounding
            fast = f"{value}.quantize(q_{s.kind}, m_{s.kind})" if carry else value
            lines.append(f"    s{k} = {fast} if type({value}) is _D and {value}.adjusted() < 300 else {step_name}({value})")
            produced[s.id] = k
        self.slots: dict[str, int] = dict(produced)  # step id → its (last) slot

        # What the next update starts from, read off the derivation's own new_parameters/carried_state.
        refs = replace(d, values={key: _Ref(key) for key in d.values})
        new = refs.new_parameters()
        self.parameter_keys = tuple(new)
        carried = {**new, **refs.carried_state()}
        returned = []
        for key, ref in carried.items():
            source = read(ref.key)
            returned.append(f"{key!r}: {source}" + (f" + {ref.plus}" if ref.plus else ""))

        unpack = f"    {', '.join(f'i{k}' for k in range(len(self.inputs)))}, = args\n" if self.inputs else ""
        source = (f"def replay(args):\n{unpack}" + "\n".join(lines)
                  + f"\n    return [{', '.join(f's{k}' for k in range(len(d.steps)))}], {{{', '.join(returned)}}}\n")
        exec(compile(source, "<stepcalc replay>", "exec"), namespace)
        self._function = namespace["replay"]
        self.step_ids = tuple(s.id for s in d.steps)
        self.base = [to_replayed(d.values[key]) for key in self.inputs]
        # inputs that each replay takes from the parameters it is given, not from the compiled pass
        self.overrides = tuple((k, key) for k, key in enumerate(self.inputs) if key in overridden)

    def run(self, params: dict[str, Replayed], extra: tuple[tuple[int, Replayed], ...] = ()
            ) -> tuple[list[Replayed], dict[str, Replayed]]:
        args = list(self.base)
        for k, key in self.overrides:
            args[k] = params[key]
        for k, value in extra:
            args[k] = value
        with localcontext(_EXACT):
            return self._function(args)

    def values(self, slots: list[Replayed]) -> dict[str, Value]:
        """Every step's value, keyed by step id, as the engine holds it."""
        return {key: to_value(slots[k]) for key, k in self.slots.items()}


@dataclass
class ReplayedUpdate:
    """One update of a run, its numbers only: the losses of its passes and what it carries on."""

    epoch: int
    batch: int
    samples: tuple[int, ...]
    pass_values: list[Callable[[], dict[str, Value]]]  # each pass's step values, on demand
    result_values: Callable[[], dict[str, Value]]  # the update's own (the pass alone, or the batch update)
    losses: list[Value]  # each pass's loss
    carried: dict[str, Replayed]  # the next update's parameters and update-rule state
    parameter_keys: tuple[str, ...]
    replayed: bool  # False: derived in full (the first of its shape, or a problem that cannot be replayed)

    def new_parameters(self) -> dict[str, Value]:
        return {key: to_value(self.carried[key]) for key in self.parameter_keys}


def replayable(problem: Problem) -> bool:
    """Whether every pass of the problem has the same steps whatever its numbers."""
    if problem.conv is None:
        return True
    return not any(layer.pool is not None and layer.pool.routes_by_value for layer in problem.conv.layers)


class _Run:
    def __init__(self, problem: Problem, rounding: Rounding) -> None:
        self.problem = problem
        self.rounding = rounding
        self.replayable = replayable(problem)
        self.passes: dict[tuple[int, frozenset[str]], Program] = {}
        self.batches: dict[tuple[tuple[int, ...], frozenset[str]], tuple[Program, tuple]] = {}

    def update(self, epoch: int, number: int, samples: tuple[int, ...], params: dict[str, Replayed]) -> ReplayedUpdate:
        shape = frozenset(params)
        if self.replayable and all((s, shape) in self.passes for s in samples) and (
                len(samples) == 1 or (samples, shape) in self.batches):
            try:
                return self.replay(epoch, number, samples, params, shape)
            except Exception:  # worked again in full: the engine's own error, if there is one
                pass
        return self.full(epoch, number, samples, params, shape)

    def replay(self, epoch: int, number: int, samples: tuple[int, ...], params: dict[str, Replayed],
               shape: frozenset[str]) -> ReplayedUpdate:
        programs = [self.passes[(s, shape)] for s in samples]
        runs = [program.run(params) for program in programs]
        losses = [to_value(slots[program.slots["loss"]]) for program, (slots, _) in zip(programs, runs)]
        pass_values = [_lazy(program, slots) for program, (slots, _) in zip(programs, runs)]
        if len(samples) == 1:
            result, (slots, carried) = programs[0], runs[0]
        else:
            result, reads = self.batches[(samples, shape)]
            extra = tuple((k, runs[j][0][slot]) for k, j, slot in reads)
            slots, carried = result.run(params, extra)
        return ReplayedUpdate(epoch, number, samples, pass_values, _lazy(result, slots), losses, carried,
                              result.parameter_keys, True)

    def full(self, epoch: int, number: int, samples: tuple[int, ...], params: dict[str, Replayed],
             shape: frozenset[str]) -> ReplayedUpdate:
        p, rounding = self.problem, self.rounding
        given = {key: to_value(v) for key, v in params.items()}
        passes = tuple(derive(p, s, rounding, given) for s in samples)
        step = None if len(samples) == 1 else batch_update(passes, rounding, given)
        result = step if step is not None else passes[0]
        if self.replayable:
            try:
                self.compile(samples, passes, step, shape)
            except NotReplayable:
                self.replayable = False
        carried = {key: to_replayed(v) for key, v in {**result.new_parameters(), **result.carried_state()}.items()}
        return ReplayedUpdate(epoch, number, samples, [_given(d) for d in passes], _given(result),
                              [d.values["loss"] for d in passes], carried, tuple(initial_parameters(p)), False)

    def compile(self, samples: tuple[int, ...], passes: tuple[Derivation, ...], step: Derivation | None,
                shape: frozenset[str]) -> None:
        programs = []
        for s, d in zip(samples, passes):
            if (s, shape) not in self.passes:
                self.passes[(s, shape)] = Program(d, shape)
            programs.append(self.passes[(s, shape)])
            _check(programs[-1], d, params_of(d, shape))
        if step is not None and (samples, shape) not in self.batches:
            wanted: dict[str, tuple[int, int]] = {}
            for j, (program, d) in enumerate(zip(programs, passes)):
                wanted.update({key: (j, program.slots[own]) for key, own in batch_inputs(d).items()})
            program = Program(step, shape)
            reads = tuple((k, *wanted[key]) for k, key in enumerate(program.inputs) if key in wanted)
            extra = tuple((k, to_replayed(step.values[key])) for k, key in enumerate(program.inputs) if key in wanted)
            _check(program, step, params_of(step, shape), extra)
            self.batches[(samples, shape)] = (program, reads)


def params_of(d: Derivation, shape: frozenset[str]) -> dict[str, Replayed]:
    return {key: to_replayed(d.values[key]) for key in shape if key in d.values}


def _check(program: Program, d: Derivation, params: dict[str, Replayed], extra: tuple = ()) -> None:
    """The compiled program must give back the derivation it was compiled from, value for value."""
    slots, _ = program.run(params, extra)
    got = program.values(slots)
    if any(type(got[s.id]) is not type(d.values[s.id]) or got[s.id] != d.values[s.id] for s in d.steps):
        raise NotReplayable(d.steps[0].id)


def _lazy(program: Program, slots: list[Replayed]) -> Callable[[], dict[str, Value]]:
    return lambda: program.values(slots)


def _given(d: Derivation) -> Callable[[], dict[str, Value]]:
    return lambda: {s.id: d.values[s.id] for s in d.steps}


def replay_updates(problem: Problem, rounding: Rounding | None = None) -> Iterator[ReplayedUpdate]:
    """Every update of the run in order, as `iterations.iterate_updates` works them, numbers only:
    the first update of each shape derived in full and compiled, the others replayed."""
    rounding = rounding or problem.rounding
    run = _Run(problem, rounding)
    params: dict[str, Replayed] = {key: to_replayed(v) for key, v in initial_parameters(problem).items()}
    plan = schedule(problem)
    for epoch in range(1, problem.epochs + 1):
        for number, samples in enumerate(plan, start=1):
            update = run.update(epoch, number, samples, params)
            yield update
            params = update.carried
