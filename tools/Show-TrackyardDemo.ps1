<#
.SYNOPSIS
The demo: connects to a running emulator, searches in plain words and shows the tracks and the account as an 80-column
console shows them.
.DESCRIPTION
build.ps1 -Task Demo runs it against an emulator of its own; tests/Pester/Readme.Tests.ps1 runs it too and compares what
it prints with the demo output shown in README.md.
#>
param(
    # An emulator started by tools/Emulator.psm1's Start-TrackyardEmulator.
    [Parameter(Mandatory)] $Emulator,
    # The built module's manifest.
    [Parameter(Mandatory)] [string] $ModulePath
)

$ErrorActionPreference = 'Stop'
Write-Host "Emulator: $($Emulator.BaseUri)"
Import-Module $ModulePath
$key = ConvertTo-SecureString 'trackyard_test_starter' -AsPlainText -Force
Connect-Trackyard -ApiKey $key -BaseUri $Emulator.ApiUri
Write-Host "Search-TrackyardTrack 'moody piano for a rainy scene'"
Search-TrackyardTrack 'moody piano for a rainy scene' | Format-Table | Out-String -Width 80 | Write-Host
Write-Host 'Get-TrackyardAccount'
Get-TrackyardAccount | Format-Table | Out-String -Width 80 | Write-Host
Disconnect-Trackyard
