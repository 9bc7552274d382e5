from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0001_initial"),
        ("referrals", "0003_remove_potentialvictim"),
        ("cases", "0008_person_moves_to_people"),
    ]

    operations = [migrations.AlterModelTable(name="person", table=None)]
