/// Every size limit of the web layer, explicit and in one place.
public struct WebLimits: Sendable, Hashable {
    /// Largest body accepted by a single-record write (venue, work, offer, stock).
    public var recordBodyBytes: Int
    /// Largest body accepted by `POST /api/v1/offers:batch`.
    public var batchBodyBytes: Int
    /// Most items in one batch request.
    public var batchItems: Int
    /// Largest body accepted by `POST /api/v1/observatory/events` (1 000 events of about 1 KB).
    public var eventBatchBodyBytes: Int = 2 << 20
    /// Largest beacon accepted by `POST /api/v1/observatory/beacon`.
    public var beaconBodyBytes: Int = 4 << 10
    /// Largest form accepted by the pages' POST routes (favourites, interests): a few fields, never a file.
    public var formBodyBytes: Int = 4 << 10
    /// Memory kept for encoded offer details (`GET /api/v1/offers/{id}`); 0 turns that cache off.
    public var offerDetailCacheBytes: Int

    /// Builds limits; the defaults are the documented ones (1 MiB, 5 MiB, 500 items, 32 MiB of offer details).
    public init(
        recordBodyBytes: Int = 1 << 20, batchBodyBytes: Int = 5 << 20, batchItems: Int = 500, offerDetailCacheBytes: Int = 32 << 20
    ) {
        self.recordBodyBytes = recordBodyBytes
        self.batchBodyBytes = batchBodyBytes
        self.batchItems = batchItems
        self.offerDetailCacheBytes = offerDetailCacheBytes
    }

    /// The documented defaults.
    public static let standard = WebLimits()
}
