namespace Vrrp.Instances;

/// <summary>What an entry of an instance's input queue asks the loop to do.</summary>
internal enum InstanceCommandKind : byte
{
    /// <summary>Step the state machine with <see cref="InstanceCommand.Input"/>.</summary>
    Machine = 1,

    /// <summary>Record a tracked item's result.</summary>
    TrackResult,

    /// <summary>Record the link state.</summary>
    Link,

    /// <summary>Record whether another member of the sync group is in fault.</summary>
    SyncFault,

    /// <summary>Record the source address (<see cref="InstanceCommand.Input"/>), or that there is none (<see cref="InstanceCommand.Flag"/> false).</summary>
    SourceAddress,

    /// <summary>Record a value item's value (keepalived's track_file).</summary>
    TrackValue,

    /// <summary>The timer fired: step the machine with whichever timer it waits for (see <c>VrrpInstance.OnTimer</c>).</summary>
    TimerWake,

    /// <summary>Apply new settings (<see cref="InstanceCommand.Payload"/> is a <see cref="SettingsChange"/>).</summary>
    Settings,

    /// <summary>Enter (<see cref="InstanceCommand.Flag"/> true) or leave maintenance.</summary>
    Maintenance,

    /// <summary>Answer a loop probe (<see cref="InstanceCommand.Payload"/> is its completion).</summary>
    Probe,
}
