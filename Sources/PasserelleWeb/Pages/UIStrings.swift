import PasserelleCore

/// Every text of the pages' interface. One table, six languages per key; a test checks none is missing.
enum UIKey: String, CaseIterable, Sendable {
    case skipToContent, siteName, tagline, mainNavigation, languageNavigation, currentLanguage
    case navHome, navAbout, homeTitle, categoriesHeading, recentOffersHeading, noOffers
    case category, access, accessOnline, accessOnSite, accessHybrid, dates, startsAt, endsAt, price, free, priceUnknown
    case languages, venue, work, creators, openOnline, book, stocksHeading, stockDate, stockPrice, stockQuantity
    case unlimited, undated, source, licence, kind, address, accessibilityHeading, accessibilityNone
    case accessibilityMotor, accessibilityVisual, accessibilityHearing, accessibilityCognitive
    case website, offersAtVenue, aboutTitle, aboutIntro, sourcesHeading, publisher, noSources
    case notFoundTitle, notFoundText, backHome, errorTitle, footerText, opensExternalSite
    case kindMuseum, kindTheatre, kindCinema, kindLibrary, kindConcertHall, kindFestival, kindHeritageSite
    case kindArchive, kindArtCentre, kindBookshop, kindOther
    case navObservatory, observatoryTitle, observatoryIntro, observatoryNoRelease, observatoryReleases, observatoryPeriod
    case observatoryOpenData, observatoryHHI, observatoryGini, observatoryEntropy, observatoryPrivacy, observatoryUnit
    case observatoryVisitorsByInstitution, observatoryPageViewsByInstitution, observatoryVisitorsByRegion
    case observatoryConsultationsByDomain, observatoryVisitorsByChannel, observatoryChartNote, observatoryMapNote
    case observatoryTableCaption, observatoryKey, observatoryValue, observatoryErrorBound, observatoryStatus
    case observatoryWithheld, observatoryPublished, observatoryVisitorsOverTime, observatoryMethod
    case observatoryMapLegend, observatoryOverseas
    case observatoryVisitorsByWeek, observatoryVisitorsByDay, observatoryVisitorsByDepartement, observatoryVisitorsByAgeBand
    case observatoryVisitorsByDomainCount, observatoryConsultationsByWorkOrigin, observatoryConsultationsByWork
    case observatoryBookersByInstitution, observatoryFirstVisitorsByInstitution, observatoryFirstVisitsByDomain
    case observatoryWorksHHI, observatoryWorksGini, observatoryThreeDomains, observatoryFrenchWorks, observatoryEuropeanWorks
    case observatoryConversion, observatoryAllTables, observatoryMuseumTrend, observatoryYear, observatoryWeek
    case observatoryOriginFrance, observatoryOriginEurope, observatoryOriginElsewhere, observatoryOriginUnknown
    case observatoryDepartementMapNote
    case searchLabel, searchButton, searchTitle, searchResultsFor, resultsCount, resultsCountOne, resultsMoreThan, noResults, alsoSearched
    case filtersHeading, anyCategory, anyRegion, whenLabel, whenAny, whenToday, whenTomorrow, whenWeekend, whenWeek, whenMonth
    case discoverHeading, collectionsTitle, noCollections, curatedList, savedSearch, curatedBy, reuseCredit, navCollections, allCollections, countryOfOrigin, heldBy, showingsHeading, worksTitle, worksCount, worksCountOne, collectionWorks, allWorks, inventoryNumber, publishedBy, seeAlsoHeading, becauseNearby, becauseOtherTerritory, becauseOtherDomain, accessAny, freeOnly, applyFilters, nextResults, moreShowings, moreShowingsOne, regionLabel, refineHeading, allResults
    case venueCalendar, institutionFeed
    case territory, locatorMap, allOffersAtVenue, upcomingHeading, findHeading, browseOnline
    case placeLabel, radiusLabel, nearPlace, otherPlaces, nearHeading, nearButton
    case navForYou, forYouTitle, forYouIntro, forYouRecommended, forYouTastes, interestsLegend, departementLabel, departementAny
    case varietyLegend, varietySame, varietyBalanced, varietyWider, saveTastes, favouritesHeading, noFavourites
    case removeFavourite, keepFavourite, inFavourites, forgetHeading, forgetText, forgetButton
    case reasonBecauseYouLiked, reasonInterest, reasonNearYou, reasonSmallVenue, reasonRural, reasonEuropean, reasonWidening, reasonFirstPick, reasonLikeFavourites
    case groupSmallVenue, groupRural, groupEuropean, forYouInvite, forYouNothingKept, tastesSaved
    case navPass, passTitle, passSignInTitle, passSignInIntro, emailLabel, passwordLabel, newPasswordHint, birthdateLabel
    case signInButton, signUpTitle, signUpIntro, signUpButton, signUpLink, signInLink, signOutButton, passSignedInAs
    case passCreditHeading, passCreditLeft, passCreditUntil, passCapLine, passNoCredit, passUnverified
    case passBookingsHeading, passNoBookings, passCountermark, passQuantityLine
    case passStatusActive, passStatusCancelled, passStatusUsed, passStatusExpired, passStatusPending, passCancelButton
    case refusalProviderRefused, providerUnavailable, passPendingNotice
    case passBookTitle, passBookButton, passQuantityLabel, passBooked, passCancelled, passInvalidCredentials, passTooMany
    case passEmailTaken, passFormProblems, passInvalidEmail, passInvalidBirthdate, passWeakPassword, passSignInToBook, passRefused
    case refusalSoldOut, refusalInsufficientCredit, refusalCapReached, refusalNotEligible, refusalIdentityNotVerified
    case refusalClosed, refusalWindowClosed, refusalOther, passShowQRCode, passPlacesLeft, passSoldOut
    case proTitle, proSignInTitle, proSignInIntro, deskHeading, deskCodeLabel, deskCheckButton, deskScanButton, deskUnknown, deskValid
    case deskAlreadyUsed, deskNotValid, deskUseButton, deskUsed, proBookingsHeading, proNoBookings
    case columnOffer, columnPlaces, columnAmount, columnStatus, columnClass, columnSchool, columnAction, columnUsedAt, columnKind, columnBookings, columnPupilsAdults
    case groupsHeading, groupNone, groupConfirm, groupDecline, groupCancel, groupMarkUsed
    case groupStatusRequested, groupStatusConfirmed, groupStatusDeclined, groupStatusUsed
    case statementsHeading, statementTitle, statementProvisional, statementFinal, statementTotal, statementCSV, statementPrintHint
    case statementByVenue, statementLines, statementNoLines, statementIndividual, statementGroup, statementOnline, statementOpen, monthLabel
    case budgetLine, groupBookTitle, groupBookIntro, classNameLabel, pupilsLabel, adultsLabel, groupBookButton, groupRequested
    case teacherBookLink, proSignInToBook, proNotTeacher, refusalInsufficientBudget, proSaved, classNameProblem, pupilsProblem, adultsProblem
    case proPasswordLink, proPasswordTitle, proPasswordIntro, currentPasswordLabel, newPasswordLabel, proPasswordButton, proPasswordChanged, wrongCurrentPassword
}

/// The interface texts, by key then language (fr, en, de, es, it, pl: the order of `Language.allCases`).
enum UIStrings {
    static func row(_ key: UIKey, _ texts: String...) -> (UIKey, [Language: String]) {
        (key, Dictionary(uniqueKeysWithValues: zip(Language.allCases, texts)))
    }

    static let table: [UIKey: [Language: String]] = Dictionary(uniqueKeysWithValues: [
        row(.searchLabel, "Rechercher un spectacle, un film, un lieu, une ville…", "Search for a show, a film, a place, a town…", "Eine Vorstellung, einen Film, einen Ort, eine Stadt suchen…", "Buscar un espectáculo, una película, un lugar, una ciudad…", "Cerca uno spettacolo, un film, un luogo, una città…", "Szukaj spektaklu, filmu, miejsca, miasta…"),
        row(.searchButton, "Rechercher", "Search", "Suchen", "Buscar", "Cerca", "Szukaj"),
        row(.searchTitle, "Recherche", "Search", "Suche", "Búsqueda", "Ricerca", "Wyszukiwanie"),
        row(.searchResultsFor, "Résultats pour « {q} »", "Results for “{q}”", "Ergebnisse für „{q}“", "Resultados para «{q}»", "Risultati per «{q}»", "Wyniki dla „{q}”"),
        row(.resultsCount, "{n} offres trouvées", "{n} offers found", "{n} Angebote gefunden", "{n} ofertas encontradas", "{n} offerte trovate", "Znalezione oferty: {n}"),
        row(.resultsCountOne, "1 offre trouvée", "1 offer found", "1 Angebot gefunden", "1 oferta encontrada", "1 offerta trovata", "Znaleziona oferta: 1"),
        row(.resultsMoreThan, "Plus de {n} offres trouvées : précisez la recherche ou ajoutez un filtre.", "More than {n} offers found: narrow the search or add a filter.", "Mehr als {n} Angebote gefunden: Suche eingrenzen oder einen Filter hinzufügen.", "Más de {n} ofertas encontradas: precise la búsqueda o añada un filtro.", "Più di {n} offerte trovate: precisa la ricerca o aggiungi un filtro.", "Znaleziono ponad {n} ofert: zawęź wyszukiwanie lub dodaj filtr."),
        row(.noResults, "Aucune offre ne correspond. Essayez moins de mots, ou retirez un filtre.", "No offer matches. Try fewer words, or remove a filter.", "Kein Angebot passt. Versuchen Sie weniger Wörter oder entfernen Sie einen Filter.", "Ninguna oferta coincide. Pruebe con menos palabras o quite un filtro.", "Nessuna offerta corrisponde. Prova con meno parole o togli un filtro.", "Brak pasujących ofert. Użyj mniej słów lub usuń filtr."),
        row(.alsoSearched, "Recherche élargie à :", "Also searched for:", "Auch gesucht nach:", "También se buscó:", "Cercato anche:", "Szukano także:"),
        row(.filtersHeading, "Filtres", "Filters", "Filter", "Filtros", "Filtri", "Filtry"),
        row(.anyCategory, "Tous les domaines", "All domains", "Alle Bereiche", "Todos los ámbitos", "Tutti i settori", "Wszystkie dziedziny"),
        row(.anyRegion, "Toutes les régions", "All regions", "Alle Regionen", "Todas las regiones", "Tutte le regioni", "Wszystkie regiony"),
        row(.whenLabel, "Quand", "When", "Wann", "Cuándo", "Quando", "Kiedy"),
        row(.whenAny, "N'importe quand", "Any time", "Jederzeit", "En cualquier momento", "In qualsiasi momento", "Kiedykolwiek"),
        row(.whenToday, "Aujourd'hui", "Today", "Heute", "Hoy", "Oggi", "Dziś"),
        row(.whenTomorrow, "Demain", "Tomorrow", "Morgen", "Mañana", "Domani", "Jutro"),
        row(.whenWeekend, "Ce week-end", "This weekend", "Dieses Wochenende", "Este fin de semana", "Questo fine settimana", "W ten weekend"),
        row(.whenWeek, "Les 7 prochains jours", "The next 7 days", "Die nächsten 7 Tage", "Los próximos 7 días", "I prossimi 7 giorni", "Najbliższe 7 dni"),
        row(.whenMonth, "Les 30 prochains jours", "The next 30 days", "Die nächsten 30 Tage", "Los próximos 30 días", "I prossimi 30 giorni", "Najbliższe 30 dni"),
        row(.accessAny, "Sur place ou en ligne", "On site or online", "Vor Ort oder online", "Presencial o en línea", "In sede o online", "Na miejscu lub online"),
        row(.freeOnly, "Gratuit uniquement", "Free only", "Nur kostenlos", "Solo gratis", "Solo gratuito", "Tylko bezpłatne"),
        row(.applyFilters, "Appliquer les filtres", "Apply filters", "Filter anwenden", "Aplicar filtros", "Applica filtri", "Zastosuj filtry"),
        row(.nextResults, "Résultats suivants", "Next results", "Weitere Ergebnisse", "Resultados siguientes", "Risultati successivi", "Następne wyniki"),
        row(.moreShowings, "et {n} autres dates ou lieux", "and {n} more dates or places", "und {n} weitere Termine oder Orte", "y {n} fechas o lugares más", "e altre {n} date o luoghi", "inne terminy lub miejsca: {n}"),
        row(.moreShowingsOne, "et 1 autre date ou lieu", "and 1 more date or place", "und 1 weiterer Termin oder Ort", "y 1 fecha o lugar más", "e 1 altra data o luogo", "inny termin lub miejsce: 1"),
        row(.regionLabel, "Région", "Region", "Region", "Región", "Regione", "Region"),
        row(.placeLabel, "Près de (commune ou code postal)", "Near (town or postcode)", "In der Nähe von (Ort oder Postleitzahl)", "Cerca de (municipio o código postal)", "Vicino a (comune o CAP)", "W pobliżu (miejscowość lub kod pocztowy)"),
        row(.radiusLabel, "Dans un rayon de", "Within", "Im Umkreis von", "En un radio de", "Entro", "W promieniu"),
        row(.nearPlace, "À moins de {km} km de {place}", "Within {km} km of {place}", "Im Umkreis von {km} km um {place}", "A menos de {km} km de {place}", "Entro {km} km da {place}", "W promieniu {km} km od {place}"),
        row(.otherPlaces, "Autres communes de ce nom :", "Other towns of that name:", "Andere Orte dieses Namens:", "Otros municipios con ese nombre:", "Altri comuni con questo nome:", "Inne miejscowości o tej nazwie:"),
        row(.nearHeading, "Près de chez vous", "Near you", "In Ihrer Nähe", "Cerca de usted", "Vicino a te", "W pobliżu"),
        row(.nearButton, "Voir ce qu'il y a près d'ici", "See what is near", "Zeigen, was in der Nähe ist", "Ver lo que hay cerca", "Vedi cosa c'è vicino", "Zobacz, co jest w pobliżu"),
        row(.refineHeading, "Affiner par domaine", "Narrow by domain", "Nach Bereich eingrenzen", "Afinar por ámbito", "Restringi per settore", "Zawęź według dziedziny"),
        row(.allResults, "Voir toutes les offres", "See every offer", "Alle Angebote ansehen", "Ver todas las ofertas", "Vedi tutte le offerte", "Zobacz wszystkie oferty"),
        row(.territory, "Territoire", "Area", "Gebiet", "Territorio", "Territorio", "Obszar"),
        row(.locatorMap, "Carte : {place} dans le département {d}", "Map: {place} in the département of {d}", "Karte: {place} im Département {d}", "Mapa: {place} en el departamento de {d}", "Mappa: {place} nel dipartimento di {d}", "Mapa: {place} w departamencie {d}"),
        row(.venueCalendar, "Agenda de ce lieu (iCalendar)", "This place's calendar (iCalendar)", "Kalender dieses Ortes (iCalendar)", "Agenda de este lugar (iCalendar)", "Calendario di questo luogo (iCalendar)", "Kalendarz tego miejsca (iCalendar)"),
        row(.institutionFeed, "Nouvelles offres de l'institution (RSS)", "The institution's new offers (RSS)", "Neue Angebote der Einrichtung (RSS)", "Nuevas ofertas de la institución (RSS)", "Nuove offerte dell'istituzione (RSS)", "Nowe oferty instytucji (RSS)"),
        row(.allOffersAtVenue, "Toutes les offres de ce lieu", "Every offer at this place", "Alle Angebote dieses Ortes", "Todas las ofertas de este lugar", "Tutte le offerte di questo luogo", "Wszystkie oferty tego miejsca"),
        row(.upcomingHeading, "Bientôt", "Coming up", "Demnächst", "Próximamente", "Prossimamente", "Wkrótce"),
        row(.collectionsTitle, "Sélections", "Collections", "Sammlungen", "Selecciones", "Selezioni", "Kolekcje"),
        row(.noCollections, "Aucune sélection publiée pour le moment.", "No collection published yet.", "Noch keine Sammlung veröffentlicht.", "Aún no hay selecciones publicadas.", "Ancora nessuna selezione pubblicata.", "Nie opublikowano jeszcze żadnej kolekcji."),
        row(.curatedList, "Sélection", "Curated list", "Auswahl", "Selección", "Selezione", "Wybór"),
        row(.savedSearch, "Recherche toujours à jour", "Search kept up to date", "Stets aktuelle Suche", "Búsqueda siempre actualizada", "Ricerca sempre aggiornata", "Zawsze aktualne wyszukiwanie"),
        row(.curatedBy, "Choisie par", "Chosen by", "Ausgewählt von", "Elegida por", "Scelta da", "Wybór:"),
        row(.reuseCredit, "Réutilisation libre en citant :", "Free to reuse, crediting:", "Frei wiederverwendbar mit Nennung:", "Reutilización libre citando:", "Riutilizzo libero citando:", "Swobodne ponowne użycie z podaniem:"),
        row(.allCollections, "Toutes les sélections", "Every collection", "Alle Sammlungen", "Todas las selecciones", "Tutte le selezioni", "Wszystkie kolekcje"),
        row(.countryOfOrigin, "Pays d'origine", "Country of origin", "Herkunftsland", "País de origen", "Paese d'origine", "Kraj pochodzenia"),
        row(.heldBy, "Conservée par", "Held by", "Aufbewahrt von", "Conservada por", "Conservata da", "Przechowywane przez"),
        row(.showingsHeading, "Où et quand la voir", "Where and when to see it", "Wo und wann zu sehen", "Dónde y cuándo verla", "Dove e quando vederla", "Gdzie i kiedy zobaczyć"),
        row(.worksTitle, "Œuvres", "Works", "Werke", "Obras", "Opere", "Dzieła"),
        row(.worksCount, "{n} œuvres", "{n} works", "{n} Werke", "{n} obras", "{n} opere", "Dzieła: {n}"),
        row(.worksCountOne, "1 œuvre", "1 work", "1 Werk", "1 obra", "1 opera", "Dzieła: 1"),
        row(.collectionWorks, "Œuvres des collections", "Works in the collections", "Werke der Sammlungen", "Obras de las colecciones", "Opere delle collezioni", "Dzieła w zbiorach"),
        row(.inventoryNumber, "N° d'inventaire", "Inventory no.", "Inventarnr.", "N.º de inventario", "N. di inventario", "Nr inwentarza"),
        row(.publishedBy, "Proposée par", "Offered by", "Angeboten von", "Ofrecida por", "Proposta da", "Oferuje"),
        row(.seeAlsoHeading, "À découvrir aussi", "You might also like", "Auch entdecken", "Descubre también", "Da scoprire anche", "Zobacz także"),
        row(.becauseNearby, "Du même genre, près d'ici", "The same kind of thing, nearby", "Ähnliches in der Nähe", "Del mismo tipo, cerca", "Dello stesso genere, qui vicino", "Podobne, w pobliżu"),
        row(.becauseOtherTerritory, "Du même genre, dans une autre région", "The same kind of thing, in another région", "Ähnliches in einer anderen Region", "Del mismo tipo, en otra región", "Dello stesso genere, in un'altra regione", "Podobne, w innym regionie"),
        row(.becauseOtherDomain, "Un autre domaine, près d'ici", "Something different, nearby", "Etwas anderes in der Nähe", "Otro ámbito, cerca", "Un altro settore, qui vicino", "Coś innego, w pobliżu"),
        row(.allWorks, "Toutes les œuvres", "Every work", "Alle Werke", "Todas las obras", "Tutte le opere", "Wszystkie dzieła"),
        row(.navCollections, "Sélections", "Collections", "Sammlungen", "Selecciones", "Selezioni", "Kolekcje"),
        row(.discoverHeading, "À découvrir", "To discover", "Zu entdecken", "Para descubrir", "Da scoprire", "Do odkrycia"),
        row(.findHeading, "Trouver une sortie", "Find something to do", "Etwas unternehmen", "Encontrar una salida", "Trovare un'uscita", "Znajdź coś dla siebie"),
        row(.browseOnline, "À voir et écouter en ligne", "To watch and hear online", "Online sehen und hören", "Para ver y escuchar en línea", "Da vedere e ascoltare online", "Do obejrzenia i posłuchania online"),
        row(.skipToContent, "Aller au contenu", "Skip to content", "Zum Inhalt springen", "Ir al contenido", "Vai al contenuto", "Przejdź do treści"),
        row(.navObservatory, "Observatoire", "Observatory", "Observatorium", "Observatorio", "Osservatorio", "Obserwatorium"),
        row(.observatoryTitle, "Observatoire des publics en ligne", "Observatory of online audiences", "Beobachtungsstelle des Online-Publikums", "Observatorio de públicos en línea", "Osservatorio del pubblico online", "Obserwatorium odbiorców online"),
        row(.observatoryIntro, "Chiffres mensuels de fréquentation des sites culturels, publiés avec un bruit aléatoire calibré (confidentialité différentielle) : aucun visiteur ne peut y être reconnu. Chaque valeur porte sa marge d'erreur à 95 %.", "Monthly audience figures of cultural sites, published with calibrated random noise (differential privacy): no visitor can be recognised in them. Every value carries its 95 % error margin.", "Monatliche Besucherzahlen kultureller Websites, veröffentlicht mit kalibriertem Zufallsrauschen (Differential Privacy): Niemand ist darin erkennbar. Jeder Wert trägt seine 95-%-Fehlermarge.", "Cifras mensuales de audiencia de sitios culturales, publicadas con ruido aleatorio calibrado (privacidad diferencial): ningún visitante puede reconocerse. Cada valor lleva su margen de error al 95 %.", "Dati mensili di pubblico dei siti culturali, pubblicati con rumore casuale calibrato (privacy differenziale): nessun visitatore vi è riconoscibile. Ogni valore ha il suo margine d'errore al 95 %.", "Miesięczne dane o odbiorcach serwisów kulturalnych, publikowane z kalibrowanym szumem losowym (prywatność różnicowa): nie da się w nich rozpoznać żadnej osoby. Każda wartość ma margines błędu 95 %."),
        row(.observatoryNoRelease, "Aucune publication pour le moment : la première paraîtra après la fin du premier mois de mesure.", "Nothing published yet: the first release comes once the first month of measurement is over.", "Noch nichts veröffentlicht: Die erste Ausgabe erscheint nach dem ersten Messmonat.", "Aún no hay publicaciones: la primera llegará al terminar el primer mes de medición.", "Ancora nessuna pubblicazione: la prima arriverà alla fine del primo mese di misura.", "Nic jeszcze nie opublikowano: pierwsze wydanie pojawi się po pierwszym miesiącu pomiarów."),
        row(.observatoryReleases, "Publications", "Releases", "Veröffentlichungen", "Publicaciones", "Pubblicazioni", "Publikacje"),
        row(.observatoryPeriod, "Mois", "Month", "Monat", "Mes", "Mese", "Miesiąc"),
        row(.observatoryOpenData, "Données ouvertes :", "Open data:", "Offene Daten:", "Datos abiertos:", "Dati aperti:", "Otwarte dane:"),
        row(.observatoryHHI, "Concentration entre institutions (HHI)", "Concentration across institutions (HHI)", "Konzentration zwischen Einrichtungen (HHI)", "Concentración entre instituciones (HHI)", "Concentrazione tra istituzioni (HHI)", "Koncentracja między instytucjami (HHI)"),
        row(.observatoryGini, "Inégalité entre institutions (Gini)", "Inequality across institutions (Gini)", "Ungleichheit zwischen Einrichtungen (Gini)", "Desigualdad entre instituciones (Gini)", "Disuguaglianza tra istituzioni (Gini)", "Nierówność między instytucjami (Gini)"),
        row(.observatoryEntropy, "Diversité des domaines (entropie, bits)", "Diversity of domains (entropy, bits)", "Vielfalt der Bereiche (Entropie, Bit)", "Diversidad de ámbitos (entropía, bits)", "Diversità dei settori (entropia, bit)", "Różnorodność dziedzin (entropia, bity)"),
        row(.observatoryPrivacy, "Garantie de confidentialité", "Privacy guarantee", "Datenschutzgarantie", "Garantía de privacidad", "Garanzia di riservatezza", "Gwarancja prywatności"),
        row(.observatoryUnit, "unité protégée : un appareil pendant un jour", "protected unit: one device for one day", "geschützte Einheit: ein Gerät an einem Tag", "unidad protegida: un dispositivo durante un día", "unità protetta: un dispositivo per un giorno", "chroniona jednostka: jedno urządzenie przez jeden dzień"),
        row(.observatoryVisitorsByInstitution, "Visiteurs par institution", "Visitors by institution", "Besucher nach Einrichtung", "Visitantes por institución", "Visitatori per istituzione", "Odwiedzający według instytucji"),
        row(.observatoryPageViewsByInstitution, "Pages vues par institution", "Page views by institution", "Seitenaufrufe nach Einrichtung", "Páginas vistas por institución", "Pagine viste per istituzione", "Odsłony według instytucji"),
        row(.observatoryVisitorsByRegion, "Visiteurs par région", "Visitors by région", "Besucher nach Region", "Visitantes por región", "Visitatori per regione", "Odwiedzający według regionu"),
        row(.observatoryConsultationsByDomain, "Consultations par domaine", "Consultations by domain", "Aufrufe nach Bereich", "Consultas por ámbito", "Consultazioni per settore", "Wyświetlenia według dziedziny"),
        row(.observatoryVisitorsByChannel, "Visiteurs par canal et appareil", "Visitors by channel and device", "Besucher nach Kanal und Gerät", "Visitantes por canal y dispositivo", "Visitatori per canale e dispositivo", "Odwiedzający według kanału i urządzenia"),
        row(.observatoryChartNote, "Diagramme en barres ; les chiffres sont dans le tableau qui suit.", "Bar chart; the figures are in the table that follows.", "Balkendiagramm; die Zahlen stehen in der folgenden Tabelle.", "Gráfico de barras; las cifras están en la tabla siguiente.", "Grafico a barre; i dati sono nella tabella seguente.", "Wykres słupkowy; liczby są w tabeli poniżej."),
        row(.observatoryMapNote, "Carte des régions métropolitaines, plus foncée où les visiteurs sont plus nombreux ; les chiffres sont dans le tableau qui suit.", "Map of the metropolitan régions, darker where visitors are more numerous; the figures are in the table that follows.", "Karte der Regionen des Mutterlandes, dunkler wo mehr Besucher sind; die Zahlen stehen in der folgenden Tabelle.", "Mapa de las regiones metropolitanas, más oscuro donde hay más visitantes; las cifras están en la tabla siguiente.", "Mappa delle regioni metropolitane, più scura dove i visitatori sono più numerosi; i dati sono nella tabella seguente.", "Mapa regionów metropolii, ciemniejsza tam, gdzie jest więcej odwiedzających; liczby są w tabeli poniżej."),
        row(.observatoryTableCaption, "Valeurs publiées, marge d'erreur à 95 % et statut", "Published values, 95 % error margin and status", "Veröffentlichte Werte, 95-%-Fehlermarge und Status", "Valores publicados, margen de error al 95 % y estado", "Valori pubblicati, margine d'errore al 95 % e stato", "Opublikowane wartości, margines błędu 95 % i status"),
        row(.observatoryKey, "Élément", "Item", "Element", "Elemento", "Voce", "Pozycja"),
        row(.observatoryValue, "Valeur", "Value", "Wert", "Valor", "Valore", "Wartość"),
        row(.observatoryErrorBound, "Marge à 95 %", "95 % margin", "95-%-Marge", "Margen al 95 %", "Margine al 95 %", "Margines 95 %"),
        row(.observatoryStatus, "Statut", "Status", "Status", "Estado", "Stato", "Status"),
        row(.observatoryWithheld, "non publié (moins de 11)", "withheld (under 11)", "nicht veröffentlicht (unter 11)", "no publicado (menos de 11)", "non pubblicato (meno di 11)", "nieopublikowane (poniżej 11)"),
        row(.observatoryPublished, "publié", "published", "veröffentlicht", "publicado", "pubblicato", "opublikowane"),
        row(.observatoryVisitorsOverTime, "Visiteurs par mois", "Visitors per month", "Besucher pro Monat", "Visitantes por mes", "Visitatori al mese", "Odwiedzający miesięcznie"),
        row(.observatoryMapLegend, "Du plus clair (moins de visiteurs) au plus foncé ; gris : non publié", "Light (fewer visitors) to dark; grey: withheld", "Hell (weniger Besucher) bis dunkel; grau: nicht veröffentlicht", "De claro (menos visitantes) a oscuro; gris: no publicado", "Da chiaro (meno visitatori) a scuro; grigio: non pubblicato", "Od jasnego (mniej odwiedzających) do ciemnego; szary: nieopublikowane"),
        row(.observatoryOverseas, "Les régions d'outre-mer figurent dans les tableaux ; la carte montre la métropole.", "The overseas régions are in the tables; the map shows metropolitan France.", "Die Überseeregionen stehen in den Tabellen; die Karte zeigt das Mutterland.", "Las regiones de ultramar figuran en las tablas; el mapa muestra la Francia metropolitana.", "Le regioni d'oltremare sono nelle tabelle; la mappa mostra la Francia metropolitana.", "Regiony zamorskie są w tabelach; mapa pokazuje Francję metropolitalną."),
        row(.observatoryVisitorsByWeek, "Visiteurs par semaine", "Visitors per week", "Besucher pro Woche", "Visitantes por semana", "Visitatori a settimana", "Odwiedzający tygodniowo"),
        row(.observatoryVisitorsByDay, "Visiteurs par jour", "Visitors per day", "Besucher pro Tag", "Visitantes por día", "Visitatori al giorno", "Odwiedzający dziennie"),
        row(.observatoryVisitorsByDepartement, "Visiteurs par département", "Visitors by département", "Besucher nach Département", "Visitantes por departamento", "Visitatori per dipartimento", "Odwiedzający według departamentu"),
        row(.observatoryVisitorsByAgeBand, "Visiteurs par tranche d'âge", "Visitors by age band", "Besucher nach Altersgruppe", "Visitantes por franja de edad", "Visitatori per fascia d'età", "Odwiedzający według grupy wiekowej"),
        row(.observatoryVisitorsByDomainCount, "Visiteurs selon le nombre de domaines consultés", "Visitors by number of domains consulted", "Besucher nach Zahl der besuchten Bereiche", "Visitantes según el número de ámbitos consultados", "Visitatori per numero di settori consultati", "Odwiedzający według liczby odwiedzonych dziedzin"),
        row(.observatoryConsultationsByWorkOrigin, "Œuvres consultées par origine", "Works consulted by origin", "Aufgerufene Werke nach Herkunft", "Obras consultadas por origen", "Opere consultate per origine", "Wyświetlone dzieła według pochodzenia"),
        row(.observatoryConsultationsByWork, "Consultations par œuvre", "Consultations by work", "Aufrufe nach Werk", "Consultas por obra", "Consultazioni per opera", "Wyświetlenia według dzieła"),
        row(.observatoryBookersByInstitution, "Visiteurs ayant réservé, par institution", "Visitors who booked, by institution", "Besucher mit Buchung, nach Einrichtung", "Visitantes que reservaron, por institución", "Visitatori che hanno prenotato, per istituzione", "Odwiedzający, którzy zarezerwowali, według instytucji"),
        row(.observatoryFirstVisitorsByInstitution, "Premières visites par institution", "First visits by institution", "Erstbesuche nach Einrichtung", "Primeras visitas por institución", "Prime visite per istituzione", "Pierwsze wizyty według instytucji"),
        row(.observatoryFirstVisitsByDomain, "Premières visites par domaine", "First visits by domain", "Erstbesuche nach Bereich", "Primeras visitas por ámbito", "Prime visite per settore", "Pierwsze wizyty według dziedziny"),
        row(.observatoryWorksHHI, "Concentration entre œuvres (HHI)", "Concentration across works (HHI)", "Konzentration zwischen Werken (HHI)", "Concentración entre obras (HHI)", "Concentrazione tra opere (HHI)", "Koncentracja między dziełami (HHI)"),
        row(.observatoryWorksGini, "Inégalité entre œuvres (Gini)", "Inequality across works (Gini)", "Ungleichheit zwischen Werken (Gini)", "Desigualdad entre obras (Gini)", "Disuguaglianza tra opere (Gini)", "Nierówność między dziełami (Gini)"),
        row(.observatoryThreeDomains, "Part des visiteurs actifs dans 3 domaines ou plus", "Share of visitors active in 3 domains or more", "Anteil der Besucher in 3 oder mehr Bereichen", "Proporción de visitantes activos en 3 ámbitos o más", "Quota di visitatori attivi in 3 settori o più", "Odsetek odwiedzających aktywnych w 3 lub więcej dziedzinach"),
        row(.observatoryFrenchWorks, "Part des œuvres françaises consultées", "Share of French works consulted", "Anteil aufgerufener französischer Werke", "Proporción de obras francesas consultadas", "Quota di opere francesi consultate", "Odsetek wyświetlonych dzieł francuskich"),
        row(.observatoryEuropeanWorks, "Part des autres œuvres européennes", "Share of other European works", "Anteil anderer europäischer Werke", "Proporción de otras obras europeas", "Quota di altre opere europee", "Odsetek innych dzieł europejskich"),
        row(.observatoryConversion, "Taux de réservation (visiteurs ayant réservé / visiteurs)", "Booking rate (visitors who booked / visitors)", "Buchungsquote (Besucher mit Buchung / Besucher)", "Tasa de reserva (visitantes que reservaron / visitantes)", "Tasso di prenotazione (visitatori che hanno prenotato / visitatori)", "Wskaźnik rezerwacji (rezerwujący / odwiedzający)"),
        row(.observatoryAllTables, "Tous les tableaux de ce mois", "Every table of this month", "Alle Tabellen dieses Monats", "Todas las tablas de este mes", "Tutte le tabelle di questo mese", "Wszystkie tabele tego miesiąca"),
        row(.observatoryMuseumTrend, "Fréquentation des musées de France (entrées par an)", "Attendance of the Musées de France (entries per year)", "Besuch der Musées de France (Eintritte pro Jahr)", "Asistencia a los Musées de France (entradas por año)", "Affluenza dei Musées de France (ingressi all'anno)", "Frekwencja w Musées de France (wejścia rocznie)"),
        row(.observatoryYear, "Année", "Year", "Jahr", "Año", "Anno", "Rok"),
        row(.observatoryWeek, "Semaine", "Week", "Woche", "Semana", "Settimana", "Tydzień"),
        row(.observatoryOriginFrance, "France", "France", "Frankreich", "Francia", "Francia", "Francja"),
        row(.observatoryOriginEurope, "Autre pays européen", "Other European country", "Anderes europäisches Land", "Otro país europeo", "Altro paese europeo", "Inny kraj europejski"),
        row(.observatoryOriginElsewhere, "Hors d'Europe", "Outside Europe", "Außerhalb Europas", "Fuera de Europa", "Fuori dall'Europa", "Spoza Europy"),
        row(.observatoryOriginUnknown, "Origine inconnue", "Unknown origin", "Herkunft unbekannt", "Origen desconocido", "Origine sconosciuta", "Nieznane pochodzenie"),
        row(.observatoryDepartementMapNote, "Carte des départements métropolitains, plus foncée où les visiteurs sont plus nombreux ; les chiffres des plus grands sont dans le tableau qui suit, tous dans le CSV.", "Map of the metropolitan départements, darker where visitors are more numerous; the largest figures are in the table that follows, all of them in the CSV.", "Karte der Départements des Mutterlandes, dunkler wo mehr Besucher sind; die größten Zahlen stehen in der folgenden Tabelle, alle in der CSV-Datei.", "Mapa de los departamentos metropolitanos, más oscuro donde hay más visitantes; las cifras mayores están en la tabla siguiente, todas en el CSV.", "Mappa dei dipartimenti metropolitani, più scura dove i visitatori sono più numerosi; i dati maggiori sono nella tabella seguente, tutti nel CSV.", "Mapa departamentów metropolii, ciemniejsza tam, gdzie jest więcej odwiedzających; największe liczby są w tabeli poniżej, wszystkie w pliku CSV."),
        row(.observatoryMethod, "Méthode :", "Method:", "Methode:", "Método:", "Metodo:", "Metoda:"),
        row(.siteName, "Passerelle", "Passerelle", "Passerelle", "Passerelle", "Passerelle", "Passerelle"),
        row(.tagline, "La culture en ligne et près de chez vous", "Culture online and near you", "Kultur online und in Ihrer Nähe", "La cultura en línea y cerca de usted", "La cultura online e vicino a te", "Kultura online i w pobliżu"),
        row(.mainNavigation, "Navigation principale", "Main navigation", "Hauptnavigation", "Navegación principal", "Navigazione principale", "Nawigacja główna"),
        row(.languageNavigation, "Choix de la langue", "Choose a language", "Sprache wählen", "Elegir idioma", "Scegli la lingua", "Wybór języka"),
        row(.currentLanguage, "langue actuelle", "current language", "aktuelle Sprache", "idioma actual", "lingua attuale", "bieżący język"),
        row(.navHome, "Accueil", "Home", "Startseite", "Inicio", "Home", "Strona główna"),
        row(.navAbout, "À propos", "About", "Über uns", "Acerca de", "Informazioni", "O serwisie"),
        row(.homeTitle, "Passerelle, le catalogue de la culture en ligne", "Passerelle, the catalogue of culture online", "Passerelle, der Katalog der Kultur online", "Passerelle, el catálogo de la cultura en línea", "Passerelle, il catalogo della cultura online", "Passerelle, katalog kultury online"),
        row(.categoriesHeading, "Catégories", "Categories", "Kategorien", "Categorías", "Categorie", "Kategorie"),
        row(.recentOffersHeading, "Offres récentes", "Recent offers", "Neue Angebote", "Ofertas recientes", "Offerte recenti", "Najnowsze oferty"),
        row(.noOffers, "Aucune offre pour le moment.", "No offers yet.", "Noch keine Angebote.", "Todavía no hay ofertas.", "Ancora nessuna offerta.", "Brak ofert."),
        row(.category, "Catégorie", "Category", "Kategorie", "Categoría", "Categoria", "Kategoria"),
        row(.access, "Accès", "Access", "Zugang", "Acceso", "Accesso", "Dostęp"),
        row(.accessOnline, "En ligne", "Online", "Online", "En línea", "Online", "Online"),
        row(.accessOnSite, "Sur place", "On site", "Vor Ort", "Presencial", "In loco", "Na miejscu"),
        row(.accessHybrid, "Sur place et en ligne", "On site and online", "Vor Ort und online", "Presencial y en línea", "In loco e online", "Na miejscu i online"),
        row(.dates, "Dates", "Dates", "Termine", "Fechas", "Date", "Terminy"),
        row(.startsAt, "Début", "Starts", "Beginn", "Inicio", "Inizio", "Początek"),
        row(.endsAt, "Fin", "Ends", "Ende", "Fin", "Fine", "Koniec"),
        row(.price, "Prix", "Price", "Preis", "Precio", "Prezzo", "Cena"),
        row(.free, "Gratuit", "Free", "Kostenlos", "Gratuito", "Gratuito", "Bezpłatnie"),
        row(.priceUnknown, "Prix non communiqué", "Price not given", "Preis nicht angegeben", "Precio no indicado", "Prezzo non indicato", "Cena nieznana"),
        row(.languages, "Langues", "Languages", "Sprachen", "Idiomas", "Lingue", "Języki"),
        row(.venue, "Lieu", "Venue", "Ort", "Lugar", "Luogo", "Miejsce"),
        row(.work, "Œuvre", "Work", "Werk", "Obra", "Opera", "Dzieło"),
        row(.creators, "Auteurs", "Creators", "Urheber", "Autores", "Autori", "Twórcy"),
        row(.openOnline, "Accéder en ligne", "Open online", "Online öffnen", "Acceder en línea", "Accedi online", "Otwórz online"),
        row(.book, "Réserver", "Book", "Buchen", "Reservar", "Prenota", "Zarezerwuj"),
        row(.stocksHeading, "Séances et disponibilités", "Sessions and availability", "Termine und Verfügbarkeit", "Sesiones y disponibilidad", "Date e disponibilità", "Terminy i dostępność"),
        row(.stockDate, "Date", "Date", "Datum", "Fecha", "Data", "Data"),
        row(.stockPrice, "Prix", "Price", "Preis", "Precio", "Prezzo", "Cena"),
        row(.stockQuantity, "Places", "Places", "Plätze", "Plazas", "Posti", "Miejsca"),
        row(.unlimited, "Sans limite", "Unlimited", "Unbegrenzt", "Sin límite", "Illimitati", "Bez limitu"),
        row(.undated, "Sans date", "Undated", "Ohne Datum", "Sin fecha", "Senza data", "Bez daty"),
        row(.source, "Source", "Source", "Quelle", "Fuente", "Fonte", "Źródło"),
        row(.licence, "Licence", "Licence", "Lizenz", "Licencia", "Licenza", "Licencja"),
        row(.kind, "Type de lieu", "Kind of venue", "Art des Ortes", "Tipo de lugar", "Tipo di luogo", "Rodzaj miejsca"),
        row(.address, "Adresse", "Address", "Adresse", "Dirección", "Indirizzo", "Adres"),
        row(.accessibilityHeading, "Accessibilité", "Accessibility", "Barrierefreiheit", "Accesibilidad", "Accessibilità", "Dostępność"),
        row(.accessibilityNone, "Aucune information d’accessibilité.", "No accessibility information.", "Keine Angaben zur Barrierefreiheit.", "Sin información de accesibilidad.", "Nessuna informazione sull’accessibilità.", "Brak informacji o dostępności."),
        row(.accessibilityMotor, "Handicap moteur", "Motor impairment", "Mobilitätseinschränkung", "Discapacidad motriz", "Disabilità motoria", "Niepełnosprawność ruchowa"),
        row(.accessibilityVisual, "Handicap visuel", "Visual impairment", "Sehbehinderung", "Discapacidad visual", "Disabilità visiva", "Niepełnosprawność wzrokowa"),
        row(.accessibilityHearing, "Handicap auditif", "Hearing impairment", "Hörbehinderung", "Discapacidad auditiva", "Disabilità uditiva", "Niepełnosprawność słuchowa"),
        row(.accessibilityCognitive, "Handicap mental", "Cognitive impairment", "Kognitive Beeinträchtigung", "Discapacidad intelectual", "Disabilità cognitiva", "Niepełnosprawność intelektualna"),
        row(.website, "Site web", "Website", "Website", "Sitio web", "Sito web", "Strona internetowa"),
        row(.offersAtVenue, "Offres dans ce lieu", "Offers at this venue", "Angebote an diesem Ort", "Ofertas en este lugar", "Offerte in questo luogo", "Oferty w tym miejscu"),
        row(.aboutTitle, "À propos de Passerelle", "About Passerelle", "Über Passerelle", "Acerca de Passerelle", "Informazioni su Passerelle", "O serwisie Passerelle"),
        row(.aboutIntro, "Passerelle rassemble les offres culturelles des institutions dans un catalogue commun, ouvert à tous.", "Passerelle gathers the cultural offers of institutions in one shared catalogue, open to all.", "Passerelle bündelt die Kulturangebote der Einrichtungen in einem gemeinsamen, offenen Katalog.", "Passerelle reúne las ofertas culturales de las instituciones en un catálogo común y abierto.", "Passerelle riunisce le offerte culturali delle istituzioni in un catalogo comune e aperto.", "Passerelle gromadzi oferty kulturalne instytucji we wspólnym, otwartym katalogu."),
        row(.sourcesHeading, "Sources des données", "Data sources", "Datenquellen", "Fuentes de datos", "Fonti dei dati", "Źródła danych"),
        row(.publisher, "Éditeur", "Publisher", "Herausgeber", "Editor", "Editore", "Wydawca"),
        row(.noSources, "Aucune source de données externe n’est chargée.", "No external data source is loaded.", "Keine externe Datenquelle geladen.", "No se ha cargado ninguna fuente de datos externa.", "Nessuna fonte di dati esterna caricata.", "Nie załadowano żadnego zewnętrznego źródła danych."),
        row(.notFoundTitle, "Page introuvable", "Page not found", "Seite nicht gefunden", "Página no encontrada", "Pagina non trovata", "Nie znaleziono strony"),
        row(.notFoundText, "Cette adresse ne correspond à aucune page, ou le contenu a été retiré.", "This address matches no page, or the content was withdrawn.", "Diese Adresse führt zu keiner Seite, oder der Inhalt wurde zurückgezogen.", "Esta dirección no corresponde a ninguna página, o el contenido fue retirado.", "Questo indirizzo non corrisponde ad alcuna pagina, o il contenuto è stato ritirato.", "Ten adres nie prowadzi do żadnej strony lub treść została wycofana."),
        row(.backHome, "Retour à l’accueil", "Back to the home page", "Zurück zur Startseite", "Volver al inicio", "Torna alla home", "Powrót do strony głównej"),
        row(.errorTitle, "La demande n’a pas pu aboutir", "The request could not be completed", "Die Anfrage konnte nicht ausgeführt werden", "No se pudo completar la solicitud", "Impossibile completare la richiesta", "Nie udało się zrealizować żądania"),
        row(.footerText, "Un service du ministère de la Culture. Sans traceur, sans publicité.", "A service of the French Ministry of Culture. No trackers, no ads.", "Ein Dienst des französischen Kulturministeriums. Ohne Tracker, ohne Werbung.", "Un servicio del Ministerio de Cultura de Francia. Sin rastreadores ni publicidad.", "Un servizio del Ministero della Cultura francese. Senza tracciamento né pubblicità.", "Serwis francuskiego Ministerstwa Kultury. Bez śledzenia i reklam."),
        row(.opensExternalSite, "site externe", "external site", "externe Website", "sitio externo", "sito esterno", "strona zewnętrzna"),
        row(.kindMuseum, "Musée", "Museum", "Museum", "Museo", "Museo", "Muzeum"),
        row(.kindTheatre, "Théâtre", "Theatre", "Theater", "Teatro", "Teatro", "Teatr"),
        row(.kindCinema, "Cinéma", "Cinema", "Kino", "Cine", "Cinema", "Kino"),
        row(.kindLibrary, "Bibliothèque", "Library", "Bibliothek", "Biblioteca", "Biblioteca", "Biblioteka"),
        row(.kindConcertHall, "Salle de concert", "Concert hall", "Konzertsaal", "Sala de conciertos", "Sala concerti", "Sala koncertowa"),
        row(.kindFestival, "Festival", "Festival", "Festival", "Festival", "Festival", "Festiwal"),
        row(.kindHeritageSite, "Site patrimonial", "Heritage site", "Kulturerbestätte", "Sitio patrimonial", "Sito storico", "Zabytek"),
        row(.kindArchive, "Archives", "Archive", "Archiv", "Archivo", "Archivio", "Archiwum"),
        row(.kindArtCentre, "Centre d’art", "Art centre", "Kunstzentrum", "Centro de arte", "Centro d’arte", "Centrum sztuki"),
        row(.kindBookshop, "Librairie", "Bookshop", "Buchhandlung", "Librería", "Libreria", "Księgarnia"),
        row(.kindOther, "Autre lieu", "Other venue", "Anderer Ort", "Otro lugar", "Altro luogo", "Inne miejsce"),
    ] + forYouRows + passRows + proRows)

    /// The text of `key` in `language` (French if a row were ever incomplete; the test forbids that).
    static func text(_ key: UIKey, _ language: Language) -> String {
        table[key]?[language] ?? table[key]?[.fr] ?? key.rawValue
    }

    static func kind(_ kind: VenueKind) -> UIKey {
        switch kind {
        case .museum: .kindMuseum
        case .theatre: .kindTheatre
        case .cinema: .kindCinema
        case .library: .kindLibrary
        case .concertHall: .kindConcertHall
        case .festival: .kindFestival
        case .heritageSite: .kindHeritageSite
        case .archive: .kindArchive
        case .artCentre: .kindArtCentre
        case .bookshop: .kindBookshop
        case .other: .kindOther
        }
    }

    static func feature(_ feature: AccessibilityFeature) -> UIKey {
        switch feature {
        case .motor: .accessibilityMotor
        case .visual: .accessibilityVisual
        case .hearing: .accessibilityHearing
        case .cognitive: .accessibilityCognitive
        }
    }

    static func access(_ access: OfferAccess) -> UIKey {
        switch access {
        case .online: .accessOnline
        case .onSite: .accessOnSite
        case .hybrid: .accessHybrid
        }
    }
}
