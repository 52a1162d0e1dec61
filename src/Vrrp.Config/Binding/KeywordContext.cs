namespace Vrrp.Config.Binding;

/// <summary>The blocks of a keepalived configuration whose keywords the binder knows.</summary>
internal enum KeywordContext
{
    TopLevel,
    GlobalDefinitions,
    Instance,
    Authentication,
    Script,
    SyncGroup,
    TrackFile,
    TrackProcess,
}
