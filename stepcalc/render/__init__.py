"""Derivations → text, Markdown, LaTeX or JSON: the printer writes formula trees by hand, the
writers build each template's context (formatted strings only), the Jinja2 templates lay them out.
Nothing here does arithmetic."""
