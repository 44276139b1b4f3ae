using YamlDotNet.RepresentationModel;

namespace Signup.Deploy.Tests.Template;

/// <summary>The parts of template.yaml beyond the IAM, logging and table rules: site, alarms and outputs.</summary>
public sealed class TemplateStackTests
{
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private const string CachingDisabledPolicyId = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
    private const string AllViewerExceptHostHeaderPolicyId = "b689b0a8-53d0-40ab-baf2-68738e2966ac";

    private readonly SamTemplate _template = SamTemplate.LoadRepositoryTemplate();

    [Fact]
    public void SiteBucket_BlocksAllPublicAccess()
    {
        var block = _template.Resource("SiteBucket").Path("Properties", "PublicAccessBlockConfiguration");

        foreach (var setting in new[] { "BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets" })
        {
            Assert.True(block.Child(setting).Text() == "true", $"{setting} is not true");
        }
    }

    [Fact]
    public void SiteBucketPolicy_AllowsOnlyTheDistribution()
    {
        var statement = Assert.Single(
            _template.Resource("SiteBucketPolicy").Path("Properties", "PolicyDocument", "Statement").Items());

        Assert.Equal("cloudfront.amazonaws.com", statement.Path("Principal", "Service").Text());
        Assert.Equal(["s3:GetObject"], statement.Child("Action").Items().Select(action => action.Text()));
        var sourceArn = statement.Path("Condition", "StringEquals", "AWS:SourceArn");
        Assert.Equal("!Sub", sourceArn.Function());
        Assert.Contains("distribution/${SiteDistribution}", sourceArn.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public void Distribution_ReadsBucketThroughOriginAccessControl()
    {
        var access = _template.Resource("SiteOriginAccessControl").Path("Properties", "OriginAccessControlConfig");
        var siteOrigin = Origin("site");

        Assert.Equal("s3", access.Child("OriginAccessControlOriginType").Text());
        Assert.Equal("always", access.Child("SigningBehavior").Text());
        Assert.Equal("SiteOriginAccessControl.Id", siteOrigin.Child("OriginAccessControlId").Text());
        Assert.Equal("SiteBucket.RegionalDomainName", siteOrigin.Child("DomainName").Text());
    }

    [Fact]
    public void SecurityHeaders_MatchPolicy()
    {
        var headers = _template.Resource("SecurityHeadersPolicy")
            .Path("Properties", "ResponseHeadersPolicyConfig", "SecurityHeadersConfig");

        Assert.Equal(ContentSecurityPolicy, headers.Path("ContentSecurityPolicy", "ContentSecurityPolicy").Text());
        Assert.True(int.Parse(headers.Path("StrictTransportSecurity", "AccessControlMaxAgeSec").Text()!,
            System.Globalization.CultureInfo.InvariantCulture) >= 31536000, "HSTS max-age is below one year");
        Assert.Equal("true", headers.Path("ContentTypeOptions", "Override").Text());
        Assert.Equal("no-referrer", headers.Path("ReferrerPolicy", "ReferrerPolicy").Text());
        Assert.Equal("DENY", headers.Path("FrameOptions", "FrameOption").Text());
    }

    [Fact]
    public void Distribution_RoutesCreateUserToApiUncached()
    {
        var behavior = Assert.Single(
            DistributionConfig().Child("CacheBehaviors").Items(),
            item => item.Child("PathPattern").Text() == "/createUser");
        var apiOrigin = Origin("api");

        Assert.Equal("api", behavior.Child("TargetOriginId").Text());
        Assert.Contains("POST", behavior.Child("AllowedMethods").Items().Select(method => method.Text()));
        Assert.Equal(CachingDisabledPolicyId, behavior.Child("CachePolicyId").Text());
        Assert.Equal(AllViewerExceptHostHeaderPolicyId, behavior.Child("OriginRequestPolicyId").Text());
        Assert.Equal("SecurityHeadersPolicy", behavior.Child("ResponseHeadersPolicyId").Text());
        Assert.Contains("${HttpApi}.execute-api.", apiOrigin.Child("DomainName").Text(), StringComparison.Ordinal);
        Assert.Equal("https-only", apiOrigin.Path("CustomOriginConfig", "OriginProtocolPolicy").Text());
    }

    [Fact]
    public void Distribution_DefaultBehaviorServesSiteOverHttps()
    {
        var behavior = DistributionConfig().Child("DefaultCacheBehavior");

        Assert.Equal("site", behavior.Child("TargetOriginId").Text());
        Assert.Equal("redirect-to-https", behavior.Child("ViewerProtocolPolicy").Text());
        Assert.Equal("SecurityHeadersPolicy", behavior.Child("ResponseHeadersPolicyId").Text());
    }

    [Theory]
    [InlineData("FunctionErrorsAlarm", "Errors")]
    [InlineData("FunctionThrottlesAlarm", "Throttles")]
    [InlineData("Api5xxRateAlarm", "5xx")]
    public void Alarm_NotifiesTopicOnlyWhenSet(string alarmId, string metricName)
    {
        var properties = _template.Resource(alarmId).Child("Properties");
        var metricNames = properties.Descendants().OfType<YamlMappingNode>()
            .Select(node => node.Child("MetricName").Text())
            .Where(name => name is not null);

        Assert.Contains(metricName, metricNames);
        foreach (var actions in new[] { "AlarmActions", "OKActions" })
        {
            var value = (YamlSequenceNode)properties.Child(actions)!;
            Assert.Equal("!If", value.Function());
            Assert.Equal("HasAlarmTopic", value.Children[0].Text());
            Assert.Equal("AWS::NoValue", value.Children[2].Text());
        }
    }

    [Fact]
    public void Condition_HasAlarmTopic_TestsParameterForEmpty()
    {
        var condition = _template.Root.Path("Conditions", "HasAlarmTopic");

        Assert.Equal("!Not", condition.Function());
        Assert.Contains(
            condition.Descendants(),
            node => node.Function() == "!Ref" && node.Text() == "AlarmTopicArn");
    }

    [Theory]
    [InlineData("SiteUrl")]
    [InlineData("ApiUrl")]
    [InlineData("UsersTableName")]
    [InlineData("SiteBucketName")]
    [InlineData("SiteDistributionId")]
    public void Outputs_Contain(string output) =>
        Assert.NotNull(_template.Root.Path("Outputs", output, "Value"));

    [Fact]
    public void Function_KeepsLocalStackProperties()
    {
        // Signup.Local reads these from template.yaml to run the function as Lambda would.
        var properties = _template.Resource("CreateUserFunction").Child("Properties");
        var api = _template.Resource("HttpApi").Child("Properties");

        Assert.Equal("HttpApi", properties.Path("Events", "CreateUser", "Type").Text());
        Assert.Equal("/createUser", properties.Path("Events", "CreateUser", "Properties", "Path").Text());
        Assert.NotNull(properties.Path("Environment", "Variables", "USERS_TABLE"));
        Assert.NotNull(api.Path("CorsConfiguration", "AllowOrigins"));
        Assert.NotNull(api.Path("DefaultRouteSettings", "ThrottlingRateLimit"));
    }

    [Fact]
    public void Function_ArchitectureComesFromParameter()
    {
        // The Makefile builds for x86_64 or arm64 only, so the parameter must allow exactly those.
        var architectures = _template.Resource("CreateUserFunction").Path("Properties", "Architectures");
        var allowed = _template.Root.Path("Parameters", "Architecture", "AllowedValues").Items().Select(value => value.Text());

        var architecture = Assert.Single(architectures.Items());
        Assert.Equal("!Ref", architecture.Function());
        Assert.Equal("Architecture", architecture.Text());
        Assert.Equal(["arm64", "x86_64"], allowed.Order(StringComparer.Ordinal));
        Assert.Equal("x86_64", _template.Root.Path("Parameters", "Architecture", "Default").Text());
    }

    private YamlNode DistributionConfig() =>
        _template.Resource("SiteDistribution").Path("Properties", "DistributionConfig")
        ?? throw new InvalidOperationException("SiteDistribution has no DistributionConfig.");

    private YamlNode Origin(string id) =>
        DistributionConfig().Child("Origins").Items().Single(origin => origin.Child("Id").Text() == id);
}
