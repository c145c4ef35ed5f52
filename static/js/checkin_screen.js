// The check-in screen: every few seconds, fetch the state (the current code's QR code, the count
// and who is missing) and redraw; the QR code is renewed at least once per slot of the code.
(function () {
  "use strict";
  var screen = document.getElementById("checkin-screen");
  if (!screen) { return; }
  var url = screen.dataset.stateUrl;
  var slot = parseInt(screen.dataset.slotSeconds, 10) || 30;
  var poll = Math.max(2, Math.min(5, slot)) * 1000;
  var qr = document.getElementById("checkin-qr");
  var link = document.getElementById("checkin-url");
  var present = document.getElementById("checkin-present");
  var expected = document.getElementById("checkin-expected");
  var missing = document.getElementById("checkin-missing");
  var closed = document.getElementById("checkin-closed");
  var failed = document.getElementById("checkin-error");
  var shownCode = null;

  function draw(state) {
    if (state.code !== shownCode) {
      // The SVG comes from our own server (segno), drawn from a URL we built: no user input.
      var doc = new DOMParser().parseFromString(state.svg, "image/svg+xml");
      qr.replaceChildren(document.importNode(doc.documentElement, true));
      link.href = state.url;
      shownCode = state.code;
    }
    present.textContent = state.present;
    expected.textContent = state.expected;
    missing.replaceChildren.apply(missing, state.missing.map(function (name) {
      var item = document.createElement("li");
      item.textContent = name;
      return item;
    }));
    closed.hidden = state.open;
  }

  function refresh() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" }, cache: "no-store" })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (state) { failed.hidden = true; draw(state); })
      .catch(function () { failed.hidden = false; })
      .then(function () { window.setTimeout(refresh, poll); });
  }

  window.setTimeout(refresh, poll);
}());
