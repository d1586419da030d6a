# Every README example runs as written: each fenced PowerShell block of README.md runs, unchanged but for the
# substitutions listed below, in a runspace of this pwsh with the built module found by name (as if installed), against
# the emulator, in a fresh temporary folder, with a fresh key and connection; it must end without a single error record.
# Where the README says what a block prints or does, the block's Then checks it. A block that cannot run here is on the
# allow-list with its reason; an entry whose snippet is no longer in the README, and a block that is neither run nor
# listed, fail the suite.

BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'ReadmeRunner.ps1')
    $script:CodeBlocks = @(Get-ReadmeBlock | Where-Object Language -NE 'text' | ForEach-Object {
            @{ Name = $_.Name; Index = $_.Index }
        })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    . (Join-Path $PSScriptRoot 'ReadmeRunner.ps1')
    if (-not ('TrackyardTests.TestHost' -as [type])) {
        Add-Type -Path (Join-Path $PSScriptRoot 'TestHost.cs')
    }
    $script:Blocks = @(Get-ReadmeBlock)
    $script:Emulator = Start-TrackyardEmulator
    $script:WorkRoot = New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "trackyard-readme-$([guid]::NewGuid().ToString('n'))")
    $script:SavedEnvironment = @{}
    foreach ($name in 'PSModulePath', 'TRACKYARD_API_KEY', 'LOCALAPPDATA') {
        $SavedEnvironment[$name] = [Environment]::GetEnvironmentVariable($name)
    }
    # The module is found by name, as an installed module is: Import-Module Trackyard, autoloading, and the
    # runspaces of ForEach-Object -Parallel all find the build in out/.
    $env:PSModulePath = (Join-Path $RepoRoot 'out') + [IO.Path]::PathSeparator + $env:PSModulePath

    # Blocks that cannot run here, each with its reason. Held to the parser and to the parameters of their commands all
    # the same; an entry whose snippet is no longer in the README fails the suite.
    $script:AllowList = @(
        @{ Snippet = 'Install-PSResource Trackyard -Prerelease'
            Why = 'installs from the PowerShell Gallery, which this machine cannot reach; Package.Tests.ps1 installs the real package with Install-PSResource from a local repository and imports it by name' }
        @{ Snippet = 'dotnet pwsh ./build.ps1 -Task Demo'
            Why = 'sh, and it builds the module and runs every test, this suite included; what the demo prints is checked by "README output | the demo prints the tables shown", from the same script' }
        @{ Snippet = 'dotnet run --project src/Trackyard.Emulator'
            Why = 'sh, and the emulator runs until Ctrl+C; this suite starts the same emulator and checks the two lines it prints' }
        @{ Snippet = 'curl -X POST $E/_emulator/reset'
            Why = 'sh (curl); the PowerShell block after it makes the same control-plane calls and runs here' }
    )

    # Files every example finds in its working folder, as the README's reader has them.
    $script:WorkingFolderFiles = @{
        'briefs.csv' = "Query,Client`ncalm piano,Bakery`nupbeat ukulele for a vlog,Travel blog"
    }

    # What each block needs beyond the suite-wide setting (see Invoke-ReadmeBlock: the module found by name, connected
    # with a fresh key, Connect-Trackyard's -BaseUri defaulting to the emulator, TRACKYARD_API_KEY holding the key,
    # prompts answered with the key as a user would type it, a fresh temporary working folder), and what it checks.
    #   Snippet  text that names the block (exactly one)
    #   Replace  text replaced before the block runs: Find, With (text, or a script block given the context), Why
    #   Given    script block given the context; returns Variables (set in the block's runspace), Environment (process
    #            environment variables for the block) and Script (run in the block's runspace before the block)
    #   Then     script block given the run: what the README says the block prints or does
    $script:Examples = @(
        @{ Snippet = 'Get-Help about_Trackyard'
            Replace = @(@{ Find = 'Get-Help Search-TrackyardTrack -Online'
                    With = '@((Get-Help Search-TrackyardTrack).relatedLinks.navigationLink | Where-Object uri)[0].uri'
                    Why = '-Online starts a browser, which this machine has not: the substitute writes the address -Online opens' })
            Then = {
                param($Run)
                ($Run.Text) | Should -Match 'TOPIC\s+about_Trackyard'
                $link = [string]$Run.Output[-1]
                $link | Should -Match '/docs/help/Search-TrackyardTrack\.md$'
                Test-Path -LiteralPath (Join-Path $RepoRoot 'docs/help/Search-TrackyardTrack.md') | Should -BeTrue
            }
        }
        @{ Snippet = "Read-Host -AsSecureString 'Trackyard API key'"
            Given = {
                param($Context)
                # Three ways to give a key, a key each: the prompt is answered with the example's key, the secret store
                # and the environment hold keys of their own. SecretManagement is not installed here (no Gallery):
                # Get-Secret answers as it does for a secret stored as a PSCredential.
                $secret = New-ReadmeKey 'secret'
                $environment = New-ReadmeKey 'environment'
                @{  Script      = "function global:Get-Secret { param([string] `$Name) [pscredential]::new(`$Name, (ConvertTo-SecureString '$secret' -AsPlainText -Force)) }"
                    Environment = @{ TRACKYARD_API_KEY = $environment }
                    Variables   = @{ ReadmeKeys = @($Context.Key, $secret, $environment) }
                }
            }
            Then = {
                param($Run)
                $Run.Session.Host.Prompts | Should -HaveCount 1
                $Run.Session.Host.Prompts[0] | Should -Match 'Trackyard API key'
                # Each connection checks its key with GET /me: the prompt's, the secret's, then the environment's.
                $keys = @($Run.Eval('$ReadmeKeys'))
                $checked = @($Run.Requests | Where-Object path -EQ '/me' | Select-Object -Skip 1 | ForEach-Object key_suffix)
                $checked | Should -Be ($keys | ForEach-Object { $_.Substring($_.Length - 4) })
                $connection = Get-TrackyardConnection
                $connection.KeySuffix | Should -Be ('…' + $keys[2].Substring($keys[2].Length - 4))
                $connection.RetryOnRateLimit | Should -BeTrue
                $Run.Output | Should -BeNullOrEmpty -Because 'Connect-Trackyard writes nothing without -PassThru'
            }
        }
        @{ Snippet = 'Get-TrackyardConnection          # base URI'
            Then = {
                param($Run)
                $Run.Output | Should -HaveCount 1
                $connection = $Run.Output[0]
                $connection.PSObject.TypeNames | Should -Contain 'Trackyard.Connection'
                foreach ($property in 'BaseUri', 'Tier', 'KeySuffix', 'LastRateLimit', 'CreditLimit', 'CreditsSpent', 'CreditsRemaining') {
                    $connection.PSObject.Properties.Name | Should -Contain $property
                }
                $connection.KeySuffix | Should -Be ('…' + $Run.Context.Key.Substring($Run.Context.Key.Length - 4))
                # "remaining/limit, such as 4/10 per minute, 494/500 per day, credits 297; a limit the key does not
                # have reads unlimited" (the example key has no daily limit).
                [string]$connection.LastRateLimit | Should -Match '^\d+/300 per minute, unlimited per day, credits \d+$'
                Get-TrackyardConnection | Should -BeNullOrEmpty -Because 'Disconnect-Trackyard forgets the connection'
            }
        }
        @{ Snippet = "'calm piano', 'epic trailer' | Search-TrackyardTrack -First 5"
            Then = {
                param($Run)
                $byQuery = $Run.Output | Group-Object Query -AsHashTable -AsString
                $byQuery['moody piano for a rainy scene'] | Should -HaveCount 20 -Because 'one page of 20 tracks'
                $byQuery['driving synthwave'] | Should -Not -BeNullOrEmpty
                foreach ($track in $byQuery['driving synthwave']) {
                    $track.Genre | Should -Be 'Electronic'
                    $track.EnergyLevel | Should -Be 'high'
                    $track.Bpm | Should -BeGreaterOrEqual 110
                    $track.Bpm | Should -BeLessOrEqual 130
                }
                $byQuery['podcast intro'] | Should -Not -BeNullOrEmpty
                foreach ($track in $byQuery['podcast intro']) {
                    $track.HasVocals | Should -BeFalse
                    $track.Instruments | Should -Contain 'guitar'
                    @($track.Moods | Where-Object { $_ -in 'Upbeat', 'Confident' }) | Should -Not -BeNullOrEmpty
                }
                $ambient = $byQuery['ambient texture']
                $ambient | Should -HaveCount 270 -Because '-First 250, then -Skip 20 -First 20'
                $ambient[250..269].Id | Should -Be $ambient[20..39].Id -Because '-Skip 20 -First 20 is the second page of 20'
                $byQuery['calm piano'] | Should -HaveCount (5 + 3) -Because '-First 5 from the pipeline, and the same brief from briefs.csv with -First 3'
                $byQuery['epic trailer'] | Should -HaveCount 5
                $byQuery['upbeat ukulele for a vlog'] | Should -HaveCount 3
                # A page a credit: 1 + 1 + 1 + 3 (-First 250 in pages of up to 100) + 1 + 2 + 2 (briefs.csv); the
                # briefs' "calm piano" -First 3 is not the pipeline's -First 5 page, so it is not from the cache.
                @($Run.Requests | Where-Object path -EQ '/search').Count | Should -Be 11
                (Get-TrackyardConnection).CreditsSpent | Should -Be 11
            }
        }
        @{ Snippet = "'upbeat electronic for a tech demo' -First 1 | Format-List"
            Then = {
                param($Run)
                $shown = Get-ReadmeOutput 'Query           : upbeat electronic for a tech demo'
                # Wide enough for the address of any port on one line, as the README shows it.
                $printed = ($Run.Output | Out-String -Width 200) -replace [regex]::Escape($Emulator.BaseUri), 'http://127.0.0.1:PORT'
                Assert-SameLines (ConvertTo-Lines $printed) (ConvertTo-Lines $shown) 'the Format-List output'
            }
        }
        @{ Snippet = 'Get-TrackyardAccount             # Tier'
            Then = {
                param($Run)
                $Run.Output | Should -HaveCount 1
                $account = $Run.Output[0]
                $account.PSObject.TypeNames | Should -Contain 'Trackyard.Account'
                $named = ($Run.Code -split '#', 2)[1] -split ',' | ForEach-Object Trim | Where-Object { $_ -match '^\w+$' }
                $named.Count | Should -BeGreaterOrEqual 5
                foreach ($property in $named) { $account.PSObject.Properties.Name | Should -Contain $property }
                # "Unlimited values are $null (shown as unlimited)": the example key has no daily limit.
                $account.RequestsPerDay | Should -BeNullOrEmpty
                $Run.Text | Should -Match 'unlimited'
            }
        }
        @{ Snippet = 'Connect-Trackyard -Credential $stagingKey -ReturnConnection'
            Given = {
                param($Context)
                $production = New-ReadmeKey 'production'
                $staging = New-ReadmeKey 'staging'
                @{ Variables = @{
                        productionKey = [pscredential]::new('production', (ConvertTo-SecureString $production -AsPlainText -Force))
                        stagingKey    = [pscredential]::new('staging', (ConvertTo-SecureString $staging -AsPlainText -Force))
                    }
                }
            }
            Then = {
                param($Run)
                # KeySuffix reads "…" and the last 4 characters, the request log the last 4 characters.
                $productionSuffix = (Get-TrackyardConnection).KeySuffix.TrimStart('…')
                $stagingSuffix = @($Run.Eval('$staging'))[0].KeySuffix.TrimStart('…')
                $productionSuffix | Should -Not -Be $stagingSuffix
                $productionSuffix | Should -Not -Be $Run.Context.Key.Substring($Run.Context.Key.Length - 4) -Because 'the production key is the current connection'
                $searches = @($Run.Requests | Where-Object path -EQ '/search')
                @($searches | Where-Object key_suffix -EQ $stagingSuffix).Count | Should -Be 1 -Because "'lofi beats' goes through -Connection `$staging"
                @($searches | Where-Object key_suffix -EQ $productionSuffix).Count | Should -Be 3 -Because 'the parallel runspaces share the current connection'
                $Run.Output | Should -HaveCount (20 + 3 * 3)
            }
        }
        @{ Snippet = "Search-TrackyardTrack 'epic trailer' -Genre Cinematic -ErrorAction Stop"
            Then = {
                param($Run)
                $Run.Output | Should -HaveCount 20
                $Run.Output.Genre | Sort-Object -Unique | Should -Be 'Cinematic'
            }
        }
        @{ Snippet = "Search-TrackyardTrack 'calm piano' -First 3 | Save-TrackyardTrack -Path ./clips"
            Then = {
                param($Run)
                $shown = ConvertTo-Lines (Get-ReadmeOutput 'Wild Endless Lights Part II.mp3')
                $rows = $shown | Where-Object { $_ -match '\.mp3$' }
                $names = $rows | ForEach-Object { ($_ -split '\s+', 7)[6] }
                $sizes = $rows | ForEach-Object { [long]($_ -split '\s+', 7)[5] }
                $Run.Output.Name | Should -Be $names
                $Run.Output | ForEach-Object Length | Should -Be $sizes
                (Get-ChildItem -LiteralPath (Join-Path $Run.Context.Folder 'clips')).Name | Sort-Object | Should -Be ($names | Sort-Object)
                # The table's columns, as shown.
                $header = $shown | Where-Object { $_ -match '^UnixMode' }
                ($Run.Text -split "`n" | Where-Object { $_ -match '^UnixMode' }).Trim() -split '\s+' | Should -Be ($header -split '\s+')
                $paid = @($Run.Requests | Where-Object path -In '/search', '/download-track').Count
                $paid | Should -Be 4

                # "Run the same two lines again and nothing is paid for."
                $null = $Run.Eval('$global:Error.Clear()')
                $again = @($Run.Eval($Run.Code))
                @($Run.Eval('$global:Error.Count'))[0] | Should -Be 0
                $again | Should -BeNullOrEmpty -Because '-SkipExisting skips the files that are there'
                @(Get-TrackyardEmulatorRequest $Emulator | Where-Object path -In '/search', '/download-track').Count | Should -Be $paid
            }
        }
        @{ Snippet = 'Save-TrackyardTrack -Id 0GYZoAxID4ZKvrYEcGriUSqQzTS'
            Then = {
                param($Run)
                $files = Get-ChildItem -LiteralPath $Run.Context.Folder -Filter '*.mp3'
                $intro = $files | Where-Object Name -EQ 'intro.mp3'
                $whole = @($files | Where-Object Name -NE 'intro.mp3')
                $whole | Should -HaveCount 1 -Because 'the whole track lands in the current folder, named after its title'
                $whole[0].BaseName | Should -Not -Be '0GYZoAxID4ZKvrYEcGriUSqQzTS'
                # 128 kbps is 16,000 bytes a second: a 22.5-second clip, within a frame.
                $intro.Length | Should -BeGreaterThan (22 * 16000)
                $intro.Length | Should -BeLessThan (23 * 16000)
                $whole[0].Length | Should -BeGreaterThan $intro.Length
                $whatIf = @($Run.HostText -split "`n" | Where-Object { $_ -like 'What if:*' })
                $whatIf | Should -HaveCount 10 -Because '-WhatIf names each of the 10 tracks'
                foreach ($line in $whatIf) {
                    $line | Should -Match '1 credit'
                    $line | Should -Match '\.mp3"\.$'
                }
                @($Run.Requests | Where-Object path -EQ '/download-track').Count | Should -Be 2 -Because '-WhatIf sends nothing'
            }
        }
        @{ Snippet = 'Connect-Trackyard -CreditLimit 50 -RetryOnRateLimit'
            Then = {
                param($Run)
                $previews = Get-ChildItem -LiteralPath (Join-Path $Run.Context.Folder 'previews')
                $previews | Should -HaveCount 5
                $previews.Name | ForEach-Object { $_ | Should -BeLike '* (preview).mp3' }
                $clips = Get-ChildItem -LiteralPath (Join-Path $Run.Context.Folder 'clips')
                $clips | Should -HaveCount (2 * 3 + 1)
                # Paid: 2 briefs' searches and their 6 downloads, one search and one clip; previews are free.
                $connection = Get-TrackyardConnection
                $connection.CreditLimit | Should -Be 50
                $connection.CreditsSpent | Should -Be 10
                @($Run.Requests | Where-Object path -EQ '/download-track').Count | Should -Be 7
                $shown = $Run.Output[-1]
                $shown.CreditLimit | Should -Be 50
                $shown.CreditsSpent | Should -Be 10
                $shown.CreditsRemaining | Should -Be $connection.CreditsRemaining
                $Run.Verbose | Where-Object { $_ -match "credits? spent; \d+ credits left on the account; \d+ of this connection's -CreditLimit 50 left" } |
                    Should -Not -BeNullOrEmpty
            }
        }
        @{ Snippet = 'Get-TrackyardUsage -First 5'
            Given = {
                param($Context)
                @{ Script = { Search-TrackyardTrack 'calm piano' -First 3 | Save-TrackyardTrack -DurationSeconds 30 } }
            }
            Then = {
                param($Run)
                $shown = ConvertTo-Lines (Get-ReadmeOutput '/download-track         200')
                $printed = ConvertTo-Lines $Run.Text
                $printed[0] -split '\s+' | Should -Be ($shown[0] -split '\s+')
                $printed.Count | Should -Be $shown.Count
                # Endpoint, status and credits of each row as shown; time and response time are the run's own.
                for ($i = 2; $i -lt $shown.Count; $i++) {
                    ($printed[$i] -split '\s+')[2..4] | Should -Be (($shown[$i] -split '\s+')[2..4])
                }
            }
        }
        @{ Snippet = 'Get-TrackyardUsage -First 10 -Skip 100 -IncludeTotalCount'
            Given = {
                param($Context)
                @{ Script = {
                        Search-TrackyardTrack 'calm piano' -First 3 | Save-TrackyardTrack -DurationSeconds 30
                        Save-TrackyardTrack -Id 'NoSuchTrack0000000000000000' -ErrorAction SilentlyContinue
                    }
                }
            }
            Then = {
                param($Run)
                $groups = $Run.Output | Where-Object { $_.PSObject.Properties.Name -contains 'Credits' }
                ($groups | Where-Object Name -EQ '/download-track').Credits | Should -Be 3
                ($groups | Where-Object Name -EQ '/download-track').Count | Should -Be 4
                ($groups | Where-Object Name -EQ '/search').Credits | Should -Be 1
                ($groups | Where-Object Name -EQ '/me').Credits | Should -Be 0
                $failed = @($Run.Output | Where-Object { $_.PSObject.TypeNames -contains 'Trackyard.UsageRecord' })
                $failed | Should -HaveCount 1
                $failed[0].StatusCode | Should -Be 404
                $Run.Text | Should -Match 'Total count: 6'
            }
        }
        @{ Snippet = 'Remove-Item ~/.cache/trackyard/rate-limits'
            Replace = @(@{ Find = '~/.cache'; With = { param($Context) "$($Context.Folder)/home/.cache" }
                    Why = "the real folder holds the rate-limit state of every PowerShell process of this user, other test runs' included: the block deletes a copy in its own folder" })
            Given = {
                param($Context)
                foreach ($folder in "$($Context.Folder)/home/.cache/trackyard/rate-limits", "$($Context.Folder)/localappdata/Trackyard/RateLimits") {
                    $null = New-Item -ItemType Directory -Path $folder
                    Set-Content -LiteralPath (Join-Path $folder 'key.state') -Value 'state'
                }
                # The Windows line finds its folder through LOCALAPPDATA, as on Windows.
                @{ Environment = @{ LOCALAPPDATA = "$($Context.Folder)/localappdata" } }
            }
            Then = {
                param($Run)
                Test-Path -LiteralPath "$($Run.Context.Folder)/home/.cache/trackyard/rate-limits" | Should -BeFalse
                Test-Path -LiteralPath "$($Run.Context.Folder)/localappdata/Trackyard/RateLimits" | Should -BeFalse
                Test-Path -LiteralPath "$($Run.Context.Folder)/localappdata/Trackyard" | Should -BeTrue
            }
        }
        @{ Snippet = 'Connect-Trackyard -RetryOnRateLimit -MaximumRetryWaitSec 120'
            Given = {
                param($Context)
                @{ Variables = @{ queries = @('calm piano', 'epic trailer', 'lofi beats', 'upbeat ukulele for a vlog') } }
            }
            Then = {
                param($Run)
                $connection = Get-TrackyardConnection
                $connection.RetryOnRateLimit | Should -BeTrue
                $connection.MaximumRetryWaitSec | Should -Be 120
                $Run.Output | Should -HaveCount (20 + 4 * 5)
                @($Run.Requests | Where-Object status -EQ 429) | Should -BeNullOrEmpty
            }
        }
        @{ Snippet = 'Invoke-RestMethod -Method Post "$E/_emulator/faults"'
            Replace = @(@{ Find = "'http://127.0.0.1:5080'"; With = { param($Context) "'$($Context.Emulator.BaseUri)'" }
                    Why = "the emulator's address when started without --urls; the suite's emulator listens on a free port" })
            Then = {
                param($Run)
                $pending = @(Invoke-RestMethod "$($Emulator.BaseUri)/_emulator/faults")
                $pending | Should -HaveCount 1
                $pending[0].path | Should -Be '/download-track'
                $pending[0].abort | Should -BeTrue
                Invoke-RestMethod -Method Delete "$($Emulator.BaseUri)/_emulator/faults"
            }
        }
        @{ Snippet = '$cdn = Start-TrackyardEmulator -Address 127.0.0.2'
            Replace = @(@{ Find = './tools/Emulator.psm1'; With = { param($Context) "$($Context.RepoRoot)/tools/Emulator.psm1" }
                    Why = 'the block is run from the repository root; here it runs in its own temporary folder, so what it saves lands there' })
            Then = {
                param($Run)
                $Run.Output | Should -HaveCount 1
                $seen = $Run.Output[0]
                $seen.path | Should -Match '^/previews/\w+\.mp3$'
                $seen.status | Should -Be 200
                $seen.has_authorization | Should -BeFalse -Because 'the key goes only to the base URI, never to another host'
                @($Run.Eval('$api.Process.HasExited -and $cdn.Process.HasExited'))[0] | Should -BeTrue
            }
        }
    )

    # Output blocks (```text) and the test that checks each against what really is printed, or why none does.
    $script:OutputChecks = @(
        @{ Snippet = 'Emulator: http://127.0.0.1:PORT'; CheckedBy = 'README output | Two commands on a fresh machine' }
        @{ Snippet = 'Query           : upbeat electronic for a tech demo'; CheckedBy = "README example | Searching | Search-TrackyardTrack 'upbeat electronic for a tech demo'" }
        @{ Snippet = 'Wild Endless Lights Part II.mp3'; CheckedBy = 'README example | Downloading tracks | # The three best matches' }
        @{ Snippet = '/download-track         200'; CheckedBy = 'README example | Usage history | Get-TrackyardUsage -First 5' }
        @{ Snippet = 'WARNING: Rate limited by Trackyard'; CheckedBy = 'README output | Every wait is visible' }
        @{ Snippet = 'Trackyard emulator listening on'; CheckedBy = 'README output | Starting it' }
    )
}

AfterAll {
    Disconnect-Trackyard -ErrorAction Ignore
    foreach ($name in $SavedEnvironment.Keys) {
        [Environment]::SetEnvironmentVariable($name, $SavedEnvironment[$name])
    }
    Stop-TrackyardEmulator $Emulator
    Remove-Item -LiteralPath $WorkRoot -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'README example' {
    It '<Name>' -ForEach $CodeBlocks {
        $block = $Blocks[$Index]
        $listed = @($AllowList | Where-Object { $block.Code.Contains($_.Snippet) })
        if ($listed) {
            # Still held to the parser and to the parameters of every command that exists here.
            Test-ReadmeBlockSyntax $block | Should -BeNullOrEmpty
            Set-ItResult -Skipped -Because "allow-listed: $($listed[0].Why)"
            return
        }
        $block.Language | Should -Be 'powershell' -Because 'a block that is not PowerShell must be on the allow-list with its reason'
        Test-ReadmeBlockSyntax $block | Should -BeNullOrEmpty

        $example = @($Examples | Where-Object { $block.Code.Contains($_.Snippet) })
        $example.Count | Should -BeLessOrEqual 1 -Because 'one entry of $Examples per block'
        $run = Invoke-ReadmeBlock -Block $block -Example $example[0]
        try {
            $run.Terminating | Should -BeNullOrEmpty -Because "the block must not stop with an error:`n$($run.Terminating)"
            ($run.Errors | Out-String) | Should -BeNullOrEmpty -Because 'the block must not write an error record'
            $run.ErrorCount | Should -Be 0 -Because 'nothing may land in $Error, caught or not'
            if ($example -and $example[0].Then) {
                & $example[0].Then $run
            }
        }
        finally {
            $run.Dispose()
        }
    }
}

Describe 'README output' {
    It 'Two commands on a fresh machine | the demo prints the tables shown' {
        Reset-TrackyardEmulator $Emulator
        $shown = Get-ReadmeOutput 'Emulator: http://127.0.0.1:PORT'
        $run = Invoke-InReadmeHost -Key '' -Script {
            param($RepoRoot, $Emulator)
            & (Join-Path $RepoRoot 'tools/Show-TrackyardDemo.ps1') -Emulator $Emulator -ModulePath (Join-Path $RepoRoot 'out/Trackyard/Trackyard.psd1')
        } -ArgumentList $RepoRoot, $Emulator
        $run.Errors | Should -BeNullOrEmpty
        $printed = $run.HostText -replace [regex]::Escape($Emulator.BaseUri), 'http://127.0.0.1:PORT'
        # LastUsedAt is when the demo ran, in local time.
        $printed = $printed -replace '\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s*$', '<time>'
        $shown = $shown -replace '\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s*$', '<time>'
        Assert-SameLines (ConvertTo-Lines $printed) (ConvertTo-Lines $shown) 'what the demo prints'
    }

    It 'Starting it | the emulator prints its ready line and its API base URI, and nothing else' {
        $shown = ConvertTo-Lines (Get-ReadmeOutput 'Trackyard emulator listening on')
        $printed = @(Get-Content -LiteralPath (Join-Path $Emulator.LogFolder 'stdout.txt') | Where-Object { $_ })
        $port = ([uri]$Emulator.BaseUri).Port
        Assert-SameLines $printed ($shown -replace '41234', $port) "the emulator's stdout"
    }

    It 'Every wait is visible | the warnings read as shown' {
        $shown = ConvertTo-Lines (Get-ReadmeOutput 'WARNING: Rate limited by Trackyard')
        Reset-TrackyardEmulator $Emulator
        # One wait of each kind, of a second each, at once in three runspaces with a connection and key each (the
        # current connection is the process's, so each passes its own): a 429 with Retry-After, a 503 with
        # Retry-After, and an answer that says the minute's requests are used up and when they come back.
        $calls = @{
            '429'    = { Search-TrackyardTrack 'calm piano' -First 1 -RetryOnRateLimit -Connection $connection }
            '503'    = { Search-TrackyardTrack 'calm piano' -First 1 -RetryOnRateLimit -Connection $connection }
            'usedup' = { Get-TrackyardAccount -Connection $connection; Get-TrackyardAccount -RetryOnRateLimit -Connection $connection }
        }
        $sessions = foreach ($kind in $calls.Keys) {
            $key = New-ReadmeKey $kind
            $session = New-ReadmeRunspace -Key $key
            $null = $session.Run({ param($ApiUri, $Key) $connection = Connect-Trackyard -ApiKey (ConvertTo-SecureString $Key -AsPlainText -Force) -BaseUri $ApiUri -ReturnConnection }.ToString(), @($Emulator.ApiUri, $key))
            $session | Add-Member -NotePropertyName Kind -NotePropertyValue $kind -PassThru
        }
        try {
            Add-TrackyardEmulatorFault $Emulator -Path '/search' -Status 429 -Headers @{ 'Retry-After' = '1' }
            Add-TrackyardEmulatorFault $Emulator -Path '/search' -Status 503 -Headers @{ 'Retry-After' = '1' }
            $account = '{"tier":"pro","credits_remaining":100,"monthly_allowance":100,"rate_limit":{"requests_per_minute":300,"requests_per_day":null},"created_at":"2026-01-01T00:00:00.000Z","last_used_at":null}'
            Add-TrackyardEmulatorFault $Emulator -Path '/me' -Status 200 -BodyText $account -ContentType 'application/json' -Headers @{ 'X-RateLimit-Remaining' = '0'; 'RateLimit-Reset' = '1' }
            $running = foreach ($session in $sessions) {
                $session.Shell.Commands.Clear()
                $null = $session.Shell.AddScript($calls[$session.Kind].ToString())
                $session.Shell.BeginInvoke()
            }
            for ($i = 0; $i -lt $sessions.Count; $i++) { $null = $sessions[$i].Shell.EndInvoke($running[$i]) }
            $errors = @($sessions | ForEach-Object { $_.Shell.Streams.Error })
            $errors | Should -BeNullOrEmpty
            $warnings = @($sessions | ForEach-Object { $_.Shell.Streams.Warning } | ForEach-Object { "WARNING: $($_.Message)" })
        }
        finally {
            $sessions | ForEach-Object { $_.Dispose() }
        }
        $warnings.Count | Should -Be 3 -Because "one wait of each kind; the module wrote:`n$($warnings -join "`n")"
        foreach ($line in $shown) {
            # The README's numbers are an example: the same words with any numbers.
            $pattern = '^' + ([regex]::Escape($line) -replace '\d+', '\d+') + '$'
            @($warnings -match $pattern).Count | Should -Be 1 -Because "the README shows '$line'; the module wrote:`n$($warnings -join "`n")"
        }
    }
}

Describe 'The README example lists' {
    It 'name only snippets that are in the README, each in exactly one block' {
        foreach ($entry in @($AllowList) + @($Examples)) {
            $found = @($Blocks | Where-Object { $_.Code.Contains($entry.Snippet) })
            $found.Count | Should -Be 1 -Because "'$($entry.Snippet)' must name exactly one README block"
            foreach ($replacement in @($entry.Replace)) {
                if ($replacement) {
                    $found[0].Code.Contains($replacement.Find) | Should -BeTrue -Because "the substitution of '$($replacement.Find)' must still apply"
                }
            }
        }
    }

    It 'leave no block unaccounted for: every code block is run or allow-listed, every output block checked or listed' {
        foreach ($block in $Blocks) {
            $block.Language | Should -BeIn 'powershell', 'sh', 'text' -Because "the fence at line $($block.Line) must say what it holds"
            if ($block.Language -eq 'text') {
                $claimed = @($OutputChecks | Where-Object { $block.Code.Contains($_.Snippet) })
                $claimed.Count | Should -Be 1 -Because "the output at line $($block.Line) must be checked by a test or listed with a reason"
            }
            elseif ($block.Language -ne 'powershell') {
                @($AllowList | Where-Object { $block.Code.Contains($_.Snippet) }).Count | Should -Be 1 -Because "the $($block.Language) block at line $($block.Line) is not PowerShell and must be on the allow-list"
            }
        }
        foreach ($check in $OutputChecks) {
            @($Blocks | Where-Object { $_.Language -eq 'text' -and $_.Code.Contains($check.Snippet) }).Count | Should -Be 1 -Because "'$($check.Snippet)' must name one README output block"
        }
    }
}
