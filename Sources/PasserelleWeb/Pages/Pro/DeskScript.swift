import Crypto
import Foundation

/// The venue desk's only script (1 KB, no library): where the browser has a camera and the `BarcodeDetector` API,
/// it reveals a "scan" button that reads the QR Code into the countermark field and sends the form. Without it the
/// desk works as typed; nothing on the page depends on it.
enum DeskScript {
    static let source = """
        (function () {
          var button = document.getElementById('scan'), input = document.getElementById('code');
          if (!button || !input || !('BarcodeDetector' in window) || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;
          BarcodeDetector.getSupportedFormats().then(function (formats) {
            if (formats.indexOf('qr_code') < 0) return;
            button.hidden = false;
            button.addEventListener('click', function () {
              var detector = new BarcodeDetector({ formats: ['qr_code'] });
              navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } }).then(function (stream) {
                var video = document.createElement('video');
                video.className = 'scan'; video.muted = true; video.setAttribute('playsinline', ''); video.srcObject = stream;
                button.after(video); button.disabled = true; video.play();
                var stop = function () { stream.getTracks().forEach(function (track) { track.stop(); }); video.remove(); button.disabled = false; };
                var look = function () {
                  detector.detect(video).then(function (codes) {
                    if (codes.length) { input.value = codes[0].rawValue; stop(); input.form.submit(); } else { requestAnimationFrame(look); }
                  }, function () { requestAnimationFrame(look); });
                };
                video.addEventListener('playing', look, { once: true });
              }, function () { button.hidden = true; input.focus(); });
            });
          });
        })();
        """

    static let digest = SHA256.hash(data: Data(source.utf8)).prefix(6).map { String(format: "%02x", $0) }.joined()

    /// The pages' policy with this one script allowed (from our origin only; no inline script, no eval).
    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
}
