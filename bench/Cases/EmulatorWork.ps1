<#
.SYNOPSIS
The emulator's own work per search, without HTTP: its search engine loaded into this process (by path, called by
reflection on the emulator's types), parsing a /search body and ranking the catalogue, mean of -Count.
.DESCRIPTION
The emulator's whole work per request over HTTP (Kestrel included) is its CPU time, measured around every slice of
the per-search case. If the emulator's types changed so that the engine cannot be called, the figure is recorded as
not measured, with the reason.
#>
param([Parameter(Mandatory)] [hashtable] $Bench, [int] $Count = 5000)

Write-BenchStep 'Emulator work' "the emulator's search engine in process, $Count searches"
$info = Invoke-RestMethod "$($Bench.Emulator.BaseUri)/_emulator/info"
$body = '{"query":"' + $Bench.Query + '","limit":20,"offset":0}'
$result = [ordered]@{ catalogSize = $info.catalog_size; count = $Count }
try {
    $results = 0
    $result.engineMicroseconds = [TrackyardBench.EmulatorEngine]::MicrosecondsPerSearch($Bench.EmulatorDll, [int]$info.seed, [int]$info.catalog_size, $body, $Count, [ref]$results)
    $result.results = $results
}
catch {
    $result.notMeasured = "$($_.Exception.GetBaseException().Message)"
}
[ordered]@{ emulatorWork = $result }
