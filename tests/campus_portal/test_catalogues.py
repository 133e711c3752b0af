import pytest

from campus_portal import catalogues


@pytest.mark.parametrize("language", catalogues.LANGUAGES)
def test_catalogue_is_complete_and_compiled(language):
    assert catalogues.problems_in(language) == []
