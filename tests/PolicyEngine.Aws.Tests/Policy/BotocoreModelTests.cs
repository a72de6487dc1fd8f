using System.Diagnostics;
using System.Text.Json;
using PolicyEngine.Aws.Http;

namespace PolicyEngine.Aws.Tests.Policy;

/// <summary>
/// botocore's service models are the ground truth: every declared operation exists in its service's model, and every
/// service's signing name, target prefix and API version match the model's metadata. Needs python3 with botocore.
/// </summary>
public sealed class BotocoreModelTests
{
    private const string Script = """
        import json, sys
        import botocore.session
        session = botocore.session.get_session()
        problems = []
        for item in json.load(sys.stdin):
            model = session.get_service_model(item["model"])
            meta = model.metadata
            if item["op"] not in model.operation_names:
                problems.append(f"{item['model']}: no operation {item['op']}")
            if meta.get("signingName", meta["endpointPrefix"]) != item["signingName"]:
                problems.append(f"{item['model']}: signing name {meta.get('signingName')} != {item['signingName']}")
            if item["targetPrefix"] and meta.get("targetPrefix") != item["targetPrefix"]:
                problems.append(f"{item['model']}: target prefix {meta.get('targetPrefix')} != {item['targetPrefix']}")
            if item["jsonVersion"] and meta.get("jsonVersion") != item["jsonVersion"]:
                problems.append(f"{item['model']}: JSON version {meta.get('jsonVersion')} != {item['jsonVersion']}")
            if item["apiVersion"] and meta["apiVersion"] != item["apiVersion"]:
                problems.append(f"{item['model']}: API version {meta['apiVersion']} != {item['apiVersion']}")
        print("\n".join(sorted(set(problems))))
        """;

    [Fact]
    public async Task DeclaredOperationsAndServicesMatchBotocore()
    {
        var operations = IamPolicyTests.DeclaredOperations()
            .Select(o => new
            {
                // botocore names most models as IAM names the services; Cloud Control's actions are cloudformation:*, and
                // Identity Center administration's are sso:* (botocore's "sso" is the sign-in portal's model).
                model = o.Service == AwsServices.CloudControl ? "cloudcontrol" : o.Service == AwsServices.SsoAdmin ? "sso-admin" : o.Service.IamPrefix,
                jsonVersion = o.Service.Protocol == AwsProtocol.Json ? o.Service.JsonVersion : null,
                op = o.Name,
                signingName = o.Service.SigningName,
                targetPrefix = o.Service.TargetPrefix,
                apiVersion = o.Service.ApiVersion,
            })
            .ToList();
        var start = new ProcessStartInfo("python3", ["-c", Script]) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        Process python;
        try
        {
            python = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Fail("python3 (with botocore) is needed to check the clients against botocore's service models");
            return;
        }
        using (python)
        {
            await python.StandardInput.WriteAsync(JsonSerializer.Serialize(operations));
            python.StandardInput.Close();
            var output = await python.StandardOutput.ReadToEndAsync();
            var errors = await python.StandardError.ReadToEndAsync();
            await python.WaitForExitAsync();

            Assert.True(python.ExitCode == 0, errors);
            Assert.Equal("", output.Trim());
        }
    }
}
