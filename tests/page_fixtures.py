"""Three hand-written saved pages (tests/fixtures/pages/) in the shape of different Vietnamese
sites, with the sentences of their articles and the site chrome that must not come back.

- ``provincial-portal.html``: a district portal (UTF-8 ``<meta charset>``) with a menu, a
  breadcrumb, a "latest news" sidebar, an "other news" box and a footer;
- ``chinhphu-article.html``: a national news article (``http-equiv`` Content-Type) with a sapo,
  share buttons, a related-links box inside the body, tags, a byline and a "most read" aside;
- ``legacy-windows-1258.htm``: an old department site laid out in tables, saved in
  Windows-1258 with its tones as combining marks (decoded, then NFC-normalised).

The reports and places are invented.
"""

from __future__ import annotations

from pathlib import Path

PAGES_DIR = Path(__file__).resolve().parent / "fixtures" / "pages"

PORTAL = PAGES_DIR / "provincial-portal.html"
CHINHPHU = PAGES_DIR / "chinhphu-article.html"
LEGACY = PAGES_DIR / "legacy-windows-1258.htm"

# Every sentence of each article's body, in order.
ARTICLE = {
    PORTAL: [
        "Sáng 04/01, UBND huyện Ea Rông tổ chức hội nghị tổng kết công tác cải cách hành chính "
        "năm 2023 và triển khai nhiệm vụ năm 2024.",
        "Năm 2023, huyện đã giải quyết đúng hạn 98,5% hồ sơ thủ tục hành chính, tăng 3% so với "
        "năm 2022.",
        "Tuy nhiên, việc số hóa hồ sơ tại một số xã còn chậm, đội ngũ công chức bộ phận một cửa "
        "còn thiếu.",
        "Hạ tầng mạng ở các xã vùng sâu chưa đáp ứng yêu cầu.",
        "Huyện đề nghị UBND tỉnh hỗ trợ kinh phí nâng cấp phần mềm một cửa điện tử cho 12 xã.",
        "Chủ tịch UBND huyện yêu cầu các phòng, ban chuyên môn rà soát, công khai đầy đủ thủ tục "
        "hành chính trước ngày 31/3/2024.",
    ],
    CHINHPHU: [
        "(Chinhphu.vn) - Năm 2023, cả nước giải ngân vốn đầu tư công đạt 93,1% kế hoạch Thủ "
        "tướng giao, cao nhất trong nhiều năm.",
        "Tuy nhiên, một số bộ, ngành và địa phương vẫn giải ngân dưới mức bình quân cả nước, "
        "nhiều dự án chậm giải phóng mặt bằng.",
        "Các địa phương kiến nghị Chính phủ sớm sửa đổi quy định về điều chỉnh kế hoạch vốn giữa "
        "các dự án.",
        "Thủ tướng yêu cầu các bộ, ngành, địa phương tháo gỡ ngay vướng mắc về đất đai, vật liệu "
        "xây dựng và thủ tục đầu tư.",
        "Bộ Kế hoạch và Đầu tư chủ trì, phối hợp với Bộ Tài chính theo dõi, báo cáo Thủ tướng "
        "kết quả giải ngân hằng tháng.",
    ],
    LEGACY: [
        "Vụ Đông Xuân năm 2023, toàn tỉnh gieo trồng được 45.200 ha lúa, năng suất bình quân đạt "
        "62,4 tạ/ha, vượt kế hoạch đề ra.",
        "Một số diện tích lúa ở vùng trũng bị ngập úng cục bộ, ảnh hưởng đến năng suất và thu "
        "nhập của nông dân.",
        "Sở đề nghị Bộ Nông nghiệp và Phát triển nông thôn hỗ trợ giống lúa chịu hạn cho các "
        "huyện bị thiệt hại.",
        "Các huyện, thị xã cần chủ động xây dựng phương án phòng, chống hạn hán cho vụ Hè Thu.",
    ],
}

# Text of each site's menus, sidebars, boxes and footer: none of it is the report.
CHROME = {
    PORTAL: ["Trang chủ", "Giới thiệu", "Văn bản chỉ đạo", "Tin mới nhất", "ra quân tổng vệ sinh",
             "Liên kết website", "In bài viết", "Các tin khác", "Đại hội Đoàn", "Bản quyền",
             "Địa chỉ", "Lượt truy cập", "Nhập từ khóa"],
    CHINHPHU: ["BÁO ĐIỆN TỬ", "Thông cáo báo chí", "Chỉ đạo - Quyết định", "Chia sẻ", "Zalo",
               "Tin liên quan", "11 tháng đạt 65%", "cao tốc Bắc - Nam", "Từ khóa", "Đọc nhiều",
               "Lịch nghỉ Tết", "Tổng Biên tập", "Tòa soạn", "Bản quyền"],
    LEGACY: ["Trang chủ", "Văn bản pháp quy", "Thông tin giá cả", "DANH MỤC", "Chăn nuôi",
             "Lâm nghiệp", "truy cập", "Địa chỉ", "Điện thoại", "Ghi rõ nguồn"],
}  # fmt: skip

# The headline each page marks as its title (<h1>): left out, as a .txt report's title is.
TITLE = {
    PORTAL: "Huyện Ea Rông tổng kết công tác cải cách hành chính năm 2023",
    CHINHPHU: "Thủ tướng chỉ đạo đẩy nhanh giải ngân vốn đầu tư công",
}
