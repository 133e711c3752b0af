"""Factories shared by every app's tests."""

import factory
from allauth.account.models import EmailAddress

from campus_portal.models import User

PASSWORD = "correct-horse-battery-staple"
# Staff must have a second factor before the admin (StaffSecondFactorMiddleware).
TOTP_SECRET = "JBSWY3DPEHPK3PXP"


def totp_code(secret: str = TOTP_SECRET) -> str:
    """The current code of an authenticator app holding `secret`."""
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    counter = list(yield_hotp_counters_from_time())[len(list(yield_hotp_counters_from_time())) // 2]
    return format_hotp_value(hotp_value(secret, counter))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.be")
    first_name = factory.Faker("first_name", locale="fr_BE")
    last_name = factory.Faker("last_name", locale="fr_BE")
    preferred_language = "fr"
    password = factory.django.Password(PASSWORD)

    class Params:
        staff = factory.Trait(is_staff=True, is_superuser=True)

    @factory.post_generation
    def second_factor(self, create, extracted, **kwargs):
        """Staff get a TOTP authenticator unless `second_factor=False`."""
        if create and self.is_staff and extracted is not False:
            from allauth.mfa.totp.internal.auth import TOTP

            TOTP.activate(self, TOTP_SECRET)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)
