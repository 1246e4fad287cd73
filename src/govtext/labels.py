"""The label scheme of ../shared/labels.md: four task labels plus ``other``."""

TASK_LABELS: tuple[str, ...] = ("achievement", "limitation", "request", "instruction")
OTHER = "other"
ALL_LABELS: tuple[str, ...] = (*TASK_LABELS, OTHER)

# Bump when the annotation guide changes in a way that could change a label.
GUIDELINE_VERSION = "1.1"

# One line per label, from ../shared/labels.md: what a sentence with that label does. The model
# card and anything else that explains the labels read them here.
LABEL_DESCRIPTIONS: dict[str, str] = {
    "achievement": "a result, progress or good state that was attained (targets met, figures "
    "reached, tasks done, stability kept)",
    "limitation": "a shortcoming, weakness, difficulty, problem or unmet target of the "
    "reporting body or locality",
    "request": "the reporting body (or locality, its people, an enterprise) asks a higher level "
    "or another body for support, resources, a policy or an action",
    "instruction": "a directive, task, orientation or commitment for future action",
    "other": "none of the above: bylines, datelines, captions, attendance, background facts",
}
