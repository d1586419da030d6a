# Dot-sourced by every suite's BeforeAll: loads the built module and the emulator controls.
$ErrorActionPreference = 'Stop'
$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath
Import-Module (Join-Path $RepoRoot 'out/Trackyard/Trackyard.psd1') -Force
Import-Module (Join-Path $RepoRoot 'tools/Emulator.psm1') -Force

# Every built-in emulator key; none of them may ever appear in output, errors or transcripts.
$script:AllTestKeys = @(
    'trackyard_test_free', 'trackyard_test_starter', 'trackyard_test_pro', 'trackyard_test_unlimited',
    'trackyard_test_nocredits', 'trackyard_test_searchonly', 'trackyard_test_revoked'
)

function ConvertTo-TestKey([string] $Key) {
    ConvertTo-SecureString $Key -AsPlainText -Force
}

function Connect-TestEmulator {
    param($Emulator, [string] $Key = 'trackyard_test_starter', [hashtable] $Extra = @{})
    Connect-Trackyard -ApiKey (ConvertTo-TestKey $Key) -BaseUri $Emulator.ApiUri @Extra
}

function Get-ApiRequest {
    # The emulator's request log, API calls only.
    param($Emulator, [string] $Path)
    Get-TrackyardEmulatorRequest -Emulator $Emulator | Where-Object { -not $Path -or $_.path -eq $Path }
}

function Wait-ApiRequest {
    # The emulator logs a request when its handler ends, which for a download the client abandoned can be a moment
    # after the cmdlet returned: waits (bounded) until the log holds -Count requests to -Path, and returns how many
    # it holds then. A count that stays below -Count is returned after the bound, so the caller's assertion fails.
    param($Emulator, [string] $Path, [int] $Count, [int] $TimeoutMs = 5000)
    $deadline = [DateTime]::UtcNow.AddMilliseconds($TimeoutMs)
    while ($true) {
        $seen = @(Get-ApiRequest $Emulator $Path).Count
        if ($seen -ge $Count -or [DateTime]::UtcNow -gt $deadline) { return $seen }
        Start-Sleep -Milliseconds 20
    }
}

function Stop-Invocation {
    # Stops a running [powershell] as Ctrl+C does and returns how many seconds the stop took.
    param([powershell] $Shell)
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $Shell.Stop()
    $watch.Elapsed.TotalSeconds
}

function Import-TestServer {
    # The test servers (RecordingRelay.cs, ForwardProxy.cs, both on LoopbackHttpServer.cs), compiled together once
    # per session.
    if (-not ('TrackyardTests.LoopbackHttpServer' -as [type])) {
        Add-Type -Path (Join-Path $PSScriptRoot 'LoopbackHttpServer.cs'), (Join-Path $PSScriptRoot 'RecordingRelay.cs'), (Join-Path $PSScriptRoot 'ForwardProxy.cs')
    }
}

function Invoke-InTestHost {
    # Runs a script block in a runspace of its own, with the built module imported, whose host (tests/Pester/TestHost.cs)
    # records what cmdlets write to it, such as -WhatIf's lines, instead of printing it. Pass values with
    # -ArgumentList and take them with param() in the block; the current Trackyard connection is the process's, so it is
    # shared. Returns the output, the host's text and the errors.
    param([scriptblock] $ScriptBlock, [object[]] $ArgumentList = @())
    if (-not ('TrackyardTests.TestHost' -as [type])) {
        Add-Type -Path (Join-Path $PSScriptRoot 'TestHost.cs')
    }
    $testHost = [TrackyardTests.TestHost]::new('')
    $runspace = [runspacefactory]::CreateRunspace($testHost)
    $runspace.Open()
    $shell = [powershell]::Create()
    try {
        $shell.Runspace = $runspace
        $null = $shell.AddCommand('Import-Module').AddParameter('Name', (Join-Path $RepoRoot 'out/Trackyard/Trackyard.psd1')).AddStatement()
        $null = $shell.AddScript($ScriptBlock.ToString())
        foreach ($argument in $ArgumentList) { $null = $shell.AddArgument($argument) }
        $output = $shell.Invoke()
        [pscustomobject]@{ Output = @($output); HostText = ($testHost.UI.Written -join "`n"); Errors = @($shell.Streams.Error) }
    }
    finally {
        $shell.Dispose()
        $runspace.Dispose()
    }
}

function Invoke-ForError {
    # Runs a script block that is expected to fail and returns the first ErrorRecord, terminating or not,
    # with a note property Terminating telling which.
    param([scriptblock] $ScriptBlock)
    $ErrorActionPreference = 'Continue'   # let non-terminating errors stay non-terminating
    $global:Error.Clear()
    try {
        $null = & $ScriptBlock 2>$null
    }
    catch {
        return $_ | Add-Member -NotePropertyName Terminating -NotePropertyValue $true -PassThru -Force
    }
    $record = $global:Error | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] } | Select-Object -Last 1
    if ($record) { $record | Add-Member -NotePropertyName Terminating -NotePropertyValue $false -PassThru -Force }
}
