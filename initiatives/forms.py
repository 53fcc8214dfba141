"""Forms of the initiative pages. They collect and clean input; the services decide."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.boundfield import BoundWidget
from django.utils.translation import gettext_lazy as _

from people.models import STAFF_ROLES, Organisation, User
from people.selectors import staff_organisations

from .models import (
    Area,
    CoproductionType,
    Initiative,
    Mode,
    ParticipationRole,
    ServiceArea,
    Status,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def freeze_choices(form: forms.Form) -> None:
    """Evaluate every model-backed choice list now, in the view.

    A ModelChoiceField queries its queryset each time it is rendered; freezing the
    choices keeps templates free of queries (and runs each query once).
    """
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField):
            # The widget renders its own copy of the choices; validation still asks the
            # queryset, so a value outside it is refused.
            field.widget.choices = list(field.choices)


class ServiceErrorsMixin:
    def add_service_errors(self, error: ValidationError) -> None:
        """Put a service's ValidationError on the fields it names (the rest on the form)."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error.messages)
            return
        for name, errors in error.error_dict.items():
            messages = [m for e in errors for m in e.messages]
            self.add_error(name if name in self.fields else None, messages)


@dataclass(frozen=True)
class TypeChoice:
    checkbox: BoundWidget  # one checkbox of the coproduction_types field
    type: CoproductionType


@dataclass(frozen=True)
class TypeGroup:
    """A top-level co-production type's checkbox above those of its sub-types."""

    parent: TypeChoice
    children: list[TypeChoice]


class InitiativeForm(ServiceErrorsMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=300,
        help_text=_("One or two sentences shown in lists."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    lead_organisation = forms.ModelChoiceField(
        label=_("Lead organisation"),
        queryset=Organisation.objects.none(),
        empty_label=_("Choose an organisation"),
    )
    partner_organisations = forms.ModelMultipleChoiceField(
        label=_("Partner organisations"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Organisations that run the initiative with the lead."),
    )
    service_area = forms.ModelChoiceField(
        label=_("Service area"),
        queryset=ServiceArea.objects.order_by("name"),
        empty_label=_("Choose a service area"),
    )
    coproduction_types = forms.ModelMultipleChoiceField(
        label=_("Co-production types"),
        queryset=CoproductionType.objects.order_by("position"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose every kind of co-production the initiative involves."),
        error_messages={"required": _("Choose at least one co-production type.")},
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Areas"),
        queryset=Area.objects.select_related("organisation").order_by(
            "organisation__name", "name"
        ),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Wards or neighbourhoods of the lead or a partner organisation."),
    )
    start_date = forms.DateField(label=_("Start date"), widget=DateInput)
    end_date = forms.DateField(
        label=_("End date"),
        required=False,
        widget=DateInput,
        help_text=_("Leave empty if the initiative has no planned end."),
    )
    lead_professional = forms.ModelChoiceField(
        label=_("Lead professional"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Nobody named yet"),
        help_text=_("An officer or manager of the lead or a partner organisation."),
    )
    mode = forms.ChoiceField(
        label=_("Mode"),
        choices=Mode.choices,
        initial=Mode.COLLECTIVE,
        widget=forms.RadioSelect,
        help_text=_("Individual: one citizen with professionals. Collective: groups of citizens."),
    )

    def __init__(self, *args, user: User, initiative: Initiative | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.initiative = initiative
        if initiative is None:
            organisations = staff_organisations(user)
            self.fields["lead_organisation"].queryset = organisations
            organisation_ids = organisations.values("id")
        else:
            # The lead organisation is fixed once an initiative exists.
            del self.fields["lead_organisation"]
            organisation_ids = [o.pk for o in initiative.partner_organisations.all()] + [
                initiative.lead_organisation_id
            ]
        # Staff of the initiative's organisations, and whoever leads it now.
        professionals = Q(
            memberships__organisation_id__in=organisation_ids,
            memberships__role__in=STAFF_ROLES,
            memberships__is_active=True,
        )
        if initiative is not None and initiative.lead_professional_id:
            professionals |= Q(pk=initiative.lead_professional_id)
        self.fields["lead_professional"].queryset = (
            User.objects.filter(professionals)
            .distinct()
            .order_by("first_name", "last_name", "username")
        )
        self.fields["areas"].label_from_instance = lambda area: (
            f"{area.name} ({area.organisation.name})"
        )
        self._types = list(self.fields["coproduction_types"].queryset)
        freeze_choices(self)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot be before the start date."))
        lead = cleaned.get("lead_organisation") or (
            self.initiative.lead_organisation if self.initiative else None
        )
        partners = cleaned.get("partner_organisations") or []
        if lead and any(p.pk == lead.pk for p in partners):
            self.add_error(
                "partner_organisations", _("The lead organisation cannot also be a partner.")
            )
        return cleaned

    def type_groups(self) -> list[TypeGroup]:
        """The type checkboxes grouped under their top-level type, in taxonomy order."""
        checkbox_by_value = {
            str(checkbox.data["value"]): checkbox for checkbox in self["coproduction_types"]
        }
        def choice(t: CoproductionType) -> TypeChoice:
            return TypeChoice(checkbox_by_value[str(t.pk)], t)

        return [
            TypeGroup(choice(parent), [choice(t) for t in self._types if t.parent_id == parent.pk])
            for parent in self._types
            if parent.parent_id is None
        ]

    @classmethod
    def initial_for(cls, initiative: Initiative) -> dict:
        return {
            "title": initiative.title,
            "summary": initiative.summary,
            "description": initiative.description,
            "partner_organisations": [o.pk for o in initiative.partner_organisations.all()],
            "service_area": initiative.service_area_id,
            "coproduction_types": [t.pk for t in initiative.coproduction_types.all()],
            "areas": [a.pk for a in initiative.areas.all()],
            "start_date": initiative.start_date,
            "end_date": initiative.end_date,
            "lead_professional": initiative.lead_professional_id,
            "mode": initiative.mode,
        }


class TransitionForm(ServiceErrorsMixin, forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Status.choices)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the status changes. Required when an initiative is withdrawn."),
    )

    def __init__(self, *args, initiative: Initiative, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Status.choices)
        # Offer only what the lifecycle allows, but accept any status, so that the
        # service, which has the last word, explains why a change is not allowed.
        self.fields["status"].widget.choices = [
            (status, labels[status]) for status in initiative.allowed_next_statuses
        ]


class JoinForm(ServiceErrorsMixin, forms.Form):
    role = forms.ChoiceField(
        label=_("Take part as"),
        choices=ParticipationRole.choices,
        initial=ParticipationRole.PARTICIPANT,
    )


class LeaveForm(forms.Form):
    role = forms.ChoiceField(choices=ParticipationRole.choices)
