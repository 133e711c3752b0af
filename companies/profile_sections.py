"""Sections that higher apps add to a company's public page: its open offers, ….

Each app registers a callable `section(company) -> dict | None` in its `AppConfig.ready()`;
the dict names a template and its context (`{"template": "...", "context": {...}}`), and
None shows nothing. The company page includes each section, in the order of registration.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from companies.models import Company

Section = Callable[["Company"], dict | None]
_sections: list[Section] = []


def register(section: Section) -> Section:
    """Add a section to every company page; registering the same one twice adds it once."""
    if section not in _sections:
        _sections.append(section)
    return section


def sections_for(company: Company) -> list[dict]:
    """The sections to show on `company`'s page, each `{"template": ..., "context": ...}`."""
    return [shown for section in _sections if (shown := section(company)) is not None]
