"""govtext.tracking: what a logged model trusts, and store URIs checked before any training."""

import subprocess

import pytest

from govtext.errors import GovtextError
from govtext.learning.config import parse_config
from govtext.learning.models import build_pipeline
from govtext.stores import check_tracking_uri, resolve_tracking_uri
from govtext.tracking import experiment_names, own_types
from govtext.versions import git_tags


def test_a_logged_model_trusts_exactly_the_govtext_types_it_holds():
    config = parse_config({"name": "t", "features": {"cues": True}}, "t.toml")
    pipeline = build_pipeline(config).fit(
        ["Huyện đề nghị tỉnh hỗ trợ vốn.", "Huyện đạt 100% kế hoạch."], ["request", "achievement"]
    )
    names = own_types(pipeline)
    assert len(names) == 2 and all(name.startswith("govtext.") for name in names)
    assert {name.rpartition(".")[2] for name in names} == {"Segmenter", "CueFeatures"}


def test_store_uris_are_checked_before_training(tmp_path, monkeypatch):
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    monkeypatch.chdir(tmp_path)
    assert resolve_tracking_uri() == f"sqlite:///{tmp_path / 'mlflow.db'}"
    check_tracking_uri(resolve_tracking_uri())
    with pytest.raises(GovtextError, match="refuses plain file stores"):
        check_tracking_uri("file:./mlruns")
    with pytest.raises(GovtextError, match="does not exist or is not writable"):
        check_tracking_uri(f"sqlite:///{tmp_path / 'missing' / 'mlflow.db'}")


def test_reading_a_store_leaves_where_later_commands_default_to(tmp_path, monkeypatch):
    # MLflow's set_tracking_uri exports MLFLOW_TRACKING_URI for the whole process; after one
    # call on another store, a later command in the same process must still default to ./mlflow.db.
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    monkeypatch.chdir(tmp_path)
    assert experiment_names(f"sqlite:///{tmp_path / 'elsewhere.db'}") == ["Default"]
    assert resolve_tracking_uri() == f"sqlite:///{tmp_path / 'mlflow.db'}"
    monkeypatch.setenv("MLFLOW_TRACKING_URI", f"sqlite:///{tmp_path / 'team.db'}")
    experiment_names(f"sqlite:///{tmp_path / 'elsewhere.db'}")
    assert resolve_tracking_uri() == f"sqlite:///{tmp_path / 'team.db'}"


def test_the_git_dirty_tag_tells_a_clean_checkout_from_a_changed_one(tmp_path, monkeypatch):
    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                       cwd=tmp_path, check=True, capture_output=True)  # fmt: skip

    monkeypatch.chdir(tmp_path)
    assert git_tags() == {"govtext.git_dirty": "unknown (not a git checkout)"}
    git("init", "-q")
    (tmp_path / "bao-cao.txt").write_text("Huyện đã đạt kế hoạch.\n", encoding="utf-8")
    git("add", "bao-cao.txt")
    git("commit", "-q", "-m", "báo cáo")
    clean = git_tags()
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=tmp_path, capture_output=True,
                          text=True, check=True).stdout.strip()  # fmt: skip
    assert clean == {"mlflow.source.git.commit": head, "govtext.git_dirty": "false"}
    (tmp_path / "bao-cao.txt").write_text("Huyện chưa đạt kế hoạch.\n", encoding="utf-8")
    assert git_tags()["govtext.git_dirty"] == "true"
