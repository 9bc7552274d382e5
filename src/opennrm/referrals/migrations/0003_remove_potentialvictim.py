# The old model leaves the referrals app's state; its table is now people.Person's.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0002_person_moves_to_people"),
        ("cases", "0008_person_moves_to_people"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="PotentialVictim")],
            database_operations=[],
        )
    ]
