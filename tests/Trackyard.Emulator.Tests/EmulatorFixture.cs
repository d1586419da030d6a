namespace Trackyard.Emulator.Tests;

/// <summary>One in-process emulator on 127.0.0.1:0 per test class, talked to over real HTTP.</summary>
public class EmulatorFixture : IAsyncLifetime
{
    public EmulatorServer Server { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    protected virtual string[] Args => [];

    public async Task InitializeAsync()
    {
        Server = await EmulatorServer.StartAsync(Args);
        Http = new HttpClient { BaseAddress = Server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }
}

/// <summary>Short windows for rate-limit tests: a 2 s "minute" and a 4 s "day".</summary>
public sealed class ShortWindowFixture : EmulatorFixture
{
    protected override string[] Args => ["--minute-seconds", "2", "--day-seconds", "4"];
}
