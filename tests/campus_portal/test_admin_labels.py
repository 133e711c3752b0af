"""Inputs that staff edit in an admin list carry a label a screen reader can announce."""

import html
import re

import pytest
from django.contrib import admin

from campus_portal.admin_labels import LabelledListEditableMixin
from tests.events.factories import ParticipationFactory


def test_every_admin_list_with_editable_fields_labels_them():
    unlabelled = [
        type(model_admin).__name__
        for model_admin in admin.site._registry.values()
        if model_admin.list_editable and not isinstance(model_admin, LabelledListEditableMixin)
    ]
    assert unlabelled == []


@pytest.mark.django_db
def test_each_editable_input_is_named_by_its_field_and_row(client, staff):
    participation = ParticipationFactory(table_label="Stand B4", company__name="Firma Elektro")
    client.force_login(staff)
    page = client.get("/admin/events/participation/").content.decode()
    field = re.search(r'<input[^>]*name="form-0-table_label"[^>]*>', page).group(0)
    label = html.unescape(re.search(r'aria-label="([^"]*)"', field).group(1))
    assert label == f"Table ou stand – {participation}"
