import Foundation
import PasserelleCore

/// The sign-in and sign-up forms, with what went wrong above them (announced: `role="alert"`), the fields keeping
/// what was typed except passwords.
struct PassAccountForms {
    /// Messages to show above the form (already in the page's language).
    var problems: [String] = []
    var email = ""
    var birthdate = ""
    /// A local page to return to once signed in (the booking page that sent the visitor here).
    var back: String?
    /// Where the sign-in form posts: the pass's, or the professional area's.
    var signInAction = "/pass/signin"

    func signInPage(_ layout: PageLayout, title: UIKey = .passSignInTitle, intro: UIKey = .passSignInIntro, offersSignUp: Bool = true) -> String {
        layout.render(title: layout.text(title)) { main in
            main.element("h1", text: layout.text(title))
            main.element("p", text: layout.text(intro))
            signInForm(&main, layout)
            if offersSignUp { main.element("p") { $0.element("a", [("href", layout.link("/pass/signup"))], text: layout.text(.signUpLink)) } }
        }
    }

    func signInForm(_ main: inout HTML, _ layout: PageLayout) {
        // A failed sign-in is one message, not a form's list of fields.
        problemList(&main, layout, heading: false)
        main.element("form", [("method", "post"), ("action", layout.link(signInAction)), ("class", "account")]) { form in
            emailField(&form, layout)
            form.element("p") { line in
                line.element("label", [("for", "password")], text: layout.text(.passwordLabel))
                line.void("input", [("id", "password"), ("name", "password"), ("type", "password"), ("required", ""),
                                    ("autocomplete", "current-password"), ("maxlength", "1024")])
            }
            if let back { form.void("input", [("type", "hidden"), ("name", "back"), ("value", back)]) }
            form.element("button", [("type", "submit")], text: layout.text(.signInButton))
        }
    }

    func signUpPage(_ layout: PageLayout) -> String {
        layout.render(title: layout.text(.signUpTitle)) { main in
            main.element("h1", text: layout.text(.signUpTitle))
            main.element("p", text: layout.text(.signUpIntro))
            problemList(&main, layout)
            main.element("form", [("method", "post"), ("action", layout.link("/pass/signup")), ("class", "account")]) { form in
                emailField(&form, layout)
                form.element("p") { line in
                    line.element("label", [("for", "password")], text: layout.text(.passwordLabel))
                    line.void("input", [("id", "password"), ("name", "password"), ("type", "password"), ("required", ""),
                                        ("autocomplete", "new-password"), ("minlength", "12"), ("maxlength", "72"),
                                        ("aria-describedby", "password-hint")])
                    line.element("span", [("id", "password-hint"), ("class", "hint")], text: layout.text(.newPasswordHint))
                }
                form.element("p") { line in
                    line.element("label", [("for", "birthdate")], text: layout.text(.birthdateLabel))
                    line.void("input", [("id", "birthdate"), ("name", "birthdate"), ("type", "date"), ("required", ""),
                                        ("autocomplete", "bday"), ("value", birthdate.isEmpty ? nil : birthdate)])
                }
                form.element("button", [("type", "submit")], text: layout.text(.signUpButton))
            }
            main.element("p") { $0.element("a", [("href", layout.link("/pass"))], text: layout.text(.signInLink)) }
        }
    }

    private func emailField(_ form: inout HTML, _ layout: PageLayout) {
        form.element("p") { line in
            line.element("label", [("for", "email")], text: layout.text(.emailLabel))
            line.void("input", [("id", "email"), ("name", "email"), ("type", "email"), ("required", ""), ("autocomplete", "email"),
                                ("maxlength", "254"), ("value", email.isEmpty ? nil : email)])
        }
    }

    private func problemList(_ main: inout HTML, _ layout: PageLayout, heading: Bool = true) {
        guard !problems.isEmpty else { return }
        main.element("div", [("class", "problems"), ("role", "alert")]) { box in
            if heading { box.element("p", text: layout.text(.passFormProblems)) }
            box.element("ul") { list in for problem in problems { list.element("li", text: problem) } }
        }
    }

    /// The page's words for the field issues the store and the rules name.
    static func messages(_ issues: [FieldIssue], _ layout: PageLayout) -> [String] {
        issues.map { issue in
            switch issue.field {
            case "email": layout.text(.passInvalidEmail)
            case "birthdate": layout.text(.passInvalidBirthdate)
            default: layout.text(.passWeakPassword)
            }
        }
    }
}
