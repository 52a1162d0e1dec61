# Sourced by benchmarks/scale.sh and benchmarks/suite.sh: a daemon's whole process tree (keepalived forks its VRRP
# child) and what /proc says about it.
#   tree PID              the process and its descendants
#   ticks PID             utime + stime of the tree, in clock ticks (getconf CLK_TCK a second)
#   status_sum PID FIELD  a /proc/PID/status field (VmRSS, VmHWM in kB, Threads) summed over the tree
#   fds PID               open file descriptors of the tree
tree() {
    [ -d "/proc/$1" ] || return 0
    echo "$1"
    local c
    for c in $(cat /proc/"$1"/task/*/children 2>/dev/null); do tree "$c"; done
}
ticks() { local t=0 p; for p in $(tree "$1"); do t=$((t + $(awk '{ print $14 + $15 }' /proc/"$p"/stat 2>/dev/null || echo 0))); done; echo $t; }
status_sum() { local t=0 p v; for p in $(tree "$1"); do v=$(awk -v k="$2:" '$1 == k { print $2 }' /proc/"$p"/status 2>/dev/null); t=$((t + ${v:-0})); done; echo $t; }
fds() { local t=0 p; for p in $(tree "$1"); do t=$((t + $(ls /proc/"$p"/fd 2>/dev/null | wc -l))); done; echo $t; }
