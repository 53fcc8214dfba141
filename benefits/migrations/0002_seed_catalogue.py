"""Seed the five stakeholder groups, their benefits and indicators (DESIGN §4)."""

from django.db import migrations


def seed(apps, schema_editor):
    from benefits.catalogue import CATALOGUE

    StakeholderGroup = apps.get_model("benefits", "StakeholderGroup")
    Benefit = apps.get_model("benefits", "Benefit")
    Indicator = apps.get_model("benefits", "Indicator")
    for g_pos, (group_slug, group_name, benefits) in enumerate(CATALOGUE):
        group, _ = StakeholderGroup.objects.update_or_create(
            slug=group_slug, defaults={"name": group_name, "position": g_pos}
        )
        for b_pos, (benefit_slug, benefit_name, indicators) in enumerate(benefits):
            benefit, _ = Benefit.objects.update_or_create(
                slug=benefit_slug,
                defaults={"group": group, "name": benefit_name, "position": b_pos},
            )
            for i_pos, (slug, name, unit, better, source) in enumerate(indicators):
                Indicator.objects.update_or_create(
                    slug=slug,
                    defaults={
                        "benefit": benefit, "name": name, "unit": unit, "better": better,
                        "source": source, "position": i_pos,
                    },
                )


class Migration(migrations.Migration):
    dependencies = [("benefits", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
