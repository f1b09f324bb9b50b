"""Sphinx configuration: furo, MyST Markdown, autodoc, doctests, generated reference tables."""

from __future__ import annotations

import sys
from pathlib import Path

_DOCS = Path(__file__).resolve().parent
# The docs document the source tree they sit in, installed or not.
sys.path.insert(0, str(_DOCS.parent / "src"))
sys.path.insert(0, str(_DOCS / "_ext"))

import govdisclosure  # noqa: E402

project = "govdisclosure"
author = "govdisclosure developers"
copyright = "2025, govdisclosure developers"
release = govdisclosure.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.doctest",
    "govdisclosure_reference",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
language = "en"
# _generated/ holds pages included by the reference pages, not pages of their own.
exclude_patterns = ["_build", "reference/_generated", "Thumbs.db", ".DS_Store"]

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

autodoc_typehints = "description"
autodoc_member_order = "bysource"
autodoc_default_options = {"members": True}
napoleon_google_docstring = False
napoleon_numpy_docstring = True
nitpicky = False
# Only the examples written for the docs pages; docstring examples assume their module's
# namespace and are run by pytest --doctest-modules (see .ci/run).
doctest_test_doctest_blocks = ""

# Examples of parts still being written run as soon as those parts can be imported.
doctest_global_setup = """
def _importable(statement):
    try:
        exec(statement, {})
    except ImportError:
        return False
    return True

HAVE_SERIALIZE = _importable("from govdisclosure.serialize import from_json, to_json")
HAVE_VALIDATE = _importable("from govdisclosure.validate import validate")
"""

html_theme = "furo"
html_title = f"govdisclosure {release}"
html_static_path: list[str] = []
