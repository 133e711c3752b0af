"""Template fragment caching of public parts, through `campus_portal.caching`.

`{% public_cache_seconds as seconds %}{% public_cache_version "tracks" as version %}` then
`{% cache seconds "name" LANGUAGE_CODE version %}…{% endcache %}`: the fragment lives for
PUBLIC_CACHE_SECONDS (0: not kept), per language, until one of its topics changes.
"""

from django import template

from campus_portal import caching

register = template.Library()


@register.simple_tag
def public_cache_seconds() -> int:
    return caching.seconds()


@register.simple_tag
def public_cache_version(*topics: str) -> str:
    # With caching off the fragment is not kept: no version to look up either.
    return caching.versions(topics) if caching.seconds() > 0 else ""
