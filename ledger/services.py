"""Every write to the ledger. Forms, the API, bulk submissions and commands all come through here,
so each rule of ACCOUNTING.md ("What a bad input gets") is enforced once.

Every write that changes a total marks its initiative × month stale in the same transaction.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from initiatives.models import Initiative, Participation
from people.models import CURRENCY_MINOR_UNITS, STAFF_ROLES, Organisation, User
from people.selectors import user_roles

from .models import (
    GENERALIST_ACTIVITY,
    ActivityRate,
    Contribution,
    ContributionStatus,
    Kind,
    PublicInput,
    PublicInputKind,
    StaffCostRate,
    StaleBucket,
)
from .selectors import (
    SUBMITTING_ROLES,
    activity_keys_for,
    coproduction_type_slugs,
    rate_book_for,
)
from .signals import buckets_marked
from .valuation import RateBook, decimal_places, value_contribution, value_public_input

MAX_BULK_ROWS = 1000
MAX_HOURS_PER_PERSON_PER_DAY = Decimal(24)
ZERO = Decimal(0)

CONTRIBUTION_EDITABLE_FIELDS = frozenset(
    {
        "kind",
        "activity",
        "date",
        "hours",
        "amount",
        "stipend_per_hour",
        "currency",
        "description",
        "volunteer_ref",
    }
)
PUBLIC_INPUT_EDITABLE_FIELDS = frozenset(
    {"kind", "date", "hours", "grade", "amount", "currency", "description"}
)


# --- results and errors -----------------------------------------------------------------------


class BulkValidationError(ValidationError):
    """Some rows of a bulk submission are not valid; `row_errors` is a list of
    `{"index": i, "errors": {field: [message, …]}}` and nothing was stored."""

    def __init__(self, row_errors: list[dict[str, Any]]) -> None:
        super().__init__(_("Some rows are not valid; nothing was stored."), code="bulk_invalid")
        self.row_errors = row_errors


@dataclass(frozen=True)
class BulkRow:
    index: int
    contribution: Contribution
    created: bool

    @property
    def outcome(self) -> str:
        return "created" if self.created else "duplicate"


@dataclass(frozen=True)
class BulkResult:
    rows: list[BulkRow]

    @property
    def created(self) -> int:
        return sum(1 for row in self.rows if row.created)

    @property
    def duplicates(self) -> int:
        return sum(1 for row in self.rows if not row.created)


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int
    revalued: int


class _Errors(dict):
    def add(self, field_name: str, message: str) -> None:
        self.setdefault(field_name, []).append(str(message))


# --- stale buckets ----------------------------------------------------------------------------


def _month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _mark_stale(buckets: Iterable[tuple[int, datetime.date]]) -> None:
    """Upsert initiative × month marks, atomic with the write through the caller's transaction."""
    now = timezone.now()
    marks = [
        StaleBucket(initiative_id=initiative_id, month=_month(day), marked_at=now)
        for initiative_id, day in {(i, _month(d)) for i, d in buckets}
    ]
    if marks:
        StaleBucket.objects.bulk_create(
            marks,
            update_conflicts=True,
            unique_fields=["initiative", "month"],
            update_fields=["marked_at"],
        )
        buckets_marked.send(
            sender=StaleBucket, buckets=[(mark.initiative_id, mark.month) for mark in marks]
        )


def _record_creation_history(
    model: type[models.Model], ids: Sequence[int], *, user: User | None
) -> None:
    """The "created" history record of rows just bulk-inserted, copied in the database with one
    INSERT … SELECT per chunk: the same rows django-simple-history writes, without building
    a second thousand model instances in Python (the slow half of a bulk submission)."""
    history_model = model.history.model
    source_columns = {f.column for f in model._meta.concrete_fields}
    tracked = [f.column for f in history_model._meta.concrete_fields if f.column in source_columns]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(c) for c in tracked)
    now = timezone.now()
    with connection.cursor() as cursor:
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            # Only table and column names from the models are formatted in; values are parameters.
            sql = (
                f"INSERT INTO {quote(history_model._meta.db_table)} ({columns}, "  # noqa: S608
                f"{quote('history_date')}, {quote('history_change_reason')}, "
                f"{quote('history_type')}, {quote('history_user_id')}) "
                f"SELECT {columns}, %s, NULL, %s, %s FROM {quote(model._meta.db_table)} "
                f"WHERE {quote(model._meta.pk.column)} IN ({', '.join(['%s'] * len(chunk))}) "
                f"ORDER BY {quote(model._meta.pk.column)}"
            )
            cursor.execute(
                sql,
                [
                    connection.ops.adapt_datetimefield_value(now),
                    "+",
                    user.pk if user is not None else None,
                    *chunk,
                ],
            )


# --- parsing values that may arrive as text (bulk rows, CSV) or as Python values (forms) -------


def _decimal(
    value: Any, field_name: str, errors: _Errors, *, places: int, max_digits: int
) -> Decimal | None:
    if value is None or (isinstance(value, str) and value.strip() == ""):
        return None
    if isinstance(value, bool):
        errors.add(field_name, _("Enter a number."))
        return None
    try:
        number = (
            value
            if isinstance(value, Decimal)
            else Decimal(repr(value) if isinstance(value, float) else str(value).strip())
        )
    except (InvalidOperation, ValueError):
        errors.add(field_name, _("Enter a number."))
        return None
    if not number.is_finite():
        errors.add(field_name, _("Enter a number."))
        return None
    if decimal_places(number) > places:
        errors.add(
            field_name,
            _("Use at most %(places)d decimal places.") % {"places": places},
        )
        return None
    if abs(number) >= Decimal(10) ** (max_digits - places):
        errors.add(field_name, _("This number is too large."))
        return None
    return number


def _date(value: Any, field_name: str, errors: _Errors) -> datetime.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        errors.add(field_name, _("Enter a date, not a date and time."))
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        errors.add(field_name, _("Enter a date as YYYY-MM-DD."))
        return None


def _text(value: Any, field_name: str, errors: _Errors, *, max_length: int | None = None) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        errors.add(field_name, _("Enter text."))
        return ""
    value = value.strip()
    if max_length is not None and len(value) > max_length:
        errors.add(
            field_name,
            _("Use at most %(count)d characters.") % {"count": max_length},
        )
    return value


def _pk(value: Any, field_name: str, errors: _Errors) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, bool):
        errors.add(field_name, _("Enter an id."))
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        errors.add(field_name, _("Enter an id."))
        return None


# --- contributions: one set of checks for forms, API and bulk ---------------------------------


@dataclass
class _Draft:
    """One contribution as submitted, parsed, before it is checked and valued."""

    index: int
    errors: _Errors
    initiative_id: int | None
    contributor_id: int | None
    organisation_id: int | None
    volunteer_ref: str
    external_ref: str | None
    kind: str
    activity: str
    date: datetime.date | None
    hours: Decimal | None
    amount: Decimal | None
    stipend_per_hour: Decimal | None
    currency: str | None
    description: str

    def person(self) -> tuple | None:
        """Who gave the hours: a user, or the submitting organisation's volunteer reference."""
        if self.contributor_id is not None:
            return ("user", self.contributor_id)
        if self.organisation_id is not None and self.volunteer_ref:
            return ("volunteer", self.organisation_id, self.volunteer_ref)
        return None


def _draft_from(
    index: int, row: Mapping[str, Any], *, organisation_id: int | None, submitted_by: User
) -> _Draft:
    errors = _Errors()
    minor = 2
    currency = _text(row.get("currency"), "currency", errors) or None
    if currency is not None:
        currency = currency.upper()
        if currency not in CURRENCY_MINOR_UNITS:
            errors.add("currency", _("Unknown currency %(code)s.") % {"code": currency})
        else:
            minor = min(2, CURRENCY_MINOR_UNITS[currency])
    contributor_id = _pk(row.get("contributor"), "contributor", errors)
    if organisation_id is None and contributor_id is None:
        contributor_id = submitted_by.pk  # a citizen logging their own contribution
    kind = _text(row.get("kind"), "kind", errors)
    if not kind:
        errors.add("kind", _("Choose the kind of contribution."))
    elif kind not in Kind.values:
        errors.add("kind", _("Choose one of: %(kinds)s.") % {"kinds": ", ".join(Kind.values)})
    external_ref = _text(row.get("external_ref"), "external_ref", errors, max_length=100) or None
    return _Draft(
        index=index,
        errors=errors,
        initiative_id=_pk(row.get("initiative"), "initiative", errors),
        contributor_id=contributor_id,
        organisation_id=organisation_id,
        volunteer_ref=_text(row.get("volunteer_ref"), "volunteer_ref", errors, max_length=100),
        external_ref=external_ref,
        kind=kind,
        activity=_text(row.get("activity"), "activity", errors, max_length=80),
        date=_date(row.get("date"), "date", errors),
        hours=_decimal(row.get("hours"), "hours", errors, places=2, max_digits=6),
        amount=_decimal(row.get("amount"), "amount", errors, places=minor, max_digits=12),
        stipend_per_hour=_decimal(
            row.get("stipend_per_hour"), "stipend_per_hour", errors, places=2, max_digits=10
        ),
        currency=currency,
        description=_text(row.get("description"), "description", errors),
    )


@dataclass
class _Context:
    """Everything the checks need for a batch, fetched in a handful of queries."""

    submitted_by: User
    today: datetime.date
    initiatives: dict[int, Initiative]
    organisation_ids: dict[int, set[int]]
    type_slugs: set[str]
    activity_keys: dict[int, set[str]]
    participations: dict[tuple[int, int], bool]  # (initiative, user) → taking part now
    known_users: set[int]
    rate_book: RateBook
    hours_logged: dict[tuple, Decimal] = field(default_factory=dict)

    @classmethod
    def load(
        cls, drafts: Sequence[_Draft], *, submitted_by: User, exclude_id: int | None = None
    ) -> _Context:
        initiative_ids = {d.initiative_id for d in drafts if d.initiative_id is not None}
        initiatives = {
            i.pk: i
            for i in Initiative.objects.filter(pk__in=initiative_ids).select_related(
                "lead_organisation"
            )
        }
        organisation_ids = {i.pk: {i.lead_organisation_id} for i in initiatives.values()}
        for (
            initiative_id,
            organisation_id,
        ) in Initiative.partner_organisations.through.objects.filter(
            initiative_id__in=initiatives
        ).values_list("initiative_id", "organisation_id"):
            organisation_ids[initiative_id].add(organisation_id)
        user_ids = {d.contributor_id for d in drafts if d.contributor_id is not None}
        participations: dict[tuple[int, int], bool] = {}
        for initiative_id, user_id, left_at in Participation.objects.filter(
            initiative_id__in=initiatives, user_id__in=user_ids
        ).values_list("initiative_id", "user_id", "left_at"):
            key = (initiative_id, user_id)
            participations[key] = participations.get(key, False) or left_at is None
        known_users = set(User.objects.filter(pk__in=user_ids).values_list("pk", flat=True))
        every_organisation = set().union(*organisation_ids.values()) if organisation_ids else set()
        currencies = {i.lead_organisation.currency for i in initiatives.values()}
        context = cls(
            submitted_by=submitted_by,
            today=timezone.localdate(),
            initiatives=initiatives,
            organisation_ids=organisation_ids,
            type_slugs=coproduction_type_slugs(),
            activity_keys=activity_keys_for(every_organisation),
            participations=participations,
            known_users=known_users,
            rate_book=rate_book_for(
                organisation_ids={i.lead_organisation_id for i in initiatives.values()},
                currencies=currencies,
                activities={d.activity for d in drafts if d.kind == Kind.TIME and d.activity},
            ),
        )
        context._load_hours_logged(drafts, exclude_id=exclude_id)
        return context

    def _load_hours_logged(self, drafts: Sequence[_Draft], *, exclude_id: int | None) -> None:
        timed = [d for d in drafts if d.kind == Kind.TIME and d.date is not None and d.person()]
        if not timed:
            return
        logged = (
            Contribution.objects.filter(
                kind=Kind.TIME,
                date__range=(min(d.date for d in timed), max(d.date for d in timed)),
            )
            .exclude(status=ContributionStatus.REJECTED)
            .exclude(pk=exclude_id)
        )
        user_ids = {d.contributor_id for d in timed if d.contributor_id is not None}
        if user_ids:
            for row in (
                logged.filter(contributor_id__in=user_ids)
                .values("contributor_id", "date")
                .annotate(total=Sum("hours"))
                .order_by()
            ):
                self.hours_logged[(("user", row["contributor_id"]), row["date"])] = row["total"]
        volunteers = {
            (d.organisation_id, d.volunteer_ref)
            for d in timed
            if d.contributor_id is None and d.organisation_id is not None
        }
        if volunteers:
            for row in (
                logged.filter(
                    contributor__isnull=True,
                    submitted_by_organisation_id__in={o for o, _ref in volunteers},
                    volunteer_ref__in={ref for _o, ref in volunteers},
                )
                .values("submitted_by_organisation_id", "volunteer_ref", "date")
                .annotate(total=Sum("hours"))
                .order_by()
            ):
                person = ("volunteer", row["submitted_by_organisation_id"], row["volunteer_ref"])
                self.hours_logged[(person, row["date"])] = row["total"]

    def roles_in(self, organisation_id: int) -> frozenset[str]:
        return user_roles(self.submitted_by).get(organisation_id, frozenset())

    def is_staff_of(self, initiative_id: int) -> bool:
        return any(
            self.roles_in(organisation_id) & STAFF_ROLES
            for organisation_id in self.organisation_ids[initiative_id]
        )


def _check_submitter(draft: _Draft, context: _Context, initiative: Initiative) -> None:
    """A contribution to an initiative the submitter has no part in is refused."""
    errors, submitter = draft.errors, context.submitted_by
    is_superuser = submitter.is_superuser
    if draft.organisation_id is not None:
        if not is_superuser and not (context.roles_in(draft.organisation_id) & SUBMITTING_ROLES):
            errors.add("submitted_by_organisation", _("You do not act for this organisation."))
            return
        if draft.organisation_id not in context.organisation_ids[initiative.pk]:
            errors.add(
                "initiative",
                _("Your organisation is neither the lead nor a partner of this initiative."),
            )
        if draft.contributor_id is None and not draft.volunteer_ref:
            errors.add(
                "volunteer_ref",
                _("Give your reference for the volunteer, or the contributor's user id."),
            )
        if (
            draft.contributor_id is not None
            and (initiative.pk, draft.contributor_id) not in context.participations
        ):
            errors.add("contributor", _("This person does not take part in this initiative."))
        return
    if draft.volunteer_ref:
        errors.add(
            "volunteer_ref",
            _("A volunteer reference is only for an organisation's submissions."),
        )
    if draft.external_ref:
        errors.add(
            "external_ref",
            _("An external reference is only for an organisation's submissions."),
        )
    if draft.contributor_id == submitter.pk:
        if not is_superuser and not context.participations.get((initiative.pk, submitter.pk)):
            errors.add("initiative", _("You do not take part in this initiative."))
        return
    if not is_superuser and not context.is_staff_of(initiative.pk):
        errors.add(
            "initiative",
            _(
                "Only staff of this initiative's organisations can log contributions for "
                "someone else."
            ),
        )
    elif (initiative.pk, draft.contributor_id) not in context.participations:
        errors.add("contributor", _("This person does not take part in this initiative."))


def _check_and_value(
    draft: _Draft, context: _Context, *, check_submitter: bool
) -> dict[str, Any] | None:
    """Apply every rule to one draft: its valuation fields, or None with draft.errors set."""
    errors = draft.errors
    initiative = context.initiatives.get(draft.initiative_id) if draft.initiative_id else None
    if draft.initiative_id is None:
        errors.add("initiative", _("Choose the initiative."))
    elif initiative is None:
        errors.add("initiative", _("No such initiative."))
    if draft.contributor_id is not None and draft.contributor_id not in context.known_users:
        errors.add("contributor", _("No such user."))

    # Quantities, by kind.
    if draft.kind == Kind.TIME:
        if draft.hours is None and "hours" not in errors:
            errors.add("hours", _("Give the number of hours."))
        elif draft.hours is not None and draft.hours <= 0:
            errors.add("hours", _("Hours must be more than zero."))
        if draft.amount is not None:
            errors.add("amount", _("Give hours, not an amount, for time."))
        if not draft.activity and "activity" not in errors:
            errors.add("activity", _("Choose the activity; it picks the rate."))
        if draft.stipend_per_hour is not None and draft.stipend_per_hour < 0:
            errors.add("stipend_per_hour", _("A stipend cannot be negative."))
    elif draft.kind in Kind.values:
        if draft.amount is None and "amount" not in errors:
            errors.add("amount", _("Give the amount."))
        elif draft.amount is not None and draft.amount <= 0:
            errors.add("amount", _("The amount must be more than zero."))
        if draft.hours is not None:
            errors.add("hours", _("Hours apply only to time."))
        if draft.stipend_per_hour is not None:
            errors.add("stipend_per_hour", _("A stipend applies only to time."))
        if draft.kind == Kind.IN_KIND and not draft.description:
            errors.add("description", _("Describe what was given in kind."))

    if draft.date is None and "date" not in errors:
        errors.add("date", _("Give the date."))
    elif draft.date is not None and draft.date > context.today:
        errors.add("date", _("The date cannot be in the future."))

    if initiative is None:
        return None
    if check_submitter:
        _check_submitter(draft, context, initiative)
    if draft.date is not None and draft.date < initiative.start_date:
        errors.add(
            "date",
            _("The date is before the initiative started (%(start)s).")
            % {"start": initiative.start_date.isoformat()},
        )
    currency = initiative.lead_organisation.currency
    if draft.currency is not None and draft.currency != currency and "currency" not in errors:
        errors.add(
            "currency",
            _("This initiative keeps its accounts in %(expected)s; %(given)s is not converted.")
            % {"expected": currency, "given": draft.currency},
        )
    if draft.activity and "activity" not in errors:
        known = context.type_slugs.union(
            *(context.activity_keys.get(o, set()) for o in context.organisation_ids[initiative.pk])
        )
        if draft.activity not in known:
            errors.add(
                "activity",
                _(
                    "Unknown activity %(activity)s: use a co-production type or an activity "
                    "defined by this initiative's organisations."
                )
                % {"activity": draft.activity},
            )

    choice = None
    if draft.kind == Kind.TIME and not errors.keys() & {"activity", "date", "currency"}:
        choice = context.rate_book.choose(
            organisation_id=initiative.lead_organisation_id,
            activity=draft.activity,
            currency=currency,
            on=draft.date,
        )
        if choice is None:
            errors.add(
                "activity",
                _(
                    "No rate applies to %(activity)s on %(date)s in %(currency)s. Ask a manager "
                    "to add a rate for it or a generalist rate."
                )
                % {
                    "activity": draft.activity,
                    "date": draft.date.isoformat(),
                    "currency": currency,
                },
            )
        elif (
            draft.stipend_per_hour is not None and draft.stipend_per_hour * 3 >= choice.hourly_rate
        ):
            errors.add(
                "stipend_per_hour",
                _(
                    "A stipend of %(stipend)s an hour is at or above one third of the market "
                    "rate (%(rate)s an hour): that is paid work, not volunteering."
                )
                % {"stipend": draft.stipend_per_hour, "rate": choice.hourly_rate},
            )

    person = draft.person()
    if draft.kind == Kind.TIME and draft.hours is not None and draft.date is not None and person:
        key = (person, draft.date)
        already = context.hours_logged.get(key, ZERO)
        context.hours_logged[key] = already + draft.hours
        if already + draft.hours > MAX_HOURS_PER_PERSON_PER_DAY and "hours" not in errors:
            errors.add(
                "hours",
                _(
                    "One person can give at most 24 hours a day; %(already)s already logged on "
                    "%(date)s."
                )
                % {"already": already, "date": draft.date.isoformat()},
            )

    if errors:
        return None
    valuation = value_contribution(
        kind=draft.kind, currency=currency, hours=draft.hours, amount=draft.amount, choice=choice
    )
    return {
        "currency": currency,
        "value": valuation.value,
        "rate": valuation.rate,
        "rate_used": valuation.activity_rate,
        "method": valuation.method,
    }


def _new_contribution(draft: _Draft, valued: dict[str, Any], submitted_by: User) -> Contribution:
    return Contribution(
        initiative_id=draft.initiative_id,
        contributor_id=draft.contributor_id,
        volunteer_ref=draft.volunteer_ref,
        submitted_by_organisation_id=draft.organisation_id,
        external_ref=draft.external_ref,
        kind=draft.kind,
        activity=draft.activity,
        date=draft.date,
        hours=draft.hours,
        amount=draft.amount,
        stipend_per_hour=draft.stipend_per_hour,
        description=draft.description,
        status=ContributionStatus.SUBMITTED,
        created_by=submitted_by,
        **valued,
    )


def _submit(
    *, submitted_by: User, organisation_id: int | None, rows: Sequence[Mapping[str, Any]]
) -> BulkResult:
    drafts = [
        _draft_from(i, row, organisation_id=organisation_id, submitted_by=submitted_by)
        for i, row in enumerate(rows)
    ]
    stored: dict[str, Contribution] = {}
    refs = {d.external_ref for d in drafts if d.external_ref}
    if organisation_id is not None and refs:
        stored = {
            c.external_ref: c
            for c in Contribution.objects.select_related("rate_used").filter(
                submitted_by_organisation_id=organisation_id, external_ref__in=refs
            )
        }
    fresh = [d for d in drafts if not (d.external_ref and d.external_ref in stored)]
    context = _Context.load(fresh, submitted_by=submitted_by)
    seen_refs: dict[str, int] = {}
    outcome: list[BulkRow | tuple[_Draft, dict[str, Any]]] = []
    for draft in drafts:
        if draft.external_ref and draft.external_ref in stored:
            outcome.append(BulkRow(draft.index, stored[draft.external_ref], created=False))
            continue
        if draft.external_ref and organisation_id is not None:
            if draft.external_ref in seen_refs:
                draft.errors.add(
                    "external_ref",
                    _("This reference is repeated in this batch (row %(index)d).")
                    % {"index": seen_refs[draft.external_ref]},
                )
            seen_refs.setdefault(draft.external_ref, draft.index)
        valued = _check_and_value(draft, context, check_submitter=True)
        outcome.append((draft, valued or {}))
    row_errors = [{"index": d.index, "errors": dict(d.errors)} for d in drafts if d.errors]
    if row_errors:
        raise BulkValidationError(row_errors)

    new = [
        _new_contribution(item[0], item[1], submitted_by)
        for item in outcome
        if isinstance(item, tuple)
    ]
    try:
        with transaction.atomic():
            created = Contribution.objects.bulk_create(new, batch_size=500)
            _record_creation_history(Contribution, [c.pk for c in created], user=submitted_by)
    except IntegrityError as exc:
        raise ValidationError(
            {
                "external_ref": [
                    _(
                        "Another request stored one of these references at the same "
                        "moment. Send the rows again: stored ones will be answered."
                    )
                ]
            }
        ) from exc
    _mark_stale((c.initiative_id, c.date) for c in created)
    created_iter = iter(created)
    rows_out = [
        item
        if isinstance(item, BulkRow)
        else BulkRow(item[0].index, next(created_iter), created=True)
        for item in outcome
    ]
    return BulkResult(rows=rows_out)


@transaction.atomic
def contribution_submit(
    *,
    submitted_by: User,
    initiative: Initiative,
    kind: str,
    date: datetime.date,
    activity: str = "",
    hours: Decimal | None = None,
    amount: Decimal | None = None,
    stipend_per_hour: Decimal | None = None,
    description: str = "",
    currency: str | None = None,
    contributor: User | None = None,
    volunteer_ref: str = "",
    submitted_by_organisation: Organisation | None = None,
    external_ref: str = "",
) -> Contribution:
    """Record a contribution as `submitted`, valued by the rate in force on its date.

    A citizen logs their own (contributor empty or themselves) to an initiative they take part
    in; staff of the initiative's organisations may log one for a participant; an organisation
    (a partner) submits for its volunteers with its own `external_ref`. Resubmitting a stored
    `external_ref` returns the stored row with `is_duplicate = True` and creates nothing.
    Raises ValidationError naming the field for every bad input of ACCOUNTING.md.
    """
    result = _submit_one_or_raise(
        submitted_by=submitted_by,
        organisation_id=submitted_by_organisation.pk if submitted_by_organisation else None,
        rows=[
            {
                "initiative": initiative,
                "kind": kind,
                "date": date,
                "activity": activity,
                "hours": hours,
                "amount": amount,
                "stipend_per_hour": stipend_per_hour,
                "description": description,
                "currency": currency,
                "contributor": contributor,
                "volunteer_ref": volunteer_ref,
                "external_ref": external_ref,
            }
        ],
    )
    row = result.rows[0]
    row.contribution.is_duplicate = not row.created
    return row.contribution


def _submit_one_or_raise(**kwargs) -> BulkResult:
    try:
        return _submit(**kwargs)
    except BulkValidationError as exc:
        raise ValidationError(exc.row_errors[0]["errors"]) from exc


@transaction.atomic
def contributions_bulk_submit(
    *, submitted_by: User, organisation: Organisation, rows: Sequence[Mapping[str, Any]]
) -> BulkResult:
    """Submit up to 1,000 contributions for an organisation's volunteers, all or nothing.

    Rows carry the API's field names (`initiative` id, `contributor` id or empty,
    `volunteer_ref`, `external_ref`, `kind`, `activity`, `date`, `hours`, `amount`,
    `stipend_per_hour`, `currency`, `description`), as text or Python values. A row whose
    `external_ref` the organisation already stored is answered with the stored row.
    Raises BulkValidationError (per-row errors) or ValidationError (the batch itself).
    """
    if not isinstance(rows, Sequence) or isinstance(rows, str | bytes):
        raise ValidationError({"contributions": [_("Send a list of contributions.")]})
    if not rows:
        raise ValidationError({"contributions": [_("Send at least one contribution.")]})
    if len(rows) > MAX_BULK_ROWS:
        raise ValidationError(
            {
                "contributions": [
                    _("Send at most %(max)d contributions in one call.") % {"max": MAX_BULK_ROWS}
                ]
            }
        )
    bad_shape = [
        {"index": i, "errors": {"non_field_errors": [_("Each row must be an object.")]}}
        for i, row in enumerate(rows)
        if not isinstance(row, Mapping)
    ]
    if bad_shape:
        raise BulkValidationError(bad_shape)
    mismatched = [
        {
            "index": i,
            "errors": {
                "submitted_by_organisation": [
                    _("Every row must be submitted by the same organisation as the batch.")
                ]
            },
        }
        for i, row in enumerate(rows)
        if row.get("submitted_by_organisation") not in (None, "", organisation.pk)
    ]
    if mismatched:
        raise BulkValidationError(mismatched)
    return _submit(submitted_by=submitted_by, organisation_id=organisation.pk, rows=rows)


@transaction.atomic
def contribution_update(
    *, contribution: Contribution, changed_by: User, **fields: Any
) -> Contribution:
    """Change a contribution's details; it is revalued, and a verified or rejected one returns to
    `submitted` (the history keeps what it was). Fields: kind, activity, date, hours, amount,
    stipend_per_hour, currency, description, volunteer_ref. Raises ValidationError."""
    fixed = set(fields) - CONTRIBUTION_EDITABLE_FIELDS
    if fixed:
        raise ValidationError({name: [_("This cannot be changed.")] for name in sorted(fixed)})
    locked = Contribution.objects.select_for_update().get(pk=contribution.pk)
    if fields.get("volunteer_ref") and locked.submitted_by_organisation_id is None:
        raise ValidationError(
            {
                "volunteer_ref": [
                    _("A volunteer reference is only for an organisation's submissions.")
                ]
            }
        )
    current = {
        "initiative": locked.initiative_id,
        "contributor": locked.contributor_id,
        "volunteer_ref": locked.volunteer_ref,
        "external_ref": locked.external_ref,
        "kind": locked.kind,
        "activity": locked.activity,
        "date": locked.date,
        "hours": locked.hours,
        "amount": locked.amount,
        "stipend_per_hour": locked.stipend_per_hour,
        "currency": locked.currency,
        "description": locked.description,
    }
    draft = _draft_from(
        0,
        {**current, **fields},
        organisation_id=locked.submitted_by_organisation_id,
        submitted_by=changed_by,
    )
    draft.contributor_id = locked.contributor_id
    context = _Context.load([draft], submitted_by=changed_by, exclude_id=locked.pk)
    valued = _check_and_value(draft, context, check_submitter=False)
    if draft.errors:
        raise ValidationError(dict(draft.errors))
    changes = {
        "kind": draft.kind,
        "activity": draft.activity,
        "date": draft.date,
        "hours": draft.hours,
        "amount": draft.amount,
        "stipend_per_hour": draft.stipend_per_hour,
        "description": draft.description,
        "volunteer_ref": draft.volunteer_ref,
        **valued,
    }
    if all(getattr(locked, name) == value for name, value in changes.items()):
        return locked
    old_date = locked.date
    for name, value in changes.items():
        setattr(locked, name, value)
    if locked.status != ContributionStatus.SUBMITTED:
        locked.status = ContributionStatus.SUBMITTED
        locked.verified_by = None
        locked.verified_at = None
        locked.rejection_reason = ""
    locked._history_user = changed_by  # noqa: SLF001
    locked.save()
    _mark_stale([(locked.initiative_id, old_date), (locked.initiative_id, locked.date)])
    return locked


def _may_decide(user: User, contribution: Contribution, organisation_ids: set[int]) -> bool:
    if user.is_superuser:
        return True
    roles = user_roles(user)
    return any(roles.get(o, frozenset()) & STAFF_ROLES for o in organisation_ids)


def _decide(
    contributions: Sequence[Contribution], *, decided_by: User, status: str, reason: str = ""
) -> list[Contribution]:
    organisation_ids: dict[int, set[int]] = {}
    for contribution in contributions:
        if contribution.initiative_id not in organisation_ids:
            organisation_ids[contribution.initiative_id] = (
                contribution.initiative.organisation_ids()
            )
    for contribution in contributions:
        if not _may_decide(decided_by, contribution, organisation_ids[contribution.initiative_id]):
            raise PermissionDenied(
                _(
                    "Only staff of the initiative's organisations can verify or reject "
                    "contributions."
                )
            )
        if contribution.contributor_id == decided_by.pk:
            raise PermissionDenied(_("You cannot verify or reject your own contribution."))
    not_pending = [c for c in contributions if c.status != ContributionStatus.SUBMITTED]
    if not_pending:
        raise ValidationError(
            {
                "status": [
                    _(
                        "Only submitted contributions can be verified or rejected; "
                        "%(ids)s already %(status)s."
                    )
                    % {
                        "ids": ", ".join(str(c.pk) for c in not_pending),
                        "status": ", ".join(
                            sorted({c.get_status_display().lower() for c in not_pending})
                        ),
                    }
                ]
            }
        )
    now = timezone.now()
    for contribution in contributions:
        contribution.status = status
        contribution.verified_by = decided_by
        contribution.verified_at = now
        contribution.rejection_reason = reason
        contribution._history_user = decided_by  # noqa: SLF001
        contribution.save(
            update_fields=["status", "verified_by", "verified_at", "rejection_reason", "updated_at"]
        )
    _mark_stale((c.initiative_id, c.date) for c in contributions)
    return list(contributions)


def _lock(ids: Iterable[int]) -> list[Contribution]:
    ids = list(dict.fromkeys(int(i) for i in ids))
    found = {
        c.pk: c
        for c in Contribution.objects.select_for_update(of=("self",))
        .select_related("initiative")
        .filter(pk__in=ids)
    }
    missing = [i for i in ids if i not in found]
    if missing:
        raise ValidationError(
            {
                "contribution_ids": [
                    _("No such contributions: %(ids)s.") % {"ids": ", ".join(map(str, missing))}
                ]
            }
        )
    return [found[i] for i in ids]


def _reason(reason: str | None) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why the contribution is rejected.")]})
    return reason


@transaction.atomic
def contribution_verify(*, contribution: Contribution, verified_by: User) -> Contribution:
    """Verify a submitted contribution; its value now counts. Raises PermissionDenied (not staff of
    the initiative's organisations, or one's own) or ValidationError (not submitted)."""
    return _decide(
        _lock([contribution.pk]), decided_by=verified_by, status=ContributionStatus.VERIFIED
    )[0]


@transaction.atomic
def contribution_reject(
    *, contribution: Contribution, rejected_by: User, reason: str
) -> Contribution:
    """Reject a submitted contribution with a reason (required). Raises like contribution_verify."""
    reason = _reason(reason)
    return _decide(
        _lock([contribution.pk]),
        decided_by=rejected_by,
        status=ContributionStatus.REJECTED,
        reason=reason,
    )[0]


@transaction.atomic
def contributions_verify_many(
    *, contribution_ids: Iterable[int], verified_by: User
) -> list[Contribution]:
    """Verify several at once, all or nothing (the officer's queue)."""
    return _decide(
        _lock(contribution_ids), decided_by=verified_by, status=ContributionStatus.VERIFIED
    )


@transaction.atomic
def contributions_reject_many(
    *, contribution_ids: Iterable[int], rejected_by: User, reason: str
) -> list[Contribution]:
    """Reject several at once with one reason, all or nothing."""
    reason = _reason(reason)
    return _decide(
        _lock(contribution_ids),
        decided_by=rejected_by,
        status=ContributionStatus.REJECTED,
        reason=reason,
    )


# --- public inputs ----------------------------------------------------------------------------


def _public_input_checks(
    *,
    recorded_by: User,
    initiative: Initiative,
    organisation: Organisation | None,
    kind: str,
    date: Any,
    hours: Any,
    grade: str,
    amount: Any,
    description: str,
    currency: str | None,
) -> dict[str, Any]:
    errors = _Errors()
    initiative_organisations = initiative.organisation_ids()
    roles = user_roles(recorded_by)
    staff_of = {o for o in initiative_organisations if roles.get(o, frozenset()) & STAFF_ROLES}
    if not recorded_by.is_superuser and not staff_of:
        errors.add(
            "initiative",
            _("Only staff of this initiative's organisations can record public inputs."),
        )
    if organisation is None:
        lead = initiative.lead_organisation_id
        organisation_id = (
            lead
            if (recorded_by.is_superuser or lead in staff_of or not staff_of)
            else min(staff_of)
        )
        organisation = Organisation.objects.get(pk=organisation_id)
    elif organisation.pk not in initiative_organisations:
        errors.add(
            "organisation", _("Choose the lead or a partner organisation of this initiative.")
        )
    elif staff_of and not recorded_by.is_superuser and organisation.pk not in staff_of:
        errors.add("organisation", _("You can record inputs only for your own organisation."))

    expected = initiative.lead_organisation.currency
    currency = (currency or expected).upper()
    if currency != expected:
        errors.add(
            "currency",
            _("This initiative keeps its accounts in %(expected)s; %(given)s is not converted.")
            % {"expected": expected, "given": currency},
        )
    minor = min(2, CURRENCY_MINOR_UNITS.get(expected, 2))
    if kind not in PublicInputKind.values:
        errors.add(
            "kind", _("Choose one of: %(kinds)s.") % {"kinds": ", ".join(PublicInputKind.values)}
        )
    date = _date(date, "date", errors)
    hours = _decimal(hours, "hours", errors, places=2, max_digits=8)
    amount = _decimal(amount, "amount", errors, places=minor, max_digits=12)
    grade = _text(grade, "grade", errors, max_length=80)
    description = _text(description, "description", errors)
    if date is None and "date" not in errors:
        errors.add("date", _("Give the date."))
    elif date is not None:
        if date > timezone.localdate():
            errors.add("date", _("The date cannot be in the future."))
        elif date < initiative.start_date:
            errors.add(
                "date",
                _("The date is before the initiative started (%(start)s).")
                % {"start": initiative.start_date.isoformat()},
            )
    staff_cost_rate = None
    if kind == PublicInputKind.STAFF_TIME:
        if hours is None and "hours" not in errors:
            errors.add("hours", _("Give the number of hours."))
        elif hours is not None and hours <= 0:
            errors.add("hours", _("Hours must be more than zero."))
        if amount is not None:
            errors.add("amount", _("Give hours and a grade, not an amount, for staff time."))
        if not grade:
            errors.add("grade", _("Choose the staff grade; it picks the hourly cost."))
        elif date is not None and "organisation" not in errors:
            staff_cost_rate = (
                StaffCostRate.objects.filter(
                    organisation=organisation, grade=grade, effective_from__lte=date
                )
                .order_by("-effective_from")
                .first()
            )
            if staff_cost_rate is None:
                errors.add(
                    "grade",
                    _("%(organisation)s has no staff cost for grade %(grade)s on %(date)s.")
                    % {"organisation": organisation, "grade": grade, "date": date.isoformat()},
                )
            elif organisation.currency != expected:
                errors.add(
                    "organisation",
                    _("%(organisation)s's staff costs are in %(given)s; they are not converted.")
                    % {"organisation": organisation, "given": organisation.currency},
                )
    elif kind in PublicInputKind.values:
        if amount is None and "amount" not in errors:
            errors.add("amount", _("Give the amount."))
        elif amount is not None and amount <= 0:
            errors.add("amount", _("The amount must be more than zero."))
        if hours is not None:
            errors.add("hours", _("Hours apply only to staff time."))
        if grade:
            errors.add("grade", _("A grade applies only to staff time."))
        if kind == PublicInputKind.IN_KIND and not description:
            errors.add("description", _("Describe the premises or equipment."))
    if errors:
        raise ValidationError(dict(errors))
    valuation = value_public_input(
        kind=kind, currency=expected, hours=hours, amount=amount, staff_cost_rate=staff_cost_rate
    )
    return {
        "organisation": organisation,
        "kind": kind,
        "date": date,
        "hours": hours,
        "grade": grade,
        "amount": amount,
        "currency": expected,
        "description": description,
        "value": valuation.value,
        "rate": valuation.rate,
        "rate_used": valuation.staff_cost_rate,
        "method": valuation.method,
    }


@transaction.atomic
def public_input_record(
    *,
    recorded_by: User,
    initiative: Initiative,
    kind: str,
    date: datetime.date,
    hours: Decimal | None = None,
    grade: str = "",
    amount: Decimal | None = None,
    description: str = "",
    currency: str | None = None,
    organisation: Organisation | None = None,
) -> PublicInput:
    """Record staff time (hours × the grade's fully loaded cost), spend, or public in kind.

    `organisation` is whose input it is (default: the lead, or the recorder's organisation among
    the initiative's). Only staff of the initiative's organisations may record. Raises
    ValidationError naming the field."""
    checked = _public_input_checks(
        recorded_by=recorded_by,
        initiative=initiative,
        organisation=organisation,
        kind=kind,
        date=date,
        hours=hours,
        grade=grade,
        amount=amount,
        description=description,
        currency=currency,
    )
    public_input = PublicInput(initiative=initiative, recorded_by=recorded_by, **checked)
    public_input._history_user = recorded_by  # noqa: SLF001
    public_input.save()
    _mark_stale([(initiative.pk, public_input.date)])
    return public_input


@transaction.atomic
def public_input_update(
    *, public_input: PublicInput, changed_by: User, **fields: Any
) -> PublicInput:
    """Change a public input (kind, date, hours, grade, amount, currency, description); revalued."""
    fixed = set(fields) - PUBLIC_INPUT_EDITABLE_FIELDS
    if fixed:
        raise ValidationError({name: [_("This cannot be changed.")] for name in sorted(fixed)})
    locked = (
        PublicInput.objects.select_for_update(of=("self",))
        .select_related("initiative", "organisation")
        .get(pk=public_input.pk)
    )
    current = {
        "kind": locked.kind,
        "date": locked.date,
        "hours": locked.hours,
        "grade": locked.grade,
        "amount": locked.amount,
        "description": locked.description,
        "currency": locked.currency,
    }
    checked = _public_input_checks(
        recorded_by=changed_by,
        initiative=locked.initiative,
        organisation=locked.organisation,
        **{**current, **fields},
    )
    old_date = locked.date
    for name, value in checked.items():
        setattr(locked, name, value)
    locked._history_user = changed_by  # noqa: SLF001
    locked.save()
    _mark_stale([(locked.initiative_id, old_date), (locked.initiative_id, locked.date)])
    return locked


@transaction.atomic
def public_input_delete(*, public_input: PublicInput, deleted_by: User) -> None:
    """Delete a public input recorded in error; the history keeps it."""
    roles = user_roles(deleted_by)
    if not deleted_by.is_superuser and not any(
        roles.get(o, frozenset()) & STAFF_ROLES for o in public_input.initiative.organisation_ids()
    ):
        raise PermissionDenied(
            _("Only staff of this initiative's organisations can delete public inputs.")
        )
    public_input._history_user = deleted_by  # noqa: SLF001
    initiative_id, date = public_input.initiative_id, public_input.date
    public_input.delete()
    _mark_stale([(initiative_id, date)])


# --- rates: revaluation -----------------------------------------------------------------------


def _window_end(
    model: type[models.Model], scope: dict[str, Any], start: datetime.date
) -> datetime.date | None:
    return (
        model.objects.filter(**scope, effective_from__gt=start)
        .order_by("effective_from")
        .values_list("effective_from", flat=True)
        .first()
    )


def _revalue_activity_window(
    *,
    organisation_id: int | None,
    activity: str,
    currency: str,
    start: datetime.date,
    end: datetime.date | None,
    changed_by: User | None,
) -> int:
    """Revalue the time lines a rate scope covers between two dates; returns how many changed."""
    candidates = Contribution.objects.filter(kind=Kind.TIME, currency=currency, date__gte=start)
    if end is not None:
        candidates = candidates.filter(date__lt=end)
    if activity != GENERALIST_ACTIVITY:
        candidates = candidates.filter(activity=activity)
    if organisation_id is not None:
        candidates = candidates.filter(initiative__lead_organisation_id=organisation_id)
    candidates = candidates.annotate(lead_organisation_id=F("initiative__lead_organisation_id"))
    changed: list[Contribution] = []
    books: dict[int, RateBook] = {}
    for contribution in candidates.iterator(chunk_size=2000):
        lead = contribution.lead_organisation_id
        if lead not in books:
            books[lead] = rate_book_for(organisation_ids={lead}, currencies={currency})
        choice = books[lead].choose(
            organisation_id=lead,
            activity=contribution.activity,
            currency=currency,
            on=contribution.date,
        )
        if choice is None:
            continue  # no rate at all any more: keep the line as valued, never guess
        valuation = value_contribution(
            kind=Kind.TIME, currency=currency, hours=contribution.hours, choice=choice
        )
        if (
            contribution.value,
            contribution.rate,
            contribution.rate_used_id,
            contribution.method,
        ) != (valuation.value, valuation.rate, valuation.activity_rate.pk, valuation.method):
            contribution.value = valuation.value
            contribution.rate = valuation.rate
            contribution.rate_used = valuation.activity_rate
            contribution.method = valuation.method
            changed.append(contribution)
    if changed:
        bulk_update_with_history(
            changed,
            Contribution,
            ["value", "rate", "rate_used", "method", "updated_at"],
            batch_size=500,
            default_user=changed_by,
            default_change_reason="revalued: rate change",
        )
        _mark_stale((c.initiative_id, c.date) for c in changed)
    return len(changed)


@transaction.atomic
def rates_revalue(
    *,
    rates: Iterable[ActivityRate],
    since: datetime.date | None = None,
    changed_by: User | None = None,
) -> int:
    """Revalue exactly the lines these rate versions cover: same activity (every activity for a
    generalist rate), same organisation (every organisation for a platform default), same
    currency, dated from the rate's effective date (or `since`, if earlier — a rate moved later)
    to the next version's. Lines valued by the fallback move to a new specific rate. Marks their
    buckets stale; returns how many lines changed."""
    changed = 0
    for rate in rates:
        start = min(rate.effective_from, since) if since else rate.effective_from
        scope = {
            "organisation_id": rate.organisation_id,
            "activity": rate.activity,
            "currency": rate.currency,
        }
        end = _window_end(ActivityRate, scope, rate.effective_from)
        changed += _revalue_activity_window(**scope, start=start, end=end, changed_by=changed_by)
    return changed


@transaction.atomic
def activity_rate_save(*, rate: ActivityRate, changed_by: User | None = None) -> int:
    """Save a rate (new or edited, e.g. in the admin) and revalue the lines it now covers and the
    lines it covered before. Returns how many lines changed."""
    previous = ActivityRate.objects.filter(pk=rate.pk).first() if rate.pk else None
    rate.full_clean()
    rate._history_user = changed_by  # noqa: SLF001
    rate.save()
    changed = rates_revalue(rates=[rate], changed_by=changed_by)
    if previous is not None and (
        previous.organisation_id,
        previous.activity,
        previous.currency,
        previous.effective_from,
    ) != (rate.organisation_id, rate.activity, rate.currency, rate.effective_from):
        scope = {
            "organisation_id": previous.organisation_id,
            "activity": previous.activity,
            "currency": previous.currency,
        }
        end = _window_end(ActivityRate, scope, previous.effective_from)
        changed += _revalue_activity_window(
            **scope, start=previous.effective_from, end=end, changed_by=changed_by
        )
    return changed


def _revalue_staff_window(
    *,
    organisation_id: int,
    grade: str,
    start: datetime.date,
    end: datetime.date | None,
    changed_by: User | None,
) -> int:
    candidates = PublicInput.objects.filter(
        kind=PublicInputKind.STAFF_TIME,
        organisation_id=organisation_id,
        grade=grade,
        date__gte=start,
    )
    if end is not None:
        candidates = candidates.filter(date__lt=end)
    versions = list(
        StaffCostRate.objects.filter(organisation_id=organisation_id, grade=grade).order_by(
            "effective_from"
        )
    )
    changed: list[PublicInput] = []
    for public_input in candidates.iterator(chunk_size=2000):
        in_force = [v for v in versions if v.effective_from <= public_input.date]
        if not in_force:
            continue
        valuation = value_public_input(
            kind=PublicInputKind.STAFF_TIME,
            currency=public_input.currency,
            hours=public_input.hours,
            staff_cost_rate=in_force[-1],
        )
        if (public_input.value, public_input.rate, public_input.rate_used_id) != (
            valuation.value,
            valuation.rate,
            in_force[-1].pk,
        ):
            public_input.value = valuation.value
            public_input.rate = valuation.rate
            public_input.rate_used = in_force[-1]
            changed.append(public_input)
    if changed:
        bulk_update_with_history(
            changed,
            PublicInput,
            ["value", "rate", "rate_used", "updated_at"],
            batch_size=500,
            default_user=changed_by,
            default_change_reason="revalued: staff cost change",
        )
        _mark_stale((p.initiative_id, p.date) for p in changed)
    return len(changed)


@transaction.atomic
def staff_costs_revalue(
    *,
    rates: Iterable[StaffCostRate],
    since: datetime.date | None = None,
    changed_by: User | None = None,
) -> int:
    """Revalue the staff-time public inputs these staff cost versions cover; how many changed."""
    changed = 0
    for rate in rates:
        start = min(rate.effective_from, since) if since else rate.effective_from
        scope = {"organisation_id": rate.organisation_id, "grade": rate.grade}
        end = _window_end(StaffCostRate, scope, rate.effective_from)
        changed += _revalue_staff_window(**scope, start=start, end=end, changed_by=changed_by)
    return changed


@transaction.atomic
def staff_cost_rate_save(*, rate: StaffCostRate, changed_by: User | None = None) -> int:
    """Save a staff cost version (admin) and revalue what it covers, before and after."""
    previous = StaffCostRate.objects.filter(pk=rate.pk).first() if rate.pk else None
    rate.full_clean()
    rate._history_user = changed_by  # noqa: SLF001
    rate.save()
    changed = staff_costs_revalue(rates=[rate], changed_by=changed_by)
    if previous is not None and (
        previous.organisation_id,
        previous.grade,
        previous.effective_from,
    ) != (
        rate.organisation_id,
        rate.grade,
        rate.effective_from,
    ):
        scope = {"organisation_id": previous.organisation_id, "grade": previous.grade}
        end = _window_end(StaffCostRate, scope, previous.effective_from)
        changed += _revalue_staff_window(
            **scope, start=previous.effective_from, end=end, changed_by=changed_by
        )
    return changed


# --- rates: CSV import ------------------------------------------------------------------------

RATE_COLUMNS = ["organisation", "activity", "hourly_rate", "currency", "effective_from", "source"]
STAFF_COST_COLUMNS = [
    "organisation",
    "grade",
    "hourly_rate",
    "oncost_percent",
    "overhead_percent",
    "effective_from",
]
_ACTIVITY_KEY = re.compile(r"^(\*|[a-z0-9][a-z0-9_-]*)$")
_YEAR = re.compile(r"^(1[89]\d\d|2\d\d\d)$")


def parse_source(text: str) -> tuple[str, str, int | None]:
    """'Title; Publisher; 2024' → (title, publisher, year). Lenient: semicolons or commas, the
    year optional; one part is a title, the last of several is the publisher."""
    text = (text or "").strip()
    separator = ";" if ";" in text else ","
    parts = [part.strip() for part in text.split(separator) if part.strip()]
    year = None
    if parts and _YEAR.match(parts[-1].strip("() .")):
        year = int(parts.pop().strip("() ."))
    if not parts:
        return "", "", year
    if len(parts) == 1:
        return parts[0][:300], "", year
    return f"{separator} ".join(parts[:-1])[:300], parts[-1][:200], year


def _read_csv(
    file: IO[str] | IO[bytes] | Iterable[str], columns: list[str]
) -> list[tuple[int, dict[str, str]]]:
    if hasattr(file, "read"):
        content = file.read()
        if isinstance(content, bytes):
            try:
                content = content.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise ValidationError(_("The file is not UTF-8 text.")) from exc
        lines: Iterable[str] = io.StringIO(content.lstrip("\ufeff"), newline="")
    else:
        lines = file
    reader = csv.DictReader(lines)
    header = [(name or "").strip().lstrip("\ufeff") for name in (reader.fieldnames or [])]
    if header != columns:
        raise ValidationError(
            _("Line 1: the columns must be exactly %(expected)s; found %(found)s.")
            % {"expected": ",".join(columns), "found": ",".join(header) or _("nothing")}
        )
    rows = []
    for row in reader:
        if None in row or any(value is None for value in row.values()):
            rows.append((reader.line_num, {"__shape__": "bad"}))
            continue
        if not any((value or "").strip() for value in row.values()):
            continue
        rows.append(
            (
                reader.line_num,
                {k.strip().lstrip("\ufeff"): (v or "").strip() for k, v in row.items()},
            )
        )
    return rows


def _line_errors(line: int, errors: _Errors) -> list[str]:
    return [
        _("Line %(line)d: %(field)s: %(message)s")
        % {"line": line, "field": name, "message": message}
        for name, messages in errors.items()
        for message in messages
    ]


@transaction.atomic
def rate_import_csv(
    *, file: IO[str] | IO[bytes] | Iterable[str], imported_by: User | None = None
) -> ImportResult:
    """Import replacement-cost rates from CSV with the columns
    organisation,activity,hourly_rate,currency,effective_from,source (empty organisation = the
    platform default; activity * = the generalist fallback). Idempotent: importing the same file
    twice changes nothing. Any bad row → ValidationError listing each with its line number, and
    nothing of the file is stored. Lines the new or changed rates cover are revalued."""
    rows = _read_csv(file, RATE_COLUMNS)
    slugs = {row.get("organisation", "") for _line, row in rows} - {""}
    organisations = {o.slug: o for o in Organisation.objects.filter(slug__in=slugs)}
    messages: list[str] = []
    parsed: list[tuple[int, dict[str, Any]]] = []
    seen: dict[tuple, int] = {}
    for line, row in rows:
        errors = _Errors()
        if row.get("__shape__"):
            errors.add("row", _("The row has a different number of columns from the header."))
            messages += _line_errors(line, errors)
            continue
        organisation = None
        if row["organisation"]:
            organisation = organisations.get(row["organisation"])
            if organisation is None:
                errors.add(
                    "organisation",
                    _("No organisation with slug %(slug)s.") % {"slug": row["organisation"]},
                )
        activity = row["activity"]
        if not activity:
            errors.add("activity", _("Give the activity key, or * for the generalist rate."))
        elif not _ACTIVITY_KEY.match(activity) or len(activity) > 80:
            errors.add("activity", _("Use a lower-case key such as co-performing, or *."))
        currency = row["currency"].upper()
        if currency not in CURRENCY_MINOR_UNITS:
            errors.add("currency", _("Unknown currency %(code)s.") % {"code": row["currency"]})
        elif organisation is not None and organisation.currency != currency:
            errors.add(
                "currency",
                _("%(organisation)s keeps its accounts in %(expected)s.")
                % {"organisation": organisation.slug, "expected": organisation.currency},
            )
        hourly_rate = _decimal(row["hourly_rate"], "hourly_rate", errors, places=2, max_digits=10)
        if hourly_rate is None and "hourly_rate" not in errors:
            errors.add("hourly_rate", _("Give the hourly rate."))
        elif hourly_rate is not None and hourly_rate <= 0:
            errors.add("hourly_rate", _("The hourly rate must be more than zero."))
        effective_from = _date(row["effective_from"], "effective_from", errors)
        if effective_from is None and "effective_from" not in errors:
            errors.add("effective_from", _("Give the date the rate applies from."))
        title, publisher, year = parse_source(row["source"])
        if not title:
            errors.add("source", _("Cite the source: title; publisher; year."))
        key = (row["organisation"], activity, currency, effective_from)
        if not errors and key in seen:
            errors.add("effective_from", _("Repeats line %(line)d.") % {"line": seen[key]})
        seen.setdefault(key, line)
        if errors:
            messages += _line_errors(line, errors)
            continue
        parsed.append(
            (
                line,
                {
                    "organisation": organisation,
                    "activity": activity,
                    "currency": currency,
                    "effective_from": effective_from,
                    "hourly_rate": hourly_rate,
                    "source_title": title,
                    "source_publisher": publisher,
                    "source_year": year,
                    "is_illustrative": "illustrative" in row["source"].lower(),
                },
            )
        )
    if messages:
        raise ValidationError(messages)

    created, updated, unchanged, touched = _rate_rows_upsert(
        ActivityRate,
        [values for _line, values in parsed],
        key_fields=("organisation", "activity", "currency", "effective_from"),
        imported_by=imported_by,
    )
    revalued = rates_revalue(rates=touched, changed_by=imported_by)
    return ImportResult(created=created, updated=updated, unchanged=unchanged, revalued=revalued)


def _rate_rows_upsert(model, rows, *, key_fields, imported_by):
    """Create or update rate rows by their natural key; identical rows change nothing.

    Returns (created, updated, unchanged, the rows created or changed).
    """
    created = updated = unchanged = 0
    touched = []
    for values in rows:
        existing = model.objects.filter(**{name: values[name] for name in key_fields}).first()
        if existing is None:
            rate = model(**values)
            rate._history_user = imported_by  # noqa: SLF001 (simple-history's hook)
            rate.save()
            created += 1
            touched.append(rate)
            continue
        if all(getattr(existing, name) == value for name, value in values.items()):
            unchanged += 1
            continue
        for name, value in values.items():
            setattr(existing, name, value)
        existing._history_user = imported_by  # noqa: SLF001
        existing.save()
        updated += 1
        touched.append(existing)
    return created, updated, unchanged, touched


@transaction.atomic
def staff_cost_import_csv(
    *, file: IO[str] | IO[bytes] | Iterable[str], imported_by: User | None = None
) -> ImportResult:
    """Import staff grade costs from CSV with the columns
    organisation,grade,hourly_rate,oncost_percent,overhead_percent,effective_from. Same contract
    as rate_import_csv: idempotent, all or nothing, errors by line number; revalues staff time."""
    rows = _read_csv(file, STAFF_COST_COLUMNS)
    slugs = {row.get("organisation", "") for _line, row in rows} - {""}
    organisations = {o.slug: o for o in Organisation.objects.filter(slug__in=slugs)}
    messages: list[str] = []
    parsed: list[dict[str, Any]] = []
    seen: dict[tuple, int] = {}
    for line, row in rows:
        errors = _Errors()
        if row.get("__shape__"):
            errors.add("row", _("The row has a different number of columns from the header."))
            messages += _line_errors(line, errors)
            continue
        organisation = organisations.get(row["organisation"])
        if not row["organisation"]:
            errors.add("organisation", _("Give the organisation's slug."))
        elif organisation is None:
            errors.add(
                "organisation",
                _("No organisation with slug %(slug)s.") % {"slug": row["organisation"]},
            )
        grade = row["grade"]
        if not grade:
            errors.add("grade", _("Give the grade."))
        elif len(grade) > 80:
            errors.add("grade", _("Use at most %(count)d characters.") % {"count": 80})
        hourly_rate = _decimal(row["hourly_rate"], "hourly_rate", errors, places=2, max_digits=10)
        if hourly_rate is None and "hourly_rate" not in errors:
            errors.add("hourly_rate", _("Give the hourly rate."))
        elif hourly_rate is not None and hourly_rate <= 0:
            errors.add("hourly_rate", _("The hourly rate must be more than zero."))
        percents = {}
        for name in ("oncost_percent", "overhead_percent"):
            value = _decimal(row[name] or "0", name, errors, places=2, max_digits=6)
            if value is not None and value < 0:
                errors.add(name, _("A percentage cannot be negative."))
            percents[name] = value
        effective_from = _date(row["effective_from"], "effective_from", errors)
        if effective_from is None and "effective_from" not in errors:
            errors.add("effective_from", _("Give the date the cost applies from."))
        key = (row["organisation"], grade, effective_from)
        if not errors and key in seen:
            errors.add("effective_from", _("Repeats line %(line)d.") % {"line": seen[key]})
        seen.setdefault(key, line)
        if errors:
            messages += _line_errors(line, errors)
            continue
        parsed.append(
            {
                "organisation": organisation,
                "grade": grade,
                "effective_from": effective_from,
                "hourly_rate": hourly_rate,
                **percents,
            }
        )
    if messages:
        raise ValidationError(messages)

    created, updated, unchanged, touched = _rate_rows_upsert(
        StaffCostRate,
        parsed,
        key_fields=("organisation", "grade", "effective_from"),
        imported_by=imported_by,
    )
    revalued = staff_costs_revalue(rates=touched, changed_by=imported_by)
    return ImportResult(created=created, updated=updated, unchanged=unchanged, revalued=revalued)
