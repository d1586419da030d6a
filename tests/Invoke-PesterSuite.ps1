<#
.SYNOPSIS
Runs every tests/Pester/*.Tests.ps1 against the built module, then the suites that talk to the API (search, errors,
downloads, rate limits) once more against the emulator's docs profile, and writes the summed counts to -ResultPath
as JSON. Called by build.ps1 -Task Test in a fresh pwsh.
#>
param([Parameter(Mandatory)] [string] $ResultPath)

$ErrorActionPreference = 'Stop'
$packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
Import-Module (Join-Path $packages 'pester/5.7.1/tools/Pester.psd1') -Force

# The suites whose every request goes to the emulator's API: what the docs profile changes (headers, error bodies).
$docsProfileSuites = 'Search', 'Errors', 'Download', 'RateLimit' | ForEach-Object { Join-Path $PSScriptRoot "Pester/$_.Tests.ps1" }

function Invoke-PesterRun {
    # One Invoke-Pester over -Path with the emulator profile -EmulatorProfile; lists its failures under that profile.
    param([string[]] $Path, [string] $EmulatorProfile, [string[]] $ExcludeTag = @())
    $env:TRACKYARD_EMULATOR_PROFILE = $EmulatorProfile
    try {
        $configuration = New-PesterConfiguration
        $configuration.Run.Path = $Path
        $configuration.Run.PassThru = $true
        $configuration.Filter.ExcludeTag = $ExcludeTag
        # Normal: failures and summaries only, so that a real failure stands out in a green run's quiet log.
        $configuration.Output.Verbosity = 'Normal'
        $configuration.Output.RenderMode = 'Plaintext'
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $result = Invoke-Pester -Configuration $configuration
        $watch.Stop()
    }
    finally {
        Remove-Item Env:TRACKYARD_EMULATOR_PROFILE -ErrorAction Ignore
    }

    Write-Host ("Pester against the emulator's {0} profile: {1} passed, {2} failed, {3} skipped in {4:0.0} s" -f $EmulatorProfile, $result.PassedCount, $result.FailedCount, $result.SkippedCount, $watch.Elapsed.TotalSeconds)
    foreach ($test in $result.Failed) {
        Write-Host "  FAILED [emulator profile $EmulatorProfile] $(Split-Path -Leaf $test.ScriptBlock.File): $($test.ExpandedPath)"
    }
    foreach ($container in @($result.Containers | Where-Object { $_.Result -eq 'Failed' -and $_.FailedCount -eq 0 })) {
        Write-Host "  BROKEN [emulator profile $EmulatorProfile] $($container.Item)"
    }
    $result
}

$default = Invoke-PesterRun -Path (Join-Path $PSScriptRoot 'Pester') -EmulatorProfile 'default'
Write-Host ''
Write-Host "==> Pester again against the emulator's docs profile (--profile docs): $((Split-Path -Leaf $docsProfileSuites) -join ', ')"
# Tests tagged SameInBothProfiles get an answer no profile changes (a fault that sets the whole body, no answer at
# all): the first run covers them, and leaving them out keeps the second run short.
$docs = Invoke-PesterRun -Path $docsProfileSuites -EmulatorProfile 'docs' -ExcludeTag 'SameInBothProfiles'
$runs = @($default, $docs)

[pscustomobject]@{
    Passed           = ($runs | Measure-Object -Property PassedCount -Sum).Sum
    Failed           = ($runs | Measure-Object -Property FailedCount -Sum).Sum
    Skipped          = ($runs | Measure-Object -Property SkippedCount -Sum).Sum
    Total            = ($runs | Measure-Object -Property TotalCount -Sum).Sum
    # A file that does not parse, or a BeforeAll/AfterAll that throws, is a broken suite.
    BrokenContainers = ($runs | ForEach-Object { $_.FailedContainersCount + $_.FailedBlocksCount } | Measure-Object -Sum).Sum
} | ConvertTo-Json | Set-Content -LiteralPath $ResultPath
