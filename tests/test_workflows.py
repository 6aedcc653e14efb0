"""The GitHub Actions workflows shipped for users of the template pass actionlint."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))


def actionlint() -> str:
    found = shutil.which("actionlint", path=str(Path(sys.executable).parent)) \
        or shutil.which("actionlint")
    if found is None:
        pytest.skip("actionlint is not installed (pip install -e '.[test]')")
    return found


def test_there_are_ci_and_release_workflows() -> None:
    assert {p.name for p in WORKFLOWS} == {"ci.yml", "release.yml"}


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_passes_actionlint(workflow: Path) -> None:
    done = subprocess.run([actionlint(), str(workflow)], capture_output=True, text=True,
                          cwd=REPO)
    assert done.returncode == 0, done.stdout + done.stderr


def commands(workflow: str) -> list[str]:
    data = yaml.safe_load((REPO / ".github" / "workflows" / workflow).read_text())
    [job] = data["jobs"].values()
    return [step["run"] for step in job["steps"] if "run" in step]


def test_ci_workflow_runs_the_readme_test_command_and_the_check() -> None:
    runs = commands("ci.yml")
    assert "make test" in runs
    assert ".venv/bin/python build.py check --format github" in runs


def test_release_workflow_builds_verifies_then_publishes() -> None:
    runs = commands("release.yml")
    build = runs.index("make paper")
    verify = runs.index(".venv/bin/python build.py verify out/manifest.json")
    publish = next(i for i, run in enumerate(runs) if "gh release create" in run)
    assert build < verify < publish


def test_no_step_or_make_target_overrides_the_exit_code_policy() -> None:
    """The build's exit code (the project's fail-on) decides: nothing swallows a failure."""
    for workflow in ("ci.yml", "release.yml"):
        data = yaml.safe_load((REPO / ".github" / "workflows" / workflow).read_text())
        [job] = data["jobs"].values()
        for step in job["steps"]:
            assert "continue-on-error" not in step, (workflow, step)
            assert "||" not in step.get("run", ""), (workflow, step["run"])
    recipe = subprocess.run(["make", "-n", "paper"], cwd=REPO, capture_output=True, text=True,
                            timeout=60, check=False).stdout
    assert "||" not in recipe and "python build.py" in recipe, recipe
