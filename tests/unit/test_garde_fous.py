"""The guards that keep private data out of git: the pre-commit hook and the CI step."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _hook() -> dict:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = [h for repo in config["repos"] for h in repo["hooks"]]
    return next(h for h in hooks if h["id"] == "refuser-donnees-privees")


def test_pre_commit_refuses_private_files_only():
    hook = _hook()
    assert hook["language"] == "fail"
    pattern = re.compile(hook["files"])
    for path in ("data/private.yml", "private.yml", "cabinets/x/private.yml", "data/private.yaml"):
        assert pattern.search(path), path
    for path in ("data/private.example.yml", "data/equipe.yml", "docs/private.md"):
        assert not pattern.search(path), path


def test_ci_step_fails_when_a_private_file_is_tracked(tmp_path):
    workflow = yaml.safe_load((ROOT / ".github/workflows/ci.yml").read_text(encoding="utf-8"))
    step = next(
        s
        for s in workflow["jobs"]["test"]["steps"]
        if s.get("name") == "Refuse committed private data"
    )
    repo = tmp_path / "repo"
    (repo / "data").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / "data" / "equipe.yml").write_text("membres: []\n", encoding="utf-8")
    subprocess.run(["git", "-C", str(repo), "add", "."], check=True)
    clean = subprocess.run(["bash", "-c", step["run"]], cwd=repo, capture_output=True, text=True)
    assert clean.returncode == 0
    (repo / "data" / "private.yml").write_text("membres: {}\n", encoding="utf-8")
    subprocess.run(["git", "-C", str(repo), "add", "-f", "data/private.yml"], check=True)
    leaked = subprocess.run(["bash", "-c", step["run"]], cwd=repo, capture_output=True, text=True)
    assert leaked.returncode == 1
    assert "Données privées commitées" in leaked.stderr
