"""Peak memory of ``govtext data build`` and ``govtext predict`` on hostile inputs.

Two figures, each beside a reference measured in the same run (the same step on an input a
tenth the size) and the issue's target (under 1 GiB, for any input):

- ``data build`` on a seeds folder holding one report that is a single paragraph without any
  sentence punctuation (default 20 MB): overlong "sentences" are cut at spaces into pieces of
  at most ``MAX_SENTENCE_CHARS`` characters, so word segmentation never sees a huge one;
- ``predict`` on a sentence CSV (default 1 GB), generated in a temporary folder and deleted.

Each step runs in a child process that reports its own peak resident memory (VmHWM).

    .venv/bin/python benchmarks/memory.py                          # 20 MB paragraph, 1 GB CSV
    .venv/bin/python benchmarks/memory.py --build-mb 0.2 --predict-mb 2   # a smoke run

The CSV goes to ``--tmp`` (default: the system's temporary folder); nothing big is kept.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # a script in the repository, not the package
TARGET_MIB = 1024
_PROSE = (
    "huyện tập trung chỉ đạo phát triển kinh tế xã hội đảm bảo quốc phòng an ninh "
    "đề nghị tỉnh quan tâm bố trí vốn cho dự án công tác cải cách hành chính còn chậm"
)
SYLLABLES = _PROSE.split()
SENTENCES = [
    "Năm 2020, huyện đã hoàn thành 15/17 chỉ tiêu, tổng thu ngân sách đạt 116,6 %.",
    "Tuy nhiên, công tác phát triển đảng viên mới còn thấp.",
    "Huyện đề nghị tỉnh quan tâm bố trí vốn cho dự án.",
    "Bí thư Tỉnh ủy yêu cầu huyện tập trung xử lý vi phạm đất đai.",
    "T/h: Minh An",
]

_PEAK = """
from pathlib import Path
status = Path("/proc/self/status").read_text().splitlines()
peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
"""
_BUILD = (
    "import json, sys\n"
    "from govtext.data.dataset import build\n"
    "result = build(sys.argv[1], sys.argv[2] or None, sys.argv[3])\n"
    + _PEAK
    + "print(json.dumps({'rows': len(result.dataset.sentences), 'peak_kib': peak}))\n"
)
_PREDICT = (
    "import json, sys\n"
    "from govtext.inference import write_predictions\n"
    "run = write_predictions([sys.argv[1]], sys.argv[2], sys.argv[3], engine=sys.argv[4])\n"
    + _PEAK
    + "print(json.dumps({'rows': run.rows, 'peak_kib': peak}))\n"
)


def _child(code: str, *args: str, cwd: Path | None = None) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=False, cwd=cwd
    )
    if done.returncode != 0:
        raise SystemExit(f"child failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def unpunctuated_report(path: Path, megabytes: float) -> None:
    """One paragraph of ``megabytes`` MB (UTF-8) without a single sentence mark."""
    target = int(megabytes * 2**20)
    with path.open("w", encoding="utf-8") as handle:
        size, i = 0, 0
        while size < target:
            line = " ".join(SYLLABLES[(i + k) % len(SYLLABLES)] for k in range(1000)) + " "
            handle.write(line)
            size += len(line.encode("utf-8"))
            i += 7
        handle.write("\n")


def sentence_csv(path: Path, megabytes: float) -> None:
    """A ``text`` CSV of ``megabytes`` MB, the hand-written sentences over and over."""
    block = "".join(f'"{s}"\n' for s in SENTENCES) * 2000
    block_size = len(block.encode("utf-8"))
    with path.open("w", encoding="utf-8") as handle:
        handle.write("text\n")
        for _ in range(max(1, int(megabytes * 2**20) // block_size)):
            handle.write(block)


def measure_build(work: Path, megabytes: float) -> dict:
    seeds = work / f"seeds-{megabytes}"
    seeds.mkdir()
    unpunctuated_report(seeds / "scrape.txt", megabytes)
    out = work / f"data-{megabytes}"
    # Run in the scratch folder: a new project, without data/labels.csv.
    return _child(_BUILD, str(seeds), "", str(out), cwd=work)


def measure_predict(work: Path, model: Path, megabytes: float, engine: str) -> dict:
    csv = work / f"sentences-{megabytes}.csv"
    sentence_csv(csv, megabytes)
    try:
        return _child(_PREDICT, str(csv), str(model), str(work / "labels.csv"), engine)
    finally:
        csv.unlink()
        (work / "labels.csv").unlink(missing_ok=True)


def default_model(work: Path) -> Path:
    """The default experiment trained on the seed dataset and exported (a tracked run in a
    temporary store)."""
    project = work / "project"
    (project / "data").mkdir(parents=True)
    shutil.copy(ROOT / "data" / "sentences.csv", project / "data" / "sentences.csv")
    shutil.copytree(ROOT / "experiments", project / "experiments")
    os.environ.pop("MLFLOW_TRACKING_URI", None)
    subprocess.run(
        [sys.executable, "-m", "govtext.cli", "train", "experiments/default.toml",
         "--set", "evaluation.repeats=1", "--set", "evaluation.bootstrap=100"],
        cwd=project, check=True, capture_output=True,
    )  # fmt: skip
    subprocess.run(
        [sys.executable, "-m", "govtext.cli", "export", "latest", "--out", "model",
         "--no-register"],
        cwd=project, check=True, capture_output=True,
    )  # fmt: skip
    return project / "model"


def report(what: str, big: dict, small: dict, size: str, small_size: str) -> bool:
    peak, reference = big["peak_kib"] / 1024, small["peak_kib"] / 1024
    holds = peak < TARGET_MIB
    print(
        f"  {what} on {size} ({big['rows']:,} rows): peak {peak:,.0f} MiB"
        f"  | on {small_size} ({small['rows']:,} rows): {reference:,.0f} MiB"
        f"  ratio {peak / reference:.2f}"
        f"  | target < {TARGET_MIB} MiB: {'HOLDS' if holds else 'MISSED'}",
        flush=True,
    )
    return holds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build-mb", type=float, default=20.0, help="unpunctuated paragraph")
    parser.add_argument("--predict-mb", type=float, default=1024.0, help="sentence CSV")
    parser.add_argument("--engine", default="sklearn", help="predict engine")
    parser.add_argument("--model", type=Path, help="an exported model (default: train one)")
    parser.add_argument("--tmp", type=Path, help="folder for the generated inputs")
    args = parser.parse_args(argv)
    ok = True
    with tempfile.TemporaryDirectory(dir=args.tmp, prefix="govtext-memory-") as tmp:
        work = Path(tmp)
        start = time.perf_counter()
        print("== data build: one paragraph without sentence punctuation", flush=True)
        small = measure_build(work, args.build_mb / 10)
        big = measure_build(work, args.build_mb)
        ok &= report(
            "data build", big, small, f"{args.build_mb:g} MB", f"{args.build_mb / 10:g} MB"
        )
        print("== predict: a sentence CSV", flush=True)
        model = args.model or default_model(work)
        small = measure_predict(work, model, args.predict_mb / 10, args.engine)
        big = measure_predict(work, model, args.predict_mb, args.engine)
        ok &= report(f"predict ({args.engine})", big, small, f"{args.predict_mb:g} MB",
                     f"{args.predict_mb / 10:g} MB")  # fmt: skip
        print(f"== done in {time.perf_counter() - start:,.0f} s", flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
