"""Who may see and change ledger lines and accounts. One set of predicates for pages and the API.

The list selectors (`contribution_list_visible_to`, `public_input_list_visible_to`,
`initiatives_with_accounts_visible_to`) express the same rules as querysets.
"""

import rules

from initiatives.rules import is_insider_of_initiative, is_staff_anywhere, is_staff_of_initiative
from people.selectors import has_role_in

from .selectors import SUBMITTING_ROLES


@rules.predicate
def is_superuser(user) -> bool:
    return bool(getattr(user, "is_superuser", False))


@rules.predicate
def is_own_contribution(user, contribution) -> bool:
    return contribution is not None and contribution.contributor_id == getattr(user, "pk", None)


@rules.predicate
def is_staff_of_contribution_initiative(user, contribution) -> bool:
    """Officers and managers of the initiative's lead or partner organisations."""
    return contribution is not None and is_staff_of_initiative(user, contribution.initiative)


@rules.predicate
def acts_for_submitting_organisation(user, contribution) -> bool:
    """A partner (or its staff) sees and corrects its own organisation's submissions."""
    return contribution is not None and has_role_in(
        user, contribution.submitted_by_organisation_id, SUBMITTING_ROLES
    )


@rules.predicate
def is_insider_of_public_input_initiative(user, public_input) -> bool:
    return public_input is not None and is_insider_of_initiative(user, public_input.initiative)


@rules.predicate
def is_staff_of_public_input_initiative(user, public_input) -> bool:
    return public_input is not None and is_staff_of_initiative(user, public_input.initiative)


@rules.predicate
def is_staff_of_this_initiative(user, initiative) -> bool:
    return initiative is not None and is_staff_of_initiative(user, initiative)


@rules.predicate
def is_insider_of_this_initiative(user, initiative) -> bool:
    return initiative is not None and is_insider_of_initiative(user, initiative)


can_view_contribution = (
    is_superuser
    | is_own_contribution
    | is_staff_of_contribution_initiative
    | acts_for_submitting_organisation
)
# Verify and reject: professionals of the initiative's organisations, never on their own line.
can_decide_contribution = is_superuser | (
    is_staff_of_contribution_initiative & ~is_own_contribution
)

rules.add_perm("ledger.view_contribution", can_view_contribution)
rules.add_perm("ledger.change_contribution", can_view_contribution)
rules.add_perm("ledger.verify_contribution", can_decide_contribution)
rules.add_perm("ledger.reject_contribution", can_decide_contribution)
rules.add_perm(
    "ledger.view_contribution_history", is_superuser | is_staff_of_contribution_initiative
)
rules.add_perm("ledger.view_verification_queue", is_superuser | is_staff_anywhere)
# On an initiative: logging for a participant, recording public inputs, reading the accounts.
rules.add_perm("ledger.log_contribution_for_others", is_superuser | is_staff_of_this_initiative)
rules.add_perm("ledger.record_public_input", is_superuser | is_staff_of_this_initiative)
rules.add_perm("ledger.view_accounts", is_superuser | is_insider_of_this_initiative)
# On a public input.
rules.add_perm("ledger.view_public_input", is_superuser | is_insider_of_public_input_initiative)
rules.add_perm("ledger.change_public_input", is_superuser | is_staff_of_public_input_initiative)
