import Foundation

/// What a person asks of the organisation about their own information (PIPA Arts. 35–38).
public enum RequestKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// To see the information held and what is done with it (열람, Art. 35).
    case access
    /// To correct an item (정정, Art. 36).
    case correction
    /// To delete the information (삭제, Art. 36).
    case deletion
    /// To stop processing for purposes (처리정지, Art. 37).
    case suspension
    /// To withdraw consents given (동의 철회, Art. 37(1)).
    case withdrawal
    /// To have the information given to them in a machine-readable form (전송, Art. 35-2).
    case transmission

    /// Whether the request's record holds the person's values: a correction's new values, an access response or a
    /// transmission copy. Such copies go when the information they copy is destroyed.
    public var holdsValues: Bool {
        switch self {
        case .access, .correction, .transmission: true
        case .deletion, .suspension, .withdrawal: false
        }
    }

    public var article: String {
        switch self {
        case .access: "PIPA Art. 35"
        case .correction, .deletion: "PIPA Art. 36"
        case .suspension, .withdrawal: "PIPA Art. 37"
        case .transmission: "PIPA Art. 35-2"
        }
    }

    public func name(in language: Language) -> String {
        switch (self, language) {
        case (.access, .ko): "개인정보 열람"
        case (.access, .en): "Access"
        case (.correction, .ko): "개인정보 정정"
        case (.correction, .en): "Correction"
        case (.deletion, .ko): "개인정보 삭제"
        case (.deletion, .en): "Deletion"
        case (.suspension, .ko): "개인정보 처리정지"
        case (.suspension, .en): "Suspension of processing"
        case (.withdrawal, .ko): "동의 철회"
        case (.withdrawal, .en): "Withdrawal of consent"
        case (.transmission, .ko): "개인정보 전송"
        case (.transmission, .en): "Transmission"
        }
    }
}

/// Where a request stands.
public enum RequestState: String, Sendable, Hashable, CaseIterable, Codable {
    /// Filed; the filer's identity is not yet confirmed.
    case received
    /// A one-time code was sent to the person's contact and is awaited.
    case verifying
    /// The filer is confirmed; staff are carrying it out.
    case inProgress = "in_progress"
    case completed
    /// Refused, with the ground in law and the route to object.
    case refused
    /// The filer withdrew it.
    case withdrawn

    /// Still to be answered: counts against the deadline.
    public var isOpen: Bool { self == .received || self == .verifying || self == .inProgress }

    public func name(in language: Language) -> String {
        switch (self, language) {
        case (.received, .ko): "접수"
        case (.received, .en): "Received"
        case (.verifying, .ko): "본인 확인 중"
        case (.verifying, .en): "Verifying identity"
        case (.inProgress, .ko): "처리 중"
        case (.inProgress, .en): "In progress"
        case (.completed, .ko): "완료"
        case (.completed, .en): "Completed"
        case (.refused, .ko): "거절"
        case (.refused, .en): "Refused"
        case (.withdrawn, .ko): "취하"
        case (.withdrawn, .en): "Withdrawn"
        }
    }
}

/// Who filed a request.
public enum RequestFiler: Sendable, Hashable {
    /// The person, whose identity a one-time code to their verifiable contact confirms.
    case person
    /// A staff member, on the person's behalf (a letter, a call, a visit), having confirmed who they are.
    case staff
    /// A legal representative or a person with a power of attorney (Decree Art. 45), whose authority is recorded.
    case agent(AgentAuthority)

    public var kind: String {
        switch self {
        case .person: "person"
        case .staff: "staff"
        case .agent: "agent"
        }
    }
}

/// What shows an agent may act for the person: the document, recorded by its digest and where it is filed; the
/// document itself (which names the agent) stays where the organisation keeps its paper.
public struct AgentAuthority: Sendable, Hashable, Codable {
    public enum Relation: String, Sendable, Hashable, CaseIterable, Codable {
        /// A parent or guardian (법정대리인).
        case legalRepresentative = "legal_representative"
        /// Someone the person authorised by a power of attorney (위임장, Notice Form 11).
        case attorney

        public func name(in language: Language) -> String {
            switch (self, language) {
            case (.legalRepresentative, .ko): "법정대리인"
            case (.legalRepresentative, .en): "legal representative"
            case (.attorney, .ko): "위임을 받은 자"
            case (.attorney, .en): "holder of a power of attorney"
            }
        }
    }

    public var relation: Relation
    /// The SHA-256 of the document as received (a scan, a PDF), in hex.
    public var documentSHA256: String
    /// Where the document is filed, in the organisation's words: a case number, not personal information.
    public var documentReference: String

    public init(relation: Relation, documentSHA256: String, documentReference: String) {
        self.relation = relation
        self.documentSHA256 = documentSHA256
        self.documentReference = documentReference
    }
}

/// A step in a request's life.
public enum RequestTransition: Sendable, Hashable {
    /// A one-time code was sent.
    case codeSent
    /// The filer is confirmed (the code matched, or staff confirmed them).
    case verified
    case complete
    /// An access (or transmission) put off for a justified reason the person is told; given without delay once the
    /// reason ends (Art. 35(3)). The request stays in progress.
    case postpone
    case refuse(RefusalGround)
    case withdraw

    public var name: String {
        switch self {
        case .codeSent: "code-sent"
        case .verified: "verified"
        case .complete: "completed"
        case .postpone: "postponed"
        case .refuse: "refused"
        case .withdraw: "withdrawn"
        }
    }
}

/// Why a step cannot be taken.
public struct RequestStepError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String
}

/// The rules of a request's life: its deadline and the steps allowed from each state.
public enum RequestRules {
    /// The days the law gives to answer (Decree Arts. 41(4), 43(3), 44(2)).
    public static let answerPeriod = Period(10, .days)

    /// The last day to answer a request received at `receivedAt`: ten days as the Civil Act counts them — the day of
    /// receipt not counted unless received at midnight (Art. 157) — and moved past a Saturday or public holiday to
    /// the next working day (Art. 161).
    public static func deadline(receivedAt: Date, calendar: HolidayCalendar = HolidayCalendar()) -> CivilDate {
        let day = CivilDate(seoul: receivedAt)
        let last = day.lastDay(of: answerPeriod, startsAtMidnight: receivedAt == day.seoulMidnight)
        return calendar.workingDay(onOrAfter: last)
    }

    /// Open and past its deadline on `today`; a postponed access is not overdue while its reason lasts.
    public static func isOverdue(state: RequestState, deadline: CivilDate, today: CivilDate, postponed: Bool = false) -> Bool {
        state.isOpen && !postponed && today > deadline
    }

    /// The state after `transition` from `state`, or why it cannot be taken.
    public static func next(_ state: RequestState, _ transition: RequestTransition, kind: RequestKind) -> Result<RequestState, RequestStepError> {
        switch (state, transition) {
        case (.received, .codeSent), (.verifying, .codeSent): return .success(.verifying)
        case (.received, .verified), (.verifying, .verified): return .success(.inProgress)
        case (.inProgress, .complete): return .success(.completed)
        case (.inProgress, .postpone):
            guard kind == .access || kind == .transmission else {
                return .failure(RequestStepError(description: "only access and transmission can be postponed (PIPA Art. 35(3)); refuse on a ground instead"))
            }
            return .success(.inProgress)
        case (_, .refuse(let ground)) where state.isOpen:
            guard ground.applies(to: kind) else {
                return .failure(RequestStepError(description: "ground '\(ground.rawValue)' (\(ground.article)) does not apply to a request for \(kind.rawValue)"))
            }
            return .success(.refused)
        case (_, .withdraw) where state.isOpen: return .success(.withdrawn)
        case (.received, .complete), (.verifying, .complete):
            return .failure(RequestStepError(description: "the filer's identity (or an agent's authority) is not confirmed yet: the request cannot be carried out"))
        default:
            return .failure(RequestStepError(description: "a request that is \(state.rawValue) cannot be \(transition.name)"))
        }
    }
}
