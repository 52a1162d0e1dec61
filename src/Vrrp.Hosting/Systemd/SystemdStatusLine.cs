using System.Globalization;
using System.Text;
using Vrrp.Hosting.Control;
using Vrrp.StateMachine;

namespace Vrrp.Hosting.Systemd;

/// <summary>
/// The one line <c>STATUS=</c> carries (what <c>systemctl status</c> shows under the unit), e.g.
/// <c>2 instances: 1 master, 1 backup; last reload 10:02:03 ok</c>.
/// </summary>
internal static class SystemdStatusLine
{
    // Long reload errors are cut: systemctl shows one line, and the full error is in the log and `vrrp status`.
    private const int MaxErrorLength = 200;

    /// <summary>Formats the line.</summary>
    /// <param name="states">Each configured instance's state, or null while it is not created yet (waiting for its interface).</param>
    /// <param name="lastReload">The last reload, or null.</param>
    /// <param name="inMaintenance">Whether each instance is in maintenance (counted as such, not as fault), or null for none.</param>
    public static string Format(IReadOnlyList<VrrpState?> states, VrrpReloadResult? lastReload, IReadOnlyList<bool>? inMaintenance = null)
    {
        int master = 0, backup = 0, fault = 0, stopped = 0, starting = 0, maintenance = 0;
        for (int i = 0; i < states.Count; i++)
        {
            VrrpState? state = states[i];
            if (state == VrrpState.Fault && inMaintenance is not null && inMaintenance[i])
            {
                maintenance++;
                continue;
            }

            switch (state)
            {
                case VrrpState.Master: master++; break;
                case VrrpState.Backup: backup++; break;
                case VrrpState.Fault: fault++; break;
                case VrrpState.Stopped: stopped++; break;
                default: starting++; break;
            }
        }

        var line = new StringBuilder();
        line.Append(CultureInfo.InvariantCulture, $"{states.Count} instance{(states.Count == 1 ? "" : "s")}");
        string separator = ": ";
        Count(master, "master");
        Count(backup, "backup");
        Count(fault, "fault");
        Count(maintenance, "in maintenance");
        Count(stopped, "stopped");
        Count(starting, "starting");
        if (lastReload is not null)
        {
            line.Append(CultureInfo.InvariantCulture, $"; last reload {lastReload.At:HH:mm:ss} ");
            if (lastReload.Succeeded)
            {
                line.Append("ok");
            }
            else
            {
                string error = OneLine(lastReload.Errors[0]);
                line.Append("failed: ").Append(error.Length > MaxErrorLength ? error[..MaxErrorLength] + "..." : error);
                if (lastReload.Errors.Count > 1)
                {
                    line.Append(CultureInfo.InvariantCulture, $" (+{lastReload.Errors.Count - 1} more)");
                }
            }
        }

        return line.ToString();

        void Count(int count, string name)
        {
            if (count > 0)
            {
                line.Append(separator).Append(count).Append(' ').Append(name);
                separator = ", ";
            }
        }
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
