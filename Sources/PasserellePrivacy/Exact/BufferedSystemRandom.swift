#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The operating system's CSPRNG (Linux `/dev/urandom`, the same kernel generator as `getrandom`; Darwin
/// `arc4random_buf` — the sources behind `SystemRandomNumberGenerator`), read 4 KiB at a time instead of
/// 8 bytes per system call.
///
/// Why: the exact samplers draw several words per sample, and one system call per word dominated their cost.
/// The bytes are the kernel's, unmodified; nothing is derived or expanded in user space.
public struct BufferedSystemRandom: RandomNumberGenerator {
    private static let words = 512
    private var buffer = [UInt64](repeating: 0, count: BufferedSystemRandom.words)
    private var position = BufferedSystemRandom.words

    /// A generator with an empty buffer (filled on first use).
    public init() {}

    /// The next 64 random bits from the kernel.
    public mutating func next() -> UInt64 {
        if position == Self.words { refill() }
        defer { position += 1 }
        return buffer[position]
    }

    private mutating func refill() {
        buffer.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress else { return }
            #if canImport(Glibc)
            let fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
            // As the stdlib generator does: never continue without entropy.
            guard fd >= 0 else { fatalError("cannot open /dev/urandom: errno \(errno)") }
            defer { close(fd) }
            var filled = 0
            while filled < raw.count {
                let got = read(fd, base + filled, raw.count - filled)
                if got > 0 { filled += got } else if got < 0 && errno == EINTR { continue } else {
                    fatalError("reading /dev/urandom failed: errno \(errno)")
                }
            }
            #else
            arc4random_buf(base, raw.count)
            #endif
        }
        position = 0
    }
}
