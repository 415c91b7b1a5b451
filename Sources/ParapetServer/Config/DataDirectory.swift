import Foundation

/// The data directory: the SQLite database and the secrets Parapet generates on first start
/// (the audit signing key and the salt of text hashes), each readable by the owner only.
public struct DataDirectory: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    public var databasePath: String { path + "/parapet.sqlite" }
    public var signingKeyPath: String { path + "/audit-signing.key" }
    public var saltPath: String { path + "/redaction.salt" }

    /// Creates the directory (mode 0700) if it does not exist.
    public func create() throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw DataDirectoryError("\(path) exists and is not a directory") }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw DataDirectoryError("cannot create data directory \(path): \(error.localizedDescription)")
        }
    }

    /// The 32-byte secret in `file`, generated (mode 0600) if absent. Stored as hex.
    public func secret(at file: String) throws -> [UInt8] {
        if let data = FileManager.default.contents(atPath: file) {
            let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard let bytes = Self.decodeHex(text), bytes.count >= 16 else {
                throw DataDirectoryError("\(file) does not hold a hex secret of at least 16 bytes")
            }
            return bytes
        }
        var rng = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let hex = bytes.map { String($0, radix: 16).leftPadded(2) }.joined()
        guard FileManager.default.createFile(atPath: file, contents: Data((hex + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
            throw DataDirectoryError("cannot write \(file)")
        }
        return bytes
    }

    static func decodeHex(_ text: String) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(chars.count / 2)
        var i = 0
        while i < chars.count {
            guard let hi = hexValue(chars[i]), let lo = hexValue(chars[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: c - 0x30
        case 0x61...0x66: c - 0x57
        case 0x41...0x46: c - 0x37
        default: nil
        }
    }
}

/// A problem with the data directory.
public struct DataDirectoryError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
