using System;
using System.Collections.Generic;

namespace Vrrp.Hosting.Configuration;

/// <summary>The VRRP configuration cannot run: its problems, one per line (<c>file:line:col: error: ...</c> for keepalived.conf).</summary>
public sealed class VrrpConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public VrrpConfigurationException()
        : this([])
    {
    }

    /// <summary>Creates the exception with one problem.</summary>
    /// <param name="message">The problem.</param>
    public VrrpConfigurationException(string message)
        : this([message])
    {
    }

    /// <summary>Creates the exception with one problem and its cause.</summary>
    /// <param name="message">The problem.</param>
    /// <param name="innerException">The cause.</param>
    public VrrpConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [message];
    }

    /// <summary>Creates the exception with every problem.</summary>
    /// <param name="errors">The problems.</param>
    public VrrpConfigurationException(IReadOnlyList<string> errors)
        : base(errors is null || errors.Count == 0 ? "The VRRP configuration has errors." : "The VRRP configuration has errors:" + Environment.NewLine + string.Join(Environment.NewLine, errors))
    {
        Errors = errors ?? [];
    }

    /// <summary>Gets the problems, one per entry.</summary>
    public IReadOnlyList<string> Errors { get; }
}
