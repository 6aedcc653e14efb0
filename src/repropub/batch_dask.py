"""The batch on a Dask distributed cluster (`check --scheduler ADDRESS`).

The workers run the same `batch.check_one` as the process pool; they need repropub and its
dependencies installed (`pip install 'repropub[dask]'`) and must see the manuscripts at the
paths the batch names (a shared file system). `distributed` is an optional extra: nothing else
imports it.
"""

from __future__ import annotations

from collections.abc import Sequence

from repropub import batch
from repropub.config import Config
from repropub.errors import PipelineError

CONNECT_TIMEOUT = 30.0
"""Seconds to wait for the scheduler to answer before giving up."""


def run(configs: Sequence[Config], address: str,
        progress: batch.ProgressCallback) -> list[batch.Checked]:
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise PipelineError(f"--scheduler {address}: error: Dask's distributed scheduler is "
                            "not installed (pip install 'repropub[dask]')") from None
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT,  # type: ignore[no-untyped-call]
                        set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise PipelineError(f"--scheduler {address}: error: cannot reach the Dask scheduler "
                            f"({exc})") from None
    results: list[batch.Checked | None] = [None] * len(configs)
    with client:
        # pure=False: two identical configs are still two jobs, each with its own result
        futures = client.map(batch.check_one, list(configs), pure=False)
        index = {future.key: i for i, future in enumerate(futures)}
        # the client is not the default one, so as_completed is told its event loop
        finished = as_completed(futures, loop=client.loop)  # type: ignore[no-untyped-call]
        for done, future in enumerate(finished, 1):
            i = index[future.key]
            try:
                results[i] = future.result()
            except Exception as exc:  # a worker died or could not unpickle the job
                results[i] = batch.died(configs[i], f"the Dask worker checking it failed "
                                                    f"({type(exc).__name__}: {exc})")
            progress(done, results[i])  # type: ignore[arg-type]
    return [r for r in results if r is not None]
