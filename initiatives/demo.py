"""Demo areas, citizen interests, initiatives, status histories and participation.

Run after `people.demo.seed()`, whose organisations and people it uses. Initiatives are
created, moved along their lifecycle and joined through the services, so every status
history is a real one. Seeding twice adds nothing: an initiative whose slug exists, an
area whose slug exists and a citizen whose interests exist are left as they are.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone
from django.utils.text import slugify

from people.demo import (
    AGE_CONCERN,
    CITIZEN_USERNAMES,
    COUNCIL,
    DEMO_PEOPLE,
    EXTRA_CITIZENS,
    FOOD_NETWORK,
    TENANTS,
)
from people.demo import NHS_TRUST as NHS
from people.models import Organisation, User

from .models import (
    Area,
    CitizenInterests,
    CoproductionType,
    Initiative,
    Mode,
    Participation,
    ParticipationRole,
    ServiceArea,
    Status,
    StatusChange,
)
from .services import (
    initiative_create,
    initiative_transition,
    participation_join,
    participation_leave,
)

SEED = 2024

# (slug, name) of the council's wards and of the NHS trust's neighbourhoods.
WARDS: list[tuple[str, str]] = [
    ("castle-ward", "Castle Ward"),
    ("eastfield", "Eastfield"),
    ("riverside", "Riverside"),
    ("st-annes", "St Anne's"),
    ("millbrook", "Millbrook"),
    ("northgate", "Northgate"),
    ("westbrook", "Westbrook"),
]
NEIGHBOURHOODS: list[tuple[str, str]] = [
    ("north-northbridge", "North Northbridge neighbourhood"),
    ("south-northbridge", "South Northbridge neighbourhood"),
]
ALL_WARDS = tuple(slug for slug, _ in WARDS)
BOTH_NEIGHBOURHOODS = tuple(slug for slug, _ in NEIGHBOURHOODS)

# Who approves and changes the status of each lead organisation's initiatives.
MANAGER_OF = {COUNCIL: "manager", NHS: "nhs-manager"}
# Days between an initiative being proposed and its planned start.
PROPOSAL_LEAD_DAYS = 30
# The share of extra citizens who have since left an initiative, so histories show leavers.
LEAVER_SHARE = 0.1

ACTIVE, PAUSED, COMPLETED, WITHDRAWN = (
    Status.ACTIVE, Status.PAUSED, Status.COMPLETED, Status.WITHDRAWN,
)
PARTICIPANT, VOLUNTEER, SERVICE_USER, INSPECTOR, CO_DESIGNER = (
    ParticipationRole.PARTICIPANT,
    ParticipationRole.VOLUNTEER,
    ParticipationRole.SERVICE_USER,
    ParticipationRole.INSPECTOR,
    ParticipationRole.CO_DESIGNER,
)


@dataclass(frozen=True)
class DemoInitiative:
    title: str
    summary: str
    description: str
    lead: str  # organisation slug
    service_area: str
    types: tuple[str, ...]
    start: int  # days before today
    path: tuple[tuple[str, str], ...]  # (status, reason) after being proposed
    areas: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    mode: str = Mode.COLLECTIVE
    end: int | None = None  # days from today; negative is in the past
    lead_professional: str = "officer"
    participants: int = 0  # extra citizens who join when it becomes active
    roles: tuple[str, ...] = (PARTICIPANT,)
    named: tuple[tuple[str, str], ...] = ()  # (username, role) of the named demo citizens

    @property
    def slug(self) -> str:
        return slugify(self.title)


INITIATIVES: list[DemoInitiative] = [
    DemoInitiative(
        title="Befriending older neighbours",
        summary="Trained volunteers visit or phone older people who live alone, once a week.",
        description=(
            "Older residents referred by social workers, GPs or themselves are matched with a "
            "volunteer who lives nearby. Northbridge Age Concern recruits, checks and supports "
            "the volunteers; the council's adult social care team makes referrals and follows "
            "up when a visit raises a concern. Each pair agrees what the visits are for, from a "
            "cup of tea to a trip to the shops."
        ),
        lead=COUNCIL, partners=(AGE_CONCERN,), service_area="adult-social-care",
        types=("co-performing",), areas=("castle-ward", "st-annes", "westbrook"), start=760,
        path=((ACTIVE, "Volunteer training finished with Northbridge Age Concern; first "
                       "twelve matches made."),),
        participants=12, roles=(VOLUNTEER, VOLUNTEER, SERVICE_USER),
        named=(("citizen", VOLUNTEER),),
    ),
    DemoInitiative(
        title="Steady Steps falls prevention",
        summary="Strength and balance classes for people at risk of falls, run by physiotherapists "
                "and trained peer leaders.",
        description=(
            "People who have had a fall, or are at risk of one, join a twelve-week course of "
            "strength and balance exercises in community halls. NHS physiotherapists assess "
            "each person and set the exercises; peer leaders who finished the course themselves "
            "run the weekly sessions and keep people coming. Graduates are invited to become "
            "peer leaders in turn."
        ),
        lead=NHS, partners=(AGE_CONCERN, COUNCIL), service_area="health-and-wellbeing",
        types=("co-performing",), areas=BOTH_NEIGHBOURHOODS, start=540,
        path=((ACTIVE, "Physiotherapy lead signed off the programme and the peer leaders' "
                       "training."),),
        lead_professional="nhs-officer", participants=14,
        roles=(SERVICE_USER, SERVICE_USER, VOLUNTEER), named=(("citizen2", SERVICE_USER),),
    ),
    DemoInitiative(
        title="Eastfield tenant inspectors",
        summary="Tenants inspect communal areas, repairs and lettings, and report what they find "
                "to the housing board.",
        description=(
            "A team of council tenants recruited through Eastfield Tenants' Association makes "
            "mystery-shopping calls, walks the estates and checks empty homes before they are "
            "let. Every inspection ends with a short report and recommendations, which housing "
            "managers answer within six weeks. Findings and answers go up on the estate "
            "noticeboards."
        ),
        lead=COUNCIL, partners=(TENANTS,), service_area="housing", types=("co-assessment",),
        areas=("eastfield",), start=620,
        path=((ACTIVE, "Inspectors trained; inspection checklist agreed with the tenants' "
                       "association."),),
        lead_professional="officer2", participants=8, roles=(INSPECTOR,),
        named=(("citizen2", INSPECTOR),),
    ),
    DemoInitiative(
        title="Northbridge participatory budget",
        summary="Residents propose and vote on neighbourhood projects for a share of £250,000 of "
                "the council's capital budget.",
        description=(
            "Anyone who lives, works or studies in Northbridge can put forward an idea for their "
            "ward, from new benches to safer crossings. Officers check each idea for cost and "
            "feasibility, then residents vote at ward events and online. The projects with the "
            "most votes in each ward are funded and built within the year."
        ),
        lead=COUNCIL, service_area="environment-and-streets", types=("co-prioritisation",),
        areas=ALL_WARDS, start=300, end=65,
        path=((ACTIVE, "Cabinet agreed a £250,000 pot for residents to allocate this year."),),
        participants=20, roles=(PARTICIPANT,), named=(("citizen", PARTICIPANT),),
    ),
    DemoInitiative(
        title="Your Street, Your Say pilot",
        summary="A pilot participatory budget in three wards that let residents choose small "
                "street improvements.",
        description=(
            "Before the city-wide participatory budget, three wards tried the approach with "
            "£60,000 of highways money. Residents voted for twelve schemes, among them dropped "
            "kerbs, new bins and a community noticeboard. The pilot's evaluation set the rules "
            "of the later Northbridge participatory budget."
        ),
        lead=COUNCIL, service_area="environment-and-streets", types=("co-prioritisation",),
        areas=("eastfield", "riverside", "northgate"), start=1020, end=-800,
        path=(
            (ACTIVE, "Ward councillors agreed the pilot and its £60,000 budget."),
            (COMPLETED, "All twelve schemes delivered; evaluation report published."),
        ),
        participants=10, roles=(PARTICIPANT,),
    ),
    DemoInitiative(
        title="Library friends groups",
        summary="Friends groups share the running of Northgate and Millbrook libraries with "
                "library staff.",
        description=(
            "When opening hours were at risk, residents formed friends groups that now staff the "
            "two libraries alongside a professional librarian on agreed days. The groups run the "
            "children's summer reading challenge, take bookings for the community room and raise "
            "money for new stock. A written agreement sets out what volunteers and staff each "
            "look after."
        ),
        lead=COUNCIL, service_area="libraries", types=("co-management",),
        areas=("northgate", "millbrook"), start=900,
        path=((ACTIVE, "Volunteer agreement signed by both friends groups and the library "
                       "service."),),
        lead_professional="officer2", participants=9, roles=(VOLUNTEER,),
    ),
    DemoInitiative(
        title="Neighbourhood Watch Castle Ward",
        summary="Street coordinators and residents look out for each other and share "
                "crime-prevention advice with the council and police.",
        description=(
            "Each street has a volunteer coordinator who passes on alerts from the police "
            "neighbourhood team and collects residents' concerns. The community safety officer "
            "meets the coordinators every quarter to agree priorities such as lighting or "
            "overgrown alleyways. Members also run property-marking sessions and welcome packs "
            "for new residents."
        ),
        lead=COUNCIL, service_area="community-safety", types=("co-performing",),
        areas=("castle-ward",), start=980,
        path=(
            (ACTIVE, "Relaunched with the police neighbourhood team; street coordinators "
                     "appointed."),
            (PAUSED, "The lead coordinator stepped down; paused while a successor is found."),
            (ACTIVE, "New lead coordinator in post and street contact lists refreshed."),
        ),
        participants=11, roles=(VOLUNTEER, PARTICIPANT), named=(("citizen", PARTICIPANT),),
    ),
    DemoInitiative(
        title="Parks clean-up days",
        summary="Monthly clean-up days where residents and park rangers clear litter, paths and "
                "overgrown beds together.",
        description=(
            "The parks service brings tools, gloves, skips and a ranger; residents bring their "
            "time and their knowledge of the spots that need attention. Each session ends with a "
            "walk round to agree what to tackle next month. Regulars can train as park champions "
            "and lead sessions themselves."
        ),
        lead=COUNCIL, service_area="environment-and-streets", types=("co-delivery",),
        areas=("riverside", "westbrook", "st-annes"), start=450,
        path=((ACTIVE, "Rangers' rota agreed; first clean-up day booked for Riverside Park."),),
        lead_professional="officer2", participants=15, roles=(VOLUNTEER,),
        named=(("citizen", VOLUNTEER),),
    ),
    DemoInitiative(
        title="Children's centre design lab",
        summary="Parents and children's centre staff redesigned opening times, drop-ins and the "
                "welcome for new families.",
        description=(
            "Over eight workshops, parents mapped their journey from pregnancy to a child's first "
            "birthday and marked where the centres helped or got in the way. Staff and parents "
            "then tried out a new weekly timetable for six weeks. The final design moved "
            "sessions to evenings and Saturdays and replaced the registration form with a "
            "conversation."
        ),
        lead=COUNCIL, service_area="children-and-families", types=("co-design",),
        areas=("eastfield", "riverside"), start=820, end=-520,
        path=(
            (ACTIVE, "Parents' design group recruited through health visitors and nurseries."),
            (PAUSED, "Paused over the school holidays at the parents' request."),
            (ACTIVE, "Design workshops resumed with the same group."),
            (COMPLETED, "New timetable and drop-in model adopted by both children's centres."),
        ),
        participants=9, roles=(CO_DESIGNER,), named=(("citizen2", CO_DESIGNER),),
    ),
    DemoInitiative(
        title="School travel plans with parents",
        summary="Parents, pupils and highways officers draw up travel plans that make walking and "
                "cycling to school safer.",
        description=(
            "At six primary schools, parents and pupils map the routes they use and the places "
            "they feel unsafe. Highways officers bring traffic counts and options such as school "
            "streets, crossing patrols and cycle shelters. Each school's plan is agreed with its "
            "parents' forum and reviewed every year."
        ),
        lead=COUNCIL, service_area="transport", types=("co-design", "co-planning"),
        areas=("millbrook", "northgate", "westbrook"), start=400, end=150,
        path=((ACTIVE, "Six primary schools signed up; route-mapping sessions scheduled."),),
        lead_professional="officer2", participants=10, roles=(CO_DESIGNER, PARTICIPANT),
    ),
    DemoInitiative(
        title="Community food larder",
        summary="A membership food larder where residents pay a small weekly sum for groceries "
                "and volunteers run the shop.",
        description=(
            "Riverside Food Network collects surplus food from supermarkets and local growers; "
            "volunteers sort it, stock the shelves and run the till. Members pay a few pounds a "
            "week for a basket worth several times as much, and the council's money advice team "
            "holds a weekly drop-in at the larder. Members sit on the steering group that "
            "decides opening hours and what is stocked."
        ),
        lead=COUNCIL, partners=(FOOD_NETWORK,), service_area="health-and-wellbeing",
        types=("co-delivery",), areas=("riverside", "eastfield"), start=700,
        path=((ACTIVE, "Premises lease signed and food hygiene rating received."),),
        participants=13, roles=(VOLUNTEER, SERVICE_USER),
    ),
    DemoInitiative(
        title="Expert patients diabetes peer support",
        summary="People living with type 2 diabetes lead peer groups that help others manage "
                "their condition day to day.",
        description=(
            "Peer tutors, who all live with diabetes, complete an accredited course and then run "
            "six-week self-management groups with a diabetes specialist nurse. Sessions cover "
            "food, medication, foot care and coping with low moods. GPs refer newly diagnosed "
            "patients, and many go on to the groups' monthly walking club."
        ),
        lead=NHS, service_area="health-and-wellbeing", types=("co-performing",),
        areas=BOTH_NEIGHBOURHOODS, start=880,
        path=((ACTIVE, "First cohort of peer tutors accredited."),),
        lead_professional="nhs-officer2", participants=12, roles=(SERVICE_USER, VOLUNTEER),
    ),
    DemoInitiative(
        title="Leisure centre community trust",
        summary="A community trust of residents and users is taking over the running of Millbrook "
                "Leisure Centre.",
        description=(
            "Regular users, local clubs and residents formed a trust to run the leisure centre "
            "rather than see it close. The council keeps the building and pays a reducing grant "
            "while the trust builds up its membership income. Volunteers sit on the board, run "
            "junior clubs and staff reception at quieter times."
        ),
        lead=COUNCIL, service_area="leisure-and-culture", types=("co-management",),
        areas=("millbrook",), start=1000,
        path=(
            (ACTIVE, "Trust board formed with residents, club representatives and a councillor."),
            (PAUSED, "Paused while the lease of the leisure centre is renegotiated."),
        ),
        lead_professional="officer2", participants=7, roles=(VOLUNTEER, PARTICIPANT),
    ),
    DemoInitiative(
        title="Citizens' panel on climate",
        summary="A panel of residents chosen by lottery heard evidence and recommended how "
                "Northbridge should reach net zero.",
        description=(
            "Over five weekends, panel members heard from scientists, businesses and council "
            "officers and questioned them directly. They agreed recommendations on home "
            "insulation, buses and the council's own buildings. Full council debated every "
            "recommendation and reports each year on the ones it accepted."
        ),
        lead=COUNCIL, service_area="environment-and-streets", types=("co-planning",),
        areas=ALL_WARDS, start=760, end=-600,
        path=(
            (ACTIVE, "Fifty panel members selected by civic lottery to reflect the city."),
            (COMPLETED, "Twenty-four recommendations presented to full council; response "
                        "published."),
        ),
        participants=12, roles=(PARTICIPANT,), named=(("citizen", PARTICIPANT),),
    ),
    DemoInitiative(
        title="Planning for Real: Millbrook high street",
        summary="Residents and traders use a 3D model of the high street to plan its future with "
                "council planners.",
        description=(
            "A large model of the high street tours schools, the library and the Saturday "
            "market, and anyone can pin suggestions to it. Planners and residents then sort the "
            "suggestions into now, soon and later and agree who does what. The results will "
            "shape the Millbrook neighbourhood plan."
        ),
        lead=COUNCIL, service_area="transport", types=("co-planning",),
        areas=("millbrook",), start=330,
        path=((ACTIVE, "Model built by pupils of Millbrook Academy; first event at the "
                       "library."),),
        participants=14, roles=(PARTICIPANT,),
    ),
    DemoInitiative(
        title="Crowdfunded play area",
        summary="St Anne's residents raised money, matched by the council, to replace the "
                "worn-out play area on the recreation ground.",
        description=(
            "Families chose the design from three options and ran a crowdfunding campaign with "
            "cake sales, a fun run and online pledges. The council matched every pound raised up "
            "to £25,000 and managed the contract. Local businesses donated the benches, and a "
            "residents' group checks the equipment every week."
        ),
        lead=COUNCIL, service_area="children-and-families", types=("co-financing",),
        areas=("st-annes",), start=600, end=-330,
        path=(
            (ACTIVE, "£45,000 fundraising target agreed with St Anne's residents."),
            (COMPLETED, "Target met with match funding; the new play area is open."),
        ),
        lead_professional="officer2", participants=10, roles=(PARTICIPANT, VOLUNTEER),
    ),
    DemoInitiative(
        title="Meals on wheels volunteer drivers",
        summary="Volunteer drivers deliver hot meals and a friendly check-in to older and "
                "disabled residents.",
        description=(
            "The council's kitchen cooks the meals; drivers recruited by Northbridge Age Concern "
            "deliver them at lunchtime on set rounds. Drivers are trained to notice when someone "
            "seems unwell or confused and report it the same day. Many rounds have kept the same "
            "drivers for years, so people know who is coming."
        ),
        lead=COUNCIL, partners=(AGE_CONCERN,), service_area="adult-social-care",
        types=("co-performing",), areas=("westbrook", "castle-ward", "northgate"), start=950,
        path=((ACTIVE, "Rounds, insurance and driver checks in place."),),
        participants=8, roles=(VOLUNTEER,),
    ),
    DemoInitiative(
        title="Family Nurse Partnership peer mentors",
        summary="Mothers who completed the Family Nurse Partnership mentor young first-time "
                "parents alongside their family nurse.",
        description=(
            "Each young parent is visited by a family nurse from pregnancy until the child is "
            "two. A peer mentor who has been through the programme adds practical support, such "
            "as going along to a first baby group. Mentors are trained and supervised by the "
            "nursing team."
        ),
        lead=NHS, partners=(COUNCIL,), service_area="children-and-families",
        types=("co-performing",), areas=("south-northbridge", "eastfield"),
        mode=Mode.INDIVIDUAL, start=500,
        path=((ACTIVE, "First mentors trained and matched with families."),),
        lead_professional="nhs-officer", participants=6, roles=(VOLUNTEER, SERVICE_USER),
    ),
    DemoInitiative(
        title="School governors recruitment drive",
        summary="Recruiting and training parents and residents to fill vacancies on local school "
                "governing boards.",
        description=(
            "Many of the city's schools have governor vacancies, especially in Riverside and "
            "Eastfield. Governor services runs taster evenings, matches volunteers to schools and "
            "provides induction training. New governors are paired with an experienced chair for "
            "their first year."
        ),
        lead=COUNCIL, service_area="education", types=("co-management",),
        areas=("northgate", "riverside", "eastfield"), start=350, end=200,
        path=((ACTIVE, "Campaign launched at the head teachers' conference."),),
        lead_professional="officer2", participants=6, roles=(VOLUNTEER,),
    ),
    DemoInitiative(
        title="Personal budgets for carers",
        summary="Unpaid carers decide with their social worker how to spend a personal budget for "
                "breaks and support.",
        description=(
            "After a carer's assessment, each carer receives a yearly budget and plans how to use "
            "it with a social worker. Carers have chosen gym memberships, driving lessons and "
            "short breaks as well as traditional respite care. Plans are reviewed together each "
            "year, and the choices people make shape what the council commissions for carers."
        ),
        lead=COUNCIL, service_area="adult-social-care", types=("co-prioritisation",),
        mode=Mode.INDIVIDUAL, start=820,
        path=((ACTIVE, "Budget allocation method approved by the adult social care board."),),
        participants=7, roles=(SERVICE_USER,),
    ),
    DemoInitiative(
        title="Northbridge Recovery College",
        summary="Courses on living well with mental ill health, designed and taught by people "
                "with lived experience alongside clinicians.",
        description=(
            "Every course is written and delivered by a peer trainer working with a mental health "
            "professional. Students enrol rather than being referred, and choose courses such as "
            "understanding anxiety or returning to work. A students' forum reviews the prospectus "
            "each term and proposes new courses."
        ),
        lead=NHS, service_area="health-and-wellbeing", types=("co-design", "co-delivery"),
        areas=("north-northbridge",), start=660,
        path=((ACTIVE, "First prospectus published; peer trainers recruited."),),
        lead_professional="nhs-officer2", participants=10,
        roles=(CO_DESIGNER, PARTICIPANT, VOLUNTEER),
    ),
    DemoInitiative(
        title="Customer journey mapping: hospital discharge",
        summary="Patients, carers and staff mapped the journey home from hospital to find where "
                "discharges go wrong.",
        description=(
            "Patients and carers described their discharge day hour by hour, and ward and social "
            "care staff mapped the same day from their side. Laid side by side, the maps showed "
            "long waits for medicines and transport and confusion about whom to call once home. "
            "The group redesigned the discharge checklist and set up one phone number for the "
            "first week at home."
        ),
        lead=NHS, partners=(COUNCIL, AGE_CONCERN), service_area="adult-social-care",
        types=("co-design",), areas=BOTH_NEIGHBOURHOODS, start=720, end=-480,
        path=(
            (ACTIVE, "Patients and carers recruited through the wards and Age Concern."),
            (COMPLETED, "Recommendations adopted by the discharge board; new checklist in use."),
        ),
        lead_professional="nhs-officer", participants=8, roles=(CO_DESIGNER,),
    ),
    DemoInitiative(
        title="GP practice patient ratings",
        summary="Patients rate their GP practice online, and patient participation groups review "
                "the results with practice managers.",
        description=(
            "After each appointment, patients can rate access, waiting times and how well they "
            "were listened to. Patient participation groups look at the ratings every quarter "
            "and agree changes with the practice manager. The trust publishes each practice's "
            "ratings beside the changes made in response."
        ),
        lead=NHS, service_area="health-and-wellbeing", types=("co-assessment",),
        areas=BOTH_NEIGHBOURHOODS, start=400,
        path=((ACTIVE, "Rating form tested with two patient participation groups."),),
        lead_professional="nhs-officer2", participants=14, roles=(PARTICIPANT, INSPECTOR),
    ),
    DemoInitiative(
        title="Community Speedwatch Northgate",
        summary="Trained residents record speeding vehicles on Northgate's residential roads and "
                "pass the details to the police.",
        description=(
            "Volunteers use a calibrated speed device at agreed sites and times. Registered "
            "keepers of speeding vehicles receive a warning letter from the police, and repeat "
            "offenders are targeted for enforcement. The results inform the council's decisions "
            "on traffic calming."
        ),
        lead=COUNCIL, service_area="community-safety", types=("co-performing",),
        areas=("northgate",), start=560,
        path=(
            (ACTIVE, "Volunteers trained by the roads policing unit; sites risk-assessed."),
            (PAUSED, "Speed device away for its annual calibration; sessions suspended."),
        ),
        participants=6, roles=(VOLUNTEER,),
    ),
    DemoInitiative(
        title="Riverside community energy share offer",
        summary="A proposed community share offer to pay for solar panels on Riverside's "
                "community buildings.",
        description=(
            "Residents would buy shares from £50 and receive a modest return from selling the "
            "electricity to the buildings. The council would lease its roofs at a peppercorn "
            "rent and underwrite the first year. The proposal goes to cabinet once the "
            "feasibility study is finished."
        ),
        lead=COUNCIL, service_area="environment-and-streets", types=("co-financing",),
        areas=("riverside",), start=25, path=(), lead_professional="officer2",
    ),
    DemoInitiative(
        title="Allotment site self-management",
        summary="Allotment associations manage lettings, waiting lists and upkeep under a "
                "devolved agreement with the council.",
        description=(
            "The council keeps the land and pays for major works, while each site's association "
            "lets plots, collects rents and organises work days. Rent stays with the association "
            "for site improvements. Waiting lists have shortened since the associations began "
            "splitting large plots."
        ),
        lead=COUNCIL, service_area="environment-and-streets", types=("co-management",),
        areas=("westbrook", "millbrook"), start=980,
        path=((ACTIVE, "Devolved management agreements signed with both associations."),),
        lead_professional="officer2", participants=9, roles=(VOLUNTEER,),
    ),
    DemoInitiative(
        title="Young commissioners for youth services",
        summary="Young people aged 13 to 19 help decide which youth services the council buys "
                "and sit on the tender panel.",
        description=(
            "Young commissioners learn how commissioning works and then survey their friends "
            "about what they want from youth provision. They write part of the service "
            "specification, score the bids with officers and visit the shortlisted providers. "
            "Their scores count for a third of the result."
        ),
        lead=COUNCIL, service_area="children-and-families", types=("co-commissioning",),
        areas=("eastfield", "riverside", "castle-ward"), start=480, end=120,
        path=((ACTIVE, "Twelve young commissioners recruited through the youth council."),),
        participants=8, roles=(PARTICIPANT, CO_DESIGNER),
    ),
    DemoInitiative(
        title="Housing repairs co-monitoring panel",
        summary="Tenants track repairs performance each month with the repairs contractor and "
                "housing managers.",
        description=(
            "The panel checks a sample of finished repairs each month, calling tenants to ask "
            "whether the job was done right first time. It also reviews the contractor's figures "
            "and asks for explanations where targets were missed. Its reports go to the housing "
            "board with the contractor's reply."
        ),
        lead=COUNCIL, partners=(TENANTS,), service_area="housing", types=("co-assessment",),
        areas=("eastfield", "northgate"), start=640,
        path=(
            (ACTIVE, "Panel terms of reference agreed with the tenants' association."),
            (PAUSED, "Paused while the new repairs contract is procured; the panel will monitor "
                     "the new contractor from its first day."),
        ),
        lead_professional="officer2", participants=7, roles=(INSPECTOR,),
    ),
    DemoInitiative(
        title="Co-designed adult learning programme",
        summary="A proposal for learners and tutors to design next year's community adult "
                "learning programme together.",
        description=(
            "Current learners and residents who have never enrolled would join tutors in design "
            "workshops. The aim is a programme that fits around shifts and childcare and leads to "
            "work. The proposal is waiting for the tutors' time to be approved."
        ),
        lead=COUNCIL, service_area="education", types=("co-design",),
        areas=("riverside", "eastfield"), start=15, path=(),
    ),
    DemoInitiative(
        title="Home library service volunteers",
        summary="Volunteers choose and deliver library books to residents who cannot get to a "
                "library.",
        description=(
            "Library staff and each reader agree a reading profile; volunteers pick up the books "
            "and deliver them every three weeks. Volunteers also help readers get started with "
            "audiobooks and e-readers. For many readers the visit is the main conversation of "
            "their week."
        ),
        lead=COUNCIL, partners=(AGE_CONCERN,), service_area="libraries",
        types=("co-performing",), areas=("castle-ward", "st-annes", "westbrook"), start=680,
        path=((ACTIVE, "Volunteers checked and trained by the library service."),),
        lead_professional="officer2", participants=7, roles=(VOLUNTEER, SERVICE_USER),
    ),
    DemoInitiative(
        title="Open Space: the future of Northgate market",
        summary="A two-day Open Space event where traders, shoppers and residents set the agenda "
                "for the market's future.",
        description=(
            "Anyone could propose a discussion on the day; more than forty were held, from "
            "opening hours to a street food evening. Each group wrote up its ideas and everyone "
            "voted on which to take forward. The market board adopted an action plan built from "
            "the ten most popular ideas."
        ),
        lead=COUNCIL, service_area="leisure-and-culture", types=("co-planning",),
        areas=("northgate",), start=430, end=-370,
        path=(
            (ACTIVE, "Venue booked and invitations sent to every trader."),
            (COMPLETED, "Event report and action plan adopted by the market board."),
        ),
        participants=11, roles=(PARTICIPANT,),
    ),
    DemoInitiative(
        title="Adult social care precept consultation",
        summary="A planned deliberative consultation on whether residents would accept a higher "
                "council tax precept for adult social care.",
        description=(
            "Residents' panels would have weighed the cost of the precept against the care "
            "services it would pay for. The council meant to follow the panels' view when "
            "setting its budget."
        ),
        lead=COUNCIL, service_area="adult-social-care", types=("co-financing", "co-planning"),
        areas=ALL_WARDS, start=200,
        path=((WITHDRAWN, "The government fixed the precept limit before the consultation "
                          "opened, leaving no choice to consult on."),),
    ),
    DemoInitiative(
        title="Bus route redesign with passengers",
        summary="Passengers and the transport team set out to redesign the Millbrook and "
                "Westbrook bus routes.",
        description=(
            "Passenger workshops mapped where people needed to travel and when, including early "
            "shifts at the hospital. The redesign was to be put to the bus operator as part of "
            "its network review."
        ),
        lead=COUNCIL, service_area="transport", types=("co-design",),
        areas=("millbrook", "westbrook"), start=520,
        path=(
            (ACTIVE, "Passenger workshops booked in both wards."),
            (WITHDRAWN, "The operator took both routes out of its network review, so the "
                        "redesign cannot be used."),
        ),
        lead_professional="officer2", participants=6, roles=(CO_DESIGNER,),
    ),
    DemoInitiative(
        title="Millbrook village appraisal",
        summary="A proposed appraisal in which Millbrook residents survey and score their "
                "village's services and spaces.",
        description=(
            "Residents would walk the village with officers, survey their neighbours and score "
            "everything from bus stops to the health centre. The findings would feed the local "
            "plan and the parish council's priorities."
        ),
        lead=COUNCIL, service_area="environment-and-streets", types=("co-assessment",),
        areas=("millbrook",), start=20, path=(), lead_professional="officer2",
    ),
    DemoInitiative(
        title="Warm spaces network",
        summary="Libraries, churches and community centres opened as free, welcoming warm spaces "
                "through the winter.",
        description=(
            "Volunteers from Riverside Food Network and Northbridge Age Concern hosted the spaces, "
            "served hot drinks and soup and pointed people to energy and money advice. The "
            "council paid for heating and insurance and trained the hosts. Visitors helped choose "
            "the opening times and the activities on offer."
        ),
        lead=COUNCIL, partners=(FOOD_NETWORK, AGE_CONCERN), service_area="adult-social-care",
        types=("co-delivery",), areas=("riverside", "castle-ward", "eastfield"),
        start=560, end=-420,
        path=(
            (ACTIVE, "Fourteen venues signed up and hosts trained."),
            (COMPLETED, "Winter programme ended; the evaluation recommends running it again."),
        ),
        participants=12, roles=(VOLUNTEER, SERVICE_USER),
    ),
    DemoInitiative(
        title="Street champions for cleaner streets",
        summary="Residents adopt their street, report fly-tipping and organise litter picks with "
                "the street cleansing team.",
        description=(
            "Street champions get a litter-picking kit, a direct line to the cleansing team and "
            "priority for fly-tipping reports. The team collects the bags the same week and "
            "shares which streets improved. Champions meet twice a year to compare notes."
        ),
        lead=COUNCIL, service_area="environment-and-streets", types=("co-performing",),
        areas=("eastfield", "riverside"), start=700,
        path=(
            (ACTIVE, "Forty streets adopted in the first month."),
            (PAUSED, "The supplier recalled the litter pickers; sessions paused until "
                     "replacements arrive."),
        ),
        lead_professional="officer2", participants=9, roles=(VOLUNTEER,),
    ),
    DemoInitiative(
        title="Social prescribing link volunteers",
        summary="Volunteers help patients referred by their GP take the first step into a "
                "community group or activity.",
        description=(
            "Link workers at GP practices refer patients who are lonely or low to activities in "
            "the community. Volunteers from Northbridge Age Concern and Riverside Food Network "
            "would go along to a first session with them. The proposal is awaiting approval from "
            "the primary care board."
        ),
        lead=NHS, partners=(AGE_CONCERN, FOOD_NETWORK), service_area="health-and-wellbeing",
        types=("co-performing",), areas=BOTH_NEIGHBOURHOODS, start=12, path=(),
        lead_professional="nhs-officer",
    ),
    DemoInitiative(
        title="Dementia-friendly swimming sessions",
        summary="Swimming sessions for people living with dementia and their carers, designed "
                "with them and supported by volunteers.",
        description=(
            "People with dementia, carers and pool staff designed quieter sessions with changing "
            "help and a cup of tea afterwards. Memory nurses from the NHS trust trained the "
            "volunteers who support each session."
        ),
        lead=COUNCIL, partners=(NHS,), service_area="leisure-and-culture",
        types=("co-design", "co-performing"), areas=("westbrook", "north-northbridge"),
        start=600,
        path=(
            (ACTIVE, "First sessions timetabled at Westbrook Pool."),
            (PAUSED, "Westbrook Pool closed for repairs."),
            (WITHDRAWN, "The pool will not reopen; the sessions will be part of the plans for "
                        "the new leisure centre instead."),
        ),
        participants=6, roles=(CO_DESIGNER, VOLUNTEER, SERVICE_USER),
    ),
    DemoInitiative(
        title="Youth panel on community safety",
        summary="A proposed panel of young people to shape the community safety plan for Castle "
                "Ward and Eastfield.",
        description=(
            "Young people would gather views from their schools and youth clubs on where they "
            "feel unsafe and why. The panel would then work with the community safety "
            "partnership on the actions in next year's plan."
        ),
        lead=COUNCIL, service_area="community-safety", types=("co-planning",),
        areas=("castle-ward", "eastfield"), start=8, path=(),
    ),
]

# The two named citizens' interests; the others' are drawn from the seeded generator.
NAMED_INTERESTS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "citizen": (
        "castle-ward", ("adult-social-care", "environment-and-streets"), ("co-performing",),
    ),
    "citizen2": (
        "eastfield", ("housing", "children-and-families", "health-and-wellbeing"),
        ("co-assessment", "co-design"),
    ),
}
_INTEREST_TYPES = ("co-planning", "co-prioritisation", "co-financing", "co-design",
                   "co-management", "co-performing", "co-assessment")


def interests_of(username: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """A citizen's home ward, service areas and co-production types, the same on every run."""
    if username in NAMED_INTERESTS:
        return NAMED_INTERESTS[username]
    from .taxonomy import SERVICE_AREAS

    rng = random.Random(f"{SEED}:{username}")
    home = rng.choice(ALL_WARDS)
    service_areas = tuple(rng.sample([slug for slug, _ in SERVICE_AREAS], rng.randint(1, 3)))
    types = tuple(rng.sample(_INTEREST_TYPES, rng.randint(1, 2)))
    return home, service_areas, types


def _areas(organisations: dict[str, Organisation]) -> dict[str, Area]:
    wanted = [(COUNCIL, slug, name, Area.Kind.WARD) for slug, name in WARDS] + [
        (NHS, slug, name, Area.Kind.NEIGHBOURHOOD) for slug, name in NEIGHBOURHOODS
    ]
    areas: dict[str, Area] = {}
    for organisation_slug, slug, name, kind in wanted:
        areas[slug], _ = Area.objects.get_or_create(
            organisation=organisations[organisation_slug],
            slug=slug,
            defaults={"name": name, "kind": kind},
        )
    return areas


def _citizen_interests(
    users: dict[str, User], areas: dict[str, Area], service_areas: dict[str, ServiceArea],
    types: dict[str, CoproductionType],
) -> None:
    done = set(
        CitizenInterests.objects.filter(user__username__in=CITIZEN_USERNAMES).values_list(
            "user__username", flat=True
        )
    )
    for username in CITIZEN_USERNAMES:
        if username in done or username not in users:
            continue
        home, service_area_slugs, type_slugs = interests_of(username)
        interests = CitizenInterests.objects.create(user=users[username], area=areas[home])
        interests.service_areas.set([service_areas[s] for s in service_area_slugs])
        interests.coproduction_types.set([types[s] for s in type_slugs])


def _moment(day: datetime.date, rng: random.Random) -> datetime.datetime:
    """A plausible office-hours time on that day, in the current time zone."""
    at = datetime.time(rng.randint(9, 16), rng.choice((0, 15, 30, 45)))
    return timezone.make_aware(datetime.datetime.combine(day, at))


def _day_between(first: datetime.date, last: datetime.date, rng: random.Random) -> datetime.date:
    return first + datetime.timedelta(days=rng.randint(0, max(0, (last - first).days)))


def _transition_days(
    demo: DemoInitiative, proposed: datetime.date, start: datetime.date,
    end: datetime.date | None, today: datetime.date,
) -> list[datetime.date]:
    """When each step of the path happened: activation on the start date, the rest spread
    evenly up to the end date (if it has passed) or a fortnight ago."""
    if not demo.path:
        return []
    if demo.path[0][0] != ACTIVE:  # withdrawn before it ever started
        return [proposed + (min(start, today) - proposed) / 2]
    later = len(demo.path) - 1
    last = end if end is not None and end <= today else today - datetime.timedelta(days=14)
    return [start] + [start + (last - start) * step / later for step in range(1, later + 1)]


def _choose_participants(demo: DemoInitiative, rng: random.Random) -> list[str]:
    """Citizens whose home ward or services match come first: "rifle, not blunderbuss"."""
    pool = [person.username for person in EXTRA_CITIZENS]
    matched, others = [], []
    for username in pool:
        home, service_area_slugs, _ = interests_of(username)
        fits = home in demo.areas or demo.service_area in service_area_slugs
        (matched if fits else others).append(username)
    rng.shuffle(matched)
    rng.shuffle(others)
    return (matched + others)[: demo.participants]


def _join_citizens(
    demo: DemoInitiative, initiative: Initiative, users: dict[str, User],
    window: tuple[datetime.date, datetime.date], rng: random.Random,
) -> None:
    """Citizens join while the initiative is active; a few extra citizens have since left."""
    joiners = list(demo.named) + [
        (username, rng.choice(demo.roles)) for username in _choose_participants(demo, rng)
    ]
    named = {username for username, _ in demo.named}
    for username, role in joiners:
        participation = participation_join(initiative=initiative, user=users[username], role=role)
        joined = _day_between(window[0], window[1], rng)
        dates: dict[str, datetime.datetime] = {"joined_at": _moment(joined, rng)}
        if username not in named and rng.random() < LEAVER_SHARE:
            participation_leave(participation=participation)
            dates["left_at"] = _moment(_day_between(joined, window[1], rng), rng)
        # The services stamp "now"; the demo's history is spread over the past years.
        Participation.objects.filter(pk=participation.pk).update(**dates)


def _initiative(
    demo: DemoInitiative, *, today: datetime.date, organisations: dict[str, Organisation],
    users: dict[str, User], areas: dict[str, Area], service_areas: dict[str, ServiceArea],
    types: dict[str, CoproductionType],
) -> Initiative:
    rng = random.Random(f"{SEED}:{demo.slug}")
    start = today - datetime.timedelta(days=demo.start)
    end = today + datetime.timedelta(days=demo.end) if demo.end is not None else None
    lead_professional = users[demo.lead_professional]
    manager = users[MANAGER_OF[demo.lead]]
    initiative = initiative_create(
        created_by=lead_professional,
        title=demo.title,
        summary=demo.summary,
        description=demo.description,
        lead_organisation=organisations[demo.lead],
        partner_organisations=[organisations[slug] for slug in demo.partners],
        service_area=service_areas[demo.service_area],
        coproduction_types=[types[slug] for slug in demo.types],
        areas=[areas[slug] for slug in demo.areas],
        start_date=start,
        end_date=end,
        lead_professional=lead_professional,
        mode=demo.mode,
    )
    proposed = start - datetime.timedelta(days=PROPOSAL_LEAD_DAYS)
    proposed_at = _moment(proposed, rng)
    # The services stamp "now"; backdate so the demo's history reads like the past years.
    Initiative.objects.filter(pk=initiative.pk).update(created_at=proposed_at)
    StatusChange.objects.filter(initiative=initiative).update(changed_at=proposed_at)

    days = _transition_days(demo, proposed, start, end, today)
    joined = False
    for step, ((status, reason), day) in enumerate(zip(demo.path, days, strict=True)):
        change = initiative_transition(
            initiative=initiative, to_status=status, reason=reason, changed_by=manager
        )
        StatusChange.objects.filter(pk=change.pk).update(changed_at=_moment(day, rng))
        if status == ACTIVE and not joined:
            until = days[step + 1] if step + 1 < len(days) else today
            _join_citizens(demo, initiative, users, (day, until - datetime.timedelta(days=1)), rng)
            joined = True
    return initiative


def seed() -> None:
    """Create the demo areas, citizens' interests and initiatives that are not there yet."""
    today = timezone.localdate()
    organisations = Organisation.objects.in_bulk(field_name="slug")
    users = User.objects.in_bulk([p.username for p in DEMO_PEOPLE], field_name="username")
    service_areas = ServiceArea.objects.in_bulk(field_name="slug")
    types = CoproductionType.objects.in_bulk(field_name="slug")
    areas = _areas(organisations)
    _citizen_interests(users, areas, service_areas, types)
    existing = set(
        Initiative.objects.filter(slug__in=[demo.slug for demo in INITIATIVES]).values_list(
            "slug", flat=True
        )
    )
    for demo in INITIATIVES:
        if demo.slug not in existing:
            _initiative(
                demo, today=today, organisations=organisations, users=users, areas=areas,
                service_areas=service_areas, types=types,
            )


def summary_lines() -> list[str]:
    counts = Initiative.objects.order_by().values("status").annotate(n=Count("id"))
    by_status = {row["status"]: row["n"] for row in counts}
    statuses = ", ".join(f"{by_status.get(status, 0)} {status}" for status in Status.values)
    participations = Participation.objects.count()
    current = Participation.objects.current().count()
    return [
        f"Areas: {Area.objects.count()}",
        f"Initiatives: {sum(by_status.values())} ({statuses})",
        f"Status changes: {StatusChange.objects.count()}",
        f"Participations: {participations} ({current} current)",
    ]
