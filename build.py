#!/usr/bin/env python3
"""Build the article: `python build.py --help` tells how.

Run with any Python 3.11+: when the project's packages are not importable here but `make` has
set up `.venv`, the command runs again inside it.
"""

import os
import sys
from pathlib import Path

VENV = Path(__file__).resolve().parent / ".venv"

if __name__ == "__main__" and sys.argv[1:2] != ["check"]:
    # a rebuild with nothing changed is answered before the build's modules load (standard
    # library only; when anything changed, or outside .venv, it answers None); `check`, run
    # most often and never answered from a record, skips even that import
    try:
        from repropub.uptodate import replay
    except ImportError:
        pass
    else:
        code = replay(sys.argv[1:])
        if code is not None:
            sys.exit(code)

try:
    from repropub.cli import main
except ImportError:
    python = VENV / "bin" / "python"
    if python.exists() and Path(sys.prefix).resolve() != VENV:
        os.execv(python, [str(python), __file__, *sys.argv[1:]])
    print("build.py: the project is not set up here; run `make` once (it creates .venv with "
          "the pinned dependencies), then `python build.py` again", file=sys.stderr)
    sys.exit(2)

if __name__ == "__main__":
    sys.exit(main())
