import Foundation

/// Benchmarks that print figures and ratios, measured in one run (see BENCHMARKS.md).
let usage = """
    usage: jikim-benchmarks render [EXAMPLES_DIR] [ROUNDS]
           jikim-benchmarks vault [SUBJECTS] [READS] [POLICY]
           jikim-benchmarks reads [PEOPLE] [CLIENTS] [SECONDS] [POLICY]
           jikim-benchmarks log [ENTRIES] [VERIFY_ENTRIES]
           jikim-benchmarks activity DATA_DIR
           jikim-benchmarks sweep [PEOPLE] [DUE_PERCENT] [POLICY]
           jikim-benchmarks scope [ENTRIES]
    """
let arguments = Array(CommandLine.arguments.dropFirst())
func argument(_ index: Int) -> String? { arguments.count > index ? arguments[index] : nil }

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// The CPU time the process has used so far, in seconds (user and system, all threads).
func processorSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

func seconds(_ body: () async throws -> Void) async rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try await body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

do {
    switch argument(0) {
    case "render":
        try renderBenchmark(directory: argument(1) ?? "examples", rounds: argument(2).flatMap(Int.init) ?? 50)
    case "vault":
        try await vaultBenchmark(
            subjects: argument(1).flatMap(Int.init) ?? 100_000, reads: argument(2).flatMap(Int.init) ?? 20_000,
            policy: argument(3) ?? "examples/atto-internet/policy.yaml")
    case "reads":
        try await readsBenchmark(people: argument(1).flatMap(Int.init) ?? 10_000, clients: argument(2).flatMap(Int.init) ?? 64,
                                 duration: argument(3).flatMap(Double.init) ?? 20, policy: argument(4) ?? "examples/atto-internet/policy.yaml")
    case "log":
        try await logBenchmark(entries: argument(1).flatMap(Int.init) ?? 20_000, verifyEntries: argument(2).flatMap(Int.init) ?? 200_000)
    case "sweep":
        try await sweepBenchmark(people: argument(1).flatMap(Int.init) ?? 1_000_000, duePercent: argument(2).flatMap(Int.init) ?? 10,
                                 policy: argument(3) ?? "examples/rsupport/policy.yaml")
    case "scope":
        try await scopeBenchmark(entries: argument(1).flatMap(Int.init) ?? 1_000_000)
    case "activity":
        guard let directory = argument(1) else { throw BenchmarkFailure("give the data directory") }
        try await writeMonthOfActivity(directory: directory)
    default:
        FileHandle.standardError.write(Data((usage + "\n").utf8))
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("jikim-benchmarks: \(error)\n".utf8))
    exit(1)
}
