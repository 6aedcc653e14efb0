"""How far a batch has got, on standard error: a bar that redraws itself on a terminal, one
plain line per manuscript anywhere else (a CI log, a pipe, a file), so that logs stay readable.
"""

from __future__ import annotations

import os
import shutil
from typing import TextIO

from repropub.batch import Checked
from repropub.batch_report import plural


class Progress:
    def __init__(self, total: int, stream: TextIO) -> None:
        self.total = total
        self.stream = stream
        # CI runners often give a pseudo-terminal that does not redraw: plain lines there too
        self.redraw = stream.isatty() and not os.environ.get("CI")

    def __call__(self, done: int, checked: Checked) -> None:
        if self.redraw:
            columns = shutil.get_terminal_size().columns
            width = max(10, min(30, columns - 40))
            filled = width * done // max(self.total, 1)
            counter = f"{done}/{self.total}"
            name = str(checked.path)[-max(columns - width - len(counter) - 6, 0):]
            self.stream.write(f"\r\x1b[K[{'#' * filled}{'-' * (width - filled)}] {counter} "
                              f"{name}")
            if done == self.total:
                self.stream.write("\r\x1b[K")
        else:
            self.stream.write(f"[{done}/{self.total}] {checked.path}: {_outcome(checked)}\n")
        self.stream.flush()


def _outcome(checked: Checked) -> str:
    if checked.result is None:
        return "could not be checked"
    return (f"{plural(checked.result.count('error'), 'error')}, "
            f"{plural(checked.result.count('warning'), 'warning')}")
