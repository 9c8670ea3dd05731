#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Parses CSV text (RFC 4180) into records, keeping the line each record starts on so an
/// importer can say "line 17" about a problem.
///
/// Accepted: fields separated by `,`; fields quoted with `"` that may contain commas, line
/// breaks and doubled quotes (`""` for one `"`); records ended by CRLF, LF or a lone CR; an
/// optional final line end; a UTF-8 byte order mark at the start. Blank lines are skipped.
/// Fields are returned exactly as written: no whitespace is trimmed.
///
/// Refused (``MalformedCSV``, naming the line): a quoted field that is never closed, a quote
/// inside an unquoted field, anything but a separator or line end after a closing quote, and
/// bytes that are not UTF-8.
public enum CSVReader {
    /// One CSV record: its fields and the 1-based line of the input it starts on.
    public struct Record: Sendable, Hashable {
        /// The 1-based line the record starts on. A record whose quoted fields contain line
        /// breaks spans several lines; the next record's line counts all of them.
        public var line: Int
        /// The record's fields, unquoted and unescaped.
        public var fields: [String]

        public init(line: Int, fields: [String]) {
            self.line = line
            self.fields = fields
        }
    }

    /// The input is not well-formed CSV.
    public struct MalformedCSV: Error, Sendable, Hashable, CustomStringConvertible {
        /// The 1-based line of the problem; for an unclosed quote, the line the quote opened on.
        public var line: Int
        /// What is wrong and how to fix it, without the line number.
        public var message: String

        public init(line: Int, message: String) {
            self.line = line
            self.message = message
        }

        /// `line 17: <message>`.
        public var description: String { "line \(line): \(message)" }
    }

    /// Parses a whole CSV document.
    public static func parse(_ text: String) throws(MalformedCSV) -> [Record] {
        try parse(bytes: Array(text.utf8))
    }

    /// Parses a whole CSV document given as UTF-8 bytes; invalid UTF-8 is refused.
    public static func parse(_ data: Data) throws(MalformedCSV) -> [Record] {
        try parse(bytes: Array(data))
    }

    private static let quote = UInt8(ascii: "\"")
    private static let comma = UInt8(ascii: ",")
    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    private static func parse(bytes: [UInt8]) throws(MalformedCSV) -> [Record] {
        var records: [Record] = []
        var cursor = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var line = 1

        /// Consumes the line end at `cursor` (CRLF, LF or CR), if there is one.
        func consumeLineEnd() -> Bool {
            guard cursor < bytes.count else { return false }
            if bytes[cursor] == lineFeed {
                cursor += 1
            } else if bytes[cursor] == carriageReturn {
                cursor += 1
                if cursor < bytes.count, bytes[cursor] == lineFeed { cursor += 1 }
            } else {
                return false
            }
            line += 1
            return true
        }

        while cursor < bytes.count {
            if consumeLineEnd() { continue }  // blank line
            let recordLine = line
            var fields: [String] = []
            while true {
                let fieldNumber = fields.count + 1
                if cursor < bytes.count, bytes[cursor] == quote {
                    let openedOn = line
                    cursor += 1
                    var value: [UInt8] = []
                    var closed = false
                    while cursor < bytes.count {
                        let byte = bytes[cursor]
                        if byte == quote {
                            if cursor + 1 < bytes.count, bytes[cursor + 1] == quote {
                                value.append(quote)
                                cursor += 2
                                continue
                            }
                            cursor += 1
                            closed = true
                            break
                        }
                        // Line breaks inside quotes are part of the value but still count as lines.
                        if byte == lineFeed
                            || (byte == carriageReturn && (cursor + 1 == bytes.count || bytes[cursor + 1] != lineFeed))
                        {
                            line += 1
                        }
                        value.append(byte)
                        cursor += 1
                    }
                    guard closed else {
                        throw MalformedCSV(
                            line: openedOn,
                            message: "field \(fieldNumber): the quoted field opened here is never closed (a quote inside a quoted field must be doubled: \"\")")
                    }
                    if cursor < bytes.count, bytes[cursor] != comma, bytes[cursor] != lineFeed, bytes[cursor] != carriageReturn {
                        throw MalformedCSV(
                            line: line,
                            message: "field \(fieldNumber): unexpected text after a closing quote (a quote inside a quoted field must be doubled: \"\")")
                    }
                    fields.append(try string(value, line: openedOn, field: fieldNumber))
                } else {
                    let start = cursor
                    while cursor < bytes.count, bytes[cursor] != comma, bytes[cursor] != lineFeed, bytes[cursor] != carriageReturn {
                        if bytes[cursor] == quote {
                            throw MalformedCSV(
                                line: line,
                                message: "field \(fieldNumber): a quote inside an unquoted field; quote the whole field and double the quote (\"a \"\"b\"\" c\")")
                        }
                        cursor += 1
                    }
                    fields.append(try string(bytes[start..<cursor], line: line, field: fieldNumber))
                }
                if cursor < bytes.count, bytes[cursor] == comma {
                    cursor += 1  // another field follows, possibly empty at the end of the input
                    continue
                }
                _ = consumeLineEnd()
                break
            }
            records.append(Record(line: recordLine, fields: fields))
        }
        return records
    }

    private static func string(_ bytes: some Collection<UInt8>, line: Int, field: Int) throws(MalformedCSV) -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw MalformedCSV(line: line, message: "field \(field): not valid UTF-8; save the file as UTF-8")
        }
        return text
    }
}
