import PasserellePass

/// `/pro/password`: a professional changes their own password (the current one asked), with what went wrong above
/// the form, announced. No field keeps what was typed: they are all passwords.
struct ProPasswordPage {
    let member: StaffMember
    var problems: [String] = []

    func render(_ layout: PageLayout) -> String {
        layout.render(title: layout.text(.proPasswordTitle)) { main in
            ProPages.signedIn(&main, member, layout)
            main.element("h1", text: layout.text(.proPasswordTitle))
            main.element("p", text: layout.text(.proPasswordIntro))
            if !problems.isEmpty {
                main.element("div", [("class", "problems"), ("role", "alert")]) { box in
                    box.element("ul") { list in for problem in problems { list.element("li", text: problem) } }
                }
            }
            main.element("form", [("method", "post"), ("action", layout.link("/pro/password")), ("class", "account")]) { form in
                form.element("p") { line in
                    line.element("label", [("for", "current-password")], text: layout.text(.currentPasswordLabel))
                    line.void("input", [("id", "current-password"), ("name", "currentPassword"), ("type", "password"), ("required", ""),
                                        ("autocomplete", "current-password"), ("maxlength", "1024")])
                }
                form.element("p") { line in
                    line.element("label", [("for", "new-password")], text: layout.text(.newPasswordLabel))
                    line.void("input", [("id", "new-password"), ("name", "newPassword"), ("type", "password"), ("required", ""),
                                        ("autocomplete", "new-password"), ("minlength", "12"), ("maxlength", "72"), ("aria-describedby", "new-password-hint")])
                    line.element("span", [("id", "new-password-hint"), ("class", "hint")], text: layout.text(.newPasswordHint))
                }
                form.element("button", [("type", "submit")], text: layout.text(.proPasswordButton))
            }
            main.element("p") { $0.element("a", [("href", layout.link("/pro"))], text: layout.text(.proTitle)) }
        }
    }
}
