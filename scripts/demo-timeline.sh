#!/usr/bin/env bash
# demo-timeline.sh EVENT.txt TIMER.txt OUT.png TITLE - draw the demo's
# timeline picture from two --timeline logs of tools/watch.c (workload
# story, one run in event mode, one with a 30 ms timer): three lanes over
# time, the guest's updates (of the event run), the event consumer's
# wakeups and the timer consumer's wakeups (filled: the copy showed new
# pixels; hollow: an empty wakeup; the key gives counts and the MB each
# kind of wakeup copied), the story's phases marked.  Needs
# gnuplot (scripts/deps.sh demo).
set -euo pipefail
if [ "$#" -ne 4 ]; then
	echo "usage: demo-timeline.sh EVENT.txt TIMER.txt OUT.png TITLE" >&2
	exit 2
fi
EV=$1
TM=$2
PNG=$(realpath -m "$3")
TITLE=$4
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# Lines: "MS guest flip|draw|cursor", "MS phase NAME", "MS wake new|empty
# BYTES"; '#' comments.  Seconds in the data files.
awk '$2 == "guest" { print $1 / 1000, $3 > (dir "/guest-" $3 ".dat") }
	$2 == "phase" { print $1 / 1000, $3 > (dir "/phase.dat") }
	$2 == "wake" { print $1 / 1000, $4 > (dir "/event-" $3 ".dat") }' \
	dir="$TMP" "$EV"
awk '$2 == "wake" { print $1 / 1000, $4 > (dir "/timer-" $3 ".dat") }' \
	dir="$TMP" "$TM"
for f in guest-flip guest-draw guest-cursor phase event-new event-empty \
	timer-new timer-empty; do
	[ -e "$TMP/$f.dat" ] || echo "-1 0" >"$TMP/$f.dat"
done

# One line of figures per lane for the key.
sum() {
	awk '$1 >= 0 { n++; b += $2 } END { printf "%d %.2f\n", n, b / 1e6 }' "$1"
}
read -r gf _ < <(sum "$TMP/guest-flip.dat")
read -r gd _ < <(sum "$TMP/guest-draw.dat")
read -r gc _ < <(sum "$TMP/guest-cursor.dat")
read -r en eb < <(sum "$TMP/event-new.dat")
read -r ee eeb < <(sum "$TMP/event-empty.dat")
read -r tn tb < <(sum "$TMP/timer-new.dat")
read -r te teb < <(sum "$TMP/timer-empty.dat")
end=$(awk '$1 !~ /^#/ { t = $1 } END { printf "%.1f", t / 1000 + 0.3 }' "$EV")

cd "$TMP"
gnuplot <<EOF
set terminal pngcairo size 1500,520 font "sans,10" noenhanced
set output "$PNG.tmp"
set title "$TITLE"
set xlabel "seconds since the start (CLOCK_MONOTONIC)"
set xrange [0:$end]
set yrange [0.4:4.1]
set ytics ("30 ms timer:\nwakeups" 1, "events:\nwakeups" 2, "guest:\nupdates" 3)
set grid xtics
set key outside below horizontal
plot "phase.dat" using 1:(3.55) with impulses dt 2 lc rgb "gray50" notitle, \
     "" using (\$1 + 0.05):(3.8):2 with labels left font ",11" notitle, \
     "guest-flip.dat" using 1:(3.08) with points pt 9 ps 1.3 lc rgb "#1f77b4" title "guest flip ($gf)", \
     "guest-draw.dat" using 1:(3.0) with points pt 7 ps 1.0 lc rgb "#2ca02c" title "guest drawing into the live buffer ($gd)", \
     "guest-cursor.dat" using 1:(2.92) with points pt 11 ps 1.3 lc rgb "#9467bd" title "guest cursor move ($gc)", \
     "event-new.dat" using 1:(2) with points pt 7 ps 0.9 lc rgb "#d62728" title "events: wakeup with new pixels ($en, $eb MB copied)", \
     "event-empty.dat" using 1:(2) with points pt 6 ps 0.9 lc rgb "#d62728" title "events: empty wakeup ($ee, $eeb MB copied)", \
     "timer-new.dat" using 1:(1) with points pt 7 ps 0.9 lc rgb "#ff7f0e" title "timer: wakeup with new pixels ($tn, $tb MB copied)", \
     "timer-empty.dat" using 1:(1) with points pt 6 ps 0.9 lc rgb "#ff7f0e" title "timer: empty wakeup ($te, $teb MB copied)"
EOF
mv "$PNG.tmp" "$PNG"
