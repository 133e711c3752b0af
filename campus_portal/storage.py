"""The private file store: never a public URL; files go out only through checked views."""

from django.core.files.storage import FileSystemStorage


class PrivateFileSystemStorage(FileSystemStorage):
    def url(self, name):
        raise NotImplementedError(
            "Private files have no public URL: serve them through a permission-checked view."
        )
