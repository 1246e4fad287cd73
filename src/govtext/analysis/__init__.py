"""Tables and figures for the notebooks: the dataset, the tracked experiments, one run's errors;
and the model's suggestions for annotators.

The notebooks in ``notebooks/`` only call these functions, so every view they show is tested.
Functions return a pandas DataFrame or a matplotlib ``Figure`` with a title and labelled axes;
figures are built without pyplot (no global state), and an empty input gives a figure that says
what is missing instead of an error. The views live in ``corpus_views`` (the dataset),
``experiment_views`` (the tracked runs) and ``error_views`` (one run); all are re-exported here.
"""

from govtext.analysis.common import LABEL_COLOURS, Corpora
from govtext.analysis.corpus_views import (
    cue_firing,
    cue_firing_figure,
    cue_lexicon,
    cue_votes,
    distinctive_figure,
    distinctive_ngrams,
    distinctive_table,
    examples_per_label,
    label_count_figure,
    label_count_table,
    length_figure,
    length_table,
    load_corpora,
    sentence_lengths,
    with_tokens,
)
from govtext.analysis.error_views import (
    Rerun,
    choose_run,
    errors_table,
    external_errors,
    held_out_scores,
    out_of_fold_scores,
    rerun,
    rules_on_errors,
    score_kind,
    table_or_reason,
    top_features,
    top_features_figure,
)
from govtext.analysis.experiment_views import (
    experiment_table,
    forest_figure,
    per_class_f1_figure,
    protocol_name,
    seed_vs_external,
    seed_vs_external_figure,
    store_uri,
)
from govtext.analysis.suggestions import (
    default_model_scores,
    suggest_from_corpus,
    write_annotation_tasks,
)
from govtext.learning.reports import confusion_figure, per_class_report

__all__ = [
    "LABEL_COLOURS",
    "Corpora",
    "Rerun",
    "choose_run",
    "confusion_figure",
    "cue_firing",
    "cue_firing_figure",
    "cue_lexicon",
    "cue_votes",
    "default_model_scores",
    "distinctive_figure",
    "distinctive_ngrams",
    "distinctive_table",
    "errors_table",
    "external_errors",
    "examples_per_label",
    "experiment_table",
    "forest_figure",
    "held_out_scores",
    "label_count_figure",
    "label_count_table",
    "length_figure",
    "length_table",
    "load_corpora",
    "out_of_fold_scores",
    "per_class_f1_figure",
    "per_class_report",
    "protocol_name",
    "rerun",
    "rules_on_errors",
    "score_kind",
    "seed_vs_external",
    "seed_vs_external_figure",
    "sentence_lengths",
    "store_uri",
    "suggest_from_corpus",
    "table_or_reason",
    "top_features",
    "top_features_figure",
    "with_tokens",
    "write_annotation_tasks",
]
