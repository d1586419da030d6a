# Dot-sourced by Readme.Tests.ps1: reads the fenced blocks of README.md and runs one in a runspace of its own.
# The lists of what is substituted, allow-listed and checked live in Readme.Tests.ps1.

$script:ReadmePath = (Resolve-Path (Join-Path $PSScriptRoot '../../README.md')).ProviderPath

function Get-ReadmeBlock {
    # Every fenced block of the README, in order: its language (the fence's tag), code, line, and the heading it sits
    # under (headings are looked for outside fences only; a "# comment" in a block is not one).
    $lines = [IO.File]::ReadAllLines($ReadmePath)
    $heading = ''
    $blocks = [Collections.Generic.List[object]]::new()
    for ($i = 0; $i -lt $lines.Count; $i++) {
        if ($lines[$i] -match '^#{1,6}\s+(.+)$') {
            $heading = $Matches[1].Trim()
            continue
        }
        if ($lines[$i] -notmatch '^```(\S*)\s*$') { continue }
        $language = $Matches[1]
        $start = $i
        $code = [Collections.Generic.List[string]]::new()
        for ($i++; $i -lt $lines.Count -and $lines[$i] -notmatch '^```\s*$'; $i++) {
            $code.Add($lines[$i])
        }
        $firstLine = ($code | Where-Object { $_.Trim() } | Select-Object -First 1) -replace '\s+', ' '
        $blocks.Add([pscustomobject]@{
                Index     = $blocks.Count
                Line      = $start + 1
                Language  = $language
                Heading   = $heading
                FirstLine = $firstLine.Trim()
                Name      = "$heading | $($firstLine.Trim())"
                Code      = ($code -join "`n")
            })
    }
    $blocks
}

function Get-ReadmeOutput {
    # The one output block (```text) of the README that holds -Snippet.
    param([Parameter(Mandatory)] [string] $Snippet)
    $found = @(Get-ReadmeBlock | Where-Object { $_.Language -eq 'text' -and $_.Code.Contains($Snippet) })
    if ($found.Count -ne 1) { throw "The README has $($found.Count) output blocks holding '$Snippet'." }
    $found[0].Code
}

function ConvertTo-Lines {
    # Text as lines without trailing spaces, leading and trailing empty lines dropped: how a console shows it.
    param([AllowEmptyString()] [string] $Text)
    $lines = @(($Text -replace "`r", '') -split "`n" | ForEach-Object { $_.TrimEnd() })
    $first = 0
    while ($first -lt $lines.Count -and -not $lines[$first]) { $first++ }
    $last = $lines.Count - 1
    while ($last -ge $first -and -not $lines[$last]) { $last-- }
    if ($last -lt $first) { return , @() }
    , $lines[$first..$last]
}

function Assert-SameLines {
    # Fails, naming the first line that differs, unless -Actual and -Expected hold the same lines.
    param([string[]] $Actual, [string[]] $Expected, [string] $What)
    for ($i = 0; $i -lt [Math]::Max($Actual.Count, $Expected.Count); $i++) {
        $got = if ($i -lt $Actual.Count) { $Actual[$i] } else { '<no line>' }
        $want = if ($i -lt $Expected.Count) { $Expected[$i] } else { '<no line>' }
        $got | Should -BeExactly $want -Because "line $($i + 1) of $What must be as the README shows it"
    }
}

function Test-ReadmeBlockSyntax {
    # Problems with a PowerShell block that need no running: parse errors, and named parameters that the command
    # (when it exists in this session) does not have. Returns nothing for a sound block.
    param([Parameter(Mandatory)] $Block)
    if ($Block.Language -ne 'powershell') { return }
    $tokens = $null; $parseErrors = $null
    $ast = [Management.Automation.Language.Parser]::ParseInput($Block.Code, [ref]$tokens, [ref]$parseErrors)
    foreach ($parseError in $parseErrors) { "parse error: $($parseError.Message)" }
    $common = [Management.Automation.PSCmdlet]::CommonParameters + [Management.Automation.PSCmdlet]::OptionalCommonParameters
    foreach ($commandAst in $ast.FindAll({ $args[0] -is [Management.Automation.Language.CommandAst] }, $true)) {
        $name = $commandAst.GetCommandName()
        if (-not $name) { continue }
        $command = Get-Command $name -ErrorAction Ignore | Select-Object -First 1
        if ($command -is [Management.Automation.AliasInfo]) { $command = $command.ResolvedCommand }
        if (-not $command -or $command -is [Management.Automation.ApplicationInfo]) { continue }
        $names = @($command.Parameters.Values | ForEach-Object { $_.Name; $_.Aliases }) + $common
        foreach ($parameter in $commandAst.CommandElements | Where-Object { $_ -is [Management.Automation.Language.CommandParameterAst] }) {
            $matching = @($names | Where-Object { $_ -like "$($parameter.ParameterName)*" } | Select-Object -Unique)
            if (-not ($names -contains $parameter.ParameterName) -and $matching.Count -ne 1) {
                "$name has no parameter -$($parameter.ParameterName)"
            }
        }
    }
}

function New-ReadmeKey {
    # A fresh emulator key for one example, so no example inherits another's rate-limit state (the module remembers
    # each key's in this process and in the user's cache folder). Limits of the pro tier: the examples are not about
    # rate limits, and a starter key's 10 a minute would make the longer ones wait.
    param([Parameter(Mandatory)] [string] $Label, [string] $Tier = 'pro')
    $key = "trackyard_test_readme_${Label}_$([guid]::NewGuid().ToString('n').Substring(0, 8))"
    Add-TrackyardEmulatorKey $Emulator -Key $key -Tier $Tier -Credits 50000 -PerMinute 300 -PerDay $null
    $key
}

function New-ReadmeRunspace {
    # A runspace of this pwsh whose host answers prompts with -Key (as a user typing it at a masked prompt) and
    # records what is written to it. Returns an object to run scripts in it and to read what it recorded.
    param([AllowEmptyString()] [string] $Key)
    $testHost = [TrackyardTests.TestHost]::new($Key)
    $runspace = [runspacefactory]::CreateRunspace($testHost)
    $runspace.Open()
    $shell = [powershell]::Create()
    $shell.Runspace = $runspace
    $session = [pscustomobject]@{ Host = $testHost; Runspace = $runspace; Shell = $shell }
    $session | Add-Member -MemberType ScriptMethod -Name Run -Value {
        # Runs a script in the runspace's global scope, so its variables stay for what comes next.
        param([string] $Script, [object[]] $ArgumentList = @())
        $this.Shell.Commands.Clear()
        $null = $this.Shell.AddScript($Script, $false)
        foreach ($argument in $ArgumentList) { $null = $this.Shell.AddArgument($argument) }
        $this.Shell.Invoke()
    }
    $session | Add-Member -MemberType ScriptMethod -Name Dispose -Value {
        $this.Shell.Dispose()
        $this.Runspace.Dispose()
    }
    $session
}

function Invoke-InReadmeHost {
    # Runs -Script in a fresh runspace (see New-ReadmeRunspace) and returns its output, what it printed, its warnings
    # and errors.
    param([AllowEmptyString()] [string] $Key, [Parameter(Mandatory)] [scriptblock] $Script, [object[]] $ArgumentList = @())
    $session = New-ReadmeRunspace -Key $Key
    try {
        $output = $session.Run($Script.ToString(), $ArgumentList)
        [pscustomobject]@{
            Output   = @($output)
            HostText = $session.Host.UI.Transcript.ToString()
            Warnings = @($session.Shell.Streams.Warning | ForEach-Object Message)
            Errors   = @($session.Shell.Streams.Error)
        }
    }
    finally {
        $session.Dispose()
    }
}

function Invoke-ReadmeBlock {
    # Runs one README block as a user would after the README's first steps (module installed, connected), with the
    # suite-wide substitutions ($Everywhere) and the example's own (-Example: Replace, Given). Returns what happened;
    # the caller disposes it, after its checks, which may look into the runspace with Eval.
    param([Parameter(Mandatory)] $Block, $Example)
    Reset-TrackyardEmulator $Emulator
    $key = New-ReadmeKey "b$($Block.Index)"
    $folder = New-Item -ItemType Directory -Path (Join-Path $WorkRoot "block$($Block.Index)-$([guid]::NewGuid().ToString('n').Substring(0, 6))")
    foreach ($file in $WorkingFolderFiles.Keys) {
        Set-Content -LiteralPath (Join-Path $folder $file) -Value $WorkingFolderFiles[$file]
    }
    $context = [pscustomobject]@{ Emulator = $Emulator; Key = $key; Folder = $folder.FullName; RepoRoot = $RepoRoot }

    $code = $Block.Code
    foreach ($replacement in @($Example.Replace | Where-Object { $_ })) {
        if (-not $code.Contains($replacement.Find)) { throw "The block no longer holds '$($replacement.Find)'." }
        $with = if ($replacement.With -is [scriptblock]) { & $replacement.With $context } else { $replacement.With }
        $code = $code.Replace($replacement.Find, $with)
    }
    $given = if ($Example.Given) { & $Example.Given $context } else { @{} }

    $environment = @{ TRACKYARD_API_KEY = $key }
    if ($given.Environment) {
        foreach ($name in $given.Environment.Keys) { $environment[$name] = $given.Environment[$name] }
    }
    $saved = @{}
    foreach ($name in $environment.Keys) {
        $saved[$name] = [Environment]::GetEnvironmentVariable($name)
        [Environment]::SetEnvironmentVariable($name, $environment[$name])
    }
    $session = New-ReadmeRunspace -Key $key
    $run = [pscustomobject]@{
        Session = $session; Context = $context; Code = $code; Output = @(); Text = ''; HostText = ''
        Verbose = @(); Warnings = @(); Errors = @(); ErrorCount = 0; Terminating = $null; Requests = @(); SavedEnvironment = $saved
    }
    $run | Add-Member -MemberType ScriptMethod -Name Eval -Value {
        # The value of an expression in the block's runspace, after the block ran (e.g. one of its variables).
        param([string] $Expression)
        $this.Session.Run($Expression)
    }
    $run | Add-Member -MemberType ScriptMethod -Name Dispose -Value {
        $this.Session.Dispose()
        foreach ($name in $this.SavedEnvironment.Keys) {
            [Environment]::SetEnvironmentVariable($name, $this.SavedEnvironment[$name])
        }
    }
    try {
        # The README's first steps: the module is installed (found by name), the user has connected.
        $null = $session.Run({
                param($Folder, $ApiUri, $Key)
                Set-Location -LiteralPath $Folder
                $global:PSDefaultParameterValues['Connect-Trackyard:BaseUri'] = $ApiUri
                Connect-Trackyard -ApiKey (ConvertTo-SecureString $Key -AsPlainText -Force)
            }.ToString(), @($folder.FullName, $Emulator.ApiUri, $key))
        if ($given.Variables) {
            foreach ($name in $given.Variables.Keys) {
                $session.Runspace.SessionStateProxy.SetVariable($name, $given.Variables[$name])
            }
        }
        if ($given.Script) { $null = $session.Run($given.Script.ToString()) }
        if ($session.Shell.Streams.Error.Count -gt 0) {
            throw "The example's preparation failed: $($session.Shell.Streams.Error[0])"
        }
        $null = $session.Run('$global:Error.Clear()')
        $session.Shell.Streams.ClearStreams()
        $null = $session.Host.UI.Transcript.Clear()

        try {
            $run.Output = @($session.Run($code))
        }
        catch {
            $run.Terminating = $_.Exception.InnerException ?? $_.Exception
        }
        $run.Errors = @($session.Shell.Streams.Error)
        $run.Verbose = @($session.Shell.Streams.Verbose | ForEach-Object Message)
        $run.Warnings = @($session.Shell.Streams.Warning | ForEach-Object Message)
        $run.HostText = $session.Host.UI.Transcript.ToString()
        $run.ErrorCount = @($session.Run('$global:Error.Count'))[0]
        $run.Text = @($session.Run('param($Output) $Output | Out-String -Width 80', @(, $run.Output)))[0]
        $run.Requests = @(Get-TrackyardEmulatorRequest $Emulator)
    }
    catch {
        $run.Dispose()
        throw
    }
    $run
}
