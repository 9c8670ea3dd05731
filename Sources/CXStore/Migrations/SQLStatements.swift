import Foundation

/// Splits a migration file into statements at top-level semicolons, skipping those inside
/// quoted strings, quoted identifiers, dollar-quoted bodies and comments. PostgresNIO runs
/// one statement per query, so a file is applied statement by statement in one transaction.
enum SQLStatements {
    static func split(_ sql: String) -> [String] {
        let characters = Array(sql)
        var statements: [String] = []
        var current = ""
        var index = 0
        func peek(_ offset: Int) -> Character? {
            index + offset < characters.count ? characters[index + offset] : nil
        }
        while index < characters.count {
            let character = characters[index]
            if character == "-", peek(1) == "-" {
                while index < characters.count, characters[index] != "\n" { index += 1 }
                continue
            }
            if character == "/", peek(1) == "*" {
                index += 2
                while index < characters.count, !(characters[index] == "*" && peek(1) == "/") { index += 1 }
                index += 2
                continue
            }
            if character == "'" || character == "\"" {
                current.append(character)
                index += 1
                while index < characters.count {
                    current.append(characters[index])
                    index += 1
                    if characters[index - 1] == character {
                        if peek(0) == character {  // doubled quote is an escaped quote
                            current.append(character)
                            index += 1
                        } else {
                            break
                        }
                    }
                }
                continue
            }
            if character == "$", let tagEnd = characters[(index + 1)...].firstIndex(where: { !($0.isLetter || $0.isNumber || $0 == "_") }),
                characters[tagEnd] == "$"
            {
                let tag = String(characters[index...tagEnd])
                current += tag
                index = tagEnd + 1
                while index < characters.count, !String(characters[index..<min(index + tag.count, characters.count)]).elementsEqual(tag) {
                    current.append(characters[index])
                    index += 1
                }
                current += tag
                index += tag.count
                continue
            }
            if character == ";" {
                appendStatement(current, to: &statements)
                current = ""
            } else {
                current.append(character)
            }
            index += 1
        }
        appendStatement(current, to: &statements)
        return statements
    }

    private static func appendStatement(_ text: String, to statements: inout [String]) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if !trimmed.isEmpty { statements.append(trimmed) }
    }
}
