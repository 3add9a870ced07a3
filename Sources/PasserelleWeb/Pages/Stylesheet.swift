import Crypto
import Foundation

/// The site's only stylesheet: small, no fonts, no images. Colours meet WCAG AA contrast on white
/// (text 16:1, links 8.6:1); focus is a thick outline; links stay underlined so they never rely on colour.
enum Stylesheet {
    /// The colours, named so a test can check their WCAG contrast ratios.
    enum Colour {
        static let text = "#1a1a1a"
        static let background = "#ffffff"
        static let link = "#0b4f9c"
        static let rule = "#6b6b6b"
        static let noticeBorder = "#8a4b00"
        static let noticeBackground = "#fff8e6"
        static let focusBackground = "#fff3b0"
        /// A door's verdict: let in (green) or refuse (red), told by the words first, the colour second.
        static let okBorder = "#1b6e20"
        static let okBackground = "#edf7ee"
        static let refuseBorder = "#b00020"
        static let refuseBackground = "#fdeeee"
    }

    static let css = """
        *{box-sizing:border-box}
        html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5;color:\(Colour.text);background:\(Colour.background)}
        body{margin:0 auto;max-width:60rem;padding:0 1rem}
        a{color:\(Colour.link);text-decoration:underline}
        a:hover{text-decoration-thickness:3px}
        :focus-visible{outline:3px solid \(Colour.text);outline-offset:2px;background:\(Colour.focusBackground)}
        .skip{position:absolute;left:-999px;top:0;padding:.5rem 1rem;background:\(Colour.background);border:2px solid \(Colour.text)}
        .skip:focus{left:1rem}
        .visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
        header{border-bottom:2px solid \(Colour.text);padding:.75rem 0}
        header ul{list-style:none;display:flex;flex-wrap:wrap;gap:1rem;margin:.5rem 0;padding:0}
        .brand{margin:0;font-size:1.1rem}.brand a{font-weight:700}
        main{padding:1rem 0 2rem}
        .notice{border:2px solid \(Colour.noticeBorder);padding:.5rem 1rem;background:\(Colour.noticeBackground)}
        .offers{list-style:none;padding:0}
        .offers li{border-top:1px solid \(Colour.rule);padding:.75rem 0}
        dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
        dt{font-weight:700}dd{margin:0}
        table{border-collapse:collapse}th,td{border:1px solid \(Colour.rule);padding:.25rem .5rem;text-align:left}
        caption{text-align:left;font-weight:700;padding:.25rem 0}
        svg.chart,svg.map{display:block;width:100%;height:auto;margin:.5rem 0}svg.map{max-width:36rem}
        nav [aria-current]{font-weight:700;text-decoration:none}
        @media (max-width:40rem){dl{grid-template-columns:minmax(0,1fr)}dd{margin-bottom:.5rem}}
        .site-search{display:flex;gap:.5rem;margin:.5rem 0}.site-search input{flex:1;max-width:28rem}.site-search input::placeholder{color:\(Colour.rule);opacity:1}
        input,select,button{font:inherit;padding:.3rem .5rem;border:1px solid \(Colour.rule);border-radius:2px}
        button{background:\(Colour.link);color:\(Colour.background);border-color:\(Colour.link);cursor:pointer}
        .search-form fieldset{display:flex;flex-wrap:wrap;gap:0 1.5rem;border:1px solid \(Colour.rule)}
        .search-form label{display:block;font-weight:700}.search-form #q{width:100%;max-width:36rem}
        .search-form input[type=checkbox]+label{display:inline}
        .results{list-style:none;padding:0}.results>li{border-top:1px solid \(Colour.rule);padding:.75rem 0}
        .results h2{font-size:1.2rem;margin:0}.meta{margin:.25rem 0;color:\(Colour.text)}
        .showings{margin:.25rem 0;padding-left:1.25rem}
        mark{background:\(Colour.focusBackground);color:\(Colour.text);font-weight:700}
        .tags{list-style:none;display:flex;flex-wrap:wrap;gap:.5rem;padding:0}
        .tags a{display:inline-block;border:1px solid \(Colour.link);border-radius:1rem;padding:.1rem .75rem}
        svg.locator{display:block;width:15rem;height:auto;margin:.5rem 0}
        .problems{border:2px solid \(Colour.noticeBorder);padding:.5rem 2rem}
        .offers .tags{margin:.25rem 0}.offers .tags li{border:1px solid \(Colour.rule);border-radius:1rem;padding:0 .6rem;font-size:.9rem}
        .reason{margin:.25rem 0;font-style:italic}.offers h3{margin:0}.offers p{margin:.25rem 0}
        .tastes fieldset{display:flex;flex-wrap:wrap;gap:0 1.25rem;border:1px solid \(Colour.rule);margin:0 0 1rem}.tastes p{margin:.25rem 0}
        form.favourite{margin:.5rem 0}form.favourite button{background:\(Colour.background);color:\(Colour.link)}
        form.account label{display:block;font-weight:700}form.account .hint{display:block;font-size:.9rem}form.account input{width:100%;max-width:24rem}
        code.countermark{font-size:1.5rem;font-weight:700;letter-spacing:.1em}.bookings>li{margin-bottom:1.5rem}.credit{font-size:1.25rem;font-weight:700}
        button.secondary{background:\(Colour.background);color:\(Colour.link)}
        footer{border-top:2px solid \(Colour.text);padding:1rem 0;font-size:.9rem}
        .desk label{display:block;font-weight:700}.desk input{font-size:1.25rem;letter-spacing:.1em;max-width:16rem}
        video.scan{display:block;width:100%;max-width:24rem;margin:.5rem 0}td.number{text-align:right}.scroll{overflow-x:auto}
        .verdict{border:4px solid;padding:.25rem 1rem;font-size:1.1rem}.ok{border-color:\(Colour.okBorder);background:\(Colour.okBackground)}
        .refuse{border-color:\(Colour.refuseBorder);background:\(Colour.refuseBackground)}
        @media print{header,footer,.skip,form,.no-print{display:none}body{max-width:none}a{color:\(Colour.text);text-decoration:none}}
        """

    /// The stylesheet's URL, versioned by content so it can be cached for a year.
    static let href: String = {
        let digest = SHA256.hash(data: Data(css.utf8)).prefix(6).map { String(format: "%02x", $0) }.joined()
        return "/static/site.css?v=\(digest)"
    }()
}
