namespace Vrrp.Cli.Captures;

/// <summary>One captured frame: its link type, its bytes (as captured, perhaps cut by the snap length) and its position.</summary>
internal readonly record struct CapturedFrame(int Number, LinkType LinkType, ReadOnlyMemory<byte> Data);
