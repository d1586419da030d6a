BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Emulator = Start-TrackyardEmulator
}

AfterAll {
    Disconnect-Trackyard
    Stop-TrackyardEmulator $Emulator
}

Describe 'The API key never shows' {
    It 'appears in no stream, no error and no connection view, through successes and failures' {
        Reset-TrackyardEmulator $Emulator
        # Keys are taken from variables so that no script line (InvocationInfo.Line) holds one literally.
        $starter, $revoked = $AllTestKeys[1], $AllTestKeys[6]
        $injected = $starter + "`nX-Injected: yes"
        $global:Error.Clear()
        $streams = & {
            Connect-TestEmulator $Emulator $starter -Extra @{ Verbose = $true; Debug = $true; PassThru = $true }
            Search-TrackyardTrack 'calm piano' -First 2 -Verbose -Debug
            Get-TrackyardAccount -Verbose -Debug
            Get-TrackyardConnection | Format-List * | Out-String
            Add-TrackyardEmulatorFault $Emulator -Path '/search' -Status 400
            Search-TrackyardTrack 'x' -Genre 'No Such Genre' -Verbose -Debug -ErrorAction Continue
            Add-TrackyardEmulatorFault $Emulator -Path '/me' -Status 500 -Times 20 -Body html
            # The 500s are retried with a warning each; -Debug alone would make a compiled cmdlet ask before every
            # warning, which a non-interactive host refuses. Continue keeps the warnings in the streams checked below.
            Get-TrackyardAccount -Verbose -Debug -WarningAction Continue -ErrorAction Continue
            try { Connect-TestEmulator $Emulator $revoked -Extra @{ Verbose = $true; Debug = $true } } catch { $_ }
            try { Connect-Trackyard -ApiKey (ConvertTo-TestKey $injected) -BaseUri $Emulator.ApiUri -Verbose -Debug } catch { $_ }
        } *>&1 | Out-String -Width 500

        $errorText = foreach ($record in $global:Error) {
            $record | Format-List * -Force | Out-String -Width 500
            if ($record -is [System.Management.Automation.ErrorRecord]) {
                $record.Exception.ToString()
                $record.ErrorDetails | Format-List * | Out-String
                $record.InvocationInfo | Format-List * | Out-String
                $record.Exception | Format-List * -Force | Out-String
            }
            else { $record.ToString() }
        }
        $everything = $streams + ($errorText -join "`n")
        $everything.Length | Should -BeGreaterThan 1000 -Because 'the run must have produced real output to inspect'
        $everything | Should -Match 'Unauthorized'
        foreach ($key in $AllTestKeys) {
            $everything | Should -Not -Match $key
        }
    }
}

Describe 'The API key never shows, for every cmdlet through every kind of failure' {
    BeforeAll {
        Reset-TrackyardEmulator $Emulator
        # Keys of our own, distinctive enough that finding one anywhere is a leak. They live only in variables, so no
        # script line (InvocationInfo.Line, PositionMessage) holds one literally.
        $stamp = [guid]::NewGuid().ToString('n')
        $script:Secret = "trackyard_live_S3cr3t$stamp"
        $script:Secret429 = "trackyard_live_Limit$stamp"
        $script:SecretBad = "trackyard_live_Bad$stamp"
        Add-TrackyardEmulatorKey $Emulator -Key $Secret -Tier 'pro' -Credits 1000 -PerMinute $null -PerDay $null
        Add-TrackyardEmulatorKey $Emulator -Key $Secret429 -Tier 'pro' -Credits 1000 -PerMinute $null -PerDay $null
        $script:Keys = @($AllTestKeys) + $Secret, $Secret429, $SecretBad
        $script:Folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'downloads') | Select-Object -ExpandProperty FullName
        $script:Transcript = Join-Path $TestDrive 'transcript.txt'
        # A connection whose server has gone away (refused), and its address.
        $dead = Start-TrackyardEmulator
        $script:DeadUri = $dead.ApiUri
        try { $script:DeadConnection = Connect-Trackyard -ApiKey (ConvertTo-TestKey $AllTestKeys[2]) -BaseUri $dead.ApiUri -PassThru }
        finally { Stop-TrackyardEmulator $dead }

        # Every cmdlet, through success and failure. -Debug makes PowerShell 7.6 ask before each warning of a compiled
        # cmdlet (the retry warnings), which a non-interactive host refuses; -WarningAction Continue keeps the
        # warnings flowing into the streams checked below instead.
        # Script scope: the steps run later, from the It block, and splat these by name.
        $script:common = @{ Verbose = $true; Debug = $true; InformationAction = 'Continue'; WarningAction = 'Continue'; ErrorAction = 'Continue' }
        $script:fast = $common + @{ MaximumRetryCount = 0 }
        $script:Steps = [ordered]@{
            'Connect success'          = { Connect-Trackyard -ApiKey (ConvertTo-TestKey $Secret) -BaseUri $Emulator.ApiUri -PassThru @common }
            'Get-TrackyardConnection'  = { Get-TrackyardConnection @common | Format-List * -Force | Out-String -Width 500 }
            'connection as JSON'       = { Get-TrackyardConnection | ConvertTo-Json -Depth 4 }
            'connection as CliXml'     = { $path = Join-Path $TestDrive 'connection.xml'; Get-TrackyardConnection | Export-Clixml $path -Depth 4; Get-Content -Raw $path }
            'Search success'           = { Search-TrackyardTrack 'calm piano' -First 2 @common }
            'Account success'          = { Get-TrackyardAccount @common }
            'Usage success'            = { Get-TrackyardUsage -First 3 @common }
            'Save success'             = { Save-TrackyardTrack -Id 'HostileTitle000000000000003' -Path $Folder -DurationSeconds 10 -PassThru @common }
            'Search 400'               = { Add-TrackyardEmulatorFault $Emulator -Path '/search' -Status 400; Search-TrackyardTrack 'x' -Genre 'No Such Genre' @common }
            'Search 403'               = { Add-TrackyardEmulatorFault $Emulator -Path '/search' -Status 403; Search-TrackyardTrack 'x' @common }
            'Search 404 html'          = { Add-TrackyardEmulatorFault $Emulator -Path '/search' -Status 404 -Body html; Search-TrackyardTrack 'x' @common }
            'Search 5xx with retries'  = { Add-TrackyardEmulatorFault $Emulator -Path '/search' -Status 503 -Times 3 -Headers @{ 'Retry-After' = '1' }; Search-TrackyardTrack 'x' @common }
            'Search invalid body'      = { Add-TrackyardEmulatorFault $Emulator -Path '/search' -Status 200 -Body invalid-json; Search-TrackyardTrack 'x' @fast }
            'Search truncated'         = { Add-TrackyardEmulatorFault $Emulator -Path '/search' -Status 200 -Body truncated; Search-TrackyardTrack 'x' @fast }
            'Search aborted'           = { Add-TrackyardEmulatorFault $Emulator -Path '/search' -Status 200 -Abort; Search-TrackyardTrack 'x' @fast }
            'Search echoes the key'    = { Add-TrackyardEmulatorFault $Emulator -Path '/search' -Status 400 -BodyText ('{"error":"bad key ' + $Secret + '","message":"' + $Secret + '","code":"' + $Secret + '","request_id":"' + $Secret + '"}') -Headers @{ 'X-Request-Id' = $Secret }; Search-TrackyardTrack 'x' @fast }
            'Search blank query'       = { '  ' | Search-TrackyardTrack @common }
            'Search bad bpm'           = { Search-TrackyardTrack 'x' -MinBpm 150 -MaxBpm 90 @common }
            'Search refused'           = { Search-TrackyardTrack 'x' -Connection $DeadConnection @fast }
            'Account 500 html'         = { Add-TrackyardEmulatorFault $Emulator -Path '/me' -Status 500 -Body html; Get-TrackyardAccount @fast }
            'Account wrong types'      = { Add-TrackyardEmulatorFault $Emulator -Path '/me' -Status 200 -BodyText '{"tier":"pro","credits_remaining":"lots"}'; Get-TrackyardAccount @fast }
            'Account timeout'          = { Add-TrackyardEmulatorFault $Emulator -Path '/me' -Status 200 -DelayMs 3000; Get-TrackyardAccount -Connection $script:Slow @fast }
            'Usage 401'                = { Add-TrackyardEmulatorFault $Emulator -Path '/usage' -Status 401; Get-TrackyardUsage @common }
            'Usage empty body'         = { Add-TrackyardEmulatorFault $Emulator -Path '/usage' -Status 200 -Body empty; Get-TrackyardUsage @fast }
            'Save 404'                 = { Save-TrackyardTrack -Id 'NoSuchTrack' -Path $Folder @common }
            'Save 403'                 = { Add-TrackyardEmulatorFault $Emulator -Path '/download-track' -Status 403; Save-TrackyardTrack -Id 'HostileTitle000000000000001' -Path $Folder @common }
            'Save truncated'           = { Add-TrackyardEmulatorFault $Emulator -Path '/download-track' -Status 200 -Body truncated -ContentType 'audio/mpeg'; Save-TrackyardTrack -Id 'HostileTitle000000000000002' -Path $Folder @fast }
            'Save hit point only'      = { Save-TrackyardTrack -Id 'HostileTitle000000000000001' -HitPointSeconds 5 -Path $Folder @common }
            'Save blank id'            = { ' ' | Save-TrackyardTrack -Path $Folder @common }
            'Save to a variable: path' = { Save-TrackyardTrack -Id 'HostileTitle000000000000001' -Path 'Variable:\x' @common }
            'Search 402'               = { Add-TrackyardEmulatorFault $Emulator -Path '/search' -Status 402; Search-TrackyardTrack 'x' @common }
            'Search 401'               = { Add-TrackyardEmulatorFault $Emulator -Path '/search' -Status 401; Search-TrackyardTrack 'x' @common }
            'Search 429'               = { Connect-Trackyard -ApiKey (ConvertTo-TestKey $Secret429) -BaseUri $Emulator.ApiUri; Add-TrackyardEmulatorFault $Emulator -Path '/search' -Status 429 -Headers @{ 'Retry-After' = '30' }; Search-TrackyardTrack 'x' @fast }
            'Connect revoked'          = { Connect-Trackyard -ApiKey (ConvertTo-TestKey $AllTestKeys[6]) -BaseUri $Emulator.ApiUri @common }
            'Connect unknown key'      = { Connect-Trackyard -ApiKey (ConvertTo-TestKey $SecretBad) -BaseUri $Emulator.ApiUri @common }
            'Connect key with newline' = { Connect-Trackyard -ApiKey (ConvertTo-TestKey ($Secret + "`r`nX-Injected: yes")) -BaseUri $Emulator.ApiUri @common }
            'Connect blank key'        = { Connect-Trackyard -ApiKey (ConvertTo-TestKey '   ') -BaseUri $Emulator.ApiUri @common }
            'Connect refused'          = { Connect-Trackyard -ApiKey (ConvertTo-TestKey $Secret) -BaseUri $DeadUri -MaximumRetryCount 0 @common }
            'Connect remote http'      = { Connect-Trackyard -ApiKey (ConvertTo-TestKey $Secret) -BaseUri 'http://api.trackyard.example/api/external/v1' @common }
            'Connect from environment' = { $env:TRACKYARD_API_KEY = $Secret; try { Connect-Trackyard -BaseUri $Emulator.ApiUri -PassThru @common } finally { Remove-Item Env:TRACKYARD_API_KEY } }
            'Disconnect'               = { Disconnect-Trackyard @common }
            'Get-TrackyardConnection when disconnected' = { Get-TrackyardConnection @common }
            'Search when disconnected' = { Search-TrackyardTrack 'x' @common }
        }
    }

    AfterAll {
        Remove-Item Env:TRACKYARD_API_KEY -ErrorAction SilentlyContinue
    }

    It 'shows no key in any stream, the transcript, $Error or the connection views' {
        $script:Slow = Connect-Trackyard -ApiKey (ConvertTo-TestKey $Secret) -BaseUri $Emulator.ApiUri -TimeoutSec 1 -PassThru
        $stepTexts = [ordered]@{}
        foreach ($step in $Steps.GetEnumerator()) { $stepTexts[$step.Key] = $step.Value.ToString() }

        # The steps run in a runspace whose host records what would be printed (tests/Pester/TestHost.cs), so the
        # transcript holds every record as PowerShell shows it while the test log stays quiet.
        $run = Invoke-InTestHost {
            param($RepoRoot, $Emulator, $Secret, $Secret429, $SecretBad, $AllTestKeys, $Folder, $Transcript, $DeadConnection, $DeadUri, $Slow, $TestDrive, $StepTexts)
            . (Join-Path $RepoRoot 'tests/Pester/Common.ps1')
            $script:Slow = $Slow
            $common = @{ Verbose = $true; Debug = $true; InformationAction = 'Continue'; WarningAction = 'Continue'; ErrorAction = 'Continue' }
            $fast = $common + @{ MaximumRetryCount = 0 }
            $global:Error.Clear()
            $seen = [Collections.Generic.List[string]]::new()
            $null = Start-Transcript -Path $Transcript -IncludeInvocationHeader
            try {
                foreach ($step in $StepTexts.GetEnumerator()) {
                    $records = & {
                        try { & ([scriptblock]::Create($step.Value)) } catch { $_ }
                    } *>&1
                    # Shown on the host as PowerShell would, so the transcript holds the same records.
                    $text = $records | Out-String -Width 500
                    $text | Out-Host
                    $seen.Add("### $($step.Key)`n$text")
                }
            }
            finally {
                $null = Stop-Transcript
            }

            $errorText = foreach ($record in $global:Error) {
                $record | Format-List * -Force | Out-String -Width 500
                if ($record -is [System.Management.Automation.ErrorRecord]) {
                    $record.ToString()
                    $record.Exception.ToString()
                    $record.ErrorDetails | Format-List * -Force | Out-String -Width 500
                    $record.InvocationInfo | Format-List * -Force | Out-String -Width 500
                    $record.InvocationInfo.PositionMessage
                    $record.ScriptStackTrace
                    $record.TargetObject | Out-String -Width 500
                    for ($inner = $record.Exception; $inner; $inner = $inner.InnerException) {
                        $inner | Format-List * -Force | Out-String -Width 500
                    }
                }
                else { $record.ToString() }
            }
            [pscustomobject]@{
                Streams = $seen -join "`n"
                Errors  = $errorText -join "`n"
                Ids     = @($global:Error | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] } | ForEach-Object { ($_.FullyQualifiedErrorId -split ',')[0] })
            }
        } -ArgumentList $RepoRoot, $Emulator, $Secret, $Secret429, $SecretBad, $AllTestKeys, $Folder, $Transcript, $DeadConnection, $DeadUri, $Slow, $TestDrive, $stepTexts
        $run.Errors | Should -BeNullOrEmpty -Because 'the steps themselves ran without breaking'
        $result = $run.Output[-1]
        $ids = $result.Ids
        $seen = @($result.Streams)
        $errorText = @($result.Errors)
        $transcriptText = Get-Content -Raw -LiteralPath $Transcript
        $views = @{
            streams    = $seen -join "`n"
            errors     = $errorText -join "`n"
            transcript = $transcriptText
        }

        # The run really went through the failures it claims to.
        $Steps.Count | Should -BeGreaterOrEqual 40
        foreach ($id in 'InvalidParameters', 'Unauthorized', 'OutOfCredits', 'Forbidden', 'NotFound', 'RateLimited', 'ServerError',
            'ConnectionFailed', 'Timeout', 'InvalidResponse', 'InvalidInput', 'NotConnected', 'NotFileSystemPath') {
            $ids | Should -Contain $id
        }
        $views.streams | Should -Match 'retrying in \d+ s' -Because 'the 503s went through the retries'
        $views.streams | Should -Match 'Trackyard.Connection|KeySuffix'
        $transcriptText.Length | Should -BeGreaterThan 5000
        # Whatever the error view (concise in a console, normal elsewhere), the API's own words are in the transcript.
        $transcriptText | Should -Match 'HTTP 404'
        $transcriptText | Should -Match 'POST /search: 503'

        $leaks = foreach ($view in $views.GetEnumerator()) {
            foreach ($key in $Keys) {
                if ($view.Value.Contains($key)) { "$($view.Key) holds the key ending $($key.Substring($key.Length - 4))" }
            }
        }
        $leaks | Should -BeNullOrEmpty
        $views.errors | Should -Match '\[key …'  -Because 'the echoed key was redacted, not dropped silently'
    }

    It 'takes -ApiKey only as a SecureString: a plain string fails parameter binding before any request' {
        Reset-TrackyardEmulator $Emulator
        $plain = $AllTestKeys[1]
        $global:Error.Clear()
        { Connect-Trackyard -ApiKey $plain -BaseUri $Emulator.ApiUri } | Should -Throw -ErrorId 'CannotConvertArgumentNoMessage,Trackyard.ConnectTrackyardCommand'
        @(Get-ApiRequest $Emulator).Count | Should -Be 0
        (Get-Command Connect-Trackyard).Parameters['ApiKey'].ParameterType | Should -Be ([securestring])
    }

    It 'reads TRACKYARD_API_KEY for runbooks and shows only its suffix' {
        Reset-TrackyardEmulator $Emulator
        $env:TRACKYARD_API_KEY = $AllTestKeys[2]
        try {
            $connection = Connect-Trackyard -BaseUri $Emulator.ApiUri -PassThru
        }
        finally {
            Remove-Item Env:TRACKYARD_API_KEY
        }
        $connection.Tier | Should -Be 'pro'
        $connection.KeySuffix | Should -Be '…_pro'
        (Get-ApiRequest $Emulator)[0].key_suffix | Should -Be '_pro'
        ($connection | Format-List * -Force | Out-String) | Should -Not -Match $AllTestKeys[2]
    }
}
