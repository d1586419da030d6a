using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;

namespace Trackyard;

/// <summary>Builds the User-Agent header: module version, PowerShell version and operating system.</summary>
internal static class UserAgent
{
    internal static string Build(string? powerShellVersion)
    {
        var module = typeof(UserAgent).Assembly;
        var moduleVersion = module.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? module.GetName().Version?.ToString()
            ?? "0.0.0";

        // The informational version may carry "+<commit>"; the product token keeps only the version.
        var plus = moduleVersion.IndexOf('+');
        if (plus >= 0)
        {
            moduleVersion = moduleVersion.Substring(0, plus);
        }

        return $"Trackyard-PowerShell/{Token(moduleVersion)} PowerShell/{Token(powerShellVersion ?? "unknown")} ({Comment(RuntimeInformation.OSDescription)})";
    }

    /// <summary>Keeps a product version to visible ASCII without spaces, as a header token must be.</summary>
    private static string Token(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            builder.Append(c > ' ' && c < '\u007f' && c != '(' && c != ')' ? c : '_');
        }

        return builder.ToString();
    }

    /// <summary>Keeps an OS description to printable ASCII without parentheses.</summary>
    private static string Comment(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value.Trim())
        {
            builder.Append(c >= ' ' && c < '\u007f' && c != '(' && c != ')' ? c : ' ');
        }

        return builder.ToString();
    }
}
