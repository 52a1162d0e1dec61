namespace Vrrp.Config;

/// <summary>What <see cref="KeepalivedHostEnvironment.CheckProgram"/> found for a script's program.</summary>
public enum ScriptProgramStatus
{
    /// <summary>The program exists, is executable, and only root can change it.</summary>
    Ok,

    /// <summary>No such file (or not found in <c>PATH</c>).</summary>
    NotFound,

    /// <summary>The file exists but has no execute permission.</summary>
    NotExecutable,

    /// <summary>The file, or a directory above it, is writable by users other than root: keepalived's <c>enable_script_security</c> refuses it.</summary>
    Insecure,
}
