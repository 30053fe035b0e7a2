using MidTrain.Filters.Pii;

namespace MidTrain.Filters.Tests.Pii;

public sealed class PiiDetectorTests
{
    [Theory]
    [InlineData("GB82WEST12345698765432", true)] // the ISO 13616 / SWIFT registry's example
    [InlineData("DE89370400440532013000", true)]
    [InlineData("DE89370400440532013001", false)] // one digit changed
    [InlineData("DE8937040044053201300", false)] // one digit short for Germany
    [InlineData("XX89370400440532013000", false)] // no such country
    public void Iban_IsValid_ChecksCountryLengthAndMod97(string iban, bool valid) => Iban.IsValid(iban).Should().Be(valid);

    [Theory]
    [InlineData("79927398713", true)] // the classic Luhn worked example
    [InlineData("79927398710", false)]
    [InlineData("4111111111111111", true)]
    [InlineData("4111111111111112", false)]
    public void PaymentCard_Luhn_WorkedExamples(string digits, bool valid) => PaymentCard.Luhn(digits).Should().Be(valid);

    [Theory]
    [InlineData("4111111111111111", true)]
    [InlineData("378282246310005", true)] // Amex, 15 digits
    [InlineData("3782822463100050", false)] // Amex prefix with 16 digits
    [InlineData("9111111111111111", false)] // no issuer starts with 9
    public void PaymentCard_IsValid_NeedsAKnownIssuerLength(string digits, bool valid) => PaymentCard.IsValid(digits).Should().Be(valid);

    [Fact]
    public void Find_Overlaps_PreferChecksummedKindsThenLongerSpans()
    {
        // The digits of the email's local part would be a phone number after "call"; the email wins.
        const string text = "call 0612345678@example.com now";
        var matches = new PiiDetector().Find(text);
        matches.Should().ContainSingle().Which.Kind.Should().Be(PiiKind.Email);
    }

    [Fact]
    public void Find_Results_AreOrderedAndDisjoint()
    {
        const string text = "x@example.com 10.0.0.1 +44 20 7946 0958 DE89 3704 0044 0532 0130 00 4111111111111111 2001:db8::1";
        var matches = new PiiDetector().Find(text);
        matches.Select(m => m.Kind).Should().Equal(PiiKind.Email, PiiKind.IpAddress, PiiKind.Phone, PiiKind.Iban, PiiKind.CreditCard, PiiKind.IpAddress);
        matches.Zip(matches.Skip(1)).Should().OnlyContain(p => p.First.End <= p.Second.Start);
    }

    [Fact]
    public void Placeholder_AndName_CoverEveryKind()
    {
        foreach (var kind in Enum.GetValues<PiiKind>())
        {
            PiiDetector.Placeholder(kind).Should().MatchRegex("^<[A-Z_]+>$");
            PiiDetector.Name(kind).Should().MatchRegex("^[a-z_]+$");
        }
    }
}
