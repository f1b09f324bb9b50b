"""How objects of the lower layers show themselves in a notebook, without importing upwards.

The model, the findings and the parse result offer ``_repr_html_``, but the renderers live
in :mod:`govdisclosure.serialize`, which imports the model. So the lower layers only look up
a renderer here, by the kind of object, and :mod:`govdisclosure.serialize` registers its
renderers when it is imported (``import govdisclosure`` imports it). This module imports
nothing of the library.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

__all__ = ["Kind", "register_html", "render_html"]

Kind = Literal["report", "parse_result", "table", "findings", "finding"]
"""The kinds of object a renderer can be registered for."""

_HTML: dict[str, Callable[[Any], str]] = {}


def register_html(kind: Kind, render: Callable[[Any], str]) -> None:
    """Make ``render`` the HTML display of objects of ``kind`` (the last registration wins)."""
    _HTML[kind] = render


def render_html(kind: Kind, obj: object) -> str | None:
    """The HTML display of ``obj``, or ``None`` (IPython then shows the text repr) when no
    renderer is registered."""
    render = _HTML.get(kind)
    return None if render is None else render(obj)
