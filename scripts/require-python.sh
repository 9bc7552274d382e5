#!/usr/bin/env bash
# Fails with a clear message unless Python 3.13 is available as python3.13.
set -u
if ! command -v python3.13 >/dev/null 2>&1 || ! python3.13 -c 'import sys; assert sys.version_info[:2] == (3, 13)' >/dev/null 2>&1; then
  echo "OpenNRM needs Python 3.13 as 'python3.13' (Django 6 does not run on older Pythons)." >&2
  echo "Install it (for example 'pyenv install 3.13.0'; this repository's .python-version selects it) and try again." >&2
  exit 1
fi
