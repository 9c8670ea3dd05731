import CXCore
import Foundation

/// Outcomes as column arrays for `unnest`, with in-batch duplicates of an event id found
/// up front (the first occurrence is the one written).
struct OutcomeRows {
    var tenants: [String] = []
    var eventIDs: [String] = []
    var units: [String] = []
    var types: [String] = []
    var values: [Double] = []
    var occurredAt: [Date] = []
    var attributes: [String] = []
    /// Positions of the first item of each (tenant, event id).
    private(set) var firstOccurrence: [Int] = []

    init(_ items: [TenantScoped<OutcomeRecord>]) {
        var seen: Set<EventKey> = []
        for (position, item) in items.enumerated() {
            let record = item.record
            tenants.append(item.tenant)
            eventIDs.append(record.eventID)
            units.append(record.unit)
            types.append(record.type)
            values.append(record.value ?? .nan)
            occurredAt.append(record.occurredAt)
            attributes.append(JSONValue.object(record.attributes).serialized)
            if seen.insert(EventKey(tenant: item.tenant, eventID: record.eventID)).inserted { firstOccurrence.append(position) }
        }
    }

    private init() {}

    func selecting(_ positions: [Int]) -> OutcomeRows {
        var rows = OutcomeRows()
        for position in positions {
            rows.tenants.append(tenants[position])
            rows.eventIDs.append(eventIDs[position])
            rows.units.append(units[position])
            rows.types.append(types[position])
            rows.values.append(values[position])
            rows.occurredAt.append(occurredAt[position])
            rows.attributes.append(attributes[position])
        }
        return rows
    }

    /// Each item's disposition given the (tenant, event id) pairs the insert reported.
    func dispositions(inserted: Set<EventKey>) -> [WriteDisposition] {
        let first = Set(firstOccurrence)
        return tenants.indices.map { position in
            first.contains(position) && inserted.contains(EventKey(tenant: tenants[position], eventID: eventIDs[position])) ? .inserted : .duplicate
        }
    }
}

/// An outcome's primary key (tenant, event id), compared byte for byte as PostgreSQL compares
/// it: canonically equivalent ids ("é", "e\u{301}") are two events there, so here too.
struct EventKey: Hashable {
    var tenant: String
    var eventID: String

    static func == (lhs: EventKey, rhs: EventKey) -> Bool {
        lhs.tenant.utf8.elementsEqual(rhs.tenant.utf8) && lhs.eventID.utf8.elementsEqual(rhs.eventID.utf8)
    }

    func hash(into hasher: inout Hasher) {
        tenant.hashBytes(into: &hasher)
        eventID.hashBytes(into: &hasher)
    }
}
