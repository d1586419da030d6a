<#
.SYNOPSIS
Runs every tests/Pester/*.Tests.ps1 against the built module (the emulator's default profile), then the suites that
talk to the API (search, errors, downloads, rate limits) once more against its docs profile, and writes the summed
counts to -ResultPath as JSON. Called by build.ps1 -Task Test in a fresh pwsh.
.DESCRIPTION
The work is split in two pwsh processes that run side by side, each with emulators of its own: the main part (every
suite but RateLimit, Isolation and Package, default profile) and the side part (those three in the default profile,
then the docs-profile runs). The side part's suites spend much of their time waiting (for rate-limit windows, for
fresh pwsh processes), so the parts share the machine well. The side part keeps its rate-limit state files in a
folder of its own.
#>
param(
    [Parameter(Mandatory)] [string] $ResultPath,
    # Run only the side part (the main part starts it, in a second pwsh).
    [switch] $SidePart
)

$ErrorActionPreference = 'Stop'
$packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
Import-Module (Join-Path $packages 'pester/5.7.1/tools/Pester.psd1') -Force

# The suites whose every request goes to the emulator's API: what the docs profile changes (headers, error bodies).
$docsProfileSuites = 'Search', 'Errors', 'Download', 'RateLimit' | ForEach-Object { Join-Path $PSScriptRoot "Pester/$_.Tests.ps1" }
# The side part's default-profile suites: the rate-limit suite, which mostly waits out windows, and two that mostly
# wait for fresh pwsh processes; beside the docs-profile runs they take about as long as the rest of the suites.
$sideSuites = 'RateLimit', 'Isolation', 'Package' | ForEach-Object { Join-Path $PSScriptRoot "Pester/$_.Tests.ps1" }

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

function Write-Counts([object[]] $Runs, [string] $Path) {
    [pscustomobject]@{
        Passed           = ($Runs | Measure-Object -Property PassedCount -Sum).Sum
        Failed           = ($Runs | Measure-Object -Property FailedCount -Sum).Sum
        Skipped          = ($Runs | Measure-Object -Property SkippedCount -Sum).Sum
        Total            = ($Runs | Measure-Object -Property TotalCount -Sum).Sum
        # A file that does not parse, or a BeforeAll/AfterAll that throws, is a broken suite.
        BrokenContainers = ($Runs | ForEach-Object { $_.FailedContainersCount + $_.FailedBlocksCount } | Measure-Object -Sum).Sum
    } | ConvertTo-Json | Set-Content -LiteralPath $Path
}

if ($SidePart) {
    $sideDefault = Invoke-PesterRun -Path $sideSuites -EmulatorProfile 'default'
    Write-Host ''
    Write-Host "==> Pester again against the emulator's docs profile (--profile docs): $((Split-Path -Leaf $docsProfileSuites) -join ', ')"
    # Tests tagged SameInBothProfiles get an answer no profile changes (a fault that sets the whole body, no answer
    # at all): the default run covers them, and leaving them out keeps this run short.
    $docs = Invoke-PesterRun -Path $docsProfileSuites -EmulatorProfile 'docs' -ExcludeTag 'SameInBothProfiles'
    Write-Counts @($sideDefault, $docs) $ResultPath
    return
}

$sideResult = [IO.Path]::ChangeExtension($ResultPath, '.side.json')
$sideLog = [IO.Path]::ChangeExtension($ResultPath, '.side.log')
Remove-Item -LiteralPath $sideResult, $sideLog, "$sideLog.err" -ErrorAction Ignore
$savedCache = $env:XDG_CACHE_HOME
if ($savedCache) { $env:XDG_CACHE_HOME = Join-Path $savedCache 'side' }
$side = Start-Process -FilePath 'dotnet' -PassThru -NoNewWindow -RedirectStandardOutput $sideLog -RedirectStandardError "$sideLog.err" `
    -ArgumentList @('pwsh', '-NoProfile', '-NonInteractive', '-File', $PSCommandPath, '-ResultPath', $sideResult, '-SidePart')
$null = $side.Handle   # keeps the exit code readable after the process ends
$env:XDG_CACHE_HOME = $savedCache

$mainSuites = @(Get-ChildItem -LiteralPath (Join-Path $PSScriptRoot 'Pester') -Filter '*.Tests.ps1' | Where-Object FullName -NotIn $sideSuites).FullName
$main = Invoke-PesterRun -Path $mainSuites -EmulatorProfile 'default'
$side.WaitForExit()
Write-Host ''
Write-Host "==> Pester, side part (run alongside): $((Split-Path -Leaf $sideSuites) -join ', ') against the default profile, then the docs profile"
Get-Content -LiteralPath $sideLog, "$sideLog.err" -ErrorAction Ignore | Write-Host
$sideCounts = if (Test-Path -LiteralPath $sideResult) { Get-Content -Raw -LiteralPath $sideResult | ConvertFrom-Json } else { $null }
$sideRun = if ($sideCounts) {
    [pscustomobject]@{
        PassedCount = $sideCounts.Passed; FailedCount = $sideCounts.Failed; SkippedCount = $sideCounts.Skipped; TotalCount = $sideCounts.Total
        FailedContainersCount = $sideCounts.BrokenContainers; FailedBlocksCount = 0
    }
}
else {
    Write-Host "  BROKEN the side part wrote no result (exit code $($side.ExitCode))"
    [pscustomobject]@{ PassedCount = 0; FailedCount = 0; SkippedCount = 0; TotalCount = 0; FailedContainersCount = 1; FailedBlocksCount = 0 }
}
Write-Counts @($main, $sideRun) $ResultPath
