"""What the task-15 grading page shows of a blog post: the student's text files and the URLs in
them, each a link only when it is a plain http or https URL.

Pure.  Everything here came from a student and is hostile: the page escapes it all, and no
other scheme (javascript:, data:, vbscript:...) ever reaches an href.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from checks.text import printable

TEXT_SUFFIXES = (".md", ".txt", ".rst")  # where students put task 15's URLs (grader/submission.py)
MAX_URL = 2000
# anything that looks like a URL, whatever its scheme, so a hostile one is shown (as text) too
_CANDIDATE = re.compile(r"\b[a-zA-Z][a-zA-Z0-9+.-]{1,20}:(?://)?[^\s<>\"'`)\]]+")
_SCHEMES = ("http", "https")


@dataclass(frozen=True)
class Url:
    text: str           # as the student wrote it
    href: str | None    # the same, when it may be a link; None: shown as text only


def href(url: str) -> str | None:
    """url itself if it is a plain http(s) URL with a host, else None."""
    if not url or len(url) > MAX_URL or any(ord(c) < 33 or ord(c) == 127 for c in url) \
            or printable(url) != url:  # a bidirectional mark makes a link read as another
        return None
    try:
        parts = urlsplit(url)
    except ValueError:  # a malformed host ("http://[x")
        return None
    return url if parts.scheme.lower() in _SCHEMES and parts.netloc else None


def _looks_like_url(token: str) -> bool:
    scheme = token.split(":", 1)[0].lower()
    return scheme in _SCHEMES or token[len(scheme) + 1:].startswith("//") or scheme in (
        "javascript", "data", "vbscript", "file")


def urls(texts: dict[str, str], stored: list | None = None) -> list[Url]:
    """The URLs of the text files (and those the grader stored with task 15's result), once each,
    in order."""
    found: list[str] = [str(u) for u in stored or []]
    for name in sorted(texts):
        found += [t.rstrip(".,;:") for t in _CANDIDATE.findall(texts[name]) if _looks_like_url(t)]
    unique = list(dict.fromkeys(u for u in found if u))
    return [Url(u[:MAX_URL], href(u)) for u in unique]


def text_files(files: dict[str, bytes]) -> dict[str, str]:
    """The submission's text files (README.md...), decoded; task files are code, not the post."""
    return {name: printable(data.decode("utf-8", "replace")) for name, data in sorted(files.items())
            if name.lower().endswith(TEXT_SUFFIXES)}
