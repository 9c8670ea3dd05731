import PropertyBased

/// Generators of random JSON texts, hostile or not (swift-property-based). They are built to
/// a fixed depth, so recursion ends when the generator is made, not when it runs.
enum FuzzGen {
    typealias Of<Value> = Generator<Value, AnySequence<(index: Int, value: Any)>>

    /// Any string literal: hostile, random Unicode (sometimes fully `\u`-escaped), or malformed.
    static let string: Of<FuzzString> = Gen.frequency(
        (4, Gen<String?>.element(of: HostileInput.strings).map { FuzzString($0!) }),
        (3, zip(unicodeText(0...24), Gen.bool(0.3)).map { FuzzString($0, escapeAll: $1) }),
        (1, malformedString)
    )

    /// Text from every plane, controls included (JSON escapes them), surrogates excluded.
    static func unicodeText(_ length: ClosedRange<Int>) -> Generator<String, some SendableSequenceType> {
        Gen<Unicode.Scalar>.frequency(
            (6, Gen.unicodeScalar(in: " "..."~")),
            (1, Gen.unicodeScalar(in: "\u{0}"..."\u{1F}")),
            (2, Gen.unicodeScalar(in: "\u{A0}"..."\u{D7FF}")),
            (1, Gen.unicodeScalar(in: "\u{E000}"..."\u{FFFF}")),
            (1, Gen.unicodeScalar(in: "\u{10000}"..."\u{10FFFF}"))
        )
        .array(of: length)
        .map { String(String.UnicodeScalarView($0)) }
    }

    /// A literal with one malformed piece between two runs of valid text.
    static let malformedString: Generator<FuzzString, some SendableSequenceType> = zip(
        unicodeText(0...6), Gen<[UInt8]?>.element(of: HostileInput.invalidStringPieces), unicodeText(0...6), Gen.bool
    ).map { before, piece, after, escapeAll in
        FuzzString(pieces: [.text(before, escapeAll: escapeAll), .invalid(piece!), .text(after, escapeAll: escapeAll)])
    }

    /// A number literal: edge cases, or plain integers and decimals.
    static let number: Of<FuzzDocument> = Gen.frequency(
        (3, Gen<String?>.element(of: HostileInput.numbers).map { FuzzDocument.number($0!) }),
        (1, Gen.int(in: -1_000...1_000).map { FuzzDocument.number(String($0)) }),
        (1, Gen.double(in: -1e6...1e6).map { FuzzDocument.number(String($0)) })
    )

    static let garbage: Generator<FuzzDocument, some SendableSequenceType> =
        Gen<[UInt8]?>.element(of: HostileInput.garbage).map { FuzzDocument.garbage($0!) }

    /// A scalar, mostly valid.
    static let scalar: Of<FuzzDocument> = Gen.frequency(
        (1, Gen.always(FuzzDocument.null)),
        (1, Gen.bool.map(FuzzDocument.bool)),
        (3, number),
        (4, string.map(FuzzDocument.string)),
        (0.3, garbage)
    )

    /// Any JSON value nested at most `depth` levels, with an occasional very deep value.
    static func value(depth: Int) -> Of<FuzzDocument> {
        guard depth > 0 else { return scalar }
        let child = value(depth: depth - 1)
        return Gen.frequency(
            (4, scalar),
            (2, child.array(of: 0...4).map(FuzzDocument.array)),
            (2, zip(string, child).array(of: 0...4).map { FuzzDocument.object($0.map(FuzzMember.init)) }),
            (0.2, deep)
        )
    }

    /// Nesting around a scalar: just under, at and just over the parser's 64 levels, and
    /// 10,000 levels.
    static let deep: Generator<FuzzDocument, some SendableSequenceType> = zip(
        Gen<Int?>.element(of: [2, 63, 64, 65, 10_000]), Gen.bool, scalar
    ).map { levels, objects, inner in FuzzDocument.nested(levels: levels!, objects: objects, inner: inner) }

    /// An object whose keys are (mostly) the ones an endpoint reads, with random values:
    /// a wrong type, or a hostile value, in each field.
    static func item(keys: [String]) -> Generator<FuzzDocument, some SendableSequenceType> {
        let member = Gen.frequency(
            (8, zip(Gen<String?>.element(of: keys).map { FuzzString($0!) }, value(depth: 2))),
            (1, zip(string, value(depth: 1)))
        )
        return member.array(of: 0...(keys.count + 1)).map { FuzzDocument.object($0.map(FuzzMember.init)) }
    }

    /// A whole request body for an endpoint with these item `keys`: an item, an array of
    /// items, any JSON value, or not JSON.
    static func body(keys: [String]) -> Of<FuzzDocument> {
        Gen.frequency(
            (4, item(keys: keys)),
            (3, item(keys: keys).array(of: 0...5).map(FuzzDocument.array)),
            (2, value(depth: 3)),
            (1, deep),
            (0.5, garbage)
        )
    }
}
