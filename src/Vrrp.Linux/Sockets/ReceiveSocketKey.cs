using System.Net.Sockets;

namespace Vrrp.Linux.Sockets;

/// <summary>What makes two transports' receive sockets the same socket: one per interface and family in a namespace.</summary>
internal readonly record struct ReceiveSocketKey(string Namespace, int InterfaceIndex, AddressFamily Family);
