# Starts, controls and stops a local Trackyard API emulator (src/Trackyard.Emulator) for the demo,
# the Pester suites and the benchmarks. Not part of the shipped module.

Set-StrictMode -Version Latest

function Start-TrackyardEmulator {
    <#
    .SYNOPSIS
    Starts the built emulator on a free loopback port and returns its addresses once it is ready.
    .DESCRIPTION
    Without a --profile in -ArgumentList, the profile comes from the environment variable TRACKYARD_EMULATOR_PROFILE
    (default or docs) when it is set, so a whole test run can be repeated against the docs profile.
    #>
    [CmdletBinding()]
    param(
        [string] $EmulatorDll = (Join-Path $PSScriptRoot '../out/Emulator/Trackyard.Emulator.dll'),
        [string] $Address = '127.0.0.1',
        [string[]] $ArgumentList = @(),
        [int] $TimeoutSec = 30
    )
    $dll = (Resolve-Path -LiteralPath $EmulatorDll -ErrorAction Stop).ProviderPath
    $logDir = Join-Path ([IO.Path]::GetTempPath()) ("trackyard-emulator-" + [guid]::NewGuid().ToString('n'))
    New-Item -ItemType Directory -Path $logDir | Out-Null
    $stdout = Join-Path $logDir 'stdout.txt'
    $stderr = Join-Path $logDir 'stderr.txt'
    $profileName = 'default'
    $given = @($ArgumentList | Where-Object { $_ -like '--profile*' })
    if ($given) {
        $index = [array]::IndexOf($ArgumentList, $given[0])
        $profileName = if ($given[0] -like '--profile=*') { $given[0].Substring(10) } else { $ArgumentList[$index + 1] }
    }
    elseif ($env:TRACKYARD_EMULATOR_PROFILE) {
        $profileName = $env:TRACKYARD_EMULATOR_PROFILE
        $ArgumentList = @($ArgumentList) + @('--profile', $profileName)
    }
    $arguments = @($dll, '--urls', "http://${Address}:0") + $ArgumentList
    $process = Start-Process -FilePath 'dotnet' -ArgumentList $arguments -PassThru `
        -RedirectStandardOutput $stdout -RedirectStandardError $stderr
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
    $ready = $null
    while (-not $ready) {
        if ($process.HasExited) {
            throw "The emulator exited with code $($process.ExitCode) before it was ready: $(Get-Content -Raw -LiteralPath $stderr)"
        }
        if ([DateTime]::UtcNow -gt $deadline) {
            $process.Kill()
            throw "The emulator did not print its ready line within $TimeoutSec s."
        }
        $line = Get-Content -LiteralPath $stdout -ErrorAction SilentlyContinue | Select-Object -First 1
        if ($line -match '^Trackyard emulator listening on (http://\S+)$') {
            $ready = $Matches[1]
        }
        else {
            Start-Sleep -Milliseconds 50
        }
    }
    [pscustomobject]@{
        PSTypeName = 'Trackyard.EmulatorInstance'
        Process    = $process
        BaseUri    = $ready
        ApiUri     = "$ready/api/external/v1"
        Profile    = $profileName
        LogFolder  = $logDir
    }
}

function Stop-TrackyardEmulator {
    <#
    .SYNOPSIS
    Stops an emulator started by Start-TrackyardEmulator and removes its log folder.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory, ValueFromPipeline)] $Emulator)
    process {
        if ($Emulator -and -not $Emulator.Process.HasExited) {
            $Emulator.Process.Kill()
            $Emulator.Process.WaitForExit(5000) | Out-Null
        }
        if ($Emulator -and (Test-Path -LiteralPath $Emulator.LogFolder)) {
            Remove-Item -LiteralPath $Emulator.LogFolder -Recurse -Force -ErrorAction SilentlyContinue
        }
    }
}

function Invoke-EmulatorControl {
    param($Emulator, [string] $Method, [string] $Path, $Body)
    $parameters = @{ Method = $Method; Uri = "$($Emulator.BaseUri)/_emulator/$Path" }
    if ($null -ne $Body) {
        $parameters.Body = ConvertTo-Json -InputObject $Body -Depth 5 -Compress
        $parameters.ContentType = 'application/json'
    }
    Invoke-RestMethod @parameters
}

function Reset-TrackyardEmulator {
    <#
    .SYNOPSIS
    Restores credits, counters, usage, keys, faults and the request log.
    #>
    param([Parameter(Mandatory)] $Emulator)
    Invoke-EmulatorControl $Emulator POST reset $null | Out-Null
}

function Add-TrackyardEmulatorKey {
    <#
    .SYNOPSIS
    Adds or replaces a key; $null limits mean unlimited.
    #>
    param(
        [Parameter(Mandatory)] $Emulator,
        [Parameter(Mandatory)] [string] $Key,
        [string] $Tier = 'starter',
        $Credits = 300,
        $PerMinute = 10,
        $PerDay = 500,
        [string[]] $Scopes = @('search', 'download')
    )
    Invoke-EmulatorControl $Emulator POST keys @{
        key = $Key; tier = $Tier; credits = $Credits; per_minute = $PerMinute; per_day = $PerDay; scopes = $Scopes
    } | Out-Null
}

function Add-TrackyardEmulatorFault {
    <#
    .SYNOPSIS
    Queues a fault: the next -Times requests to -Path get this answer instead of the normal one.
    #>
    param(
        [Parameter(Mandatory)] $Emulator,
        [Parameter(Mandatory)] [string] $Path,
        [int] $Times = 1,
        [int] $Status = 500,
        [hashtable] $Headers = @{},
        [ValidateSet('json', 'html', 'empty', 'invalid-json', 'truncated')] [string] $Body = 'json',
        [string] $BodyText,
        # Send -BodyText this many times in a row (a large body without sending it through the control plane).
        [int] $BodyRepeat,
        [string] $ContentType,
        [int] $DelayMs = 0,
        [switch] $Abort,
        # The HTTP reason phrase; {key} and {KEY} here, in header values, -ContentType and -BodyText become the presented key.
        [string] $Reason,
        # A gzip body (Content-Encoding: gzip, audio/mpeg by default) that expands to this many bytes.
        [long] $GzipExpandBytes,
        # With -GzipExpandBytes: send the compressed length as Content-Length (else chunked).
        [switch] $GzipContentLength,
        # Pad the header X-Emulator-Padding to this many bytes.
        [int] $HeaderBytes,
        # Read the request body, then drop the connection before any byte of the answer.
        [switch] $AbortBeforeHeaders
    )
    $fault = @{ path = $Path; times = $Times; status = $Status; headers = $Headers; body = $Body; delay_ms = $DelayMs; abort = [bool]$Abort }
    if ($PSBoundParameters.ContainsKey('BodyText')) { $fault.body_text = $BodyText }
    if ($PSBoundParameters.ContainsKey('BodyRepeat')) { $fault.body_repeat = $BodyRepeat }
    if ($PSBoundParameters.ContainsKey('ContentType')) { $fault.content_type = $ContentType }
    if ($PSBoundParameters.ContainsKey('Reason')) { $fault.reason = $Reason }
    if ($PSBoundParameters.ContainsKey('GzipExpandBytes')) { $fault.gzip_expand_bytes = $GzipExpandBytes; $fault.gzip_content_length = [bool]$GzipContentLength }
    if ($PSBoundParameters.ContainsKey('HeaderBytes')) { $fault.header_bytes = $HeaderBytes }
    if ($AbortBeforeHeaders) { $fault.abort_before_headers = $true }
    Invoke-EmulatorControl $Emulator POST faults $fault | Out-Null
}

function Get-TrackyardEmulatorRequest {
    <#
    .SYNOPSIS
    Returns the emulator's request log, oldest first.
    #>
    param([Parameter(Mandatory)] $Emulator)
    # Unrolled so that an empty log yields nothing rather than one empty array.
    (Invoke-EmulatorControl $Emulator GET requests $null) | ForEach-Object { $_ }
}

Export-ModuleMember -Function Start-TrackyardEmulator, Stop-TrackyardEmulator, Reset-TrackyardEmulator,
    Add-TrackyardEmulatorKey, Add-TrackyardEmulatorFault, Get-TrackyardEmulatorRequest
