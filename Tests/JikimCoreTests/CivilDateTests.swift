import JikimCore
import Testing

@Test("dates read as ISO and print as Korean and English readers expect")
func civilDateText() throws {
    let date = try #require(CivilDate(iso: "2023-06-09"))
    #expect(date.text(in: .ko) == "2023년 6월 9일")
    #expect(date.text(in: .en) == "June 9, 2023")
    #expect(CivilDate(iso: "2024-02-29") != nil)
    #expect(CivilDate(iso: "2023-02-29") == nil)
    #expect(CivilDate(iso: "2023-6-9") == nil)
}

@Test("periods parse in singular and plural and print in both languages")
func periodText() {
    #expect(Period(parsing: "1 year") == Period(1, .years))
    #expect(Period(parsing: "3 months")?.text(in: .ko) == "3개월")
    #expect(Period(parsing: "0 days") == nil)
    #expect(Period(parsing: "five years") == nil)
}
