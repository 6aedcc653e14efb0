"""The batch on a Dask distributed cluster (`--scheduler`), started as a real LocalCluster with
worker processes: the report must be the one the process pool gives."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from repropub import batch_dask
from repropub.cli import main
from repropub.errors import EXIT_FAILURE

FIXTURES = Path(__file__).parent / "fixtures" / "batch"


@pytest.fixture(autouse=True)
def outside_the_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run where no project settings apply (the repository's own lower some severities)."""
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    distributed = pytest.importorskip(
        "distributed", reason="the dask extra is not installed (pip install 'repropub[dask]')")
    # any free port, for the scheduler and the dashboard: the machine may run other clusters
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as cluster:
        yield cluster.scheduler_address


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_a_local_cluster_gives_the_same_report_as_the_process_pool(
        scheduler: str, capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    pool = main(["check", str(FIXTURES), "--format", fmt, "--jobs", "2"])
    expected = capsys.readouterr().out
    dask = main(["check", str(FIXTURES), "--format", fmt, "--scheduler", scheduler])
    assert dask == pool == EXIT_FAILURE
    assert capsys.readouterr().out == expected


def test_an_unreachable_scheduler_is_one_line_and_exit_two(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("distributed", reason="the dask extra is not installed")
    monkeypatch.setattr(batch_dask, "CONNECT_TIMEOUT", 2.0)  # nothing listens on port 1
    code = main(["check", str(FIXTURES), "--scheduler", "tcp://127.0.0.1:1"])
    err = capsys.readouterr().err
    assert code == EXIT_FAILURE
    assert "cannot reach the Dask scheduler" in err and "Traceback" not in err
