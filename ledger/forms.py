"""Forms of the ledger pages. They collect and clean input; the services decide what is valid."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundWidget
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from initiatives.forms import DateInput, ServiceErrorsMixin, freeze_choices
from initiatives.models import Initiative
from people.models import Organisation, User

from .models import ContributionStatus, Kind, PublicInputKind

KIND_HINTS = {
    Kind.TIME: _("Hours you gave as a volunteer: taking part, helping, inspecting, planning."),
    Kind.IN_KIND: _(
        "Goods, equipment, premises or professional services you gave free, at their "
        "market value."
    ),
    Kind.MONEY: _("Money you raised or gave for the initiative."),
    Kind.EXPENSES: _("Out-of-pocket costs nobody paid you back, such as bus fares."),
}
PUBLIC_KIND_HINTS = {
    PublicInputKind.STAFF_TIME: _(
        "Hours of paid staff, valued at the grade's fully loaded hourly cost."
    ),
    PublicInputKind.SPEND: _("Money spent: venue hire, materials, grants, transport."),
    PublicInputKind.IN_KIND: _(
        "Premises or equipment the organisation provides, at market rent or depreciation."
    ),
}


class DecimalInput(forms.TextInput):
    """A text box that brings up the number keyboard on a phone (no spinner, no browser rules)."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})


@dataclass(frozen=True)
class ChoiceWithHint:
    radio: BoundWidget
    hint: str


def _choices_with_hints(bound_field, hints) -> list[ChoiceWithHint]:
    return [
        ChoiceWithHint(radio, hints.get(radio.data["value"], "")) for radio in bound_field
    ]


class ContributionForm(ServiceErrorsMixin, forms.Form):
    """Log a contribution, or change one. The fields' names are the service's, so its errors
    land on them.

    - a citizen logging their own: `initiatives` are those they take part in;
    - staff logging for a participant: `initiative` is fixed and `contributors` are offered;
    - editing: `initiative` is fixed and no contributor is asked for.
    """

    initiative = forms.ModelChoiceField(
        label=_("Initiative"),
        queryset=Initiative.objects.none(),
        empty_label=_("Choose an initiative"),
    )
    contributor = forms.ModelChoiceField(
        label=_("Whose contribution"),
        queryset=User.objects.none(),
        empty_label=_("Choose a participant"),
        help_text=_("Citizens who take part, or took part, in this initiative."),
    )
    kind = forms.ChoiceField(
        label=_("What was given"),
        choices=Kind.choices,
        initial=Kind.TIME,
        widget=forms.RadioSelect,
    )
    activity = forms.ChoiceField(
        label=_("Activity"),
        required=False,
        help_text=_(
            "Needed for time. Each activity is valued at what it would cost to pay someone to "
            "do it (its replacement cost)."
        ),
    )
    date = forms.DateField(label=_("Date"), widget=DateInput)
    hours = forms.DecimalField(
        label=_("Hours"),
        required=False,
        widget=DecimalInput,
        help_text=_("For time: how many hours, for example 2.5."),
    )
    amount = forms.DecimalField(
        label=_("Amount"),
        required=False,
        widget=DecimalInput,
        help_text=_(
            "For in kind, money and expenses: the value in %(currency)s, for example 12.50."
        ),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What you did or gave. Needed for in kind."),
    )
    stipend_per_hour = forms.DecimalField(
        label=_("Stipend per hour"),
        required=False,
        widget=DecimalInput,
        help_text=_(
            "Only if you were paid something for each hour (reimbursed expenses do not count). "
            "Under the ILO Manual on the Measurement of Volunteer Work (2011), a stipend below "
            "one third of the local market wage for the work still counts as volunteering; at "
            "one third or more it is paid work and cannot be logged here."
        ),
    )

    def __init__(
        self,
        *args,
        initiatives=None,
        initiative: Initiative | None = None,
        contributors=None,
        activity_choices: list[tuple[str, str]],
        currency: str = "",
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fixed_initiative = initiative
        if initiative is not None:
            del self.fields["initiative"]
        else:
            self.fields["initiative"].queryset = initiatives
        if contributors is None:
            del self.fields["contributor"]
        else:
            self.fields["contributor"].queryset = contributors
            self.fields["contributor"].label_from_instance = _person_label
        self.fields["activity"].choices = [("", _("Choose an activity")), *activity_choices]
        self.fields["amount"].help_text = self.fields["amount"].help_text % {
            "currency": currency or _("the initiative's currency")
        }
        self.fields["date"].initial = timezone.localdate
        freeze_choices(self)

    def kind_options(self) -> list[ChoiceWithHint]:
        return _choices_with_hints(self["kind"], KIND_HINTS)

    def service_arguments(self) -> dict:
        """The cleaned values under the service's argument names."""
        data = self.cleaned_data
        arguments = {
            "kind": data["kind"],
            "activity": data["activity"],
            "date": data["date"],
            "hours": data["hours"],
            "amount": data["amount"],
            "stipend_per_hour": data["stipend_per_hour"],
            "description": data["description"],
        }
        if "initiative" in self.fields:
            arguments["initiative"] = data["initiative"]
        if "contributor" in self.fields:
            arguments["contributor"] = data["contributor"]
        return arguments

    @classmethod
    def initial_for(cls, contribution) -> dict:
        return {
            "kind": contribution.kind,
            "activity": contribution.activity,
            "date": contribution.date,
            "hours": contribution.hours,
            "amount": contribution.amount,
            "stipend_per_hour": contribution.stipend_per_hour,
            "description": contribution.description,
        }


def _person_label(user: User) -> str:
    full_name = user.get_full_name()
    return f"{full_name} ({user.username})" if full_name else user.username


class StatusFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *ContributionStatus.choices],
    )


class QueueFilterForm(forms.Form):
    initiative = forms.ModelChoiceField(
        label=_("Initiative"),
        queryset=Initiative.objects.none(),
        required=False,
        empty_label=_("All your initiatives"),
    )

    def __init__(self, *args, initiatives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = initiatives
        freeze_choices(self)


class ContributionIdsField(forms.Field):
    """The ticked checkboxes of the queue, as contribution ids (the service checks them)."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "required": _("Select at least one contribution."),
        "invalid": _("Select contributions from the list."),
    }

    def to_python(self, value) -> list[int]:
        if not value:
            return []
        try:
            return list(dict.fromkeys(int(item) for item in value))
        except (TypeError, ValueError) as exc:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from exc


class DecisionForm(ServiceErrorsMixin, forms.Form):
    """Verify or reject the selected contributions (the queue), or one (its own page)."""

    VERIFY, REJECT = "verify", "reject"

    contribution_ids = ContributionIdsField(label=_("Contributions"))
    action = forms.ChoiceField(
        choices=[(VERIFY, _("Verify")), (REJECT, _("Reject"))], widget=forms.HiddenInput
    )
    reason = forms.CharField(
        label=_("Reason for rejecting"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed to reject. The contributor sees it."),
    )


class RejectForm(ServiceErrorsMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejecting"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The contributor sees it."),
        error_messages={"required": _("Say why the contribution is rejected.")},
    )


class PublicInputForm(ServiceErrorsMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Whose input"),
        queryset=Organisation.objects.none(),
        empty_label=None,
        help_text=_("The organisation that pays for the staff time, spend or premises."),
    )
    kind = forms.ChoiceField(
        label=_("What was put in"),
        choices=PublicInputKind.choices,
        initial=PublicInputKind.STAFF_TIME,
        widget=forms.RadioSelect,
    )
    date = forms.DateField(label=_("Date"), widget=DateInput)
    hours = forms.DecimalField(
        label=_("Hours"),
        required=False,
        widget=DecimalInput,
        help_text=_("For staff time: how many hours, for example 7.5."),
    )
    grade = forms.ChoiceField(
        label=_("Staff grade"),
        required=False,
        help_text=_("For staff time: the grade picks the fully loaded hourly cost."),
    )
    amount = forms.DecimalField(
        label=_("Amount"),
        required=False,
        widget=DecimalInput,
        help_text=_("For spend and in kind: the value in %(currency)s, for example 250.00."),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What it was for. Needed for premises and equipment."),
    )

    def __init__(
        self,
        *args,
        organisations,
        grade_choices: list[tuple[str, str]],
        currency: str,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["grade"].choices = [("", _("Choose a grade")), *grade_choices]
        self.fields["amount"].help_text = self.fields["amount"].help_text % {
            "currency": currency
        }
        self.fields["date"].initial = timezone.localdate
        freeze_choices(self)
        # One organisation to record for: nothing to choose.
        self.single_organisation = len(self.fields["organisation"].widget.choices) == 1

    def kind_options(self) -> list[ChoiceWithHint]:
        return _choices_with_hints(self["kind"], PUBLIC_KIND_HINTS)

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "organisation": data["organisation"],
            "kind": data["kind"],
            "date": data["date"],
            "hours": data["hours"],
            "grade": data["grade"],
            "amount": data["amount"],
            "description": data["description"],
        }


class PeriodForm(forms.Form):
    """The accounts' period: `from` and `to`, both optional and inclusive."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from"] = forms.DateField(
            label=_("From"), required=False, widget=DateInput, help_text=_("Empty: the start.")
        )
        self.fields["to"] = forms.DateField(
            label=_("To"), required=False, widget=DateInput, help_text=_("Empty: today.")
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end and end < start:
            self.add_error("to", _("The end of the period cannot be before its start."))
        return cleaned

    def period(self) -> tuple:
        if not self.is_bound or not self.is_valid():
            return None, None
        return self.cleaned_data.get("from"), self.cleaned_data.get("to")
