# Bad responses through the emulator's faults, for every endpoint they apply to: each gives its mapped ErrorRecord
# (a TrackyardApiException), never an unhandled exception, a hang or a partly written file.
BeforeDiscovery {
    $endpoints = '/search', '/me', '/usage', '/download-track'
    $script:Cases = foreach ($path in $endpoints) {
        $json = $path -ne '/download-track'
        $bad = if ($json) { 'InvalidResponse' } else { 'InvalidResponse' }
        @{ Path = $path; Name = 'an HTML page'; Fault = @{ Status = 200; Body = 'html' }; Ids = @($bad) }
        @{ Path = $path; Name = 'an empty body'; Fault = @{ Status = 200; Body = 'empty' }; Ids = @($bad) }
        @{ Path = $path; Name = 'invalid JSON'; Fault = @{ Status = 200; Body = 'invalid-json' }; Ids = @($bad) }
        @{ Path = $path; Name = 'a truncated body'; Fault = @{ Status = 200; Body = 'truncated'; ContentType = $(if ($json) { 'application/json' } else { 'audio/mpeg' }) }; Ids = @('InvalidResponse', 'ConnectionFailed') }
        @{ Path = $path; Name = 'an aborted connection'; Fault = @{ Status = 200; Abort = $true; ContentType = $(if ($json) { 'application/json' } else { 'audio/mpeg' }) }; Ids = @('InvalidResponse', 'ConnectionFailed') }
        @{ Path = $path; Name = 'a 500 HTML page from a proxy'; Fault = @{ Status = 500; Body = 'html' }; Ids = @('ServerError') }
        @{ Path = $path; Name = 'a 502 with an empty body'; Fault = @{ Status = 502; Body = 'empty' }; Ids = @('ServerError') }
        @{ Path = $path; Name = 'a 404 with a truncated body'; Fault = @{ Status = 404; Body = 'truncated' }; Ids = @('NotFound', 'ConnectionFailed') }
        @{ Path = $path; Name = 'a 401 with invalid JSON'; Fault = @{ Status = 401; Body = 'invalid-json' }; Ids = @('Unauthorized') }
        @{ Path = $path; Name = 'an answer that stalls past the timeout'; Fault = @{ Status = 200; DelayMs = 2500 }; Ids = @('Timeout') }
        @{ Path = $path; Name = '20 MB of garbage'; Fault = @{ Status = 200; BodyText = 'garbage! '; BodyRepeat = [int](20MB / 9); ContentType = 'text/plain' }; Ids = @('InvalidResponse') }
        @{ Path = $path; Name = 'a 500 with 20 MB of garbage'; Fault = @{ Status = 500; BodyText = 'garbage! '; BodyRepeat = [int](20MB / 9); ContentType = 'text/html' }; Ids = @('ServerError') }
    }
    # Wrong types and missing fields, endpoint by endpoint.
    $script:Cases += @(
        @{ Path = '/search'; Name = '"bpm": "fast"'; Fault = @{ Status = 200; BodyText = '{"tracks":[{"id":"a","bpm":"fast"}],"credits_remaining":1}' }; Ids = @('InvalidResponse') }
        @{ Path = '/search'; Name = '"tracks": {}'; Fault = @{ Status = 200; BodyText = '{"tracks":{},"credits_remaining":1}' }; Ids = @('InvalidResponse') }
        @{ Path = '/search'; Name = 'no tracks list'; Fault = @{ Status = 200; BodyText = '{"credits_remaining":1}' }; Ids = @('InvalidResponse') }
        @{ Path = '/search'; Name = 'a track without id'; Fault = @{ Status = 200; BodyText = '{"tracks":[{"title":"x"}]}' }; Ids = @('InvalidResponse') }
        @{ Path = '/search'; Name = 'deep nesting'; Fault = @{ Status = 200; BodyText = 'Deep' }; Ids = @('InvalidResponse') }
        @{ Path = '/search'; Name = 'a huge number'; Fault = @{ Status = 200; BodyText = '{"tracks":[],"credits_remaining":1e400}' }; Ids = @('InvalidResponse') }
        @{ Path = '/me'; Name = '"credits_remaining": "lots"'; Fault = @{ Status = 200; BodyText = '{"tier":"pro","credits_remaining":"lots"}' }; Ids = @('InvalidResponse') }
        @{ Path = '/me'; Name = 'a date that is not one'; Fault = @{ Status = 200; BodyText = '{"tier":"pro","created_at":"yesterday"}' }; Ids = @('InvalidResponse') }
        @{ Path = '/me'; Name = 'JSON null'; Fault = @{ Status = 200; BodyText = 'null' }; Ids = @('InvalidResponse') }
        @{ Path = '/usage'; Name = '"usage": "none"'; Fault = @{ Status = 200; BodyText = '{"usage":"none","total_count":1}' }; Ids = @('InvalidResponse') }
        @{ Path = '/usage'; Name = 'no usage list'; Fault = @{ Status = 200; BodyText = '{"total_count":1}' }; Ids = @('InvalidResponse') }
        @{ Path = '/usage'; Name = 'a record without timestamp'; Fault = @{ Status = 200; BodyText = '{"usage":[{"endpoint":"/me"}],"total_count":1}' }; Ids = @('InvalidResponse') }
        @{ Path = '/download-track'; Name = 'JSON instead of audio'; Fault = @{ Status = 200; BodyText = '{"ok":true}'; ContentType = 'application/json' }; Ids = @('InvalidResponse') }
        @{ Path = '/download-track'; Name = 'audio with an empty body'; Fault = @{ Status = 200; Body = 'empty'; ContentType = 'audio/mpeg' }; Ids = @('InvalidResponse') }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Emulator = Start-TrackyardEmulator
    $script:Deep = ('[' * 100000) + (']' * 100000)

    function Invoke-Endpoint([string] $Path, [string] $Folder) {
        switch ($Path) {
            '/search' { Invoke-ForError { Search-TrackyardTrack 'calm piano' } }
            '/me' { Invoke-ForError { Get-TrackyardAccount } }
            '/usage' { Invoke-ForError { Get-TrackyardUsage -First 5 } }
            '/download-track' { Invoke-ForError { Save-TrackyardTrack -Id 'HostileTitle000000000000003' -Path $Folder -DurationSeconds 10 } }
        }
    }
}

AfterAll {
    Disconnect-Trackyard
    Stop-TrackyardEmulator $Emulator
}

Describe 'Bad responses' {
    BeforeEach {
        Reset-TrackyardEmulator $Emulator
        # One attempt per call (no retries), and a short timeout for the stalled answers.
        Connect-TestEmulator $Emulator 'trackyard_test_pro' -Extra @{ TimeoutSec = 1; MaximumRetryCount = 0 }
    }

    It '<Path>: <Name> gives <Ids>' -ForEach $Cases {
        $fault = $Fault.Clone()
        if ($fault.BodyText -eq 'Deep') { $fault.BodyText = $Deep }
        Add-TrackyardEmulatorFault $Emulator -Path $Path @fault
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive ([guid]::NewGuid().ToString('n'))) | Select-Object -ExpandProperty FullName

        [GC]::Collect()
        $allocated = [GC]::GetTotalAllocatedBytes($true)
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $record = Invoke-Endpoint $Path $folder
        $watch.Stop()
        $allocatedMB = ([GC]::GetTotalAllocatedBytes($true) - $allocated) / 1MB

        $record | Should -Not -BeNullOrEmpty -Because 'the failure is reported'
        $record.Exception | Should -BeOfType ([Trackyard.TrackyardApiException]) -Because "an ErrorRecord of the module, not $($record.Exception.GetType().FullName): $($record.Exception.Message)"
        ($record.FullyQualifiedErrorId -split ',')[0] | Should -BeIn $Ids
        $record.ErrorDetails.Message | Should -Not -BeNullOrEmpty
        $record.ErrorDetails.Message | Should -Not -Match '<html|garbage! garbage!'
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 10 -Because 'nothing hangs'
        $allocatedMB | Should -BeLessThan 20 -Because 'JSON bodies are capped at 16 MB and error bodies at 64 KB, so memory stays bounded'
        @(Get-ChildItem -LiteralPath $folder -Force).Count | Should -Be 0 -Because 'no file and no .partial is left behind'
    }

    It 'still works after all that: the next search succeeds' {
        @(Search-TrackyardTrack 'calm piano' -First 2).Count | Should -Be 2
    }
}
