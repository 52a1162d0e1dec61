using System.Globalization;
using System.Net;
using System.Text;

namespace HaproxyFailover.Demo;

/// <summary>
/// The run as an SVG: requests per 250 ms stacked by the node that answered, failures in red on top, each fault as a
/// numbered dashed line, and under the plot a strip showing who held the VIP (failovers are where it changes colour).
/// </summary>
internal static class Chart
{
    // Geometry in pixels (the plot's bins in ms) and the palette: one colour per node, red for failures.
    private static readonly (int Width, int Left, int Right, int Top, int PlotHeight, int StripHeight, long BinMs) Size = (1200, 48, 16, 56, 220, 16, 250);
    private static readonly (string Node1, string Node2, string Failed, string Both, string None) Colour = ("#4C78A8", "#54A24B", "#E45756", "#F58518", "#BBBBBB");

    public static void Write(string path, IReadOnlyDictionary<string, string> settings, List<RequestRecord> requests, List<FaultMark> faults, List<VipSample> vip, long periodMs)
    {
        long origin = Math.Min(requests[0].StartMs, faults.Count > 0 ? faults[0].StartMs : long.MaxValue);
        long end = requests[^1].StartMs + periodMs;
        int bins = (int)((end - origin + Size.BinMs - 1) / Size.BinMs);
        double plotWidth = Size.Width - Size.Left - Size.Right;
        double binWidth = plotWidth / bins;
        double perBin = Math.Max(1, Size.BinMs / (double)periodMs);
        double X(long ms) => Size.Left + ((ms - origin) * plotWidth / (end - origin));
        double Y(double count) => Size.Top + Size.PlotHeight - (count * Size.PlotHeight / perBin);

        var node1 = new int[bins];
        var node2 = new int[bins];
        var failed = new int[bins];
        foreach (RequestRecord r in requests)
        {
            int bin = (int)Math.Clamp((r.StartMs - origin) / Size.BinMs, 0, bins - 1);
            if (!r.Ok)
            {
                failed[bin]++;
            }
            else if (r.ServedBy == "node2")
            {
                node2[bin]++;
            }
            else
            {
                node1[bin]++;
            }
        }

        int legendTop = Size.Top + Size.PlotHeight + Size.StripHeight + 44;
        int height = legendTop + (18 * Math.Max(faults.Count - 1, 0)) + 12;
        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Size.Width}\" height=\"{height}\" viewBox=\"0 0 {Size.Width} {height}\" font-family=\"sans-serif\" font-size=\"12\">\n"));
        svg.Append(Invariant($"<rect width=\"{Size.Width}\" height=\"{height}\" fill=\"white\"/>\n"));
        string title = settings.GetValueOrDefault("title", "HAProxy pair behind a VIP");
        svg.Append(Invariant($"<text x=\"{Size.Left}\" y=\"18\" font-size=\"14\" font-weight=\"bold\">{Escape(title)}</text>\n"));
        svg.Append(Invariant($"<text x=\"{Size.Left}\" y=\"33\" fill=\"#555\">requests per 250 ms by the node that answered: <tspan fill=\"{Colour.Node1}\">■ node1</tspan> <tspan fill=\"{Colour.Node2}\">■ node2</tspan> <tspan fill=\"{Colour.Failed}\">■ failed</tspan>; VIP holder strip: <tspan fill=\"{Colour.Both}\">■ both</tspan> <tspan fill=\"{Colour.None}\">■ none</tspan></text>\n"));

        // Axes and grid.
        for (int tick = 0; tick * 5 <= perBin; tick++)
        {
            double count = tick * 5;
            double y = Y(count);
            svg.Append(Invariant($"<line x1=\"{Size.Left}\" y1=\"{y:0.#}\" x2=\"{Size.Width - Size.Right}\" y2=\"{y:0.#}\" stroke=\"#eee\"/>"));
            svg.Append(Invariant($"<text x=\"{Size.Left - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\" fill=\"#555\">{count:0}</text>\n"));
        }

        // Seconds from the first fault, as the report's table counts them.
        long zero = faults.Count > 0 ? faults[0].StartMs : origin;
        for (long s = 0; zero + (s * 1000) <= end; s += 10)
        {
            double x = X(zero + (s * 1000));
            svg.Append(Invariant($"<text x=\"{x:0.#}\" y=\"{Size.Top + Size.PlotHeight + Size.StripHeight + 18}\" text-anchor=\"middle\" fill=\"#555\">{s} s</text>\n"));
        }

        // Bars: node1, node2, failed stacked.
        for (int bin = 0; bin < bins; bin++)
        {
            double x = Size.Left + (bin * binWidth);
            double w = Math.Max(binWidth - 0.3, 0.5);
            double baseCount = 0;
            foreach ((int count, string colour) in new[] { (node1[bin], Colour.Node1), (node2[bin], Colour.Node2), (failed[bin], Colour.Failed) })
            {
                if (count > 0)
                {
                    svg.Append(Invariant($"<rect x=\"{x:0.##}\" y=\"{Y(baseCount + count):0.##}\" width=\"{w:0.##}\" height=\"{count * Size.PlotHeight / perBin:0.##}\" fill=\"{colour}\"/>"));
                    baseCount += count;
                }
            }
        }

        svg.Append('\n');

        // The VIP holder strip.
        int stripTop = Size.Top + Size.PlotHeight + 4;
        for (int i = 0; i + 1 < vip.Count; i++)
        {
            string colour = vip[i].Holder switch { "node1" => Colour.Node1, "node2" => Colour.Node2, "both" => Colour.Both, _ => Colour.None };
            double x1 = Math.Max(Size.Left, X(vip[i].AtMs));
            double x2 = Math.Min(Size.Width - Size.Right, X(vip[i + 1].AtMs));
            if (x2 > x1)
            {
                svg.Append(Invariant($"<rect x=\"{x1:0.##}\" y=\"{stripTop}\" width=\"{x2 - x1:0.##}\" height=\"{Size.StripHeight - 4}\" fill=\"{colour}\"/>"));
            }
        }

        svg.Append(Invariant($"<text x=\"{Size.Left - 6}\" y=\"{stripTop + 10}\" text-anchor=\"end\" fill=\"#555\">VIP</text>\n"));

        // Faults: numbered dashed lines, explained in the legend.
        for (int i = 0; i < faults.Count; i++)
        {
            double x = X(faults[i].StartMs);
            svg.Append(Invariant($"<line x1=\"{x:0.#}\" y1=\"{Size.Top - 2}\" x2=\"{x:0.#}\" y2=\"{Size.Top + Size.PlotHeight}\" stroke=\"#333\" stroke-dasharray=\"4 3\"/>"));
            svg.Append(Invariant($"<circle cx=\"{x:0.#}\" cy=\"{Size.Top - 2}\" r=\"7\" fill=\"#333\"/><text x=\"{x:0.#}\" y=\"{Size.Top + 2}\" text-anchor=\"middle\" fill=\"white\" font-size=\"10\">{i + 1}</text>\n"));
            svg.Append(Invariant($"<text x=\"{Size.Left}\" y=\"{legendTop + (18 * i)}\"><tspan font-weight=\"bold\">{i + 1}</tspan>  {Escape(faults[i].Description)}</text>\n"));
        }

        svg.Append("</svg>\n");
        File.WriteAllText(path, svg.ToString());
    }

    private static string Escape(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
