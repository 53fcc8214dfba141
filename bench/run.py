"""Benchmarks (`make bench SCALE=N`): print one `target NAME: VALUE (goal GOAL) PASS|FAIL` line
per DESIGN §9 target that the product can measure today.

Runs against a fresh PostgreSQL database that it creates and drops (BENCH_POSTGRES_URL,
default postgres://postgres@127.0.0.1:5432), never against your data. Measured now:

- bulk ingest: validated contributions per second through POST /api/v1/contributions/bulk/
  in 1,000-row batches (the whole request path: token auth, serializer, services, SQL).

The dashboard, accounts-latency and roll-up targets need the roll-up tables, which arrive
with the benefits app; until then this script says so instead of printing a figure.
"""

from __future__ import annotations

import argparse
import datetime
import os
import secrets
import subprocess
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _progress(done: int, total: int, rate: float) -> None:
    width = 30
    filled = int(width * done / total)
    bar = "#" * filled + "." * (width - filled)
    sys.stdout.write(f"\r  [{bar}] batch {done:,}/{total:,} ({rate:,.0f} contributions/s)")
    sys.stdout.flush()
    if done == total:
        sys.stdout.write("\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scale", type=int, default=1_000_000,
        help="contributions in the large-county history (used by the roll-up targets)",
    )
    parser.add_argument(
        "--bulk-rows", type=int, default=20_000,
        help="contributions to ingest for the bulk target, in 1,000-row batches",
    )
    args = parser.parse_args()

    base = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
    name = f"coproduction_bench_{secrets.token_hex(4)}"
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    os.environ.update(
        DATABASE_URL=f"{base}/{name}",
        DJANGO_SETTINGS_MODULE="coproduction.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(45),
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="0",
        LOG_LEVEL="WARNING",
    )
    os.environ.pop("CELERY_BROKER_URL", None)
    # The benchmark never serves static files; WhiteNoise's "no STATIC_ROOT" notice is noise.
    warnings.filterwarnings("ignore", message="No directory at")
    try:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        print(f"database {name}: migrated; scale {args.scale:,} (roll-up targets pending)")
        rate = bench_bulk_ingest(args.bulk_rows)
        goal = 2000
        verdict = "PASS" if rate >= goal else "FAIL"
        print(f"target bulk_ingest_rate: {rate:,.0f} contributions/s (goal >= {goal:,}) {verdict}")
        for pending in (
            "dashboard_p95", "accounts_p95", "p95_growth_ratio", "dashboard_throughput_ratio",
            "full_rebuild_ratio", "incremental_rollup_seconds", "worker_peak_rss_mb",
        ):
            print(f"target {pending}: not measured yet (needs the roll-ups of the benefits app)")
        return 0 if verdict == "PASS" else 1
    finally:
        from django.db import connections

        connections.close_all()
        subprocess.run(
            ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", "--force", name],
            check=False,
        )


def bench_bulk_ingest(total_rows: int) -> float:
    """Contributions per second through the bulk endpoint, 1,000-row batches."""
    from decimal import Decimal

    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    from initiatives.models import CoproductionType, ServiceArea
    from initiatives.services import initiative_create, initiative_transition
    from ledger.models import ActivityRate, Contribution
    from people.models import Role, User
    from people.services import membership_grant, organisation_create

    council = organisation_create(slug="bench-council", name="Bench Council", kind="public_agency")
    charity = organisation_create(slug="bench-charity", name="Bench Charity", kind="third_sector")
    officer = User.objects.create_user("bench-officer")
    partner = User.objects.create_user("bench-partner")
    membership_grant(user=officer, organisation=council, role=Role.OFFICER)
    membership_grant(user=partner, organisation=charity, role=Role.PARTNER)
    initiative = initiative_create(
        created_by=officer, title="Bench befriending", summary="Benchmark initiative.",
        lead_organisation=council, partner_organisations=[charity],
        service_area=ServiceArea.objects.first(),
        coproduction_types=[CoproductionType.objects.get(slug="co-performing")],
        start_date=datetime.date(2020, 1, 1),
    )
    initiative_transition(initiative=initiative, to_status="active", reason="", changed_by=officer)
    ActivityRate.objects.create(
        organisation=None, activity="co-performing", hourly_rate=Decimal("14.00"),
        currency="GBP", effective_from=datetime.date(2020, 1, 1),
        source_title="Benchmark rate", source_publisher="bench", source_year=2025,
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=partner).key}")

    batches = max(1, total_rows // 1000)
    start_day = datetime.date(2021, 1, 1)
    print(f"bulk ingest: {batches * 1000:,} contributions in {batches} batches of 1,000")
    elapsed = 0.0
    for b in range(batches):
        rows = []
        for i in range(1000):
            n = b * 1000 + i
            rows.append({
                "initiative": initiative.pk,
                "volunteer_ref": f"V{n % 5000:05d}",
                "external_ref": f"bench-{n:08d}",
                "kind": "time",
                "activity": "co-performing",
                "date": (start_day + datetime.timedelta(days=n // 5000)).isoformat(),
                "hours": "1.5",
            })
        t0 = time.perf_counter()
        response = client.post("/api/v1/contributions/bulk/", {"contributions": rows},
                               format="json")
        elapsed += time.perf_counter() - t0
        if response.status_code != 201:
            detail = response.content[:500]
            raise SystemExit(f"bulk batch {b} failed: {response.status_code} {detail!r}")
        _progress(b + 1, batches, (b + 1) * 1000 / elapsed)
    stored = Contribution.objects.filter(initiative=initiative).count()
    if stored != batches * 1000:
        raise SystemExit(f"expected {batches * 1000} stored contributions, found {stored}")
    return batches * 1000 / elapsed


if __name__ == "__main__":
    raise SystemExit(main())
