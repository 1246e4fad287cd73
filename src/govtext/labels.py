"""The label scheme of ../shared/labels.md: four task labels plus ``other``."""

TASK_LABELS: tuple[str, ...] = ("achievement", "limitation", "request", "instruction")
OTHER = "other"
ALL_LABELS: tuple[str, ...] = (*TASK_LABELS, OTHER)

# Bump when the annotation guide changes in a way that could change a label.
GUIDELINE_VERSION = "1.0"
