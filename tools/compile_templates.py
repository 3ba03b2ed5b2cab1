"""Compile the built-in templates (templates/**/*.j2) into stepcalc/render/compiled/, as Python modules.

Run after changing a template: python tools/compile_templates.py
(tests/test_templating.py fails while the compiled modules differ from what this writes).
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from stepcalc.render.templating import compiled_sources  # noqa: E402

TARGET = ROOT / "stepcalc" / "render" / "compiled"

if __name__ == "__main__":
    sources = compiled_sources()
    TARGET.mkdir(exist_ok=True)
    for stale in TARGET.glob("*.py"):
        if stale.name not in sources:
            stale.unlink()
    for name, text in sources.items():
        (TARGET / name).write_text(text, encoding="utf-8")
    print(f"wrote {len(sources)} files to {TARGET.relative_to(ROOT)}")
