# Dependency isolation: Trackyard's Polly.Core (8.9.1, from out/Trackyard/net8.0/Dependencies, in the module's own
# AssemblyLoadContext) and another module's Polly.Core (8.4.2, in the default context) live side by side in one
# process, whichever is loaded first. Every case runs in a fresh pwsh, as a user's session would.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Emulator = Start-TrackyardEmulator
    $script:ModuleOut = Join-Path $RepoRoot 'out/Trackyard'
    $script:CoreOut = Join-Path $ModuleOut 'net8.0'

    # "PollyProbe": a tiny binary module built against Polly.Core 8.4.2, standing in for any other module
    # (Az, Graph, ...) that ships its own Polly.
    $source = Join-Path $TestDrive 'PollyProbe'
    $script:ProbeModule = Join-Path $TestDrive 'PollyProbeModule'
    New-Item -ItemType Directory -Path $source | Out-Null
    Set-Content -LiteralPath (Join-Path $source 'PollyProbe.csproj') -Value @'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>netstandard2.0</TargetFramework>
    <LangVersion>latest</LangVersion>
    <NoWarn>NU1603</NoWarn>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="PowerShellStandard.Library" Version="5.1.1" PrivateAssets="all" />
    <PackageReference Include="Polly.Core" Version="8.4.2" />
    <!-- The versions Polly asks for that this NuGet mirror lacks (NU1603), chosen directly. -->
    <PackageReference Include="Microsoft.Bcl.TimeProvider" Version="8.0.1" />
    <PackageReference Include="Microsoft.Bcl.AsyncInterfaces" Version="8.0.0" />
  </ItemGroup>
</Project>
'@
    Set-Content -LiteralPath (Join-Path $source 'TestPollyProbeCommand.cs') -Value @'
using System;
using System.Management.Automation;
using Polly;
using Polly.Retry;

namespace PollyProbe
{
    [Cmdlet(VerbsDiagnostic.Test, "PollyProbe")]
    public sealed class TestPollyProbeCommand : PSCmdlet
    {
        protected override void ProcessRecord()
        {
            var attempts = 0;
            var pipeline = new ResiliencePipelineBuilder()
                .AddRetry(new RetryStrategyOptions
                {
                    MaxRetryAttempts = 2,
                    Delay = TimeSpan.Zero,
                    ShouldHandle = new PredicateBuilder().Handle<InvalidOperationException>(),
                })
                .Build();
            var result = pipeline.Execute(() => ++attempts < 2 ? throw new InvalidOperationException() : attempts);
            var output = new PSObject();
            output.Properties.Add(new PSNoteProperty("Attempts", result));
            output.Properties.Add(new PSNoteProperty("Polly", typeof(ResiliencePipeline).Assembly));
            WriteObject(output);
        }
    }
}
'@
    Push-Location $source
    try {
        $log = & dotnet publish -c Release -o $ProbeModule --nologo 2>&1
        if ($LASTEXITCODE -ne 0) { throw "Building the PollyProbe module failed: $log" }
    }
    finally {
        Pop-Location
    }
    Remove-Item -Path (Join-Path $ProbeModule 'System.Management.Automation.dll') -ErrorAction Ignore

    function Invoke-IsolationCase {
        # Loads both modules in the given order in a fresh pwsh, searches, and reports which Polly each one runs on.
        param([ValidateSet('ProbeFirst', 'TrackyardFirst')] [string] $Order)
        $script = Join-Path $TestDrive "$Order.ps1"
        Set-Content -LiteralPath $script -Value @'
param($ProbeModule, $Trackyard, $ApiUri, $Order)
$ErrorActionPreference = 'Stop'
function Describe-Assembly($assembly) {
    [ordered]@{
        Location    = $assembly.Location
        FileVersion = [Diagnostics.FileVersionInfo]::GetVersionInfo($assembly.Location).FileVersion
        Context     = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($assembly).Name
    }
}
function Use-Probe {
    Import-Module (Join-Path $ProbeModule 'PollyProbe.dll')
    Test-PollyProbe
}
function Use-Trackyard {
    Import-Module $Trackyard
    Connect-Trackyard -ApiKey (ConvertTo-SecureString 'trackyard_test_starter' -AsPlainText -Force) -BaseUri $ApiUri
    @(Search-TrackyardTrack 'upbeat electronic' -First 3)
}
if ($Order -eq 'ProbeFirst') { $probe = Use-Probe; $tracks = Use-Trackyard }
else { $tracks = Use-Trackyard; $probe = Use-Probe; $tracks += @(Search-TrackyardTrack 'calm piano' -First 2) }

$resilience = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'Trackyard.Resilience' }
# The Polly.Core that Trackyard.Resilience's own type references bind to.
$trackyardPolly = $resilience.GetType('Trackyard.Resilience.CallPipeline`2').MakeGenericType([object], [IDisposable]).GetProperty('PollyAssembly').GetValue($null)
[ordered]@{
    Tracks              = $tracks.Count
    TrackType           = $tracks[0].GetType().FullName
    TrackContext        = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext([Trackyard.Track].Assembly).Name
    ExceptionType       = [Trackyard.TrackyardApiException].FullName
    ProbeAttempts       = $probe.Attempts
    ProbePolly          = Describe-Assembly $probe.Polly
    TrackyardPolly      = Describe-Assembly $trackyardPolly
    Resilience          = Describe-Assembly $resilience
    PollyCopies         = @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'Polly.Core' }).Count
} | ConvertTo-Json -Depth 3
'@
        Push-Location $RepoRoot
        try {
            $output = & dotnet pwsh -NoProfile -NonInteractive -File $script -ProbeModule $ProbeModule `
                -Trackyard (Join-Path $ModuleOut 'Trackyard.psd1') -ApiUri $Emulator.ApiUri -Order $Order 2>&1
            if ($LASTEXITCODE -ne 0) { throw "The $Order session failed: $($output | Out-String)" }
            ($output | Out-String) | ConvertFrom-Json
        }
        finally {
            Pop-Location
        }
    }
}

AfterAll {
    Stop-TrackyardEmulator $Emulator
}

Describe 'Dependency isolation' {
    It 'ships Polly.Core only in Dependencies/, not beside Trackyard.dll, in both builds (<Framework>)' -TestCases @(
        @{ Framework = 'net8.0' }
        @{ Framework = 'netstandard2.0' }
    ) {
        $build = Join-Path $ModuleOut $Framework
        Join-Path $build 'Trackyard.dll' | Should -Exist
        Join-Path $build 'Polly.Core.dll' | Should -Not -Exist
        Join-Path $build 'Trackyard.Resilience.dll' | Should -Not -Exist
        Join-Path $build 'Dependencies/Polly.Core.dll' | Should -Exist
        Join-Path $build 'Dependencies/Trackyard.Resilience.dll' | Should -Exist
        Join-Path $ProbeModule 'Polly.Core.dll' | Should -Exist
        [Diagnostics.FileVersionInfo]::GetVersionInfo((Join-Path $ProbeModule 'Polly.Core.dll')).FileVersion | Should -BeLike '8.4.2*'
    }

    It 'searches on its own Polly.Core 8.9.1 beside another module''s 8.4.2 (<Order>)' -TestCases @(
        @{ Order = 'ProbeFirst'; Expected = 3 }
        @{ Order = 'TrackyardFirst'; Expected = 5 }
    ) {
        $result = Invoke-IsolationCase -Order $Order

        $result.Tracks | Should -Be $Expected
        $result.TrackType | Should -Be 'Trackyard.Track'
        $result.TrackContext | Should -Be 'Default'
        $result.ExceptionType | Should -Be 'Trackyard.TrackyardApiException'

        $result.PollyCopies | Should -Be 2
        $result.TrackyardPolly.FileVersion | Should -BeLike '8.9.1*'
        $result.TrackyardPolly.Location | Should -Be (Join-Path $CoreOut 'Dependencies/Polly.Core.dll')
        $result.TrackyardPolly.Context | Should -Be 'Trackyard'
        $result.Resilience.Context | Should -Be 'Trackyard'

        $result.ProbeAttempts | Should -Be 2
        $result.ProbePolly.FileVersion | Should -BeLike '8.4.2*'
        $result.ProbePolly.Location | Should -Be (Join-Path $ProbeModule 'Polly.Core.dll')
        $result.ProbePolly.Context | Should -Be 'Default'
    }

    It 'loads nothing from Dependencies/ at import, only at the first call' {
        $script = Join-Path $TestDrive 'LoadedAtImport.ps1'
        Set-Content -LiteralPath $script -Value @'
param($Trackyard, $ApiUri)
$ErrorActionPreference = 'Stop'
function Loaded { @([AppDomain]::CurrentDomain.GetAssemblies().GetName().Name | Where-Object { $_ -in 'Polly.Core', 'Trackyard.Resilience' }) }
Import-Module $Trackyard
$atImport = Loaded
Connect-Trackyard -ApiKey (ConvertTo-SecureString 'trackyard_test_starter' -AsPlainText -Force) -BaseUri $ApiUri
[ordered]@{ AtImport = $atImport.Count; AfterCall = (Loaded).Count } | ConvertTo-Json
'@
        $output = & dotnet pwsh -NoProfile -NonInteractive -File $script -Trackyard (Join-Path $ModuleOut 'Trackyard.psd1') -ApiUri $Emulator.ApiUri 2>&1
        $LASTEXITCODE | Should -Be 0 -Because ($output | Out-String)
        $result = ($output | Out-String) | ConvertFrom-Json
        $result.AtImport | Should -Be 0
        $result.AfterCall | Should -Be 2
    }
}
