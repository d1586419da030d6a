using System.Text;

namespace Trackyard.Emulator;

/// <summary>
/// The form genre, mood and instrument names are compared in: lower case, '&amp;' read as "and", and every
/// character that is not a letter or digit dropped. So case, spacing, hyphens and apostrophe style do not matter:
/// <c>hip-hop</c> = <c>Hip Hop</c> = <c>hiphop</c>, <c>Children’s Music</c> = <c>children's music</c>,
/// <c>R&amp;B</c> = <c>r and b</c>.
/// </summary>
public static class NameKey
{
    public static string Of(string name)
    {
        var key = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (char.IsLetterOrDigit(c))
            {
                key.Append(char.ToLowerInvariant(c));
            }
            else if (c == '&')
            {
                key.Append("and");
            }
        }

        return key.ToString();
    }
}
