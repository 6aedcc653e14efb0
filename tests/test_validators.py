"""The flagship page against the standards: the Nu HTML Checker and axe-core (WCAG 2.x).

Both come from the shared validation kit (see `validators` in conftest.py). Their first run
installs vnu.jar / playwright-core + axe-core with npm into a cache outside the repository; a
machine without java, node or chromium skips these tests and says which tool is missing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from pages import Flagship

SETUP_PROBLEM = 2
"""The kit's exit code when it could not run at all (missing tool, npm install failed)."""


def require(tool: str, why: str) -> None:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} not found: {why}")


def run_kit(script: Path, *args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(["bash", str(script), *args], capture_output=True, text=True,
                          timeout=600, check=False)
    if done.returncode == SETUP_PROBLEM:
        pytest.skip(f"{script.name} could not run: {(done.stderr or done.stdout).strip()}")
    return done


def test_page_passes_vnu_html_validation_with_warnings_as_errors(
        flagship: Flagship, validators: Path) -> None:
    require("java", "the Nu HTML Checker needs Java 11+")
    if not os.environ.get("VNU_JAR"):
        require("npm", "needed once to install vnu-jar")
    done = run_kit(validators / "html" / "html_check.sh", "--Werror", str(flagship.html_path))
    assert done.returncode == 0, done.stdout + done.stderr


def test_page_has_no_axe_core_violations(flagship: Flagship, validators: Path) -> None:
    require("node", "axe-core runs in Node 18+")
    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not Path(chromium).is_file():
        pytest.skip(f"no browser at {chromium} (Debian: apt-get install chromium, or set "
                    "CHROMIUM)")
    done = run_kit(validators / "html" / "a11y_check.sh", str(flagship.html_path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no violations" in done.stdout
