using System.Net.Sockets;

namespace Vrrp.Linux.Sockets;

/// <summary>What makes two transports' send sockets the same socket.</summary>
internal readonly record struct SendSocketKey(string Namespace, int InterfaceIndex, AddressFamily Family, VrrpAddress Source);
