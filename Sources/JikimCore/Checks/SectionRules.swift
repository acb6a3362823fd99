enum SectionRules {
    /// A public institution's policy lists the personal-information files it registered (Art. 32(1); the PIPC's
    /// drafting guideline, 개인정보파일 등록 현황); only a public institution registers files.
    /// Records of using and providing location information are kept, and the policy says for how long.
    static let locationRecords: PolicyChecker.Rule = { policy in
        guard let location = policy.location, location.useRecordsRetention == nil else { return [] }
        return [.warning("location-records-retention", at: PolicyPath.root["location"],
            "say how long the records of using and providing location information are kept (use_records_retention)",
            article: "Location Information Act Art. 16(2)")]
    }

    /// A video devices' policy says what Decree Art. 25(1) lists.
    static let videoDevices: PolicyChecker.Rule = { policy in
        policy.videoDevices.enumerated().compactMap { index, devices in
            let missing = [("basis", devices.basis == nil), ("installations", devices.installations.isEmpty), ("hours", devices.hours == nil),
                           ("retention", devices.retention == nil), ("manager", devices.manager == nil && devices.otherManagers.isEmpty), ("requests", devices.requests == nil),
                           ("safety", devices.safety == nil)].filter(\.1).map(\.0)
            return missing.isEmpty ? nil : .warning("video-policy-incomplete", at: PolicyPath.root["video_devices"][index],
                "the video devices' operation policy does not say: \(missing.joined(separator: ", "))", article: "PIPA Art. 25(7); Decree Art. 25(1)")
        }
    }

    /// A policy that says it provides to no third party lists no provision; and its exceptions no longer include
    /// statistics, research or market research, which Art. 18(2) has not allowed without consent since 2020
    /// (pseudonymised information is processed under Arts. 28-2 and 28-3 instead).
    static let noProvision: PolicyChecker.Rule = { policy in
        var findings: [Diagnostic] = []
        if policy.noProvision, !policy.provisions.isEmpty {
            findings.append(.error("no-provision-with-provisions", at: PolicyPath.root["no_provision"],
                "the policy says it provides to no third party (no_provision: true) but lists provisions; remove one or the other",
                article: "PIPA Art. 17(1)"))
        }
        // Every text that states exceptions to provision: the no-provision statement, the additional-use criteria,
        // the third-party article's opening and notices placed in that article.
        var texts: [(PolicyPath, LocalizedText?)] = [(.root["no_provision"], policy.noProvisionText), (.root["additional_use"], policy.additionalUse),
                                                     (.root["intros"]["provisions"], policy.intros[.provisions])]
        for (index, notice) in policy.notices.enumerated() where notice.place == .article(.provisions) {
            texts.append((.root["notices"][index]["body"], notice.body))
        }
        for (path, text) in texts {
            guard let korean = text?.ko?.filter({ !$0.isWhitespace }), korean.contains("통계작성"), korean.contains("학술연구") else { continue }
            findings.append(.warning("statistics-exception-repealed", at: path,
                "the text names providing information for statistics, academic research or market research as an exception; Art. 18(2) has not allowed that without consent since 2020 (pseudonymised information is processed under Arts. 28-2 and 28-3)",
                article: "PIPA Art. 18(2), Arts. 28-2, 28-3"))
        }
        return findings
    }

    static let registeredFiles: PolicyChecker.Rule = { policy in
        switch (policy.organisation.kind == .publicInstitution, policy.files.isEmpty) {
        case (true, true):
            [.warning("no-registered-files", at: PolicyPath.root["organisation"]["kind"],
                "a public institution registers its personal-information files with the PIPC and lists them in its policy (files)",
                article: "PIPA Art. 32(1)")]
        case (false, false):
            [.warning("files-not-public", at: PolicyPath.root["files"],
                "only a public institution registers personal-information files (organisation.kind: public_institution)",
                article: "PIPA Art. 32(1)")]
        default: []
        }
    }

    /// A notice placed inside an article needs that article in the render: one on provision needs provisions or a
    /// statement that there are none, one on consignment needs consignees, and so on.
    static let noticePlaces: PolicyChecker.Rule = { policy in
        policy.notices.enumerated().compactMap { index, notice in
            let absent: String? = switch notice.place {
            case .article(.provisions)? where policy.provisions.isEmpty && !policy.noProvision: "provisions (or no_provision)"
            case .article(.consignments)? where policy.consignments.isEmpty: "consignments"
            case .article(.overseas)? where !policy.provisions.contains(where: { $0.overseas != nil })
                && !policy.consignments.contains(where: { $0.overseas != nil }): "transfer abroad (overseas)"
            case .files? where policy.files.isEmpty: "files"
            case .videoDevices? where policy.videoDevices.isEmpty: "video_devices"
            default: nil
            }
            return absent.map { missing in
                .error("notice-place-absent", at: .root["notices"][index]["after"],
                       "the notice is placed after '\(notice.place?.name ?? "")', but the policy declares no \(missing), so that article is not rendered")
            }
        }
    }

    /// People can reach the privacy officer or the responsible department (Art. 30(1)6, Art. 31(1)).
    static let privacyContact: PolicyChecker.Rule = { policy in
        let contacts = [policy.officer, policy.department].compactMap { $0 }
        if policy.officerUnstated {
            let unstated = Diagnostic.warning("officer-unstated", at: .root["officer"],
                "the policy does not say who its privacy officer is: the render says so; a policy must name the officer and how to reach them",
                article: "PIPA Art. 30(1)6, Art. 31(1)")
            guard let department = policy.department, !department.isReachable else { return [unstated] }
            return [unstated, .error("no-privacy-contact", at: .root["department"],
                "the department gives neither a phone number nor an e-mail address", article: "PIPA Art. 30(1)6, Decree Art. 31(1)")]
        }
        if contacts.isEmpty {
            return [.error("no-privacy-contact", at: .root,
                "declare the privacy officer (officer) or the responsible department (department)",
                article: "PIPA Art. 30(1)6, Art. 31(1)")]
        }
        if !contacts.contains(where: \.isReachable) {
            return [.error("no-privacy-contact", at: .root[policy.officer != nil ? "officer" : "department"],
                "neither the privacy officer nor the department gives a phone number or an e-mail address",
                article: "PIPA Art. 30(1)6, Decree Art. 31(1)")]
        }
        return []
    }

    /// Sections the law requires in every policy.
    static let mandatorySections: PolicyChecker.Rule = { policy in
        var findings: [Diagnostic] = []
        if policy.purposes.isEmpty {
            findings.append(.error("no-purposes", at: .root, "declare the purposes of processing", article: "PIPA Art. 30(1)1"))
        }
        if policy.items.isEmpty {
            findings.append(.error("no-items", at: .root, "declare the items processed", article: "Decree Art. 31(1)1"))
        }
        if policy.safetyMeasures?.isEmpty ?? true {
            findings.append(.error("no-safety-measures", at: .root,
                "declare the safety measures (administrative, technical, physical)", article: "Decree Art. 31(1)3"))
        }
        if policy.rights?.channels.isEmpty ?? true {
            findings.append(.error("no-rights-channel", at: policy.rights == nil ? .root : .root["rights"],
                "say how people file requests to access, correct, delete or suspend (rights.channels)",
                article: "PIPA Art. 30(1)5, Art. 38"))
        }
        return findings
    }

    /// Sections the PIPC drafting guideline recommends; missing ones are warnings.
    static let recommendedSections: PolicyChecker.Rule = { policy in
        var findings: [Diagnostic] = []
        if policy.remedies.isEmpty {
            findings.append(.warning("no-remedies", at: .root,
                "list the agencies people can turn to for remedy (remedies): the dispute mediation committee, KISA's report centre, prosecutors, police"))
        }
        if let measures = policy.safetyMeasures, !measures.isEmpty {
            for (kind, list) in [("administrative", measures.administrative), ("technical", measures.technical), ("physical", measures.physical)]
            where list.isEmpty {
                findings.append(.warning("safety-measures-incomplete", at: .root["safety_measures"],
                    "no \(kind) safety measures are declared", article: "Decree Art. 30(1)"))
            }
        }
        if policy.items.contains(where: { $0.category == .automatic }), policy.automaticCollection == nil {
            findings.append(.warning("no-automatic-collection", at: .root,
                "items are generated automatically but automatic_collection does not say whether cookies are used and how to refuse them",
                article: "PIPA Art. 30(1)7"))
        }
        if let rights = policy.rights, !rights.agents {
            findings.append(.warning("no-agents", at: .root["rights"]["agents"],
                "people may exercise their rights through a legal representative or a person with a power of attorney; say how (agents: true)",
                article: "PIPA Art. 38(1)"))
        }
        if let dormancy = policy.dormancy, dormancy.noticeDays == nil {
            findings.append(.warning("dormancy-without-notice", at: .root["dormancy"],
                "say how many days in advance people are told before their data is separated (notice_days)"))
        }
        let used = Set(policy.purposes.flatMap { $0.basis?.consentIDs ?? [] } + policy.provisions.flatMap { $0.basis?.consentIDs ?? [] }
            + policy.retention.flatMap(\.basis.consentIDs))
        for (index, consent) in policy.consents.enumerated() where !used.contains(consent.id) {
            findings.append(.warning("unused-consent", at: .root["consents"][index]["id"],
                "consent '\(consent.id)' is declared but no purpose, provision or retention rule rests on it"))
        }
        return findings
    }
}
