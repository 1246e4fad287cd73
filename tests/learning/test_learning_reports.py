"""govtext.learning.reports: the per-class table and the confusion figure, drawn without pyplot."""

import subprocess
import sys

import pandas as pd
from matplotlib.figure import Figure

from govtext.labels import ALL_LABELS
from govtext.learning.metrics import confusion, scores
from govtext.learning.reports import confusion_figure, per_class_report
from govtext.learning.results import Evaluation

GOLD = ["achievement", "limitation", "request", "instruction", "other"]
PRED = ["achievement", "other", "request", "instruction", "other"]


def evaluation() -> Evaluation:
    frame = pd.DataFrame({"text": GOLD, "label": GOLD, "predicted": PRED})
    return Evaluation("2-fold", scores(GOLD, PRED), confusion(GOLD, PRED), frame)


def test_per_class_report_has_one_row_per_label():
    table = per_class_report(evaluation())
    assert table["label"].tolist() == list(ALL_LABELS)
    assert table.set_index("label").loc["limitation", "recall"] == 0.0


def test_the_confusion_figure_is_titled_and_needs_no_pyplot():
    fig = confusion_figure(evaluation())
    assert isinstance(fig, Figure) and "Confusion matrix" in fig.axes[0].get_title()
    code = (
        "import sys; import govtext.learning.reports as r; "
        "print('matplotlib.pyplot' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_long_protocol_is_wrapped_in_the_title_and_drawn_inside_the_figure():
    protocol = ("5-fold stratified group cross-validation over 50 groups repeated 1 time (seed 0), "
                "1150 sentences; no group is on both sides of a split")  # fmt: skip
    frame = pd.DataFrame({"text": GOLD, "label": GOLD, "predicted": PRED})
    fig = confusion_figure(Evaluation(protocol, scores(GOLD, PRED), confusion(GOLD, PRED), frame))
    title = fig.axes[0].title
    assert title.get_text().replace("\n", " ").endswith("no group is on both sides of a split")
    fig.canvas.draw()
    box = title.get_window_extent()
    assert box.x0 >= 0 and box.x1 <= fig.bbox.width and box.y1 <= fig.bbox.height


def test_counts_on_dark_cells_are_white():
    fig = confusion_figure(evaluation())  # the diagonal: 1; limitation -> other: 1; else 0
    colours = {t.get_text(): t.get_color() for t in fig.axes[0].texts}
    assert colours == {"1": "white", "0": "black"}
