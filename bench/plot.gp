# plot.gp - bench/results.png from the data files bench/report.sh writes
# (run in build/bench by bench/run.sh): one panel per question.
set terminal pngcairo size 1400,2000 font "sans,10" noenhanced
set output "results.png"
set multiplot layout 4,2 title "gvt-mpt benchmarks (make bench; VM: QEMU TCG, 60 Hz emulated vblank)"

# 1. Wakeups per workload, against the changes an ideal consumer shows.
set title "1. Consumer wakeups per second, per workload (VM)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set ylabel "per second (log scale)"
set logscale y
set yrange [0.1:1000]
set xtics rotate by -20 nomirror
set key top left horizontal
set grid ytics
plot "wakeups.dat" using ($2 > 0.1 ? $2 : 0.1):xtic(1) title "changes (ideal)", \
     "" using ($3 > 0.1 ? $3 : 0.1) title "(a) events", \
     "" using ($4 > 0.1 ? $4 : 0.1) title "(b) 30 ms timer", \
     "" using ($5 > 0.1 ? $5 : 0.1) title "(c) adaptive (VNC-like)"

# 2. Bytes copied per second.
set title "2. Bytes the consumer copies per second (VM; (a) the damage, (b) and (c) whole planes)"
set ylabel "MB / s (log scale)"
set yrange [0.001:1000]
plot "bytes.dat" using ($2 > 0.001 ? $2 : 0.001):xtic(1) title "(a) events", \
     "" using ($3 > 0.001 ? $3 : 0.001) title "(b) 30 ms timer", \
     "" using ($4 > 0.001 ? $4 : 0.001) title "(c) adaptive (VNC-like)"

# 3. First update after idle.
set title "3. First update after idle: guest write -> consumer shows it (VM)"
set ylabel "ms (log scale)"
set yrange [0.1:100000]
set xtics norotate
plot "first.dat" using ($2 > 0.1 ? $2 : 0.1):xtic(1) title "mean", \
     "" using ($3 > 0.1 ? $3 : 0.1) title "max"

# 4. Timer passes.
unset logscale y
set title "4. gvt_mpt vblank timer passes per second (VM, 60 Hz)"
set ylabel "passes / s"
set yrange [0:70]
plot "passes.dat" using 2:xtic(1) title "timer passes / s"

# 5. Latency distributions.
unset style
set style data lines
set title "5. Latency, 60 fps sync flips (VM): quantiles (0, 5, ..., 100 %)"
set xlabel "ms (log scale)"
set ylabel "fraction of samples"
set yrange [0:1]
set logscale x
set xrange [0.02:100]
set key vertical at graph 0.22,0.8 left top box opaque
plot "latency.dat" using 2:1 with linespoints lw 2 pt 7 ps 0.6 title "flip -> wake, (a) events", \
     "" using 3:1 with linespoints lw 2 pt 7 ps 0.6 title "flip -> wake, (b) 30 ms timer", \
     "" using 4:1 with linespoints lw 2 pt 5 ps 0.6 dt 2 title "vblank -> wake, (a) events", \
     "" using 5:1 with linespoints lw 2 pt 5 ps 0.6 dt 2 title "vblank -> wake, (b) 30 ms timer"

# 6. Wall time per tick vs vGPUs.
set title "6. Pure core, userspace: wall time of one vblank tick"
set logscale xy
set xtics auto
set xlabel "vGPUs (1 pipe each)"
set ylabel "ns per tick"
set xrange [0.7:6000]
set yrange [*:*]
set key default
set key top left
plot "wall.dat" using 1:2 with linespoints lw 2 pt 7 title "idle path (no change)", \
     "" using 1:3 with linespoints lw 2 pt 7 title "event path (flip + event per vGPU)"
# 7 and 8: histograms again, linear x.
unset logscale xy
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set xlabel ""
set xrange [*:*]
set xtics rotate by -20 nomirror
set logscale y
set key top left horizontal
set grid ytics
# 7. The cost of write tracking, event mode.
set title "7. Write tracking (event mode): faults and CPU per displayed change (VM, TCG)"
set ylabel "per change (log scale)"
set yrange [0.01:100000]
plot "tracking.dat" using ($2 > 0.01 ? $2 : 0.01):xtic(1) title "write faults per change", \
     "" using ($3 > 0.01 ? $3 : 0.01) title "mkwrite + harvest CPU us per change"

# 8. Event mode: write tracking against the heuristic alone.
set title "8. Event-mode wakeups: write tracking vs the single-FB heuristic alone (VM)"
set ylabel "per second (log scale)"
set yrange [0.1:1000]
plot "heuristic.dat" using ($2 > 0.1 ? $2 : 0.1):xtic(1) title "changes (ideal)", \
     "" using ($3 > 0.1 ? $3 : 0.1) title "(a) events, write tracking", \
     "" using ($4 > 0.1 ? $4 : 0.1) title "(a) events, heuristic (write_tracking 0)"

unset multiplot
