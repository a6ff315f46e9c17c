"""A submitted file as HTML, line by line: Pygments' highlighting, one piece of HTML per line so
that the page can number each line and put comments under it.

The students' and the staff's pages show the same view.  The text is the student's (hostile):
Pygments escapes it; nothing of it is ever run or parsed as HTML.  Control characters and
bidirectional marks are shown as escapes (checks/text.py), so code cannot read differently
from what it is ("Trojan Source": an override that reorders a line for the reader only).
"""
from __future__ import annotations

from functools import lru_cache

from markupsafe import Markup
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import MarkdownLexer, PythonLexer, TextLexer

from checks.text import printable

ANCHOR = "L"  # line 12 is #L-12
STYLE = "default"  # its colours reach WCAG AA on white (tested with axe-core)


def _lexer(name: str):
    # no newline added or stripped: the HTML has exactly the file's lines
    if name.endswith(".py"):
        return PythonLexer(stripnl=False, ensurenl=False)
    if name.endswith(".md"):
        return MarkdownLexer(stripnl=False, ensurenl=False)
    return TextLexer(stripnl=False, ensurenl=False)


def _text_lines(data: bytes) -> list[str]:
    """The file's lines as an editor numbers them: split at '\\n' only (not at the other
    separators str.splitlines knows), a final newline ending the last line."""
    lines = data.decode("utf-8", "replace").split("\n")
    return lines[:-1] if len(lines) > 1 and lines[-1] == "" else lines


def line_count(data: bytes) -> int:
    return len(_text_lines(data))


def lines(name: str, data: bytes) -> list[Markup]:
    """Each line of the file as highlighted, escaped HTML.  Pygments closes its spans at every
    line end, so each piece stands alone."""
    # Pygments reads a lone CR as a line end: dropped at a line's end, shown as ␍ elsewhere
    text = printable("\n".join(line.rstrip("\r").replace("\r", "\u240d")
                               for line in _text_lines(data)))
    html = highlight(text, _lexer(name), HtmlFormatter(style=STYLE, nowrap=True))
    pieces = html.split("\n")
    count = line_count(data)
    pieces = (pieces + [""] * count)[:count]  # a lexer's own newline handling never shifts lines
    return [Markup(piece) for piece in pieces]


@lru_cache(maxsize=1)
def stylesheet() -> str:
    """Pygments' colours for the code view, scoped to it."""
    return HtmlFormatter(style=STYLE).get_style_defs(".code .highlight")
