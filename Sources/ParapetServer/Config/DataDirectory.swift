import Foundation
import ParapetCore

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
            guard let bytes = Hex.decode(text), bytes.count >= 16 else {
                throw DataDirectoryError("\(file) does not hold a hex secret of at least 16 bytes")
            }
            return bytes
        }
        var rng = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let hex = Hex.encode(bytes)
        guard FileManager.default.createFile(atPath: file, contents: Data((hex + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
            throw DataDirectoryError("cannot write \(file)")
        }
        return bytes
    }
}

/// A problem with the data directory.
public struct DataDirectoryError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
