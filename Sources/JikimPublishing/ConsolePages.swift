import Foundation
import JikimCore
import Mustache

/// The staff console's pages (`/console`): sign-in, and the dashboard of what needs the signed-in staff member today.
/// Rendered from `console-sign-in.html` and `console-dashboard.html` inside `page.html`, Korean first with English.
extension PolicyRenderer {
    /// The sign-in page; `csrf` is the token its form carries back.
    public func consoleSignIn(organisation: LocalizedText, language: Language, error: String? = nil, csrf: String) throws(Failure) -> String {
        let labels = ConsoleWords.labels(language)
        let context: [String: Any] = [
            "lang": language.rawValue, "t": labels, "csrf": csrf, "error": error.map { $0 as Any } ?? NSNull(),
            "organisation": organisation.text(in: language),
        ]
        return try page(template: "console-sign-in.html", context: context, title: labels["signInTitle"] ?? "", language: language)
    }

    /// The dashboard: the open requests by deadline, overdue first, with the days left counted from `today`; nil
    /// `requests` when the staff member's roles do not handle requests.
    public func consoleDashboard(
        organisation: LocalizedText, actor: String, requests: [RequestSummary]?, today: CivilDate, sessionEnds: Date? = nil,
        language: Language, csrf: String
    ) throws(Failure) -> String {
        let labels = ConsoleWords.labels(language)
        let rows = (requests ?? []).sorted { ($0.overdue ? 0 : 1, $0.deadline, $0.number) < ($1.overdue ? 0 : 1, $1.deadline, $1.number) }
            .map { request -> [String: Any] in
                let left = CivilDate(iso: request.deadline).map { $0.dayNumber - today.dayNumber } ?? 0
                return [
                    "number": request.number, "kind": request.kind.name(in: language), "state": request.state.name(in: language),
                    "deadline": request.deadline, "overdue": request.overdue, "provisional": request.deadlineProvisional,
                    "left": language == .ko ? "\(left)일" : "\(left) day\(abs(left) == 1 ? "" : "s")",
                ]
            }
        let context: [String: Any] = [
            "lang": language.rawValue, "t": labels, "csrf": csrf, "actor": actor, "organisation": organisation.text(in: language),
            "sessionEnds": sessionEnds.map { ReviewContext.seoul($0) + " KST" as Any } ?? NSNull(),
            "handlesRequests": requests != nil, "requests": rows, "noRequests": requests?.isEmpty == true,
            "overdueCount": rows.filter { $0["overdue"] as? Bool == true }.count,
            "hasOverdue": rows.contains { $0["overdue"] as? Bool == true },
        ]
        return try page(template: "console-dashboard.html", context: context, title: labels["dashboardTitle"] ?? "", language: language)
    }
}

extension PolicyRenderer {
    /// A request's page for the staff who handle it: its summary and deadline, its history, and the steps the law
    /// allows while it is open (answer it; refuse it on a ground the law gives for its kind).
    public func consoleRequest(
        organisation: LocalizedText, actor: String, request: RequestSummary, steps: [RequestStep], answered: Bool,
        message: String? = nil, error: String? = nil, sessionEnds: Date? = nil, language: Language, csrf: String
    ) throws(Failure) -> String {
        let labels = ConsoleWords.labels(language)
        let local = { (timestamp: String) in Timestamp.date(timestamp).map { ReviewContext.seoul($0) + " KST" } ?? timestamp }
        let context: [String: Any] = [
            "lang": language.rawValue, "t": labels, "csrf": csrf, "actor": actor, "organisation": organisation.text(in: language),
            "sessionEnds": sessionEnds.map { ReviewContext.seoul($0) + " KST" as Any } ?? NSNull(),
            "message": message.map { $0 as Any } ?? NSNull(), "error": error.map { $0 as Any } ?? NSNull(),
            "number": request.number, "kind": request.kind.name(in: language), "state": request.state.name(in: language),
            "filer": request.filer, "received": local(request.receivedAt), "deadline": request.deadline,
            "provisional": request.deadlineProvisional, "overdue": request.overdue, "answered": answered,
            "open": request.state.isOpen, "canAnswer": request.state == .inProgress,
            "steps": steps.map { ["step": $0.step, "state": $0.state.name(in: language), "at": local($0.at), "actor": $0.actor] },
            "grounds": RefusalGround.allCases.filter { $0.applies(to: request.kind) }.map {
                ["value": $0.rawValue, "name": "\($0.text(in: language)) (\($0.article))"]
            },
        ]
        return try page(template: "console-request.html", context: context, title: "\(labels["requestTitle"] ?? "") \(request.number)",
                        language: language)
    }
}

/// The words of the console.
enum ConsoleWords {
    static func labels(_ language: Language) -> [String: String] {
        language == .ko ? korean : english
    }

    static let korean: [String: String] = [
        "signInTitle": "개인정보 처리 콘솔 로그인", "actor": "취급자 ID", "password": "비밀번호", "signIn": "로그인", "error": "오류",
        "signInNote": "로그인, 실패, 로그아웃은 모두 접속기록으로 남습니다. 연속으로 실패하면 계정이 잠시 잠깁니다.",
        "dashboardTitle": "오늘 처리할 일", "signedInAs": "로그인:", "signOut": "로그아웃", "sessionEnds": "세션 만료",
        "requestsTitle": "처리 중인 정보주체의 요구 (처리 기한순)", "number": "접수번호", "kind": "요구 종류", "state": "상태",
        "deadline": "처리 기한", "left": "남은 기간", "overdue": "기한 경과", "provisional": "잠정",
        "noRequests": "처리 중인 요구가 없습니다.", "notHandler": "이 계정의 역할은 정보주체의 요구를 처리하지 않습니다.",
        "overdueNote": "건이 처리 기한을 넘겼습니다.",
        "requestTitle": "요구", "back": "오늘 처리할 일로", "filer": "요구한 사람", "received": "접수 일시", "history": "처리 이력",
        "step": "단계", "at": "일시", "by": "처리자", "actions": "처리", "answer": "요구대로 처리하고 결과를 알림",
        "answerHelp": "열람·전송은 보유한 정보를, 정정·삭제·처리정지·동의 철회는 처리한 결과를 정보주체가 조회 화면에서 확인합니다.",
        "refuse": "거절", "ground": "거절 사유(법적 근거)", "note": "정보주체에게 알릴 설명 (200자 이내, 개인정보 없이)",
        "answered": "처리 결과가 정보주체에게 공개되었습니다.", "closed": "이 요구는 종결되었습니다.",
        "waiting": "본인 확인 또는 대리 권한 확인을 기다리는 중입니다.",
    ]

    static let english: [String: String] = [
        "signInTitle": "Sign in to the privacy console", "actor": "Staff ID", "password": "Password", "signIn": "Sign in", "error": "Error",
        "signInNote": "Every sign-in, failure and sign-out is an access record. Repeated failures lock the account for a while.",
        "dashboardTitle": "What needs you today", "signedInAs": "Signed in as", "signOut": "Sign out", "sessionEnds": "session ends",
        "requestsTitle": "People's requests in progress, by deadline", "number": "Number", "kind": "Request", "state": "State",
        "deadline": "Answer due by", "left": "Left", "overdue": "overdue", "provisional": "provisional",
        "noRequests": "No request is in progress.", "notHandler": "Your roles do not handle people's requests.",
        "overdueNote": "past their deadline.",
        "requestTitle": "Request", "back": "Back to today", "filer": "Filed by", "received": "Received", "history": "History",
        "step": "Step", "at": "At", "by": "By", "actions": "Steps you can take", "answer": "Carry it out and answer",
        "answerHelp": "An access or transmission gives what is held; a correction, deletion, suspension or withdrawal is carried out; the person reads the answer on their status page.",
        "refuse": "Refuse", "ground": "Ground (the law's)", "note": "What to tell the person (at most 200 characters, no personal information)",
        "answered": "The answer is open to the person.", "closed": "This request is closed.",
        "waiting": "Waiting for the person's identity or an agent's authority to be confirmed.",
    ]
}
