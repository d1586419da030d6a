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

    [Fact]
    public async Task A_bad_option_exits_with_code_2_and_a_message_on_stderr()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { EmulatorDll(), "--urls", "http://127.0.0.1:0", "--minute-seconds", "soon" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, process.ExitCode);
        Assert.Equal("", await stdout);
        Assert.Contains("--minute-seconds", await stderr);
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
