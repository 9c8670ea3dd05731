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

    init(_ elements: some Sequence<Element>) {
        append(contentsOf: elements)
    }

    mutating func append(_ element: Element) {
        let lengthIndex = elements.writerIndex
        elements.writeInteger(0, as: Int32.self)
        element.encode(into: &elements, context: .default)
        elements.setInteger(Int32(elements.writerIndex - lengthIndex - 4), at: lengthIndex)
        count += 1
    }

    mutating func append(contentsOf elements: some Sequence<Element>) {
        for element in elements { append(element) }
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
