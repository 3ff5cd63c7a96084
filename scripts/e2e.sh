#!/usr/bin/env bash
# e2e.sh: check a rendered report as a person would see it, in headless
# Chromium. Fails (exit 1) when the page is blank, a section is missing, a
# chart has no data or the visible text shows a raw Go value (map[, %!,
# <nil>, &{, [50 50]); exit 2 when it cannot run.
#
#   scripts/e2e.sh REPORT.html [SCREENSHOT.png]
#
# The screenshot defaults to REPORT's folder/report.png, 1280x2400 pixels
# (E2E_WINDOW=1280,6720 takes the whole sample page; docs/report.png is that,
# through `pngquant --strip 256` to stay under 600 KB). Chromium comes from
# Debian's package, installed with apt-get when /usr/bin/chromium is absent
# (CHROMIUM=/path/to/chromium uses another one).
set -euo pipefail

usage() { echo "usage: $0 REPORT.html [SCREENSHOT.png]" >&2; exit 2; }
[ $# -ge 1 ] && [ $# -le 2 ] || usage
report=$1
[ -f "$report" ] || { echo "e2e: $report: no such file; render a report first (livemsg run)" >&2; exit 2; }
report_abs=$(cd "$(dirname "$report")" && pwd)/$(basename "$report")
shot=${2:-$(dirname "$report_abs")/report.png}

chromium=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
	echo "e2e: $chromium is absent; installing Debian's chromium package" >&2
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	$sudo apt-get update
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends chromium
	[ -x "$chromium" ] || { echo "e2e: chromium still missing after apt-get install" >&2; exit 2; }
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# No network: the page must render from the file alone.
browse() {
	timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--disable-dev-shm-usage --hide-scrollbars --user-data-dir="$(mktemp -d -p "$work")" \
		"$@" "file://$report_abs" 2>>"$work/chromium.log"
}

fail=0
check() { # check WHAT COUNT MIN
	if [ "$2" -lt "$3" ]; then
		echo "e2e: FAIL $1: found $2, want at least $3" >&2
		fail=1
	else
		echo "e2e: ok   $1 ($2)"
	fi
}

browse --dump-dom >"$work/dom.html" || { echo "e2e: chromium --dump-dom failed:" >&2; tail -20 "$work/chromium.log" >&2; exit 2; }

# The page is not blank: a body with text, every section there.
text_len=$(sed -e 's/<[^>]*>//g' "$work/dom.html" | tr -d '[:space:]' | wc -c)
check "visible text (characters)" "$text_len" 500
for id in verdict scenarios coverage assumptions load; do
	check "section #$id" "$(grep -c "id=\"$id\"" "$work/dom.html" || true)" 1
done
check "overall verdict badge" "$(grep -Eo 'class="verdict-badge">[^<]*(PASS|FAIL)' "$work/dom.html" | wc -l)" 1

# No raw Go values in what a person reads: a map, a slice, a nil, a pointer
# to a struct or a bad format verb printed by a template. Scripts, styles,
# <pre> and <code> blocks (where such text can be meant), tags and
# attributes are left out; each one found is printed with its neighbours.
raw_go=$(python3 - "$work/dom.html" <<'EOF'
import html, re, sys
dom = open(sys.argv[1], encoding="utf-8", errors="replace").read()
dom = re.sub(r"(?is)<(script|style|pre|code)\b.*?</\1\s*>", " ", dom)
text = re.sub(r"(?s)<!--.*?-->", " ", dom)
text = html.unescape(re.sub(r"(?s)<[^>]*>", " ", text))
text = re.sub(r"\s+", " ", text)
n = 0
for name, pat in [("map[", r"map\["), ("%!", r"%!"), ("<nil>", r"<nil>"),
                  ("&{", r"&\{"), ("[N ", r"\[[0-9]+ ")]:
    for m in re.finditer(pat, text):
        n += 1
        print("e2e:      raw Go value %s: ...%s..." % (name, text[max(0, m.start() - 40):m.end() + 40]), file=sys.stderr)
print(n)
EOF
) || { echo "e2e: python3 could not read the DOM" >&2; exit 2; }
if [ "$raw_go" -ne 0 ]; then
	echo "e2e: FAIL raw Go values in the visible text: found $raw_go, want none" >&2
	fail=1
else
	echo "e2e: ok   no raw Go values (map[, %!, <nil>, &{, [N ) in the visible text"
fi

# Charts render with data: each <svg class="chart"> holds a path or
# polyline with coordinates.
charts=$(grep -o '<svg class="chart"' "$work/dom.html" | wc -l)
data=$(awk 'BEGIN { RS = "<svg class=\"chart\"" }
	NR > 1 {
		sub(/<\/svg>.*/, "")
		if ($0 ~ /<path[^>]* d="M[0-9.]+ [0-9.]+ L[0-9.]+ [0-9.]+/ || $0 ~ /<polyline[^>]* points="[0-9.]+,[0-9.]+ [0-9.]+,[0-9.]+/) n++
	}
	END { print n + 0 }' "$work/dom.html")
check "charts (<svg class=\"chart\">)" "$charts" 1
check "charts with data paths" "$data" "$charts"

# A screenshot as a person would see it; a blank page compresses to almost
# nothing.
browse --screenshot="$shot" --window-size="${E2E_WINDOW:-1280,2400}" >/dev/null || { echo "e2e: chromium --screenshot failed:" >&2; tail -20 "$work/chromium.log" >&2; exit 2; }
[ -f "$shot" ] || { echo "e2e: no screenshot written to $shot" >&2; exit 2; }
check "screenshot size (bytes)" "$(wc -c <"$shot")" 40000

if [ "$fail" -ne 0 ]; then
	echo "e2e: $report does not render as it should (screenshot: $shot)" >&2
	exit 1
fi
echo "e2e: $report renders: screenshot at $shot"
