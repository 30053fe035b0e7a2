using MidTrain.Models.Serving;

namespace MidTrain.Models.Tests.Serving;

public sealed class ApiKeyAuthenticatorTests
{
    private readonly ApiKeyAuthenticator _authenticator = new("sk-secret-123");

    [Theory]
    [InlineData("Bearer sk-secret-123")]
    [InlineData("bearer sk-secret-123")]
    [InlineData("Bearer  sk-secret-123 ")]
    public void Accepts_BearerWithTheKey_True(string header) => _authenticator.Accepts(header).Should().BeTrue();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sk-secret-123")]
    [InlineData("Basic sk-secret-123")]
    [InlineData("Bearer sk-secret-12")]
    [InlineData("Bearer sk-secret-1234")]
    [InlineData("Bearer ")]
    [InlineData("Bearer SK-SECRET-123")]
    public void Accepts_AnythingElse_False(string? header) => _authenticator.Accepts(header).Should().BeFalse();
}
