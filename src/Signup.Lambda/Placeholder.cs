namespace Signup.Lambda;
