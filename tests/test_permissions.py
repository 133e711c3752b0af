"""Every persona gets what the permission table says on every URL, and no route is missing."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.views.static import serve

from tests.conftest import PERSONAS
from tests.permission_table import all_rows

ROWS = all_rows()


def named_routes(patterns=None, namespace=None):
    """Every (name, route) pair outside the admin, as the URL resolver sees them."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue
            inner = ":".join(part for part in (namespace, pattern.namespace) if part)
            yield from named_routes(pattern.url_patterns, inner or None)
        elif isinstance(pattern, URLPattern):
            if pattern.callback is serve:  # development-only media files
                continue
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield name, str(pattern.pattern)


def test_every_route_is_in_the_table():
    covered = {row.name for row in ROWS}
    missing = sorted(
        f"{name or '(unnamed)'} {route}" for name, route in named_routes() if name not in covered
    )
    assert not missing, f"Routes missing from the permission table: {missing}"


# The admin's own pages are left out of the walk; these staff entrances are in the table.
STAFF_ENTRANCES = {
    "admin:index",
    "admin_dashboard",
    "events:checkin_home",
    "events:checkin_code",
    "events:checkin_token",
    "events:checkin_company",
    "events:checkin_no_shows",
}


def test_the_staff_entrances_are_in_the_table():
    missing = STAFF_ENTRANCES - {row.name for row in ROWS}
    assert not missing, f"Staff entrances missing from the permission table: {sorted(missing)}"


def test_every_row_names_a_route():
    names = {name for name, _route in named_routes()} | {"admin:index"}
    assert {row.name for row in ROWS} <= names


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.name)
def test_permission_table(row, persona, persona_client, request):
    url = reverse(row.name, kwargs=row.url_kwargs(request.getfixturevalue))
    client = persona_client(persona)
    response = client.get(url)
    assert response.status_code == row.expect[persona], (
        f"{persona} on {row.name}: {response.status_code}, expected {row.expect[persona]}"
    )
