#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Random bytes from the kernel's secure generator, drawn 4 KiB at a time: the guard route needs
/// ten for every audit id, and `SystemRandomNumberGenerator` makes one `getrandom` call per eight
/// bytes (about 1 % of the route's CPU in a profile). Every byte is handed out once.
final class RandomBytePool: Sendable {
    /// The process's pool. It holds no configuration and no request state, only unused entropy.
    static let shared = RandomBytePool()

    private struct Pool {
        var bytes: [UInt8] = []
        var next = 0
    }

    private let capacity: Int
    private let pool = Mutex(Pool())

    init(capacity: Int = 4096) {
        self.capacity = max(64, capacity)
    }

    /// Appends `count` random bytes to `out`.
    func append(_ count: Int, to out: inout [UInt8]) {
        var remaining = max(0, count)
        pool.withLock { pool in
            while remaining > 0 {
                if pool.next == pool.bytes.count {
                    pool.bytes = Self.fresh(capacity)
                    pool.next = 0
                }
                let n = min(remaining, pool.bytes.count - pool.next)
                out.append(contentsOf: pool.bytes[pool.next..<pool.next + n])
                // Spent bytes are overwritten so the pool never holds what was handed out.
                for i in pool.next..<pool.next + n { pool.bytes[i] = 0 }
                pool.next += n
                remaining -= n
            }
        }
    }

    /// `count` bytes read from `/dev/urandom` in one go (the kernel's generator, as `getrandom`,
    /// which Swift's Glibc module does not export), or from the standard library's generator
    /// where the device cannot be read (a chroot without `/dev`, say).
    private static func fresh(_ count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        #if canImport(Glibc)
        let fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
        if fd >= 0 {
            defer { close(fd) }
            let filled = bytes.withUnsafeMutableBytes { raw -> Bool in
                guard let base = raw.baseAddress else { return false }
                var done = 0
                while done < count {
                    let n = read(fd, base + done, count - done)
                    if n > 0 {
                        done += n
                    } else if n < 0 && errno == EINTR {
                        continue
                    } else {
                        return false
                    }
                }
                return true
            }
            if filled { return bytes }
        }
        #endif
        var generator = SystemRandomNumberGenerator()
        for i in stride(from: 0, to: count, by: 8) {
            withUnsafeBytes(of: generator.next() as UInt64) { word in
                for (j, b) in word.enumerated() where i + j < count { bytes[i + j] = b }
            }
        }
        return bytes
    }
}
