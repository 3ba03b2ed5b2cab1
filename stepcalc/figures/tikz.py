"""Draws laid-out figures as LaTeX: the network diagram as a tikzpicture, the loss curve as a
pgfplots axis. Positions come from `diagram` and `curve` (y pointing down, hence y=-1pt), text
from `figures` (already LaTeX); this module only writes commands.
"""
from __future__ import annotations

from stepcalc.figures.curve import CurveLayout, CurveMetrics
from stepcalc.figures.diagram import PALETTE, TINT, Metrics, NetworkLayout
from stepcalc.figures.labels import NetworkContent
from stepcalc.engine.numbers import plain

# \scriptsize is 8pt in an 11pt article; Computer Modern's digits are narrower than the width table's.
METRICS = Metrics(font_size=8, label_size=8, max_width=440, padding=4, label_padding=1.5, label_margin=2,
                  margin=2, width_factor=0.95)
CURVE_METRICS = CurveMetrics(width=320, height=190, font_size=9, left=40, bottom=30)


def _n(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def network(content: NetworkContent, layout: NetworkLayout) -> str:
    out = [r"\begin{tikzpicture}[x=1pt, y=-1pt, font=\scriptsize]",
           rf"\useasboundingbox (0,0) rectangle ({_n(layout.width)},{_n(layout.height)});"]
    out.extend(rf"\definecolor{{stepcalc{k}}}{{RGB}}{{{r},{g},{b}}}" for k, (r, g, b) in enumerate(PALETTE))
    colour = {c: f"stepcalc{k}" for k, c in enumerate(PALETTE)}
    for e in layout.edges:
        out.append(rf"\draw[{colour[e.colour]}, line width=0.6pt] ({_n(e.x1)},{_n(e.y1)}) -- ({_n(e.x2)},{_n(e.y2)});")
    for e in layout.edges:
        weight = content.edges[(e.layer, e.source, e.target)]
        r = e.label
        out.append(rf"\filldraw[draw={colour[e.colour]}, fill={colour[e.colour]}!{round(TINT * 100)}, fill opacity=0.93, line width=0.4pt, "
                   rf"rounded corners=1pt] ({_n(r.left)},{_n(r.top)}) rectangle ({_n(r.right)},{_n(r.bottom)});")
        out.append(rf"\node[anchor=base, inner sep=0pt] at ({_n(r.cx)},{_n(e.baseline)}) "
                   + (rf"{{${weight.old}$}};" if not weight.new else
                      rf"{{$\textcolor{{black!65}}{{{weight.old}}} \to \mathbf{{{weight.new}}}$}};"))
    for layer in layout.units:
        for place in layer:
            b = place.box
            out.append(rf"\filldraw[draw=black!80, fill=blue!4, rounded corners=3pt] "
                       rf"({_n(b.left)},{_n(b.top)}) rectangle ({_n(b.right)},{_n(b.bottom)});")
            for q, baseline in zip(content.units[place.layer][place.index], place.baselines):
                out.append(rf"\node[anchor=base, inner sep=0pt] at ({_n(b.cx)},{_n(baseline)}) "
                           rf"{{${q.symbol if q.value is None else f'{q.symbol} = {q.value}'}$}};")
    out.append(r"\end{tikzpicture}")
    body = "\n".join(out)
    if layout.width > METRICS.max_width:  # wider than the text block: shrink it to fit
        body = "\\resizebox{\\linewidth}{!}{%\n" + body + "%\n}"
    return body + "\n"


def loss_curve(c: CurveLayout, loss_name: str) -> str:
    """pgfplots draws the axes itself; it is given the same ranges and ticks as the SVG."""
    x_ticks = ",".join(t.label for t in c.x_ticks)
    y_ticks = ",".join(t.label for t in c.y_ticks)
    marks = "mark=*, mark size=1.2pt" if len(c.data) <= 30 else "no marks"
    coordinates = " ".join(f"({plain(e)},{plain(v)})" for e, v in c.data)
    return "\n".join([
        r"\begin{tikzpicture}",
        rf"\begin{{axis}}[width={_n(c.width)}pt, height={_n(c.height)}pt, xlabel={{epoch}}, ylabel={{{loss_name}}},",
        rf"  xmin={plain(c.x_range[0])}, xmax={plain(c.x_range[1])}, ymin={plain(c.y_range[0])}, ymax={plain(c.y_range[1])},",
        rf"  xtick={{{x_ticks}}}, xticklabels={{{x_ticks}}}, ytick={{{y_ticks}}}, yticklabels={{{y_ticks}}},",
        r"  scaled ticks=false, ymajorgrids, tick label style={font=\footnotesize}]",
        rf"\addplot[color={{rgb,255:red,31;green,119;blue,180}}, thick, {marks}] coordinates {{{coordinates}}};",
        r"\end{axis}",
        r"\end{tikzpicture}",
    ]) + "\n"
