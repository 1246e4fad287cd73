"""Hand-written sentences for the learning tests, and a small pipeline to fit on them."""

from __future__ import annotations

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

ACH, LIM, REQ, INS, OTH = "achievement", "limitation", "request", "instruction", "other"

# A miniature of the seed: the same shape of imbalance (instruction-heavy, two examples of the
# rare classes), short enough to read.
SENTENCES = [
    ("Tổng thu ngân sách đạt 142,6 tỷ đồng, vượt 16,6% kế hoạch.", ACH),
    ("Tỷ lệ hộ nghèo giảm còn 3,28%.", ACH),
    ("Tình hình an ninh chính trị được giữ vững.", ACH),
    ("Huyện đã hoàn thành 12 công trình giao thông nông thôn.", ACH),
    ("Chất lượng nguồn nhân lực còn thấp.", LIM),
    ("Tiến độ giải ngân vốn đầu tư công còn chậm.", LIM),
    ("Huyện đề nghị tỉnh hỗ trợ kinh phí xây dựng trường học.", REQ),
    ("Địa phương kiến nghị Trung ương bố trí vốn cho dự án thủy lợi.", REQ),
    ("Đồng chí Bí thư yêu cầu huyện tập trung chỉ đạo sản xuất vụ đông.", INS),
    ("Cần đẩy mạnh cải cách hành chính trong thời gian tới.", INS),
    ("Các ngành phải nâng cao chất lượng giáo dục.", INS),
    ("Tiếp tục chỉ đạo quyết liệt công tác giảm nghèo.", INS),
    ("Năm 2021, huyện phấn đấu thu ngân sách vượt dự toán.", INS),
    ("Tập trung xây dựng, chỉnh đốn Đảng.", INS),
    ("Tham dự có lãnh đạo các sở, ngành của tỉnh.", OTH),
    ("T/h: Minh Anh.", OTH),
]
TEXTS = [text for text, _ in SENTENCES]
LABELS = [label for _, label in SENTENCES]


def tfidf_logreg():
    return make_pipeline(TfidfVectorizer(token_pattern=r"\S+"), LogisticRegression(max_iter=200))
