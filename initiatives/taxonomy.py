"""The co-production taxonomy and the service areas the product ships with (DESIGN §3).

Plain data, read by the seeding migration and by tests, so both agree on the same list.
"""

# (slug, name, parent slug, examples, description)
COPRODUCTION_TYPES: list[tuple[str, str, str | None, str, str]] = [
    (
        "co-commissioning", "Co-commissioning", None, "",
        "Citizens and professionals together decide what is needed and what is bought.",
    ),
    (
        "co-planning", "Co-planning of policy", "co-commissioning",
        "Deliberative participation, Planning for Real, Open Space",
        "Shaping policy and plans with the people they affect.",
    ),
    (
        "co-prioritisation", "Co-prioritisation of services", "co-commissioning",
        "Individual budgets, participatory budgeting",
        "Citizens choose which services get the money.",
    ),
    (
        "co-financing", "Co-financing of services", "co-commissioning",
        "Fundraising, charges, agreement to tax increases",
        "Citizens put money towards the services they value.",
    ),
    (
        "co-design", "Co-design", None,
        "User consultation, service design labs, customer journey mapping",
        "Service users and staff design a service together.",
    ),
    (
        "co-delivery", "Co-delivery", None, "",
        "Citizens and professionals run or provide a service together.",
    ),
    (
        "co-management", "Co-management", "co-delivery",
        "Leisure centre trusts, community management of public assets, school governors",
        "Citizens share the running of a service or a public asset.",
    ),
    (
        "co-performing", "Co-performing", "co-delivery",
        "Peer support groups such as expert patients, Nurse-Family Partnerships, "
        "meals-on-wheels, Neighbourhood Watch",
        "Citizens do part of the work of a service alongside professionals.",
    ),
    (
        "co-assessment", "Co-assessment", None,
        "Tenant inspectors, user online ratings, participatory village appraisals",
        "Citizens monitor and evaluate services, including co-monitoring and co-evaluation.",
    ),
]

SERVICE_AREAS: list[tuple[str, str]] = [
    ("adult-social-care", "Adult social care"),
    ("children-and-families", "Children and families"),
    ("health-and-wellbeing", "Health and wellbeing"),
    ("housing", "Housing"),
    ("community-safety", "Community safety"),
    ("environment-and-streets", "Environment and streets"),
    ("leisure-and-culture", "Leisure and culture"),
    ("libraries", "Libraries"),
    ("education", "Education"),
    ("transport", "Transport"),
]
