import Foundation
import HTTPTypes
import Hummingbird
import PasserellePass

/// What any professional (venue staff or teacher) does with their own session over the API: sign out, and change
/// their password. `POST /api/v1/pro/sessions` (in `GroupBookingRoutes`) signs in.
struct ProAccountRoutes {
    let accounts: ProAccounts

    func register(_ routes: RouteRegistrar<StaffContext>) {
        routes.delete("/api/v1/pro/sessions/current") { _, context in
            try await accounts.store.closeStaffSession(tokenHash: context.sessionHash)
            return Response(status: .noContent, headers: [.cacheControl: "no-store"])
        }
        routes.put("/api/v1/pro/password") { request, context in
            let input = try BodyReader.decode(PassAccountRoutes.PasswordChangeInput.self,
                                              from: try await BodyReader.collect(request, limit: PassAccountRoutes.bodyBytes))
            let (token, member) = try await accounts.changePassword(of: context.member, current: input.currentPassword, new: input.newPassword)
            return try JSONResponse.make(ProSessionView(token: token, expiresAt: Date().addingTimeInterval(ProSession.lifetime), member: StaffView(member)),
                                         headers: [.cacheControl: "no-store"])
        }
    }
}

/// A request from a signed-in professional, whatever their role (`Authorization: Bearer pro_…`).
struct StaffContext: ChildRequestContext {
    var coreContext: CoreRequestContextStorage
    let member: StaffMember
    let sessionHash: String
    var maxUploadSize: Int

    init(context: PasserelleRequestContext) throws {
        guard let member = context.staffMember, let sessionHash = context.proSessionHash else {
            throw Unauthenticated(reason: "A professional's session is required: send `Authorization: Bearer pro_<session token>`.")
        }
        self.coreContext = context.coreContext
        self.member = member
        self.sessionHash = sessionHash
        self.maxUploadSize = context.maxUploadSize
    }
}
