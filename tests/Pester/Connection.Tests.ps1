BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Emulator = Start-TrackyardEmulator
}

AfterAll {
    Disconnect-Trackyard
    Stop-TrackyardEmulator $Emulator
}

Describe 'Connect-Trackyard' {
    BeforeEach {
        Disconnect-Trackyard
        Reset-TrackyardEmulator $Emulator
        Remove-Item Env:TRACKYARD_API_KEY -ErrorAction SilentlyContinue
    }

    It 'connects with a SecureString key, writes nothing, and validates the key with one GET /me' {
        $output = Connect-TestEmulator $Emulator
        $output | Should -BeNullOrEmpty
        $requests = @(Get-ApiRequest $Emulator)
        $requests.Count | Should -Be 1
        $requests[0].method | Should -Be 'GET'
        $requests[0].path | Should -Be '/me'
        $requests[0].key_suffix | Should -Be 'rter'
    }

    It 'returns a Trackyard.Connection with -PassThru that shows no key' {
        $connection = Connect-TestEmulator $Emulator -Extra @{ PassThru = $true }
        $connection | Should -BeOfType ([Trackyard.Connection])
        $connection.Tier | Should -Be 'starter'
        $connection.KeySuffix | Should -BeLike '*rter'
        $connection.BaseUri.AbsoluteUri.TrimEnd('/') | Should -Be $Emulator.ApiUri
        $connection.ConnectedAt | Should -BeGreaterThan ([DateTimeOffset]::Now.AddMinutes(-1))
        $text = ($connection | Format-List * | Out-String) + $connection.ToString() + ($connection | ConvertTo-Json -Depth 5)
        $text | Should -Not -Match 'trackyard_test_starter'
    }

    It 'accepts a PSCredential whose password is the key' {
        $credential = [pscredential]::new('ignored', (ConvertTo-TestKey 'trackyard_test_pro'))
        Connect-Trackyard -Credential $credential -BaseUri $Emulator.ApiUri
        (Get-TrackyardConnection).Tier | Should -Be 'pro'
    }

    It 'reads TRACKYARD_API_KEY when no key is given (runbooks)' {
        $env:TRACKYARD_API_KEY = 'trackyard_test_free'
        Connect-Trackyard -BaseUri $Emulator.ApiUri
        (Get-TrackyardConnection).Tier | Should -Be 'free'
    }

    It 'fails with a terminating Unauthorized error for a revoked key and stores no connection' {
        $record = Invoke-ForError { Connect-TestEmulator $Emulator 'trackyard_test_revoked' }
        $record.Terminating | Should -BeTrue
        $record.FullyQualifiedErrorId | Should -BeLike 'Unauthorized*'
        $record.CategoryInfo.Category | Should -Be 'AuthenticationError'
        Get-TrackyardConnection | Should -BeNullOrEmpty
    }

    It 'keeps the previous connection when a new Connect fails' {
        Connect-TestEmulator $Emulator 'trackyard_test_pro'
        $null = Invoke-ForError { Connect-TestEmulator $Emulator 'trackyard_test_revoked' }
        (Get-TrackyardConnection).Tier | Should -Be 'pro'
    }

    It 'refuses plain http to a host that is not loopback before sending anything' {
        $record = Invoke-ForError { Connect-Trackyard -ApiKey (ConvertTo-TestKey 'trackyard_test_starter') -BaseUri 'http://trackyard.invalid/api/external/v1' }
        $record.Terminating | Should -BeTrue
        $record.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $record.Exception.Message | Should -Match 'https'
        Get-TrackyardConnection | Should -BeNullOrEmpty
    }

    It 'rejects a blank key and a key with a line break before any request' -TestCases @(
        @{ Key = '   ' }
        @{ Key = "trackyard_test_starter`r`nX-Injected: 1" }
        @{ Key = "trackyard_test_starter`n" }
    ) {
        param($Key)
        $record = Invoke-ForError { Connect-Trackyard -ApiKey (ConvertTo-TestKey $Key) -BaseUri $Emulator.ApiUri }
        $record.Terminating | Should -BeTrue
        $record.CategoryInfo.Category | Should -Be 'InvalidArgument'
        @(Get-ApiRequest $Emulator).Count | Should -Be 0
    }

    It 'fails clearly when no key is given, TRACKYARD_API_KEY is not set and nobody can answer a prompt (-NonInteractive)' {
        $script = @"
Import-Module '$RepoRoot/out/Trackyard/Trackyard.psd1'
try { Connect-Trackyard -BaseUri '$($Emulator.ApiUri)'; 'connected' }
catch { `$_.FullyQualifiedErrorId; `$_.Exception.Message }
"@
        $saved = $env:TRACKYARD_API_KEY
        try {
            Remove-Item Env:TRACKYARD_API_KEY -ErrorAction SilentlyContinue
            Push-Location $RepoRoot
            $output = @(& dotnet pwsh -NoProfile -NonInteractive -Command $script 2>&1 | ForEach-Object { "$_" })
        }
        finally {
            Pop-Location
            $env:TRACKYARD_API_KEY = $saved
        }
        $output[0] | Should -BeLike 'InvalidInput*'
        $output[1] | Should -Match 'TRACKYARD_API_KEY'
        ($output -join "`n") | Should -Not -Match 'Trackyard API key'
        @(Get-ApiRequest $Emulator).Count | Should -Be 0
    }

    It 'asks for the key with a masked prompt in an interactive host when none is given' {
        if (-not ('TrackyardTests.TestHost' -as [type])) {
            Add-Type -Path (Join-Path $PSScriptRoot 'TestHost.cs')
        }
        $promptingHost = [TrackyardTests.TestHost]::new('trackyard_test_starter')
        $runspace = [runspacefactory]::CreateRunspace($promptingHost)
        $runspace.Open()
        $shell = [powershell]::Create()
        try {
            $shell.Runspace = $runspace
            $null = $shell.AddScript({
                    param($Module, $Uri)
                    Import-Module $Module
                    Connect-Trackyard -BaseUri $Uri -ReturnConnection
                }).AddArgument((Join-Path $RepoRoot 'out/Trackyard/Trackyard.psd1')).AddArgument($Emulator.ApiUri)
            $connection = @($shell.Invoke())
            $shell.Streams.Error | Should -BeNullOrEmpty
        }
        finally {
            $shell.Dispose()
            $runspace.Dispose()
        }

        $connection.Count | Should -Be 1
        $connection[0].KeySuffix | Should -Be '…rter'
        $promptingHost.Prompts.Count | Should -Be 1
        $promptingHost.Prompts[0] | Should -Match 'TRACKYARD_API_KEY'
        $promptingHost.Prompts[0] | Should -Match 'System.Security.SecureString'
        ($promptingHost.UI.Written -join "`n") | Should -Not -Match 'trackyard_test_starter'
        (Get-ApiRequest $Emulator).key_suffix | Should -Be @('rter')
        Get-TrackyardConnection | Should -BeNullOrEmpty -Because '-ReturnConnection leaves the current connection as it was'
    }

    It 'returns a second connection with -ReturnConnection and leaves the current one untouched' {
        Connect-TestEmulator $Emulator 'trackyard_test_free'
        $current = Get-TrackyardConnection

        $second = Connect-TestEmulator $Emulator 'trackyard_test_pro' -Extra @{ ReturnConnection = $true }

        $second | Should -BeOfType ([Trackyard.Connection])
        $second.Tier | Should -Be 'pro'
        Get-TrackyardConnection | Should -Be $current
        (Get-TrackyardAccount).Tier | Should -Be 'free'
        (Get-TrackyardAccount -Connection $second).Tier | Should -Be 'pro'
    }

    It 'makes the new connection current with -PassThru, and also returns it' {
        Connect-TestEmulator $Emulator 'trackyard_test_free'
        $second = Connect-TestEmulator $Emulator 'trackyard_test_pro' -Extra @{ PassThru = $true }
        Get-TrackyardConnection | Should -Be $second
    }

    It 'accepts the address the emulator prints (no path) and adds the API path, saying so in verbose' {
        $verbose = Connect-Trackyard -ApiKey (ConvertTo-TestKey 'trackyard_test_starter') -BaseUri $Emulator.BaseUri -Verbose 4>&1
        (Get-TrackyardConnection).BaseUri | Should -Be ([uri]$Emulator.ApiUri)
        ($verbose -join "`n") | Should -Match 'has no path'
        (Get-ApiRequest $Emulator).path | Should -Be @('/me')
    }

    It 'says a wrong base URI path is about the base URI, not about a track id' {
        $record = Invoke-ForError { Connect-Trackyard -ApiKey (ConvertTo-TestKey 'trackyard_test_starter') -BaseUri "$($Emulator.BaseUri)/api/v2" }
        $record.Terminating | Should -BeTrue
        $record.Exception.Message | Should -Match 'check -BaseUri'
        $record.ErrorDetails.Message | Should -Match 'check -BaseUri'
        $record.ErrorDetails.RecommendedAction | Should -Match '-BaseUri'
        $record.ErrorDetails.RecommendedAction | Should -Not -Match 'track id'
    }

    It 'sends a User-Agent naming the module and PowerShell versions' {
        Connect-TestEmulator $Emulator
        $agent = (Get-ApiRequest $Emulator)[0].user_agent
        $agent | Should -Match 'Trackyard-PowerShell/\d+\.\d+\.\d+'
        $agent | Should -Match ([regex]::Escape("PowerShell/$($PSVersionTable.PSVersion.ToString())"))
    }
}

Describe 'Get-TrackyardConnection and Disconnect-Trackyard' {
    BeforeEach {
        Disconnect-Trackyard
        Reset-TrackyardEmulator $Emulator
    }

    It 'shows the rate-limit and credit headers last seen' {
        Connect-TestEmulator $Emulator
        $null = Search-TrackyardTrack 'calm piano' -First 1
        $snapshot = (Get-TrackyardConnection).LastRateLimit
        $snapshot.Limit | Should -Be 10
        $snapshot.Remaining | Should -BeIn @(8, 9) -Because "two calls were made and /me may or may not count"
        $snapshot.LimitDaily | Should -Be 500
        $snapshot.CreditsRemaining | Should -Be 299
    }

    It 'forgets the connection on disconnect, after which API cmdlets fail naming Connect-Trackyard' {
        Connect-TestEmulator $Emulator
        Disconnect-Trackyard
        Get-TrackyardConnection | Should -BeNullOrEmpty
        $record = Invoke-ForError { Search-TrackyardTrack 'calm piano' }
        $record.Terminating | Should -BeTrue
        $record.FullyQualifiedErrorId | Should -BeLike 'NotConnected*'
        $record.CategoryInfo.Category | Should -Be 'InvalidOperation'
        $record.Exception.Message | Should -Match 'Connect-Trackyard'
    }

    It 'uses an explicit -Connection over the current one' {
        $pro = Connect-TestEmulator $Emulator 'trackyard_test_pro' -Extra @{ PassThru = $true }
        Connect-TestEmulator $Emulator 'trackyard_test_free'
        (Get-TrackyardAccount -Connection $pro).Tier | Should -Be 'pro'
        (Get-TrackyardAccount).Tier | Should -Be 'free'
    }

    It 'makes the current connection visible inside ForEach-Object -Parallel' {
        Connect-TestEmulator $Emulator
        $modulePath = Join-Path $RepoRoot 'out/Trackyard/Trackyard.psd1'
        $tiers = 1..2 | ForEach-Object -Parallel {
            Import-Module $using:modulePath
            (Get-TrackyardAccount).Tier
        }
        $tiers | Should -Be @('starter', 'starter')
    }
}
