using Signup.Reliability.Tests.Support;
using Xunit.Sdk;
using Xunit.v3;

namespace Signup.Reliability.Tests;

/// <summary>The race, load, crash and malformed-request tests, which share one stack and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class SharedStackCollection : ICollectionFixture<SharedStack>
{
    public const string Name = "Shared stack";
}

/// <summary>The scan of every log line for secrets, which must see the logs of all the other tests.</summary>
[CollectionDefinition(Name)]
public sealed class LogScanCollection
{
    public const string Name = "Log scan";
}

/// <summary>Runs <see cref="LogScanCollection"/> after every other collection, in name order.</summary>
public sealed class LogScanLastOrderer : ITestCollectionOrderer
{
    public IReadOnlyCollection<TTestCollection> OrderTestCollections<TTestCollection>(
        IReadOnlyCollection<TTestCollection> testCollections)
        where TTestCollection : ITestCollection =>
        [.. testCollections
            .OrderBy(collection => collection.TestCollectionDisplayName == LogScanCollection.Name ? 1 : 0)
            .ThenBy(collection => collection.TestCollectionDisplayName, StringComparer.Ordinal)];
}
