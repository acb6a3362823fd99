/// Checks a policy against the rules of PIPA. Each rule is a function from the policy to its findings, so a
/// rule can be read, tested and cited on its own.
public enum PolicyChecker {
    public typealias Rule = @Sendable (Policy) -> [Diagnostic]

    /// Every rule, in the order their findings are reported.
    public static let rules: [Rule] = [
        IdentifierRules.duplicates,
        ReferenceRules.undeclaredReferences,
        PurposeRules.purposeWithoutBasis,
        PurposeRules.itemWithoutPurpose,
        PurposeRules.marketingConsent,
        PurposeRules.optionalItemsOnOptionalConsent,
        PurposeRules.specialCategories,
        RetentionRules.itemWithoutRetention,
        RetentionRules.lawRetentionSeparated,
        RetentionRules.retentionBasisUnstated,
        RetentionRules.permanentWithoutLaw,
        ProvisionRules.provisionBasis,
        ProvisionRules.overseasDisclosures,
        ProtectionRules.requiredProtection,
        RightsRequestChecks.verifiableContacts,
        RightsRequestChecks.requestHandling,
        RightsRequestChecks.recipientIDs,
        RightsRequestChecks.staffDuties,
        AccessLogRules.retention,
        SectionRules.privacyContact,
        SectionRules.mandatorySections,
        SectionRules.recommendedSections,
        SectionRules.registeredFiles,
        SectionRules.noProvision,
        SectionRules.videoDevices,
        SectionRules.locationRecords,
        SectionRules.noticePlaces,
        VersionRules.versionDates,
    ]

    /// All findings for `policy`: errors first, then warnings, each group in the order of the file.
    public static func check(_ policy: Policy) -> [Diagnostic] {
        let findings = rules.flatMap { $0(policy) }
        return findings.errors + findings.warnings
    }
}
