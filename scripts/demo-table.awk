# The program of scripts/demo-table.sh (with scripts/json.awk).
function events(   m, n, i, a, s) {
	if (!match($0, /"events":\[[0-9,]*\]/)) return 0
	m = substr($0, RSTART + 10, RLENGTH - 11); n = split(m, a, ","); s = 0
	for (i = 1; i <= n; i++) s += a[i]
	return s
}
function lat(   m) {
	if (match($0, /"n":0,/)) return -1
	if (!match($0, /"median":[0-9.]+/)) return -1
	m = substr($0, RSTART, RLENGTH); sub(/.*:/, "", m); return m / 1000
}
/^\{"workload"/ {
	w = str("workload"); md = str("mode")
	if (!(w in seen)) { seen[w] = 1; order[++nw] = w }
	secs[w] = num("seconds")
	if (md == "event") {
		flips[w] = num("guest_flips") + num("guest_cursor") + num("guest_draws"); fe[w] = num("frames") + num("cursor")
		ev[w] = events(); we[w] = num("wakeups"); ee[w] = num("empty_wakeups"); le[w] = lat()
	} else {
		ft[w] = num("frames") + num("cursor"); wt[w] = num("wakeups"); et[w] = num("empty_wakeups"); lt[w] = lat()
	}
}
END {
	print "| workload | s | guest updates | event: updates shown | event: refresh events | event: wakeups | event: empty | 30 ms timer: updates shown | timer: wakeups | timer: empty | wakeups event/timer | flip->refresh median ms (event / timer) |"
	print "|---|---|---|---|---|---|---|---|---|---|---|---|"
	for (i = 1; i <= nw; i++) {
		w = order[i]
		r = wt[w] ? sprintf("%.2f", we[w] / wt[w]) : "-"
		l = (le[w] < 0) ? "-" : sprintf("%.1f", le[w])
		l = l " / " ((lt[w] < 0) ? "-" : sprintf("%.1f", lt[w]))
		printf "| %s | %.0f | %d | %d | %d | %d | %d | %d | %d | %d | %s | %s |\n", \
			w, secs[w], flips[w], fe[w], ev[w], we[w], ee[w], ft[w], wt[w], et[w], r, l
	}
}