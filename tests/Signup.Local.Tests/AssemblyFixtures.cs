using Signup.Local.Tests.Support;

[assembly: AssemblyFixture(typeof(SharedStack))]
