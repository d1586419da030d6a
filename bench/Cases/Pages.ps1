<#
.SYNOPSIS
-First 1000: 1,000 tracks in 10 pages of 100, by the module and by 10 sequential raw typed page requests.
.DESCRIPTION
Each figure is the mean of -Inner consecutive 1,000-track searches (ms per 1,000 tracks); every variant checks that it
got 1,000 tracks. Invoke-RestMethod fetching the same 10 pages is the second reference. Before the rounds, the
emulator's request log says how many search requests one -First 1000 sends (the credits it spends).
#>
param([Parameter(Mandatory)] [hashtable] $Bench, [int] $Inner = 5)

$searchUrl = "$($Bench.Api)/search"
$pageQuery = $Bench.PageQuery
$raw = $Bench.Raw
$headers = @{ Authorization = "Bearer $($Bench.Key)"; Accept = 'application/json' }
$userAgent = $Bench.UserAgent
Write-BenchStep 'First 1000' "1,000 tracks in 10 pages of 100, $Inner per figure × 3 variants × ($($Bench.Rounds) rounds + warm-up)"

Reset-TrackyardEmulator $Bench.Emulator
$tracks = @(Search-TrackyardTrack $pageQuery -NoCache -First 1000)
$requests = @(Get-TrackyardEmulatorRequest $Bench.Emulator | Where-Object path -EQ '/search')
if ($tracks.Count -ne 1000) { throw "Search-TrackyardTrack -First 1000 returned $($tracks.Count) tracks." }

$variants = [ordered]@{
    rawTyped = {
        $count = 0L
        $ms = $raw.SearchTyped($searchUrl, $pageQuery, 100, 10, $Inner, [ref]$count)
        if ($count -ne 1000 * $Inner) { throw "raw typed: $count tracks" }
        $ms / $Inner
    }
    module = {
        $watch = [Diagnostics.Stopwatch]::StartNew()
        for ($j = 0; $j -lt $Inner; $j++) {
            $found = @(Search-TrackyardTrack $pageQuery -NoCache -First 1000)
            if ($found.Count -ne 1000) { throw "module: $($found.Count) tracks" }
        }
        $watch.Elapsed.TotalMilliseconds / $Inner
    }
    invokeRestMethod = {
        $watch = [Diagnostics.Stopwatch]::StartNew()
        for ($j = 0; $j -lt $Inner; $j++) {
            $found = [System.Collections.Generic.List[object]]::new()
            for ($offset = 0; $offset -lt 1000; $offset += 100) {
                $body = '{"query":"' + $pageQuery + '","limit":100,"offset":' + $offset + '}'
                $page = Invoke-RestMethod -Method Post -Uri $searchUrl -Headers $headers -UserAgent $userAgent -Body $body -ContentType 'application/json; charset=utf-8'
                $found.AddRange([object[]]$page.tracks)
            }
            if ($found.Count -ne 1000) { throw "irm: $($found.Count) tracks" }
        }
        $watch.Elapsed.TotalMilliseconds / $Inner
    }
}
$rounds = Invoke-Rounds -Variants $variants -Rounds $Bench.Rounds

$labels = [ordered]@{
    rawTyped = '10 sequential raw typed page requests (the anchor)'
    module = 'Search-TrackyardTrack -First 1000'
    invokeRestMethod = 'Invoke-RestMethod, the same 10 pages'
}
$result = [ordered]@{
    query = $pageQuery; inner = $Inner
    searchRequestsPerFirst1000 = $requests.Count
    searchRequestsOk = @($requests | Where-Object status -EQ 200).Count
    variants = [ordered]@{}
}
foreach ($name in $variants.Keys) { $result.variants[$name] = [ordered]@{ label = $labels[$name]; rounds = $rounds[$name] } }
[ordered]@{ pages = $result }
