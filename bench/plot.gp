# plot.gp - bench/results.png from the data files bench/report.sh writes
# (run in build/bench by bench/run.sh).
set terminal pngcairo size 1400,1000 font "sans,10"
set output "results.png"
set multiplot layout 2,2 title "gvt-mpt benchmarks (make bench; VM: QEMU TCG, 60 Hz emulated vblank)"

# 1. Wakeups per workload.
set title "Consumer wakeups per second, per workload (VM)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set ylabel "wakeups / s"
set yrange [0:70]
set xtics rotate by -20 nomirror
set key top right
set grid ytics
plot "wakeups.dat" using 2:xtic(1) title "(a) events", \
     "" using 3 title "(b) 30 ms timer", \
     "" using 4 title "(c) every vblank"

# 2. Latency distributions.
unset style
set style data lines
set title "Latency, 60 fps sync flips (VM): quantiles (0, 5, ..., 100 %)"
set xlabel "ms (log scale)"
set ylabel "fraction of samples"
set yrange [0:1]
set logscale x
set xrange [0.02:100]
set xtics norotate
set key at graph 0.22,0.8 left top box opaque
plot "latency.dat" using 2:1 with linespoints lw 2 pt 7 ps 0.6 title "flip -> wake, (a) events", \
     "" using 3:1 with linespoints lw 2 pt 7 ps 0.6 title "flip -> wake, (b) 30 ms timer", \
     "" using 4:1 with linespoints lw 2 pt 5 ps 0.6 dt 2 title "vblank -> wake, (a) events", \
     "" using 5:1 with linespoints lw 2 pt 5 ps 0.6 dt 2 title "vblank -> wake, (b) 30 ms timer"

# 3. Wall time per tick vs vGPUs.
set title "Pure core, userspace: wall time of one vblank tick"
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

# 4. Kernel CPU.
unset logscale
set title "In the VM kernel: vblank hrtimer and /proc/stat (30 fps per vGPU)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set xlabel ""
set xrange [*:*]
set yrange [0:*]
set ylabel "timer us per pass"
set y2label "/proc/stat sys+irq+softirq ms per s"
set y2tics
set y2range [0:*]
set ytics nomirror
set key default
set key top left
plot "kernel.dat" using 2:xtic(1) title "timer us / pass (left)", \
     "" using 3 axes x1y2 title "/proc/stat ms / s (right)"
unset multiplot
