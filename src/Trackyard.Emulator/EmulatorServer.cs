namespace Trackyard.Emulator;

/// <summary>An emulator running in this process on 127.0.0.1 with a free port, for tests.</summary>
public sealed class EmulatorServer : IAsyncDisposable
{
    private EmulatorServer(WebApplication app, Uri baseAddress)
    {
        App = app;
        BaseAddress = baseAddress;
    }

    public WebApplication App { get; }

    /// <summary>e.g. http://127.0.0.1:41234/</summary>
    public Uri BaseAddress { get; }

    public EmulatorState State => App.Services.GetRequiredService<EmulatorState>();

    /// <summary>Starts with the given options (e.g. "--minute-seconds", "2"); binds http://127.0.0.1:0 unless --urls is given.</summary>
    public static Task<EmulatorServer> StartAsync(params string[] args) => StartAsync(args, logging: null);

    /// <summary>As <see cref="StartAsync(string[])"/>, with additions to the logging setup (e.g. a provider a test reads).</summary>
    public static async Task<EmulatorServer> StartAsync(string[] args, Action<ILoggingBuilder>? logging)
    {
        if (!args.Any(a => a == "--urls" || a.StartsWith("--urls=", StringComparison.Ordinal)))
        {
            args = [.. args, "--urls", "http://127.0.0.1:0"];
        }

        var app = EmulatorApp.Build(args, logging: logging);
        await app.StartAsync();
        return new EmulatorServer(app, new Uri(EmulatorApp.BoundAddress(app) + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
