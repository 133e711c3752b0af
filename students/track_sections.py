"""Sections that higher apps add to a track's page: companies seeking it, open offers.

Each app registers a callable `section(track) -> dict | None` in its `AppConfig.ready()`;
the dict names a template and its context (`{"template": "...", "context": {...}}`), and
None shows nothing. The track page includes each section, in the order of registration.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from students.models import Track

Section = Callable[["Track"], dict | None]
_sections: list[Section] = []


def register(section: Section) -> Section:
    """Add a section to every track page; registering the same one twice adds it once."""
    if section not in _sections:
        _sections.append(section)
    return section


def sections_for(track: Track) -> list[dict]:
    """The sections to show on `track`'s page, each `{"template": ..., "context": ...}`."""
    return [shown for section in _sections if (shown := section(track)) is not None]
