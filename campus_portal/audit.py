"""Writing to the audit log of staff decisions."""

from django.contrib.contenttypes.models import ContentType

from campus_portal.models import AuditEntry


def record(*, actor, action: str, target, reason: str = "") -> AuditEntry:
    """Log that `actor` took decision `action` about `target`, for `reason`."""
    return AuditEntry.objects.create(
        actor=actor,
        actor_repr=(actor.get_full_name() or actor.email) if actor else "system",
        action=action,
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
        target_repr=str(target)[:300],
        reason=reason,
    )
