import PostgresNIO

extension PostgresBindings {
    /// Bindings of `values`, in order: `$1` is the first.
    init<each Value: PostgresDynamicTypeEncodable>(_ values: repeat each Value) {
        self.init()
        for value in repeat each values { append(value) }
    }
}
