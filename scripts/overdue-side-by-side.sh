#!/usr/bin/env bash
# Times the paged overdue question – "open critical tasks past their end
# date, all municipalities, first 100" – side by side in udrul and in
# Redmine on the same data, and prints each one's median and the ratio
# (issue 15: Redmine answered in a median of 598 ms, 100 per page; the goal
# is udrul ≥ 20× faster). Every request is timed by curl from sending to
# the last byte; the first of each is a warm-up and not counted.
#
# Usage:
#   UDRUL_URL=http://127.0.0.1:8080 UDRUL_TOKEN=udrul_pat_… UDRUL_PROGRAMME=gen \
#   REDMINE_URL=http://127.0.0.1:3000 REDMINE_KEY=… \
#   REDMINE_QUERY='/issues.json?status_id=open&tracker_id=2&due_date=%3C%3D2027-06-27&sort=due_date&limit=100' \
#   RUNS=21 scripts/overdue-side-by-side.sh
#
# REDMINE_QUERY must ask Redmine the same question in the way its data were
# loaded (which tracker or custom field marks a critical task, the day
# before the status date as the last due date); without REDMINE_URL only
# udrul is timed. udrul's question is type=kritisk&colour=red&limit=100 as
# of ASOF (default: the server's today; the generator's data are drawn for
# 2027-06-28). The same run also times the next page by its cursor.
set -euo pipefail

: "${UDRUL_URL:?set UDRUL_URL}" "${UDRUL_TOKEN:?set UDRUL_TOKEN}"
programme="${UDRUL_PROGRAMME:-gen}"
runs="${RUNS:-21}"
asof="${ASOF:-}"

# median FILE: the middle of the sorted values (seconds) in milliseconds.
median() { sort -g "$1" | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.1f", m*1000}'; }

time_url() { # time_url OUTFILE URL HEADER…
	local out="$1" url="$2"; shift 2
	: >"$out"
	curl -fsS -o /dev/null "$@" "$url" # warm-up
	for _ in $(seq "$runs"); do
		curl -fsS -o /dev/null -w '%{time_total}\n' "$@" "$url" >>"$out"
	done
}

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

q="type=kritisk&colour=red&limit=100${asof:+&asof=$asof}"
first="$UDRUL_URL/api/v1/programmes/$programme/tasks?$q"
auth=(-H "Authorization: Bearer $UDRUL_TOKEN")
body="$(curl -fsS "${auth[@]}" "$first")"
total="$(printf '%s' "$body" | sed -n 's/.*"total":\([0-9]*\).*/\1/p')"
cursor="$(printf '%s' "$body" | sed -n 's/.*"next_cursor":"\([^"]*\)".*/\1/p')"
echo "udrul: $total open critical tasks past their end date; timing $runs requests of the first page and of the next"
time_url "$tmp/udrul" "$first" "${auth[@]}"
u="$(median "$tmp/udrul")"
echo "udrul first page: median $u ms"
if [ -n "$cursor" ]; then
	time_url "$tmp/udrul2" "$first&cursor=$cursor" "${auth[@]}"
	echo "udrul next page:  median $(median "$tmp/udrul2") ms"
fi

if [ -n "${REDMINE_URL:-}" ]; then
	: "${REDMINE_QUERY:?set REDMINE_QUERY to the question in Redmine form}"
	time_url "$tmp/redmine" "$REDMINE_URL$REDMINE_QUERY" -H "X-Redmine-API-Key: ${REDMINE_KEY:-}"
	r="$(median "$tmp/redmine")"
	echo "Redmine:          median $r ms"
	awk -v r="$r" -v u="$u" 'BEGIN { printf "ratio: udrul is %.0f× faster (goal ≥ 20×)\n", r/u }'
else
	awk -v u="$u" 'BEGIN { printf "against the recorded Redmine median of 598 ms: %.0f×\n", 598/u }'
fi
