"""Signing up and applying with the keyboard alone: Tab, arrows, Space, typing and Enter.

Every control on the way must be reachable with Tab and show where the focus is.
"""

import pytest

from jobboard.models import Application
from tests.browser.conftest import PASSWORD
from tests.factories import PASSWORD as FACTORY_PASSWORD
from tests.jobboard.factories import OfferFactory
from tests.students.factories import StudentFactory, TrackFactory

pytestmark = pytest.mark.django_db(transaction=True)

# How many Tab presses a control may lie behind before we call it unreachable.
MAX_TABS = 80

FOCUS_IS_VISIBLE = """() => {
    const style = getComputedStyle(document.activeElement);
    return (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
        || style.boxShadow !== "none";
}"""


def tab_to(page, selector):
    """Press Tab until the element matching `selector` has the focus, which must show."""
    target = page.locator(selector).first
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            assert page.evaluate(FOCUS_IS_VISIBLE), f"the focus on {selector} does not show"
            return
    raise AssertionError(f"{selector} cannot be reached with the Tab key")


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_sign_up_with_the_keyboard_alone(new_page, mailoutbox, width):
    email = f"keyboard.{width}@example.be"
    page = new_page(width)
    page.goto("/fr/accounts/signup/")

    # A radio group takes one Tab; the arrow keys choose within it.
    tab_to(page, "input[name=account_type]")
    student = page.locator("input[name=account_type][value=student]")
    for _ in range(4):
        if student.is_checked():
            break
        page.keyboard.press("ArrowDown")
    assert student.is_checked()
    for name, value in [
        ("first_name", "Ilyas"),
        ("last_name", "Haddad"),
        ("email", email),
        ("password1", PASSWORD),
        ("password2", PASSWORD),
    ]:
        tab_to(page, f"input[name={name}]")
        page.keyboard.type(value)
    tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/accounts/confirm-email/")
    assert any(email in message.to for message in mailoutbox)


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_apply_with_the_keyboard_alone(new_page, width):
    track = TrackFactory()
    offer = OfferFactory(published=True, title="Soudeur·euse", tracks=[track])
    student = StudentFactory(complete=True, track=track).user
    page = new_page(width)

    # The skip link comes first and leads into the page's content.
    page.goto("/fr/accounts/login/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"
    tab_to(page, "input[name=login]")
    page.keyboard.type(student.email)
    tab_to(page, "input[name=password]")
    page.keyboard.type(FACTORY_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)

    # From the list to the offer to the form, with Enter on each link.
    page.goto("/fr/jobs/?q=soudeur")
    tab_to(page, f"main a[href$='/jobs/{offer.pk}/']")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/fr/jobs/{offer.pk}/")
    tab_to(page, ".apply-panel a.btn-primary")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/fr/jobs/{offer.pk}/apply/")
    tab_to(page, "textarea[name=message]")
    page.keyboard.type("Bonjour, je voudrais faire ce stage.")
    tab_to(page, "main form[enctype] button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/fr/me/applications/**")
    assert Application.objects.filter(offer=offer, student__user=student).exists()
