"""The one compiled part of govtext (everything else is in pyproject.toml): n-gram counting in C
for the fast and linear engines. ``optional``: where no C compiler is found the install carries
on without it, and govtext.inference.fast counts with NumPy, the same numbers more slowly."""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension("govtext.inference._ngrams", ["src/govtext/inference/_ngrams.c"], optional=True)
    ]
)
