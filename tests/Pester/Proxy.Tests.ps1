BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-TestServer
    $script:Emulator = Start-TrackyardEmulator

    function Invoke-FreshPwsh {
        # Runs a script in a new pwsh (its own HttpClient.DefaultProxy, read from the environment at first use)
        # and returns what it wrote as JSON.
        param([string] $Script, [hashtable] $Environment = @{})
        $saved = @{}
        foreach ($name in $Environment.Keys) {
            $saved[$name] = [Environment]::GetEnvironmentVariable($name)
            [Environment]::SetEnvironmentVariable($name, $Environment[$name])
        }
        try {
            Push-Location $RepoRoot
            $output = & dotnet pwsh -NoProfile -NonInteractive -Command $Script 2>&1
            if ($LASTEXITCODE -ne 0) { throw "The fresh pwsh failed ($LASTEXITCODE): $output" }
            ($output | Out-String) | ConvertFrom-Json
        }
        finally {
            Pop-Location
            foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
        }
    }
}

AfterAll {
    Disconnect-Trackyard
    Stop-TrackyardEmulator $Emulator
}

Describe 'Connect-Trackyard -Proxy' {
    BeforeEach {
        Disconnect-Trackyard
        Reset-TrackyardEmulator $Emulator
        # An https address on this machine: through a proxy, https goes as a CONNECT tunnel, which the test proxy
        # records and refuses (it never opens it), so nothing reaches the emulator.
        $script:HttpsUri = $Emulator.ApiUri -replace '^http:', 'https:'
        $script:HttpsTarget = ([uri]$HttpsUri).Authority
    }

    It 'sends an https connection''s requests through the proxy as a CONNECT tunnel, and reports the proxy''s refusal' {
        $proxy = [TrackyardTests.ForwardProxy]::new()
        try {
            $record = Invoke-ForError { Connect-Trackyard -ApiKey (ConvertTo-TestKey 'trackyard_test_starter') -BaseUri $HttpsUri -Proxy $proxy.Uri }

            $record.FullyQualifiedErrorId | Should -BeLike 'ProxyFailed*'
            $record.CategoryInfo.Category | Should -Be 'ConnectionError'
            $record.Exception.MayHaveReachedService | Should -BeFalse
            $record.Exception.Message | Should -Match 'proxy'
            $seen = @($proxy.Requests)
            $seen.Method | Should -Be @('CONNECT')
            $seen.Target | Should -Be @($HttpsTarget)
            $seen.CarriedAuthorization | Should -Be @($false)
            @(Get-ApiRequest $Emulator).Count | Should -Be 0
        }
        finally {
            $proxy.Dispose()
        }
    }

    It 'answers the proxy''s 407 with -ProxyCredential' {
        $proxy = [TrackyardTests.ForwardProxy]::new('proxyuser', 'proxy-secret')
        try {
            $credential = [pscredential]::new('proxyuser', (ConvertTo-SecureString 'proxy-secret' -AsPlainText -Force))
            $record = Invoke-ForError { Connect-Trackyard -ApiKey (ConvertTo-TestKey 'trackyard_test_starter') -BaseUri $HttpsUri -Proxy $proxy.Uri -ProxyCredential $credential }

            $record.FullyQualifiedErrorId | Should -BeLike 'ProxyFailed*'
            $seen = @($proxy.Requests)
            $seen[0].Status | Should -Be 407
            @($seen | Where-Object Authorized).Target | Should -Contain $HttpsTarget
            ($record | Out-String) + $record.Exception.ToString() | Should -Not -Match 'proxy-secret'
        }
        finally {
            $proxy.Dispose()
        }
    }

    It 'fails to connect when the proxy wants a credential and none is given' {
        $proxy = [TrackyardTests.ForwardProxy]::new('proxyuser', 'proxy-secret')
        try {
            $record = Invoke-ForError { Connect-Trackyard -ApiKey (ConvertTo-TestKey 'trackyard_test_starter') -BaseUri $HttpsUri -Proxy $proxy.Uri }
            $record | Should -Not -BeNullOrEmpty
            $record.FullyQualifiedErrorId | Should -BeLike 'ProxyFailed*'
            $record.Exception.Message | Should -Match '407'
            Get-TrackyardConnection -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            @(Get-ApiRequest $Emulator).Count | Should -Be 0
        }
        finally {
            $proxy.Dispose()
        }
    }

    It 'refuses -Proxy in front of a plain-http base URI before sending anything: the proxy would see the key' {
        $proxy = [TrackyardTests.ForwardProxy]::new()
        try {
            $record = Invoke-ForError { Connect-TestEmulator $Emulator -Extra @{ Proxy = $proxy.Uri } }
            $record.FullyQualifiedErrorId | Should -BeLike 'InvalidInput*'
            $record.Exception.Message | Should -Match 'clear text'
            @($proxy.Requests).Count | Should -Be 0
            @(Get-ApiRequest $Emulator).Count | Should -Be 0
        }
        finally {
            $proxy.Dispose()
        }
    }

    It 'refuses <Case> before sending anything' -TestCases @(
        @{ Case = 'a proxy that is not a URI of a proxy'; Extra = @{ Proxy = 'ftp://127.0.0.1:21' } }
        @{ Case = 'a user name in the proxy address'; Extra = @{ Proxy = 'http://user:pass@127.0.0.1:3128' } }
        @{ Case = '-ProxyCredential without -Proxy'; Extra = @{ ProxyCredential = [pscredential]::new('u', (ConvertTo-SecureString 'p' -AsPlainText -Force)) } }
    ) {
        $record = Invoke-ForError { Connect-TestEmulator $Emulator -Extra $Extra }
        $record.FullyQualifiedErrorId | Should -BeLike 'InvalidInput*'
        $record.Exception.Message | Should -Not -Match 'pass@'
        @(Get-ApiRequest $Emulator).Count | Should -Be 0
    }
}

Describe 'The system proxy from the environment' {
    BeforeEach {
        Reset-TrackyardEmulator $Emulator
    }

    It 'never sends a plain-http request through HTTP_PROXY: the key would reach the proxy in clear text' {
        $proxy = [TrackyardTests.ForwardProxy]::new()
        try {
            $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$RepoRoot/out/Trackyard/Trackyard.psd1'
Connect-Trackyard -ApiKey (ConvertTo-SecureString 'trackyard_test_starter' -AsPlainText -Force) -BaseUri '$($Emulator.ApiUri)'
@{ Tracks = @(Search-TrackyardTrack 'upbeat' -First 2).Count } | ConvertTo-Json -Compress
"@
            $direct = Invoke-FreshPwsh $script -Environment @{ HTTP_PROXY = $proxy.Uri; ALL_PROXY = $proxy.Uri; NO_PROXY = $null }
            $direct.Tracks | Should -Be 2
            @($proxy.Requests).Count | Should -Be 0
            @(Get-ApiRequest $Emulator).Count | Should -Be 2
        }
        finally {
            $proxy.Dispose()
        }
    }

    It 'sends an https request through HTTPS_PROXY, and never shows the user name and password written in it' {
        $proxy = [TrackyardTests.ForwardProxy]::new('user', 'other')
        try {
            $proxyWithSecret = $proxy.Uri -replace '^http://', 'http://user:s3cret@'
            $transcript = Join-Path $TestDrive 'https-proxy-transcript.txt'
            $script = @"
`$ErrorActionPreference = 'Continue'
Import-Module '$RepoRoot/out/Trackyard/Trackyard.psd1'
`$null = Start-Transcript -LiteralPath '$transcript'
try {
    `$streams = Connect-Trackyard -ApiKey (ConvertTo-SecureString 'trackyard_test_starter' -AsPlainText -Force) -BaseUri '$HttpsUri' -Verbose -Debug -WarningAction Continue *>&1 | Out-String
}
catch {
    `$record = `$_
}
`$null = Stop-Transcript
@{
    ErrorId = `$record.FullyQualifiedErrorId
    Everything = `$streams + (`$record | Out-String) + (`$record | Get-Error | Out-String) + `$record.Exception.ToString() + (Get-Content -Raw -LiteralPath '$transcript')
} | ConvertTo-Json -Compress
"@
            $result = Invoke-FreshPwsh $script -Environment @{ HTTPS_PROXY = $proxyWithSecret; NO_PROXY = $null }
            $result.ErrorId | Should -BeLike 'ProxyFailed*'
            $result.Everything | Should -Match '407'
            $result.Everything | Should -Not -Match 's3cret'
            @($proxy.Requests).Method | Should -Contain 'CONNECT'
            @(Get-ApiRequest $Emulator).Count | Should -Be 0
        }
        finally {
            $proxy.Dispose()
        }
    }
}
