#!/usr/bin/env bash
# Runs Debian's sqlmap against a local Doable production server: (a) the email of
# POST /api/trpc/auth.signIn and (b) the search of GET /api/trpc/task.list (with a bearer token).
# Results: docs/security.md, "SQL injection scan".
#
#   apps/web/scripts/sqlmap.sh            # needs sqlmap (apt-get install -y sqlmap) and the build:
#                                         # (cd apps/web && NEXT_TELEMETRY_DISABLED=1 npx next build)
#
# Settings: SQLMAP_LEVEL (default 5) and SQLMAP_RISK (default 3), the most thorough, take about
# 2 minutes on 2 cores. SQLMAP_KEEP=1 keeps the work directory (sqlmap logs, HTTP traffic, server
# log) even when the scan is clean; otherwise it is kept only when something is wrong.
# Exit status: 0 nothing injectable and no 500s; 1 an injection point or a 500; 2 could not run.
set -euo pipefail

WEB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LEVEL="${SQLMAP_LEVEL:-5}"
RISK="${SQLMAP_RISK:-3}"
STARTUP_TIMEOUT_SECONDS=120

fail() {
  echo "sqlmap.sh: $*" >&2
  exit 2
}

command -v sqlmap >/dev/null 2>&1 ||
  fail "sqlmap is not installed (Debian: apt-get update && apt-get install -y sqlmap)"
command -v python3 >/dev/null 2>&1 || fail "python3 is required (sqlmap needs it too)"
[ -f "$WEB_DIR/.next/BUILD_ID" ] ||
  fail "no production build: run (cd apps/web && NEXT_TELEMETRY_DISABLED=1 npx next build) first"
[ -x "$WEB_DIR/node_modules/.bin/tsx" ] || fail "dependencies are not installed: run pnpm install"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/doable-sqlmap.XXXXXX")"
LAUNCHER_PID=""
RESULT=2

# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
  if [ -n "$LAUNCHER_PID" ] && kill -0 "$LAUNCHER_PID" 2>/dev/null; then
    kill -TERM "$LAUNCHER_PID" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$LAUNCHER_PID" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$LAUNCHER_PID" 2>/dev/null; then kill -KILL "$LAUNCHER_PID" 2>/dev/null || true; fi
  fi
  if [ "$RESULT" = 0 ] && [ "${SQLMAP_KEEP:-0}" != 1 ]; then
    rm -rf "$WORK"
  else
    echo "sqlmap.sh: logs kept in $WORK" >&2
  fi
}
trap cleanup EXIT
trap 'exit 2' INT TERM

# --- the target: production server, throwaway PGlite, one user with tasks and a bearer token ---
# TRUST_PROXY_HOPS=1 so that the random X-Forwarded-For of each sqlmap request (tamper
# "xforwardedfor") is the client address: the per-client sign-in bucket (20, then 1/s) would
# otherwise answer most of the scan with 429 instead of running the query.
env -u TEST_DATABASE_URL -u TEST_PGBOUNCER -u DATABASE_URL -u DATABASE_DIRECT_URL NEXT_TELEMETRY_DISABLED=1 \
  "$WEB_DIR/node_modules/.bin/tsx" "$WEB_DIR/scripts/sqlmap-target.ts" \
  "$WORK/target.json" "$WORK/server.log" >"$WORK/launcher.log" 2>&1 &
LAUNCHER_PID=$!
for _ in $(seq 1 "$STARTUP_TIMEOUT_SECONDS"); do
  [ -s "$WORK/target.json" ] && break
  kill -0 "$LAUNCHER_PID" 2>/dev/null || { cat "$WORK/launcher.log" >&2; fail "the server did not start"; }
  sleep 1
done
[ -s "$WORK/target.json" ] || { cat "$WORK/launcher.log" >&2; fail "the server did not start in time"; }

field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$WORK/target.json" "$1"; }
BASE_URL="$(field baseUrl)"
EMAIL="$(field email)"
PASSWORD="$(field password)"
TOKEN="$(field token)"
case "$BASE_URL" in
  http://127.0.0.1:*) ;;
  *) fail "refusing to scan $BASE_URL: only 127.0.0.1 is allowed" ;;
esac

# sqlmap JSON-escapes payloads in a JSON body, but not in a query parameter: task.list's input is
# JSON inside ?input=, so this tamper makes each payload the body of the JSON string (and keeps '%'
# and '&' from being read as URL syntax), or nearly every payload would only test the JSON parser.
# sqlmap takes the original value to be `"milk` (all after the last ':'), so the payload arrives
# with the string's opening quote, or without it when it replaces the value: it is put back either way.
mkdir "$WORK/tamper"
: >"$WORK/tamper/__init__.py"
cat >"$WORK/tamper/jsonstring.py" <<'PYTHON'
import json

from lib.core.enums import PRIORITY

__priority__ = PRIORITY.LOWEST


def dependencies():
    pass


def tamper(payload, **kwargs):
    if not payload:
        return payload
    text = payload[1:] if payload.startswith('"') else payload
    return json.dumps(text, ensure_ascii=False)[:-1].replace("%", "%25").replace("&", "%26")
PYTHON

SQLMAP_VERSION="$(sqlmap --version 2>/dev/null | head -n 1)"
COMMON=(--batch --flush-session --disable-coloring --dbms=PostgreSQL --level="$LEVEL" --risk="$RISK"
  --threads=1 --skip="user-agent,referer,host")

# (a) sign-in: injection point after the email. The base request carries the right password, so
# it answers the same 200 every time (cookie transport; sqlmap ignores the cookie); payloads
# answer 400 (not an email), 401 (unknown email) or 429 (the per-email throttle, for a payload
# repeated within its lock); 401 must not stop sqlmap. The email validation refuses whitespace,
# so "space2comment" writes payload spaces as /**/: those payloads pass validation and reach the
# database, which is the point of the test. --code=200 is the oracle for a true condition (an
# injected "AND 1=1" would sign in); without it sqlmap misjudges these small JSON pages.
SIGNIN_DATA="{\"json\":{\"email\":\"$EMAIL*\",\"password\":\"$PASSWORD\"}}"
SIGNIN_CMD=(sqlmap "${COMMON[@]}" -u "$BASE_URL/api/trpc/auth.signIn" --data="$SIGNIN_DATA"
  --headers="Origin: $BASE_URL" --drop-set-cookie --ignore-code=401 --code=200
  --tamper="space2comment,xforwardedfor"
  --output-dir="$WORK/signin" -t "$WORK/signin-traffic.txt")
# (b) task list: injection point after the search text "milk" (two of the four tasks match; a
# true condition still lists "Milk the cow", which is the oracle).
# The JSON is given unencoded: sqlmap URL-encodes it (given encoded, a tamper makes it encode twice).
LIST_INPUT='{"json":{"search":"milk*"}}'
LIST_CMD=(sqlmap "${COMMON[@]}" -u "$BASE_URL/api/trpc/task.list?input=$LIST_INPUT"
  --headers="Authorization: Bearer $TOKEN" --string="Milk the cow" --tamper="$WORK/tamper/jsonstring.py"
  --output-dir="$WORK/list" -t "$WORK/list-traffic.txt")

run_scan() {
  local name="$1"
  shift
  local started=$SECONDS
  echo "=== sqlmap: $name"
  set +e
  "$@" >"$WORK/$name.log" 2>&1
  local status=$?
  set -e
  grep -E "injectable|identified the following|CRITICAL|ERROR|WARNING\] (target|heuristic|HTTP error)" \
    "$WORK/$name.log" | sed 's/^/  /' | sort -u | head -n 40
  echo "  (sqlmap exit status $status, $((SECONDS - started)) s)"
  if grep -q "sqlmap identified the following injection point" "$WORK/$name.log"; then
    echo "INJECTABLE"
  elif grep -q "all tested parameters do not appear to be injectable" "$WORK/$name.log"; then
    echo "not injectable"
  else
    echo "inconclusive"
  fi >"$WORK/$name.verdict"
}

run_scan signin "${SIGNIN_CMD[@]}"
run_scan list "${LIST_CMD[@]}"

# Stop the server now, so its log is complete.
kill -TERM "$LAUNCHER_PID" 2>/dev/null || true
wait "$LAUNCHER_PID" 2>/dev/null || true
LAUNCHER_PID=""

# What the server answered, by procedure and status, from its structured request log.
RESPONSES="$(python3 - "$WORK/server.log" <<'PYTHON'
import collections, json, sys
counts = collections.Counter()
errors = 0
for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
    if not line.startswith("{"):
        continue
    entry = json.loads(line)
    if entry.get("level", 0) >= 50:
        errors += 1
    if entry.get("msg") == "request":
        counts[(entry.get("path"), entry.get("status"))] += 1
for (path, status), count in sorted(counts.items(), key=lambda item: (str(item[0][0]), item[0][1] or 0)):
    print(f"  {path} {status}: {count}")
print(f"  logged errors (level >= 50): {errors}")
PYTHON
)"

SIGNIN_VERDICT="$(cat "$WORK/signin.verdict")"
LIST_VERDICT="$(cat "$WORK/list.verdict")"
{
  echo "Doable SQL injection scan, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "sqlmap $SQLMAP_VERSION, level $LEVEL, risk $RISK, DBMS PostgreSQL, target $BASE_URL"
  echo "(a) POST /api/trpc/auth.signIn, email (tamper space2comment,xforwardedfor): $SIGNIN_VERDICT"
  echo "(b) GET /api/trpc/task.list, search (tamper jsonstring, bearer token): $LIST_VERDICT"
  echo "server responses (path status: count):"
  echo "$RESPONSES"
} | tee "$WORK/summary.txt"

if [ "$SIGNIN_VERDICT" = INJECTABLE ] || [ "$LIST_VERDICT" = INJECTABLE ] ||
  grep -qE '/api/trpc/[^ ]+ 500:|logged errors \(level >= 50\): [1-9]' <<<"$RESPONSES"; then
  RESULT=1
elif [ "$SIGNIN_VERDICT" = "not injectable" ] && [ "$LIST_VERDICT" = "not injectable" ]; then
  RESULT=0
else
  RESULT=2
fi
exit "$RESULT"
