"""The account's own personal data (user, addresses, sessions, second factors, audit) and
the retention rules for accounts: what campus_portal registers with the registry."""

from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Q
from django.db.models.functions import Coalesce

from campus_portal.mail import send_templated_mail
from campus_portal.models import AuditEntry, User
from campus_portal.personal_data import RetentionRule, Section, erase_user

UNCONFIRMED_DAYS = 7
INACTIVE_DAYS = 730  # 24 months
WARNING_DAYS = 30  # the warning goes a month before


def export_account(user: User) -> dict:
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "preferred_language": user.preferred_language,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user)
        ],
        "sessions": [
            {
                "created_at": session.created_at,
                "last_seen_at": session.last_seen_at,
                "ip": session.ip,
                "user_agent": session.user_agent,
            }
            for session in UserSession.objects.filter(user=user)
        ],
        "second_factors": [
            {"type": authenticator.type, "created_at": authenticator.created_at}
            for authenticator in Authenticator.objects.filter(user=user)
        ],
        "decisions_taken_as_staff": [
            {
                "date": entry.created_at,
                "action": entry.action,
                "on": entry.target_repr,
                "reason": entry.reason,
            }
            for entry in AuditEntry.objects.filter(actor=user)
        ],
        "decisions_about_this_account": [
            {"date": entry.created_at, "action": entry.action, "reason": entry.reason}
            for entry in AuditEntry.objects.filter(
                target_type=ContentType.objects.get_for_model(User), target_id=str(user.pk)
            )
        ],
    }


def erase_account(user: User) -> None:
    """The audit log stays (it records decisions), without the deleted person's name."""
    for session in UserSession.objects.filter(user=user):
        session.end()
    AuditEntry.objects.filter(actor=user).update(actor_repr="")
    AuditEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(User), target_id=str(user.pk)
    ).update(target_repr="")


ACCOUNT_SECTION = Section(
    key="account",
    models=(User, EmailAddress, UserSession, Authenticator, LogEntry, AuditEntry),
    export=export_account,
    erase=erase_account,
)


def remove_unconfirmed_signups(now: datetime) -> int:
    """Sign-ups whose address was never confirmed within a week."""
    stale = User.objects.filter(
        is_staff=False, date_joined__lt=now - timedelta(days=UNCONFIRMED_DAYS)
    ).exclude(emailaddress__verified=True)
    count = 0
    for user in stale:
        erase_user(user)
        count += 1
    return count


def _inactive_since(cutoff: datetime):
    return (
        User.objects.filter(is_staff=False)
        .annotate(last_activity=Coalesce("last_login", "date_joined"))
        .filter(last_activity__lt=cutoff)
    )


def warn_inactive_accounts(now: datetime) -> int:
    """A month before deletion, tell the owner, in their language, how to keep the account."""
    to_warn = _inactive_since(now - timedelta(days=INACTIVE_DAYS - WARNING_DAYS)).filter(
        Q(inactivity_warned_at__isnull=True) | Q(inactivity_warned_at__lt=F("last_activity"))
    )
    count = 0
    for user in to_warn:
        user.inactivity_warned_at = now
        user.save(update_fields=["inactivity_warned_at"])
        send_templated_mail(
            template="campus_portal/email/inactive_account",
            to=user,
            context={"deletion_date": now + timedelta(days=WARNING_DAYS)},
        )
        count += 1
    return count


def remove_inactive_accounts(now: datetime) -> int:
    """Accounts unused for 24 months, warned at least a month ago, still unused since."""
    expired = _inactive_since(now - timedelta(days=INACTIVE_DAYS)).filter(
        inactivity_warned_at__lte=now - timedelta(days=WARNING_DAYS),
        inactivity_warned_at__gte=F("last_activity"),
    )
    count = 0
    for user in expired:
        erase_user(user)
        count += 1
    return count


RETENTION_RULES = [
    RetentionRule(
        "unconfirmed_signups",
        "Sign-ups not confirmed within 7 days",
        remove_unconfirmed_signups,
    ),
    RetentionRule(
        "inactive_warnings",
        "Warn accounts inactive for 23 months",
        warn_inactive_accounts,
    ),
    RetentionRule(
        "inactive_accounts",
        "Delete accounts inactive for 24 months, warned a month before",
        remove_inactive_accounts,
    ),
]
