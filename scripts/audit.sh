#!/usr/bin/env bash
# Dependency audit: `pnpm audit --audit-level high` over the whole workspace (docs/security.md,
# "Dependency audit").
#
#   scripts/audit.sh [extra pnpm audit options]
#
# Exit status: 0 when the audit ran and found nothing at or above the level; 1 when it found
# something (or failed in any other way: no lockfile, bad options...). The one exception: when the
# audit service itself cannot be reached or answers with an error (pnpm's ERR_PNPM_AUDIT_BAD_RESPONSE
# or ERR_PNPM_AUDIT_ENDPOINT_NOT_EXISTS, e.g. a network that answers 405 for the registry's audit
# endpoint), it prints "dependency audit could not run: <reason>" and exits 0, so a machine without
# access to the service is not blocked. AUDIT_REQUIRED=1 makes that case fail too (exit 1).
# AUDIT_LEVEL overrides the level (default high).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1

LEVEL="${AUDIT_LEVEL:-high}"
OUTPUT="$(pnpm audit --audit-level "$LEVEL" "$@" 2>&1)"
STATUS=$?
printf '%s\n' "$OUTPUT"

if [ "$STATUS" -eq 0 ]; then
  echo "dependency audit passed: no advisory at or above '$LEVEL'"
  exit 0
fi

CODE="$(grep -oE 'ERR_PNPM_[A-Z_]+' <<<"$OUTPUT" | head -n 1)"
case "$CODE" in
  ERR_PNPM_AUDIT_BAD_RESPONSE | ERR_PNPM_AUDIT_ENDPOINT_NOT_EXISTS)
    # pnpm wraps its message in a box ("× ...", "│ ...", "├─▶ cause", "╰─▶ cause"): one line of it.
    REASON="$(awk '
      /^ *(×|│|├─▶|╰─▶)/ {
        line = $0
        cause = (line ~ /^ *(├─▶|╰─▶)/)
        sub(/^ *(×|│|├─▶|╰─▶) */, "", line)
        sub(/ +$/, "", line)
        if (line == "") next
        if (text == "") text = line
        else if (cause) text = text ": " line
        else if (text ~ /[\/-]$/) text = text line
        else text = text " " line
      }
      END { sub(/:$/, "", text); print text }
    ' <<<"$OUTPUT")"
    echo "dependency audit could not run: ${REASON:-$CODE} ($CODE)"
    if [ "${AUDIT_REQUIRED:-0}" = 1 ]; then
      echo "AUDIT_REQUIRED=1: failing because the audit did not run" >&2
      exit 1
    fi
    exit 0
    ;;
esac

echo "dependency audit failed (pnpm audit exit status $STATUS${CODE:+, $CODE}): see above" >&2
exit 1
