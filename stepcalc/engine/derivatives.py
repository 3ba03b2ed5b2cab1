"""The engine's door to the symbolic layer, with a disk memo.

sympy derives each activation's and loss's derivative (see symbolic.py); that costs an import of
sympy and ~100 ms of its machinery per process, for results that only change when the code or sympy
does. Results are therefore kept in a small JSON file under the user's cache directory, keyed by a
hash of the symbolic sources and sympy's version. Set STEPCALC_NO_CACHE=1 to always derive afresh.
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import tempfile
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

from stepcalc.concepts.functions import NUMERIC_FUNCTIONS
from stepcalc.engine import expr as ex

_PACKAGE = Path(__file__).resolve().parent.parent


def _to_json(node: ex.Expr) -> Any:
    if isinstance(node, ex.Sym):
        return ["Sym", node.key, node.kind, list(node.units)]
    if isinstance(node, ex.Num):
        return ["Num", node.value.numerator, node.value.denominator]
    if isinstance(node, ex.Add):
        return ["Add", [_to_json(t) for t in node.terms]]
    if isinstance(node, ex.Mul):
        return ["Mul", [_to_json(f) for f in node.factors]]
    if isinstance(node, ex.Neg):
        return ["Neg", _to_json(node.arg)]
    if isinstance(node, ex.Div):
        return ["Div", _to_json(node.num), _to_json(node.den)]
    if isinstance(node, ex.Pow):
        return ["Pow", _to_json(node.base), _to_json(node.exp)]
    return ["Call", node.func, [_to_json(a) for a in node.args]]


MAX_DEPTH = 50  # far deeper than any derivative sympy gives here


def _from_json(data: Any, depth: int = 0) -> ex.Expr:
    """A node as _to_json wrote it; anything of another shape (a damaged or foreign file) is a ValueError."""
    if depth > MAX_DEPTH or not isinstance(data, list) or not data or not isinstance(data[0], str):
        raise ValueError("not a node")
    tag, rest = data[0], data[1:]

    def nodes(items: Any) -> tuple[ex.Expr, ...]:
        if not isinstance(items, list) or not items:
            raise ValueError("expected a list of nodes")
        return tuple(_from_json(item, depth + 1) for item in items)

    if tag == "Sym" and len(rest) == 3 and isinstance(rest[0], str) and isinstance(rest[1], str) \
            and isinstance(rest[2], list) and all(isinstance(u, str) for u in rest[2]):
        return ex.Sym(rest[0], rest[1], tuple(rest[2]))
    if tag == "Num" and len(rest) == 2 and all(type(n) is int for n in rest) and rest[1] > 0:
        return ex.Num(Fraction(rest[0], rest[1]))
    if tag in ("Add", "Mul") and len(rest) == 1:
        return ex.Add(nodes(rest[0])) if tag == "Add" else ex.Mul(nodes(rest[0]))
    if tag == "Neg" and len(rest) == 1:
        return ex.Neg(_from_json(rest[0], depth + 1))
    if tag in ("Div", "Pow") and len(rest) == 2:
        first, second = _from_json(rest[0], depth + 1), _from_json(rest[1], depth + 1)
        return ex.Div(first, second) if tag == "Div" else ex.Pow(first, second)
    if tag == "Call" and len(rest) == 2 and rest[0] in NUMERIC_FUNCTIONS:
        return ex.Call(rest[0], nodes(rest[1]))
    raise ValueError(f"not a node: {tag!r}")


def cache_home() -> Path | None:
    """The user's cache folder: $XDG_CACHE_HOME when it is an absolute path (the XDG spec says to
    ignore a relative one, which would put the cache wherever the command runs), else ~/.cache."""
    configured = os.environ.get("XDG_CACHE_HOME")
    if configured and os.path.isabs(configured):
        return Path(configured)
    try:
        return Path.home() / ".cache"
    except RuntimeError:  # no home directory: no cache
        return None


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for name in ("engine/symbolic.py", "engine/expr.py", "engine/derivatives.py", "concepts/functions.py", "concepts/activations.py", "concepts/losses.py", "concepts/layers.py"):
        digest.update((_PACKAGE / name).read_bytes())
    spec = importlib.util.find_spec("sympy")  # locates sympy without importing it
    if spec and spec.origin:
        release = Path(spec.origin).parent / "release.py"
        if release.exists():
            digest.update(release.read_bytes())
    return digest.hexdigest()[:16]


class _Memo:
    def __init__(self) -> None:
        self.enabled = os.environ.get("STEPCALC_NO_CACHE") != "1"
        self.path: Path | None = None
        self.entries: dict[str, Any] = {}
        # decoded trees, so that a long run decodes each entry's JSON once per process
        self.decoded: dict[str, ex.Expr] = {}
        self.dirty = False
        base = cache_home() if self.enabled else None
        if base is not None:
            self.path = base / "stepcalc" / f"derivatives-{_fingerprint()}.json"
            try:
                entries = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError, RecursionError):
                entries = {}
            self.entries = entries if isinstance(entries, dict) else {}

    def get(self, key: str, compute: Callable[[], ex.Expr]) -> ex.Expr:
        known = self.decoded.get(key)
        if known is not None:
            return known
        if key in self.entries:
            try:
                known = self.decoded[key] = _from_json(self.entries[key])
                return known
            except ValueError:
                pass  # a damaged entry is derived again, and overwritten
        value = self.decoded[key] = compute()
        self.entries[key] = _to_json(value)
        self._save()
        return value

    def _save(self) -> None:
        if not self.enabled or self.path is None:
            return
        try:  # a cache that cannot be written is simply not kept
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(self.entries, handle, sort_keys=True)
            os.replace(tmp, self.path)
        except OSError:
            pass


@lru_cache(maxsize=1)
def _memo() -> _Memo:
    return _Memo()


def _derived(function: str, *args: str | int) -> ex.Expr:
    """symbolic.<function>(*args), from the memo when it has it."""
    def compute() -> ex.Expr:
        from stepcalc.engine import symbolic
        return getattr(symbolic, function)(*args)
    return _memo().get("|".join([function, *map(str, args)]), compute)


def activation_derivative(name: str) -> ex.Expr:
    """∂out/∂net over placeholders _out/_net, e.g. _out(1 − _out) for sigmoid."""
    return _derived("activation_derivative", name)


def activation_explicit(name: str) -> ex.Expr:
    """The closed form in terms of _net, e.g. 1/(1 + e^{−_net})."""
    return _derived("activation_explicit", name)


def loss_term(name: str) -> ex.Expr:
    """One output's term of the loss over placeholders _t/_y, before the constant in front."""
    return _derived("loss_term_expr", name)


def loss_error(name: str, outputs: int, convention: str) -> ex.Expr:
    """−∂E/∂y ("error" convention) or ∂E/∂y ("gradient") over placeholders _t/_y."""
    return _derived("loss_error", name, outputs, convention)


def loss_error_weighted(name: str, outputs: int, convention: str) -> ex.Expr:
    """y · (−∂E/∂y) over placeholders _t/_y, simplified by sympy (for cross-entropy: _t)."""
    return _derived("loss_error_weighted", name, outputs, convention)


def net_partial(variable: str) -> ex.Expr:
    """∂net/∂w ("w": the placeholder _source) or ∂net/∂source ("source": the placeholder _w)."""
    return _derived("net_partial", variable)
