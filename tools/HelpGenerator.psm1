# Generates MAML help (en-US/Trackyard.dll-Help.xml) from the markdown pages under docs/help, one page per cmdlet:
# the pages are the only source of the help text. It reads the part of platyPS's page format that these pages use:
#   # Name / ## SYNOPSIS / ## DESCRIPTION / ## EXAMPLES (### title, a ```powershell block, remarks) /
#   ## PARAMETERS (### -Name, description, an optional "Default value: ..." line) / ## INPUTS (### type, description) /
#   ## OUTPUTS / ## NOTES / ## RELATED LINKS
# platyPS itself is not used because neither platyPS nor Microsoft.PowerShell.PlatyPS is served by NuGet, the only
# package source the build can reach (it has no PowerShell Gallery).
# Syntax, types, positions, pipeline input, the online link (the cmdlet's HelpUri) and the defaults that the cmdlet
# sets in code come from the cmdlets themselves, so they cannot drift from the code.

Set-StrictMode -Version Latest

# WhatIf and Confirm are documented on the page like any other parameter, as platyPS does.
$script:CommonParameters = [System.Management.Automation.PSCmdlet]::CommonParameters + 'UseTransaction'
$script:Namespaces = @{
    maml    = 'http://schemas.microsoft.com/maml/2004/10'
    command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    dev     = 'http://schemas.microsoft.com/maml/dev/2004/10'
}

function Read-HelpMarkdown {
    <#
    .SYNOPSIS
    Parses one help page into its sections: Name, Synopsis, Description, Examples, Parameters (and their Defaults),
    Inputs, Outputs, Notes, Links.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Text)

    $page = [ordered]@{
        Name = $null; Synopsis = ''; Description = ''; Notes = ''
        Examples = [System.Collections.Generic.List[object]]::new()
        Parameters = [ordered]@{}; Defaults = @{}; Inputs = [ordered]@{}; Outputs = [ordered]@{}
        Links = [System.Collections.Generic.List[string]]::new()
    }
    $section = $null; $item = $null; $inCode = $false
    $buffer = [System.Text.StringBuilder]::new()
    $code = [System.Text.StringBuilder]::new()

    $flush = {
        $content = $buffer.ToString().Trim()
        [void]$buffer.Clear()
        switch ($section) {
            'SYNOPSIS' { $page.Synopsis = $content }
            'DESCRIPTION' { $page.Description = $content }
            'NOTES' { $page.Notes = $content }
            'EXAMPLES' { if ($item) { $item.Remarks = $content } }
            'PARAMETERS' {
                if ($item) {
                    if ($content -match '(?m)^Default value:[ \t]*(.+?)\s*$') {
                        $page.Defaults[$item] = $Matches[1]
                        $content = ($content -replace '(?m)^Default value:.*$', '').Trim()
                    }
                    $page.Parameters[$item] = $content
                }
            }
            'INPUTS' { if ($item) { $page.Inputs[$item] = $content } }
            'OUTPUTS' { if ($item) { $page.Outputs[$item] = $content } }
            'RELATED LINKS' {
                foreach ($line in $content -split "`n") {
                    $link = ($line -replace '^\s*[-*]\s*', '').Trim()
                    if ($link) { $page.Links.Add($link) }
                }
            }
        }
    }

    foreach ($line in ($Text -replace "`r", '') -split "`n") {
        if ($inCode) {
            if ($line -match '^```\s*$') { $inCode = $false; $item.Code = $code.ToString().TrimEnd(); [void]$code.Clear() }
            else { [void]$code.AppendLine($line) }
            continue
        }
        if ($line -match '^# (\S+)\s*$' -and -not $page.Name) { $page.Name = $Matches[1]; continue }
        if ($line -match '^## (.+?)\s*$') { & $flush; $section = $Matches[1].ToUpperInvariant(); $item = $null; continue }
        if ($line -match '^### (.+?)\s*$') {
            & $flush
            $title = $Matches[1]
            switch ($section) {
                'EXAMPLES' { $item = [pscustomobject]@{ Title = $title; Code = ''; Remarks = '' }; $page.Examples.Add($item) }
                'PARAMETERS' { $item = $title.TrimStart('-') }
                default { $item = $title }
            }
            continue
        }
        if ($line -match '^```' -and $section -eq 'EXAMPLES' -and $item) { $inCode = $true; continue }
        [void]$buffer.AppendLine($line)
    }
    & $flush
    if (-not $page.Name) { throw 'A help page must start with "# <cmdlet name>".' }
    [pscustomobject]$page
}

function Write-Paragraphs {
    param([System.Xml.XmlWriter] $Writer, [string] $Text)
    foreach ($paragraph in ($Text.Trim() -split "\n\s*\n")) {
        if (-not $paragraph.Trim()) { continue }
        $Writer.WriteStartElement('maml', 'para', $Namespaces.maml)
        $Writer.WriteString(($paragraph.Trim() -replace '\s*\n\s*', ' '))
        $Writer.WriteEndElement()
    }
}

function Write-Description {
    param([System.Xml.XmlWriter] $Writer, [string] $Text)
    $Writer.WriteStartElement('maml', 'description', $Namespaces.maml)
    Write-Paragraphs $Writer $Text
    $Writer.WriteEndElement()
}

function Get-PipelineInputText {
    param([System.Management.Automation.ParameterMetadata] $Parameter, [string] $SetName)
    $byValue = $false; $byName = $false
    foreach ($attribute in $Parameter.Attributes) {
        if ($attribute -is [System.Management.Automation.ParameterAttribute] -and
            ($SetName -eq '*' -or $attribute.ParameterSetName -in @($SetName, '__AllParameterSets'))) {
            $byValue = $byValue -or $attribute.ValueFromPipeline
            $byName = $byName -or $attribute.ValueFromPipelineByPropertyName
        }
    }
    if ($byValue -and $byName) { 'True (ByPropertyName, ByValue)' }
    elseif ($byValue) { 'True (ByValue)' }
    elseif ($byName) { 'True (ByPropertyName)' }
    else { 'False' }
}

function Get-TypeDisplayName([type] $Type) {
    $underlying = [Nullable]::GetUnderlyingType($Type)
    if ($underlying) { return $underlying.Name }
    $Type.Name
}

function Write-Parameter {
    param(
        [System.Xml.XmlWriter] $Writer,
        [System.Management.Automation.ParameterMetadata] $Parameter,
        [string] $Description,
        [bool] $Required,
        [string] $Position,
        [string] $PipelineInput,
        [string] $Default
    )
    $isSwitch = $Parameter.ParameterType -eq [System.Management.Automation.SwitchParameter]
    $Writer.WriteStartElement('command', 'parameter', $Namespaces.command)
    $Writer.WriteAttributeString('required', $Required.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('variableLength', 'true')
    $Writer.WriteAttributeString('globbing', 'false')
    $Writer.WriteAttributeString('pipelineInput', $PipelineInput)
    $Writer.WriteAttributeString('position', $Position)
    $Writer.WriteAttributeString('aliases', $(if ($Parameter.Aliases.Count) { $Parameter.Aliases -join ', ' } else { 'none' }))
    $Writer.WriteElementString('maml', 'name', $Namespaces.maml, $Parameter.Name)
    Write-Description $Writer $Description
    $typeName = Get-TypeDisplayName $Parameter.ParameterType
    if (-not $isSwitch) {
        # A switch takes no value, so help shows it as [-Name] rather than [-Name <SwitchParameter>].
        $Writer.WriteStartElement('command', 'parameterValue', $Namespaces.command)
        $Writer.WriteAttributeString('required', 'true')
        $Writer.WriteAttributeString('variableLength', 'false')
        $Writer.WriteString($typeName)
        $Writer.WriteEndElement()
    }
    $Writer.WriteStartElement('dev', 'type', $Namespaces.dev)
    $Writer.WriteElementString('maml', 'name', $Namespaces.maml, $typeName)
    $Writer.WriteEndElement()
    $Writer.WriteElementString('dev', 'defaultValue', $Namespaces.dev, $Default)
    $Writer.WriteEndElement()
}

function Get-CodeDefault {
    # The value a parameter has when it is not given, as the cmdlet's code sets it (a property initializer), or
    # $null when the code sets none: no initializer leaves null, an empty array, $false or 0, which tell nothing.
    param([System.Management.Automation.CmdletInfo] $Command, [string] $Name)
    $property = $Command.ImplementingType.GetProperty($Name)
    if (-not $property) { return $null }   # -First, -Skip and -IncludeTotalCount belong to PowerShell's paging
    $instance = [Activator]::CreateInstance($Command.ImplementingType)
    try { $value = $property.GetValue($instance) }
    finally { if ($instance -is [IDisposable]) { $instance.Dispose() } }
    if ($null -eq $value -or $value -is [System.Management.Automation.SwitchParameter]) { return $null }
    if ($value -is [System.Collections.IEnumerable] -and $value -isnot [string] -and -not @($value).Count) { return $null }
    if ($property.PropertyType.IsValueType -and $value -eq [Activator]::CreateInstance($property.PropertyType)) { return $null }
    [string]$value
}

function Get-ParameterDefault {
    # What help shows as "Default value": the page's "Default value:" line, else the default the code sets, else
    # False for a switch and None for the rest. A page that contradicts the code fails the build.
    param([System.Management.Automation.CmdletInfo] $Command, [System.Management.Automation.ParameterMetadata] $Parameter, $Page)
    $fromCode = Get-CodeDefault $Command $Parameter.Name
    $fromPage = $Page.Defaults[$Parameter.Name]
    if ($null -ne $fromCode -and $fromPage -and $fromPage -ne $fromCode) {
        throw "docs/help/$($Command.Name).md gives -$($Parameter.Name) the default '$fromPage', but the cmdlet's default is '$fromCode'."
    }
    if ($fromPage) { return $fromPage }
    if ($null -ne $fromCode) { return $fromCode }
    if ($Parameter.ParameterType -eq [System.Management.Automation.SwitchParameter]) { 'False' } else { 'None' }
}

function Get-DocumentedParameters {
    # The cmdlet's own parameters, without the common ones PowerShell documents itself.
    param([System.Management.Automation.CommandInfo] $Command)
    $Command.Parameters.Values | Where-Object { $_.Name -notin $CommonParameters }
}

function Write-CommandHelp {
    param([System.Xml.XmlWriter] $Writer, $Page, [System.Management.Automation.CmdletInfo] $Command)

    $parameters = @(Get-DocumentedParameters $Command)
    $parameterNames = @($parameters | ForEach-Object Name)
    $missing = @($parameterNames | Where-Object { -not $Page.Parameters.Contains($_) -or -not $Page.Parameters[$_] })
    if ($missing) { throw "docs/help/$($Command.Name).md does not document: $($missing -join ', ')" }
    $unknown = @($Page.Parameters.Keys | Where-Object { $_ -notin $parameterNames })
    if ($unknown) { throw "docs/help/$($Command.Name).md documents parameters the cmdlet does not have: $($unknown -join ', ')" }
    $undeclared = @($Page.Defaults.Keys | Where-Object { $_ -notin $parameterNames })
    if ($undeclared) { throw "docs/help/$($Command.Name).md gives defaults to parameters the cmdlet does not have: $($undeclared -join ', ')" }
    if ($Page.Examples.Count -lt 2) { throw "docs/help/$($Command.Name).md needs at least two examples." }
    if (-not $Page.Synopsis -or -not $Page.Description) { throw "docs/help/$($Command.Name).md needs a synopsis and a description." }
    if (-not $Command.HelpUri) { throw "$($Command.Name) has no HelpUri in its [Cmdlet] attribute, so Get-Help -Online cannot open its page." }
    $defaults = @{}
    foreach ($parameter in $parameters) { $defaults[$parameter.Name] = Get-ParameterDefault $Command $parameter $Page }

    $Writer.WriteStartElement('command', 'command', $Namespaces.command)
    $Writer.WriteStartElement('command', 'details', $Namespaces.command)
    $Writer.WriteElementString('command', 'name', $Namespaces.command, $Command.Name)
    $Writer.WriteElementString('command', 'verb', $Namespaces.command, $Command.Verb)
    $Writer.WriteElementString('command', 'noun', $Namespaces.command, $Command.Noun)
    Write-Description $Writer $Page.Synopsis
    $Writer.WriteEndElement()
    Write-Description $Writer $Page.Description

    $Writer.WriteStartElement('command', 'syntax', $Namespaces.command)
    foreach ($set in $Command.ParameterSets) {
        $Writer.WriteStartElement('command', 'syntaxItem', $Namespaces.command)
        $Writer.WriteElementString('maml', 'name', $Namespaces.maml, $Command.Name)
        foreach ($inSet in $set.Parameters | Where-Object { $_.Name -notin $CommonParameters } | Sort-Object { if ($_.Position -ge 0) { $_.Position } else { 1000 } }) {
            $metadata = $Command.Parameters[$inSet.Name]
            $position = if ($inSet.Position -ge 0) { [string]$inSet.Position } else { 'named' }
            Write-Parameter $Writer $metadata $Page.Parameters[$inSet.Name] $inSet.IsMandatory $position (Get-PipelineInputText $metadata $set.Name) $defaults[$inSet.Name]
        }
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'parameters', $Namespaces.command)
    foreach ($parameter in $parameters) {
        $sets = @($Command.ParameterSets | ForEach-Object { $_.Parameters | Where-Object Name -EQ $parameter.Name })
        $required = @($sets | Where-Object IsMandatory).Count -gt 0 -and @($sets | Where-Object { -not $_.IsMandatory }).Count -eq 0
        $positions = @($sets | Where-Object { $_.Position -ge 0 } | ForEach-Object Position | Select-Object -Unique)
        $position = if ($positions.Count) { [string]$positions[0] } else { 'named' }
        Write-Parameter $Writer $parameter $Page.Parameters[$parameter.Name] $required $position (Get-PipelineInputText $parameter '*') $defaults[$parameter.Name]
    }
    $Writer.WriteEndElement()

    foreach ($kind in @(@{ List = 'inputTypes'; Item = 'inputType'; Source = $Page.Inputs }, @{ List = 'returnValues'; Item = 'returnValue'; Source = $Page.Outputs })) {
        $Writer.WriteStartElement('command', $kind.List, $Namespaces.command)
        foreach ($entry in $kind.Source.GetEnumerator()) {
            $Writer.WriteStartElement('command', $kind.Item, $Namespaces.command)
            $Writer.WriteStartElement('dev', 'type', $Namespaces.dev)
            $Writer.WriteElementString('maml', 'name', $Namespaces.maml, $entry.Key)
            $Writer.WriteEndElement()
            Write-Description $Writer $entry.Value
            $Writer.WriteEndElement()
        }
        $Writer.WriteEndElement()
    }

    if ($Page.Notes) {
        $Writer.WriteStartElement('maml', 'alertSet', $Namespaces.maml)
        $Writer.WriteStartElement('maml', 'alert', $Namespaces.maml)
        Write-Paragraphs $Writer $Page.Notes
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }

    $Writer.WriteStartElement('command', 'examples', $Namespaces.command)
    foreach ($example in $Page.Examples) {
        $Writer.WriteStartElement('command', 'example', $Namespaces.command)
        $Writer.WriteElementString('maml', 'title', $Namespaces.maml, "-------------------------- $($example.Title) --------------------------")
        $Writer.WriteElementString('dev', 'code', $Namespaces.dev, $example.Code)
        $Writer.WriteStartElement('dev', 'remarks', $Namespaces.dev)
        Write-Paragraphs $Writer $example.Remarks
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    # The first link with a URI is the one Get-Help -Online opens; it is the cmdlet's own HelpUri, as platyPS writes it.
    $Writer.WriteStartElement('command', 'relatedLinks', $Namespaces.command)
    $Writer.WriteStartElement('maml', 'navigationLink', $Namespaces.maml)
    $Writer.WriteElementString('maml', 'linkText', $Namespaces.maml, 'Online Version:')
    $Writer.WriteElementString('maml', 'uri', $Namespaces.maml, $Command.HelpUri)
    $Writer.WriteEndElement()
    foreach ($link in $Page.Links) {
        $Writer.WriteStartElement('maml', 'navigationLink', $Namespaces.maml)
        $Writer.WriteElementString('maml', 'linkText', $Namespaces.maml, $link)
        $Writer.WriteElementString('maml', 'uri', $Namespaces.maml, '')
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
    $Writer.WriteEndElement()
}

function ConvertTo-MamlHelp {
    <#
    .SYNOPSIS
    Writes one MAML file for every cmdlet of a module from docs/help/<cmdlet>.md; fails on any undocumented parameter.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $ModuleName,
        [Parameter(Mandatory)] [string] $MarkdownFolder,
        [Parameter(Mandatory)] [string] $OutFile
    )
    $commands = @(Get-Command -Module $ModuleName -CommandType Cmdlet | Sort-Object Name)
    if (-not $commands) { throw "Module $ModuleName exports no cmdlets; import it first." }

    $settings = [System.Xml.XmlWriterSettings]::new()
    $settings.Indent = $true
    $settings.Encoding = [System.Text.UTF8Encoding]::new($false)
    New-Item -ItemType Directory -Force -Path (Split-Path -Parent $OutFile) | Out-Null
    $writer = [System.Xml.XmlWriter]::Create($OutFile, $settings)
    try {
        $writer.WriteStartDocument()
        $writer.WriteStartElement('helpItems', 'http://msh')
        $writer.WriteAttributeString('schema', 'maml')
        $writer.WriteAttributeString('xmlns', 'maml', $null, $Namespaces.maml)
        $writer.WriteAttributeString('xmlns', 'command', $null, $Namespaces.command)
        $writer.WriteAttributeString('xmlns', 'dev', $null, $Namespaces.dev)
        foreach ($command in $commands) {
            $path = Join-Path $MarkdownFolder "$($command.Name).md"
            if (-not (Test-Path -LiteralPath $path)) { throw "No help page for $($command.Name): expected $path" }
            $page = Read-HelpMarkdown -Text (Get-Content -Raw -LiteralPath $path)
            if ($page.Name -ne $command.Name) { throw "$path is titled '$($page.Name)', expected '$($command.Name)'." }
            Write-CommandHelp $writer $page $command
        }
        $writer.WriteEndElement()
        $writer.WriteEndDocument()
    }
    finally {
        $writer.Dispose()
    }
}

Export-ModuleMember -Function Read-HelpMarkdown, ConvertTo-MamlHelp
