BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Module = Get-Module Trackyard
    $script:Commands = Get-Command -Module Trackyard
}

Describe 'The module' {
    It 'has a valid manifest with the version from Directory.Build.props' {
        $manifest = Test-ModuleManifest -Path (Join-Path $RepoRoot 'out/Trackyard/Trackyard.psd1')
        $props = [xml](Get-Content -Raw (Join-Path $RepoRoot 'Directory.Build.props'))
        $version = ($props.Project.PropertyGroup | Where-Object { $_['TrackyardVersion'] }).TrackyardVersion
        $manifest.Version | Should -Be ([version]$version)
    }

    It 'exports exactly the cmdlets the DLL defines, and no functions, aliases or variables' {
        $inDll = [Trackyard.Track].Assembly.GetExportedTypes() |
            Where-Object { $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) } |
            ForEach-Object { $a = $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]; "$($a.VerbName)-$($a.NounName)" }
        ($Commands.Name | Sort-Object) | Should -Be ($inDll | Sort-Object)
        $Module.ExportedFunctions.Count | Should -Be 0
        $Module.ExportedAliases.Count | Should -Be 0
        $Module.ExportedVariables.Count | Should -Be 0
    }

    It 'uses approved verbs and singular Trackyard-prefixed nouns' {
        $approved = (Get-Verb).Verb
        foreach ($command in $Commands) {
            $command.Verb | Should -BeIn $approved
            $command.Noun | Should -Match '^Trackyard[A-Za-z]*$'
            $command.Noun | Should -Not -Match 's$'
        }
    }

    It 'declares sealed cmdlet classes with an OutputType' {
        foreach ($command in $Commands) {
            $command.ImplementingType.IsSealed | Should -BeTrue -Because $command.Name
        }
        foreach ($name in 'Search-TrackyardTrack', 'Get-TrackyardAccount', 'Get-TrackyardConnection', 'Connect-Trackyard') {
            (Get-Command $name).OutputType.Name | Should -Not -BeNullOrEmpty -Because $name
        }
        (Get-Command Search-TrackyardTrack).OutputType.Name | Should -Contain 'Trackyard.Track'
        (Get-Command Get-TrackyardAccount).OutputType.Name | Should -Contain 'Trackyard.Account'
    }

    It 'offers -Connection and -RetryOnRateLimit on every API cmdlet' {
        foreach ($name in 'Search-TrackyardTrack', 'Get-TrackyardAccount') {
            (Get-Command $name).Parameters.Keys | Should -Contain 'Connection'
            (Get-Command $name).Parameters.Keys | Should -Contain 'RetryOnRateLimit'
        }
    }

    It 'uses the format file for tracks' {
        $track = [Trackyard.Track]::new()
        $track.Id = 'FormatProbe0000000000000001'
        $track.Title = 'Format probe'
        $track.Moods = @('Calm', 'Dreamy')
        $table = $track | Format-Table | Out-String -Width 200
        $table | Should -Match 'Id\s+Title\s+Artist\s+Bpm\s+Duration'
        $table | Should -Match 'FormatProbe0000000000000001\s+Format probe'
        $list = $track | Format-List | Out-String -Width 200
        $list | Should -Match 'Moods\s+: Calm, Dreamy'
    }
}
