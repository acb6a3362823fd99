/// Which published version of the policy is in force on a day, and what stops a new version from being published.
///
/// The store keeps every version ever published, and the version in force is the one that took effect last: a
/// version published today to take effect next month is announced at once (the public pages show it as the coming
/// version) and enforced from its effective date, on every server that reads the same store.
public enum PolicyPublishing {
    /// The version in force on `day`: of those that have taken effect by then, the one that took effect last
    /// (a version without an effective date counts as in force from the start). Nil when none has taken effect yet.
    public static func inForce(_ versions: [PolicyVersion], on day: CivilDate) -> PolicyVersion? {
        versions.filter { ($0.effective?.dayNumber ?? .min) <= day.dayNumber }.max(by: order)
    }

    /// The version that takes effect first after `day`, if one is published.
    public static func next(_ versions: [PolicyVersion], after day: CivilDate) -> PolicyVersion? {
        versions.filter { ($0.effective?.dayNumber ?? .min) > day.dayNumber }.min(by: order)
    }

    /// Newest last: by effective date, then by id so that the order never depends on the order of the store's rows.
    public static func order(_ a: PolicyVersion, _ b: PolicyVersion) -> Bool {
        (a.effective?.dayNumber ?? .min, a.id) < (b.effective?.dayNumber ?? .min, b.id)
    }

    /// What stops `candidate` from being published on `today` when `published` are the versions published so far,
    /// as problems placed in the candidate's file; warnings say what the publication will show.
    ///
    /// A published version never changes and history runs forward: the candidate has an id of its own, takes effect
    /// after every published version and not before the day it is published, belongs to the same organisation, and
    /// is not announced on a day still to come (publishing it is announcing it). The notice period is counted from
    /// the day of publication, whatever date the file gives as its announcement.
    /// `organisation` is the organisation whose policy is published already (nil when nothing is).
    public static func problems(
        publishing candidate: Policy, after published: [PolicyVersion], of organisation: LocalizedText?, today: CivilDate
    ) -> [Diagnostic] {
        let version = candidate.version
        let path = PolicyPath.root["version"]
        var problems: [Diagnostic] = []
        if let organisation, organisation != candidate.organisation.name {
            problems.append(.error("other-organisation", at: PolicyPath.root["organisation"]["name"],
                "the published versions are the policy of \(organisation.text(in: .en)), not of \(candidate.organisation.name.text(in: .en)); one data directory holds one organisation's policy"))
        }
        if published.contains(where: { $0.id == version.id }) {
            problems.append(.error("version-published", at: path["id"],
                "version '\(version.id)' is published already and a published version never changes: give this one its own id, announcement and effective dates"))
        }
        guard let effective = version.effective else {
            problems.append(.error("effective-before-publication", at: path, "a version published now needs the date it takes effect (effective)",
                article: "PIPA Art. 30(2)"))
            return problems
        }
        if effective < today {
            problems.append(.error("effective-before-publication", at: path["effective"],
                "the version would take effect on \(effective), before today (\(today)); a version takes effect on the day it is published at the earliest",
                article: "PIPA Art. 30(2)"))
        }
        if let latest = published.max(by: order), let before = latest.effective, effective <= before {
            problems.append(.error("effective-not-after-published", at: path["effective"],
                "version '\(latest.id)' is published to take effect on \(before); a new version takes effect after it"))
        }
        if let announced = version.announced, announced > today {
            problems.append(.error("announced-after-publication", at: path["announced"],
                "the version says it is announced on \(announced), but publishing it announces it today (\(today)); give today's date or an earlier one"))
        } else if effective >= today, effective.dayNumber - today.dayNumber < 7 {
            problems.append(.warning("short-notice-from-publication", at: path["effective"],
                "published today, the version takes effect \(effective.dayNumber - today.dayNumber) days later; 7 days' notice (30 for changes to people's rights) is the practice"))
        }
        return problems
    }
}
