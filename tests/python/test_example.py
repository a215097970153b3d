"""docs/python_example.py runs from start to end."""

from __future__ import annotations

import subprocess
import sys
from conftest import SOURCE_DIR, shared_file, SEED_A


def test_the_example_runs() -> None:
    shared = shared_file(SEED_A).parents[1]
    done = subprocess.run(
        [sys.executable, str(SOURCE_DIR / "docs/python_example.py"), str(shared)],
        capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert "2834 3113 1226 1505" in done.stdout
    assert "NotFoundError:" in done.stdout
