using Signup.Reliability.Tests;
using Signup.Reliability.Tests.Support;

[assembly: TestCollectionOrderer(typeof(LogScanLastOrderer))]
[assembly: AssemblyFixture(typeof(SuiteLog))]
