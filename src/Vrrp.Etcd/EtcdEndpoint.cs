using System.Diagnostics.CodeAnalysis;

namespace Vrrp.Etcd;

/// <summary>Reads an etcd client endpoint as etcdctl does: <c>http://host:port</c>, <c>https://host:port</c>, or <c>host:port</c> (plain http).</summary>
internal static class EtcdEndpoint
{
    public static bool TryParse(string? endpoint, [NotNullWhen(true)] out Uri? uri, [NotNullWhen(false)] out string? error)
    {
        uri = null;
        error = null;
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            error = "an endpoint is empty";
            return false;
        }

        string text = endpoint.Contains("://", StringComparison.Ordinal) ? endpoint : "http://" + endpoint;
        if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? parsed) || parsed.Host.Length == 0)
        {
            error = $"'{endpoint}' is not an endpoint (expected http://HOST:PORT or https://HOST:PORT)";
            return false;
        }

        if (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps)
        {
            error = $"'{endpoint}': the scheme must be http or https, not {parsed.Scheme}";
            return false;
        }

        if (parsed.AbsolutePath != "/" || parsed.Query.Length > 0 || parsed.UserInfo.Length > 0)
        {
            error = $"'{endpoint}': an endpoint is scheme, host and port only";
            return false;
        }

        if (!HasExplicitPort(text))
        {
            error = $"'{endpoint}': the port is missing (etcd's client port is usually 2379)";
            return false;
        }

        uri = parsed;
        return true;
    }

    /// <summary>Whether the authority names a port (Uri fills in 80/443 when it does not).</summary>
    private static bool HasExplicitPort(string text)
    {
        string authority = text[(text.IndexOf("://", StringComparison.Ordinal) + 3)..].TrimEnd('/');
        int bracket = authority.LastIndexOf(']');
        int colon = authority.LastIndexOf(':');
        return colon > bracket && colon < authority.Length - 1;
    }
}
