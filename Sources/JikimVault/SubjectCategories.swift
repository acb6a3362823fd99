import JikimCore

/// How a person's data-subject categories are kept in the `subjects.category` column: identifiers (letters, digits
/// and '_') separated by commas, or NULL for none. A column written when a person had one category reads the same.
enum SubjectCategories {
    static func stored(_ categories: [Identifier]) -> String? {
        categories.isEmpty ? nil : categories.joined(separator: ",")
    }

    static func read(_ column: String?) -> [Identifier] {
        (column ?? "").split(separator: ",").map(String.init).filter { !$0.isEmpty }
    }
}
