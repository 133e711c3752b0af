"""The menu of each role's area: apps add their pages in `AppConfig.ready()`."""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class Entry:
    role: str
    label: str
    url_name: str
    order: int = 100

    def url(self) -> str:
        return reverse(self.url_name)


_entries: dict[tuple[str, str], Entry] = {}


def register(role: str, label, url_name: str, *, order: int = 100) -> None:
    _entries[(role, url_name)] = Entry(role, label, url_name, order)


def entries_for(role_key: str | None) -> list[Entry]:
    return sorted(
        (entry for entry in _entries.values() if entry.role == role_key),
        key=lambda entry: (entry.order, entry.url_name),
    )
