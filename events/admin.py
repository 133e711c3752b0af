"""Meeting days in the admin."""

from django.contrib import admin  # noqa: F401 - model admins are added below
