"""Sections that higher apps add to the home page, below the hero: the latest offers, ….

Each app registers a callable `section(request) -> dict | None` in its `AppConfig.ready()`;
the dict names a template and its context (`{"template": "...", "context": {...}}`), and
None shows nothing. The home page includes each section, in the order of registration.
"""

from collections.abc import Callable

from django.http import HttpRequest

Section = Callable[[HttpRequest], dict | None]
_sections: list[Section] = []


def register(section: Section) -> Section:
    """Add a section to the home page; registering the same one twice adds it once."""
    if section not in _sections:
        _sections.append(section)
    return section


def sections(request: HttpRequest) -> list[dict]:
    """The sections to show to this request, each `{"template": ..., "context": ...}`."""
    return [shown for section in _sections if (shown := section(request)) is not None]
