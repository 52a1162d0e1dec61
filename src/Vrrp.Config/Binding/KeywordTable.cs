using System.Collections.Frozen;
using Vrrp.Config.Options;

namespace Vrrp.Config.Binding;

/// <summary>
/// Every keepalived 2.2.7 keyword Vrrp knows, declared once per block (the <c>Declare*</c> parts): implemented ones
/// with their value, range, default, option and mapping, recognised ones that are only reported. Anything else is
/// unknown to keepalived too. Adding a keyword is one entry here (its mapping included) and one test.
/// </summary>
internal static partial class KeywordTable
{
    private static readonly List<KeywordDefinition> s_all = Build();

    private static readonly FrozenDictionary<(KeywordContext Block, string Name), KeywordDefinition> s_byName =
        s_all.ToFrozenDictionary(k => (k.Block, k.Name));

    /// <summary>Gets every keyword, block by block in declaration order.</summary>
    public static IReadOnlyList<KeywordDefinition> All => s_all;

    /// <summary>Gets every block kind.</summary>
    public static IEnumerable<KeywordContext> AllContexts => Enum.GetValues<KeywordContext>();

    /// <summary>Returns the keyword <paramref name="name"/> of <paramref name="block"/>, or <see langword="null"/> when keepalived has none.</summary>
    public static KeywordDefinition? Find(KeywordContext block, string name) =>
        s_byName.TryGetValue((block, name), out KeywordDefinition? keyword) ? keyword : null;

    /// <summary>Returns how far Vrrp supports <paramref name="name"/> in <paramref name="block"/>.</summary>
    public static KeywordSupport GetSupport(KeywordContext block, string name) => Find(block, name)?.Support ?? KeywordSupport.Unknown;

    /// <summary>Returns the keywords of <paramref name="block"/>.</summary>
    public static IEnumerable<KeywordDefinition> In(KeywordContext block)
    {
        foreach (KeywordDefinition keyword in s_all)
        {
            if (keyword.Block == block)
            {
                yield return keyword;
            }
        }
    }

    /// <summary>Returns the block as messages name it.</summary>
    public static string BlockName(KeywordContext block) => block switch
    {
        KeywordContext.TopLevel => "the top level",
        KeywordContext.GlobalDefinitions => "global_defs",
        KeywordContext.Instance => "vrrp_instance",
        KeywordContext.Authentication => "authentication",
        KeywordContext.Script => "vrrp_script",
        KeywordContext.SyncGroup => "vrrp_sync_group",
        KeywordContext.TrackFile => "track_file",
        KeywordContext.TrackProcess => "vrrp_track_process",
        _ => block.ToString(),
    };

    private static List<KeywordDefinition> Build()
    {
        var all = new List<KeywordDefinition>();
        DeclareTopLevel(new KeywordBlock<VrrpOptions>(KeywordContext.TopLevel, all));
        DeclareGlobal(new KeywordBlock<GlobalDefinitionsOptions>(KeywordContext.GlobalDefinitions, all));
        DeclareInstance(new KeywordBlock<VrrpInstanceOptions>(KeywordContext.Instance, all));
        DeclareAuthentication(new KeywordBlock<VrrpAuthenticationOptions>(KeywordContext.Authentication, all));
        DeclareScript(new KeywordBlock<VrrpScriptOptions>(KeywordContext.Script, all));
        DeclareSyncGroup(new KeywordBlock<VrrpSyncGroupOptions>(KeywordContext.SyncGroup, all));
        DeclareTrackFile(new KeywordBlock<VrrpTrackFileOptions>(KeywordContext.TrackFile, all));
        DeclareTrackProcess(new KeywordBlock<VrrpTrackProcessOptions>(KeywordContext.TrackProcess, all));
        return all;
    }
}
