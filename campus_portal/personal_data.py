"""The personal-data registry: what each app stores about a user, to export and to erase.

Each app registers a `Section` in its `AppConfig.ready()`: the models it covers, how to
export them for one user, and what to do before the user's row is deleted (remove files,
anonymise records that also belong to others). Deleting the user then cascades to the
rest. A test fails when a model that points to a user is covered by no section.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Model


@dataclass(frozen=True)
class Section:
    key: str
    models: tuple[type[Model], ...]
    export: Callable[[Any], Any]
    erase: Callable[[Any], None] | None = None


@dataclass(frozen=True)
class RetentionRule:
    """A scheduled clean-up: `apply(now)` returns how many records it removed."""

    key: str
    description: str
    apply: Callable[[datetime], int]


_sections: dict[str, Section] = {}
_retention: dict[str, RetentionRule] = {}


def register(section: Section) -> None:
    _sections[section.key] = section


def register_retention(rule: RetentionRule) -> None:
    _retention[rule.key] = rule


def sections() -> list[Section]:
    return list(_sections.values())


def retention_rules() -> list[RetentionRule]:
    return list(_retention.values())


def covered_models() -> set[type[Model]]:
    return {model for section in _sections.values() for model in section.models}


def _jsonable(value):
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(item) for item in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def export_user(user) -> dict:
    """Everything the portal stores about `user`, as JSON-ready data."""
    return {section.key: _jsonable(section.export(user)) for section in _sections.values()}


@transaction.atomic
def erase_user(user) -> None:
    """Delete an account and everything that is only the user's; anonymise the rest."""
    for section in _sections.values():
        if section.erase is not None:
            section.erase(user)
    get_user_model().objects.filter(pk=user.pk).delete()


@dataclass
class RetentionReport:
    removed: dict[str, int] = field(default_factory=dict)


def apply_retention(now: datetime) -> RetentionReport:
    report = RetentionReport()
    for rule in _retention.values():
        report.removed[rule.key] = rule.apply(now)
    return report
