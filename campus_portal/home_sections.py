"""Sections that higher apps add to the home page, below the hero: the latest offers, ….

Each app registers a callable `section(request) -> dict | None` in its `AppConfig.ready()`;
the dict names a template and its context (`{"template": "...", "context": {...}}`), and
None shows nothing. Sections show by `order` (DESIGN.md: next meeting day, latest offers,
tracks in shortage), then in the order of registration.
"""

from collections.abc import Callable

from django.http import HttpRequest

Section = Callable[[HttpRequest], dict | None]
_sections: dict[Section, int] = {}


def register(section: Section, *, order: int = 100) -> Section:
    """Add a section to the home page; registering the same one twice adds it once."""
    _sections.setdefault(section, order)
    return section


def sections(request: HttpRequest) -> list[dict]:
    """The sections to show to this request, each `{"template": ..., "context": ...}`."""
    ordered = sorted(_sections, key=_sections.__getitem__)  # stable for equal orders
    return [shown for section in ordered if (shown := section(request)) is not None]
