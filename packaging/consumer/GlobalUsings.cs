// The namespaces every file of this app uses, as an app of one's own would declare them once.
global using System.Net;
global using Vrrp.Packets;
global using Vrrp.Platform;
global using Vrrp.Instances;
global using Vrrp.StateMachine;
global using Vrrp.Testing;
