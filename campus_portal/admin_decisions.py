"""Admin actions for decisions about people: each asks staff for a reason first."""

from collections.abc import Callable, Sequence

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("La personne concernée reçoit ce motif par e-mail."),
        error_messages={"required": _("Indiquez le motif de la décision.")},
    )

    def __init__(self, *args, reason_required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = reason_required
        if not reason_required:
            self.fields["reason"].help_text = _(
                "Facultatif. S'il est indiqué, la personne concernée le reçoit par e-mail."
            )


def decision_action(
    *,
    name: str,
    description: str,
    decide: Callable[..., None],
    reason_required: bool = True,
    permissions: Sequence[str] = ("change",),
):
    """An admin action that asks for a reason, then calls `decide(obj, by=…, reason=…)`
    for each selected object. `decide` raises ValidationError to refuse one object.
    A favourable decision (verifying, reinstating) may go without a reason. Only staff
    with the model's `permissions` (change, by default) are offered the action."""

    @admin.action(description=description, permissions=list(permissions))
    def action(modeladmin, request, queryset):
        form = ReasonForm(
            request.POST if "apply" in request.POST else None, reason_required=reason_required
        )
        if form.is_valid():
            done, refused = 0, []
            for obj in queryset:
                try:
                    with transaction.atomic():
                        decide(obj, by=request.user, reason=form.cleaned_data["reason"])
                except ValidationError as error:
                    refused.append(f"{obj}: {' '.join(error.messages)}")
                else:
                    done += 1
            if done:
                modeladmin.message_user(
                    request,
                    ngettext("%(count)d objet traité.", "%(count)d objets traités.", done)
                    % {"count": done},
                    messages.SUCCESS,
                )
            for line in refused:
                modeladmin.message_user(request, line, messages.ERROR)
            return None
        context = {
            **modeladmin.admin_site.each_context(request),
            "title": description,
            "objects": queryset,
            "form": form,
            "action_name": name,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "opts": modeladmin.model._meta,
        }
        return TemplateResponse(request, "admin/decision_reason.html", context)

    action.__name__ = name
    return action


class ActionPermissionMixin:
    """For a ModelAdmin: posting an action the user is not offered answers 403, where
    Django would only say "no action selected". A forbidden decision is refused visibly."""

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST" and "_save" not in request.POST:
            posted = request.POST.getlist("action")
            try:
                name = posted[int(request.POST.get("index", 0))]
            except (IndexError, ValueError):
                name = None
            if name and name in self._action_names() and name not in self.get_actions(request):
                raise PermissionDenied
        return super().changelist_view(request, extra_context)

    def _action_names(self) -> set[str]:
        names = {name for name, _func in self.admin_site.actions}
        for action in self.actions or ():
            names.add(action if isinstance(action, str) else action.__name__)
        return names
