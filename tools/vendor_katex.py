"""Copies the pinned KaTeX (.ci/package.json, installed by `cd .ci && npm install`) into the package
as the HTML page's assets: its JS as it is, its CSS with every font as a woff2 data: URI (no other
font formats, no file a page would have to fetch), its licence and its version.

    python tools/vendor_katex.py          # rewrite stepcalc/render/assets/katex.*
    python tools/vendor_katex.py --check  # exit 1 if the committed assets differ from what it writes
"""
from __future__ import annotations

import base64
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KATEX = ROOT / ".ci" / "node_modules" / "katex"
ASSETS = ROOT / "stepcalc" / "render" / "assets"
FONT_SOURCE = re.compile(r"src:url\(fonts/([A-Za-z0-9_-]+)\.woff2\) format\(\"woff2\"\)(?:,url\([^)]*\) format\(\"[a-z]+\"\))*")


def inline_fonts(css: str, fonts: Path) -> str:
    """Each @font-face's src list replaced by its woff2 font as a data: URI."""
    def data_uri(match: re.Match[str]) -> str:
        data = base64.b64encode((fonts / f"{match.group(1)}.woff2").read_bytes()).decode("ascii")
        return f'src:url(data:font/woff2;base64,{data}) format("woff2")'

    inlined = FONT_SOURCE.sub(data_uri, css)
    if "url(fonts/" in inlined:
        raise SystemExit("a KaTeX font reference was not inlined; the CSS format changed")
    return inlined


def assets() -> dict[str, bytes]:
    version = json.loads((KATEX / "package.json").read_text(encoding="utf-8"))["version"]
    pinned = json.loads((ROOT / ".ci" / "package.json").read_text(encoding="utf-8"))["dependencies"]["katex"]
    if version != pinned:
        raise SystemExit(f"installed KaTeX {version} is not the pinned {pinned}: cd .ci && npm install")
    dist = KATEX / "dist"
    css = inline_fonts((dist / "katex.min.css").read_text(encoding="utf-8"), dist / "fonts")
    return {
        "katex.min.js": (dist / "katex.min.js").read_bytes(),
        "katex.min.css": css.encode("utf-8"),
        "katex.LICENSE": (KATEX / "LICENSE").read_bytes(),
        "katex.VERSION": f"{version}\n".encode("ascii"),
    }


def main(argv: list[str]) -> int:
    if not KATEX.is_dir():
        raise SystemExit(f"{KATEX} missing: cd .ci && npm install")
    fresh = assets()
    if "--check" in argv:
        stale = [name for name, data in fresh.items() if not (ASSETS / name).is_file() or (ASSETS / name).read_bytes() != data]
        for name in stale:
            print(f"{ASSETS / name} differs from the pinned KaTeX", file=sys.stderr)
        return 1 if stale else 0
    ASSETS.mkdir(parents=True, exist_ok=True)
    for name, data in fresh.items():
        (ASSETS / name).write_bytes(data)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
