import PropertyBased

/// Valid ingestion items (DESIGN.md §5) with random ids and values, one per endpoint.
/// Ids are random 64-bit numbers, so items of different cases never collide.
enum ItemGen {
    /// Item keys each endpoint reads, for random objects with the right keys.
    static let responseKeys = ["survey", "submission_id", "respondent", "submitted_at", "status", "answers", "attributes"]
    static let outcomeKeys = ["event_id", "unit", "type", "value", "occurred_at", "attributes"]
    static let exposureKeys = ["event_id", "experiment", "unit", "arm", "kind", "occurred_at", "decision_id", "attributes"]
    static let surveyKeys = ["title", "population", "fields"]

    /// The experiment exposures name (ExposureTests.swift).
    static let experiment = #"{"key":"offer-q4","arms":[{"name":"control","share":50},{"name":"treatment","share":50}]}"#

    static let id: Generator<String, some SendableSequenceType> = Gen.uint64().map { String($0, radix: 36) }

    static let attributes: Generator<FuzzDocument, some SendableSequenceType> = zip(
        Gen<String?>.element(of: ["smb", "enterprise", "consumer"]), Gen<String?>.element(of: ["web", "app", "sms"]), Gen.bool
    ).map { segment, channel, both in
        .object([FuzzMember("segment", .string(FuzzString(segment!)))] + (both ? [FuzzMember("channel", .string(FuzzString(channel!)))] : []))
    }

    /// A response to the example survey (TestApp.swift): every field answered.
    static let response: Generator<FuzzDocument, some SendableSequenceType> = zip(
        id, Gen.int(in: 0...10), Gen.int(in: 1...5), Gen.int(in: 1...7), Gen.int(in: 1...5),
        Gen.letterOrNumber.string(of: 0...20), Gen.int(in: 1...28), attributes
    ).map { id, nps, sat, effort, q03, comment, day, attributes in
        .object([
            FuzzMember("survey", .string(FuzzString("support"))),
            FuzzMember("submission_id", .string(FuzzString("s-" + id))),
            FuzzMember("respondent", .string(FuzzString("cust-" + id.prefix(4)))),
            FuzzMember("submitted_at", .string(FuzzString("2026-10-\(day < 10 ? "0" : "")\(day)T10:15:00Z"))),
            FuzzMember("status", .string(FuzzString("completed"))),
            FuzzMember("answers", .object([
                FuzzMember("nps", .number(String(nps))), FuzzMember("sat", .number(String(sat))),
                FuzzMember("effort", .number(String(effort))), FuzzMember("q03", .number(String(q03))),
                FuzzMember("comment", .string(FuzzString(comment))),
            ])),
            FuzzMember("attributes", attributes),
        ])
    }

    /// A purchase outcome.
    static let outcome: Generator<FuzzDocument, some SendableSequenceType> = zip(
        id, Gen.int(in: 0...99_999), Gen.int(in: 1...28), attributes
    ).map { id, cents, day, attributes in
        .object([
            FuzzMember("event_id", .string(FuzzString("e-" + id))),
            FuzzMember("unit", .string(FuzzString("cust-" + id.prefix(4)))),
            FuzzMember("type", .string(FuzzString("purchase"))),
            FuzzMember("value", .number("\(cents / 100).\(cents % 100 < 10 ? "0" : "")\(cents % 100)")),
            FuzzMember("occurred_at", .string(FuzzString("2026-10-\(day < 10 ? "0" : "")\(day)T11:00:00.250+01:00"))),
            FuzzMember("attributes", attributes),
        ])
    }

    /// An exposure to `offer-q4`.
    static let exposure: Generator<FuzzDocument, some SendableSequenceType> = zip(
        id, Gen<String?>.element(of: ["control", "treatment", "holdout"]), Gen<String?>.element(of: ["sent", "seen", "accepted"]),
        attributes
    ).map { id, arm, kind, attributes in
        .object([
            FuzzMember("event_id", .string(FuzzString("x-" + id))),
            FuzzMember("experiment", .string(FuzzString("offer-q4"))),
            FuzzMember("unit", .string(FuzzString("cust-" + id.prefix(4)))),
            FuzzMember("arm", .string(FuzzString(arm!))),
            FuzzMember("kind", .string(FuzzString(kind!))),
            FuzzMember("occurred_at", .string(FuzzString("2026-11-03T10:00:00Z"))),
            FuzzMember("decision_id", .string(FuzzString("d-" + id))),
            FuzzMember("attributes", attributes),
        ])
    }

    /// The example survey definition of DESIGN.md §5, plus a choice field.
    static let survey: FuzzDocument = .object([
        FuzzMember("title", .string(FuzzString("Support follow-up"))),
        FuzzMember("population", .string(FuzzString("customer"))),
        FuzzMember("fields", .array([
            .object([FuzzMember("id", .string(FuzzString("nps"))), FuzzMember("type", .string(FuzzString("nps")))]),
            .object([FuzzMember("id", .string(FuzzString("sat"))), FuzzMember("type", .string(FuzzString("csat"))),
                     FuzzMember("scale", .array([.number("1"), .number("5")]))]),
            .object([FuzzMember("id", .string(FuzzString("q03"))), FuzzMember("type", .string(FuzzString("likert"))),
                     FuzzMember("scale", .array([.number("1"), .number("5")])),
                     FuzzMember("index", .string(FuzzString("engagement"))), FuzzMember("reverse", .bool(true))]),
            .object([FuzzMember("id", .string(FuzzString("plan"))), FuzzMember("type", .string(FuzzString("choice"))),
                     FuzzMember("options", .array([.string(FuzzString("basic")), .string(FuzzString("pro"))]))]),
        ])),
    ])
}
