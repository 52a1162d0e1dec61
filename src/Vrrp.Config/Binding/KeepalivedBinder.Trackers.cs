using Vrrp.Config.Options;
using Vrrp.Config.Syntax;

namespace Vrrp.Config.Binding;

// The keywords of track_file and vrrp_track_process blocks whose reading is more than a value.
internal sealed partial class KeepalivedBinder
{
    /// <summary><c>init_file [VALUE] [overwrite]</c>: the value (default 0) written at start.</summary>
    internal void BindInitFile(ConfNode node, BindScope scope, VrrpTrackFileOptions file)
    {
        NoBlock(node);
        long value = 0;
        bool overwrite = false;
        foreach (ConfToken word in node.Arguments)
        {
            if (word.Text == "overwrite")
            {
                overwrite = true;
            }
            else if (ValueParser.TryParseInteger(word.Text, out long number) && number is >= int.MinValue and <= int.MaxValue)
            {
                value = number;
            }
            else
            {
                _diagnostics.Warning(word.Span, Diagnostics.ConfigDiagnosticCodes.InvalidValue, $"init_file takes a whole number and `overwrite`, not `{Shorten(word.Text)}`; it is ignored");
            }
        }

        file.InitValue = value;
        file.InitOverwrite = overwrite;
        _sourceMap[scope.Of(nameof(file.InitValue))] = node.Span;
    }

    /// <summary><c>process NAME|PATH [PARAMETER ...]</c>: parameters mean an exact match of the full command line.</summary>
    internal void BindProcess(ConfNode node, BindScope scope, VrrpTrackProcessOptions process)
    {
        if (!Word(node, out ConfToken name, maxArguments: int.MaxValue))
        {
            return;
        }

        if (process.Process.Length > 0)
        {
            _diagnostics.Warning(node.Span, Diagnostics.ConfigDiagnosticCodes.DuplicateName, $"the process is already set to `{Shorten(process.Process)}`; this one is ignored");
            return;
        }

        process.Process = name.Text;
        Record(scope.Of(nameof(process.Process)), name);
        for (int i = 1; i < node.Arguments.Count; i++)
        {
            process.Parameters.Add(node.Arguments[i].Text);
        }

        if (process.Parameters.Count > 0)
        {
            process.FullCommand = true;
            if (process.ParameterMatch == ProcessParameterMatch.None)
            {
                process.ParameterMatch = ProcessParameterMatch.Exact;
            }
        }
    }

    /// <summary><c>param_match [exact|partial|initial]</c> (alone: exact); it implies full_command.</summary>
    internal void BindParameterMatch(ConfNode node, BindScope scope, VrrpTrackProcessOptions process)
    {
        NoBlock(node);
        ExtraArguments(node, 1);
        string kind = node.Arguments.Count == 0 ? "exact" : node.Arguments[0].Text;
        ProcessParameterMatch? match = kind switch
        {
            "exact" => ProcessParameterMatch.Exact,
            "partial" => ProcessParameterMatch.Partial,
            "initial" => ProcessParameterMatch.Initial,
            _ => null,
        };
        if (match is null)
        {
            _diagnostics.Warning(node.Arguments[0].Span, Diagnostics.ConfigDiagnosticCodes.InvalidValue, $"unknown param_match `{Shorten(kind)}`; it is ignored", "write exact, partial or initial");
            return;
        }

        process.ParameterMatch = match.Value;
        process.FullCommand = true;
        _sourceMap[scope.Of(nameof(process.ParameterMatch))] = node.Span;
    }

    /// <summary><c>quorum_max N</c>: 0 means the tracker is up only while no matching process runs (quorum becomes 0).</summary>
    internal void BindQuorumMax(ConfNode node, BindScope scope, VrrpTrackProcessOptions process)
    {
        if (!Integer(node, 0, Validation.VrrpOptionLimits.MaxQuorum, out int max))
        {
            return;
        }

        process.QuorumMax = max;
        if (max == 0)
        {
            process.Quorum = 0;
        }

        Record(scope.Of(nameof(process.QuorumMax)), node.Arguments[0]);
    }

    /// <summary><c>delay</c>, <c>fork_delay</c>, <c>terminate_delay</c>: 1 µs to 3600 s.</summary>
    internal void BindProcessDelay(ConfNode node, BindScope scope, VrrpTrackProcessOptions process, bool fork, bool terminate)
    {
        if (!Timer(node, TimeSpan.FromTicks(10), Validation.VrrpOptionLimits.MaxProcessDelay, out TimeSpan delay))
        {
            return;
        }

        if (fork)
        {
            process.ForkDelay = delay;
            Record(scope.Of(nameof(process.ForkDelay)), node.Arguments[0]);
        }

        if (terminate)
        {
            process.TerminateDelay = delay;
            Record(scope.Of(nameof(process.TerminateDelay)), node.Arguments[0]);
        }
    }
}
