"""``python -m govdisclosure``: the command line, as the ``govdisclosure`` script runs it."""

import sys

from .cli import main

sys.exit(main())
