import PasserelleCore

/// The festivals file names no town: only a commune's INSEE code (inside the festival's id) and a postal code. The
/// cinemas file names the town of every commune it lists, by the same INSEE code; festivals in those communes get
/// that name as their address's city, so their pages say where they take place. The others keep none (never a guess).
enum FestivalTowns {
    /// Names the towns it can; returns how many festival venues got one, and how many had a commune to look up.
    static func name(in catalogue: inout DemoCatalogue) -> (named: Int, withCommune: Int) {
        var towns: [String: String] = [:]
        for venue in catalogue.venues where venue.kind == .cinema {
            if let code = venue.communeCode, let city = venue.address?.city, towns[code] == nil { towns[code] = city }
        }
        var named = 0, withCommune = 0
        for index in catalogue.venues.indices where catalogue.venues[index].kind == .festival && catalogue.venues[index].address == nil {
            guard let code = catalogue.venues[index].communeCode else { continue }
            withCommune += 1
            guard let city = towns[code] else { continue }
            catalogue.venues[index].address = Address(city: city)
            named += 1
        }
        return (named, withCommune)
    }
}
