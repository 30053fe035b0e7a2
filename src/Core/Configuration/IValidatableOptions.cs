namespace MidTrain.Core.Configuration;

/// <summary>
/// Options that check themselves once they are bound (cross-field rules that attributes cannot express). The binder
/// calls <see cref="Validate"/> after every key is set; code that builds options by hand should call it too.
/// </summary>
public interface IValidatableOptions
{
    /// <summary>Throws <see cref="OptionsValidationException"/> naming the first bad key.</summary>
    void Validate();
}
