using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace LogisticsFunctions.Tests.Fakes;

/// <summary>
/// Makes the self-signed TLS certificate a loopback fake serves. Key Vault's bearer-token policy refuses
/// plain http, so the fake vault must speak TLS, and nothing here can obtain a real certificate.
/// </summary>
internal static class LoopbackCertificate
{
    public static X509Certificate2 Create()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        // Clients check the name against the URL's host: the fake is reached as 127.0.0.1, localhost is a courtesy.
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication")], false));

        var now = DateTimeOffset.UtcNow;
        using var ephemeral = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(2));

        // On Linux SslStream cannot always use the ephemeral key CreateSelfSigned attaches; a PKCS#12
        // round trip gives a certificate whose private key the TLS stack can load.
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), password: null);
    }

    /// <summary>Whether the certificate a server presented is exactly <paramref name="expected"/>.</summary>
    public static bool IsSame(X509Certificate? presented, X509Certificate2 expected) =>
        presented is not null && presented.GetRawCertData().AsSpan().SequenceEqual(expected.RawData);
}
