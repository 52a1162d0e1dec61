using Etcdserverpb;
using Grpc.Core;

namespace Vrrp.Etcd;

/// <summary>etcd's auth token for a user: fetched on the first call, added to every call's metadata, fetched again once invalidated.</summary>
internal sealed class EtcdAuthToken(string user, string password) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Auth.AuthClient? _auth;
    private volatile string? _token;

    public void Attach(Auth.AuthClient auth) => _auth = auth;

    public void Invalidate() => _token = null;

    public void Dispose() => _gate.Dispose();

    public async Task AddToAsync(AuthInterceptorContext context, Metadata metadata)
    {
        // The authenticate call itself goes without a token.
        if (context.MethodName == "Authenticate")
        {
            return;
        }

        metadata.Add("token", await GetAsync(context.CancellationToken).ConfigureAwait(false));
    }

    private async Task<string> GetAsync(CancellationToken cancellationToken)
    {
        if (_token is { } token)
        {
            return token;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_token is null)
            {
                AuthenticateResponse response = await _auth!.AuthenticateAsync(
                    new AuthenticateRequest { Name = user, Password = password },
                    deadline: DateTime.UtcNow.AddSeconds(2),
                    cancellationToken: cancellationToken).ConfigureAwait(false);
                _token = response.Token;
            }

            return _token;
        }
        finally
        {
            _gate.Release();
        }
    }
}
