"""`python -m repropub` is the command-line interface."""

import sys

from repropub.uptodate import replay

# a rebuild with nothing changed is answered before the build's modules load
code = replay(sys.argv[1:])
if code is None:
    from repropub.cli import main

    code = main()
sys.exit(code)
