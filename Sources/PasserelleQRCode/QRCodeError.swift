/// Reasons a text cannot be turned into a QR Code.
public enum QRCodeError: Error, Sendable, Equatable {
    /// The text does not fit in a version 40 symbol at the requested level.
    case tooLong
}
