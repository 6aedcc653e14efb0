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


def source_date(metadata: ArticleMetadata, manuscript: Path) -> dt.datetime:
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is not None:
        if not value.strip().isdigit():
            raise PipelineError(f"SOURCE_DATE_EPOCH={value!r} is not a whole number of seconds "
                                "since 1970-01-01 (unset it or write e.g. 1764374400)")
        return dt.datetime.fromtimestamp(int(value), dt.UTC)
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
