namespace Vrrp.Hosting.Tracking;

/// <summary>The running processes, read whenever a <see cref="ProcessTracker"/> polls; tests give a fake table.</summary>
internal interface IProcessTable
{
    /// <summary>Returns every process.</summary>
    /// <param name="withCommandLines">Whether to read the command lines too (only <c>full_command</c> and parameters need them).</param>
    /// <returns>The processes; ones that exit while being read are left out.</returns>
    IReadOnlyList<ProcessEntry> Read(bool withCommandLines);
}
