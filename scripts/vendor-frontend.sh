#!/usr/bin/env bash
# Copies the built GOV.UK Frontend, MOJ Frontend and accessible-autocomplete files into
# src/opennrm/static/vendor (committed), and axe-core into tests/e2e/vendor.
# Run after changing package.json; nothing is fetched when the service runs.
set -euo pipefail
cd "$(dirname "$0")/.."

npm ci --no-audit --no-fund --ignore-scripts

vendor=src/opennrm/static/vendor
rm -rf "$vendor"
mkdir -p "$vendor/govuk-frontend" "$vendor/moj-frontend" "$vendor/accessible-autocomplete" tests/e2e/vendor

govuk=node_modules/govuk-frontend/dist/govuk
cp "$govuk/govuk-frontend.min.css" "$govuk/govuk-frontend.min.js" "$vendor/govuk-frontend/"
cp -r "$govuk/assets" "$vendor/govuk-frontend/"

moj=node_modules/@ministryofjustice/frontend/moj
cp "$moj/moj-frontend.min.css" "$moj/moj-frontend.min.js" "$vendor/moj-frontend/"
cp -r "$moj/assets" "$vendor/moj-frontend/"

autocomplete=node_modules/accessible-autocomplete/dist
cp "$autocomplete/accessible-autocomplete.min.css" "$autocomplete/accessible-autocomplete.min.js" \
  "$vendor/accessible-autocomplete/"

cp node_modules/axe-core/axe.min.js tests/e2e/vendor/axe.min.js

# The compiled CSS points at /assets/...; make those paths relative to each CSS file so
# Django's hashed static storage can find, fingerprint and serve them under /static/.
sed -i 's#url(/assets/#url(assets/#g' "$vendor"/govuk-frontend/*.css "$vendor"/moj-frontend/*.css
# Source map comments point at files we do not ship.
sed -i 's#/\*\# sourceMappingURL=[^*]*\*/##; s#//\# sourceMappingURL=.*$##' \
  "$vendor"/*/*.min.css "$vendor"/*/*.min.js

# Every url() must resolve to a shipped file.
status=0
for css in "$vendor"/*/*.css; do
  dir=$(dirname "$css")
  for ref in $(grep -o 'url([^)]*)' "$css" | sed -E 's/^url\((.*)\)$/\1/; s/["'\'']//g' | sort -u); do
    case "$ref" in data:*|\#*) continue ;; esac
    path="${ref%%[?#]*}"
    if [ ! -f "$dir/$path" ]; then
      echo "Missing asset: $css refers to $ref" >&2
      status=1
    fi
  done
done
exit $status
