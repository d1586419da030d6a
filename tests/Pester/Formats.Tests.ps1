# The default views (src/Trackyard/Trackyard.Format.ps1xml) rendered with real objects from the emulator, at 80
# columns and at 79: in a console 80 columns wide PowerShell lays tables out in 79 (measured in tmux).
BeforeDiscovery {
    $script:Widths = @(80, 79)
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Emulator = Start-TrackyardEmulator
    $script:SavedRendering = $PSStyle.OutputRendering
    $PSStyle.OutputRendering = 'PlainText'
    $script:Views = ([xml](Get-Content -Raw -LiteralPath (Join-Path $RepoRoot 'out/Trackyard/Trackyard.Format.ps1xml'))).Configuration.ViewDefinitions.View

    function Get-ViewLabel {
        # The column headers of a table view, or the labels of a list view, as the format file declares them.
        param([string] $Type, [ValidateSet('Table', 'List')] [string] $Kind)
        $view = $Views | Where-Object { $_.ViewSelectedBy.TypeName -eq $Type -and $_["$($Kind)Control"] } | Select-Object -First 1
        if (-not $view) { throw "No $Kind view for $Type." }
        if ($Kind -eq 'Table') { return @($view.TableControl.TableHeaders.TableColumnHeader | ForEach-Object Label) }
        @($view.ListControl.ListEntries.ListEntry.ListItems.ListItem | ForEach-Object { if ($_['Label']) { $_.Label } else { $_.PropertyName } })
    }

    function Get-RenderedLine {
        # What the user sees: the object through its default view (or -List), as lines without trailing blanks.
        param($InputObject, [int] $Width, [switch] $List)
        $text = if ($List) { $InputObject | Format-List | Out-String -Width $Width } else { $InputObject | Out-String -Width $Width }
        @(($text -split '\r?\n') | ForEach-Object TrimEnd | Where-Object { $_ })
    }

    function Get-DisplayWidth([string] $Line) {
        # Columns on screen: East Asian characters take two.
        $Host.UI.RawUI.LengthInBufferCells($Line)
    }

    function Assert-Table {
        # Every line fits, the header holds every column of the view on one line, and the dash line follows it.
        param([string[]] $Lines, [string] $Type, [int] $Width)
        foreach ($line in $Lines) {
            Get-DisplayWidth $line | Should -BeLessOrEqual $Width -Because "'$line' must fit $Width columns"
        }
        $labels = Get-ViewLabel $Type Table
        $Lines[0] | Should -Match ('^\s*' + (($labels | ForEach-Object { [regex]::Escape($_) }) -join '\s+') + '$') -Because 'no header may wrap and no column may be dropped'
        $Lines[1] | Should -Match '^[-\s]+$' -Because 'the header is one line'
        @($Lines[1].Trim() -split '\s+').Count | Should -Be $labels.Count
    }

    function Get-DurationText([TimeSpan] $Duration) {
        if ($Duration.TotalHours -ge 1) { $Duration.ToString('h\:mm\:ss') } else { $Duration.ToString('m\:ss') }
    }

    Reset-TrackyardEmulator $Emulator
    Connect-TestEmulator $Emulator 'trackyard_test_unlimited'
    $script:Tracks = @(
        Search-TrackyardTrack 'upbeat electronic for a tech demo'
        Search-TrackyardTrack 'edge case'                               # hostile titles: 200 characters, 東京の夜, quotes
        Search-TrackyardTrack 'endless drift one hour mix' -First 1     # the one-hour track: h:mm:ss
    )
    $null = Save-TrackyardTrack -Id 'HostileTitle000000000000003' -DurationSeconds 10 -Path $TestDrive -Force
    $null = Save-TrackyardTrack -Id 'NoSuchTrack0000000000000000' -Path $TestDrive -ErrorAction SilentlyContinue
    $script:Usage = @(Get-TrackyardUsage)

    # One account and one connection per kind of limits: some, no daily limit, none at all.
    $script:Sessions = foreach ($key in 'trackyard_test_starter', 'trackyard_test_pro', 'trackyard_test_unlimited', 'trackyard_test_free') {
        $connection = Connect-TestEmulator $Emulator $key -Extra @{ PassThru = $true }
        $null = Search-TrackyardTrack 'calm' -First 1 -Connection $connection
        [pscustomobject]@{ Key = $key; Account = Get-TrackyardAccount -Connection $connection; Connection = $connection }
    }
}

AfterAll {
    $PSStyle.OutputRendering = $SavedRendering
    Disconnect-Trackyard
    Stop-TrackyardEmulator $Emulator
}

Describe 'Default views at <_> columns' -ForEach $Widths {
    BeforeAll {
        $script:Width = $_
    }

    It 'shows tracks as a table with the whole id, tempo and duration of every track' {
        $lines = Get-RenderedLine $Tracks $Width
        Assert-Table $lines 'Trackyard.Track' $Width
        $rows = $lines | Select-Object -Skip 2
        $rows.Count | Should -Be $Tracks.Count
        for ($i = 0; $i -lt $Tracks.Count; $i++) {
            $track = $Tracks[$i]
            $rows[$i] | Should -Match ('^' + [regex]::Escape($track.Id) + ' .* ' + ('{0:0}' -f $track.Bpm) + '\s+' + [regex]::Escape((Get-DurationText $track.Duration)) + '$')
        }
        @($rows -match '^LongTrackForBenchmarks00001 .* 1:00:00$').Count | Should -Be 1
    }

    It 'shows every property of a track in its list view' {
        foreach ($track in $Tracks) {
            $lines = Get-RenderedLine $track $Width -List
            foreach ($line in $lines) { Get-DisplayWidth $line | Should -BeLessOrEqual $Width -Because "'$line' must fit $Width columns" }
            foreach ($property in [Trackyard.Track].GetProperties().Name) {
                $lines -match "^$property\s+:( |$)" | Should -Not -BeNullOrEmpty -Because "the list view shows $property"
            }
        }
        (Get-RenderedLine $Tracks[0] $Width -List) -match '^Moods\s+: \w+(, \w+)*$' | Should -Not -BeNullOrEmpty
    }

    It 'shows the account of a <Tier> key as a table whose LastUsedAt is whole' -ForEach @(
        @{ Tier = 'starter'; Key = 'trackyard_test_starter' }
        @{ Tier = 'pro'; Key = 'trackyard_test_pro' }
        @{ Tier = 'unlimited'; Key = 'trackyard_test_unlimited' }
        @{ Tier = 'free'; Key = 'trackyard_test_free' }
    ) {
        $account = ($Sessions | Where-Object Key -EQ $Key).Account
        $account.LastUsedAt | Should -Not -BeNullOrEmpty
        $lines = Get-RenderedLine $account $Width
        Assert-Table $lines 'Trackyard.Account' $Width
        $lines[2] | Should -Not -Match '…'
        $lines[2] | Should -Match ([regex]::Escape($account.LastUsedAt.ToLocalTime().ToString('yyyy-MM-dd HH:mm:ss')) + '$')
        if ($null -eq $account.RequestsPerDay) { $lines[2] | Should -Match 'unlimited' }
    }

    It 'shows every property of an account in its list view' {
        $lines = Get-RenderedLine $Sessions[1].Account $Width -List
        foreach ($property in [Trackyard.Account].GetProperties().Name) {
            $lines -match "^$property\s+: \S" | Should -Not -BeNullOrEmpty -Because "the list view shows $property"
        }
        $lines -match '^RequestsPerDay\s+: unlimited$' | Should -Not -BeNullOrEmpty
    }

    It 'shows usage records as a table with every cell whole' {
        $lines = Get-RenderedLine $Usage $Width
        Assert-Table $lines 'Trackyard.UsageRecord' $Width
        $rows = $lines | Select-Object -Skip 2
        $rows.Count | Should -Be $Usage.Count
        $rows | Should -Not -Match '…'
        $rows[0] | Should -Match '/download-track\s+404\s+0\s+\d+ ms$'
    }

    It 'shows a connection (<Key>) with the properties it has, and unlimited limits as unlimited' -ForEach @(
        @{ Key = 'trackyard_test_starter'; RateLimit = '^\d+/10 per minute, \d+/500 per day, credits \d+$' }
        @{ Key = 'trackyard_test_pro'; RateLimit = '^\d+/300 per minute, unlimited per day, credits \d+$' }
        @{ Key = 'trackyard_test_unlimited'; RateLimit = '^unlimited' }
    ) {
        $connection = ($Sessions | Where-Object Key -EQ $Key).Connection
        $labels = Get-ViewLabel 'Trackyard.Connection' List
        $properties = [Trackyard.Connection].GetProperties().Name
        foreach ($label in $labels) { $properties | Should -Contain $label -Because 'the view lists only properties that exist' }

        $lines = Get-RenderedLine $connection $Width
        foreach ($line in $lines) { Get-DisplayWidth $line | Should -BeLessOrEqual $Width -Because "'$line' must fit $Width columns" }
        foreach ($label in $labels) { $lines -match "^$label\s+: " | Should -Not -BeNullOrEmpty }
        $lines -match '\?' | Should -BeNullOrEmpty
        $lines -match '(^|\s)/ ' | Should -BeNullOrEmpty
        (($lines -match '^LastRateLimit\s+: ') -replace '^LastRateLimit\s+: ') | Should -Match $RateLimit
    }
}
