"""A miniature shared corpus (pool.jsonl, dev.csv) and pool annotations, hand-written, so the gold
set, its splits and the lockbox can be tested without the licensed corpus."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from govtext.data.corpora import corpus_rows

# Three pool articles: one for each split. Each sentence's gold label is given beside it.
ARTICLES = {
    "train": [
        ("Huyện đã hoàn thành 15/17 chỉ tiêu kinh tế - xã hội năm 2020.", "achievement"),
        ("Tuy nhiên, tỷ lệ giải ngân vốn đầu tư công còn thấp.", "limitation"),
        ("Huyện đề nghị tỉnh hỗ trợ kinh phí làm đường giao thông.", "request"),
        ("Chủ tịch UBND tỉnh yêu cầu huyện tập trung xử lý vi phạm đất đai.", "instruction"),
        ("Tham dự buổi làm việc có lãnh đạo các sở, ngành.", "other"),
    ],
    "validation": [
        ("Xã đã giữ vững ổn định an ninh trật tự trên địa bàn.", "achievement"),
        ("Công tác cải cách hành chính còn chậm, chưa đáp ứng yêu cầu.", "limitation"),
        ("Cử tri kiến nghị Quốc hội sớm sửa đổi Luật Đất đai.", "request"),
        ("Thời gian tới, tỉnh sẽ tập trung đẩy mạnh chuyển đổi số.", "instruction"),
        ("Ảnh: Minh An", "other"),
    ],
    "lockbox": [
        ("Tổng thu ngân sách năm 2020 đạt 116,6% dự toán.", "achievement"),
        ("Tình trạng khai thác cát trái phép vẫn diễn biến phức tạp.", "limitation"),
        ("Doanh nghiệp mong muốn thành phố tháo gỡ vướng mắc về mặt bằng.", "request"),
        ("Bộ trưởng đề nghị các địa phương khẩn trương hoàn thành kế hoạch.", "instruction"),
        ("Theo TTXVN", "other"),
    ],
}

DEV = [
    ("1", "1", "Huyện đã vượt kế hoạch thu ngân sách.", "achievement"),
    ("1", "2", "Một số xã còn khó khăn về nguồn vốn.", "limitation"),
    ("1", "3", "Huyện kiến nghị tỉnh bố trí vốn xây trường học.", "request"),
    ("1", "4", "Bí thư Tỉnh ủy yêu cầu huyện nâng cao chất lượng đảng viên.", "instruction"),
    ("1", "5", "T/h: Bảo Ngọc", "other"),
]


def write_corpus(folder: Path) -> Path:
    """Write pool.jsonl and dev.csv into ``folder`` and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "pool.jsonl").open("w", encoding="utf-8") as handle:
        for split, sentences in ARTICLES.items():
            record = {"title": f"Bài {split}", "text": "\n".join(s for s, _ in sentences)}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    with (folder / "dev.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["sid", "article", "position", "text", "label"])
        for i, (article, position, text, label) in enumerate(DEV):
            writer.writerow([f"dev{i:09d}", article, position, text, label])
    return folder


def write_annotations(corpus: Path, path: Path, *, disagree: int = 1) -> Path:
    """Pool annotations for the corpus in ``corpus``: both passes agree on every sentence but
    the first ``disagree`` ones, where pass B says ``other`` and adjudication kept pass A."""
    gold = {text: (label, split) for split, rows in ARTICLES.items() for text, label in rows}
    rows = []
    for i, row in enumerate(corpus_rows(corpus / "pool.jsonl", with_words=False)):
        label, split = gold[row["text"]]
        pass_b = "other" if i < disagree and label != "other" else label
        rows.append([row["sent_id"], row["doc_id"], row["position"], 1, "random-article",
                     split, label, pass_b, label, 0, ""])  # fmt: skip
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["sent_id", "doc_id", "position", "round", "sample", "split", "pass_a",
                         "pass_b", "label", "unsure", "note"])  # fmt: skip
        writer.writerows(rows)
    return path
