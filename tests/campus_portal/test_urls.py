"""Every named URL resolves, in each language, to the view it names."""

import pytest
from django.urls import resolve, reverse
from django.utils import translation

from tests.permission_table import all_rows

# Machines, calendar apps and the admin (in the staff member's language): no prefix.
UNPREFIXED = {"healthz", "set_language", "calendar_feed", "admin_dashboard", "admin:index"}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "nl", "en"])
@pytest.mark.parametrize("row", all_rows(), ids=lambda row: row.name)
def test_named_url_resolves(row, language, request):
    kwargs = row.url_kwargs(request.getfixturevalue)
    with translation.override(language):
        url = reverse(row.name, kwargs=kwargs)
        match = resolve(url)
    assert match.view_name == row.name
    if row.name not in UNPREFIXED:
        assert url.startswith(f"/{language}/")
