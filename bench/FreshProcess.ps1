<#
.SYNOPSIS
One measurement in a fresh PowerShell process, started by Invoke-Benchmark.ps1. Prints one JSON line.

.DESCRIPTION
Modes:
  Import      Import-Module, Connect-Trackyard (the first /me), the first and the second Search-TrackyardTrack.
  ImportWarm  Import-Module of an empty script module first (PowerShell's own cost of a session's first import),
              then Import-Module of Trackyard: the module's own share.
  IrmFirst    The same first calls with Invoke-RestMethod (GET /me, POST /search): what a script without the module pays.
  Save        Save-TrackyardTrack of one track to a file; time and the peak resident memory during the download;
              then the same download again in the same process (JIT done: the warm time).
  WebRequest  Invoke-WebRequest -OutFile of the same download, twice, measured the same way.
Memory: /proc/self/clear_refs is written with 5 just before the download, so VmHWM (the peak resident set) restarts
from the current VmRSS; growth = VmHWM after the download − VmRSS before it. No Add-Type here: it would move the baseline.
#>
param(
    [Parameter(Mandatory)] [ValidateSet('Import', 'ImportWarm', 'IrmFirst', 'Save', 'WebRequest')] [string] $Mode,
    [Parameter(Mandatory)] [string] $ApiUri,
    [Parameter(Mandatory)] [string] $Key,
    [string] $ModulePath,
    [string] $Query = 'upbeat electronic',
    [string] $TrackId,
    [string] $OutFile,
    [string] $UserAgent
)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

function Get-Kb([string] $Field) {
    foreach ($line in [IO.File]::ReadAllLines('/proc/self/status')) {
        if ($line.StartsWith("${Field}:")) { return [long]($line -split '\s+')[1] }
    }
    return -1
}

function Reset-Peak {
    try { [IO.File]::WriteAllText('/proc/self/clear_refs', '5'); $true } catch { $false }
}

$watch = [Diagnostics.Stopwatch]::new()
$result = [ordered]@{ Mode = $Mode }
$headers = @{ Authorization = "Bearer $Key"; Accept = 'application/json' }
switch ($Mode) {
    'Import' {
        $watch.Restart()
        Import-Module $ModulePath
        $result.ImportMs = $watch.Elapsed.TotalMilliseconds
        $secure = ConvertTo-SecureString $Key -AsPlainText -Force
        $watch.Restart()
        Connect-Trackyard -ApiKey $secure -BaseUri $ApiUri
        $result.ConnectMs = $watch.Elapsed.TotalMilliseconds
        $watch.Restart()
        $tracks = @(Search-TrackyardTrack $Query)
        $result.FirstSearchMs = $watch.Elapsed.TotalMilliseconds
        $watch.Restart()
        $tracks = @(Search-TrackyardTrack $Query)
        $result.SecondSearchMs = $watch.Elapsed.TotalMilliseconds
        $result.Tracks = $tracks.Count
    }
    'ImportWarm' {
        # Made and removed with .NET calls: a cmdlet such as Set-Content would autoload a module and so warm up
        # the very machinery this step measures.
        $empty = [IO.Path]::Combine([IO.Path]::GetTempPath(), "trackyard-bench-empty-$PID.psm1")
        [IO.File]::WriteAllText($empty, '')
        $watch.Restart()
        Import-Module $empty
        $result.EmptyImportMs = $watch.Elapsed.TotalMilliseconds
        [IO.File]::Delete($empty)
        $watch.Restart()
        Import-Module $ModulePath
        $result.ImportMs = $watch.Elapsed.TotalMilliseconds
    }
    'IrmFirst' {
        $body = @{ query = $Query; limit = 20; offset = 0 } | ConvertTo-Json -Compress
        $watch.Restart()
        $null = Invoke-RestMethod -Uri "$ApiUri/me" -Headers $headers -UserAgent $UserAgent
        $result.ConnectMs = $watch.Elapsed.TotalMilliseconds
        $watch.Restart()
        $response = Invoke-RestMethod -Method Post -Uri "$ApiUri/search" -Headers $headers -UserAgent $UserAgent -Body $body -ContentType 'application/json; charset=utf-8'
        $result.FirstSearchMs = $watch.Elapsed.TotalMilliseconds
        $watch.Restart()
        $response = Invoke-RestMethod -Method Post -Uri "$ApiUri/search" -Headers $headers -UserAgent $UserAgent -Body $body -ContentType 'application/json; charset=utf-8'
        $result.SecondSearchMs = $watch.Elapsed.TotalMilliseconds
        $result.Tracks = @($response.tracks).Count
    }
    'Save' {
        Import-Module $ModulePath
        Connect-Trackyard -ApiKey (ConvertTo-SecureString $Key -AsPlainText -Force) -BaseUri $ApiUri
        $result.PeakReset = Reset-Peak
        $result.BaselineKb = Get-Kb VmRSS
        $watch.Restart()
        Save-TrackyardTrack -Id $TrackId -Path $OutFile -Force
        $result.Ms = $watch.Elapsed.TotalMilliseconds
        $result.PeakKb = Get-Kb VmHWM
        $result.Bytes = (Get-Item -LiteralPath $OutFile).Length
        Remove-Item -LiteralPath $OutFile
        $watch.Restart()
        Save-TrackyardTrack -Id $TrackId -Path $OutFile -Force
        $result.WarmMs = $watch.Elapsed.TotalMilliseconds
    }
    'WebRequest' {
        # The same warm-up as Connect-Trackyard: one GET /me through the web cmdlets.
        $null = Invoke-RestMethod -Uri "$ApiUri/me" -Headers $headers -UserAgent $UserAgent
        $body = @{ track_id = $TrackId } | ConvertTo-Json -Compress
        $result.PeakReset = Reset-Peak
        $result.BaselineKb = Get-Kb VmRSS
        $download = {
            Invoke-WebRequest -Method Post -Uri "$ApiUri/download-track" -Headers $headers -UserAgent $UserAgent -Body $body `
                -ContentType 'application/json; charset=utf-8' -OutFile $OutFile
        }
        $watch.Restart()
        & $download
        $result.Ms = $watch.Elapsed.TotalMilliseconds
        $result.PeakKb = Get-Kb VmHWM
        $result.Bytes = (Get-Item -LiteralPath $OutFile).Length
        Remove-Item -LiteralPath $OutFile
        $watch.Restart()
        & $download
        $result.WarmMs = $watch.Elapsed.TotalMilliseconds
    }
}
$result | ConvertTo-Json -Compress
