using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Trackyard.Tests.Infrastructure;

namespace Trackyard.Tests;

/// <summary>Certificate validation is never switched off: not in the source, and not on the wire.</summary>
public class TransportSecurityTests
{
    /// <summary>The ways .NET lets a program accept any certificate (or stop checking the chain).</summary>
    private static readonly string[] CertificateBypasses =
    {
        "ServerCertificateCustomValidationCallback",
        "DangerousAcceptAnyServerCertificateValidator",
        "ServerCertificateValidationCallback",
        "RemoteCertificateValidationCallback",
        "CertificateValidationCallback",
        "X509RevocationMode.NoCheck",
        "SslPolicyErrors",
    };

    [Fact]
    public void No_module_source_file_touches_certificate_validation()
    {
        // Every project of the module (src/Trackyard, src/Trackyard.Resilience, ...); the emulator is the server side.
        var files = Directory.GetDirectories(Path.Combine(RepoRoot(), "src"), "Trackyard*")
            .Where(d => !Path.GetFileName(d).Contains("Emulator", StringComparison.Ordinal))
            .SelectMany(d => Directory.GetFiles(d, "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar)
                && !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar))
            .ToList();

        Assert.True(files.Count > 20, "the module's source files were found");
        var hits = files
            .SelectMany(f => CertificateBypasses.Where(File.ReadAllText(f).Contains).Select(b => Path.GetFileName(f) + ": " + b))
            .ToList();
        Assert.Empty(hits);
    }

    [Fact]
    public async Task An_untrusted_certificate_is_refused_before_the_key_is_sent()
    {
        using var certificate = SelfSigned();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var server = Task.Run(async () =>
        {
            using var socket = await listener.AcceptTcpClientAsync();
            using var tls = new SslStream(socket.GetStream());
            try
            {
                // With TLS 1.3 the server may finish its side before the client rejects the certificate; what
                // matters is that no request (and so no Authorization header) ever arrives.
                await tls.AuthenticateAsServerAsync(certificate);
                var buffer = new byte[4096];
                return await tls.ReadAsync(buffer) > 0 ? "request received" : "nothing received";
            }
            catch (Exception ex) when (ex is IOException or System.Security.Authentication.AuthenticationException)
            {
                return "nothing received";
            }
        });

        var options = new TrackyardClientOptions
        {
            BaseUri = new Uri($"https://127.0.0.1:{port}/api/external/v1"),
            Retry = new RetryOptions { MaxTransientRetries = 0 },
            Timeout = TimeSpan.FromSeconds(10),
        };
        using var client = new TrackyardClient(ApiKey.FromPlainText(TestClient.Key), options, limiters: new RateLimiterRegistry(TimeProvider.System));

        var ex = await TestClient.Failure(() => client.GetAccountAsync(TestClient.Call(), CancellationToken.None));

        Assert.Equal(TrackyardFailureKind.TlsFailed, ex.Kind);
        Assert.False(ex.MayHaveReachedService);
        Assert.Contains("certificate", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("TlsFailed", ErrorTable.ToErrorRecord(ex, null).FullyQualifiedErrorId);
        Assert.True(ErrorTable.IsTerminating(ex));
        Assert.Equal("nothing received", await server.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    private static X509Certificate2 SelfSigned()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }

    private static string RepoRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder != null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "src", "Trackyard", "Trackyard.csproj")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException("The repository root (with src/Trackyard) was not found above " + AppContext.BaseDirectory);
    }
}
