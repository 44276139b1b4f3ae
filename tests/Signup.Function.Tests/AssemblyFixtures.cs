using Signup.Testing;

[assembly: AssemblyFixture(typeof(DynamoDbLocalFixture))]
