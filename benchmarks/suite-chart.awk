# Draws one chart of benchmarks/suite.sh's results.tsv as SVG: panels side by side, each a bar group per build, a bar
# per series (the value; a thin line up to the whisker value when there is one), each panel on its own scale.
#   awk -v chart=failover|cost -f benchmarks/suite-chart.awk results.tsv > chart.svg
# results.tsv rows: part, build, case, metric, value (tab-separated).
BEGIN {
    FS = "\t"
    split("#4C78A8 #F58518 #54A24B #B279A2", colour, " ")
    name["jit"] = "JIT"; name["aot"] = "Native AOT"; name["keepalived"] = "keepalived"
    pw = 290; ph = 200; top = 100; left = 46; gap = 56
}
{ v[$1, $2, $3, $4] = $5; if ($1 == "machine") machine[$4] = $5; if ($2 in name && !($2 in seen)) { seen[$2] = 1; builds[++nb] = $2 } }

function panel(title, unit) { np++; ptitle[np] = title; punit[np] = unit; ns[np] = 0 }
# A series of the current panel: its legend and, per build, the value and the whisker (both may be missing).
function series(label, part, kase, metric, whisker,   i, b) {
    ns[np]++; slabel[np, ns[np]] = label
    for (i = 1; i <= nb; i++) {
        b = builds[i]
        if ((part, b, kase, metric) in v && v[part, b, kase, metric] != "" && v[part, b, kase, metric] != "-") {
            val[np, ns[np], b] = v[part, b, kase, metric] + 0; has[np, ns[np], b] = 1
            if (whisker != "" && (part, b, kase, whisker) in v) hi[np, ns[np], b] = v[part, b, kase, whisker] + 0
        }
    }
}
# A panel of the master's and the backup's METRIC of PART.
function panel_pair(title, unit, part, metric) { panel(title, unit); series("master", part, "master", metric, ""); series("backup", part, "backup", metric, "") }
function nice(x,   m, s) {
    if (x <= 0) return 1
    m = 10 ^ int(log(x / 4) / log(10)); if (m > x / 4) m /= 10
    s = (x / 4 <= m) ? m : (x / 4 <= 2 * m) ? 2 * m : (x / 4 <= 5 * m) ? 5 * m : 10 * m
    return s
}
function tick(x, step) { return step >= 1 ? sprintf("%.0f", x) : step >= 0.1 ? sprintf("%.1f", x) : sprintf("%.2f", x) }
function fmt(x) { return x >= 100 ? sprintf("%.0f", x) : x >= 10 ? sprintf("%.1f", x) : sprintf("%.2f", x) }
function esc(s) { gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); gsub(/>/, "\\&gt;", s); return s }

END {
    if (chart == "failover") {
        title = "Failover overhead on the wire: the new master's first gratuitous ARP after the protocol's moment"
        sub_ = "bar: median, line: p95; tcpdump on a third namespace host"
        split("0.01 0.1", adv, " "); split("10 ms|100 ms", advname, "|")
        for (a = 1; a <= 2; a++) {
            panel(advname[a] " adverts", "ms")
            series("crash (kill -9)", "takeover", adv[a] " crash", "median", "p95")
            series("graceful (SIGTERM)", "takeover", adv[a] " graceful", "median", "p95")
            series("SIGTERM to priority-0 advert", "takeover", adv[a] " sigterm", "median", "p95")
        }
    } else {
        title = "What a node costs: one instance at 10 ms adverts, and 1,000 instances at 100 ms"
        sub_ = "same run, same namespace LAN; CPU is utime + stime of the process tree"
        panel("CPU per 1,000 adverts, one instance", "ms")
        series("sent (master)", "cpu", "master", "ms_per_1000", "")
        series("received (backup)", "cpu", "backup", "ms_per_1000", "")
        panel_pair("Resident memory, one instance", "MB", "rss", "rss_mb")
        panel_pair("CPU at 1,000 instances", "cores", "scale", "cpu_cores")
        panel_pair("Resident memory at 1,000 instances", "MB", "scale", "rss_mb")
    }
    width = left + np * (pw + gap); height = top + ph + 30
    sub_ = sub_ "; " machine["date"] ", " machine["cpu"]
    if (width < 8.6 * length(title) + left) width = int(8.6 * length(title) + left)
    if (width < 6.6 * length(sub_) + left) width = int(6.6 * length(sub_) + left)
    printf "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">\n", width, height, width, height
    printf "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", width, height
    printf "<text x=\"%d\" y=\"18\" font-size=\"14\" font-weight=\"bold\">%s</text>\n", left, esc(title)
    printf "<text x=\"%d\" y=\"34\" fill=\"#555\">%s</text>\n", left, esc(sub_)
    for (p = 1; p <= np; p++) {
        x0 = left + (p - 1) * (pw + gap); max = 0
        for (s = 1; s <= ns[p]; s++) for (i = 1; i <= nb; i++) {
            b = builds[i]
            if (has[p, s, b] && val[p, s, b] > max) max = val[p, s, b]
            if ((p, s, b) in hi && hi[p, s, b] > max) max = hi[p, s, b]
        }
        step = nice(max); ymax = step * (int(max / step) + 1)
        printf "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>\n", x0, top - 44, esc(ptitle[p] " (" punit[p] ")")
        lx = x0; ly = top - 28
        for (s = 1; s <= ns[p]; s++) {
            w = 26 + 6.5 * length(slabel[p, s])
            if (lx > x0 && lx + w > x0 + pw) { lx = x0; ly += 15 }
            printf "<text x=\"%d\" y=\"%d\" fill=\"%s\">■ <tspan fill=\"#333\">%s</tspan></text>\n", lx, ly, colour[s], esc(slabel[p, s])
            lx += w
        }
        for (t = 0; t * step <= ymax + step / 1e6; t++) {
            y = top + ph - t * step * ph / ymax
            printf "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>\n", x0, x0 + pw, y, y
            printf "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#555\" font-size=\"10\">%s</text>\n", x0 - 3, y + 3, tick(t * step, step)
        }
        gw = pw / nb; bw = (gw - 16) / ns[p]
        for (i = 1; i <= nb; i++) {
            b = builds[i]; gx = x0 + (i - 1) * gw + 8
            printf "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n", gx + (gw - 16) / 2, top + ph + 16, name[b]
            for (s = 1; s <= ns[p]; s++) {
                bx = gx + (s - 1) * bw
                if (!has[p, s, b]) {
                    printf "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#999\" font-size=\"10\">n/a</text>\n", bx + bw / 2, top + ph - 4
                    continue
                }
                h = val[p, s, b] > 0 ? val[p, s, b] * ph / ymax : 0
                printf "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>\n", bx + 1, top + ph - h, bw - 2, h, colour[s]
                label_y = top + ph - h - 3
                if ((p, s, b) in hi) {
                    hy = top + ph - (hi[p, s, b] > 0 ? hi[p, s, b] : 0) * ph / ymax
                    printf "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#333\"/>\n", bx + bw / 2, bx + bw / 2, top + ph - h, hy
                    printf "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#333\"/>\n", bx + bw / 2 - 3, bx + bw / 2 + 3, hy, hy
                    if (hy - 3 < label_y) label_y = hy - 3
                }
                printf "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"9\">%s</text>\n", bx + bw / 2, label_y, fmt(val[p, s, b])
            }
        }
        printf "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#333\"/>\n", x0, x0 + pw, top + ph, top + ph
    }
    printf "</svg>\n"
}
