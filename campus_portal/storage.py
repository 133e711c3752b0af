"""The private file store: never a public URL; files go out only through checked views."""

from django.core.files.storage import FileSystemStorage
from storages.backends.s3 import S3Storage


class NoPublicURL:
    """A store whose files have no address: views read them with `open()` after a check."""

    def url(self, name):
        raise NotImplementedError(
            "Private files have no public URL: serve them through a permission-checked view."
        )


class PrivateFileSystemStorage(NoPublicURL, FileSystemStorage):
    """Private files in a local folder (development, a single server)."""


class PrivateS3Storage(NoPublicURL, S3Storage):
    """Private files in a bucket of an S3-compatible object store (several app servers).

    Every object is written with the `private` canned ACL, whatever the options or the
    bucket's defaults say: a bucket made public by mistake still exposes no CV through
    a per-object grant.
    """

    def __init__(self, **options):
        super().__init__(**{**options, "default_acl": "private"})
