namespace Trackyard;

internal static class Placeholder
{
}
