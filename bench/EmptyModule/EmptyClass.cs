namespace EmptyBinaryModule;

/// <summary>The one type of the empty binary module: no cmdlets, no initializer, nothing for PowerShell to find.</summary>
public sealed class EmptyClass
{
}
