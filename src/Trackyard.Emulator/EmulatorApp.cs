namespace Trackyard.Emulator;

/// <summary>Builds and runs the emulator. stdout carries exactly one line, the ready line; logs go to stderr.</summary>
public static class EmulatorApp
{
    public const string ReadyLinePrefix = "Trackyard emulator listening on ";

    public static WebApplication Build(string[] args, TimeProvider? timeProvider = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args });
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(EmulatorOptions.DefaultUrl);
        }

        var options = EmulatorOptions.FromConfiguration(builder.Configuration);
        builder.Services.AddSingleton(new EmulatorState(options, timeProvider ?? TimeProvider.System));
        builder.Services.Configure<ConsoleLifetimeOptions>(lifetime => lifetime.SuppressStatusMessages = true);

        var app = builder.Build();
        app.Use((context, next) =>
        {
            RequestIds.Assign(context);
            return next(context);
        });
        ApiPipeline.Map(app);
        ControlEndpoints.Map(app);
        PreviewEndpoint.Map(app);
        app.MapFallback(context => ErrorBodies.WriteAsync(context, 404, ErrorBodies.NotFound, "No such endpoint"));
        return app;
    }

    /// <summary>The address Kestrel really bound (port 0 resolved).</summary>
    public static string BoundAddress(WebApplication app) =>
        app.Urls.FirstOrDefault(u => u.StartsWith("http://", StringComparison.Ordinal)) ?? app.Urls.First();

    public static async Task<int> RunAsync(string[] args)
    {
        WebApplication app;
        try
        {
            app = Build(args);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }

        await using (app)
        {
            await app.StartAsync();
            await Console.Out.WriteLineAsync(ReadyLinePrefix + BoundAddress(app));
            await Console.Out.FlushAsync();
            await app.WaitForShutdownAsync();
        }

        return 0;
    }
}
