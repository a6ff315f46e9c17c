"""Mistakes recognised in the student's code or in the error it raised, not in an output.

Tried only when no output gives a mistake away: TensorFlow 1 code, and Keras 2 habits (the
argument names ``lr=``, ``beta1=``, ... that Keras 2 took and the Keras 3 of the grader
refuses).  Comments and string literals are not code: a docstring may mention anything.
"""
from __future__ import annotations

import ast
import io
import re
import tokenize

from checks.mistakes.evidence import Evidence, Finding

_TF1 = re.compile(r"\btf\s*\.\s*(compat\s*\.\s*v1|train\s*\.|Session\b|placeholder\b|contrib\b|"
                  r"layers\s*\.|get_variable\b|global_variables_initializer\b)"
                  r"|\btensorflow\s*\.\s*compat\s*\.\s*v1\b"
                  r"|\bfrom\s+tensorflow\s*\.\s*compat\s+import\s+v1\b")

#: Keras 2 (and TF1) argument names of the optimizers -> what Keras 3 calls them
KERAS2_NAMES = {"lr": "learning_rate", "beta1": "beta_1", "beta2": "beta_2"}
#: Keras 3's refusal of an argument it does not know: "Argument(s) not recognized: {'lr': 0.1}"
_REFUSED = re.compile(r"Argument\(s\) not recognized: \{([^}]*)\}")
_KEYWORD = re.compile(r"[(,]\s*(" + "|".join(KERAS2_NAMES) + r")\s*=(?!=)")


def code_only(source: str) -> str:
    """The source without its comments and string literals (docstrings may mention anything)."""
    try:
        kept = [token.string for token in tokenize.generate_tokens(io.StringIO(source).readline)
                if token.type not in (tokenize.COMMENT, tokenize.STRING)]
    except (tokenize.TokenError, SyntaxError, ValueError):  # unparsable: strip what is easy
        return re.sub(r"#[^\n]*", "", source)
    return " ".join(kept)


def tf1_code(ev: Evidence) -> bool:
    return bool(ev.source) and _TF1.search(code_only(ev.source)) is not None


def _refused_names(error: str) -> list[str]:
    """The Keras 2 names among the arguments Keras 3 refused, in the order it listed them."""
    found = []
    for listed in _REFUSED.findall(error or ""):
        try:
            names = ast.literal_eval("{" + listed + "}")
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            names = dict.fromkeys(re.findall(r"'(\w+)'", listed))
        found += [n for n in names if isinstance(n, str) and n in KERAS2_NAMES]
    return list(dict.fromkeys(found))


def keras2_names(ev: Evidence) -> Finding | None:
    """The Keras 2 argument names the code passes, from Keras' own error or else the code."""
    if tf1_code(ev):  # tf.train's optimizers take beta1=: that file's mistake is TF1 itself
        return None
    names = _refused_names(ev.error)
    if not names and ev.source and not ev.has_output:
        names = list(dict.fromkeys(_KEYWORD.findall(code_only(ev.source))))
    if not names:
        return None
    changes = ", ".join(f"{name}= becomes {KERAS2_NAMES[name]}=" for name in names)
    return Finding(f": change {changes}")
