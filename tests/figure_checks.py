"""Checks every figure test makes: it draws, with no glyph missing from the font, and it has a
title and axis labels."""

from __future__ import annotations

import io
import warnings

from matplotlib.figure import Figure


def render(fig: Figure) -> None:
    """Draw the figure as PNG; a glyph missing from the font (a box instead of ệ) fails."""
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message="Glyph .* missing from font")
        fig.savefig(io.BytesIO(), format="png")


def assert_titled_and_labelled(fig: Figure) -> None:
    axes = [ax for ax in fig.axes if ax.get_label() != "<colorbar>"]
    assert axes
    has_suptitle = fig._suptitle is not None and fig._suptitle.get_text()
    assert has_suptitle or all(ax.get_title() for ax in axes)
    assert all(ax.get_xlabel() for ax in axes)
    assert any(ax.get_ylabel() for ax in axes)
    render(fig)
