/// Korean particles that change with the sound they follow: 은/는 after a word ending in a consonant or a vowel.
/// A Hangul syllable says so itself; a Latin letter or digit is read as Koreans read it aloud (L 엘, M 엠, N 엔, R 알;
/// 0 영, 1 일, 3 삼, 6 육, 7 칠, 8 팔), which is how Korean style guides choose the particle after such a word.
enum KoreanParticles {
    /// 은 or 는 after `word`: the topic particle.
    static func topic(after word: String) -> String {
        endsInConsonant(word) ? "은" : "는"
    }

    /// Whether `word`, read aloud, ends in a consonant (받침); closing brackets, quotes and spaces are skipped.
    static func endsInConsonant(_ word: String) -> Bool {
        guard let last = word.unicodeScalars.reversed().first(where: { !")]}'\"’” .".unicodeScalars.contains($0) }) else { return false }
        switch last.value {
        case 0xAC00...0xD7A3: return (last.value - 0xAC00) % 28 != 0
        default: return "lmnrLMNR013678".unicodeScalars.contains(last)
        }
    }
}
