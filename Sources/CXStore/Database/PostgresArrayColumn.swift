import NIOCore
import PostgresNIO

/// A one-dimensional PostgreSQL array bound as one parameter, written in the binary wire format
/// element by element as a batch's rows are collected.
///
/// Binding a Swift array costs a generic, unspecialised encoding call per element when the
/// bindings are built through a parameter pack (about a tenth of the decide path's CPU with 34
/// array parameters); here the elements' types are concrete where they are appended, and the
/// encoded bytes are copied once into the statement.
struct PostgresArrayColumn<Element: PostgresArrayEncodable & PostgresNonThrowingEncodable>: PostgresNonThrowingEncodable, Sendable {
    static var psqlType: PostgresDataType { Element.psqlArrayType }
    static var psqlFormat: PostgresFormat { .binary }

    /// How many elements the array holds.
    private(set) var count = 0
    /// Each element as its length (Int32) followed by its binary value.
    private var elements = ByteBuffer()

    init() {}

    /// Appends an element, patching its length in after its value. Elements of fixed or known
    /// length (text, float8, int4) have overloads below that write the length first.
    mutating func append(_ element: Element) {
        let lengthIndex = elements.writerIndex
        elements.writeInteger(0, as: Int32.self)
        element.encode(into: &elements, context: .default)
        elements.setInteger(Int32(elements.writerIndex - lengthIndex - 4), at: lengthIndex)
        count += 1
    }

    /// Appends an element whose binary form is `length` bytes, written by `write`: the length
    /// is known up front, so it is not patched in afterwards.
    fileprivate mutating func append(length: Int, _ write: (inout ByteBuffer) -> Void) {
        elements.reserveCapacity(minimumWritableBytes: 4 + length)
        elements.writeInteger(Int32(length))
        write(&elements)
        count += 1
    }

    /// The array header (dimensions, no null bitmap, element type, length, lower bound 1) and the
    /// elements, as PostgresNIO writes a Swift array; an empty array has no dimension.
    func encode<JSONEncoder: PostgresJSONEncoder>(into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        buffer.writeInteger(count == 0 ? 0 : 1, as: UInt32.self)
        buffer.writeInteger(0, as: Int32.self)
        buffer.writeInteger(Element.psqlType.rawValue)
        guard count > 0 else { return }
        buffer.writeInteger(Int32(count))
        buffer.writeInteger(1, as: Int32.self)
        buffer.writeImmutableBuffer(elements)
    }
}

extension PostgresArrayColumn where Element == String {
    mutating func append(_ element: String) {
        append(length: element.utf8.count) { $0.writeString(element) }
    }
}

extension PostgresArrayColumn where Element == Double {
    mutating func append(_ element: Double) {
        append(length: 8) { $0.writeInteger(element.bitPattern) }
    }
}

extension PostgresArrayColumn where Element == Int32 {
    mutating func append(_ element: Int32) {
        append(length: 4) { $0.writeInteger(element) }
    }
}
