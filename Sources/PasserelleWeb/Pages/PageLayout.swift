import Foundation
import PasserelleCore

/// The frame every page shares: `<html lang>`, skip link, header with navigation and language switch,
/// one `<main>`, footer. A page supplies its title and writes only inside `<main>`; it must write exactly
/// one `<h1>` there (the layout writes none). Future search and discovery pages use the same layout.
struct PageLayout {
    /// The language the page is written in.
    let language: Language
    /// The request path, used by the language switch to link to this same page in the other languages.
    let path: String
    /// The request's query items other than `lang`, as sent (still percent-encoded), so that switching language
    /// keeps the search, its filters and its page.
    let query: [Substring]
    /// A notice shown above the content on every page, when the app passes one.
    let notice: String?

    init(language: Language, path: String, query: String? = nil, notice: String?) {
        self.language = language
        // A path such as `//example.org` would make the switch links leave the site.
        let isLocal = path.hasPrefix("/") && !path.hasPrefix("//") && !path.contains("\\")
        self.path = isLocal ? path : "/"
        self.query = (query ?? "").split(separator: "&").filter { !$0.isEmpty && !$0.hasPrefix("lang=") && $0 != "lang" }
        self.notice = notice
    }

    /// This same page in `other` language.
    func switchLink(_ other: Language) -> String {
        "\(path)?" + (query + ["lang=\(other.rawValue)"]).joined(separator: "&")
    }

    func text(_ key: UIKey) -> String { UIStrings.text(key, language) }

    /// `key` with `{n}` filled in, or its singular `one` when n is 1 (the Polish texts avoid plural agreement).
    func counted(_ key: UIKey, one: UIKey, _ n: Int) -> String {
        n == 1 ? text(one) : text(key).replacingOccurrences(of: "{n}", with: Formatting.integer(Int64(n), language))
    }

    /// A link to a page of the site in the current language.
    func link(_ path: String) -> String { "\(path)\(path.contains("?") ? "&" : "?")lang=\(language.rawValue)" }

    /// Writes a multilingual text inside `tag`, with `lang` when it fell back to another language.
    /// `fallback` is written (without `lang`) when the text has no value in any language.
    func localized(_ html: inout HTML, _ tag: StaticString, _ value: LocalizedText, fallback: String = "", attributes: [HTML.Attribute] = []) {
        let used = value.resolvedLanguage(for: language)
        let lang = used.flatMap { $0 == language ? nil : $0.rawValue }
        html.element(tag, attributes + [("lang", lang)], text: value.resolved(for: language) ?? fallback)
    }

    /// What a page adds to its `<head>`: its schema.org description, and the feeds that follow it.
    struct HeadExtras {
        var structuredData: JSONValue?
        var alternates: [Alternate] = []

        struct Alternate {
            let type: String
            let href: String
            let title: String
        }
    }

    func render(title: String, head extras: HeadExtras = HeadExtras(), _ content: (inout HTML) -> Void) -> String {
        var html = HTML()
        html.doctype()
        html.open("html", [("lang", language.rawValue)])
        html.element("head") { head in
            head.void("meta", [("charset", "utf-8")])
            head.void("meta", [("name", "viewport"), ("content", "width=device-width, initial-scale=1")])
            head.element("title", text: "\(title) · \(text(.siteName))")
            head.void("link", [("rel", "stylesheet"), ("href", Stylesheet.href)])
            for alternate in extras.alternates {
                head.void("link", [("rel", "alternate"), ("type", alternate.type), ("href", alternate.href), ("title", alternate.title)])
            }
            if let data = extras.structuredData { head.structuredData(data) }
        }
        html.open("body")
        html.element("a", [("class", "skip"), ("href", "#main")], text: text(.skipToContent))
        header(&html)
        html.element("main", [("id", "main"), ("tabindex", "-1")]) { main in
            if let notice {
                main.element("p", [("class", "notice"), ("role", "note")], text: notice)
            }
            content(&main)
        }
        html.element("footer") { footer in
            footer.element("p", text: text(.footerText))
            if SiteChrome.proOffered { footer.element("p") { $0.element("a", [("href", link("/pro"))], text: text(.proTitle)) } }
        }
        html.close("body")
        html.close("html")
        return html.output
    }

    private func header(_ html: inout HTML) {
        html.element("header") { header in
            header.element("p", [("class", "brand")]) { brand in
                brand.element("a", [("href", link("/"))], text: text(.siteName))
                brand.text(" — \(text(.tagline))")
            }
            header.element("form", [("role", "search"), ("action", "/search"), ("method", "get"), ("class", "site-search"), ("aria-label", text(.searchButton))]) { form in
                form.element("label", [("for", "site-search"), ("class", "visually-hidden")], text: text(.searchLabel))
                // The label is for screen readers; the placeholder shows the same words to sighted visitors next to the button.
                form.void("input", [("id", "site-search"), ("name", "q"), ("type", "search"), ("maxlength", "200"), ("placeholder", text(.searchLabel))])
                form.void("input", [("type", "hidden"), ("name", "lang"), ("value", language.rawValue)])
                form.element("button", [("type", "submit")], text: text(.searchButton))
            }
            header.element("nav", [("aria-label", text(.mainNavigation))]) { nav in
                nav.element("ul") { list in
                    list.element("li") { $0.element("a", [("href", link("/"))], text: text(.navHome)) }
                    list.element("li") { $0.element("a", [("href", link("/collections"))], text: text(.navCollections)) }
                    list.element("li") { $0.element("a", [("href", link("/for-you"))], text: text(.navForYou)) }
                    if SiteChrome.passOffered { list.element("li") { $0.element("a", [("href", link("/pass"))], text: text(.navPass)) } }
                    list.element("li") { $0.element("a", [("href", link("/observatory"))], text: text(.navObservatory)) }
                    list.element("li") { $0.element("a", [("href", link("/about"))], text: text(.navAbout)) }
                }
            }
            header.element("nav", [("aria-label", text(.languageNavigation))]) { nav in
                nav.element("ul", [("class", "languages")]) { list in
                    for other in Language.allCases {
                        list.element("li") { item in
                            if other == language {
                                // Marked by text and weight, not by colour only.
                                item.element("strong", [("aria-current", "true"), ("lang", other.rawValue)], text: other.endonym)
                                item.element("span", [("class", "visually-hidden")], text: " (\(text(.currentLanguage)))")
                            } else {
                                item.element(
                                    "a", [("href", switchLink(other)), ("hreflang", other.rawValue), ("lang", other.rawValue)],
                                    text: other.endonym
                                )
                            }
                        }
                    }
                }
            }
        }
    }
}
