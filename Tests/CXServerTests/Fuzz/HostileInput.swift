/// Inputs that have broken JSON services before: injection strings, Unicode edge cases,
/// numbers at and past the edges of a `Double`, and bytes that are not JSON at all.
enum HostileInput {
    /// SQL written to escape a quoted literal or a statement (cxloop binds every value, so
    /// these must be stored or refused as plain text).
    static let sqlInjection = [
        "'; DROP TABLE answers; --",
        #"\' OR 1=1"#,
        "\" OR \"\"=\"",
        "Robert'); DROP TABLE submissions;--",
        "' || (SELECT string_agg(encode(key_hash, 'hex'), ',') FROM api_keys) || '",
        "1; SELECT pg_sleep(30)",
        "$1::text); DELETE FROM outcomes; --",
        "E'\\x00'",
        "%s%s%s%n",
        "' UNION SELECT NULL, NULL --",
    ]

    /// Strings that are valid JSON strings but awkward values.
    static let strings: [String] = sqlInjection + [
        "", " ", "support", "null", "true", "0", "-1", "NaN",
        "\u{0}", "a\u{0}b", "\u{1}\u{1F}", "\u{7F}", "\t\n\r", "\u{1B}[31mred\u{1B}[0m",
        "\u{202E}evil\u{202C}", "\u{FEFF}bom", "\u{FFFD}", "\u{FFFF}", "\u{10FFFF}", "𝕏😀", "e\u{301}", "é",
        "👩‍👩‍👧‍👦", "ﷺ", "🇪🇺🇪🇺🇪🇺",
        "<script>alert(1)</script>", "{{7*7}}", "${jndi:ldap://127.0.0.1/a}", "../../etc/passwd", "C:\\Windows\\",
        "2026-11-03T10:15:00Z", "0000-01-01T00:00:00Z", "0000-01-01T00:00:00+23:59", "9999-12-31T23:59:59Z",
        "2026-02-29T00:00:00Z", "2026-11-03T10:15:60Z", "2026-11-03T10:15:00.9999999999999999999Z",
        "2026-11-03T10:15:00", "2026-11-03 10:15:00z", "2026-11-03T24:00:00Z",
        "completed", "partial", "purchase", "cost", "seen", "treatment", "holdout", "offer-q4",
        String(repeating: "x", count: 64), String(repeating: "x", count: 65),
        String(repeating: "x", count: 200), String(repeating: "x", count: 201),
        String(repeating: "é", count: 200), String(repeating: "😀", count: 201),
        String(repeating: "y", count: 10_001), String(repeating: "z", count: 100_000),
        heavyGraphemes(1, marks: 1_500), heavyGraphemes(3, marks: 300), heavyGraphemes(200, marks: 10),
    ]

    /// `count` characters, each a letter carrying `marks` combining marks in a scrambled
    /// order: few characters, many bytes, and bytes that do not compress.
    static func heavyGraphemes(_ count: Int, marks: Int) -> String {
        var state: UInt32 = 2_463_534_242
        var scalars = String.UnicodeScalarView()
        for _ in 0..<count {
            scalars.append("a")
            for _ in 0..<marks {
                state ^= state << 13
                state ^= state >> 17
                state ^= state << 5
                scalars.append(Unicode.Scalar(0x300 + state % 112)!)  // U+0300–U+036F
            }
        }
        return String(scalars)
    }

    /// Number literals in the RFC 8259 grammar, several outside what a `Double` holds.
    static let numbers = [
        "0", "-0", "9", "9.0", "9.5", "-1", "10", "11", "1E1", "1e+1", "0.9e1", "9.0000000000000001",
        "1e308", "-1e308", "1e400", "-1e400", "1e-400", "4.9e-324", "1.7976931348623157e308", "1.8e308",
        "1234567890123456789012345678901234567890123456789012345678901234",
        "-1234567890123456789012345678901234567890123456789012345678901234",
        "9007199254740993", "999999999999999", "1000000000000000", "129.90", "0.000000000000000000001",
        "1" + String(repeating: "0", count: 400),
    ]

    /// Text where a value belongs that no JSON parser may accept, alone or next to other
    /// values (an unbalanced bracket can never be closed by the balanced text around it).
    static let garbage: [[UInt8]] = [
        "01", "+1", ".5", "1.", "1e", "-", "NaN", "Infinity", "-Infinity", "0x1F", "undefined", "tru", "nul",
        "'single'", "{", "}", "[", "]", ",", ":", "//", "/* */", "1 2", "\u{A0}1", "\u{0B}1",
    ].map { Array($0.utf8) } + [[0x00], [0xFF], [0xEF, 0xBB, 0xBF, 0x31], [0x80]]

    /// Pieces that make a string literal malformed; a literal holds at most one, between
    /// valid text, so two pieces can never join into something valid.
    static let invalidStringPieces: [[UInt8]] = [
        [0xFF], [0xFE], [0xC0, 0x80], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x80],
        [0x00], [0x1F], [0x0A], [0x09],
    ] + [
        #"\ud800x"#, #"\uDBFF"#, #"\udc00"#, #"\ud800\u0041"#, #"\udc00\ud800"#, #"\x41"#, #"\u12G"#, #"\U0041"#, #"\'"#,
    ].map { Array($0.utf8) }
}
