import Foundation
import HTTPTypes
import JikimCore
@testable import JikimServer
import JikimTestSupport
import Testing

/// Deadlines as the holiday calendar and the real receipt give them, over the API and in the server's watch.
@Test("a request taken on paper is filed with its real receipt: the deadline counts from then; a receipt in the future is refused")
func paperFilingWithItsReceipt() async throws {
    try await withShop(at: seoul("2026-12-03", 10)) { shop in
        try await addMinji(shop)
        // A letter that arrived on Tue 2026-12-01 (during that day): due Fri 2026-12-11, not from the 3rd.
        let filed = try await call(shop, "/v1/requests", #"{"id":"m-1","kind":"access","filer":"staff","receivedAt":"2026-12-01"}"#)
        #expect(filed.status == .created)
        let request = try #require(filed.body["request"] as? [String: Any])
        #expect(request["deadline"] as? String == "2026-12-11" && request["deadlineProvisional"] as? Bool == false)
        let future = try await call(shop, "/v1/requests", #"{"id":"m-1","kind":"access","filer":"staff","receivedAt":"2026-12-25"}"#)
        #expect(future.status == .unprocessableContent)
        let garbage = try await call(shop, "/v1/requests", #"{"id":"m-1","kind":"access","filer":"staff","receivedAt":"yesterday"}"#)
        #expect(garbage.status == .badRequest)
    }
}

@Test("the server counts the days left in the holiday calendar, and warns from 90 days before it runs out")
func calendarRunningOut() {
    let last = HolidayCalendar.coveredYears.upperBound
    #expect(RequestWatcher.calendarDaysLeft(today: CivilDate(year: last, month: 12, day: 31)!) == 0)
    #expect(RequestWatcher.calendarDaysLeft(today: CivilDate(year: last, month: 10, day: 2)!) == 90)
    #expect(RequestWatcher.calendarDaysLeft(today: CivilDate(year: 2026, month: 12, day: 7)!) > 90)
}

@Test("a deadline counted into a year the calendar does not cover is marked provisional, in the API and on the status page")
func provisionalDeadline() async throws {
    let last = HolidayCalendar.coveredYears.upperBound
    try await withShop(at: seoul("\(last)-12-28", 10)) { shop in
        try await addMinji(shop)
        let filed = try await call(shop, "/v1/requests", #"{"id":"m-1","kind":"access","filer":"staff"}"#)
        let request = try #require(filed.body["request"] as? [String: Any])
        #expect(request["deadlineProvisional"] as? Bool == true, "\(request)")
        let token = try #require(filed.body["followToken"] as? String)
        let page = try await form(shop, "/requests/status?lang=en", [("token", token)])
        #expect(page.html.contains("provisional: that year"))
    }
}
