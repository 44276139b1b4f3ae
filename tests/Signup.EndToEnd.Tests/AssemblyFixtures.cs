using Signup.EndToEnd.Tests.Support;

[assembly: AssemblyFixture(typeof(StackFixture))]
[assembly: AssemblyFixture(typeof(BrowserFixture))]
