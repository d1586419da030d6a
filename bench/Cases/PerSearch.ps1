<#
.SYNOPSIS
Per search: -Searches sequential one-page searches (20 tracks) by each contender, in interleaved slices.
.DESCRIPTION
The goal's anchor is the raw HttpClient that also deserializes the JSON into typed tracks with System.Text.Json.
The other variants profile the per-call path: the raw floor (send, read the bytes), the module with -Verbose on
(its verbose stream redirected to $null), a no-op compiled cmdlet writing 20 objects in the same loop shape
(PowerShell's own per-call cost), and Invoke-RestMethod with the same body and headers (the second reference).
Around each slice: this process's CPU time, the emulator's CPU time and the bytes this process allocated.
#>
param([Parameter(Mandatory)] [hashtable] $Bench)

$searchUrl = "$($Bench.Api)/search"
$query = $Bench.Query
$raw = $Bench.Raw
$body = '{"query":"' + $query + '","limit":20,"offset":0}'
$headers = @{ Authorization = "Bearer $($Bench.Key)"; Accept = 'application/json' }
$userAgent = $Bench.UserAgent
$slices = 10
Write-BenchStep 'Per search' "$($Bench.Searches) sequential searches × 6 variants × ($($Bench.Rounds) rounds + warm-up), in $slices interleaved slices per round"

# What -Verbose turns on: the verbose records of one search (the variant below sends them to $null).
$verboseLines = @(Search-TrackyardTrack $query -NoCache -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Count

$variants = [ordered]@{
    rawFloor = {
        param([int] $Calls)
        $raw.Loop('POST', $searchUrl, $body, $Calls)
    }
    rawTyped = {
        param([int] $Calls)
        $tracks = 0L
        $ms = $raw.SearchTyped($searchUrl, $query, 20, 1, $Calls, [ref]$tracks)
        if ($tracks -ne 20 * $Calls) { throw "raw typed: $tracks tracks for $Calls searches" }
        $ms
    }
    module = {
        param([int] $Calls)
        $watch = [Diagnostics.Stopwatch]::StartNew()
        for ($i = 0; $i -lt $Calls; $i++) { $null = Search-TrackyardTrack $query -NoCache }
        $watch.Elapsed.TotalMilliseconds
    }
    moduleVerbose = {
        param([int] $Calls)
        $watch = [Diagnostics.Stopwatch]::StartNew()
        for ($i = 0; $i -lt $Calls; $i++) { $null = Search-TrackyardTrack $query -NoCache -Verbose 4>$null }
        $watch.Elapsed.TotalMilliseconds
    }
    noopCmdlet = {
        param([int] $Calls)
        $watch = [Diagnostics.Stopwatch]::StartNew()
        for ($i = 0; $i -lt $Calls; $i++) { $null = Invoke-BenchNoop $query }
        $watch.Elapsed.TotalMilliseconds
    }
    invokeRestMethod = {
        param([int] $Calls)
        $watch = [Diagnostics.Stopwatch]::StartNew()
        for ($i = 0; $i -lt $Calls; $i++) {
            $null = Invoke-RestMethod -Method Post -Uri $searchUrl -Headers $headers -UserAgent $userAgent -Body $body -ContentType 'application/json; charset=utf-8'
        }
        $watch.Elapsed.TotalMilliseconds
    }
}
$rounds = Invoke-Slices -Variants $variants -Count $Bench.Searches -Slices $slices -Rounds $Bench.Rounds -WarmUpCount 200 -EmulatorPid $Bench.Emulator.Process.Id

$labels = [ordered]@{
    rawFloor = 'Raw HttpClient: send, read the body as bytes (the floor)'
    rawTyped = 'Raw HttpClient + System.Text.Json into typed tracks (the anchor)'
    module = 'Search-TrackyardTrack'
    moduleVerbose = 'Search-TrackyardTrack -Verbose (stream redirected to $null)'
    noopCmdlet = 'No-op compiled cmdlet writing 20 objects (sends nothing)'
    invokeRestMethod = 'Invoke-RestMethod, same body and headers'
}
$result = [ordered]@{ query = $query; calls = $Bench.Searches; slices = $slices; verboseLinesPerSearch = $verboseLines; variants = [ordered]@{} }
foreach ($name in $variants.Keys) { $result.variants[$name] = [ordered]@{ label = $labels[$name]; rounds = $rounds[$name] } }
[ordered]@{ perSearch = $result }
