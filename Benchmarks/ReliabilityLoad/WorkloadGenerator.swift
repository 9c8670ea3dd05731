/// Makes the requests of the reliability workload, deterministically from the ticket number:
/// of every 10 tickets 6 are single objects, 2 NDJSON batches, 1 a replay and 1 invalid.
///
/// Valid items get consecutive numbers (`prefix-0`, `prefix-1`, …) in ticket order, so the
/// acknowledged ids fit in a bitmap; invalid requests carry `prefix-x<n>` ids.
struct WorkloadGenerator: Sendable {
    let prefix: String
    let batchSize: Int

    /// Items a block of 10 tickets introduces: 6 singles and 2 batches.
    var itemsPerBlock: Int { 6 + 2 * batchSize }

    /// The kind of ticket `ticket`.
    func kind(of ticket: Int) -> PlannedRequest.Kind {
        switch ticket % 10 {
        case 0, 2, 3, 5, 7, 9: .single
        case 1, 6: .batch
        case 4: .replay
        default: .invalid
        }
    }

    /// The request of `ticket`; a replay is made by the caller from an acknowledged request.
    func request(for ticket: Int) -> PlannedRequest {
        let block = ticket / 10
        let position = ticket % 10
        // Items of this ticket's block that earlier tickets of the block took.
        let before = (0..<position).reduce(0) { sum, earlier in
            switch kind(of: block * 10 + earlier) {
            case .single: sum + 1
            case .batch: sum + batchSize
            case .replay, .invalid: sum
            }
        }
        let first = block * itemsPerBlock + before
        switch kind(of: ticket) {
        case .single:
            return PlannedRequest(kind: .single, body: Array(item(first).utf8), contentType: "application/json", items: first..<first + 1)
        case .batch:
            let lines = (first..<first + batchSize).map(item).joined(separator: "\n")
            return PlannedRequest(kind: .batch, body: Array(lines.utf8), contentType: "application/x-ndjson", items: first..<first + batchSize)
        case .replay, .invalid:
            return invalid(ticket)
        }
    }

    /// A request refused as a whole: odd tickets a single item with an out-of-range NPS, even
    /// ones a batch whose last item has one (the valid items before it must not be stored either).
    func invalid(_ ticket: Int) -> PlannedRequest {
        let count = ticket.isMultiple(of: 2) ? batchSize : 1
        let lines = (0..<count).map { index in
            item(id: "\(prefix)-x\(ticket)-\(index)", number: ticket + index, nps: index == count - 1 ? 11 : index % 11)
        }
        return PlannedRequest(
            kind: .invalid, body: Array(lines.joined(separator: "\n").utf8),
            contentType: count == 1 ? "application/json" : "application/x-ndjson", items: 0..<0)
    }

    private func item(_ number: Int) -> String {
        item(id: "\(prefix)-\(number)", number: number, nps: number % 11)
    }

    private func item(id: String, number: Int, nps: Int) -> String {
        #"{"survey":"support","submission_id":"\#(id)","respondent":"cust-\#(number % 5000)","submitted_at":"2026-11-03T10:15:00Z","#
            + #""answers":{"nps":\#(nps),"sat":\#(1 + number % 5),"effort":\#(1 + number % 7),"comment":"quick"},"#
            + #""attributes":{"segment":"smb","channel":"web"}}"#
    }
}
