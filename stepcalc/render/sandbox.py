"""A user's own template (`--template`), rendered in Jinja2's sandbox with bounds on memory, stack and
time: whatever goes wrong in it is reported as one line naming the file, never a traceback or a hang."""
from __future__ import annotations

import signal
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from stepcalc.errors import StepcalcError
from stepcalc.render.templating import settings, template_dir, with_filters

MAX_TEMPLATE_TEXT = 10_000_000  # characters one operation of a user's template may build
MAX_TEMPLATE_OUTPUT = 50_000_000  # characters a user's template may write in all (a solution is far less)
TEMPLATE_SECONDS = 20.0  # a built-in template renders in well under a second; a user's gets this long


class TemplateTimeout(Exception):
    """Raised inside a user's template when it has run for longer than TEMPLATE_SECONDS."""


def render_user_template(path: Path, context: dict[str, Any]) -> str:
    """`path` rendered with `context` in a bounded sandbox with the built-in templates' settings
    (the built-in macros can be imported)."""
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise StepcalcError(f"{path}: --template: cannot read the template ({getattr(err, 'strerror', None) or err})") from None
    env = with_filters(bounded_sandbox(SandboxedEnvironment)(
        loader=jinja2.FileSystemLoader(str(template_dir())), **settings()))  # the built-in macros importable
    try:
        with time_limit(TEMPLATE_SECONDS):
            return _bounded_output(env.from_string(source).generate(**context))
    except TemplateTimeout:
        raise StepcalcError(f"{path}: --template: still running after {TEMPLATE_SECONDS:g} s "
                            "(a loop that does too much work?); stopped") from None
    except jinja2.TemplateSyntaxError as err:
        raise StepcalcError(f"{path}: --template: line {err.lineno}: {err.message}") from None
    except RecursionError:
        raise StepcalcError(f"{path}: --template: a macro or include calls itself without end") from None
    except MemoryError:
        raise StepcalcError(f"{path}: --template: needs more memory than there is") from None
    except (jinja2.TemplateError, ArithmeticError, LookupError, TypeError, ValueError, AttributeError) as err:
        raise StepcalcError(f"{path}: --template: {type(err).__name__}: {err}") from None


def _bounded_output(pieces: Iterator[str]) -> str:
    """The pieces joined, refused once they pass MAX_TEMPLATE_OUTPUT: a loop writing a little each time
    must not take all memory before the time limit stops it."""
    import io

    out = io.StringIO()  # not a list of pieces: millions of tiny strings cost far more than their text
    size = 0
    for piece in pieces:
        size += len(piece)
        if size > MAX_TEMPLATE_OUTPUT:
            raise ValueError(f"refusing to write more than {MAX_TEMPLATE_OUTPUT:,} characters")
        out.write(piece)
    return out.getvalue()


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise TemplateTimeout in the code run inside once `seconds` have passed: by a timer signal in
    the main thread where the system has one, else by a trace function that looks at the clock."""
    if hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():
        def expire(signum: int, frame: Any) -> None:
            raise TemplateTimeout

        previous = signal.signal(signal.SIGALRM, expire)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        return
    deadline = time.monotonic() + seconds

    def check(frame: Any, event: str, arg: Any) -> Any:
        if time.monotonic() > deadline:
            raise TemplateTimeout
        return check

    previous_trace = sys.gettrace()
    sys.settrace(check)
    try:
        yield
    finally:
        sys.settrace(previous_trace)


def bounded_sandbox(base: type) -> type:
    """Jinja2's sandbox that also refuses to build huge values: 'a' * 10**12, [0] * 10**12 or 10**10**9
    would otherwise take all memory or time before anything could report it."""

    class Bounded(base):  # type: ignore[misc, valid-type]
        intercepted_binops = frozenset({"*", "**"})

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            if operator == "*":
                sized, count = (left, right) if isinstance(right, int) else (right, left)
                if isinstance(sized, (str, list, tuple)) and isinstance(count, int) \
                        and len(sized) * count > MAX_TEMPLATE_TEXT:
                    raise ValueError(f"refusing to repeat a value to more than {MAX_TEMPLATE_TEXT:,} items")
            if operator == "**" and isinstance(left, int) and isinstance(right, int) \
                    and right * max(left.bit_length(), 1) > 4 * MAX_TEMPLATE_TEXT:
                raise ValueError("refusing to compute a number that large")
            return super().call_binop(context, operator, left, right)

        def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 (Jinja's names)
            # 'a'.ljust(10**12), 'a'.center(…), 'a'.zfill(…): a width is a count too
            if isinstance(getattr(__obj, "__self__", None), (str, list, tuple)):
                for value in (*args, *kwargs.values()):
                    if isinstance(value, int) and value > MAX_TEMPLATE_TEXT:
                        raise ValueError(f"refusing a width or count above {MAX_TEMPLATE_TEXT:,}")
            return super().call(__context, __obj, *args, **kwargs)

    return Bounded
