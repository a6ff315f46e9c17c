"""A submitted file as HTML: line numbers that link to themselves and Pygments' highlighting.

The students' and the staff's pages show the same view.  The text is the student's (hostile):
Pygments escapes it; nothing of it is ever run or parsed as HTML.
"""
from __future__ import annotations

from functools import lru_cache

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import MarkdownLexer, PythonLexer, TextLexer

ANCHOR = "L"  # line 12 is #L-12
STYLE = "default"  # its colours reach WCAG AA on white (tested with axe-core)


def _lexer(name: str):
    if name.endswith(".py"):
        return PythonLexer(stripnl=False, ensurenl=False)
    if name.endswith(".md"):
        return MarkdownLexer(stripnl=False)
    return TextLexer(stripnl=False)


def render(name: str, data: bytes, marked: int | None = None) -> str:
    """The file's text as highlighted HTML, line ``marked`` highlighted."""
    text = data.decode("utf-8", "replace")
    formatter = HtmlFormatter(style=STYLE, linenos="inline", lineanchors=ANCHOR,
                              anchorlinenos=True, hl_lines=[marked] if marked else [],
                              wrapcode=True, cssclass="highlight")
    return highlight(text, _lexer(name), formatter)


def line_count(data: bytes) -> int:
    return data.decode("utf-8", "replace").count("\n") + 1


@lru_cache(maxsize=1)
def stylesheet() -> str:
    """Pygments' colours for the code view, scoped to it."""
    return HtmlFormatter(style=STYLE).get_style_defs(".code .highlight")
