"""Shared test configuration: Hypothesis profiles and the ``shared_dir`` fixture.

Choose a Hypothesis profile with ``HYPOTHESIS_PROFILE``: ``fast`` (the default, also
``ci``) keeps the suite quick; ``thorough`` runs many more examples.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

try:
    from hypothesis import HealthCheck, settings
except ImportError:  # the [strategies] extra is absent: only non-property tests can run
    pass
else:
    # Reports are large composite values: their generation is slower than Hypothesis
    # assumes for a health check, not a sign of a badly written strategy.
    _SLOW_DATA = [HealthCheck.too_slow, HealthCheck.data_too_large]
    settings.register_profile(
        "fast",
        max_examples=40,
        deadline=None,
        print_blob=True,
        suppress_health_check=_SLOW_DATA,
    )
    settings.register_profile("ci", settings.get_profile("fast"))
    settings.register_profile(
        "thorough",
        max_examples=500,
        deadline=None,
        print_blob=True,
        suppress_health_check=_SLOW_DATA,
    )
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fast"))


REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DIR = REPO_ROOT.parent / "shared"
"""The spec and the corpus of real reports, kept beside the repository, never inside it."""


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The ``../shared`` folder; tests that need it are skipped when it is absent."""
    if not SHARED_DIR.is_dir():
        pytest.skip(
            f"../shared is not present ({SHARED_DIR}): it holds the spec and the corpus "
            "of real reports, which are not part of the repository"
        )
    return SHARED_DIR
