import PasserelleCore

/// The about page: what Passerelle is, and the data sources with their publishers and licences.
struct AboutPage {
    let credits: [SourceCredit]

    func render(_ layout: PageLayout) -> String {
        layout.render(title: layout.text(.aboutTitle)) { main in
            main.element("h1", text: layout.text(.aboutTitle))
            main.element("p", text: layout.text(.aboutIntro))
            main.element("h2", text: layout.text(.sourcesHeading))
            guard !credits.isEmpty else {
                main.element("p", text: layout.text(.noSources))
                return
            }
            main.element("ul") { list in
                for credit in credits {
                    list.element("li") { item in
                        if credit.url.hasPrefix("https://") || credit.url.hasPrefix("http://") {
                            item.element("a", [("href", credit.url), ("rel", "noopener")], text: credit.title)
                        } else {
                            item.text(credit.title)
                        }
                        // French typography puts a (non-breaking) space before a colon; the other languages do not.
                        let colon = layout.language == .fr ? "\u{00A0}: " : ": "
                        item.text(" — \(layout.text(.publisher))\(colon)\(credit.publisher) — \(layout.text(.licence))\(colon)\(credit.licence)")
                    }
                }
            }
        }
    }
}

/// The page of an error: 404 says the page does not exist; other statuses say the request failed.
struct ErrorPage {
    let problem: Problem

    func render(_ layout: PageLayout) -> String {
        let notFound = problem.status == 404
        let title = layout.text(notFound ? .notFoundTitle : .errorTitle)
        return layout.render(title: title) { main in
            main.element("h1", text: title)
            main.element("p", text: notFound ? layout.text(.notFoundText) : "\(problem.status) — \(problem.title)")
            // What was wrong with the request, so that a visitor can mend a form; problem details are written in English.
            if !notFound, (400..<500).contains(problem.status) { main.element("p", [("lang", layout.language == .en ? nil : "en")], text: problem.detail) }
            main.element("p") { $0.element("a", [("href", layout.link("/"))], text: layout.text(.backHome)) }
        }
    }
}
