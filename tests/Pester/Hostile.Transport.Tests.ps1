# Transport under hostile conditions: plain http refused, redirects followed only as the policy says, and the key
# never sent to another address. A second emulator on another loopback address plays the other host.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Emulator = Start-TrackyardEmulator
    $script:Other = Start-TrackyardEmulator -Address 127.0.0.2
    $script:Folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'downloads') | Select-Object -ExpandProperty FullName
}

AfterAll {
    Disconnect-Trackyard
    Stop-TrackyardEmulator $Emulator
    Stop-TrackyardEmulator $Other
}

Describe 'Transport' {
    BeforeEach {
        Reset-TrackyardEmulator $Emulator
        Reset-TrackyardEmulator $Other
        Connect-TestEmulator $Emulator 'trackyard_test_pro' -Extra @{ MaximumRetryCount = 0 }
        Reset-TrackyardEmulator $Emulator   # forget the connect's GET /me
    }

    It 'refuses plain http to a host other than this machine, before any request' {
        $key = $AllTestKeys[2]
        $record = Invoke-ForError { Connect-Trackyard -ApiKey (ConvertTo-TestKey $key) -BaseUri 'http://api.trackyard.example/api/external/v1' }
        $record.FullyQualifiedErrorId | Should -BeLike 'InvalidInput,*'
        $record.Exception.Message | Should -Match 'unencrypted'
        $record.Exception.Message | Should -Match 'api\.trackyard\.example'
        $record.Terminating | Should -BeTrue
    }

    It 'follows a 307 to another host without the Authorization header, and reports the 401 it gets' {
        Add-TrackyardEmulatorFault $Emulator -Path '/search' -Status 307 -Headers @{ Location = "$($Other.ApiUri)/search" }
        $record = Invoke-ForError { Search-TrackyardTrack 'calm piano' -Verbose 4>$null }

        $record.FullyQualifiedErrorId | Should -BeLike 'Unauthorized,*'
        $record.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $record.Exception.StatusCode | Should -Be 401
        $record.Exception.Message | Should -Match 'another address, so the API key was not sent'
        $record.TargetObject | Should -Be 'calm piano'

        $first = @(Get-ApiRequest $Emulator)
        $first.Count | Should -Be 1
        $first[0].key_suffix | Should -Be '_pro'
        $arrived = @(Get-ApiRequest $Other)
        $arrived.Count | Should -Be 1
        $arrived[0].method | Should -Be 'POST'
        $arrived[0].path | Should -Be '/search'
        $arrived[0].status | Should -Be 401
        $arrived[0].key_suffix | Should -BeNullOrEmpty -Because 'the key never goes to another address'
    }

    It 'follows a 308 of a download to another host without the key, and leaves no file' {
        Add-TrackyardEmulatorFault $Emulator -Path '/download-track' -Status 308 -Headers @{ Location = "$($Other.ApiUri)/download-track" }
        $record = Invoke-ForError { Save-TrackyardTrack -Id 'HostileTitle000000000000003' -Path $Folder -DurationSeconds 10 }
        $record.FullyQualifiedErrorId | Should -BeLike 'Unauthorized,*'
        $arrived = @(Get-ApiRequest $Other)
        $arrived.Count | Should -Be 1
        $arrived[0].method | Should -Be 'POST'
        $arrived[0].key_suffix | Should -BeNullOrEmpty
        @(Get-ChildItem -LiteralPath $Folder -Force).Count | Should -Be 0
    }

    It 'follows a same-host redirect with the key, and the search works' {
        Add-TrackyardEmulatorFault $Emulator -Path '/search' -Status 307 -Headers @{ Location = "$($Emulator.ApiUri)/search" }
        $tracks = @(Search-TrackyardTrack 'calm piano' -First 2)
        $tracks.Count | Should -Be 2
        $searches = @(Get-ApiRequest $Emulator '/search')
        $searches.Count | Should -Be 2
        $searches.key_suffix | Should -Be @('_pro', '_pro')
        $searches[1].status | Should -Be 200
        @(Get-ApiRequest $Other).Count | Should -Be 0
    }

    It 'turns a POST into a GET on 303 (the emulator then answers 404 for GET /search)' {
        Add-TrackyardEmulatorFault $Emulator -Path '/search' -Status 303 -Headers @{ Location = "$($Emulator.ApiUri)/search" }
        $record = Invoke-ForError { Search-TrackyardTrack 'calm piano' }
        $record.FullyQualifiedErrorId | Should -BeLike 'NotFound,*'
        $searches = @(Get-ApiRequest $Emulator '/search')
        $searches.method | Should -Be @('POST', 'GET')
        $searches[1].key_suffix | Should -Be '_pro'
    }

    It 'stops a redirect loop after 5 redirects' {
        Add-TrackyardEmulatorFault $Emulator -Path '/me' -Status 302 -Times 10 -Headers @{ Location = "$($Emulator.ApiUri)/me" }
        $record = Invoke-ForError { Get-TrackyardAccount }
        $record.FullyQualifiedErrorId | Should -BeLike 'UnexpectedStatus,*'
        $record.Exception.Message | Should -Match 'More than 5 redirects'
        @(Get-ApiRequest $Emulator '/me').Count | Should -Be 6
    }

    It 'refuses a redirect to plain http on another machine without sending anything there' {
        Add-TrackyardEmulatorFault $Emulator -Path '/usage' -Status 301 -Headers @{ Location = 'http://192.0.2.10/api/external/v1/usage' }
        $record = Invoke-ForError { Get-TrackyardUsage }
        $record.FullyQualifiedErrorId | Should -BeLike 'UnexpectedStatus,*'
        $record.Exception.Message | Should -Match 'plain http on another machine'
    }
}
