#
# Module manifest for Trackyard. ModuleVersion and Prerelease are stamped by build.ps1 from
# Directory.Build.props, where the version is written once.
#
@{
    # PowerShell 7.4+ loads the net8.0 build, Windows PowerShell 5.1 the netstandard2.0 build.
    RootModule           = if ($PSEdition -eq 'Core') { 'net8.0/Trackyard.dll' } else { 'netstandard2.0/Trackyard.dll' }
    ModuleVersion        = '0.0.0'
    GUID                 = '5b0f7e1c-7a43-4f0e-9a8e-1f2f7c6d4e21'
    Author               = 'Trackyard contributors'
    CompanyName          = 'Trackyard contributors'
    Copyright            = '(c) Trackyard contributors. MIT License.'
    Description          = 'PowerShell client for the Trackyard music-search API: natural-language search over a licensed music catalogue, smart clip downloads, credits and rate limits. Emits typed objects, maps API failures to ErrorRecords, and honours Retry-After.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Core', 'Desktop')
    FormatsToProcess     = @('Trackyard.Format.ps1xml')
    CmdletsToExport      = @(
        'Connect-Trackyard'
        'Disconnect-Trackyard'
        'Get-TrackyardConnection'
        'Search-TrackyardTrack'
        'Get-TrackyardAccount'
        'Save-TrackyardTrack'
        'Get-TrackyardUsage'
        'Clear-TrackyardCache'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Trackyard', 'Music', 'Search', 'API', 'REST', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://github.com/trackyard/trackyard-powershell'
            LicenseUri   = 'https://github.com/trackyard/trackyard-powershell/blob/main/LICENSE'
            ReleaseNotes = 'See CHANGELOG.md: https://github.com/trackyard/trackyard-powershell/blob/main/CHANGELOG.md'
            Prerelease   = ''
        }
    }
}
