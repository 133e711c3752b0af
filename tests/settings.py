"""Test settings: the real settings, made faster and kept off the real folders."""

import os
import tempfile

os.environ.setdefault("DJANGO_DEBUG", "true")

from campus_portal.settings import *  # noqa: E402, F403
from campus_portal.settings import STORAGES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

_scratch = tempfile.mkdtemp(prefix="campus-portal-tests-")
MEDIA_ROOT = os.path.join(_scratch, "media")
PRIVATE_MEDIA_ROOT = os.path.join(_scratch, "private")
STORAGES = {
    **STORAGES,
    # Local folders even when the environment names an object store (S3_ENDPOINT_URL).
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT, "base_url": "/media/"},
    },
    "private": {
        "BACKEND": "campus_portal.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
    # The manifest needs collectstatic; tests use the plain storage.
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Mail goes through the real queue; the immediate task backend delivers it to the outbox.
EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STATIC_ROOT = os.path.join(_scratch, "static")
os.makedirs(STATIC_ROOT, exist_ok=True)
