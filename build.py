#!/usr/bin/env python3
"""Build the article: `python build.py --help` tells how."""

import sys

from repropub.cli import main

if __name__ == "__main__":
    sys.exit(main())
