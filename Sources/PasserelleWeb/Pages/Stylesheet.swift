import Crypto
import Foundation

/// The site's only stylesheet: small, no fonts, no images. Colours meet WCAG AA contrast on white
/// (text 16:1, links 8.6:1); focus is a thick outline; links stay underlined so they never rely on colour.
enum Stylesheet {
    static let css = """
        *{box-sizing:border-box}
        html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5;color:#1a1a1a;background:#fff}
        body{margin:0 auto;max-width:60rem;padding:0 1rem}
        a{color:#0b4f9c;text-decoration:underline}
        a:hover{text-decoration-thickness:3px}
        :focus-visible{outline:3px solid #1a1a1a;outline-offset:2px;background:#fff3b0}
        .skip{position:absolute;left:-999px;top:0;padding:.5rem 1rem;background:#fff;border:2px solid #1a1a1a}
        .skip:focus{left:1rem}
        .visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
        header{border-bottom:2px solid #1a1a1a;padding:.75rem 0}
        header ul{list-style:none;display:flex;flex-wrap:wrap;gap:1rem;margin:.5rem 0;padding:0}
        .brand{margin:0;font-size:1.1rem}.brand a{font-weight:700}
        main{padding:1rem 0 2rem}
        .notice{border:2px solid #8a4b00;padding:.5rem 1rem;background:#fff8e6}
        .offers{list-style:none;padding:0}
        .offers li{border-top:1px solid #6b6b6b;padding:.75rem 0}
        dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
        dt{font-weight:700}dd{margin:0}
        table{border-collapse:collapse}th,td{border:1px solid #6b6b6b;padding:.25rem .5rem;text-align:left}
        footer{border-top:2px solid #1a1a1a;padding:1rem 0;font-size:.9rem}
        """

    /// The stylesheet's URL, versioned by content so it can be cached for a year.
    static let href: String = {
        let digest = SHA256.hash(data: Data(css.utf8)).prefix(6).map { String(format: "%02x", $0) }.joined()
        return "/static/site.css?v=\(digest)"
    }()
}
