extension Array where Element: Hashable {
    /// The positions of elements that already occurred earlier, for "duplicate" issues.
    var repeatedPositions: [Int] {
        var seen: Set<Element> = []
        return indices.filter { !seen.insert(self[$0]).inserted }
    }
}
