"""Network diagrams and loss curves: geometry computed once (diagram, curve), written as SVG or TikZ."""
