"""ASCII spellings of the Unicode the outputs use, for a standard output that cannot encode them
(a cp1252 or latin-1 console): δ as delta, − as -, × as *, x₁ as x_1, y² as y^2."""
from __future__ import annotations

import re
import unicodedata

SPELLINGS = {
    "−": "-", "×": "*", "·": "*", "∂": "d", "→": "->", "←": "<-", "↦": "|->", "½": "1/2", "±": "+/-",
    "≥": ">=", "≤": "<=", "≈": "~", "≠": "!=", "′": "'", "″": "''", "…": "...", "–": "-", "—": "--",
    "Σ": "Sum", "∑": "Sum", "√": "sqrt", "∞": "inf", "‖": "||", "⊙": "(.)", "ᵀ": "^T", "“": '"', "”": '"',
    "‘": "'", "’": "'", "•": "*", "✓": "ok", "✗": "x", "│": "|", "─": "-", "┼": "+",
}
SUBSCRIPTS = "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₒₓₔₕₖₗₘₙₚₛₜᵢᵣᵤᵥⱼ"
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁱⁿ"
_RUNS = re.compile(f"([{SUBSCRIPTS}]+)|([{SUPERSCRIPTS}]+)")


def _script(match: re.Match[str]) -> str:
    text = unicodedata.normalize("NFKC", match.group(0))
    return ("_" if match.group(1) else "^") + (text if len(text) == 1 else f"{{{text}}}")


def _character(c: str) -> str:
    if c.isascii():
        return c
    if c in SPELLINGS:
        return SPELLINGS[c]
    name = unicodedata.name(c, "")
    if name.startswith("GREEK ") and " LETTER " in name:  # δ → delta, Δ → Delta
        letter = name.rsplit(" ", 1)[1].lower()
        return letter.capitalize() if "CAPITAL" in name else letter
    plain = "".join(b for b in unicodedata.normalize("NFKD", c) if not unicodedata.combining(b))
    return plain if plain.isascii() and plain else "?"  # ŷ → y; what has no spelling is marked


def ascii_spelling(text: str) -> str:
    """`text` in ASCII only."""
    if text.isascii():
        return text
    text = _RUNS.sub(_script, text)
    out = []
    for i, c in enumerate(text):
        spelled = _character(c)
        if len(spelled) > 1 and spelled.isalpha() and text[i + 1:i + 2].isalpha():
            spelled += " "  # Δw → Delta w, not Deltaw
        out.append(spelled)
    return "".join(out)
