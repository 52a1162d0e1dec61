using System.Globalization;
using Vrrp.Config.Diagnostics;

namespace Vrrp.Config.Syntax;

/// <summary>
/// Builds statements and blocks from tokens. A statement is a keyword and the words after it up to the end of the
/// line or a brace; a <c>{</c> right after a statement, on the same line or on a following one, opens that
/// statement's block. The parser is iterative (no recursion), so any nesting depth is safe; blocks deeper than
/// <see cref="MaxDepth"/> are reported once and skipped.
/// </summary>
internal static class ConfParser
{
    public const int MaxDepth = 32;

    // Frames beyond this many unclosed blocks are summarised in one diagnostic.
    private const int MaxUnclosedReported = 5;

    public static List<ConfNode> Parse(IReadOnlyList<ConfToken> tokens, DiagnosticBag diagnostics)
    {
        var root = new List<ConfNode>();
        var stack = new Stack<Frame>();
        List<ConfNode> current = root;
        ConfNode? blockCandidate = null;
        int skippedDepth = 0;
        bool reportedTooDeep = false;
        var arguments = new List<ConfToken>();

        int i = 0;
        while (i < tokens.Count)
        {
            ConfToken token = tokens[i];
            switch (token.Kind)
            {
                case ConfTokenKind.EndOfLine:
                    i++;
                    break;

                case ConfTokenKind.Word:
                    {
                        i++;
                        arguments.Clear();
                        while (i < tokens.Count && tokens[i].Kind == ConfTokenKind.Word)
                        {
                            arguments.Add(tokens[i]);
                            i++;
                        }

                        if (skippedDepth > 0)
                        {
                            break;
                        }

                        var node = new ConfNode(token, arguments.Count == 0 ? [] : arguments.ToArray());
                        current.Add(node);
                        blockCandidate = node;
                        break;
                    }

                case ConfTokenKind.OpenBrace:
                    i++;
                    if (skippedDepth > 0)
                    {
                        skippedDepth++;
                        break;
                    }

                    if (stack.Count >= MaxDepth)
                    {
                        if (!reportedTooDeep)
                        {
                            diagnostics.Error(
                                token.Span,
                                ConfigDiagnosticCodes.NestingTooDeep,
                                string.Create(CultureInfo.InvariantCulture, $"blocks are nested more than {MaxDepth} levels deep; the deeper blocks are ignored"));
                            reportedTooDeep = true;
                        }

                        skippedDepth = 1;
                        blockCandidate = null;
                        break;
                    }

                    if (blockCandidate is { BlockList: null })
                    {
                        blockCandidate.BlockList = [];
                        blockCandidate.BlockStart = token.Span;
                        stack.Push(new Frame(current, token.Span, blockCandidate));
                        current = blockCandidate.BlockList;
                    }
                    else
                    {
                        diagnostics.Warning(token.Span, ConfigDiagnosticCodes.UnexpectedOpenBrace, "unexpected `{`: it does not follow a keyword; its block is ignored");
                        stack.Push(new Frame(current, token.Span, Owner: null));
                        current = [];
                    }

                    blockCandidate = null;
                    break;

                case ConfTokenKind.CloseBrace:
                    i++;
                    blockCandidate = null;
                    if (skippedDepth > 0)
                    {
                        skippedDepth--;
                        break;
                    }

                    if (stack.Count == 0)
                    {
                        diagnostics.Warning(token.Span, ConfigDiagnosticCodes.ExtraCloseBrace, "extra `}`: there is no open block to close");
                        break;
                    }

                    current = stack.Pop().Parent;
                    break;
            }
        }

        if (skippedDepth > 0 || stack.Count > 0)
        {
            ReportUnclosed(stack, skippedDepth, tokens, diagnostics);
        }

        return root;
    }

    private static void ReportUnclosed(Stack<Frame> stack, int skippedDepth, IReadOnlyList<ConfToken> tokens, DiagnosticBag diagnostics)
    {
        // Innermost first, as a compiler reports it; the count says how many `}` keepalived would want.
        int missing = stack.Count + skippedDepth;
        int reported = 0;
        foreach (Frame frame in stack)
        {
            if (reported == MaxUnclosedReported)
            {
                break;
            }

            string owner = frame.Owner?.ToString() ?? string.Empty;
            string what = frame.Owner is null ? "this block" : "the block of `" + (owner.Length <= 80 ? owner : owner[..80] + "...") + "`";
            diagnostics.Error(frame.Open, ConfigDiagnosticCodes.MissingCloseBrace, what + " is never closed: `}` is missing");
            reported++;
        }

        if (missing > reported)
        {
            SourceSpan end = tokens.Count > 0 ? tokens[^1].Span : new SourceSpan("<unknown>", 1, 1);
            diagnostics.Error(
                end,
                ConfigDiagnosticCodes.MissingCloseBrace,
                string.Create(CultureInfo.InvariantCulture, $"the configuration ends with {missing} blocks still open"));
        }
    }

    private readonly record struct Frame(List<ConfNode> Parent, SourceSpan Open, ConfNode? Owner);
}
