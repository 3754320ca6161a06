import Foundation

/// Finds the migrations folder of an installed or checked-out build.
public enum MigrationLocator {
    /// The places searched, in order, when no explicit folder is given.
    ///
    /// 1. `<executable dir>/../share/ecr-control-plane/Migrations`, the layout of the docker image and of an
    ///    install under a prefix such as `/usr/local`.
    /// 2. A `Migrations` folder beside a `Package.swift` in the executable's folder or any folder above it,
    ///    which finds the checkout from `.build/debug/ecr-control-plane`.
    /// 3. `<current directory>/Migrations`.
    public static func candidates(executablePath: String, currentDirectory: String) -> [URL] {
        // Resolving symlinks makes a link in /usr/local/bin find the share folder of the real install.
        let executable = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath()
        let executableDirectory = executable.deletingLastPathComponent().standardizedFileURL
        var candidates = [
            executableDirectory.appendingPathComponent("../share/ecr-control-plane/Migrations").standardizedFileURL
        ]
        var directory = executableDirectory
        while true {
            let manifest = directory.appendingPathComponent("Package.swift")
            if FileManager.default.fileExists(atPath: manifest.path) {
                candidates.append(directory.appendingPathComponent("Migrations"))
                break
            }
            let parent = directory.deletingLastPathComponent().standardizedFileURL
            if parent.path == directory.path {
                break
            }
            directory = parent
        }
        candidates.append(URL(fileURLWithPath: currentDirectory).appendingPathComponent("Migrations"))
        return candidates
    }

    /// Returns the migrations folder: `explicit` when given (from `--migrations` or `ECP_MIGRATIONS`),
    /// else the first existing folder among `candidates(executablePath:currentDirectory:)`.
    ///
    /// - Throws: `StoreError` of kind `.migrationsNotFound` naming the explicit path or every candidate tried.
    public static func locate(explicit: String?, executablePath: String, currentDirectory: String) throws -> URL {
        if let explicit, !explicit.isEmpty {
            let url = URL(fileURLWithPath: explicit, relativeTo: URL(fileURLWithPath: currentDirectory))
                .standardizedFileURL
            guard self.isDirectory(url) else {
                throw StoreError(kind: .migrationsNotFound, message: "migrations folder \(url.path) does not exist")
            }
            return url
        }
        let candidates = self.candidates(executablePath: executablePath, currentDirectory: currentDirectory)
        if let found = candidates.first(where: self.isDirectory) {
            return found
        }
        let tried = candidates.map(\.path).joined(separator: ", ")
        throw StoreError(
            kind: .migrationsNotFound,
            message: "no migrations folder found (tried \(tried)); pass --migrations or set ECP_MIGRATIONS"
        )
    }

    private static func isDirectory(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
