"""App-level caching of public data: one switch, keys per language, versions per topic.

Every app-level cache use goes through this module. `settings.PUBLIC_CACHE_SECONDS` is how
long an entry lives (0: nothing is cached). Entries are keyed by the active language and by
the version of each topic they depend on ("offers", "tracks"…); saving or deleting a row of
a topic gives the topic a new version (`bump_on_change`), so the next request computes the
entry afresh. Some data also changes with time alone (an offer reaching its end, the next
meeting day's date passing): an entry lives PUBLIC_CACHE_SECONDS at most, which bounds how
late that shows. Only public data belongs here: never anything that depends on who asks.
"""

import hashlib
import json
import uuid
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import get_language

T = TypeVar("T")
_MISSING = object()


def seconds() -> int:
    return settings.PUBLIC_CACHE_SECONDS


def _version_key(topic: str) -> str:
    return f"public-version:{topic}"


def versions(topics: Iterable[str]) -> str:
    """The current versions of `topics`, as one string for a cache key.

    A version is a random token rather than a counter: a version evicted from the cache
    comes back as a new token, never as an old one whose entries might still be alive.
    """
    topics = sorted(topics)
    found = cache.get_many([_version_key(topic) for topic in topics])
    tokens = []
    for topic in topics:
        token = found.get(_version_key(topic))
        if token is None:
            cache.add(_version_key(topic), uuid.uuid4().hex, timeout=None)
            token = cache.get(_version_key(topic))
        tokens.append(token)
    return ".".join(tokens)


def bump(*topics: str) -> None:
    """The data of `topics` changed: entries that depend on them are not read again."""
    cache.set_many({_version_key(topic): uuid.uuid4().hex for topic in topics}, timeout=None)


def cached(name: str, compute: Callable[[], T], *, topics: Iterable[str]) -> T:
    """`compute()`, kept for `PUBLIC_CACHE_SECONDS` per language and version of `topics`."""
    if seconds() <= 0:
        return compute()
    key = f"public:{name}:{get_language()}:{versions(topics)}"
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, seconds())
    return value


def digest(value) -> str:
    """A short, stable name for `value` (filters, a query) inside a cache key."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def cached_call(function: Callable[..., T], subject, *, topics: Iterable[str] | None) -> T:
    """`function(subject)` for a model instance `subject`, kept like `cached` when `topics`
    are given (the registries of page sections), computed every time when None."""
    if topics is None:
        return function(subject)
    name = f"{function.__module__}.{function.__qualname__}:{subject._meta.label_lower}:{subject.pk}"
    return cached(name, lambda: function(subject), topics=topics)


def bump_on_change(topic: str, *models) -> None:
    """Connect each model's saves and deletions (and, for a many-to-many `through` model,
    its changes) to a new version of `topic`; called from each app's `ready()`."""

    def receiver(sender, action="post_save", **kwargs):
        if action.startswith("post_"):
            # Now, for this request; and again once committed: a request that read the old
            # rows meanwhile may have kept them under the new version.
            bump(topic)
            transaction.on_commit(lambda: bump(topic))

    for model in models:
        uid = f"public-cache:{topic}:{model._meta.label}"
        if model._meta.auto_created:  # a many-to-many table
            m2m_changed.connect(receiver, sender=model, weak=False, dispatch_uid=uid)
        else:
            post_save.connect(receiver, sender=model, weak=False, dispatch_uid=uid)
            post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=uid)
