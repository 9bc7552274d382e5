#!/usr/bin/env python3.13
"""Django's command-line utility for OpenNRM administrative tasks."""

import os
import sys
from pathlib import Path


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    from django.core.management import execute_from_command_line
    from django.db import OperationalError, ProgrammingError

    try:
        execute_from_command_line(sys.argv)
    except (OperationalError, ProgrammingError) as error:
        text = str(error)
        if "no such table" not in text and "does not exist" not in text:
            raise
        from django.conf import settings

        where = settings.DATABASES["default"]["NAME"]
        sys.stderr.write(
            f"The database {where} has not been set up yet ({text.splitlines()[0]}).\n"
            "Run `python manage.py migrate` first (or `make demo` for a demo with data).\n"
        )
        sys.exit(1)


if __name__ == "__main__":
    main()
