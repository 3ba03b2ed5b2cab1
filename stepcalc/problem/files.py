"""A problem mapping → TOML text that `load_problem` reads back as the same problem.

Handles what problem files hold: scalars, (nested) lists of numbers or text, tables and arrays of
tables. Numbers are written as a person would write them (0.35, -0.2, 1), never with an exponent.
"""
from __future__ import annotations

import json
from typing import Any, Mapping

from stepcalc.engine.numbers import plain

LINE_WIDTH = 100


def problem_toml(data: Mapping[str, Any], header: str = "") -> str:
    """Top-level keys first, then [tables], then [[arrays of tables]], each in the mapping's order."""
    lines = [f"# {line}" for line in header.splitlines()]
    lines += _table_body(data)
    for key, value in data.items():
        if isinstance(value, dict):
            lines += ["", f"[{key}]", *_table_body(value)]
            for sub, items in value.items():  # [[network.conv]]
                if _is_table_array(items):
                    for item in items:
                        lines += ["", f"[[{key}.{sub}]]", *_table_body(item, inline=True)]
    for key, value in data.items():
        if _is_table_array(value):
            for item in value:
                lines += ["", f"[[{key}]]", *_table_body(item)]
    return "\n".join(lines) + "\n"


def _is_table_array(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _table_body(table: Mapping[str, Any], inline: bool = False) -> list[str]:
    """`key = value` lines; a table value is written inline only where asked (inside [[a.b]] items)."""
    return [f"{key} = {_value(value)}" for key, value in table.items()
            if not _is_table_array(value) and (inline or not isinstance(value, dict))]


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return plain(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string
    if isinstance(value, dict):  # an inline table: pool = { kind = "max", size = 2 }
        return "{ " + ", ".join(f"{k} = {_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        inline = "[" + ", ".join(_value(v) for v in value) + "]"
        if len(inline) <= LINE_WIDTH or not all(isinstance(v, list) for v in value):
            return inline
        return "[\n" + "".join(f"  {_value(v)},\n" for v in value) + "]"  # one row (e.g. layer) per line
    raise TypeError(f"cannot write {type(value).__name__} to a problem file")
