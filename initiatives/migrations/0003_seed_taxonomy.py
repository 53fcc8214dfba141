"""Seed the co-production taxonomy and the standard service areas."""

from django.db import migrations


def seed(apps, schema_editor):
    from initiatives.taxonomy import COPRODUCTION_TYPES, SERVICE_AREAS

    CoproductionType = apps.get_model("initiatives", "CoproductionType")
    ServiceArea = apps.get_model("initiatives", "ServiceArea")
    for position, (slug, name, parent_slug, examples, description) in enumerate(COPRODUCTION_TYPES):
        parent = CoproductionType.objects.get(slug=parent_slug) if parent_slug else None
        CoproductionType.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "parent": parent,
                "examples": examples,
                "description": description,
                "position": position,
            },
        )
    for slug, name in SERVICE_AREAS:
        ServiceArea.objects.get_or_create(slug=slug, defaults={"name": name})


def unseed(apps, schema_editor):
    """Leave the rows: initiatives may point at them."""


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0002_initial")]

    operations = [migrations.RunPython(seed, unseed)]
