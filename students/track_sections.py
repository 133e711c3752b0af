"""Sections that higher apps add to a track's page: companies seeking it, open offers.

Each app registers a callable `section(track) -> dict | None` in its `AppConfig.ready()`;
the dict names a template and its context (`{"template": "...", "context": {...}}`), and
None shows nothing. A section registered with the `topics` its data depends on is public
data, kept in the public cache (`campus_portal.caching`) until one of them changes. The
track page includes each section, in the order of registration.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from campus_portal import caching

if TYPE_CHECKING:
    from students.models import Track

Section = Callable[["Track"], dict | None]
_sections: dict[Section, tuple[str, ...] | None] = {}


def register(section: Section, *, topics: tuple[str, ...] | None = None) -> Section:
    """Add a section to every track page; registering the same one twice adds it once."""
    _sections.setdefault(section, topics)
    return section


def sections_for(track: Track) -> list[dict]:
    """The sections to show on `track`'s page, each `{"template": ..., "context": ...}`."""
    shown = (
        caching.cached_call(section, track, topics=topics) for section, topics in _sections.items()
    )
    return [section for section in shown if section is not None]
