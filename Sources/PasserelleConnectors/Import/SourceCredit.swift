/// A data source to credit on the "about" page, as Licence Ouverte 2.0 (Etalab) requires.
public struct SourceCredit: Sendable, Hashable {
    /// The dataset's title.
    public let title: String
    /// Who publishes it.
    public let publisher: String
    /// The licence it is published under.
    public let licence: String
    /// The dataset's page, when known.
    public let url: String?
    /// The `provenance.source` its records carry (`museofile`), so pages can name the dataset instead of the code.
    public let source: String?

    /// A credit line.
    public init(title: String, publisher: String, licence: String, url: String?, source: String? = nil) {
        self.title = title
        self.publisher = publisher
        self.licence = licence
        self.url = url
        self.source = source
    }
}

extension DemoDataLoader {
    /// The sources of the demo catalogue, for the "about" page and the footer.
    public static let credits: [SourceCredit] = [
        SourceCredit(
            title: "Muséofile : répertoire des Musées de France", publisher: "Ministère de la Culture",
            licence: "Licence Ouverte 2.0 (Etalab)", url: "https://data.culture.gouv.fr/explore/dataset/musees-de-france-base-museofile/", source: "museofile"
        ),
        SourceCredit(
            title: "Liste des festivals en France", publisher: "Ministère de la Culture",
            licence: "Licence Ouverte 2.0 (Etalab)", url: "https://data.culture.gouv.fr/explore/dataset/festivals-global-festivals-_-pl/", source: "festivals-france"
        ),
        SourceCredit(
            title: "Cinémas actifs", publisher: "Centre national du cinéma et de l'image animée (CNC)",
            licence: "Licence Ouverte 2.0 (Etalab)", url: nil, source: "cnc-cinemas"
        ),
        SourceCredit(
            title: "#CultureChezNous : ressources culturelles en ligne", publisher: "Ministère de la Culture",
            licence: "Licence Ouverte 2.0 (Etalab)", url: nil, source: "culturecheznous"
        ),
        SourceCredit(
            title: "Base Joconde : costumes des 19e et 20e siècles", publisher: "Ministère de la Culture (Service des musées de France)",
            licence: "Licence Ouverte 2.0 (Etalab)", url: "https://www.pop.culture.gouv.fr/", source: "joconde"
        ),
    ]
}
