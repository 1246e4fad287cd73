"""Learning: experiment configs, features and models, evaluation protocols and metrics, running
an experiment (in memory or out of core), weak supervision from the rules.

The modules are imported on demand (``from govtext.learning.experiment import run_experiment``):
this package's ``__init__`` imports nothing, so loading a model for prediction never pays for the
training stack.
"""
