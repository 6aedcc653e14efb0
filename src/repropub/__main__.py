"""`python -m repropub` is the command-line interface."""

import sys

from repropub.cli import main

sys.exit(main())
