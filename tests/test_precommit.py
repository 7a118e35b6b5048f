"""The pre-commit hooks, tried with the real pre-commit tool on a data repository of its own."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import agreement, write_data

REPO = Path(__file__).resolve().parent.parent
PRE_COMMIT = Path(sys.executable).parent / "pre-commit"


def sh(*args, cwd, env=None):
    return subprocess.run(
        args,
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=False,
    )


@pytest.mark.precommit  # ~30 s: run by .ci/run apart from the default test run
def test_the_hooks_with_pre_commit_try_repo(tmp_path):
    data_repo = tmp_path / "data-repo"
    write_data(data_repo / "data", [agreement()])
    for args in (["init", "-q", "-b", "main"], ["add", "-A"]):
        sh("git", *args, cwd=data_repo)
    env = {
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "KCBILAT_AS_OF": "2026-11-28",
        "KCBILAT_CACHE_DIR": str(tmp_path / "cache"),
    }

    def hook(name):
        return sh(
            str(PRE_COMMIT), "try-repo", str(REPO), name, "--all-files", cwd=data_repo, env=env
        )

    assert hook("kcbilat-validate").returncode == 0
    (data_repo / "data" / "agreements" / "mou.yaml").write_text(
        agreement().replace("title: A memorandum", "titel: A memorandum")
    )
    sh("git", "add", "-A", cwd=data_repo)
    failed = hook("kcbilat-validate")
    assert failed.returncode == 1
    assert "unknown field 'titel'" in failed.stdout
    # fmt rewrites a messy (but valid) record, then passes
    (data_repo / "data" / "agreements" / "mou.yaml").write_text(
        "parties: [kr-mcee, cn-mee]\n" + agreement().replace("parties: [kr-mcee, cn-mee]\n", "")
    )
    sh("git", "add", "-A", cwd=data_repo)
    assert hook("kcbilat-fmt").returncode == 1  # files were modified
    assert (data_repo / "data" / "agreements" / "mou.yaml").read_text().startswith("id: mou\n")
    sh("git", "add", "-A", cwd=data_repo)
    assert hook("kcbilat-fmt").returncode == 0
    shutil.rmtree(tmp_path / "pre-commit-home", ignore_errors=True)
