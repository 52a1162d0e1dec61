namespace Vrrp.Etcd.Hosting;

/// <summary>The rules of <see cref="VrrpEtcdOptions"/>, in one place for every way in (code, appsettings, <c>vrrp run</c>'s flags).</summary>
internal static class EtcdOptionsValidator
{
    public static IReadOnlyList<EtcdOptionsProblem> GetProblems(VrrpEtcdOptions options)
    {
        var problems = new List<EtcdOptionsProblem>();
        void Add(string option, string message) => problems.Add(new EtcdOptionsProblem(option, message));

        var schemes = new HashSet<string>(StringComparer.Ordinal);
        if (options.Endpoints.Count == 0)
        {
            Add(nameof(options.Endpoints), "at least one etcd endpoint is needed, e.g. http://10.0.0.1:2379");
        }

        foreach (string endpoint in options.Endpoints)
        {
            if (EtcdEndpoint.TryParse(endpoint, out Uri? uri, out string? error))
            {
                schemes.Add(uri.Scheme);
            }
            else
            {
                Add(nameof(options.Endpoints), error);
            }
        }

        bool tls = schemes.Contains(Uri.UriSchemeHttps);
        if (schemes.Count > 1)
        {
            Add(nameof(options.Endpoints), "the endpoints mix http:// and https://; use one scheme for every member");
        }

        if (!tls && (options.CaCertFile ?? options.CertFile ?? options.KeyFile) is not null)
        {
            string option = options.CaCertFile is not null ? nameof(options.CaCertFile) : options.CertFile is not null ? nameof(options.CertFile) : nameof(options.KeyFile);
            Add(option, "TLS files are given but the endpoints are not https://");
        }

        if ((options.CertFile is null) != (options.KeyFile is null))
        {
            Add(options.CertFile is null ? nameof(options.KeyFile) : nameof(options.CertFile), "a client certificate needs both the certificate and its key");
        }

        CheckReadable(options.CaCertFile, nameof(options.CaCertFile), Add);
        CheckReadable(options.CertFile, nameof(options.CertFile), Add);
        CheckReadable(options.KeyFile, nameof(options.KeyFile), Add);

        if (options.Password is not null && options.PasswordFile is not null)
        {
            Add(nameof(options.PasswordFile), "give the password or a password file, not both");
        }

        if (options.User is null && (options.Password ?? options.PasswordFile) is not null)
        {
            Add(options.Password is null ? nameof(options.PasswordFile) : nameof(options.Password), "a password needs a user");
        }

        if (options.User is { } user)
        {
            if (string.IsNullOrWhiteSpace(user) || user.Contains(':', StringComparison.Ordinal))
            {
                Add(nameof(options.User), $"'{user}' is not an etcd user name (empty, or contains ':')");
            }

            if (options.Password is null && options.PasswordFile is null)
            {
                Add(nameof(options.User), "the user needs a password or a password file");
            }
        }

        if (CheckReadable(options.PasswordFile, nameof(options.PasswordFile), Add) && string.IsNullOrEmpty(ReadPassword(options.PasswordFile!)))
        {
            Add(nameof(options.PasswordFile), $"{options.PasswordFile}: the first line is empty");
        }

        if (string.IsNullOrWhiteSpace(options.ElectionPrefix.Trim('/')))
        {
            Add(nameof(options.ElectionPrefix), "the election prefix is empty");
        }

        if (options.MinimumPriority is { } minimum && minimum is < 1 or > VrrpLimits.OwnerPriority)
        {
            Add(nameof(options.MinimumPriority), $"must be from 1 to {VrrpLimits.OwnerPriority}, got {minimum}");
        }

        CheckTiming(options, Add);
        return problems;
    }

    /// <summary>The first line of a password file, without its line ending.</summary>
    public static string ReadPassword(string path)
    {
        using var reader = new StreamReader(path);
        return reader.ReadLine() ?? string.Empty;
    }

    private static void CheckTiming(VrrpEtcdOptions options, Action<string, string> add)
    {
        var timing = new EtcdElectionOptions
        {
            Endpoints = ["http://localhost:2379"],
            LeaseTtl = options.LeaseTtl,
            KeepAliveInterval = options.KeepAliveInterval,
            SafetyMargin = options.SafetyMargin,
        };
        try
        {
            timing.Validate();
        }
        catch (ArgumentException ex)
        {
            add(ex.ParamName ?? nameof(options.LeaseTtl), ex.Message.Split(" (Parameter", 2)[0]);
        }
    }

    private static bool CheckReadable(string? path, string option, Action<string, string> add)
    {
        if (path is null)
        {
            return false;
        }

        try
        {
            using FileStream stream = File.OpenRead(path);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            add(option, $"{path}: cannot be read ({ex.Message})");
            return false;
        }
    }
}
