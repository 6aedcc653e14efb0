"""The command-line entry point: `python -m repropub` and the `repropub` console script.

A rebuild with nothing changed is answered by `repropub.uptodate` before the build's modules
load; only when it must build does the command line (`repropub.cli`) load.
"""

import sys


def main() -> int:
    code: int | None = None
    if sys.argv[1:2] != ["check"]:  # never answered from a record: skip even the import
        from repropub.uptodate import replay

        code = replay(sys.argv[1:])
    if code is None:
        from repropub.cli import main as cli_main

        code = cli_main()
    return code


if __name__ == "__main__":
    sys.exit(main())
