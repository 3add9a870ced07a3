/// Which slice of a result list to return. The page size is bounded: asking for more is an error, not a clamp.
public struct PageRequest: Sendable, Hashable {
    public static let maximumSize = 100
    /// The highest page number a client may ask for (deeper pages are a crawl: filter instead).
    public static let maximumPage = 1_000_000
    public static let defaultSize = 20

    public let page: Int
    public let size: Int

    /// Validates a 1-based page number and a size within `1...maximumSize`.
    public init(page: Int = 1, size: Int = PageRequest.defaultSize) throws(CoreError) {
        var validator = Validator()
        validator.range(page, "page", 1...Self.maximumPage)
        validator.range(size, "pageSize", 1...Self.maximumSize)
        try validator.check()
        self.page = page
        self.size = size
    }

    public var offset: Int { (page - 1) * size }
}

/// A slice of results with the total count of matching items.
public struct Page<Item: Sendable>: Sendable {
    public let items: [Item]
    public let total: Int
    public let request: PageRequest

    public init(items: [Item], total: Int, request: PageRequest) {
        self.items = items
        self.total = total
        self.request = request
    }

    public var pageCount: Int { total == 0 ? 0 : (total + request.size - 1) / request.size }
    public var hasNext: Bool { request.page < pageCount }
}

extension Page: Equatable where Item: Equatable {}
