<#
.SYNOPSIS
Everything measured in fresh `pwsh -NoProfile` processes: the import (with the manifest broken down), the first call
and the 57.6 MB download (cold and warm), with curl + sync as the download's anchor.
.DESCRIPTION
Import variants, each the first import of a fresh session (FreshProcess.ps1 -Mode Import):
  emptyDll, emptyManifest   the empty binary module (bench/EmptyModule) by path, and with a minimal manifest
  emptyTinyFormat           the empty module, its minimal manifest plus FormatsToProcess of a one-view format file
  emptyTrackyardFormat      the empty module, its minimal manifest plus FormatsToProcess of Trackyard's format file
  trackyardDll              the built Trackyard.dll by path
  trackyard                 the built Trackyard.psd1; this process then also makes the first call and two downloads
  minimalManifest           the built module folder with a manifest of RootModule and ModuleVersion only
  noFormats                 the built manifest without FormatsToProcess
  starExports               the built manifest with '*' for CmdletsToExport, FunctionsToExport, AliasesToExport, VariablesToExport
  noDependencies            the built manifest, the module folder without its Dependencies folder (the module
                            initializer then finds nothing to load)
A variant that does not apply to the built module (no FormatsToProcess, no Dependencies folder) is left out and
listed under notApplicable. The web-cmdlet side (FreshProcess.ps1 -Mode Irm) makes the same two first requests and
two Invoke-WebRequest downloads. curl + sync runs in this process: curl -o the file (its time_total), then
`sync FILE` (wall time, process start included), then `sync FILE` again (nothing left to flush: the cost of
starting sync). After every process that wrote the file without flushing it, an untimed `sync` keeps the
write-back out of the next measurement.
Rounds: one warm-up (the trackyard process and curl), then -Rounds rounds of every variant, the order rotated by
one each round.
#>
param([Parameter(Mandatory)] [hashtable] $Bench)

$api = $Bench.Api
$builtFolder = Split-Path -Parent $Bench.ModulePath
$manifestFile = Split-Path -Leaf $Bench.ModulePath
$variantRoot = Join-Path $Bench.WorkDir 'variants'
$downloadFile = Join-Path $Bench.WorkDir 'long.mp3'
function Read-Manifest([string] $Path) {
    # The manifest as this pwsh reads it: like Import-PowerShellDataFile, but allowing $PSEdition, which the manifest
    # uses to pick the build (a module manifest may; a plain data file may not).
    $script = [scriptblock]::Create((Get-Content -Raw -LiteralPath $Path))
    $script.CheckRestrictedLanguage([string[]]@(), [string[]]@('PSEdition'), $true)
    & $script
}
$manifest = Read-Manifest $Bench.ModulePath
# The Dependencies folder is beside the root module (net8.0/Dependencies when the manifest picks a build per edition).
$dependenciesFolder = Join-Path (Split-Path -Parent $manifest.RootModule) 'Dependencies'
$exportKeys = 'CmdletsToExport', 'FunctionsToExport', 'AliasesToExport', 'VariablesToExport'

function New-ModuleVariant([string] $Name, [scriptblock] $EditManifest, [switch] $WithoutDependencies) {
    # A copy of the built module folder with its manifest edited (as data, written back as .psd1).
    $folder = Join-Path $variantRoot "$Name/Trackyard"
    New-Item -ItemType Directory -Path (Split-Path $folder) -Force | Out-Null
    Copy-Item -LiteralPath $builtFolder -Destination $folder -Recurse
    if ($EditManifest) {
        $data = Read-Manifest $Bench.ModulePath
        $data = & $EditManifest $data
        Set-Content -LiteralPath (Join-Path $folder $manifestFile) -Value (ConvertTo-Psd1 $data) -Encoding utf8
    }
    if ($WithoutDependencies) { Remove-Item -LiteralPath (Join-Path $folder $dependenciesFolder) -Recurse -Force }
    Join-Path $folder $manifestFile
}

$emptyManifest = Join-Path $variantRoot 'emptyManifest/EmptyBinaryModule.psd1'
New-Item -ItemType Directory -Path (Split-Path $emptyManifest) -Force | Out-Null
Copy-Item -LiteralPath $Bench.EmptyModuleDll -Destination (Split-Path $emptyManifest)
Set-Content -LiteralPath $emptyManifest -Value (ConvertTo-Psd1 @{ RootModule = (Split-Path -Leaf $Bench.EmptyModuleDll); ModuleVersion = '1.0.0' }) -Encoding utf8

# The empty module with a format file: a one-view file of its own, or Trackyard's (whose types it does not have,
# which PowerShell does not check at import). Together they tell a format file's fixed cost from its size.
$tinyFormat = @'
<?xml version="1.0" encoding="utf-8"?>
<Configuration>
  <ViewDefinitions>
    <View>
      <Name>EmptyClass</Name>
      <ViewSelectedBy><TypeName>EmptyBinaryModule.EmptyClass</TypeName></ViewSelectedBy>
      <TableControl>
        <TableHeaders><TableColumnHeader><Label>Type</Label></TableColumnHeader></TableHeaders>
        <TableRowEntries><TableRowEntry><TableColumnItems><TableColumnItem><ScriptBlock>$_.GetType().Name</ScriptBlock></TableColumnItem></TableColumnItems></TableRowEntry></TableRowEntries>
      </TableControl>
    </View>
  </ViewDefinitions>
</Configuration>
'@
function New-EmptyVariant([string] $Name, [string] $FormatName, [string] $FormatText) {
    $folder = Join-Path $variantRoot $Name
    New-Item -ItemType Directory -Path $folder -Force | Out-Null
    Copy-Item -LiteralPath $Bench.EmptyModuleDll -Destination $folder
    Set-Content -LiteralPath (Join-Path $folder $FormatName) -Value $FormatText -Encoding utf8 -NoNewline
    $path = Join-Path $folder 'EmptyBinaryModule.psd1'
    Set-Content -LiteralPath $path -Value (ConvertTo-Psd1 @{ RootModule = (Split-Path -Leaf $Bench.EmptyModuleDll); ModuleVersion = '1.0.0'; FormatsToProcess = @($FormatName) }) -Encoding utf8
    $path
}

$imports = [ordered]@{
    emptyDll = @{ Path = $Bench.EmptyModuleDll; Label = 'Empty binary module (one empty class), DLL by path' }
    emptyManifest = @{ Path = $emptyManifest; Label = 'Empty binary module with a minimal manifest (RootModule, ModuleVersion)' }
    emptyTinyFormat = @{ Label = 'Empty binary module, minimal manifest + a one-view format file' }
    emptyTrackyardFormat = @{ Label = "Empty binary module, minimal manifest + Trackyard's format file" }
    trackyardDll = @{ Path = Join-Path $builtFolder $manifest.RootModule; Label = "Trackyard's $($manifest.RootModule) by path" }
    trackyard = @{ Path = $Bench.ModulePath; Label = "Trackyard's $manifestFile as built" }
    minimalManifest = @{ Label = 'Trackyard with a minimal manifest (RootModule, ModuleVersion)' }
    noFormats = @{ Label = 'Trackyard, manifest without FormatsToProcess' }
    starExports = @{ Label = "Trackyard, manifest with '*' for the four export lists" }
    noDependencies = @{ Label = 'Trackyard as built, without the Dependencies folder' }
}
$notApplicable = [System.Collections.Generic.List[string]]::new()
$imports.emptyTinyFormat.Path = New-EmptyVariant emptyTinyFormat 'EmptyBinaryModule.Format.ps1xml' $tinyFormat
if ($manifest.ContainsKey('FormatsToProcess')) {
    $formatName = @($manifest.FormatsToProcess)[0]
    $imports.emptyTrackyardFormat.Path = New-EmptyVariant emptyTrackyardFormat $formatName (Get-Content -Raw -LiteralPath (Join-Path $builtFolder $formatName))
}
else { $notApplicable.Add('emptyTrackyardFormat'); $imports.Remove('emptyTrackyardFormat') }
$imports.minimalManifest.Path = New-ModuleVariant minimalManifest { param($m) @{ RootModule = $m.RootModule; ModuleVersion = $m.ModuleVersion } }
if ($manifest.ContainsKey('FormatsToProcess')) {
    $imports.noFormats.Path = New-ModuleVariant noFormats { param($m) $m.Remove('FormatsToProcess'); $m }
}
else { $notApplicable.Add('noFormats'); $imports.Remove('noFormats') }
$imports.starExports.Path = New-ModuleVariant starExports { param($m) foreach ($k in $exportKeys) { $m[$k] = '*' }; $m }
if (Test-Path -LiteralPath (Join-Path $builtFolder $dependenciesFolder)) {
    $imports.noDependencies.Path = New-ModuleVariant noDependencies -WithoutDependencies
}
else { $notApplicable.Add('noDependencies'); $imports.Remove('noDependencies') }

$common = @{ ApiUri = $api; Query = $Bench.Query; UserAgent = $Bench.UserAgent; TrackId = $Bench.LongTrack; OutFile = $downloadFile }
$curlArgs = @('-sS', '-H', "Authorization: Bearer $($Bench.Key)", '-H', 'Accept: application/json', '-A', $Bench.UserAgent)
$downloadBody = '{"track_id":"' + $Bench.LongTrack + '"}'

$runners = [ordered]@{}
foreach ($name in $imports.Keys) {
    $path = $imports[$name].Path
    if ($name -eq 'trackyard') {
        $runners[$name] = { Invoke-FreshPwsh $Bench.FreshScript ($common + @{ Mode = 'Import'; ImportPath = $path; FirstCall = $true; Download = $true }) }.GetNewClosure()
    }
    else {
        $runners[$name] = { Invoke-FreshPwsh $Bench.FreshScript @{ Mode = 'Import'; ImportPath = $path } }.GetNewClosure()
    }
}
$runners.webCmdlets = { $r = Invoke-FreshPwsh $Bench.FreshScript ($common + @{ Mode = 'Irm'; Download = $true }); & sync; $r }
$runners.curlSync = {
    $small = Invoke-Curl (@($curlArgs) + @('-o', '/dev/null', "$api/me"))
    $big = Invoke-Curl (@($curlArgs) + @('-X', 'POST', '-H', 'Content-Type: application/json', '--data', $downloadBody, '-o', $downloadFile, "$api/download-track"))
    $watch = [Diagnostics.Stopwatch]::StartNew()
    & sync $downloadFile
    $syncMs = $watch.Elapsed.TotalMilliseconds
    $watch.Restart()
    & sync $downloadFile
    $syncAgainMs = $watch.Elapsed.TotalMilliseconds
    $bytes = (Get-Item -LiteralPath $downloadFile).Length
    Remove-Item -LiteralPath $downloadFile
    [ordered]@{ timeTotalMs = $big.timeTotalMs; syncMs = $syncMs; syncAgainMs = $syncAgainMs; bytes = $bytes; maxRssKb = $big.maxRssKb; baselineMaxRssKb = $small.maxRssKb }
}

$names = @($runners.Keys)
Write-BenchStep 'Fresh processes' "$($names.Count - 1) kinds of fresh pwsh and curl + sync × ($($Bench.Rounds) rounds + warm-up)"
$null = & $runners.trackyard
$null = & $runners.curlSync
$records = [ordered]@{}
foreach ($name in $names) { $records[$name] = [System.Collections.Generic.List[object]]::new() }
for ($round = 0; $round -lt $Bench.Rounds; $round++) {
    for ($i = 0; $i -lt $names.Count; $i++) {
        $name = $names[($i + $round) % $names.Count]
        $records[$name].Add((& $runners[$name]))
    }
}

# Sanity: the same tracks on both sides, every download complete.
foreach ($r in @($records.trackyard) + @($records.webCmdlets)) {
    if ($r.tracks -ne 20 -or $r.coldDownloadBytes -ne $Bench.LongTrackBytes -or $r.warmDownloadBytes -ne $Bench.LongTrackBytes) {
        throw "A fresh process got $($r.tracks) tracks or wrote $($r.coldDownloadBytes)/$($r.warmDownloadBytes) bytes."
    }
    if (-not $r.coldDownloadPeakReset) { throw 'Could not reset the peak resident set (/proc/self/clear_refs).' }
}
foreach ($r in $records.curlSync) { if ($r.bytes -ne $Bench.LongTrackBytes) { throw "curl wrote $($r.bytes) bytes." } }
if ($records.trackyard[0].firstTrackId -ne $records.webCmdlets[0].firstTrackId) { throw 'The module and Invoke-RestMethod got different first tracks.' }

function Select-Fields($Rounds, [string[]] $Prefixes) {
    # Keeps the fields of each record that start with one of the prefixes.
    foreach ($r in $Rounds) {
        $kept = [ordered]@{}
        foreach ($k in $r.Keys) { if ($Prefixes | Where-Object { $k.StartsWith($_) }) { $kept[$k] = $r[$k] } }
        $kept
    }
}

$import = [ordered]@{
    manifest = [ordered]@{
        keys = @($manifest.Keys | Sort-Object)
        formatsToProcess = @($manifest['FormatsToProcess'])
        formatBytes = @(foreach ($f in @($manifest['FormatsToProcess'])) { if ($f) { (Get-Item -LiteralPath (Join-Path $builtFolder $f)).Length } })
        nestedOrRequired = [ordered]@{}
        dependencies = @(Get-ChildItem -LiteralPath (Join-Path $builtFolder $dependenciesFolder) -Filter *.dll -ErrorAction Ignore | ForEach-Object Name)
    }
    notApplicable = $notApplicable
    variants = [ordered]@{}
}
foreach ($k in 'NestedModules', 'RequiredModules', 'RequiredAssemblies', 'TypesToProcess', 'ScriptsToProcess') {
    $import.manifest.nestedOrRequired[$k] = @($manifest[$k] | Where-Object { $_ })
}
foreach ($name in $imports.Keys) {
    $import.variants[$name] = [ordered]@{ label = $imports[$name].Label; rounds = @(Select-Fields $records[$name] 'import', 'startup') }
}
$firstCall = [ordered]@{
    variants = [ordered]@{
        module = [ordered]@{ label = 'Connect-Trackyard + Search-TrackyardTrack (module imported before)'; rounds = @(Select-Fields $records.trackyard 'import', 'connect', 'firstSearch', 'secondSearch', 'launchTo', 'startup') }
        invokeRestMethod = [ordered]@{ label = 'Invoke-RestMethod GET /me + POST /search (Microsoft.PowerShell.Utility imported before)'; rounds = @(Select-Fields $records.webCmdlets 'import', 'connect', 'firstSearch', 'secondSearch', 'launchTo', 'startup') }
    }
}
$download = [ordered]@{
    trackId = $Bench.LongTrack
    bytes = $Bench.LongTrackBytes
    folder = $Bench.WorkDir
    variants = [ordered]@{
        curlSync = [ordered]@{ label = 'curl -o, then sync of that file (the anchor)'; rounds = @($records.curlSync) }
        module = [ordered]@{ label = 'Save-TrackyardTrack'; rounds = @(Select-Fields $records.trackyard 'coldDownload', 'warmDownload') }
        invokeWebRequest = [ordered]@{ label = 'Invoke-WebRequest -OutFile (no flush to disk)'; rounds = @(Select-Fields $records.webCmdlets 'coldDownload', 'warmDownload') }
    }
}
[ordered]@{ import = $import; firstCall = $firstCall; download = $download }
