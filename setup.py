"""The compiled parts of govtext (everything else is in pyproject.toml): syllable tokens and
n-gram counts in C, for the engines that label archives. ``optional``: where no C compiler is
found the install carries on without them, and govtext does the same work in Python and NumPy
(the same tokens and numbers, more slowly)."""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension("govtext.text._syllables", ["src/govtext/text/_syllables.c"], optional=True),
        Extension("govtext.inference._ngrams", ["src/govtext/inference/_ngrams.c"], optional=True),
    ]
)
