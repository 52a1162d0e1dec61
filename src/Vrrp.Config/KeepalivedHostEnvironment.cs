namespace Vrrp.Config;

/// <summary>
/// What the checker may ask about the machine the configuration is for: whether an interface exists, where a script's
/// program is, whether a user exists. Vrrp.Config itself knows nothing about the operating system; the <c>vrrp</c>
/// command supplies an implementation for the local host, tests supply recorded ones.
/// </summary>
public abstract class KeepalivedHostEnvironment
{
    /// <summary>Returns whether a network interface exists.</summary>
    /// <param name="name">The interface name, for example <c>eth0</c>.</param>
    /// <returns><see langword="true"/> when the interface exists.</returns>
    public abstract bool InterfaceExists(string name);

    /// <summary>Returns whether an interface is a loopback interface, which keepalived refuses for VRRP.</summary>
    /// <param name="name">The interface name.</param>
    /// <returns><see langword="true"/> for a loopback interface; the default answers for the name <c>lo</c>.</returns>
    public virtual bool IsLoopbackInterface(string name) => name == "lo";

    /// <summary>Returns whether a user exists.</summary>
    /// <param name="name">The user name.</param>
    /// <returns><see langword="true"/> when the user exists.</returns>
    public abstract bool UserExists(string name);

    /// <summary>Looks up a script's program as keepalived does: a name without <c>/</c> is searched in <c>PATH</c>.</summary>
    /// <param name="program">The first word of the script's command line.</param>
    /// <returns>What was found.</returns>
    public abstract ScriptProgramStatus CheckProgram(string program);
}
