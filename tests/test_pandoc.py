"""Finding pandoc (`repropub.pandoc.executable`): the pinned binary pypandoc_binary installs,
found without loading pypandoc, unless ``PYPANDOC_PANDOC`` names another."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from repropub import pandoc

FIND = """
import json, sys
from repropub import pandoc
path = pandoc.executable()
print(json.dumps({"path": path, "pypandoc": "pypandoc" in sys.modules}))
"""


def _find(env: dict[str, str]) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-c", FIND], capture_output=True, text=True,
                          check=True, env=env)
    found: dict[str, object] = json.loads(done.stdout)
    return found


def test_the_bundled_pandoc_is_found_without_loading_pypandoc() -> None:
    env = {k: v for k, v in os.environ.items() if k != "PYPANDOC_PANDOC"}
    found = _find(env)
    assert found["pypandoc"] is False
    assert pandoc.version(str(found["path"])) == pandoc.PANDOC_VERSION
    assert str(found["path"]).endswith(os.path.join("pypandoc", "files", "pandoc"))


def test_pypandoc_pandoc_names_the_binary_to_run() -> None:
    bundled = pandoc.executable()
    found = _find({**os.environ, "PYPANDOC_PANDOC": bundled})
    assert found == {"path": bundled, "pypandoc": True}
