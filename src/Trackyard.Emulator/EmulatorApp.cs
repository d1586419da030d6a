namespace Trackyard.Emulator;

/// <summary>
/// Builds and runs the emulator. stdout carries the ready line and, on the line after it, the API base URI (or the
/// usage text for --help); logs go to stderr.
/// </summary>
public static class EmulatorApp
{
    public const string ReadyLinePrefix = "Trackyard emulator listening on ";
    public const string ApiLinePrefix = "API base URI: ";

    /// <summary>Builds the server. Throws <see cref="ArgumentException"/> for an invalid option.</summary>
    /// <param name="args">The command line (see <see cref="EmulatorOptions.Usage"/>).</param>
    /// <param name="timeProvider">The clock of rate windows and timestamps; the system clock when null.</param>
    /// <param name="logging">Adds to the logging setup, e.g. a provider a test reads.</param>
    public static WebApplication Build(string[] args, TimeProvider? timeProvider = null, Action<ILoggingBuilder>? logging = null)
    {
        var options = EmulatorOptions.Parse(args);

        // The options are ours alone: the command line is not handed to the host's configuration.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        logging?.Invoke(builder.Logging);
        if (options.Urls is { } urls)
        {
            builder.WebHost.UseUrls(urls);
        }
        else if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(EmulatorOptions.DefaultUrl);
        }

        // The docs profile sends no header the public docs do not promise, Kestrel's "Server" included.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = options.Profile == EmulatorProfile.Default);
        builder.Services.AddSingleton(new EmulatorState(options, timeProvider ?? TimeProvider.System));
        builder.Services.Configure<ConsoleLifetimeOptions>(lifetime => lifetime.SuppressStatusMessages = true);

        var app = builder.Build();
        if (options.Profile == EmulatorProfile.Default)
        {
            app.Use((context, next) =>
            {
                RequestIds.Assign(context);
                return next(context);
            });
        }

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
            if (EmulatorOptions.Parse(args).ShowHelp)
            {
                await Console.Out.WriteLineAsync(EmulatorOptions.Usage);
                return 0;
            }

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
            var address = BoundAddress(app);

            // Scripts and tests parse the first line exactly as it is; the second is for people.
            await Console.Out.WriteLineAsync(ReadyLinePrefix + address);
            await Console.Out.WriteLineAsync(ApiLinePrefix + address + ApiPipeline.Prefix);
            await Console.Out.FlushAsync();
            await app.WaitForShutdownAsync();
        }

        return 0;
    }
}
