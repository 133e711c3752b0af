import pytest

from campus_portal import catalogues


@pytest.mark.parametrize("language", catalogues.LANGUAGES)
def test_catalogue_is_complete_and_compiled(language):
    assert catalogues.problems_in(language) == []


def test_no_string_of_django_or_allauth_falls_back_to_french_on_a_dutch_page():
    assert catalogues.upstream_gaps("nl") == []
