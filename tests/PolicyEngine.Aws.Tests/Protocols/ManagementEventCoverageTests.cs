using PolicyEngine.Aws.Clients.CloudTrail;
using PolicyEngine.Aws.Collection;

namespace PolicyEngine.Aws.Tests.Protocols;

public sealed class ManagementEventCoverageTests
{
    [Fact]
    public void BasicSelectors_ReadWriteTypesCombine()
    {
        var selectors = new EventSelectorsInfo([new("ReadOnly", true), new("WriteOnly", true)], []);

        Assert.Equal((true, "All"), ManagementEventCoverage.From(selectors));
    }

    [Fact]
    public void BasicSelectorExcludingManagementEvents_CoversNothing() =>
        Assert.Equal((false, "None"), ManagementEventCoverage.From(new EventSelectorsInfo([new("All", false)], [])));

    [Fact]
    public void AdvancedSelector_ManagementWriteOnly()
    {
        var selectors = new EventSelectorsInfo([], [new("Management events", [
            new("eventCategory", ["Management"], []),
            new("readOnly", ["false"], []),
        ])]);

        Assert.Equal((true, "WriteOnly"), ManagementEventCoverage.From(selectors));
    }

    [Fact]
    public void AdvancedSelector_DataEventsOnly_CoversNoManagementEvents()
    {
        var selectors = new EventSelectorsInfo([], [new("S3 data", [new("eventCategory", ["Data"], []), new("resources.type", ["AWS::S3::Object"], [])])]);

        Assert.Equal((false, "None"), ManagementEventCoverage.From(selectors));
    }
}
