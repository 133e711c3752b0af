import pytest
from django.core.exceptions import ValidationError

from companies.enterprise_number import formatted, normalise


@pytest.mark.parametrize(
    "spelling", ["0403.170.701", "0403170701", "BE0403170701", "be 0403 170 701", " 0403-170-701 "]
)
def test_usual_spellings_are_stored_in_one_form(spelling):
    assert normalise(spelling) == "0403170701"
    assert formatted("0403170701") == "0403.170.701"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("0403.170.702", "checksum"),
        ("403.170.701", "length"),
        ("04031707011", "length"),
        ("04O3.170.701", "not_digits"),
        ("ABCDEFGHIJ", "not_digits"),
        ("2403.170.701", "first_digit"),
        ("", "required"),
    ],
)
def test_wrong_numbers_are_refused_with_a_reason(value, code):
    with pytest.raises(ValidationError) as error:
        normalise(value)
    assert error.value.code == code
