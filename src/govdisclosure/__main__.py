"""``python -m govdisclosure``: the command line, as the ``govdisclosure`` script runs it."""

import sys

from govdisclosure.cli import main

sys.exit(main())
