"""The stakeholder groups, benefits and indicators the product ships with (DESIGN §4).

Plain data, read by the seeding migration and by tests.
"""

# (group slug, group name,
#  [(benefit slug, benefit name, [(indicator slug, name, unit, better, source)])])
CATALOGUE = [
    ("users", "Service users", [
        ("improved-outcomes", "Improved outcomes and quality of life", [
            ("users-outcome-measures", "Outcome measures of users", "score", "higher",
             "outcome_measure"),
        ]),
        ("better-services", "Higher-quality, more realistic and sustainable services", [
            ("users-coproduction-share", "Co-production share of all inputs", "%", "higher",
             "coproduction_share"),
            ("users-service-rating", "Service rating by users", "1–5", "higher",
             "survey_question"),
        ]),
    ]),
    ("citizens", "Citizens", [
        ("social-capital", "Social capital and cohesion", [
            ("citizens-distinct-contributors", "Citizens contributing", "people", "higher",
             "distinct_contributors"),
            ("citizens-hours-per-contributor", "Hours given per contributor", "hours", "higher",
             "hours_per_contributor"),
            ("citizens-cohesion", "Sense of cohesion (survey)", "1–5", "higher",
             "survey_question"),
        ]),
        ("reassurance", "Reassurance about the availability and quality of future services", [
            ("citizens-reassurance", "Reassurance (survey)", "1–5", "higher", "survey_question"),
        ]),
    ]),
    ("frontline-staff", "Frontline staff", [
        ("job-satisfaction", "Responsibility and job satisfaction", [
            ("staff-job-satisfaction", "Job satisfaction (staff survey)", "1–5", "higher",
             "survey_question"),
        ]),
    ]),
    ("managers", "Top managers", [
        ("limiting-demand", "Limiting demand on services", [
            ("managers-citizen-input-value", "Citizen input value", "GBP", "higher",
             "citizen_input_value"),
        ]),
        ("efficiency", "More efficient services", [
            ("managers-leverage", "Leverage: citizen value per £1 of public input", "ratio",
             "higher", "leverage"),
            ("managers-cost-per-outcome", "Public cost per outcome", "GBP", "lower",
             "cost_per_outcome"),
        ]),
    ]),
    ("politicians", "Politicians", [
        ("satisfied-users", "Satisfied service users (electoral support)", [
            ("politicians-user-satisfaction", "User satisfaction (survey)", "1–5", "higher",
             "survey_question"),
        ]),
        ("less-public-funding", "Less need for public funding", [
            ("politicians-public-input-per-initiative", "Public input per initiative", "GBP",
             "lower", "public_input_per_initiative"),
            ("politicians-leverage", "Citizen value per £1 of public input", "ratio", "higher",
             "leverage"),
        ]),
    ]),
]
