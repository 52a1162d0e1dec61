using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Vrrp.Etcd.Tests.TestSupport;

/// <summary>
/// PEM files for etcd over TLS, made in process: a CA, a server certificate for 127.0.0.1 signed by it, a client
/// certificate signed by it, and a second CA that signed nothing (to show a server is refused).
/// </summary>
internal sealed class EtcdTestCertificates : IDisposable
{
    private readonly TempDirectory _directory = new();

    public EtcdTestCertificates()
    {
        using RSA caKey = RSA.Create(2048);
        using X509Certificate2 ca = CreateCa("vrrp test CA", caKey);
        CaFile = WritePem("ca.pem", ca.ExportCertificatePem());
        using RSA otherKey = RSA.Create(2048);
        using X509Certificate2 other = CreateCa("another CA", otherKey);
        OtherCaFile = WritePem("other-ca.pem", other.ExportCertificatePem());
        (ServerCertFile, ServerKeyFile) = Issue("server", ca, caKey, serverName: true);
        (ClientCertFile, ClientKeyFile) = Issue("client", ca, caKey, serverName: false);
    }

    public string CaFile { get; }

    public string OtherCaFile { get; }

    public string ServerCertFile { get; }

    public string ServerKeyFile { get; }

    public string ClientCertFile { get; }

    public string ClientKeyFile { get; }

    public void Dispose() => _directory.Dispose();

    private static X509Certificate2 CreateCa(string name, RSA key)
    {
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    private (string Cert, string Key) Issue(string name, X509Certificate2 ca, RSA caKey, bool serverName)
    {
        using RSA key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        if (serverName)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            names.AddDnsName("localhost");
            request.CertificateExtensions.Add(names.Build());
        }

        byte[] serial = RandomNumberGenerator.GetBytes(8);
        using X509Certificate2 certificate = request.Create(ca.SubjectName, X509SignatureGenerator.CreateForRSA(caKey, RSASignaturePadding.Pkcs1), DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(12), serial);
        return (WritePem($"{name}.pem", certificate.ExportCertificatePem()), WritePem($"{name}-key.pem", key.ExportPkcs8PrivateKeyPem()));
    }

    private string WritePem(string name, string pem) => _directory.Write(name, pem + "\n");
}
