"""Template tags of the job board."""

from django import template

from jobboard import saved

register = template.Library()


@register.simple_tag
def is_saved(offer, user) -> bool:
    """`{% is_saved offer user as saved %}`: whether this student saved the offer (False
    for anyone who is not a student). The offer page's offer already knows it."""
    if (saved_by_viewer := getattr(offer, "viewer_saved", None)) is not None:
        return saved_by_viewer
    profile = (
        getattr(user, "student_profile", None) if getattr(user, "is_authenticated", False) else None
    )
    return saved.is_saved(student=profile, offer=offer)
