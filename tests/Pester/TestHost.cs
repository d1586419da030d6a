#nullable enable
// A PowerShell host for the Pester suites (loaded with Add-Type): it answers every prompt with a given secret, as a
// user typing at a masked prompt would, records what was asked, and records what cmdlets write to the host (such as
// -WhatIf's "What if:" lines) instead of printing it, so a green test run stays quiet. Written holds each write;
// Transcript holds the same text as a console would show it, line breaks where the writers put them.
using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using System.Text;

namespace TrackyardTests
{
    public sealed class TestHost : PSHost
    {
        private readonly TestHostUI _ui;

        public TestHost(string answer) => _ui = new TestHostUI(answer);

        public List<string> Prompts => _ui.Prompts;

        public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
        public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;
        public override Guid InstanceId { get; } = Guid.NewGuid();
        public override string Name => "TrackyardTestHost";
        public override PSHostUserInterface UI => _ui;
        public override Version Version => new Version(1, 0);
        public override void EnterNestedPrompt() { }
        public override void ExitNestedPrompt() { }
        public override void NotifyBeginApplication() { }
        public override void NotifyEndApplication() { }
        public override void SetShouldExit(int exitCode) { }
    }

    public sealed class TestHostUI : PSHostUserInterface
    {
        private readonly string _answer;

        public TestHostUI(string answer) => _answer = answer;

        public List<string> Prompts { get; } = new List<string>();

        public List<string> Written { get; } = new List<string>();

        public StringBuilder Transcript { get; } = new StringBuilder();

        public override PSHostRawUserInterface? RawUI => null;

        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions)
        {
            var answers = new Dictionary<string, PSObject>();
            foreach (var field in descriptions)
            {
                Prompts.Add(caption + " | " + message + " | " + field.Name + " | " + field.ParameterTypeFullName);
                var secure = new SecureString();
                foreach (var c in _answer)
                {
                    secure.AppendChar(c);
                }

                answers[field.Name] = PSObject.AsPSObject(secure);
            }

            return answers;
        }

        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice) => defaultChoice;
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw new NotSupportedException();
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw new NotSupportedException();
        public override string ReadLine() => throw new NotSupportedException();
        public override SecureString ReadLineAsSecureString() => throw new NotSupportedException();
        public override void Write(string value) => Record(value, false);
        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Record(value, false);
        public override void WriteLine(string value) => Record(value, true);
        public override void WriteErrorLine(string value) => Record(value, true);
        public override void WriteDebugLine(string message) => Record("DEBUG: " + message, true, message);
        public override void WriteProgress(long sourceId, ProgressRecord record) { }
        public override void WriteVerboseLine(string message) => Record("VERBOSE: " + message, true, message);
        public override void WriteWarningLine(string message) => Record("WARNING: " + message, true, message);

        private void Record(string text, bool newLine, string? written = null)
        {
            Written.Add(written ?? text);
            Transcript.Append(text);
            if (newLine)
            {
                Transcript.Append('\n');
            }
        }
    }
}
