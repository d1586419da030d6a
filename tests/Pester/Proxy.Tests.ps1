BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    if (-not ('TrackyardTests.ForwardProxy' -as [type])) {
        Add-Type -Path (Join-Path $PSScriptRoot 'ForwardProxy.cs')
    }
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
    }

    It 'sends every request of the connection through the proxy, even to this machine' {
        $proxy = [TrackyardTests.ForwardProxy]::new()
        try {
            $connection = Connect-TestEmulator $Emulator -Extra @{ Proxy = $proxy.Uri; PassThru = $true }
            $tracks = @(Search-TrackyardTrack 'upbeat electronic' -First 3)
            $tracks.Count | Should -Be 3
            $null = Get-TrackyardAccount

            $connection.Proxy | Should -Be ([uri]$proxy.Uri)
            $seen = @($proxy.Requests)
            $seen.Method | Should -Be @('GET', 'POST', 'GET')
            $seen.Target | Should -Be @("$($Emulator.ApiUri)/me", "$($Emulator.ApiUri)/search", "$($Emulator.ApiUri)/me")
            @(Get-ApiRequest $Emulator).Count | Should -Be 3
        }
        finally {
            $proxy.Dispose()
        }
    }

    It 'answers the proxy''s 407 with -ProxyCredential' {
        $proxy = [TrackyardTests.ForwardProxy]::new('proxyuser', 'proxy-secret')
        try {
            $credential = [pscredential]::new('proxyuser', (ConvertTo-SecureString 'proxy-secret' -AsPlainText -Force))
            Connect-TestEmulator $Emulator -Extra @{ Proxy = $proxy.Uri; ProxyCredential = $credential }
            @(Search-TrackyardTrack 'calm piano' -First 2).Count | Should -Be 2

            $seen = @($proxy.Requests)
            $seen[0].Status | Should -Be 407
            @($seen | Where-Object Authorized).Target | Should -Be @("$($Emulator.ApiUri)/me", "$($Emulator.ApiUri)/search")
        }
        finally {
            $proxy.Dispose()
        }
    }

    It 'fails to connect when the proxy wants a credential and none is given' {
        $proxy = [TrackyardTests.ForwardProxy]::new('proxyuser', 'proxy-secret')
        try {
            $record = Invoke-ForError { Connect-TestEmulator $Emulator -Extra @{ Proxy = $proxy.Uri } }
            $record | Should -Not -BeNullOrEmpty
            $record.Exception.StatusCode | Should -Be 407
            Get-TrackyardConnection -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
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

    It 'uses HTTP_PROXY by default and skips it for hosts in NO_PROXY' {
        $proxy = [TrackyardTests.ForwardProxy]::new()
        try {
            $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$RepoRoot/out/Trackyard/Trackyard.psd1'
Connect-Trackyard -ApiKey (ConvertTo-SecureString 'trackyard_test_starter' -AsPlainText -Force) -BaseUri '$($Emulator.ApiUri)'
@{ Tracks = @(Search-TrackyardTrack 'upbeat' -First 2).Count } | ConvertTo-Json -Compress
"@
            $viaProxy = Invoke-FreshPwsh $script -Environment @{ HTTP_PROXY = $proxy.Uri; NO_PROXY = $null }
            $viaProxy.Tracks | Should -Be 2
            @($proxy.Requests).Target | Should -Be @("$($Emulator.ApiUri)/me", "$($Emulator.ApiUri)/search")

            $proxy.Requests.Clear()
            $bypassed = Invoke-FreshPwsh $script -Environment @{ HTTP_PROXY = $proxy.Uri; NO_PROXY = '127.0.0.1' }
            $bypassed.Tracks | Should -Be 2
            @($proxy.Requests).Count | Should -Be 0
            @(Get-ApiRequest $Emulator).Count | Should -Be 4
        }
        finally {
            $proxy.Dispose()
        }
    }
}
