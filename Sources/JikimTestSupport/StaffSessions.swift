import Foundation
import JikimCrypto
import JikimVault
import Synchronization

/// Staff sessions as the tests need them: a password set, and — where the actor's roles take a second factor — an
/// authenticator enrolled as the console enrols one, its secret kept here to make later codes with.
public enum StaffSessions {
    private static let secrets = Mutex<[String: (secret: Data, last: Int64)]>([:])

    /// Sets `actor`'s password and starts a session as the console does, enrolling or answering the second factor
    /// when their roles take one (at `now`, the vault's clock). The session's token.
    public static func start(_ vault: Vault, _ actor: String, password: String = "correct horse battery", at now: Date) async throws -> String {
        if try await !vault.secondFactorEnrolled(actor) {
            try await vault.setPassword(password, for: actor, by: "admin")
        }
        switch try await vault.startSession(actor, password: password, allowPending: true) {
        case .started(let token, _):
            return token
        case .pending(let token, let enrolled):
            let key = "\(ObjectIdentifier(vault))/\(actor)"
            if !enrolled {
                guard let shown = try await vault.enrolmentSecret(token), let secret = TOTP.data(base32: shown.base32) else {
                    throw Failure("no enrolment secret for \(actor)")
                }
                secrets.withLock { $0[key] = (secret, .min) }
            }
            guard let code = code(key, at: now), try await vault.completeSecondFactor(token: token, code: code) else {
                throw Failure("the second factor of \(actor) was not taken")
            }
            return token
        case .refused, .secondFactorNeeded:
            throw Failure("\(actor) could not sign in")
        }
    }

    /// The next code of `actor`'s enrolled authenticator at `now` (one the vault has not taken yet), for a sign-in
    /// that sends it with the password (the API's).
    public static func nextCode(_ vault: Vault, _ actor: String, at now: Date) -> String? {
        code("\(ObjectIdentifier(vault))/\(actor)", at: now)
    }

    private static func code(_ key: String, at now: Date) -> String? {
        secrets.withLock { secrets in
            guard let (secret, last) = secrets[key] else { return nil }
            // The current step first (a real clock may cross into the next before the vault checks), then the next.
            let counter = max(TOTP.counter(at: now), last + 1)
            guard counter <= TOTP.counter(at: now) + 1 else { return nil }
            secrets[key] = (secret, counter)
            return TOTP.code(secret: secret, counter: counter)
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }
}
