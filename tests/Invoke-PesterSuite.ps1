<#
.SYNOPSIS
Runs every tests/Pester/*.Tests.ps1 against the built module and writes the counts to -ResultPath as JSON.
Called by build.ps1 -Task Test in a fresh pwsh.
#>
param([Parameter(Mandatory)] [string] $ResultPath)

$ErrorActionPreference = 'Stop'
$packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
Import-Module (Join-Path $packages 'pester/5.7.1/tools/Pester.psd1') -Force

$configuration = New-PesterConfiguration
$configuration.Run.Path = Join-Path $PSScriptRoot 'Pester'
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
$configuration.Output.RenderMode = 'Plaintext'
$result = Invoke-Pester -Configuration $configuration

[pscustomobject]@{
    Passed           = $result.PassedCount
    Failed           = $result.FailedCount
    Skipped          = $result.SkippedCount
    Total            = $result.TotalCount
    # A file that does not parse, or a BeforeAll/AfterAll that throws, is a broken suite.
    BrokenContainers = $result.FailedContainersCount + $result.FailedBlocksCount
} | ConvertTo-Json | Set-Content -LiteralPath $ResultPath
