"""govtext: classify the sentences of Vietnamese government reports by what they do."""

__version__ = "0.1.0"
