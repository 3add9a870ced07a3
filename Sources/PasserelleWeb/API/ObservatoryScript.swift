/// The measurement script an institution's page loads:
/// `<script src="https://…/observatory.js" data-institution="ID" [data-offer="OFFER"] defer></script>`.
/// It sets no cookie and stores nothing in the browser, sends nothing when Do-Not-Track or Global Privacy Control
/// is on, and posts one beacon per page (content-view when the page names an offer). `passerelleMeasure(kind,
/// offer)` sends another (e.g. "play"). Kept under 1 KB: it is loaded on every page of every institution.
enum ObservatoryScript {
    static let source = """
        (function(){var s=document.currentScript,n=navigator;if(!s||!n.sendBeacon||n.doNotTrack=="1"||n.globalPrivacyControl)return;\
        var d=s.dataset,u=new URL(s.src).origin+"/api/v1/observatory/beacon";function id(){return crypto.randomUUID?crypto.randomUUID():\
        Date.now().toString(36)+"-"+Math.random().toString(36).slice(2)}function send(k,o){var e={institution:d.institution,\
        eventID:id(),kind:k};if(o)e.offer=o;n.sendBeacon(u,JSON.stringify(e))}send(d.offer?"content-view":"page-view",d.offer);\
        window.passerelleMeasure=send})();

        """
}
