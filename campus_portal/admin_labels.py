"""Labels for the fields that Django's admin lets staff edit in a list (`list_editable`).

The admin renders them as bare inputs in table cells: a screen reader announces an
unnamed text box. Each input gets an `aria-label` naming the field and its row.
"""


class LabelledListEditableMixin:
    def get_changelist_form(self, request, **kwargs):
        form_class = super().get_changelist_form(request, **kwargs)
        editable = list(self.list_editable)

        class LabelledForm(form_class):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                for name in editable:
                    field = self.fields.get(name)
                    if field is not None:
                        field.widget.attrs["aria-label"] = f"{field.label} – {self.instance}"

        return LabelledForm
