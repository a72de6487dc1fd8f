global using System.Text.Json.Nodes;
global using PolicyEngine.Core.Results;
global using PolicyEngine.Reporting.SecurityHub;
global using PolicyEngine.Reporting.Tests.Fixtures;
