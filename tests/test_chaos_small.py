"""A small run of benchmarks/chaos.py: faults and SIGKILLs never post a row twice or lose one."""

from __future__ import annotations

import json
import subprocess
import sys

from cli_support import PROJECT


def test_chaos_small_posts_each_row_once() -> None:
    completed = subprocess.run(
        [sys.executable, "benchmarks/chaos.py", "--rows", "40", "--kills", "3", "--json"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.stderr == ""
    figures = json.loads(completed.stdout)

    assert figures["rows"] == 40
    assert figures["rows posted twice"] == 0
    assert figures["rows lost"] == 0
    assert figures["ledger entries that disagree with the sandbox"] == 0
    assert figures["rows posted once"] == 40
    assert figures["posts stored in the sandbox"] == 40
    assert figures["exit codes"][-1] == 0
    assert completed.returncode == 0
