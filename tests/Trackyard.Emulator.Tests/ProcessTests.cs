using System.Diagnostics;
using System.Net;

namespace Trackyard.Emulator.Tests;

/// <summary>The built dll as a child process, the way scripts and the Pester suites start it.</summary>
public sealed class ProcessTests
{
    [Fact]
    public async Task The_dll_prints_exactly_the_ready_line_serves_requests_and_stops_cleanly_on_sigint()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { EmulatorDll(), "--urls", "http://127.0.0.1:0", "--catalog-size", "100" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        try
        {
            var readLine = process.StandardOutput.ReadLineAsync();
            var line = await readLine.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.NotNull(line);
            Assert.Matches(@"^Trackyard emulator listening on http://127\.0\.0\.1:\d+$", line);
            var baseAddress = line![EmulatorApp.ReadyLinePrefix.Length..];
            Assert.NotEqual("http://127.0.0.1:0", baseAddress);

            // The second line, for people: the full API base URI to paste as -BaseUri.
            var apiLine = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal($"API base URI: {baseAddress}/api/external/v1", apiLine);

            using var client = new HttpClient { BaseAddress = new Uri(baseAddress + "/") };
            client.DefaultRequestHeaders.Authorization = new("Bearer", EmulatorTestBase.Free);
            using var response = await client.GetAsync("api/external/v1/me");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);

            if (OperatingSystem.IsWindows())
            {
                process.Kill();
                return;
            }

            // Ctrl+C: SIGINT stops the host cleanly, exit code 0, and nothing more was written to stdout.
            using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Equal(0, process.ExitCode);
            Assert.Equal("", await process.StandardOutput.ReadToEndAsync());
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>The process side of option checking; <see cref="OptionsTests"/> covers the cases in process.</summary>
    [Theory]
    [InlineData("--minute-seconds", "--minute-seconds", "soon")]
    [InlineData("--minute-secnds", "--minute-secnds", "5")]
    public async Task A_bad_option_exits_with_code_2_and_a_message_on_stderr(string named, params string[] arguments)
    {
        var (exitCode, stdout, stderr) = await RunToExitAsync(["--urls", "http://127.0.0.1:0", .. arguments]);
        Assert.Equal(2, exitCode);
        Assert.Equal("", stdout);
        Assert.Contains(named, stderr);
    }

    [Fact]
    public async Task Help_prints_the_usage_and_exits_0_without_starting()
    {
        var (exitCode, stdout, stderr) = await RunToExitAsync(["--help", "--minute-seconds", "2"]);
        Assert.Equal(0, exitCode);
        Assert.StartsWith("Usage: Trackyard.Emulator [options]", stdout);
        foreach (var option in new[] { "--urls", "--minute-seconds", "--day-seconds", "--seed", "--catalog-size", "--profile", "--preview-base-uri", "--help" })
        {
            Assert.Contains(option, stdout);
        }

        Assert.DoesNotContain(stdout.Split('\n'), line => line.StartsWith(EmulatorApp.ReadyLinePrefix, StringComparison.Ordinal));
        Assert.Equal("", stderr);
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunToExitAsync(string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(EmulatorDll());
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The emulator's own build output (it has the runtimeconfig); the copy beside the tests as a fallback.</summary>
    private static string EmulatorDll()
    {
        var besideTests = typeof(EmulatorApp).Assembly.Location;
        var directory = new DirectoryInfo(Path.GetDirectoryName(besideTests)!);
        var configuration = directory.Parent!.Name;
        var framework = directory.Name;
        for (var root = directory; root is not null; root = root.Parent)
        {
            var candidate = Path.Combine(root.FullName, "src", "Trackyard.Emulator", "bin", configuration, framework, "Trackyard.Emulator.dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return besideTests;
    }
}
