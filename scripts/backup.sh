#!/usr/bin/env bash
# `make backup`: a pg_dump of the service's PostgreSQL database in custom format.
#
#   make backup [BACKUP_DIR=var/backups]
#
# Connects with MIGRATION_DATABASE_URL when set (the owner role), else DATABASE_URL.
# Writes BACKUP_DIR/opennrm-<UTC time>.dump (0600, in a 0700 folder) and a .sha256 beside
# it, checks that pg_restore can read the dump back, and prints the dump's path last.
# The audit checkpoint file and the evidence folder are backed up separately (see
# docs/operations.md): they are deliberately not in the database.
set -euo pipefail
cd "$(dirname "$0")/.."

url=${MIGRATION_DATABASE_URL:-${DATABASE_URL:-}}
case "$url" in
  postgres://*|postgresql://*) ;;
  *) echo "make backup needs DATABASE_URL (or MIGRATION_DATABASE_URL) to be a PostgreSQL address." >&2
     exit 2 ;;
esac
dir=${BACKUP_DIR:-var/backups}
umask 077
mkdir -p "$dir"
chmod 700 "$dir"
file="$dir/opennrm-$(date -u +%Y%m%dT%H%M%SZ).dump"

pg_dump --format=custom --compress=6 --file="$file.partial" "$url"
pg_restore --list "$file.partial" >/dev/null
mv "$file.partial" "$file"
(cd "$dir" && sha256sum "$(basename "$file")" >"$(basename "$file").sha256")
echo "Backup written: $(du -h "$file" | cut -f1) in" >&2
echo "$file"
