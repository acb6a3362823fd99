import Foundation

/// How `jikim serve` runs: where it listens and which policy it publishes.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// The policy file; the bundled demo policy when nil.
    public var policyFile: String?
    /// Templates that replace the bundled ones.
    public var templateDirectory: String?
    /// Where the embedded database lives.
    public var dataDirectory: String

    public init(
        host: String = "127.0.0.1", port: Int = 8080, policyFile: String? = nil, templateDirectory: String? = nil,
        dataDirectory: String = "jikim-data"
    ) {
        self.host = host
        self.port = port
        self.policyFile = policyFile
        self.templateDirectory = templateDirectory
        self.dataDirectory = dataDirectory
    }

    /// The demo policy bundled with Jikim: a fictional shop with two versions.
    public static var demoPolicyFile: String? {
        Bundle.module.resourceURL?.appendingPathComponent("DemoPolicy/policy.yaml").path
    }
}
