/// Where a retention class of a person is kept now. A destroyed class has no state: it is gone.
public enum StorageState: String, Sendable, Hashable {
    /// With the person's other data, readable for the declared purposes.
    case ordinary
    /// Apart, readable only for the retention rules that keep it (Art. 21(3)).
    case separated
}

/// What a person's retention stands at, as the store holds it.
public struct RetentionState: Sendable, Hashable {
    public var classes: [String: StorageState]
    /// A legal hold stops every destruction of the person's data until it is lifted.
    public var held: Bool
    /// The dormancy date the last notice announced, so that each is sent once.
    public var noticeSentFor: CivilDate?
    /// Classes whose destruction has been proposed and waits for the officer.
    public var awaitingApproval: Set<String>
    /// Classes whose destruction the officer has approved.
    public var approved: Set<String>

    public init(
        classes: [String: StorageState], held: Bool = false, noticeSentFor: CivilDate? = nil,
        awaitingApproval: Set<String> = [], approved: Set<String> = []
    ) {
        self.classes = classes
        self.held = held
        self.noticeSentFor = noticeSentFor
        self.awaitingApproval = awaitingApproval
        self.approved = approved
    }
}

/// Why a class is separated.
public enum SeparationCause: Sendable, Hashable {
    /// Its purpose ended and a rule keeps it (the rule's name).
    case retention(String)
    /// The person has been inactive for the period the policy declares.
    case dormancy
}

/// One thing a sweep does for a person.
public enum RetentionAction: Sendable, Hashable {
    case separate(String, SeparationCause)
    /// Back to ordinary use: the dormant person was active again.
    case restore(String)
    case destroy(String)
    /// Destruction is due and waits for the privacy officer.
    case propose(String)
    /// Destruction is due and a legal hold stops it.
    case held(String)
    /// Tell the person their data will be separated or destroyed as dormant on the given day.
    case notifyDormancy(CivilDate)
}

/// What is due for a person on a day, and the next day something will be.
public struct RetentionPlan: Sendable, Hashable {
    public var actions: [RetentionAction]
    /// The next day after today on which something is due; nil when nothing is scheduled.
    public var nextDue: CivilDate?

    /// The plan for `today` of a person whose data is in `state`, under `schedule`. With `approvalRequired`, a due
    /// destruction is proposed and carried out once approved.
    public init(schedule: RetentionSchedule, state: RetentionState, today: CivilDate, approvalRequired: Bool) {
        var actions: [RetentionAction] = []
        var upcoming: [CivilDate] = []
        let dormancy = schedule.dormancy
        let dormant = dormancy.map { $0.action == .separate && $0.dormantOn <= today } ?? false
        for name in state.classes.keys.sorted() {
            guard let storage = state.classes[name], let classSchedule = schedule.classes[name] else { continue }
            if let destroyOn = classSchedule.destroyOn, destroyOn <= today {
                if state.held {
                    actions.append(.held(name))
                } else if approvalRequired && !state.approved.contains(name) {
                    if !state.awaitingApproval.contains(name) { actions.append(.propose(name)) }
                } else {
                    actions.append(.destroy(name))
                }
                continue
            }
            let byRetention = classSchedule.separateOn.map { $0 <= today } ?? false
            switch (storage, byRetention || dormant) {
            case (.ordinary, true):
                let cause: SeparationCause = byRetention
                    ? .retention(classSchedule.lastRule?.id ?? name) : .dormancy
                actions.append(.separate(name, cause))
            case (.separated, false):
                actions.append(.restore(name))
            default:
                break
            }
            upcoming += [classSchedule.separateOn, classSchedule.destroyOn].compactMap { $0 }.filter { $0 > today }
        }
        if let dormancy, !state.classes.isEmpty {
            if dormancy.noticeOn <= today, today < dormancy.dormantOn, state.noticeSentFor != dormancy.dormantOn {
                actions.append(.notifyDormancy(dormancy.dormantOn))
            }
            upcoming += [dormancy.noticeOn, dormancy.dormantOn].filter { $0 > today }
        }
        self.actions = actions
        self.nextDue = upcoming.min()
    }
}
