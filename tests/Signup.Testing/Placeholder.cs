namespace Signup.Testing;
