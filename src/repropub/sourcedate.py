"""The one date a build stamps into its outputs, never read from the clock.

`SOURCE_DATE_EPOCH` (the reproducible-builds.org convention) when it is set; otherwise the
article's publication date; otherwise the time of the last commit of the manuscript; otherwise
the Unix epoch. Two builds of the same sources therefore stamp the same date.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

from repropub.errors import PipelineError
from repropub.metadata import ArticleMetadata

LATEST = 253_402_300_799
"""9999-12-31T23:59:59Z: the last second a four-digit year (and every output format) can hold."""


def source_date(metadata: ArticleMetadata, manuscript: Path) -> dt.datetime:
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is not None:
        digits = value.strip()
        if not digits.isascii() or not digits.isdigit():
            raise PipelineError(f"SOURCE_DATE_EPOCH={value[:40]!r} is not a whole number of "
                                "seconds since 1970-01-01 (unset it or write e.g. 1764374400)")
        # compare the digits' length first: int() of a 100,000-digit string is refused by Python
        if len(digits.lstrip("0")) > len(str(LATEST)) or int(digits) > LATEST:
            raise PipelineError(f"SOURCE_DATE_EPOCH={value[:40]!r} is after the year 9999 "
                                f"(the largest value is {LATEST})")
        return dt.datetime.fromtimestamp(int(digits), dt.UTC)
    if metadata.history.published:
        return dt.datetime.combine(metadata.history.published, dt.time(), dt.UTC)
    return _last_commit(manuscript) or dt.datetime.fromtimestamp(0, dt.UTC)


def _last_commit(path: Path) -> dt.datetime | None:
    try:
        done = subprocess.run(["git", "log", "-1", "--format=%ct", "--", path.name],
                              cwd=path.parent, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    stamp = done.stdout.strip()
    return dt.datetime.fromtimestamp(int(stamp), dt.UTC) if stamp.isdigit() else None
