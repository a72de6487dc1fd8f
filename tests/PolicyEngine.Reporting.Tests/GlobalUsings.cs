global using System.Text.Json.Nodes;
global using PolicyEngine.Core.Results;
global using PolicyEngine.Reporting.Asff;
global using PolicyEngine.Reporting.Tests.Fixtures;
