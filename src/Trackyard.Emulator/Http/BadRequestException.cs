namespace Trackyard.Emulator;

/// <summary>A request the emulator refuses with 400; <see cref="Code"/> is invalid_parameters or invalid_json.</summary>
public sealed class BadRequestException(string code, string message) : Exception(message)
{
    public const string InvalidParameters = "invalid_parameters";
    public const string InvalidJson = "invalid_json";

    public string Code { get; } = code;

    public static BadRequestException Parameters(string message) => new(InvalidParameters, message);
}
